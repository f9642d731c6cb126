// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the routing part of kernel/proto/lm_ctrl.c (HELLO,
 * RT_DIR, RT_ADV, RT_REQ frames) and for kernel/proto/lm_route.c
 * (Trickle, neighbour sensing, feasibility, requests, frame budget).
 *
 * Same conventions as test_ctrl.c: one "ok - name" line per test, parses
 * on heap copies of exactly the bytes given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_route.h"
#include "lm_test.h"

static u32 rnd_state = 0x1234567;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static int parse_x(const u8 *p, size_t n, struct lm_ctrl_rt_msg *m)
{
	u8 *q = dup_exact(p, n);
	int r = lm_ctrl_rt_parse(q, n, m);

	free(q);
	return r;
}

static struct lm_rt_addr A2(u16 v)
{
	struct lm_rt_addr a = { .len = 2 };

	a.a[0] = v >> 8;
	a.a[1] = v;
	return a;
}

static struct lm_rt_addr A8(u8 v)
{
	struct lm_rt_addr a = { .len = 8 };

	memset(a.a, v, 8);
	a.a[0] = 0x02;
	return a;
}

/* ---- codec ---- */

static void test_layout(void)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_HELLO, .seq = 0x1234,
				    .arg = 1000, .n = 2 };
	u8 buf[LM_CTRL_RT_MAX_LEN];
	static const u8 hello[] = {
		0x3c, 3, 0x12, 0x34, 0x03, 0xe8, 2,
		0x00, 0xab, 0xcd, 200,
		0x80, 2, 9, 9, 9, 9, 9, 9, 9, 255,
	};
	static const u8 adv[] = {
		0x3c, 5, 0x01, 0x00, 0x01, 0x40, 3,
		0, 0, 7, 16, 255, 255,
	};
	static const u8 dir[] = {
		0x3c, 4, 0, 0, 0, 2, 1,
		0x01, 0x02, 0x00, 0xab, 0xcd, 0xff, 0xfe,
	};
	static const u8 req[] = {
		0x3c, 6, 0, 0, 0, 0, 2,
		0x00, 0xab, 0xcd, 0x00, 0x05, 16,
		0xc0, 2, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0,
	};
	struct lm_ctrl_rt_msg p;

	m.e[0].addr = A2(0xabcd);
	m.e[0].q = 200;
	m.e[1].addr = A8(9);
	m.e[1].q = 255;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), sizeof(hello));
	CHECK_MEM(buf, hello, sizeof(hello));
	CHECK_EQ(parse_x(hello, sizeof(hello), &p), 0);
	CHECK_EQ(p.type, LM_CTRL_HELLO);
	CHECK_EQ(p.seq, 0x1234);
	CHECK_EQ(p.arg, 1000);
	CHECK_EQ(p.n, 2);
	CHECK(!memcmp(&p.e[1].addr, &m.e[1].addr, sizeof(p.e[1].addr)));
	CHECK_EQ(lm_ctrl_type(hello, sizeof(hello)), LM_CTRL_HELLO);

	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_RT_ADV;
	m.seq = 256;
	m.arg = 320;
	m.n = 3;
	m.e[0].idx = 256;
	m.e[1].idx = 263;
	m.e[1].q = 16;
	m.e[2].idx = 511;
	m.e[2].q = 255;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), sizeof(adv));
	CHECK_MEM(buf, adv, sizeof(adv));
	CHECK_EQ(parse_x(adv, sizeof(adv), &p), 0);
	CHECK_EQ(p.e[2].idx, 511);
	CHECK_EQ(p.e[1].q, 16);

	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_RT_DIR;
	m.arg = 2;
	m.n = 1;
	m.e[0].idx = 0x102;
	m.e[0].addr = A2(0xabcd);
	m.e[0].seqno = 0xfffe;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), sizeof(dir));
	CHECK_MEM(buf, dir, sizeof(dir));
	CHECK_EQ(parse_x(dir, sizeof(dir), &p), 0);
	CHECK_EQ(p.e[0].seqno, 0xfffe);
	CHECK_EQ(p.e[0].idx, 0x102);

	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_RT_REQ;
	m.n = 2;
	m.e[0].addr = A2(0xabcd);
	m.e[0].seqno = 5;
	m.e[0].q = 16;
	m.e[1].addr = A8(9);
	m.e[1].dir = true;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), sizeof(req));
	CHECK_MEM(buf, req, sizeof(req));
	CHECK_EQ(parse_x(req, sizeof(req), &p), 0);
	CHECK(p.e[1].dir && !p.e[0].dir);
	CHECK_EQ(p.e[0].q, 16);

	CHECK_EQ(lm_ctrl_type(req, 6), -EINVAL);
	CHECK_EQ(lm_ctrl_type(NULL, 7), -EINVAL);
	buf[0] = 0x3d;
	CHECK_EQ(lm_ctrl_type(buf, 7), -EINVAL);
}

/* A random valid message of @type. */
static void random_msg(struct lm_ctrl_rt_msg *m, u8 type)
{
	unsigned int used = LM_CTRL_HDR_LEN, idx;
	struct lm_ctrl_rt_entry *e;
	int el;

	memset(m, 0, sizeof(*m));
	m->type = type;
	if (type == LM_CTRL_HELLO) {
		m->seq = rnd();
		m->arg = rnd() % 65535 + 1;
	} else if (type == LM_CTRL_RT_ADV) {
		m->seq = rnd() % 65000;
		m->arg = rnd();
	} else if (type == LM_CTRL_RT_DIR) {
		m->arg = rnd();
	}
	idx = m->seq + rnd() % 4;
	while (m->n < LM_CTRL_RT_MAX_ENTRIES && rnd() % 16) {
		e = &m->e[m->n];
		memset(e, 0, sizeof(*e));
		e->addr = rnd() & 1 ? A8(rnd()) : A2(rnd());
		if (type == LM_CTRL_RT_ADV) {
			memset(&e->addr, 0, sizeof(e->addr));
			e->idx = idx;
			idx += 1 + rnd() % 8;
			if (e->idx - m->seq > 255)
				break;
		} else if (type == LM_CTRL_RT_DIR) {
			e->idx = rnd();
		}
		if (type != LM_CTRL_HELLO)
			e->seqno = type == LM_CTRL_RT_ADV ? 0 : rnd();
		if (type != LM_CTRL_RT_DIR)
			e->q = rnd();
		if (type == LM_CTRL_RT_REQ && !(rnd() % 3)) {
			e->dir = true;
			e->seqno = 0;
			e->q = 0;
		}
		el = lm_ctrl_rt_entry_len(type, e);
		if (used + el > LM_CTRL_RT_MAX_LEN)
			break;
		used += el;
		m->n++;
	}
}

static void test_roundtrip(void)
{
	struct lm_ctrl_rt_msg m, p;
	u8 buf[LM_CTRL_RT_MAX_LEN + 1], again[LM_CTRL_RT_MAX_LEN];
	int i, r, cut;
	u8 t;

	for (i = 0; i < 20000 && !TOO_MANY(); i++) {
		t = LM_CTRL_HELLO + i % 4;
		random_msg(&m, t);
		r = lm_ctrl_rt_build(buf, sizeof(buf), &m);
		CHECK(r >= LM_CTRL_HDR_LEN && r <= LM_CTRL_RT_MAX_LEN);
		if (r < 0)
			continue;
		CHECK_EQ(parse_x(buf, r, &p), 0);
		CHECK_EQ(p.n, m.n);
		CHECK_EQ(lm_ctrl_rt_build(again, sizeof(again), &p), r);
		CHECK_MEM(again, buf, (size_t)r);
		/* every cut and a trailing byte are refused */
		for (cut = 0; cut < r; cut++)
			CHECK_EQ(parse_x(buf, cut, &p), -EINVAL);
		if (r < LM_CTRL_RT_MAX_LEN) {
			buf[r] = 0;
			CHECK_EQ(parse_x(buf, r + 1, &p), -EINVAL);
		}
		/* every room short of the frame */
		for (cut = 0; cut < r; cut++)
			CHECK_EQ(lm_ctrl_rt_build(again, cut, &m), -ENOSPC);
	}
}

