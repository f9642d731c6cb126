// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the routing frames of kernel/proto/lm_ctrl.c and
 * for kernel/proto/lm_route.c.
 *
 * For every input:
 *  - lm_ctrl_rt_parse() on an exact-size copy; on success the message is
 *    built again and must be byte-identical to the input, and one byte
 *    less of room must give -ENOSPC;
 *  - the input read as a message for lm_ctrl_rt_build(): whatever it
 *    accepts must parse back to the same wire fields, within
 *    %LM_CTRL_RT_MAX_LEN;
 *  - the input as a conversation: records of (sender, time step, LQI,
 *    length, frame) fed to lm_rt_rx() of a node with small tables, with
 *    lm_rt_tick() and lm_rt_tx() after each. Every frame the node writes
 *    must parse and fit %LM_CTRL_RT_BUDGET; the address index stays
 *    sorted; every selected route is finite and goes through a two-way
 *    neighbour.
 * Any mismatch calls abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_route.h"
#include "lm_fuzz.h"

static void check_parse(const u8 *data, size_t size)
{
	struct lm_ctrl_rt_msg m;
	u8 out[LM_CTRL_RT_MAX_LEN];
	u8 *copy = malloc(size ? size : 1);
	unsigned int i;
	int r;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	r = lm_ctrl_rt_parse(copy, size, &m);
	free(copy);
	if (r) {
		FUZZ_CHECK(r == -EINVAL);
		return;
	}
	FUZZ_CHECK(size <= LM_CTRL_RT_MAX_LEN);
	FUZZ_CHECK(lm_ctrl_type(data, size) == m.type);
	for (i = 0; i < m.n; i++)
		FUZZ_CHECK(lm_ctrl_rt_entry_len(m.type, &m.e[i]) > 0);
	r = lm_ctrl_rt_build(out, sizeof(out), &m);
	FUZZ_CHECK(r == (int)size);
	FUZZ_CHECK(!memcmp(out, data, size));
	FUZZ_CHECK(lm_ctrl_rt_build(out, size - 1, &m) == -ENOSPC);
}

static bool wire_eq(u8 type, const struct lm_ctrl_rt_entry *a,
		    const struct lm_ctrl_rt_entry *b)
{
	if (type == LM_CTRL_RT_ADV)
		return a->idx == b->idx && a->q == b->q;
	if (a->addr.len != b->addr.len ||
	    memcmp(a->addr.a, b->addr.a, a->addr.len))
		return false;
	if (type == LM_CTRL_HELLO)
		return a->q == b->q;
	if (type == LM_CTRL_RT_DIR)
		return a->idx == b->idx && a->seqno == b->seqno;
	return a->seqno == b->seqno && a->q == b->q && a->dir == b->dir;
}

static void check_build(const u8 *data, size_t size)
{
	struct lm_ctrl_rt_msg m, p;
	u8 out[LM_CTRL_RT_MAX_LEN + 16];
	size_t off = 6;
	unsigned int i;
	int r;

	if (size < 6)
		return;
	memset(&m, 0, sizeof(m));
	m.type = data[0];
	m.seq = data[1] << 8 | data[2];
	m.arg = data[3] << 8 | data[4];
	m.n = data[5] % (LM_CTRL_RT_MAX_ENTRIES + 2);
	if (m.n > LM_CTRL_RT_MAX_ENTRIES)
		m.n = LM_CTRL_RT_MAX_ENTRIES;
	for (i = 0; i < m.n && off + 6 <= size; i++, off += 6) {
		m.e[i].addr.len = data[off] & 0x80 ? 8 : 2;
		if (data[off] & 0x40)
			m.e[i].addr.len = data[off] & 0x3f;
		if (m.e[i].addr.len <= 8)
			memset(m.e[i].addr.a, data[off + 1], m.e[i].addr.len);
		m.e[i].dir = data[off] & 0x20;
		m.e[i].idx = m.seq + data[off + 2] + i * (data[off] & 1);
		m.e[i].seqno = data[off + 3] << 8 | data[off + 4];
		m.e[i].q = data[off + 5];
	}
	m.n = i;
	r = lm_ctrl_rt_build(out, sizeof(out), &m);
	if (r < 0) {
		FUZZ_CHECK(r == -EINVAL);
		return;
	}
	FUZZ_CHECK(r <= LM_CTRL_RT_MAX_LEN);
	FUZZ_CHECK(lm_ctrl_rt_parse(out, r, &p) == 0);
	FUZZ_CHECK(p.type == m.type && p.n == m.n && p.seq == m.seq &&
		   p.arg == m.arg);
	for (i = 0; i < m.n; i++)
		FUZZ_CHECK(wire_eq(m.type, &m.e[i], &p.e[i]));
}

