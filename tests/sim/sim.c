// SPDX-License-Identifier: GPL-2.0
/*
 * sim.c - deterministic discrete-event simulator of the mesh routing of
 * kernel/proto/lm_route.c (the same source the module builds).
 *
 * N nodes on a grid, a line or a random geometric graph; per-link loss
 * and LQI; links that flap; nodes that die. Every control frame is built
 * by lm_rt_tx() and parsed by lm_rt_rx() (so by lm_ctrl.c's codec) and
 * counted with its 802.15.4 overhead. Frames take no airtime and never
 * collide (the loss of a link stands for both). Data packets are walked
 * hop by hop along the next hops: a packet that comes back to a node it
 * visited is a packet forwarded in a loop.
 *
 *   sim test                      the TAP tests of `make test`
 *   sim bench TOPO N [SEED]       one benchmark run, one line of figures
 *                                 (TOPO: grid, line, rgg, clique)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "lm_route.h"
#include "lm_test.h"

/* 802.15.4 overhead of a one-hop broadcast: PHY (preamble, SFD, length),
 * frame control, seq, PAN id, broadcast destination, short source, FCS
 */
#define PHY_OVERHEAD	6
#define MAC_OVERHEAD	(2 + 1 + 2 + 2 + 2 + 2)
#define CHANNEL_BPS	250000

struct link {
	u8 up;
	u8 loss;	/* percent */
	u8 lqi;
};

struct node {
	struct lm_rt rt;
	struct lm_rt_dst *dst;
	u16 *order;
	struct lm_rt_nb *nb;
	struct lm_rt_map *map;
	double x, y;
	bool alive;
	u64 next;	/* deadline, sim ms */
	u32 gen;
	u64 bytes;	/* on air, with overhead */
	u32 frames;
	int *adj;	/* potential neighbours */
	int nadj;
};

struct hent {
	u64 t;
	int node;
	u32 gen;
};

struct sim {
	int n;
	struct node *node;
	struct link *link;	/* n * n */
	struct hent *heap;
	int nheap, cap;
	u64 now;
	u32 base;		/* lm_rt sees base + now: wraps during runs */
	u64 rng;
	int max_nb;
	int *mark;
	int *queue;
	u32 stamp;
	u32 *visit;
	/* counters */
	u64 loops;		/* packets forwarded in a loop */
	u64 walks;
	u64 checks;
	bool check_every_change;
};

static u32 rnd32(struct sim *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	return s->rng >> 16;
}

static double rndf(struct sim *s)
{
	return (rnd32(s) & 0xffffff) / (double)0x1000000;
}

static struct link *L(struct sim *s, int a, int b)
{
	return &s->link[(size_t)a * s->n + b];
}

static void addr_of(int i, struct lm_rt_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->len = 2;
	a->a[0] = (i + 1) >> 8;
	a->a[1] = i + 1;
}

static int node_of(const struct lm_rt_addr *a)
{
	return (a->a[0] << 8 | a->a[1]) - 1;
}

static void hpush(struct sim *s, u64 t, int node)
{
	struct hent e = { t, node, s->node[node].gen }, tmp;
	int i;

	if (s->nheap == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->heap = realloc(s->heap, s->cap * sizeof(*s->heap));
		if (!s->heap)
			abort();
	}
	i = s->nheap++;
	s->heap[i] = e;
	while (i && s->heap[(i - 1) / 2].t > s->heap[i].t) {
		tmp = s->heap[i];
		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
}

static struct hent hpop(struct sim *s)
{
	struct hent top = s->heap[0], tmp;
	int i = 0, c;

	s->heap[0] = s->heap[--s->nheap];
	for (;;) {
		c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && s->heap[c + 1].t < s->heap[c].t)
			c++;
		if (s->heap[i].t <= s->heap[c].t)
			break;
		tmp = s->heap[i];
		s->heap[i] = s->heap[c];
		s->heap[c] = tmp;
		i = c;
	}
	return top;
}

static void schedule(struct sim *s, int i, u64 t)
{
	struct node *nd = &s->node[i];

	if (t >= nd->next && nd->next > s->now)
		return;
	nd->next = t;
	nd->gen++;
	hpush(s, t, i);
}