static void test_invalid(void)
{
	u8 f[LM_CTRL_RT_MAX_LEN + 8] = { 0x3c, 3, 0, 1, 0, 0, 0 };
	struct lm_ctrl_rt_msg m, p;
	u8 buf[LM_CTRL_RT_MAX_LEN];
	int t;

	/* hello interval 0 */
	CHECK_EQ(parse_x(f, 7, &p), -EINVAL);
	f[5] = 1;
	CHECK_EQ(parse_x(f, 7, &p), 0);
	/* every type byte but 3..6 */
	for (t = 0; t < 256; t++) {
		f[1] = t;
		f[4] = f[5] = 0;
		f[2] = f[3] = 0;
		if (t == LM_CTRL_HELLO)
			f[5] = 1;
		CHECK_EQ(parse_x(f, 7, &p),
			 t >= LM_CTRL_HELLO && t <= LM_CTRL_RT_REQ ? 0 :
			 -EINVAL);
	}
	/* DIR with seq, REQ with seq or arg */
	f[1] = LM_CTRL_RT_DIR;
	f[3] = 1;
	CHECK_EQ(parse_x(f, 7, &p), -EINVAL);
	f[1] = LM_CTRL_RT_REQ;
	CHECK_EQ(parse_x(f, 7, &p), -EINVAL);
	f[3] = 0;
	f[5] = 1;
	CHECK_EQ(parse_x(f, 7, &p), -EINVAL);
	f[5] = 0;
	/* wrong dispatch, too long, NULL */
	f[0] = 0x3d;
	CHECK_EQ(parse_x(f, 7, &p), -EINVAL);
	f[0] = 0x3c;
	CHECK_EQ(parse_x(f, LM_CTRL_RT_MAX_LEN + 1, &p), -EINVAL);
	CHECK_EQ(lm_ctrl_rt_parse(NULL, 7, &p), -EINVAL);
	CHECK_EQ(lm_ctrl_rt_parse(f, 7, NULL), -EINVAL);
	/* reserved address flag bits; D outside a REQ; D with seqno/hops */
	{
		u8 h[] = { 0x3c, 3, 0, 1, 0, 1, 1, 0x01, 1, 2, 3 };
		u8 r[] = { 0x3c, 6, 0, 0, 0, 0, 1, 0x40, 1, 2, 0, 0, 0 };
		u8 d[] = { 0x3c, 4, 0, 0, 0, 1, 1, 0, 0, 0x40, 1, 2, 0, 0 };

		CHECK_EQ(parse_x(h, sizeof(h), &p), -EINVAL);
		h[7] = 0x40;
		CHECK_EQ(parse_x(h, sizeof(h), &p), -EINVAL);
		h[7] = 0;
		CHECK_EQ(parse_x(h, sizeof(h), &p), 0);
		CHECK_EQ(parse_x(r, sizeof(r), &p), 0);
		r[11] = 1;
		CHECK_EQ(parse_x(r, sizeof(r), &p), -EINVAL);
		r[11] = 0;
		r[12] = 1;
		CHECK_EQ(parse_x(r, sizeof(r), &p), -EINVAL);
		r[7] = 0x20;
		CHECK_EQ(parse_x(r, sizeof(r), &p), -EINVAL);
		CHECK_EQ(parse_x(d, sizeof(d), &p), -EINVAL);
		d[9] = 0;
		CHECK_EQ(parse_x(d, sizeof(d), &p), 0);
		/* DIR entry cut inside its index and flags */
		d[6] = 2;
		CHECK_EQ(parse_x(d, sizeof(d), &p), -EINVAL);
	}
	/* ADV offsets must increase; count more than the bytes */
	{
		u8 a[] = { 0x3c, 5, 0, 0, 0, 9, 2, 3, 0, 3, 0 };

		CHECK_EQ(parse_x(a, sizeof(a), &p), -EINVAL);
		a[9] = 4;
		CHECK_EQ(parse_x(a, sizeof(a), &p), 0);
		a[6] = 3;
		CHECK_EQ(parse_x(a, sizeof(a), &p), -EINVAL);
		a[6] = 1;
		CHECK_EQ(parse_x(a, sizeof(a), &p), -EINVAL);
	}
	/* builder refusals */
	memset(&m, 0, sizeof(m));
	m.type = 2;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	m.type = LM_CTRL_HELLO;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	m.arg = 1;
	m.n = 1;
	m.e[0].addr.len = 3;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	CHECK_EQ(lm_ctrl_rt_entry_len(LM_CTRL_HELLO, &m.e[0]), -EINVAL);
	CHECK_EQ(lm_ctrl_rt_entry_len(7, &m.e[0]), -EINVAL);
	m.e[0].addr = A2(1);
	m.e[0].dir = true;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	m.e[0].dir = false;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), 11);
	CHECK_EQ(lm_ctrl_rt_build(NULL, sizeof(buf), &m), -EINVAL);
	m.n = LM_CTRL_RT_MAX_ENTRIES + 1;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	/* too long for one frame: 10 extended hello entries */
	for (t = 0; t < 10; t++)
		m.e[t].addr = A8(t);
	m.n = 9;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), 7 + 90);
	m.n = 10;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	/* ADV: index below base, past base + 255, not increasing */
	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_RT_ADV;
	m.seq = 10;
	m.n = 1;
	m.e[0].idx = 9;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	m.e[0].idx = 266;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
	m.e[0].idx = 265;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), 9);
	m.n = 2;
	m.e[1].idx = 265;
	CHECK_EQ(lm_ctrl_rt_build(buf, sizeof(buf), &m), -EINVAL);
}

/* ---- Trickle ---- */

static void test_trickle(void)
{
	struct lm_trickle tr;
	u32 now = 0xfffff000, fired = 0, t, last_i = 0;
	int i;

	lm_trickle_init(&tr, 1000, 32000, 0, now, rnd());
	CHECK_EQU(tr.i, 1000);
	CHECK(tr.t - now >= 500 && tr.t - now < 1000);
	/* transmissions once per interval, intervals doubling to Imax */
	for (t = 0; t < 200000; t += 10) {
		if (lm_trickle_poll(&tr, now + t, rnd()))
			fired++;
		CHECK(tr.i >= last_i);
		last_i = tr.i;
	}
	CHECK_EQU(tr.i, 32000);
	/* 1+2+4+8+16 = 31 s of doubling, then 32 s intervals */
	CHECK(fired >= 5 + 5 && fired <= 5 + 6);
	/* reset, inconsistent at Imin does nothing */
	lm_trickle_inconsistent(&tr, now, rnd());
	CHECK_EQU(tr.i, 1000);
	t = tr.t;
	lm_trickle_inconsistent(&tr, now + 1, rnd());
	CHECK_EQU(tr.t, t);
	CHECK_EQU(lm_trickle_next(&tr), t);
	/* k = 2: two consistent transmissions heard suppress ours */
	lm_trickle_init(&tr, 1000, 4000, 2, now, rnd());
	lm_trickle_consistent(&tr);
	lm_trickle_consistent(&tr);
	CHECK(!lm_trickle_poll(&tr, tr.t, rnd()));
	CHECK_EQU(lm_trickle_next(&tr), tr.start + tr.i);
	for (i = 0; i < 300; i++)
		lm_trickle_consistent(&tr);
	CHECK_EQ(tr.c, 255);
	/* a poll long after the interval's end restarts at that time */
	lm_trickle_poll(&tr, now + 100000, rnd());
	CHECK_EQU(tr.start, now + 100000);
	/* degenerate parameters are clamped */
	lm_trickle_init(&tr, 0, 0, 0, 5, 7);
	CHECK_EQU(tr.imin, 2);
	CHECK_EQU(tr.imax, 2);
	CHECK(lm_rt_seq_newer(1, 0xffff));
	CHECK(!lm_rt_seq_newer(0xffff, 1));
	CHECK(!lm_rt_seq_newer(5, 5));
	CHECK(lm_rt_seq_newer(0x7fff, 0));
	CHECK(!lm_rt_seq_newer(0x8000, 0));
}