#define FDST 12
#define FNB 3

static void check_node(struct lm_rt *rt)
{
	u8 buf[LM_CTRL_RT_MAX_LEN];
	struct lm_ctrl_rt_msg m;
	const struct lm_rt_dst *d;
	unsigned int i;
	int len, nb;
	u8 metric;

	while ((len = lm_rt_tx(rt, buf, sizeof(buf))) > 0) {
		FUZZ_CHECK(len <= LM_CTRL_RT_BUDGET);
		FUZZ_CHECK(lm_ctrl_rt_parse(buf, len, &m) == 0);
	}
	FUZZ_CHECK(len == 0);
	FUZZ_CHECK(rt->n_dst >= 1 && rt->n_dst <= FDST);
	for (i = 1; i < rt->n_dst; i++) {
		d = &rt->s.dst[rt->s.order[i - 1]];
		FUZZ_CHECK(d->addr.len < rt->s.dst[rt->s.order[i]].addr.len ||
			   (d->addr.len == rt->s.dst[rt->s.order[i]].addr.len &&
			    memcmp(d->addr.a, rt->s.dst[rt->s.order[i]].addr.a,
				   d->addr.len) < 0));
	}
	for (i = 1; i < rt->n_dst; i++) {
		nb = lm_rt_nexthop(rt, i, &metric);
		if (nb < 0)
			continue;
		FUZZ_CHECK(metric < LM_RT_INF);
		FUZZ_CHECK(rt->s.nb[nb].state == LM_RT_NB_UP);
	}
}

static void check_conversation(const u8 *data, size_t size)
{
	struct lm_rt_dst dst[FDST];
	u16 order[FDST];
	struct lm_rt_nb nb[FNB];
	struct lm_rt_map map[FNB * FDST];
	struct lm_rt_storage s = { dst, order, FDST, nb, FNB, map };
	struct lm_rt_addr self = { .len = 2, .a = { 0, 1 } }, from;
	struct lm_rt_params p;
	struct lm_rt rt;
	size_t off = 0, len;
	u32 now = 0xfffff000;
	u8 *frame;

	lm_rt_params_default(&p);
	if (lm_rt_init(&rt, &p, &s, &self, now, 0x12345678))
		abort();
	while (off + 4 <= size) {
		memset(&from, 0, sizeof(from));
		from.len = data[off] & 0x80 ? 8 : 2;
		from.a[from.len - 1] = data[off] & 7;
		now += data[off + 1] * 50;
		len = data[off + 3];
		off += 4;
		if (len > size - off)
			len = size - off;
		frame = malloc(len ? len : 1);
		if (!frame)
			abort();
		memcpy(frame, data + off, len);
		lm_rt_rx(&rt, now, now * 2654435761u, &from, data[off - 2],
			 frame, len);
		free(frame);
		off += len;
		lm_rt_tick(&rt, now, now * 40503u);
		check_node(&rt);
	}
	lm_rt_tick(&rt, now + 60000, 7);
	check_node(&rt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_parse(data, size);
	check_build(data, size);
	check_conversation(data, size);
	return 0;
}