/* Potential links: add a -> b and b -> a with @loss and @lqi. */
static void add_link(struct sim *s, int a, int b, u8 loss, u8 lqi)
{
	struct link *l = L(s, a, b), *r = L(s, b, a);

	if (l->lqi)
		return;
	if (getenv("SIM_NOLOSS"))
		loss = 0;
	l->up = r->up = 1;
	l->loss = r->loss = loss;
	l->lqi = r->lqi = lqi;
	s->node[a].adj[s->node[a].nadj++] = b;
	s->node[b].adj[s->node[b].nadj++] = a;
}

static void sim_free(struct sim *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		free(s->node[i].dst);
		free(s->node[i].order);
		free(s->node[i].nb);
		free(s->node[i].map);
		free(s->node[i].adj);
	}
	free(s->node);
	free(s->link);
	free(s->heap);
	free(s->mark);
	free(s->queue);
	free(s->visit);
	memset(s, 0, sizeof(*s));
}

/* Connected components over potential links: @mark[i] = component. */
static int components(struct sim *s, bool up_only, bool alive_only)
{
	int i, h, t, c = 0, u, v, k;

	for (i = 0; i < s->n; i++)
		s->mark[i] = -1;
	for (i = 0; i < s->n; i++) {
		if (s->mark[i] >= 0 || (alive_only && !s->node[i].alive))
			continue;
		s->mark[i] = c;
		h = 0;
		t = 0;
		s->queue[t++] = i;
		while (h < t) {
			u = s->queue[h++];
			for (k = 0; k < s->node[u].nadj; k++) {
				v = s->node[u].adj[k];
				if (s->mark[v] >= 0 ||
				    (up_only && !L(s, u, v)->up) ||
				    (alive_only && !s->node[v].alive))
					continue;
				s->mark[v] = c;
				s->queue[t++] = v;
			}
		}
		c++;
	}
	return c;
}

/* Link every node outside component 0... to its nearest node in it. */
static void rgg_connect(struct sim *s)
{
	int i, j, best, biggest = 0, nc, *size;
	double d, bd;

	nc = components(s, false, false);
	size = calloc(nc, sizeof(int));
	for (i = 0; i < s->n; i++)
		size[s->mark[i]]++;
	for (i = 1; i < nc; i++)
		if (size[i] > size[biggest])
			biggest = i;
	free(size);
	for (i = 0; i < s->n; i++) {
		if (s->mark[i] == biggest)
			continue;
		best = -1;
		bd = 1e9;
		for (j = 0; j < s->n; j++) {
			if (s->mark[j] != biggest)
				continue;
			d = hypot(s->node[i].x - s->node[j].x,
				  s->node[i].y - s->node[j].y);
			if (d < bd) {
				bd = d;
				best = j;
			}
		}
		add_link(s, i, best, 10, 100);
		s->mark[i] = biggest;
	}
}

enum topo { GRID, LINE, RGG, CLIQUE };

/*
 * Build a topology of @n nodes; @w is the grid width. RGG: nodes uniform
 * in a square sized for about 8 neighbours each; links within range r,
 * loss rising from 0 at 0.6 r to 25% at r, LQI falling with distance;
 * nodes left out of the giant component are linked to their nearest
 * neighbour of it.
 */
static void sim_init(struct sim *s, enum topo topo, int n, int w, u64 seed)
{
	double side = 0, r = 1, d;
	int i, j;

	memset(s, 0, sizeof(*s));
	s->n = n;
	s->rng = seed * 0x9e3779b97f4a7c15ull + 1;
	s->base = 0u - 90000;	/* the u32 clock wraps 90 s in */
	s->node = calloc(n, sizeof(*s->node));
	s->link = calloc((size_t)n * n, sizeof(*s->link));
	s->mark = calloc(n, sizeof(int));
	s->queue = calloc(n, sizeof(int));
	s->visit = calloc(n, sizeof(u32));
	if (!s->node || !s->link || !s->mark || !s->queue || !s->visit)
		abort();
	for (i = 0; i < n; i++) {
		s->node[i].adj = calloc(n, sizeof(int));
		if (!s->node[i].adj)
			abort();
	}
	if (topo == RGG) {
		side = 1;
		r = sqrt(8.0 / (3.14159 * n));
	}
	for (i = 0; i < n; i++) {
		if (topo == GRID) {
			s->node[i].x = i % w;
			s->node[i].y = i / w;
		} else if (topo == RGG) {
			s->node[i].x = rndf(s) * side;
			s->node[i].y = rndf(s) * side;
		}
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (topo == CLIQUE) {
				add_link(s, i, j, 0, 255);
			} else if (topo == LINE) {
				if (j == i + 1)
					add_link(s, i, j, 0, 255);
			} else if (topo == GRID) {
				d = (s->node[i].x - s->node[j].x) *
				    (s->node[i].x - s->node[j].x) +
				    (s->node[i].y - s->node[j].y) *
				    (s->node[i].y - s->node[j].y);
				if (d < 1.01)
					add_link(s, i, j, 0, 255);
			} else {
				d = sqrt((s->node[i].x - s->node[j].x) *
						(s->node[i].x - s->node[j].x) +
						(s->node[i].y - s->node[j].y) *
						(s->node[i].y - s->node[j].y));
				if (d < r)
					add_link(s, i, j,
						 d < 0.6 * r ? 0 :
						 (u8)(25 * (d - 0.6 * r) /
						      (0.4 * r)),
						 (u8)(255 - 150 * d / r));
			}
		}
	}
	if (topo == RGG)
		rgg_connect(s);
}

