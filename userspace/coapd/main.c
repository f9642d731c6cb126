// SPDX-License-Identifier: GPL-2.0
/*
 * coapd - CoAP server of lowpan-mesh: device values, an MQTT gateway under
 * /ps, the mesh's tables under /mesh, over UDP and DTLS (libcoap).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmesh/cli.h>
#include <lmesh/log.h>
#include <lmesh/privdrop.h>
#include <lmesh/signal.h>
#include <lmesh/rules.h>
#include <lmesh/upstream.h>

#include "coapd.h"

#ifndef COAPD_VERSION
#define COAPD_VERSION "0.1"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: coapd [-c FILE] [-t] [-d] [-s] [-h] [-V]\n"
		"  -c, --config FILE  configuration (default /etc/coapd/coapd.conf)\n"
		"  -t, --check        check the configuration and exit\n"
		"  -d, --debug        debug logging (-v, --verbose: the same)\n"
		"  -s, --syslog       log to syslog instead of stderr\n"
		"  -h, --help         this help\n"
		"  -V, --version      print the version and exit\n"
		"Signals: SIGHUP reloads the configuration, SIGUSR1 logs the counters,\n"
		"SIGTERM/SIGINT stop.\n");
}

static void version(void)
{
	printf("coapd %s (%s)\n", COAPD_VERSION, coap_package_version());
}

static void up_connected(void *ctx)
{
	(void)ctx;
	lm_notice("upstream MQTT broker connected");
}

static void up_message(void *ctx, const char *topic, const void *payload,
		       size_t len, int qos, bool retain)
{
	(void)qos;
	(void)retain;
	coapd_ps_mqtt_message(ctx, topic, payload, len);
}

static void up_disconnected(void *ctx)
{
	(void)ctx;
	lm_notice("upstream MQTT broker disconnected");
}

static void rules_emit(void *ctx, const struct lm_rule_out *out)
{
	struct coapd *d = ctx;

	if (d->up && lm_upstream_publish(d->up, out->topic, out->payload,
					 out->len, out->qos, out->retain))
		d->st.ps_publish_failures++;
	else
		d->st.ps_publishes++;
}

#define COAPD_IO_BATCH	32	/* datagrams handled per loop round, at most */

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void on_stats(void *d)
{
	coapd_stats_log(d);
}

static void on_reload(void *d)
{
	coapd_reload(d);
}

static const struct lm_signal_ops signal_ops = { on_stats, on_reload };

