// SPDX-License-Identifier: GPL-2.0
/*
 * Serial port runtime: reading (DNP3 framing or raw idle-timer framing),
 * queued non-blocking writes, and reopening a device that went away.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "bridge.h"
#include "lmesh/log.h"
#include "serial.h"

static void next_at(uint64_t *next, uint64_t when)
{
	if (when < *next)
		*next = when;
}

/* Next attempt after the current delay; it doubles up to serial-reopen-max. */
static void port_retry(struct port_rt *p)
{
	unsigned int max = p->b->cfg->serial_reopen_max_ms;

	if (!p->backoff)
		p->backoff = SERIAL_REOPEN_MS < max ? SERIAL_REOPEN_MS : max;
	p->next_open = now_ms() + p->backoff;
	p->backoff = p->backoff * 2 < max ? p->backoff * 2 : max;
}

/*
 * Returns 0 when open, SERIAL_RETRY when it will be tried again (only the
 * first failure is logged), SERIAL_BAD or SERIAL_LOCKED (tried again
 * too, but fatal at start).
 */
int port_open(struct port_rt *p)
{
	int fd = serial_open(p->cfg, p->b->cfg->lock_dir, p->reopen_quiet,
			     p->lock, sizeof(p->lock));

	if (fd < 0) {
		p->st.open_failures++;
		if (!p->reopen_quiet)
			lm_warn("[serial %s] retrying %s every %u ms, backing off to %u ms",
				p->cfg->name, p->cfg->device,
				SERIAL_REOPEN_MS, p->b->cfg->serial_reopen_max_ms);
		port_retry(p);
		p->reopen_quiet = 1;
		return fd;
	}
	p->fd = fd;
	p->reopen_quiet = 0;
	p->backoff = 0;
	lm_info("[serial %s] %s open, %u baud", p->cfg->name, p->cfg->device,
		 p->cfg->baud);
	return 0;
}

static void port_down(struct port_rt *p, const char *why)
{
	lm_warn("[serial %s] %s: %s; reopening every %d ms, backing off to %u ms",
		p->cfg->name, p->cfg->device, why, SERIAL_REOPEN_MS,
		p->b->cfg->serial_reopen_max_ms);
	serial_close(p->fd, p->lock);
	p->fd = -1;
	p->reopen_quiet = 1;
	port_retry(p);
	p->out.len = 0;
	p->raw_len = 0;
}

static void frame_cb(void *ctx, const uint8_t *f, size_t len)
{
	forward_from_serial(ctx, f, len);
}

static void raw_flush(struct port_rt *p)
{
	struct bridge *b = p->b;
	unsigned int i;

	if (!p->raw_len)
		return;
	p->st.raw_chunks_in++;
	for (i = 0; i < b->max_sess; i++)
		if (b->sess[i] && b->sess[i]->raw_port == p->idx &&
		    b->sess[i]->state == SESS_UP)
			session_send(b->sess[i], p->raw, p->raw_len);
	p->raw_len = 0;
}

static void raw_input(struct port_rt *p, const uint8_t *data, size_t n)
{
	size_t chunk;

	while (n) {
		chunk = sizeof(p->raw) - p->raw_len;
		if (chunk > n)
			chunk = n;
		memcpy(p->raw + p->raw_len, data, chunk);
		p->raw_len += chunk;
		data += chunk;
		n -= chunk;
		if (p->raw_len == sizeof(p->raw))
			raw_flush(p);
	}
}

void port_read(struct port_rt *p)
{
	uint8_t buf[4096];
	ssize_t n;

	for (;;) {
		n = read(p->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			port_down(p, n ? strerror(errno) : "end of file");
			return;
		}
		p->last_rx = now_ms();
		if (p->cfg->mode == CFG_MODE_RAW)
			raw_input(p, buf, n);
		else
			dnp3_parser_feed(&p->parser, buf, n, frame_cb, p);
	}
}

void port_write(struct port_rt *p)
{
	ssize_t n;

	while (p->fd >= 0 && p->out.len) {
		n = write(p->fd, p->out.data, p->out.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			port_down(p, strerror(errno));
			return;
		}
		obuf_consume(&p->out, n);
	}
}

/* Queue whole frames (or raw chunks) and try to write them at once. */
void port_send(struct port_rt *p, const uint8_t *data, size_t len)
{
	if (p->fd < 0 || obuf_append(&p->out, data, len)) {
		p->st.overflows++;
		bridge_log(p->b, LOG_SERIAL_DROP, LM_LOG_WARN,
			   "[serial %s] %s: dropped %zu bytes", p->cfg->name,
			   p->fd < 0 ? "device is down" : "output queue full",
			   len);
		return;
	}
	p->b->last_port = p;
	if (p->cfg->mode == CFG_MODE_RAW)
		p->st.bytes_out += len;
	else
		p->st.frames_out++;
	port_write(p);
}

void port_timers(struct port_rt *p, uint64_t now, uint64_t *next)
{
	const struct cfg *c = p->b->cfg;
	uint64_t due;

	if (p->fd < 0) {
		if (now >= p->next_open && port_open(p) == 0)
			p->last_rx = now;
		next_at(next, p->next_open);
		return;
	}
	if (p->cfg->mode == CFG_MODE_RAW && p->raw_len) {
		due = p->last_rx + p->cfg->raw_idle_ms;
		if (now >= due)
			raw_flush(p);
		else
			next_at(next, due);
	}
	if (p->cfg->mode == CFG_MODE_DNP3 && dnp3_parser_pending(&p->parser)) {
		due = p->last_rx + c->frame_timeout_ms;
		if (now >= due) {
			p->st.partial_timeouts++;
			dnp3_parser_timeout(&p->parser, frame_cb, p);
		} else {
			next_at(next, due);
		}
	}
}

void port_close(struct port_rt *p)
{
	serial_close(p->fd, p->lock);
	p->fd = -1;
	obuf_free(&p->out);
}