/* Power a node on at sim time @t with tables sized for the mesh. */
static void node_start(struct sim *s, int i, u64 t)
{
	struct node *nd = &s->node[i];
	struct lm_rt_params p;
	struct lm_rt_storage st;
	struct lm_rt_addr self;
	int max_dst = s->n + 1;

	nd->dst = calloc(max_dst, sizeof(*nd->dst));
	nd->order = calloc(max_dst, sizeof(*nd->order));
	nd->nb = calloc(s->max_nb, sizeof(*nd->nb));
	nd->map = calloc((size_t)s->max_nb * max_dst, sizeof(*nd->map));
	if (!nd->dst || !nd->order || !nd->nb || !nd->map)
		abort();
	st.dst = nd->dst;
	st.order = nd->order;
	st.max_dst = max_dst;
	st.nb = nd->nb;
	st.max_nb = s->max_nb;
	st.map = nd->map;
	lm_rt_params_default(&p);
	if (getenv("SIM_COST_HYST"))
		p.cost_hyst_pct = atoi(getenv("SIM_COST_HYST"));
	if (getenv("SIM_HELLO_MS"))
		p.hello_ms = atoi(getenv("SIM_HELLO_MS"));
	addr_of(i, &self);
	if (lm_rt_init(&nd->rt, &p, &st, &self, s->base + (u32)t, rnd32(s)))
		abort();
	nd->alive = true;
	nd->next = ~0ull;
	schedule(s, i, t);
}

static void sim_power_on(struct sim *s, u64 spread)
{
	int i, deg = 0;

	for (i = 0; i < s->n; i++)
		if (s->node[i].nadj > deg)
			deg = s->node[i].nadj;
	s->max_nb = deg + 1 > LM_RT_MAX_NB ? LM_RT_MAX_NB : deg + 1;
	for (i = 0; i < s->n; i++)
		node_start(s, i, spread ? rnd32(s) % spread : 0);
}

static void deliver(struct sim *s, int from, const u8 *buf, int len)
{
	struct node *nd = &s->node[from];
	struct lm_rt_addr a;
	struct link *l;
	int k, j;

	nd->bytes += len + MAC_OVERHEAD + PHY_OVERHEAD;
	nd->frames++;
	addr_of(from, &a);
	for (k = 0; k < nd->nadj; k++) {
		j = nd->adj[k];
		l = L(s, from, j);
		if (!l->up || !s->node[j].alive)
			continue;
		if (l->loss && rnd32(s) % 100 < l->loss)
			continue;
		lm_rt_rx(&s->node[j].rt, s->base + (u32)s->now, rnd32(s), &a,
			 l->lqi, buf, len);
		schedule(s, j, s->now + 1);
	}
}

static u64 route_changes, nb_ups, nb_gones;

static void process(struct sim *s, int i)
{
	struct node *nd = &s->node[i];
	u8 buf[LM_CTRL_RT_MAX_LEN];
	u32 next, ev;
	int len;

	next = lm_rt_tick(&nd->rt, s->base + (u32)s->now, rnd32(s));
	while ((len = lm_rt_tx(&nd->rt, buf, sizeof(buf))) > 0)
		deliver(s, i, buf, len);
	if (len < 0)
		abort();
	ev = lm_rt_events(&nd->rt);
	if (ev & LM_RT_EV_ROUTE)
		route_changes++;
	if (ev & LM_RT_EV_NB_UP)
		nb_ups++;
	if (ev & LM_RT_EV_NB_GONE)
		nb_gones++;
	nd->next = ~0ull;
	schedule(s, i, s->now + (u32)(next - (s->base + (u32)s->now)));
}