static int run(struct coapd *d, int sfd)
{
	int coap_fd = coap_context_get_coap_fd(d->ctx);
	bool quit = false;

	if (coap_fd < 0) {
		lm_err("libcoap has no epoll file descriptor");
		return -1;
	}
	while (!quit) {
		struct pollfd pf[4];
		uint64_t now = coapd_now_ms(), dl = UINT64_MAX;
		int n = 0, i_up = -1, i_mesh = -1, timeout, r;
		unsigned int ct;
		coap_tick_t ticks;

		coapd_server_tick(d, now);
		coapd_devices_tick(d, now);
		coapd_mesh_tick(d, now);
		if (d->cfg.rules && lm_rules_next_deadline(d->cfg.rules) <= now)
			lm_rules_tick(d->cfg.rules, now, rules_emit, d);
		if (d->up)
			lm_upstream_tick(d->up, now);
		coapd_ps_gc(d);

		dl = min64(dl, coapd_server_deadline(d));
		dl = min64(dl, coapd_devices_deadline(d));
		dl = min64(dl, coapd_mesh_deadline(d));
		if (d->cfg.rules)
			dl = min64(dl, lm_rules_next_deadline(d->cfg.rules));
		if (d->up)
			dl = min64(dl, lm_upstream_next_deadline(d->up));
		coap_ticks(&ticks);
		ct = coap_io_prepare_epoll(d->ctx, ticks);
		if (ct)
			dl = min64(dl, now + ct);
		timeout = dl == UINT64_MAX ? -1 :
			  dl <= now ? 0 : (int)min64(dl - now, 60000);

		pf[n].fd = coap_fd;
		pf[n++].events = POLLIN;
		pf[n].fd = sfd;
		pf[n++].events = POLLIN;
		if (d->up && lm_upstream_fd(d->up) >= 0) {
			i_up = n;
			pf[n].fd = lm_upstream_fd(d->up);
			pf[n++].events = lm_upstream_events(d->up);
		}
		if (d->nl && mesh_nl_events_fd(d->nl) >= 0) {
			i_mesh = n;
			pf[n].fd = mesh_nl_events_fd(d->nl);
			pf[n++].events = POLLIN;
		}
		r = poll(pf, (nfds_t)n, timeout);
		if (r < 0 && errno != EINTR) {
			lm_err("poll: %s", strerror(errno));
			return -1;
		}
		coap_io_process(d->ctx, COAP_IO_NO_WAIT);
		/*
		 * libcoap reads one datagram per socket and call: take what
		 * is queued now (bounded) before going round the loop again.
		 */
		for (int i = 0; i < COAPD_IO_BATCH && r > 0 &&
		     (pf[0].revents & POLLIN); i++) {
			struct pollfd again = { .fd = coap_fd, .events = POLLIN };

			if (poll(&again, 1, 0) <= 0)
				break;
			coap_io_process(d->ctx, COAP_IO_NO_WAIT);
		}
		if (r <= 0)
			continue;
		if ((pf[1].revents & POLLIN) &&
		    lm_signal_dispatch(sfd, &signal_ops, d))
			quit = true;
		if (i_up >= 0 && pf[i_up].revents)
			lm_upstream_handle(d->up, pf[i_up].revents, coapd_now_ms());
		if (i_mesh >= 0 && pf[i_mesh].revents)
			coapd_mesh_readable(d);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct lm_cli cli = { .config = "/etc/coapd/coapd.conf" };
	const char *path;
	bool check;
	static struct coapd d;
	char err[LM_ERRLEN * 2];
	int opt, sfd, ret = 1;

	opt = lm_cli_parse(&cli, argc, argv, "coapd", usage, version);
	if (opt >= 0)
		return opt;
	path = cli.config;
	check = cli.check;
	d.conf_path = path;
	d.debug = cli.debug;
	lm_log_init("coapd", cli.debug ? LM_LOG_DEBUG : LM_LOG_INFO, cli.syslog);

	d.lc = lm_config_load(path, err, sizeof(err));
	if (!d.lc) {
		fprintf(stderr, "coapd: %s\n", err);
		return 1;
	}
	if (coapd_config_from(&d.cfg, d.lc, err, sizeof(err)) ||
	    coapd_config_check_system(&d.cfg, path, err, sizeof(err))) {
		fprintf(stderr, "coapd: %s\n", err);
		goto out;
	}
	if (check) {
		printf("%s: ok\n", path);
		ret = 0;
		goto out;
	}
	if (!cli.debug)
		lm_log_set_level((enum lm_log_level)d.cfg.log_level);
	d.st.started_ms = coapd_now_ms();

	sfd = lm_signal_open();
	if (sfd < 0) {
		lm_err("signalfd: %s", strerror(errno));
		goto out;
	}

	if (coapd_server_init(&d, err, sizeof(err)) ||
	    coapd_ps_init(&d, err, sizeof(err)) ||
	    coapd_mesh_init(&d, err, sizeof(err))) {
		lm_err("%s", err);
		goto out_server;
	}
	if (lm_drop_privileges(d.cfg.user, d.cfg.group, "server"))
		goto out_server;
	/* after the drop: device files are read as the unprivileged user */
	if (coapd_devices_init(&d, err, sizeof(err))) {
		lm_err("%s", err);
		goto out_server;
	}
	if (d.cfg.has_upstream) {
		static const struct lm_upstream_ops ops = {
			.message = up_message,
			.connected = up_connected,
			.disconnected = up_disconnected,
		};

		lm_upstream_lib_init();
		d.up = lm_upstream_new(&d.cfg.upstream, &ops, &d, err, sizeof(err));
		if (!d.up) {
			lm_err("upstream: %s", err);
			goto out_server;
		}
		coapd_ps_mqtt_subscribe(&d);
	}
	lm_notice("coapd %s ready (%s)", COAPD_VERSION,
		  coap_package_version());
	ret = run(&d, sfd) ? 1 : 0;
	coapd_stats_log(&d);
out_server:
	if (d.up) {
		long left = lm_upstream_flush(d.up, 2000);

		if (left > 0)
			lm_warn("upstream: %ld publications not acknowledged at exit", left);
		lm_upstream_free(d.up);
		lm_upstream_lib_cleanup();
	}
	coapd_server_free(&d);
	coapd_ps_free(&d);
	coapd_devices_free(&d);
	coapd_mesh_free(&d);
	close(sfd);
out:
	coapd_config_free(&d.cfg);
	lm_config_free(d.lc);
	lm_log_close();
	return ret;
}