/* ---- lm_route ---- */

#define TDST 8
#define TNB 4

struct tnode {
	struct lm_rt rt;
	struct lm_rt_dst dst[TDST];
	u16 order[TDST];
	struct lm_rt_nb nb[TNB];
	struct lm_rt_map map[TNB * TDST];
};

static u32 now0 = 0xffffff00;	/* the clock wraps in every test */

static void tnode_init(struct tnode *n, struct lm_rt_addr self)
{
	struct lm_rt_storage s = { n->dst, n->order, TDST, n->nb, TNB,
				   n->map };
	struct lm_rt_params p;

	lm_rt_params_default(&p);
	CHECK_EQ(lm_rt_init(&n->rt, &p, &s, &self, now0, 0x00640000), 0);
}

static int rx_msg(struct tnode *n, u32 t, struct lm_rt_addr from, u8 lqi,
		  const struct lm_ctrl_rt_msg *m)
{
	u8 buf[LM_CTRL_RT_MAX_LEN];
	int len = lm_ctrl_rt_build(buf, sizeof(buf), m);

	CHECK(len > 0);
	return lm_rt_rx(&n->rt, t, rnd(), &from, lqi, buf, len);
}

/* A hello from @from, seq @seq, listing @n's address at quality @q. */
static int hello(struct tnode *n, u32 t, struct lm_rt_addr from, u16 seq,
		 u8 q, u8 lqi)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_HELLO, .seq = seq,
				    .arg = 1000, .n = 1 };

	m.e[0].addr = n->dst[0].addr;
	m.e[0].q = q;
	return rx_msg(n, t, from, lqi, &m);
}

/* @from's list: @cnt (address, seqno) pairs from index 0 on. */
static void dir(struct tnode *n, u32 t, struct lm_rt_addr from,
		const struct lm_rt_addr *a, const u16 *seq, int cnt)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_DIR, .arg = cnt };
	int i;

	for (i = 0; i < cnt; i++) {
		m.e[i].idx = i;
		m.e[i].addr = a[i];
		m.e[i].seqno = seq[i];
	}
	m.n = cnt;
	CHECK_EQ(rx_msg(n, t, from, 255, &m), 0);
}

static void adv(struct tnode *n, u32 t, struct lm_rt_addr from,
		const u8 *metric, int cnt)
{
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_ADV, .arg = cnt };
	int i;

	for (i = 0; i < cnt; i++) {
		m.e[i].idx = i;
		m.e[i].q = metric[i];
	}
	m.n = cnt;
	CHECK_EQ(rx_msg(n, t, from, 255, &m), 0);
}

static int route(struct tnode *n, struct lm_rt_addr dst, u8 *metric)
{
	int slot = lm_rt_find(&n->rt, &dst), nb;

	if (slot < 0)
		return -1;
	nb = lm_rt_nexthop(&n->rt, slot, metric);
	return nb < 0 ? -1 : n->nb[nb].addr.a[1];
}

/* Drain lm_rt_tx(): count frames by type; check each within budget. */
static void drain(struct tnode *n, int *count)
{
	u8 buf[LM_CTRL_RT_MAX_LEN];
	int len;

	while ((len = lm_rt_tx(&n->rt, buf, sizeof(buf))) > 0) {
		CHECK(len <= LM_CTRL_RT_BUDGET);
		if (count)
			count[buf[1]]++;
	}
	CHECK_EQ(len, 0);
}

static void test_init(void)
{
	struct tnode n;
	struct lm_rt_storage s = { n.dst, n.order, TDST, n.nb, TNB, n.map };
	struct lm_rt_params p;
	struct lm_rt_addr self = A2(1), bad = { .len = 3 };

	lm_rt_params_default(&p);
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &bad, 0, 0), -EINVAL);
	s.max_dst = 0;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	s.max_dst = 0xffff;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	s.max_dst = TDST;
	s.max_nb = 0;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	s.max_nb = LM_RT_MAX_NB + 1;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	s.max_nb = TNB;
	p.hello_ms = 0;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	lm_rt_params_default(&p);
	p.hello_miss = 0;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	lm_rt_params_default(&p);
	p.hello_list_every = 0;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	lm_rt_params_default(&p);
	p.dir_every = 0;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	lm_rt_params_default(&p);
	p.trickle_imin_ms = 1;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	lm_rt_params_default(&p);
	p.trickle_imax_ms = 999;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0), -EINVAL);
	lm_rt_params_default(&p);
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, 0, 0x00640000), 0);
	CHECK_EQ(n.rt.n_dst, 1);
	CHECK_EQ(n.dst[0].seqno, 100);
	CHECK_EQ(lm_rt_find(&n.rt, &self), 0);
	CHECK_EQ(lm_rt_nexthop(&n.rt, 0, NULL), -ENOENT);
	CHECK_EQ(lm_rt_nexthop(&n.rt, 1, NULL), -ENOENT);
	CHECK_EQ(lm_rt_find(&n.rt, &bad), -ENOENT);
	CHECK(sizeof(struct lm_rt_dst) <= 64);
	CHECK(sizeof(struct lm_rt_dst) + sizeof(u16) <= 64);
}

/* Two-way after one hello each way; cost, LQI term, routes, events. */
static void test_neighbour(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2), c = A8(3), all[2] = { A2(2), A8(3) };
	u16 seqs[2] = { 50, 60 };
	u8 metrics[2] = { 0, 16 }, m = 0;
	u32 t = now0;
	int cnt[8] = { 0 };

	tnode_init(&n, A2(1));
	/* one-way: b hears nothing of us yet */
	CHECK_EQ(hello(&n, t, b, 1, 0, 255), 0);
	CHECK_EQ(n.nb[0].state, LM_RT_NB_HEARD);
	CHECK_EQ(n.nb[0].cost, LM_RT_INF);
	/* frames other than hellos from a one-way neighbour: dropped */
	{
		struct lm_ctrl_rt_msg dm = { .type = LM_CTRL_RT_DIR };

		CHECK_EQ(rx_msg(&n, t, b, 255, &dm), -ENOENT);
	}
	CHECK_EQ(n.rt.stats.rx_stranger, 1);
	CHECK_EQ(n.rt.stats.rx[LM_CTRL_RT_DIR], 0);
	/* it hears us fully: two-way, cost one unit */
	CHECK_EQ(hello(&n, t + 1000, b, 2, 255, 255), 0);
	CHECK_EQ(n.nb[0].state, LM_RT_NB_UP);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
	CHECK(lm_rt_events(&n.rt) & LM_RT_EV_NB_UP);
	CHECK_EQ(lm_rt_events(&n.rt), 0);
	dir(&n, t + 1001, b, all, seqs, 2);
	adv(&n, t + 1002, b, metrics, 2);
	CHECK_EQ(route(&n, b, &m), 2);
	CHECK_EQ(m, LM_RT_UNIT);
	CHECK_EQ(route(&n, c, &m), 2);
	CHECK_EQ(m, 16 + LM_RT_UNIT);
	CHECK(lm_rt_events(&n.rt) & LM_RT_EV_ROUTE);
	/* the repeated hello is ignored, a hello from ourselves refused */
	CHECK_EQ(hello(&n, t + 1003, b, 2, 255, 255), 0);
	CHECK_EQ(hello(&n, t + 1003, A2(1), 2, 255, 255), -EINVAL);
	/* what we send: a hello listing b, the list, the vector */
	lm_rt_tick(&n.rt, t + 2500, rnd());
	drain(&n, cnt);
	CHECK_EQ(cnt[LM_CTRL_HELLO], 1);
	CHECK(cnt[LM_CTRL_RT_DIR] >= 1 && cnt[LM_CTRL_RT_ADV] >= 1);
	CHECK_EQ(n.rt.stats.tx[LM_CTRL_HELLO], 1);
}

