// SPDX-License-Identifier: GPL-2.0
/*
 * mesh_json.c - mesh tables as JSON (pure)
 *
 * Keys, their order and formats follow iotctl -j: ext_addr "00:11:..:77", short
 * addresses and PAN "0x00ab", operstate "up"/"down", counters under their
 * kernel names in kernel order.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mesh.h"

struct mesh_rec *mesh_list_add(struct mesh_list *l)
{
	struct mesh_rec *nr;
	size_t ncap;

	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 8;
		nr = realloc(l->r, ncap * sizeof(*nr));
		if (!nr)
			return NULL;
		l->r = nr;
		l->cap = ncap;
	}
	memset(&l->r[l->n], 0, sizeof(l->r[0]));
	return &l->r[l->n++];
}

int mesh_rec_add_counter(struct mesh_rec *r, const char *name, uint64_t value)
{
	struct mesh_counter *nc;
	size_t ncap;

	if (r->n_counters == r->cap_counters) {
		ncap = r->cap_counters ? r->cap_counters * 2 : 16;
		nc = realloc(r->counters, ncap * sizeof(*nc));
		if (!nc)
			return -1;
		r->counters = nc;
		r->cap_counters = ncap;
	}
	snprintf(r->counters[r->n_counters].name, MESH_STATNAMSIZ, "%s", name);
	r->counters[r->n_counters++].value = value;
	return 0;
}

void mesh_list_free(struct mesh_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->r[i].counters);
	free(l->r);
	memset(l, 0, sizeof(*l));
}

const char *mesh_table_name(enum mesh_table t)
{
	static const char *const names[MESH_NTABLES] = {
		[MESH_DEV] = "dev",
		[MESH_STATS] = "stats",
		[MESH_ROUTES] = "routes",
		[MESH_NEIGH] = "neigh",
		[MESH_CTX] = "ctx",
	};

	return (unsigned int)t < MESH_NTABLES ? names[t] : "?";
}

void mesh_fmt_ext(uint64_t ext, char *buf, size_t size)
{
	snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x",
		 (unsigned int)(ext >> 56) & 0xff, (unsigned int)(ext >> 48) & 0xff,
		 (unsigned int)(ext >> 40) & 0xff, (unsigned int)(ext >> 32) & 0xff,
		 (unsigned int)(ext >> 24) & 0xff, (unsigned int)(ext >> 16) & 0xff,
		 (unsigned int)(ext >> 8) & 0xff, (unsigned int)ext & 0xff);
}

void mesh_fmt_short(uint16_t s, char *buf, size_t size)
{
	snprintf(buf, size, "0x%04x", s);
}

static void json_ext(struct jbuf *jb, const char *key, uint64_t v)
{
	char b[24];

	mesh_fmt_ext(v, b, sizeof(b));
	jb_str(jb, key, b);
}

static void json_short(struct jbuf *jb, const char *key, uint16_t v)
{
	char b[8];

	mesh_fmt_short(v, b, sizeof(b));
	jb_str(jb, key, b);
}

static void json_ifc(const struct mesh_rec *r, struct jbuf *jb)
{
	if (r->ifname[0])
		jb_str(jb, "ifname", r->ifname);
	jb_u64(jb, "ifindex", r->ifindex);
}

/* enum words as iotctl prints them; unknown values as their number */
static void json_word(struct jbuf *jb, const char *key, unsigned int v,
		      const char *const *words, unsigned int n)
{
	char buf[12];

	if (v < n && words[v]) {
		jb_str(jb, key, words[v]);
		return;
	}
	snprintf(buf, sizeof(buf), "%u", v);
	jb_str(jb, key, buf);
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* enum lowpan_mesh_route_origin */
static const char *const route_origins[] = { "static", "learned", "mesh" };
static const char *const ctx_origins[] = { "configured", "mesh", "6co", "auto" };
/* enum lowpan_mesh_ctx_phase */
static const char *const ctx_phases[] = { "hold", "compress", "drain", "expired" };
static const char *const authorities[] = { "off", "on", "auto" };

static void json_dev(const struct mesh_rec *r, struct jbuf *jb)
{
	json_ifc(r, jb);
	if (r->has & MH_WPAN_IFNAME)
		jb_str(jb, "wpan_ifname", r->wpan_ifname);
	if (r->has & MH_WPAN_IFINDEX)
		jb_u64(jb, "wpan_ifindex", r->wpan_ifindex);
	if (r->has & MH_OPER)
		jb_str(jb, "operstate", r->oper_up ? "up" : "down");
	if (r->has & MH_MTU)
		jb_u64(jb, "mtu", r->mtu);
	if (r->has & MH_HOPS)
		jb_u64(jb, "hops_left", r->hops_left);
	if (r->has & MH_FLOOD)
		jb_bool(jb, "flood", r->flood);
	if (r->has & MH_AUTHORITY)
		json_word(jb, "ctx_authority", r->authority, authorities,
			  ARRAY_SIZE(authorities));
	if (r->has & MH_VERSION)
		jb_u64(jb, "ctx_version", r->version);
	if (r->has & MH_EXT)
		json_ext(jb, "ext_addr", r->ext_addr);
	if (r->has & MH_SHORT)
		json_short(jb, "short_addr", r->short_addr);
	if (r->has & MH_PAN)
		json_short(jb, "pan_id", r->pan_id);
}

static void json_stats(const struct mesh_rec *r, struct jbuf *jb)
{
	size_t i;

	json_ifc(r, jb);
	jb_obj_open(jb, "stats");
	for (i = 0; i < r->n_counters; i++)
		jb_u64(jb, r->counters[i].name, r->counters[i].value);
	jb_obj_close(jb);
}

static void json_route(const struct mesh_rec *r, struct jbuf *jb)
{
	if (r->has & MH_DST_SHORT)
		json_short(jb, "dst", r->dst_short);
	else if (r->has & MH_DST_EXT)
		json_ext(jb, "dst", r->dst_ext);
	if (r->has & MH_NH_SHORT)
		json_short(jb, "nexthop", r->nh_short);
	else if (r->has & MH_NH_EXT)
		json_ext(jb, "nexthop", r->nh_ext);
	json_ifc(r, jb);
	if (r->has & MH_METRIC)
		jb_u64(jb, "metric", r->metric);
	if (r->has & MH_ORIGIN)
		json_word(jb, "origin", r->origin, route_origins,
			  ARRAY_SIZE(route_origins));
}

static void json_neigh(const struct mesh_rec *r, struct jbuf *jb)
{
	if (r->has & MH_SHORT)
		json_short(jb, "short_addr", r->short_addr);
	if (r->has & MH_EXT)
		json_ext(jb, "ext_addr", r->ext_addr);
	json_ifc(r, jb);
	if (r->has & MH_LQI)
		jb_u64(jb, "lqi", r->lqi);
	if (r->has & MH_LAST_SEEN)
		jb_u64(jb, "last_seen_ms", r->last_seen_ms);
	if (r->has & MH_RX_FRAMES)
		jb_u64(jb, "rx_frames", r->rx_frames);
	if (r->has & (MH_TX_PACKETS | MH_TX_HDR_IN | MH_TX_HDR_OUT)) {
		jb_u64(jb, "tx_packets", r->tx_packets);
		jb_u64(jb, "hdr_in", r->tx_hdr_in);
		jb_u64(jb, "hdr_out", r->tx_hdr_out);
		jb_i64(jb, "hdr_saved", (int64_t)(r->tx_hdr_in - r->tx_hdr_out));
	}
}

static void json_ctx(const struct mesh_rec *r, struct jbuf *jb)
{
	char addr[INET6_ADDRSTRLEN + 8];
	size_t n;

	if (r->has & MH_CTX_ID)
		jb_u64(jb, "cid", r->ctx_id);
	if (r->has & MH_PREFIX) {
		if (!inet_ntop(AF_INET6, r->prefix, addr, INET6_ADDRSTRLEN))
			snprintf(addr, sizeof(addr), "?");
		n = strlen(addr);
		if (r->has & MH_PLEN)
			snprintf(addr + n, sizeof(addr) - n, "/%u", r->prefix_len);
		jb_str(jb, "prefix", addr);
	}
	json_ifc(r, jb);
	if (r->has & MH_COMPRESS)
		jb_bool(jb, "compress", r->compress);
	if (r->has & MH_PHASE)
		json_word(jb, "phase", r->phase, ctx_phases,
			  ARRAY_SIZE(ctx_phases));
	if (r->has & MH_LIFETIME) {
		jb_u64(jb, "lifetime", r->lifetime);
		jb_bool(jb, "expires", r->lifetime != 0);
	}
	if (r->has & MH_ORIGIN)
		json_word(jb, "origin", r->origin, ctx_origins,
			  ARRAY_SIZE(ctx_origins));
	if (r->has & MH_VERSION)
		jb_u64(jb, "version", r->version);
}

void mesh_json(enum mesh_table t, const struct mesh_list *l, struct jbuf *jb)
{
	size_t i;

	jb_arr_open(jb, NULL);
	for (i = 0; i < l->n; i++) {
		const struct mesh_rec *r = &l->r[i];

		jb_obj_open(jb, NULL);
		switch (t) {
		case MESH_DEV:
			json_dev(r, jb);
			break;
		case MESH_STATS:
			json_stats(r, jb);
			break;
		case MESH_ROUTES:
			json_route(r, jb);
			break;
		case MESH_NEIGH:
			json_neigh(r, jb);
			break;
		case MESH_CTX:
			json_ctx(r, jb);
			break;
		default:
			break;
		}
		jb_obj_close(jb);
	}
	jb_arr_close(jb);
}
