// SPDX-License-Identifier: GPL-2.0
/*
 * parse.c - pure parsers and formatters for iotctl arguments
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/lowpan_mesh.h>

#include "parse.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* exactly @n hex digits at @s, NUL-terminated or not */
static int parse_hex_n(const char *s, int n, uint64_t *out)
{
	uint64_t v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		d = hexval(s[i]);
		if (d < 0)
			return -EINVAL;
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned int base = 10;
	bool range = false;
	uint64_t v = 0;
	int d;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		d = hexval(*s);
		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			range = true;	/* keep checking the form */
		else
			v = v * base + (uint64_t)d;
	}
	if (range || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int err;

	err = parse_uint(s, min, max, &v);
	if (!err)
		*out = (uint32_t)v;
	return err;
}

int parse_onoff(const char *s, bool *out)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "on")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "off")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

int parse_ieee802154_addr(const char *s, struct ieee802154_addr_arg *out)
{
	size_t len;
	uint64_t v, byte;
	int i;

	if (!s)
		return -EINVAL;
	len = strlen(s);
	if (len >= 3 && len <= 6 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (parse_hex_n(s + 2, (int)len - 2, &v))
			return -EINVAL;
		out->kind = ADDR_SHORT;
		out->short_addr = (uint16_t)v;
		out->ext_addr = 0;
		return 0;
	}
	if (len == 16) {
		if (parse_hex_n(s, 16, &v))
			return -EINVAL;
	} else if (len == 23) {
		v = 0;
		for (i = 0; i < 8; i++) {
			if (i < 7 && s[i * 3 + 2] != ':')
				return -EINVAL;
			if (parse_hex_n(s + i * 3, 2, &byte))
				return -EINVAL;
			v = (v << 8) | byte;
		}
	} else {
		return -EINVAL;
	}
	out->kind = ADDR_EXTENDED;
	out->short_addr = 0;
	out->ext_addr = v;
	return 0;
}

int parse_ipv6_prefix(const char *s, struct in6_addr *addr, unsigned int *len)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash;
	struct in6_addr a;
	uint32_t plen;
	unsigned int i, bit;
	int err;

	if (!s)
		return -EINVAL;
	slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof(buf) || slash == s)
		return -EINVAL;
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	if (inet_pton(AF_INET6, buf, &a) != 1)
		return -EINVAL;
	/* decimal only: "/0x40" is not a prefix length */
	if (slash[1] == '0' && (slash[2] == 'x' || slash[2] == 'X'))
		return -EINVAL;
	err = parse_u32(slash + 1, 0, 128, &plen);
	if (err)
		return err;
	for (i = plen; i < 128; i++) {
		bit = 0x80 >> (i % 8);
		if (a.s6_addr[i / 8] & bit)
			return -EINVAL;
	}
	*addr = a;
	*len = plen;
	return 0;
}

bool valid_ifname(const char *s)
{
	size_t len;

	if (!s)
		return false;
	len = strlen(s);
	if (len == 0 || len >= IFNAMSIZ)
		return false;
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	return !strpbrk(s, "/: \t\n\v\f\r");
}

char *format_ext_addr(uint64_t a, char buf[EXT_ADDR_STRLEN])
{
	snprintf(buf, EXT_ADDR_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x",
		 (unsigned int)(a >> 56) & 0xff, (unsigned int)(a >> 48) & 0xff,
		 (unsigned int)(a >> 40) & 0xff, (unsigned int)(a >> 32) & 0xff,
		 (unsigned int)(a >> 24) & 0xff, (unsigned int)(a >> 16) & 0xff,
		 (unsigned int)(a >> 8) & 0xff, (unsigned int)a & 0xff);
	return buf;
}

char *format_short_addr(uint16_t a, char buf[SHORT_ADDR_STRLEN])
{
	snprintf(buf, SHORT_ADDR_STRLEN, "0x%04x", a);
	return buf;
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const route_origin_words[] = {
	[LOWPAN_MESH_ROUTE_STATIC] = "static",
	[LOWPAN_MESH_ROUTE_LEARNED] = "learned",
	[LOWPAN_MESH_ROUTE_MESH] = "mesh",
};

static const char *const neigh_state_words[] = {
	[LOWPAN_MESH_NEIGH_NONE] = "none",
	[LOWPAN_MESH_NEIGH_HEARD] = "heard",
	[LOWPAN_MESH_NEIGH_UP] = "up",
};

static const char *const ctx_origin_words[] = {
	[LOWPAN_MESH_CTX_CONFIGURED] = "configured",
	[LOWPAN_MESH_CTX_MESH] = "mesh",
	[LOWPAN_MESH_CTX_6CO] = "6co",
	[LOWPAN_MESH_CTX_AUTO] = "auto",
};

static const char *const ctx_authority_words[] = {
	[LOWPAN_MESH_CTX_AUTHORITY_OFF] = "off",
	[LOWPAN_MESH_CTX_AUTHORITY_ON] = "on",
	[LOWPAN_MESH_CTX_AUTHORITY_AUTO] = "auto",
};

static const char *const ctx_phase_words[] = {
	[LOWPAN_MESH_CTX_PHASE_HOLD] = "hold",
	[LOWPAN_MESH_CTX_PHASE_COMPRESS] = "compress",
	[LOWPAN_MESH_CTX_PHASE_DRAIN] = "drain",
	[LOWPAN_MESH_CTX_PHASE_EXPIRED] = "expired",
};

static const char *const event_words[] = {
	[LOWPAN_MESH_EVENT_ROUTE] = "route",
	[LOWPAN_MESH_EVENT_NEIGH] = "neigh",
	[LOWPAN_MESH_EVENT_CTX] = "ctx",
};

const struct name_table route_origins = {
	route_origin_words, ARRAY_SIZE(route_origin_words)
};
const struct name_table ctx_origins = {
	ctx_origin_words, ARRAY_SIZE(ctx_origin_words)
};
const struct name_table ctx_authorities = {
	ctx_authority_words, ARRAY_SIZE(ctx_authority_words)
};
const struct name_table ctx_phases = {
	ctx_phase_words, ARRAY_SIZE(ctx_phase_words)
};
const struct name_table neigh_states = {
	neigh_state_words, ARRAY_SIZE(neigh_state_words)
};
const struct name_table mesh_events = {
	event_words, ARRAY_SIZE(event_words)
};

const char *name_of(const struct name_table *t, unsigned int value,
		    char buf[NAME_STRLEN])
{
	if (value < t->count && t->names[value])
		return t->names[value];
	snprintf(buf, NAME_STRLEN, "%u", value);
	return buf;
}

int parse_name(const struct name_table *t, const char *s)
{
	unsigned int i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < t->count; i++)
		if (t->names[i] && !strcmp(t->names[i], s))
			return (int)i;
	return -EINVAL;
}

char *format_ago(uint32_t ms, char buf[AGO_STRLEN])
{
	uint32_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, AGO_STRLEN, "%u.%us", s, (ms % 1000) / 100);
	else if (s < 3600)
		snprintf(buf, AGO_STRLEN, "%um%02us", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, AGO_STRLEN, "%uh%02um", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, AGO_STRLEN, "%ud%02uh", s / 86400, s % 86400 / 3600);
	return buf;
}