static int check_loops(struct sim *s);

/* Run until sim time @t. */
static void run_until(struct sim *s, u64 t)
{
	struct hent e;
	u64 rc;

	while (s->nheap && s->heap[0].t <= t) {
		e = hpop(s);
		if (e.gen != s->node[e.node].gen || !s->node[e.node].alive)
			continue;
		s->now = e.t;
		rc = route_changes;
		process(s, e.node);
		if (s->check_every_change && route_changes != rc)
			check_loops(s);
	}
	s->now = t;
}

static int nexthop_node(struct sim *s, int at, int dst)
{
	struct lm_rt *rt = &s->node[at].rt;
	struct lm_rt_addr a;
	int slot, nb;

	addr_of(dst, &a);
	slot = lm_rt_find(rt, &a);
	if (slot < 0)
		return -1;
	nb = lm_rt_nexthop(rt, slot, NULL);
	return nb < 0 ? -1 : node_of(&rt->s.nb[nb].addr);
}

/*
 * Walk a packet from @src to @dst. Return: 1 delivered, 0 dropped (no
 * route, a link down, a dead node), -1 forwarded in a loop.
 */
static int walk(struct sim *s, int src, int dst)
{
	int at = src, nh, hops;

	s->stamp++;
	s->visit[at] = s->stamp;
	s->walks++;
	for (hops = 0; hops <= s->n; hops++) {
		if (at == dst)
			return 1;
		nh = nexthop_node(s, at, dst);
		if (nh < 0 || !L(s, at, nh)->up || !s->node[nh].alive)
			return 0;
		if (s->visit[nh] == s->stamp) {
			s->loops++;
			return -1;
		}
		s->visit[nh] = s->stamp;
		at = nh;
	}
	return -1;
}

/* Walk every pair of live nodes; return the loops found. */
static int check_loops(struct sim *s)
{
	int i, j, loops = 0;

	s->checks++;
	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->n; j++)
			if (i != j && s->node[i].alive && s->node[j].alive &&
			    walk(s, i, j) < 0)
				loops++;
	return loops;
}

static void debug_pair(struct sim *s, int i, int j)
{
	int at = i, h, k;
	struct lm_rt_addr a;
	struct lm_rt_dst *d;

	addr_of(j, &a);
	printf("# t=%llu no route %d -> %d:", (unsigned long long)s->now, i, j);
	for (h = 0; h < 20 && at >= 0 && at != j; h++) {
		k = lm_rt_find(&s->node[at].rt, &a);
		d = k >= 0 ? &s->node[at].rt.s.dst[k] : NULL;
		printf(" %d[m%d s%u fd%u/%d f%x]", at, d ? d->metric : -1,
		       d ? d->seqno : 0, d ? d->fd_seqno : 0,
		       d ? d->fd_metric : -1, d ? d->flags : 0);
		at = nexthop_node(s, at, j);
	}
	printf("\n");
}

/* Every pair of live nodes connected by up links has a working route. */
static bool converged(struct sim *s)
{
	int i, j;

	components(s, true, true);
	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->n; j++)
			if (i != j && s->node[i].alive && s->node[j].alive &&
			    s->mark[i] == s->mark[j] && walk(s, i, j) != 1) {
				if (getenv("SIM_DEBUG"))
					debug_pair(s, i, j);
				return false;
			}
	return true;
}

/* Run until converged, checking every @step ms; return when, or -1. */
static long long until_converged(struct sim *s, u64 step, u64 limit)
{
	u64 t0 = s->now;

	while (s->now - t0 <= limit) {
		if (converged(s))
			return s->now - t0;
		run_until(s, s->now + step);
	}
	return -1;
}

static void kill_node(struct sim *s, int i)
{
	s->node[i].alive = false;
	s->node[i].gen++;
}

static u64 total_bytes(struct sim *s)
{
	u64 b = 0;
	int i;

	for (i = 0; i < s->n; i++)
		b += s->node[i].bytes;
	return b;
}

/* Bytes on air per second summed over the busiest closed neighbourhood,
 * from per-node byte counts taken @ms apart (@before: earlier counts).
 */
static double domain_rate(struct sim *s, const u64 *before, u64 ms)
{
	double best = 0, sum;
	int i, k;

	for (i = 0; i < s->n; i++) {
		sum = s->node[i].bytes - before[i];
		for (k = 0; k < s->node[i].nadj; k++)
			sum += s->node[s->node[i].adj[k]].bytes -
			       before[s->node[i].adj[k]];
		if (sum > best)
			best = sum;
	}
	return best * 1000.0 / ms;
}

