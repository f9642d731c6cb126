// SPDX-License-Identifier: GPL-2.0
/*
 * mesh_res.c - /mesh/dev, /mesh/stats, /mesh/routes, /mesh/neigh, /mesh/ctx
 *
 * JSON from the lowpan_mesh module's generic netlink tables, observable:
 * an event on the module's "events" group, or a change seen when polling
 * every poll_interval, notifies the observers. Large tables go out
 * block-wise (libcoap, RFC 7959). Without the module the resources answer
 * 5.03 with the reason; a command the module lacks gives 5.01.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lowpan_mesh.h>
#include <lmesh/log.h>

#include "coapd.h"

/* JSON of table @t, or NULL with the error in @rep (code and diagnostic) */
static char *mesh_table_json(struct coapd *d, enum mesh_table t, size_t *len,
			     struct coapd_reply *rep)
{
	struct mesh_list l = { 0 };
	char why[COAPD_DIAG_MAX];
	struct jbuf jb;
	char *s;
	int ret;

	ret = mesh_nl_dump(d->nl, t, &l, why, sizeof(why));
	if (ret) {
		coap_pdu_code_t code;

		if (ret == -ENOENT)
			code = COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE;
		else if (ret == -EOPNOTSUPP)
			code = COAP_RESPONSE_CODE_NOT_IMPLEMENTED;
		else
			code = COAP_RESPONSE_CODE_INTERNAL_ERROR;
		if (ret != -ENOENT && ret != -EOPNOTSUPP)
			d->st.mesh_errors++;
		coapd_reply_diag(rep, code, "%s", why);
		return NULL;
	}
	jb_init(&jb);
	mesh_json(t, &l, &jb);
	mesh_list_free(&l);
	s = jb_take(&jb, len);
	if (!s)
		coapd_reply_diag(rep, COAP_RESPONSE_CODE_INTERNAL_ERROR,
				 "out of memory");
	return s;
}

static void mesh_get(struct coapd *d, struct coapd_res *res, coap_session_t *s,
		     const coap_pdu_t *req, struct coapd_reply *rep)
{
	enum mesh_table t = (enum mesh_table)(uintptr_t)res->priv;
	char *json;

	(void)s;
	(void)req;
	json = mesh_table_json(d, t, &rep->len, rep);
	if (!json)
		return;
	rep->owned = json;
	rep->data = (const uint8_t *)json;
	rep->ct = COAPD_CT_JSON;
	rep->max_age = (int)((d->cfg.mesh_poll_ms + 999) / 1000);
}

/* notify the observers of @t when its representation changed */
static void mesh_check(struct coapd *d, enum mesh_table t)
{
	struct coapd_reply rep;
	uint64_t h;
	size_t len = 0;
	char *json;

	memset(&rep, 0, sizeof(rep));
	json = mesh_table_json(d, t, &len, &rep);
	if (json)
		h = coapd_hash(json, len);
	else
		h = coapd_hash(rep.diag, strlen(rep.diag)) ^ rep.code;
	free(json);
	if (h != d->mesh_hash[t]) {
		d->mesh_hash[t] = h;
		coapd_res_notify(d, d->mesh_res[t]);
	}
}

static void on_event(void *ctx, int cmd, int event, uint32_t ifindex)
{
	struct coapd *d = ctx;

	d->st.mesh_events++;
	lm_dbg("mesh event: cmd %d event %d ifindex %u", cmd, event, ifindex);
	switch (cmd == LOWPAN_MESH_CMD_EVENT ? event : -1) {
	case LOWPAN_MESH_EVENT_ROUTE:
		mesh_check(d, MESH_ROUTES);
		break;
	case LOWPAN_MESH_EVENT_NEIGH:
		mesh_check(d, MESH_NEIGH);
		break;
	case LOWPAN_MESH_EVENT_CTX:
		mesh_check(d, MESH_CTX);
		break;
	default:
		/* a device came or went, or events were lost: look at all */
		d->mesh_next_poll = 0;
	}
}

void coapd_mesh_readable(struct coapd *d)
{
	if (mesh_nl_events_read(d->nl, on_event, d) < 0) {
		lm_notice("mesh: lost the netlink event socket (module unloaded?)");
		d->mesh_next_poll = 0;
	}
}

void coapd_mesh_tick(struct coapd *d, uint64_t now)
{
	int t;

	if (!d->nl || now < d->mesh_next_poll)
		return;
	d->mesh_next_poll = now + d->cfg.mesh_poll_ms;
	if (mesh_nl_events_fd(d->nl) < 0 && mesh_nl_events_open(d->nl) >= 0)
		lm_info("mesh: subscribed to lowpan_mesh events");
	for (t = 0; t < MESH_NTABLES; t++)
		mesh_check(d, (enum mesh_table)t);
}

uint64_t coapd_mesh_deadline(const struct coapd *d)
{
	return d->nl ? d->mesh_next_poll : UINT64_MAX;
}

int coapd_mesh_init(struct coapd *d, char *err, size_t errlen)
{
	char uri[32], rt[48];
	int t;

	if (!d->cfg.mesh_enable)
		return 0;
	d->nl = mesh_nl_new();
	if (!d->nl)
		goto oom;
	for (t = 0; t < MESH_NTABLES; t++) {
		snprintf(uri, sizeof(uri), "mesh/%s", mesh_table_name(t));
		snprintf(rt, sizeof(rt), "lowpan-mesh.%s", mesh_table_name(t));
		d->mesh_res[t] = coapd_res_add(d, uri, true, rt, "core.rp",
					       COAPD_CT_JSON, mesh_get, NULL,
					       NULL, NULL, (void *)(uintptr_t)t);
		if (!d->mesh_res[t])
			goto oom;
	}
	if (mesh_nl_events_open(d->nl) < 0)
		lm_notice("mesh: lowpan_mesh module not loaded yet: /mesh/* answer 5.03 until it is");
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

void coapd_mesh_free(struct coapd *d)
{
	mesh_nl_free(d->nl);
	d->nl = NULL;
}
