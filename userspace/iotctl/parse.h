/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse.h - pure parsers and formatters for iotctl arguments
 *
 * Every parser takes a NUL-terminated string and returns 0, -EINVAL when the
 * text does not have the expected form, or -ERANGE when it has the form but
 * a value out of range. Nothing is written to the outputs on failure.
 */
#ifndef IOTCTL_PARSE_H
#define IOTCTL_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

/* 802.15.4 reserved short addresses */
#define IEEE802154_ADDR_BROADCAST	0xffff
#define IEEE802154_ADDR_UNDEF		0xfffe	/* "no short address" */

enum ieee802154_addr_kind {
	ADDR_SHORT,
	ADDR_EXTENDED,
};

struct ieee802154_addr_arg {
	enum ieee802154_addr_kind kind;
	uint16_t short_addr;
	uint64_t ext_addr;	/* most significant byte printed first */
};

/* decimal, or hexadecimal with 0x; no sign, no spaces; min <= value <= max */
int parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);

/* "on" or "off" */
int parse_onoff(const char *s, bool *out);

/*
 * An 802.15.4 address: short "0x1234" (0x and 1 to 4 hex digits), extended
 * "00:11:22:33:44:55:66:77" (8 groups of 2 hex digits) or
 * "0011223344556677" (16 hex digits).
 */
int parse_ieee802154_addr(const char *s, struct ieee802154_addr_arg *out);

/*
 * An IPv6 prefix "2001:db8::/64": the length is required, 0 to 128, and
 * the address must have no bit set past the length (-EINVAL otherwise).
 */
int parse_ipv6_prefix(const char *s, struct in6_addr *addr, unsigned int *len);

/* an interface name the kernel could accept: 1 to 15 bytes, no '/', ':' or space */
bool valid_ifname(const char *s);

#define EXT_ADDR_STRLEN		24	/* "00:11:22:33:44:55:66:77" + NUL */
#define SHORT_ADDR_STRLEN	7	/* "0x1234" + NUL */

char *format_ext_addr(uint64_t addr, char buf[EXT_ADDR_STRLEN]);
char *format_short_addr(uint16_t addr, char buf[SHORT_ADDR_STRLEN]);

/*
 * The words of a UAPI enumeration, in value order: the same words on the
 * command line, in text output and in JSON.
 */
struct name_table {
	const char *const *names;
	unsigned int count;
};

extern const struct name_table route_origins;	/* static, learned, mesh */
extern const struct name_table neigh_states;	/* none, heard, up */
extern const struct name_table ctx_origins;	/* configured, mesh, 6co, auto */
extern const struct name_table ctx_authorities;	/* off, on, auto */
extern const struct name_table ctx_phases;	/* hold, compress, drain, expired */
extern const struct name_table mesh_events;	/* route, neigh, ctx */

#define NAME_STRLEN	12	/* a value past the table: "4294967295" + NUL */

/* the word of @value, or @value in decimal when the table has none */
const char *name_of(const struct name_table *t, unsigned int value,
		    char buf[NAME_STRLEN]);
/* the value of the word @s, or -EINVAL */
int parse_name(const struct name_table *t, const char *s);

#define AGO_STRLEN	16	/* "49d17h ago" + NUL, with room */

/*
 * A duration in milliseconds for humans: "0.3s", "59.9s", "3m07s",
 * "2h05m", "49d17h" (truncated, never rounded up).
 */
char *format_ago(uint32_t ms, char buf[AGO_STRLEN]);

#endif /* IOTCTL_PARSE_H */