/* A pair at least @hops apart on a working route, its relay in the middle. */
static bool pick_relay(struct sim *s, int hops, int *src, int *dst, int *relay)
{
	int i, j, at, h, path[64];

	for (i = 0; i < s->n; i++) {
		for (j = s->n - 1; j >= 0; j--) {
			if (i == j || walk(s, i, j) != 1)
				continue;
			at = i;
			for (h = 0; at != j && h < 64; h++) {
				path[h] = at;
				at = nexthop_node(s, at, j);
			}
			if (h >= hops) {
				*src = i;
				*dst = j;
				*relay = path[h / 2];
				return true;
			}
		}
	}
	return false;
}

/* ---- the tests of `make test` ---- */

static void converge_grid(int w, int h, u64 seed, long long limit_ms)
{
	struct sim s;
	long long t;

	sim_init(&s, GRID, w * h, w, seed);
	sim_power_on(&s, 1000);
	t = until_converged(&s, 100, 60000);
	printf("# grid %dx%d: converged %lld ms after power-on, loops %llu\n",
	       w, h, t, (unsigned long long)s.loops);
	CHECK(t >= 0 && t <= limit_ms);
	CHECK_EQ(check_loops(&s), 0);
	CHECK_EQU(s.loops, 0);
	sim_free(&s);
}

static void test_grid16(void)
{
	converge_grid(4, 4, 1, 10000);
}

static void test_grid32(void)
{
	converge_grid(8, 4, 2, 10000);
}

static void test_line16(void)
{
	struct sim s;
	long long t;

	sim_init(&s, LINE, 16, 0, 3);
	sim_power_on(&s, 1000);
	t = until_converged(&s, 100, 60000);
	printf("# line of 16: converged %lld ms after power-on\n", t);
	CHECK(t >= 0 && t <= 20000);
	CHECK_EQU(s.loops, 0);
	sim_free(&s);
}

static void test_relay_death(void)
{
	struct sim s;
	int src, dst, relay;
	long long t;
	u64 t0;

	sim_init(&s, GRID, 16, 4, 4);
	sim_power_on(&s, 1000);
	CHECK(until_converged(&s, 100, 60000) >= 0);
	run_until(&s, s.now + 60000);	/* steady state */
	CHECK(pick_relay(&s, 3, &src, &dst, &relay));
	kill_node(&s, relay);
	t0 = s.now;
	while (s.now - t0 < 60000 && walk(&s, src, dst) != 1)
		run_until(&s, s.now + 10);
	t = walk(&s, src, dst) == 1 ? (long long)(s.now - t0) : -1;
	printf("# relay %d of %d -> %d died: rerouted after %lld ms\n",
	       relay, src, dst, t);
	CHECK(t >= 0 && t <= 10000);
	CHECK(until_converged(&s, 100, 60000) >= 0);
	CHECK_EQ(check_loops(&s), 0);
	CHECK_EQU(s.loops, 0);
	sim_free(&s);
}

/* 1000 random edge flaps on 64 nodes; loops checked at every change. */
static void test_flaps64(void)
{
	struct sim s;
	int f, a, b, k, down = 0;
	struct link *l;

	sim_init(&s, RGG, 64, 0, 5);
	sim_power_on(&s, 1000);
	CHECK(until_converged(&s, 100, 60000) >= 0);
	s.check_every_change = true;
	for (f = 0; f < 1000; f++) {
		/* a random potential link, toggled; at most 10% down */
		do {
			a = rnd32(&s) % s.n;
		} while (!s.node[a].nadj);
		b = s.node[a].adj[rnd32(&s) % s.node[a].nadj];
		l = L(&s, a, b);
		if (l->up && down * 10 >= s.n)
			continue;
		down += l->up ? 1 : -1;
		l->up = !l->up;
		L(&s, b, a)->up = l->up;
		check_loops(&s);
		run_until(&s, s.now + 200 + rnd32(&s) % 800);
	}
	for (k = 0; k < s.n * s.n; k++)
		s.link[k].up = 1;
	s.check_every_change = false;
	printf("# 1000 flaps on 64 nodes: %llu loop checks, %llu packets walked, %llu forwarded in a loop\n",
	       (unsigned long long)s.checks, (unsigned long long)s.walks,
	       (unsigned long long)s.loops);
	CHECK_EQU(s.loops, 0);
	CHECK(s.checks >= 1000);
	CHECK(until_converged(&s, 100, 120000) >= 0);
	sim_free(&s);
}