/* Missing hellos: ratios fall, and after hello_miss intervals it is gone. */
static void test_gone(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2), all[1] = { A2(2) };
	u16 seqs[1] = { 5 };
	u8 metrics[1] = { 0 };
	u32 t = now0, next;
	int s;

	tnode_init(&n, A2(1));
	for (s = 1; s <= 16; s++)
		hello(&n, t + s * 1000, b, s, 255, 255);
	t += 16000;
	dir(&n, t, b, all, seqs, 1);
	adv(&n, t, b, metrics, 1);
	CHECK_EQ(route(&n, b, NULL), 2);
	CHECK_EQ(n.nb[0].rxq, 255);
	/* 1.5 intervals: one hello missed */
	next = lm_rt_tick(&n.rt, t + 1500, rnd());
	CHECK(next - t <= 3500);
	CHECK_EQ(n.nb[0].misses, 1);
	CHECK(n.nb[0].rxq < 255);
	CHECK_EQ(route(&n, b, NULL), 2);
	/* 3.5 intervals: gone, its route withdrawn */
	lm_rt_events(&n.rt);
	lm_rt_tick(&n.rt, t + 3500, rnd());
	CHECK_EQ(n.nb[0].state, LM_RT_NB_FREE);
	CHECK_EQ(route(&n, b, NULL), -1);
	CHECK(lm_rt_events(&n.rt) & (LM_RT_EV_NB_GONE | LM_RT_EV_ROUTE));
	/* a seqno request for it goes out (the route was lost) */
	CHECK_EQ(n.rt.n_req, 1);
	CHECK_EQ(n.rt.req[0].seqno, 6);
	CHECK(!n.rt.req[0].dir);
}

/* Link cost: ETX from both ratios, LQI term, hysteresis. */
static void test_cost(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2);
	int s;

	tnode_init(&n, A2(1));
	for (s = 1; s <= 16; s++)
		hello(&n, now0 + s * 1000, b, s, 127, 255);
	/* reverse 50%: ETX 2 */
	CHECK_EQ(n.nb[0].txq, 127);
	CHECK_EQ(n.nb[0].cost, 2 * LM_RT_UNIT);
	/* 60%: ETX 1.67 = 13.3, within 25% of 16: kept */
	hello(&n, now0 + 17000, b, 17, 153, 255);
	CHECK_EQ(n.nb[0].cost, 2 * LM_RT_UNIT);
	/* 100%: 8, beyond the hysteresis */
	hello(&n, now0 + 18000, b, 18, 255, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
	/* LQI 0 averaged in: up to lqi_weight more */
	for (s = 19; s < 40; s++)
		hello(&n, now0 + s * 1000, b, s, 255, 0);
	CHECK(n.nb[0].lqi <= 3);
	CHECK(n.nb[0].cost >= LM_RT_UNIT + 5 &&
	      n.nb[0].cost <= 2 * LM_RT_UNIT);
	/* reverse 5%: ETX 20 > 8: unusable, one-way again */
	hello(&n, now0 + 40000, b, 40, 12, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_INF);
	CHECK_EQ(n.nb[0].state, LM_RT_NB_HEARD);
	/* a hello gap of 20: the window restarts */
	hello(&n, now0 + 41000, b, 60, 255, 255);
	CHECK_EQ(n.nb[0].rxbits, 1);
	/* an old hello */
	hello(&n, now0 + 42000, b, 59, 255, 255);
	CHECK_EQ(n.nb[0].last_seq, 60);
}

/*
 * Link cost drift within the 25% hysteresis: it lands after a window of
 * hellos on the same side (before, a small drift never landed: LQI 100
 * for 44 hellos left cost 10 instead of 12, back at 255 it stayed 10),
 * and a shorter excursion changes nothing.
 */
static void test_cost_drift(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2);
	int s = 0, i;

	tnode_init(&n, A2(1));
	for (i = 0; i < 16; i++, s++)
		hello(&n, now0 + s * 1000, b, s + 1, 255, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
	/* LQI 100 (the average settles at 103): 8 + 152 * 8 / 255 = 12 */
	for (i = 0; i < 44; i++, s++)
		hello(&n, now0 + s * 1000, b, s + 1, 255, 100);
	CHECK_EQ(n.nb[0].lqi, 103);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT + 4);
	/* back at LQI 255: 8 again */
	for (i = 0; i < 60; i++, s++)
		hello(&n, now0 + s * 1000, b, s + 1, 255, 255);
	CHECK_EQ(n.nb[0].lqi, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
	/*
	 * Its report of us at 220/255: 8 * 65536 / (256 * 221) = 9, within
	 * 25% of 8. 15 hellos: kept; one back at 255 starts anew; 15 more:
	 * kept; the 16th in a row lands.
	 */
	for (i = 0; i < 15; i++, s++)
		hello(&n, now0 + s * 1000, b, s + 1, 220, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
	hello(&n, now0 + s * 1000, b, s + 1, 255, 255);
	s++;
	for (i = 0; i < 15; i++, s++)
		hello(&n, now0 + s * 1000, b, s + 1, 220, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
	hello(&n, now0 + s * 1000, b, s + 1, 220, 255);
	s++;
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT + 1);
	/* the other side: 15 hellos at 255 (computed 8) keep 9, the 16th lands */
	for (i = 0; i < 15; i++, s++)
		hello(&n, now0 + s * 1000, b, s + 1, 255, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT + 1);
	hello(&n, now0 + s * 1000, b, s + 1, 255, 255);
	CHECK_EQ(n.nb[0].cost, LM_RT_UNIT);
}

/* Babel's feasibility condition, starvation and requests. */
static void test_feasibility(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2), c = A2(3), d = A2(4);
	struct lm_rt_addr lb[2] = { A2(2), A2(4) }, lc[2] = { A2(3), A2(4) };
	u16 sb[2] = { 1, 10 }, sc[2] = { 1, 10 };
	u8 mb[2] = { 0, 16 }, mc[2] = { 0, 32 }, m;
	u32 t = now0;
	int i;

	tnode_init(&n, A2(1));
	hello(&n, t, b, 1, 255, 255);
	hello(&n, t, c, 1, 255, 255);
	dir(&n, t, b, lb, sb, 2);
	dir(&n, t, c, lc, sc, 2);
	adv(&n, t, b, mb, 2);
	adv(&n, t, c, mc, 2);
	/* via b: 24, FD (10, 24) */
	CHECK_EQ(route(&n, d, &m), 2);
	CHECK_EQ(m, 24);
	/* c at 32 >= FD: unfeasible; b retracts: starving, no route */
	mb[1] = LM_RT_INF;
	adv(&n, t + 10, b, mb, 2);
	CHECK_EQ(route(&n, d, NULL), -1);
	CHECK_EQ(n.rt.n_req, 1);
	CHECK_EQ(n.rt.req[0].seqno, 11);
	CHECK_EQ(n.rt.req[0].q, 16);
	drain(&n, NULL);
	/* c's route with a newer seqno is feasible whatever its metric */
	sc[1] = 11;
	dir(&n, t + 20, c, lc, sc, 2);
	CHECK_EQ(route(&n, d, NULL), -1);	/* metric not yet paired */
	adv(&n, t + 21, c, mc, 2);
	CHECK_EQ(route(&n, d, &m), 3);
	CHECK_EQ(m, 40);
	CHECK_EQ(n.dst[lm_rt_find(&n.rt, &d)].dir_left, LM_RT_DIR_REPEAT);
	/* b back with the old seqno and a better metric: unfeasible */
	mb[1] = 0;
	adv(&n, t + 30, b, mb, 2);
	CHECK_EQ(route(&n, d, NULL), 3);
	/* with the new seqno and clearly better: taken */
	sb[1] = 11;
	dir(&n, t + 31, b, lb, sb, 2);
	mb[1] = 1;
	adv(&n, t + 32, b, mb, 2);
	CHECK_EQ(route(&n, d, &m), 2);
	CHECK_EQ(m, 9);
	/* hysteresis: c only 2 cheaper than b's 9 is not enough */
	sc[1] = 12;
	dir(&n, t + 33, c, lc, sc, 2);
	mc[1] = 0;
	adv(&n, t + 34, c, mc, 2);
	CHECK_EQ(route(&n, d, &m), 2);	/* newer seqno, but 8 + 4 > 9 */
	CHECK_EQ(m, 9);
	mb[1] = 0;
	sb[1] = 12;
	dir(&n, t + 35, b, lb, sb, 2);
	adv(&n, t + 36, b, mb, 2);
	CHECK_EQ(route(&n, d, &m), 2);	/* b's news: 8 */
	CHECK_EQ(m, 8);
	CHECK_EQ(n.dst[lm_rt_find(&n.rt, &d)].seqno, 12);
	/* the starving retries: quick, then slow */
	mb[1] = mc[1] = LM_RT_INF;
	drain(&n, NULL);
	adv(&n, t + 40, b, mb, 2);
	adv(&n, t + 41, c, mc, 2);
	CHECK_EQ(route(&n, d, NULL), -1);
	CHECK_EQ(n.rt.n_req, 1);	/* lost: requested once */
	CHECK_EQ(n.rt.req[0].seqno, 13);
	drain(&n, NULL);
	/* nothing in sight any more: no retries */
	lm_rt_tick(&n.rt, t + 2100, rnd());
	CHECK_EQ(n.rt.n_req, 0);
	/* an unfeasible route comes into sight: starving again, request */
	mc[1] = 40;
	adv(&n, t + 2200, c, mc, 2);
	CHECK_EQ(route(&n, d, NULL), -1);
	CHECK_EQ(n.rt.n_req, 1);
	CHECK_EQ(n.rt.req[0].seqno, 13);
	/* still starving: two more quick tries 2 s apart, then every 16 s */
	for (i = 1; i <= 2; i++) {
		drain(&n, NULL);
		hello(&n, t + 2200 + i * 2000, b, 1 + i, 255, 255);
		hello(&n, t + 2200 + i * 2000, c, 1 + i, 255, 255);
		lm_rt_tick(&n.rt, t + 2200 + i * 2000, rnd());
		CHECK_EQ(n.rt.n_req, 1);
		CHECK_EQ(n.rt.req[0].seqno, 13);
	}
	CHECK_EQ(n.dst[lm_rt_find(&n.rt, &d)].req_tries, LM_RT_REQ_TRIES);
	CHECK_EQU(n.dst[lm_rt_find(&n.rt, &d)].req_ms, t + 6200 + 8 * 2000);
}

/* Requests: the source raises its seqno; others answer or forward. */
static void test_requests(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2), d = A2(4), l[2] = { A2(2), A2(4) };
	u16 s[2] = { 1, 10 };
	u8 mt[2] = { 0, 8 };
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_REQ, .n = 1 };
	int cnt[8] = { 0 };
	u32 t = now0;

	tnode_init(&n, A2(1));
	/* from a stranger: refused */
	m.e[0].addr = A2(1);
	m.e[0].seqno = 500;
	m.e[0].q = 3;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), -ENOENT);
	CHECK_EQ(n.rt.stats.rx_stranger, 1);
	hello(&n, t, b, 1, 255, 255);
	/* for us: our seqno goes to 500 */
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.dst[0].seqno, 500);
	/* an older one leaves it */
	m.e[0].seqno = 400;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.dst[0].seqno, 500);
	/* for an unknown destination: ignored */
	m.e[0].addr = A2(9);
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 0);
	/* for d, which we reach with seqno 10: asked 10, we answer */
	dir(&n, t, b, l, s, 2);
	adv(&n, t, b, mt, 2);
	m.e[0].addr = d;
	m.e[0].seqno = 10;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 0);
	/* asked 11: forwarded with one hop less, once */
	m.e[0].seqno = 11;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(rx_msg(&n, t + 1, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 1);
	CHECK_EQ(n.rt.req[0].q, 2);
	/* the same again after the retry time: merged in the queue */
	m.e[0].q = 9;
	CHECK_EQ(rx_msg(&n, t + 3000, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 1);
	CHECK_EQ(n.rt.req[0].q, 8);
	/* hops 1: not forwarded */
	m.e[0].addr = A2(2);
	m.e[0].seqno = 7;
	m.e[0].q = 1;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 1);
	drain(&n, cnt);
	CHECK_EQ(cnt[LM_CTRL_RT_REQ], 1);
	/* a list request for us: the whole list in the next advertisement */
	m.e[0].addr = A2(1);
	m.e[0].dir = true;
	m.e[0].seqno = 0;
	m.e[0].q = 0;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK(n.rt.dir_full);
	/* a list request for someone else: nothing */
	n.rt.dir_full = false;
	m.e[0].addr = d;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK(!n.rt.dir_full);
	/* a list request and a seqno request for b: two entries */
	adv(&n, t, b, mt, 2);
	n.rt.s.nb[0].dir_req_ms = t;
	{
		struct lm_ctrl_rt_msg um = { .type = LM_CTRL_RT_ADV, .n = 1 };

		um.e[0].idx = 7;
		CHECK_EQ(rx_msg(&n, t, b, 255, &um), 0);
	}
	CHECK_EQ(n.rt.n_req, 1);
	m.e[0].dir = false;
	m.e[0].addr = b;
	m.e[0].seqno = 5;
	m.e[0].q = 3;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 2);
	/* merged: a newer seqno and more hops win */
	m.e[0].seqno = 6;
	m.e[0].q = 9;
	CHECK_EQ(rx_msg(&n, t + 5000, b, 255, &m), 0);
	CHECK_EQ(n.rt.n_req, 2);
	CHECK_EQ(n.rt.req[1].seqno, 6);
	CHECK_EQ(n.rt.req[1].q, 8);
	/* newer again but fewer hops: the seqno moves, the hops stay */
	m.e[0].seqno = 7;
	m.e[0].q = 2;
	CHECK_EQ(rx_msg(&n, t + 5001, b, 255, &m), 0);
	CHECK_EQ(n.rt.req[1].seqno, 7);
	CHECK_EQ(n.rt.req[1].q, 8);
	/* a full queue drops and counts; extended addresses: 6 a frame */
	for (s[0] = 0; s[0] < LM_RT_REQ_QUEUE + 2; s[0]++) {
		struct lm_rt_addr x = A8(100 + s[0]);
		u16 one = 1;

		dir(&n, t, b, &x, &one, 1);	/* x at b's index 0 */
		adv(&n, t, b, mt + 1, 1);
		m.e[0].addr = x;
		m.e[0].seqno = 5;
		m.e[0].q = 5;
		CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	}
	CHECK_EQ(n.rt.n_req, 7);	/* the table had room for 5 */
	for (s[0] = 0; s[0] < 2; s[0]++) {
		struct lm_ctrl_rt_msg um = { .type = LM_CTRL_RT_ADV, .n = 1 };
		struct lm_rt_addr e = A2(30 + s[0]);

		hello(&n, t, e, 1, 255, 255);
		um.e[0].idx = 7;
		CHECK_EQ(rx_msg(&n, t + 1, e, 255, &um), 0);
	}
	CHECK_EQ(n.rt.n_req, LM_RT_REQ_QUEUE);
	CHECK_EQ(n.rt.stats.req_dropped, 1);
	memset(cnt, 0, sizeof(cnt));
	drain(&n, cnt);
	CHECK_EQ(cnt[LM_CTRL_RT_REQ], 2);
}