/* The same seed gives the same run. */
static void test_deterministic(void)
{
	struct sim s;
	u64 b[2];
	int r;

	for (r = 0; r < 2; r++) {
		sim_init(&s, RGG, 32, 0, 6);
		sim_power_on(&s, 1000);
		run_until(&s, 30000);
		b[r] = total_bytes(&s);
		sim_free(&s);
	}
	CHECK_EQU(b[0], b[1]);
}

static const struct lm_test tests[] = {
	{ "16-node grid converges within 10 s, no loop", test_grid16 },
	{ "32-node grid converges within 10 s, no loop", test_grid32 },
	{ "16-node line converges", test_line16 },
	{ "relay death on a 16-node grid: rerouted", test_relay_death },
	{ "1000 edge flaps on 64 nodes: zero packets looped", test_flaps64 },
	{ "deterministic", test_deterministic },
};

/* ---- benchmark ---- */

static int bench(const char *topo, int n, u64 seed)
{
	enum topo tp = !strcmp(topo, "grid") ? GRID : !strcmp(topo, "line") ?
		       LINE : !strcmp(topo, "clique") ? CLIQUE : RGG;
	int w = 1, src, dst, relay, i, deg = 0;
	long long conv, rr = -1;
	u64 *before, t0, win = 128000;
	double dom, per_node;
	struct sim s;
	clock_t c0 = clock();

	while (w * w < n)
		w++;
	sim_init(&s, tp, n, w, seed);
	sim_power_on(&s, 1000);
	conv = until_converged(&s, n > 256 ? 1000 : 100, 600000);
	run_until(&s, s.now + 240000);	/* Trickle reaches Imax */
	before = calloc(n, sizeof(*before));
	for (i = 0; i < n; i++) {
		before[i] = s.node[i].bytes;
		if (s.node[i].nadj > deg)
			deg = s.node[i].nadj;
	}
	t0 = s.now;
	run_until(&s, t0 + win);
	dom = domain_rate(&s, before, win);
	per_node = 0;
	for (i = 0; i < n; i++)
		per_node += s.node[i].bytes - before[i];
	per_node = per_node * 1000.0 / win / n;
	if (pick_relay(&s, 3, &src, &dst, &relay)) {
		kill_node(&s, relay);
		t0 = s.now;
		while (s.now - t0 < 120000 && walk(&s, src, dst) != 1)
			run_until(&s, s.now + 10);
		rr = walk(&s, src, dst) == 1 ? (long long)(s.now - t0) : -1;
	}
	if (getenv("SIM_DEBUG")) {
		u64 tx[8] = { 0 };
		int ty;

		for (i = 0; i < n; i++)
			for (ty = 3; ty <= 6; ty++)
				tx[ty] += s.node[i].rt.stats.tx[ty];
		printf("# frames: hello %llu dir %llu adv %llu req %llu, route changes %llu, nb up %llu gone %llu\n",
		       (unsigned long long)tx[3], (unsigned long long)tx[4],
		       (unsigned long long)tx[5], (unsigned long long)tx[6],
		       (unsigned long long)route_changes,
		       (unsigned long long)nb_ups, (unsigned long long)nb_gones);
	}
	check_loops(&s);
	printf("%s %d: max_degree %d converge_ms %lld reroute_ms %lld B/s/node %.1f domain_B/s %.0f domain_pct %.2f state_B/dst %zu map_B/nb/dst %zu loops %llu cpu_s %.1f\n",
	       topo, n, deg, conv, rr, per_node, dom,
	       dom * 8 * 100 / CHANNEL_BPS, sizeof(struct lm_rt_dst) + 2,
	       sizeof(struct lm_rt_map), (unsigned long long)s.loops,
	       (double)(clock() - c0) / CLOCKS_PER_SEC);
	free(before);
	sim_free(&s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "bench"))
		return bench(argv[2], atoi(argv[3]),
			     argc > 4 ? strtoull(argv[4], NULL, 0) : 1);
	if (argc == 2 && !strcmp(argv[1], "test"))
		return lm_test_run(tests, ARRAY_SIZE(tests));
	fprintf(stderr, "usage: sim test | sim bench grid|line|rgg|clique N [SEED]\n");
	return 2;
}