/* An ADV entry whose index the list never gave: a list request. */
static void test_unknown_index(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2);
	u8 mt[3] = { 0, 8, 8 };
	struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_ADV, .arg = 1,
				    .n = 1 };
	u32 t = now0;

	tnode_init(&n, A2(1));
	hello(&n, t, b, 1, 255, 255);
	adv(&n, t, b, mt, 3);
	CHECK_EQ(n.rt.stats.rx_no_dir, 3);
	CHECK_EQ(n.rt.n_req, 1);
	CHECK(n.rt.req[0].dir);
	/* an index past our table */
	m.e[0].idx = TDST;
	CHECK_EQ(rx_msg(&n, t, b, 255, &m), 0);
	CHECK_EQ(n.rt.stats.rx_no_dir, 4);
	CHECK_EQ(n.rt.n_req, 1);	/* rate-limited */
}

/* Tables full: destinations and neighbours are counted, not stored. */
static void test_full(void)
{
	struct tnode n;
	struct lm_rt_addr b = A2(2), l[TDST + 2];
	u16 s[TDST + 2];
	u8 mt[TDST + 2];
	int i;

	tnode_init(&n, A2(1));
	hello(&n, now0, b, 1, 255, 255);
	for (i = 0; i < TDST + 2; i++) {
		l[i] = A2(10 + i);
		s[i] = 1;
		mt[i] = 8;
	}
	dir(&n, now0, b, l, s, TDST + 2);
	CHECK_EQ(n.rt.n_dst, TDST);
	CHECK(n.rt.stats.full >= 1);
	adv(&n, now0, b, mt, TDST + 2);
	CHECK_EQ(route(&n, l[0], NULL), 2);
	/* a list entry with an index past the table */
	{
		struct lm_ctrl_rt_msg m = { .type = LM_CTRL_RT_DIR, .n = 1 };

		m.e[0].idx = TDST;
		m.e[0].addr = A2(5);
		CHECK_EQ(rx_msg(&n, now0, b, 255, &m), 0);
	}
	for (i = 0; i < TNB + 1; i++)
		hello(&n, now0, A2(50 + i), 1, 255, 255);
	CHECK(n.rt.stats.full >= 3);
	/* bad frames and senders */
	{
		u8 junk[3] = { 0x3c, 3, 0 };
		struct lm_rt_addr x = { .len = 4 };

		CHECK_EQ(lm_rt_rx(&n.rt, now0, 1, &b, 0, junk, 3), -EINVAL);
		CHECK_EQ(hello(&n, now0, x, 1, 255, 255), -EINVAL);
	}
}

/*
 * Many destinations: the list and vector split into frames within the
 * budget; the vector of 200 fits in 200 * 2 bytes plus headers; the
 * triggered update carries only what changed; the hello list rotates.
 */
struct tbig {
	struct lm_rt rt;
	struct lm_rt_dst dst[300];
	u16 order[300];
	struct lm_rt_nb nb[LM_RT_MAX_NB];
	struct lm_rt_map map[LM_RT_MAX_NB * 300];
};

static void test_split(void)
{
	static struct tbig n;
	struct lm_rt_storage s = { n.dst, n.order, 300, n.nb, LM_RT_MAX_NB,
				   n.map };
	struct lm_rt_params p;
	struct lm_rt_addr self = A8(1), b = A2(2);
	struct lm_ctrl_rt_msg m;
	u8 buf[LM_CTRL_RT_MAX_LEN];
	int len, i, j, frames = 0, bytes = 0, entries = 0, hl = 0;
	u32 t = now0;

	lm_rt_params_default(&p);
	CHECK_EQ(lm_rt_init(&n.rt, &p, &s, &self, t, 1), 0);
	for (i = 0; i < 40; i++) {
		struct lm_ctrl_rt_msg h = { .type = LM_CTRL_HELLO, .seq = 1,
					    .arg = 1000, .n = 1 };

		h.e[0].addr = self;
		h.e[0].q = 255;
		len = lm_ctrl_rt_build(buf, sizeof(buf), &h);
		b = A8(10 + i);
		lm_rt_rx(&n.rt, t, rnd(), &b, 255, buf, len);
	}
	b = A8(10);
	/* b's list: 279 destinations, in frames of 10 */
	for (i = 0; i < 279; i += 10) {
		memset(&m, 0, sizeof(m));
		m.type = LM_CTRL_RT_DIR;
		for (j = i; j < i + 10 && j < 279; j++) {
			m.e[m.n].idx = j;
			m.e[m.n].addr = A2(1000 + j);
			m.e[m.n].seqno = 1;
			m.n++;
		}
		len = lm_ctrl_rt_build(buf, sizeof(buf), &m);
		CHECK_EQ(lm_rt_rx(&n.rt, t, rnd(), &b, 255, buf, len), 0);
	}
	for (i = 0; i < 279; i += 40) {
		memset(&m, 0, sizeof(m));
		m.type = LM_CTRL_RT_ADV;
		m.seq = i;
		for (j = i; j < i + 40 && j < 279; j++) {
			m.e[m.n].idx = j;
			m.e[m.n].q = 8;
			m.n++;
		}
		len = lm_ctrl_rt_build(buf, sizeof(buf), &m);
		CHECK_EQ(lm_rt_rx(&n.rt, t, rnd(), &b, 255, buf, len), 0);
	}
	CHECK_EQ(n.rt.n_dst, 280);
	/* a Trickle burst: whole list (new neighbours), whole vector */
	lm_rt_tick(&n.rt, t + 1000, rnd());
	while ((len = lm_rt_tx(&n.rt, buf, sizeof(buf))) > 0) {
		CHECK(len <= LM_CTRL_RT_BUDGET);
		CHECK_EQ(lm_ctrl_rt_parse(buf, len, &m), 0);
		if (m.type == LM_CTRL_HELLO)
			hl += m.n;
		if (m.type != LM_CTRL_RT_ADV)
			continue;
		frames++;
		bytes += len;
		entries += m.n;
	}
	CHECK_EQ(entries, 280);
	CHECK_EQ(frames, 8);	/* 36 entries in 79 bytes */
	CHECK_EQ(bytes, 8 * LM_CTRL_HDR_LEN + 2 * 280);
	/* 40 extended neighbours do not fit one hello: 7 of them do */
	CHECK_EQ(hl, 7);
	CHECK(n.rt.list_changed);
	/* one destination changes: the triggered update has one entry */
	memset(&m, 0, sizeof(m));
	m.type = LM_CTRL_RT_ADV;
	m.seq = 150;
	m.n = 1;
	m.e[0].idx = 150;
	m.e[0].q = LM_RT_INF;
	len = lm_ctrl_rt_build(buf, sizeof(buf), &m);
	CHECK_EQ(lm_rt_rx(&n.rt, t + 2000, rnd(), &b, 255, buf, len), 0);
	for (i = 2; i <= 3; i++) {
		struct lm_ctrl_rt_msg h = { .type = LM_CTRL_HELLO, .seq = i,
					    .arg = 1000, .n = 1 };

		h.e[0].addr = self;
		h.e[0].q = 255;
		len = lm_ctrl_rt_build(buf, sizeof(buf), &h);
		lm_rt_rx(&n.rt, t + 1000 * i - 1000, rnd(), &b, 255, buf, len);
	}
	lm_rt_tick(&n.rt, t + 2000 + LM_RT_URGENT_MS, rnd());
	entries = 0;
	while ((len = lm_rt_tx(&n.rt, buf, sizeof(buf))) > 0) {
		CHECK_EQ(lm_ctrl_rt_parse(buf, len, &m), 0);
		if (m.type == LM_CTRL_RT_ADV)
			entries += m.n;
	}
	CHECK_EQ(entries, 1);
	/* one destination, five routes for four slots */
	{
		struct lm_rt_addr x = A2(7000);
		static const u8 met[6] = { 40, 30, 20, 50, 60, 10 };
		int slot;
		u8 mx;

		for (i = 0; i < 6; i++) {
			b = A8(11 + i);
			memset(&m, 0, sizeof(m));
			m.type = LM_CTRL_RT_DIR;
			m.n = 1;
			m.e[0].addr = x;
			m.e[0].seqno = 1;
			len = lm_ctrl_rt_build(buf, sizeof(buf), &m);
			lm_rt_rx(&n.rt, t + 2500, rnd(), &b, 255, buf, len);
			memset(&m, 0, sizeof(m));
			m.type = LM_CTRL_RT_ADV;
			m.n = 1;
			m.e[0].q = met[i];
			len = lm_ctrl_rt_build(buf, sizeof(buf), &m);
			lm_rt_rx(&n.rt, t + 2500, rnd(), &b, 255, buf, len);
			slot = lm_rt_find(&n.rt, &x);
			CHECK(lm_rt_nexthop(&n.rt, slot, &mx) >= 0);
			/* 60 is dropped (worse than every route kept);
			 * 10 replaces the worst one and wins
			 */
		}
		CHECK(mx < 28);	/* 10 + the cost of a fresh link */
		for (i = 0, j = 0; i < LM_RT_CANDS; i++)
			j += n.dst[slot].c[i].adv == 60;
		CHECK_EQ(j, 0);
	}
	/* too little room: -ENOSPC */
	n.rt.hello_due = true;
	CHECK_EQ(lm_rt_tx(&n.rt, buf, 5), -ENOSPC);
}


/*
 * A ring of 6 nodes with 10% loss on every link (deterministic), run for minutes
 * with a cut and a node death: routes form, stay loop-free, reroute.
 */
#define RING 6
#define RING_LOSS 10	/* percent, every link */

static struct tnode ring[RING];
static bool ring_cut[RING];	/* link i <-> i+1 down */
static bool ring_dead[RING];

static bool ring_link(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	if (ring_dead[a] || ring_dead[b])
		return false;
	if (hi - lo == 1)
		return !ring_cut[lo];
	return lo == 0 && hi == RING - 1 && !ring_cut[RING - 1];
}

static void ring_run(u32 from, u32 to, unsigned int loss)
{
	u8 buf[LM_CTRL_RT_MAX_LEN];
	struct lm_rt_addr a;
	u32 t;
	int i, j, len;

	for (t = from; t != to; t += 10) {
		for (i = 0; i < RING; i++) {
			if (ring_dead[i])
				continue;
			lm_rt_tick(&ring[i].rt, t, rnd());
			a = ring[i].dst[0].addr;
			while ((len = lm_rt_tx(&ring[i].rt, buf,
					       sizeof(buf))) > 0) {
				CHECK(len <= LM_CTRL_RT_BUDGET);
				for (j = 0; j < RING; j++)
					if (j != i && ring_link(i, j) &&
					    rnd() % 100 >= loss)
						lm_rt_rx(&ring[j].rt, t, rnd(),
							 &a, 200, buf, len);
			}
			lm_rt_events(&ring[i].rt);
		}
	}
}

/* Follow next hops from @i to @j: hops, or -1 (no route or a loop). */
static int ring_walk(int i, int j)
{
	struct lm_rt_addr d = A2(100 + j);
	int at = i, hops = 0, slot, nb;

	while (at != j && hops <= RING) {
		slot = lm_rt_find(&ring[at].rt, &d);
		nb = slot < 0 ? -1 : lm_rt_nexthop(&ring[at].rt, slot, NULL);
		if (nb < 0)
			return -1;
		at = ring[at].nb[nb].addr.a[1] - 100;
		hops++;
	}
	return at == j ? hops : -1;
}

static void ring_debug(void)
{
	int i, j, k;
	struct lm_rt_dst *d;

	for (i = 0; i < RING; i++)
		for (j = 0; j < RING; j++) {
			struct lm_rt_addr a = A2(100 + j);
			int slot = lm_rt_find(&ring[i].rt, &a);

			if (i == j || ring_walk(i, j) > 0 || slot < 0)
				continue;
			d = &ring[i].dst[slot];
			printf("# %d->%d m%d s%u fd%u/%d f%x tries%d:", i, j,
			       d->metric, d->seqno, d->fd_seqno, d->fd_metric,
			       d->flags, d->req_tries);
			for (k = 0; k < LM_RT_CANDS; k++)
				if (d->c[k].nb != LM_RT_NONE)
					printf(" [%d a%d s%u c%d]",
					       ring[i].nb[d->c[k].nb].addr.a[1] - 100,
					       d->c[k].adv, d->c[k].seqno,
					       ring[i].nb[d->c[k].nb].cost);
			printf("\n");
		}
}

static void test_ring(void)
{
	struct lm_rt_storage st;
	struct lm_rt_params p;
	struct lm_rt_addr self;
	u32 t = 0xfff00000;
	int i, j, ok;

	rnd_state = getenv("RING_SEED") ? atoi(getenv("RING_SEED")) : 0x5eed;
	lm_rt_params_default(&p);
	p.trickle_k = 2;	/* suppression on, to run that path too */
	p.dir_every = 2;
	memset(ring_cut, 0, sizeof(ring_cut));
	memset(ring_dead, 0, sizeof(ring_dead));
	for (i = 0; i < RING; i++) {
		st = (struct lm_rt_storage){ ring[i].dst, ring[i].order, TDST,
					     ring[i].nb, TNB, ring[i].map };
		self = A2(100 + i);
		CHECK_EQ(lm_rt_init(&ring[i].rt, &p, &st, &self, t, rnd()), 0);
	}
	ring_run(t, t + 120000, RING_LOSS);
	t += 120000;
	for (i = 0, ok = 0; i < RING; i++)
		for (j = 0; j < RING; j++)
			ok += i != j && ring_walk(i, j) > 0;
	CHECK_EQ(ok, RING * (RING - 1));
	if (getenv("RING_DEBUG"))
		ring_debug();
	CHECK(ring_walk(0, 3) == 3);
	/* cut 0 <-> 1: 0 reaches 1 the long way round */
	ring_cut[0] = true;
	ring_run(t, t + 30000, RING_LOSS);
	t += 30000;
	CHECK_EQ(ring_walk(0, 1), 5);
	CHECK_EQ(ring_walk(1, 0), 5);
	/* node 3 dies: 0 and 1 are cut off from each other's side */
	ring_dead[3] = true;
	ring_run(t, t + 30000, RING_LOSS);
	t += 30000;
	CHECK_EQ(ring_walk(0, 1), -1);
	CHECK_EQ(ring_walk(0, 4), 2);
	CHECK_EQ(ring_walk(2, 1), 1);
	/* healed */
	ring_cut[0] = false;
	ring_dead[3] = false;
	ring_run(t, t + 60000, 0);
	for (i = 0, ok = 0; i < RING; i++)
		for (j = 0; j < RING; j++)
			ok += i != j && !ring_dead[i] && ring_walk(i, j) > 0;
	CHECK_EQ(ok, RING * (RING - 1));
}

/* Long silences: ratios at 0, reports of us expiring, mixed addresses. */
static void test_silence(void)
{
	struct tnode n;
	struct lm_rt_storage st = { n.dst, n.order, TDST, n.nb, TNB, n.map };
	struct lm_rt_params p;
	struct lm_rt_addr self = A2(1), b = A2(2), c = A8(3);
	struct lm_ctrl_rt_msg h = { .type = LM_CTRL_HELLO, .arg = 1000 };
	u32 t = now0;
	int s;

	lm_rt_params_default(&p);
	p.hello_miss = 20;
	CHECK_EQ(lm_rt_init(&n.rt, &p, &st, &self, t, 5), 0);
	hello(&n, t, b, 1, 255, 255);
	hello(&n, t, c, 1, 255, 255);
	CHECK_EQ(n.nb[1].state, LM_RT_NB_UP);
	/* b silent 17 s: ratio 0, one-way, still known; not listed */
	for (s = 1; s <= 17; s++) {
		h.seq = s + 1;
		h.n = 0;
		rx_msg(&n, t + s * 1000, c, 255, &h);
		lm_rt_tick(&n.rt, t + s * 1000, rnd());
	}
	CHECK_EQ(n.nb[0].rxq, 0);
	CHECK_EQ(n.nb[0].state, LM_RT_NB_HEARD);
	n.rt.list_changed = true;
	n.rt.hello_due = true;
	{
		u8 buf[LM_CTRL_RT_MAX_LEN];
		struct lm_ctrl_rt_msg out;
		int len = lm_rt_tx(&n.rt, buf, sizeof(buf));

		CHECK(len > 0);
		CHECK_EQ(lm_ctrl_rt_parse(buf, len, &out), 0);
		CHECK_EQ(out.type, LM_CTRL_HELLO);
		CHECK_EQ(out.n, 1);	/* c only */
	}
	/* c's hellos stop listing us: after 3 x 4 x 20 s its report expires */
	for (s = 18; s <= 260; s++) {
		h.seq = s + 1;
		rx_msg(&n, t + s * 1000, c, 255, &h);
	}
	CHECK_EQ(n.nb[1].txq, 0);
	CHECK_EQ(n.nb[1].state, LM_RT_NB_HEARD);
}

/* More routes to one destination than route slots. */
static void test_cands(void)
{
	struct tnode n;
	struct lm_rt_addr d = A2(9), self = A2(1);
	u8 mt[1];
	u16 sq[1] = { 1 };
	int i;
	u8 m;

	tnode_init(&n, self);
	for (i = 0; i < TNB; i++)
		hello(&n, now0, A2(20 + i), 1, 255, 255);
	/* 20: 40, 21: 30, 22: 20 (selected, FD 28), 23: 50 */
	for (i = 0; i < TNB; i++) {
		mt[0] = i == 3 ? 50 : 40 - 10 * i;
		dir(&n, now0, A2(20 + i), &d, sq, 1);
		adv(&n, now0, A2(20 + i), mt, 1);
	}
	CHECK_EQ(route(&n, d, &m), 22);
	CHECK_EQ(m, 28);
	/* a 5th neighbour: the table has 4 neighbours; its own routes go
	 * through the replacement rule when a slot frees: 23 retracts,
	 * 20 and 21 are unfeasible (40, 30 >= 28), 23 comes back at 5
	 */
	mt[0] = LM_RT_INF;
	adv(&n, now0, A2(23), mt, 1);
	mt[0] = 50;
	adv(&n, now0, A2(23), mt, 1);	/* free slot */
	mt[0] = 60;
	sq[0] = 1;
	/* all 4 slots full: a 5th route worse than every one is dropped */
	n.dst[lm_rt_find(&n.rt, &d)].c[3].nb = LM_RT_NONE;
	adv(&n, now0, A2(23), mt, 1);
	CHECK_EQ(route(&n, d, NULL), 22);
	/* fill again, then a better feasible one replaces an unfeasible */
	for (i = 0; i < LM_RT_CANDS; i++)
		n.dst[lm_rt_find(&n.rt, &d)].c[i].nb = i;
	n.dst[lm_rt_find(&n.rt, &d)].sel = 2;
	for (i = 0; i < LM_RT_CANDS; i++)
		n.dst[lm_rt_find(&n.rt, &d)].c[i].adv = 40 - 10 * i + (i == 3) * 30;
	mt[0] = 1;
	n.nb[3].state = LM_RT_NB_UP;
	/* rank of every slot via the hello-less path: move 23's slot out */
	n.dst[lm_rt_find(&n.rt, &d)].c[3].nb = 0;
	adv(&n, now0, A2(23), mt, 1);
	CHECK_EQ(route(&n, d, &m), 23);
	CHECK_EQ(m, 9);
}

static const struct lm_test tests[] = {
	{ "routing frames: layouts of HELLO, RT_DIR, RT_ADV, RT_REQ", test_layout },
	{ "routing frames: 20000 random round trips, every cut, every short room", test_roundtrip },
	{ "routing frames: invalid frames and messages refused", test_invalid },
	{ "Trickle: doubling to Imax, reset, suppression, seqno order", test_trickle },
	{ "lm_rt_init: sizes and parameters; entry <= 64 bytes", test_init },
	{ "neighbour: one-way then two-way, routes from list and vector", test_neighbour },
	{ "neighbour: missed hellos lower the ratio, gone after 3", test_gone },
	{ "link cost: ETX, LQI term, hysteresis, unusable links", test_cost },
	{ "link cost: a drift within the hysteresis lands after a window", test_cost_drift },
	{ "feasibility condition, starvation, seqno requests, hysteresis", test_feasibility },
	{ "seqno and list requests: answered, forwarded, merged", test_requests },
	{ "vector entries without a list entry: list requested", test_unknown_index },
	{ "full tables and bad frames", test_full },
	{ "200 destinations: frames within budget, deltas, hello rotation", test_split },
	{ "ring of 6, 10% loss: routes, cut, node death, healing", test_ring },
	{ "long silences: ratio 0, reports of us expire", test_silence },
	{ "more routes than slots: replacement rules", test_cands },
};

int main(void)
{
	return lm_test_run(tests, ARRAY_SIZE(tests));
}
