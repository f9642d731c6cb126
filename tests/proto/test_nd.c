// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for kernel/proto/lm_nd.c: the extended and short
 * 802.15.4 addresses that router and neighbour solicitations and
 * advertisements announce in their source / target link-layer address
 * options (RFC 4861 4.6.1, as net/6lowpan/ndisc.c writes them).
 *
 * Same conventions as test_ctrl.c: one "ok - name" / "not ok - name" line
 * per test, "# ..." diagnostics, and every parse done on a heap copy of
 * exactly the bytes given, so ASan reports any read past the end.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_nd.h"
#include "lm_test.h"

/*
 * Parse @n bytes on an exact heap copy; @ll starts out filled with a
 * pattern and is checked whole on success. The copy is padded with
 * nothing: a read of byte @n is an ASan report.
 */
static int parse_x(const u8 *p, size_t n, struct lm_nd_lladdr *ll)
{
	u8 *q = malloc(n ? n : 1);
	struct lm_nd_lladdr *l = malloc(sizeof(*l));
	int r;

	if (!q || !l)
		abort();
	if (n)
		memcpy(q, p, n);
	memset(l, 0xa5, sizeof(*l));
	r = lm_nd_lladdr_parse(q, n, l);
	*ll = *l;
	free(l);
	free(q);
	return r;
}

/* the outcome expected of a parse */
struct want {
	int rc;
	u64 ext;
	bool has_short;
	u16 short_addr;
};

static void expect(int line, const char *name, const u8 *m, size_t n,
		   const struct want *w)
{
	struct lm_nd_lladdr ll;
	int r = parse_x(m, n, &ll);

	if (r != w->rc) {
		printf("# line %d: %s (len %zu): rc %d, expected %d\n", line,
		       name, n, r, w->rc);
		fails++;
		return;
	}
	if (r)
		return;
	if (ll.ext != w->ext || ll.has_short != w->has_short ||
	    ll.short_addr != (w->has_short ? w->short_addr : 0)) {
		printf("# line %d: %s (len %zu): ext %016" PRIx64
		       " short %d/%04x, expected %016" PRIx64 " %d/%04x\n",
		       line, name, n, ll.ext, ll.has_short, ll.short_addr,
		       w->ext, w->has_short, w->short_addr);
		fails++;
	}
}

/* Addresses, and options carrying them (type T) */
#define EXT_A	0x021122fffe334455ULL
#define EXT_B	0x0a0b0c0d0e0f1011ULL
#define SH_A	0x000d
#define SH_B	0xbeef

#define O_EXT_A(t)	t, 2, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55, \
			0, 0, 0, 0, 0, 0
#define O_EXT_B(t)	t, 2, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, \
			0, 0, 0, 0, 0, 0
#define O_EXT_0(t)	t, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define O_EXT_1(t)	t, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
			0, 0, 0, 0, 0, 0
#define O_SH_A(t)	t, 1, 0x00, 0x0d, 0, 0, 0, 0
#define O_SH_B(t)	t, 1, 0xbe, 0xef, 0, 0, 0, 0
/* an option of length 3 (24 bytes) holding EXT_A where an extended one would */
#define O_LEN3(t)	t, 3, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55, \
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
/* MTU option (5) and prefix information option (3) of a router advertisement */
#define O_MTU		5, 1, 0, 0, 0, 0, 0x05, 0x00
#define O_PIO		3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x07, 0x08, \
			0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, \
			0, 0, 0, 0, 0, 0, 0, 0

#define SLL	LM_ND_OPT_SLLAO
#define TLL	LM_ND_OPT_TLLAO

/* NA flags: R, S, O */
#define NA_R	0x80
#define NA_S	0x40
#define NA_O	LM_ND_NA_OVERRIDE

static size_t fixed_len(u8 type)
{
	switch (type) {
	case LM_ND_RS:
		return LM_ND_RS_LEN;
	case LM_ND_RA:
		return LM_ND_RA_LEN;
	default:
		return LM_ND_NS_LEN;
	}
}

/*
 * The fixed part of a message of @type: type, code 0, a checksum (not
 * looked at), @flags in byte 4 (the NA flags; the RA's router lifetime
 * high byte), and a target address for NS and NA.
 */
static size_t start(u8 *m, u8 type, u8 flags)
{
	size_t n = fixed_len(type), i;

	memset(m, 0, n);
	m[0] = type;
	m[2] = 0x12;
	m[3] = 0x34;
	m[4] = flags;
	if (type == LM_ND_RA) {
		m[4] = 64;	/* cur hop limit */
		m[5] = flags;
		m[6] = 0x07;	/* router lifetime */
		m[7] = 0x08;
	}
	if (n == LM_ND_NS_LEN) {
		m[8] = 0xfe;
		m[9] = 0x80;
		for (i = 16; i < 24; i++)
			m[i] = 0x10 + i;
	}
	return n;
}

struct vec {
	const char *name;
	u8 type, flags;
	const u8 *opts;
	size_t optlen;
	struct want want;
};

#define OPTS(...) .opts = (const u8[]){ __VA_ARGS__ },			\
		  .optlen = sizeof((const u8[]){ __VA_ARGS__ })
#define NOOPTS .opts = NULL, .optlen = 0

#define OK_ES(e, s)	{ 0, e, true, s }
#define OK_E(e)		{ 0, e, false, 0 }
#define NOENT		{ -ENOENT, 0, false, 0 }
#define INVAL		{ -EINVAL, 0, false, 0 }

static void run_vecs(const struct vec *v, size_t n, int line)
{
	u8 m[512];
	size_t i, len;

	for (i = 0; i < n && !TOO_MANY(); i++) {
		len = start(m, v[i].type, v[i].flags);
		if (v[i].optlen)
			memcpy(m + len, v[i].opts, v[i].optlen);
		len += v[i].optlen;
		expect(line, v[i].name, m, len, &v[i].want);
	}
}

#define RUN(vecs) run_vecs(vecs, ARRAY_SIZE(vecs), __LINE__)

static const struct vec types_vecs[] = {
	{ "RS, SLLAO ext + short", LM_ND_RS, 0,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL)), OK_ES(EXT_A, SH_A) },
	{ "RA, SLLAO ext + short", LM_ND_RA, 0,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL)), OK_ES(EXT_A, SH_A) },
	{ "NS, SLLAO ext + short", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL)), OK_ES(EXT_A, SH_A) },
	{ "NA(O), TLLAO ext + short", LM_ND_NA, NA_O,
	  OPTS(O_EXT_A(TLL), O_SH_A(TLL)), OK_ES(EXT_A, SH_A) },
	{ "RS, SLLAO ext only", LM_ND_RS, 0, OPTS(O_EXT_B(SLL)),
	  OK_E(EXT_B) },
	{ "RA, SLLAO ext only", LM_ND_RA, 0, OPTS(O_EXT_B(SLL)),
	  OK_E(EXT_B) },
	{ "NS, SLLAO ext only", LM_ND_NS, 0, OPTS(O_EXT_B(SLL)),
	  OK_E(EXT_B) },
	{ "NA(O), TLLAO ext only", LM_ND_NA, NA_O, OPTS(O_EXT_B(TLL)),
	  OK_E(EXT_B) },
	{ "RS, short 0xbeef", LM_ND_RS, 0,
	  OPTS(O_EXT_B(SLL), O_SH_B(SLL)), OK_ES(EXT_B, SH_B) },
	/* the fixed part carries no option: NS/NA bytes 8..23 are the target */
	{ "RS, no option", LM_ND_RS, 0, NOOPTS, NOENT },
	{ "RA, no option", LM_ND_RA, 0, NOOPTS, NOENT },
	{ "NS, no option (DAD)", LM_ND_NS, 0, NOOPTS, NOENT },
	{ "NA(O), no option", LM_ND_NA, NA_O, NOOPTS, NOENT },
};

static void test_types(void)
{
	RUN(types_vecs);
}

static const struct vec order_vecs[] = {
	{ "RS, SLLAO short then ext", LM_ND_RS, 0,
	  OPTS(O_SH_A(SLL), O_EXT_A(SLL)), OK_ES(EXT_A, SH_A) },
	{ "RA, SLLAO short then ext", LM_ND_RA, 0,
	  OPTS(O_SH_B(SLL), O_EXT_B(SLL)), OK_ES(EXT_B, SH_B) },
	{ "NS, SLLAO short then ext", LM_ND_NS, 0,
	  OPTS(O_SH_A(SLL), O_EXT_B(SLL)), OK_ES(EXT_B, SH_A) },
	{ "NA(O), TLLAO short then ext", LM_ND_NA, NA_O,
	  OPTS(O_SH_B(TLL), O_EXT_A(TLL)), OK_ES(EXT_A, SH_B) },
	{ "NS, SLLAO ext then short", LM_ND_NS, 0,
	  OPTS(O_EXT_B(SLL), O_SH_B(SLL)), OK_ES(EXT_B, SH_B) },
	{ "NA(O), TLLAO ext then short", LM_ND_NA, NA_O,
	  OPTS(O_EXT_B(TLL), O_SH_A(TLL)), OK_ES(EXT_B, SH_A) },
	/* options of other types around them are stepped over */
	{ "RA, MTU, PIO, SLLAO short, PIO, SLLAO ext, MTU", LM_ND_RA, 0,
	  OPTS(O_MTU, O_PIO, O_SH_A(SLL), O_PIO, O_EXT_A(SLL), O_MTU),
	  OK_ES(EXT_A, SH_A) },
	{ "NS, unknown types 0, 255 and 33 around", LM_ND_NS, 0,
	  OPTS(0, 1, 1, 2, 3, 4, 5, 6, O_EXT_A(SLL), 255, 2, 0, 0, 0, 0, 0,
	       0, 0, 0, 0, 0, 0, 0, 0, 0, O_SH_B(SLL), 33, 1, 9, 9, 9, 9, 9,
	       9), OK_ES(EXT_A, SH_B) },
	/* the other type's option is not the one wanted */
	{ "NS: a TLLAO is ignored", LM_ND_NS, 0,
	  OPTS(O_EXT_B(TLL), O_SH_B(TLL), O_EXT_A(SLL), O_SH_A(SLL)),
	  OK_ES(EXT_A, SH_A) },
	{ "NA(O): a SLLAO is ignored", LM_ND_NA, NA_O,
	  OPTS(O_EXT_B(SLL), O_SH_B(SLL), O_SH_A(TLL), O_EXT_A(TLL)),
	  OK_ES(EXT_A, SH_A) },
	{ "NS with only a TLLAO", LM_ND_NS, 0,
	  OPTS(O_EXT_A(TLL), O_SH_A(TLL)), NOENT },
	{ "NA(O) with only a SLLAO", LM_ND_NA, NA_O,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL)), NOENT },
	{ "RS with only a TLLAO", LM_ND_RS, 0, OPTS(O_EXT_A(TLL)), NOENT },
	/* an option of the other type and a wrong length is no error */
	{ "NS: TLLAO of length 3 ignored", LM_ND_NS, 0,
	  OPTS(O_LEN3(TLL), O_EXT_A(SLL)), OK_E(EXT_A) },
	{ "NA(O): SLLAO of length 3 ignored", LM_ND_NA, NA_O,
	  OPTS(O_LEN3(SLL), O_EXT_A(TLL)), OK_E(EXT_A) },
};

static void test_order(void)
{
	RUN(order_vecs);
}

static const struct vec first_vecs[] = {
	{ "two ext: the first wins", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), O_EXT_B(SLL)), OK_E(EXT_A) },
	{ "two ext, other order", LM_ND_NS, 0,
	  OPTS(O_EXT_B(SLL), O_EXT_A(SLL)), OK_E(EXT_B) },
	{ "two short: the first wins", LM_ND_RS, 0,
	  OPTS(O_SH_B(SLL), O_EXT_A(SLL), O_SH_A(SLL)), OK_ES(EXT_A, SH_B) },
	{ "two short, other order", LM_ND_NA, NA_O,
	  OPTS(O_SH_A(TLL), O_SH_B(TLL), O_EXT_B(TLL)), OK_ES(EXT_B, SH_A) },
	{ "ext, short, ext, short", LM_ND_RA, 0,
	  OPTS(O_EXT_B(SLL), O_SH_B(SLL), O_EXT_A(SLL), O_SH_A(SLL)),
	  OK_ES(EXT_B, SH_B) },
	/* only the first non-short option is checked for its length */
	{ "a later option of length 3 is ignored", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), O_LEN3(SLL), O_SH_A(SLL)), OK_ES(EXT_A, SH_A) },
	{ "a later ext of all zeros is ignored", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), O_EXT_0(SLL)), OK_E(EXT_A) },
	/* a first ext of all zeros or ones announces nothing, the second
	 * does not stand in for it
	 */
	{ "first ext all zeros", LM_ND_NS, 0,
	  OPTS(O_EXT_0(SLL), O_EXT_A(SLL), O_SH_A(SLL)), NOENT },
	{ "first ext all ones", LM_ND_NA, NA_O,
	  OPTS(O_EXT_1(TLL), O_EXT_A(TLL), O_SH_A(TLL)), NOENT },
	{ "only a short address", LM_ND_NS, 0, OPTS(O_SH_A(SLL)), NOENT },
	{ "only short addresses", LM_ND_RA, 0,
	  OPTS(O_SH_A(SLL), O_SH_B(SLL)), NOENT },
	/* the short address is taken as it is, valid or not (route.c judges) */
	{ "short 0xffff", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), SLL, 1, 0xff, 0xff, 0, 0, 0, 0),
	  OK_ES(EXT_A, 0xffff) },
	{ "short 0xfffe", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), SLL, 1, 0xff, 0xfe, 0, 0, 0, 0),
	  OK_ES(EXT_A, 0xfffe) },
	{ "short 0x0000, padding not looked at", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), SLL, 1, 0, 0, 1, 2, 3, 4), OK_ES(EXT_A, 0) },
	{ "ext padding not looked at", LM_ND_NS, 0,
	  OPTS(SLL, 2, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55,
	       1, 2, 3, 4, 5, 6), OK_E(EXT_A) },
	{ "ext 00..01", LM_ND_RS, 0,
	  OPTS(SLL, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0), OK_E(1) },
	{ "ext ff..fe", LM_ND_RS, 0,
	  OPTS(SLL, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0,
	       0, 0, 0, 0), OK_E(0xfffffffffffffffeULL) },
};

static void test_first_wins(void)
{
	RUN(first_vecs);
}

static const struct vec bad_opt_vecs[] = {
	/* zero length: the whole message is void, whatever the type */
	{ "zero-length SLLAO first", LM_ND_NS, 0,
	  OPTS(SLL, 0, 0, 0, 0, 0, 0, 0, O_EXT_A(SLL)), INVAL },
	{ "zero-length option after a good ext", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL), 9, 0, 0, 0, 0, 0, 0, 0), INVAL },
	{ "zero-length unknown option between", LM_ND_RA, 0,
	  OPTS(O_EXT_A(SLL), 200, 0, 0, 0, 0, 0, 0, 0, O_SH_A(SLL)), INVAL },
	{ "zero-length TLLAO in an NS", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), TLL, 0), INVAL },
	{ "zero-length option alone, 2 bytes", LM_ND_RS, 0, OPTS(SLL, 0),
	  INVAL },
	/* overrunning: the length runs past the message */
	{ "SLLAO ext one unit too long", LM_ND_NS, 0,
	  OPTS(SLL, 3, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55, 0, 0,
	       0, 0, 0, 0), INVAL },
	{ "last option overruns", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL), 5, 2, 0, 0, 0, 0, 0, 0), INVAL },
	{ "option of length 255", LM_ND_RA, 0,
	  OPTS(O_EXT_A(SLL), 3, 255, 0, 0, 0, 0, 0, 0), INVAL },
	{ "one byte after the last option", LM_ND_NS, 0,
	  OPTS(O_EXT_A(SLL), 0), INVAL },
	{ "one byte, no option", LM_ND_RS, 0, OPTS(SLL), INVAL },
	{ "seven trailing bytes", LM_ND_NA, NA_O,
	  OPTS(O_EXT_A(TLL), 1, 2, 3, 4, 5, 6, 7), INVAL },
	/* wrong-length 802.15.4 options: the first non-short one must be 2 */
	{ "SLLAO of length 3 first", LM_ND_NS, 0,
	  OPTS(O_LEN3(SLL), O_EXT_A(SLL)), INVAL },
	{ "SLLAO of length 3 after a short", LM_ND_NS, 0,
	  OPTS(O_SH_A(SLL), O_LEN3(SLL)), INVAL },
	{ "TLLAO of length 3 in an NA(O)", LM_ND_NA, NA_O,
	  OPTS(O_LEN3(TLL), O_SH_A(TLL)), INVAL },
	{ "SLLAO of length 4 in an RS", LM_ND_RS, 0,
	  OPTS(SLL, 4, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55,
	       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	       0), INVAL },
	{ "NA without O: -ENOENT before its options", LM_ND_NA,
	  NA_R | NA_S, OPTS(O_LEN3(TLL), TLL, 0), NOENT },
};

static void test_bad_options(void)
{
	RUN(bad_opt_vecs);
}

static const struct vec na_vecs[] = {
	{ "NA without flags", LM_ND_NA, 0,
	  OPTS(O_EXT_A(TLL), O_SH_A(TLL)), NOENT },
	{ "NA with R and S, no O", LM_ND_NA, NA_R | NA_S,
	  OPTS(O_EXT_A(TLL), O_SH_A(TLL)), NOENT },
	{ "NA with every flag bit but O", LM_ND_NA, 0xff & ~NA_O,
	  OPTS(O_EXT_A(TLL), O_SH_A(TLL)), NOENT },
	{ "NA with O only", LM_ND_NA, NA_O,
	  OPTS(O_EXT_A(TLL), O_SH_A(TLL)), OK_ES(EXT_A, SH_A) },
	{ "NA with S and O (a solicited answer)", LM_ND_NA, NA_S | NA_O,
	  OPTS(O_SH_A(TLL), O_EXT_A(TLL)), OK_ES(EXT_A, SH_A) },
	{ "NA with R, S, O and reserved bits", LM_ND_NA, 0xff,
	  OPTS(O_EXT_B(TLL)), OK_E(EXT_B) },
	/* byte 4 is a flag byte in an NA only */
	{ "NS: byte 4 not looked at", LM_ND_NS, 0xff, OPTS(O_EXT_B(SLL)),
	  OK_E(EXT_B) },
	{ "RS: byte 4 not looked at", LM_ND_RS, 0xff, OPTS(O_EXT_B(SLL)),
	  OK_E(EXT_B) },
	{ "RA: flags not looked at", LM_ND_RA, 0xff, OPTS(O_EXT_B(SLL)),
	  OK_E(EXT_B) },
};

static void test_na_flags(void)
{
	RUN(na_vecs);
}

/* The fixed part: length and code, for every ICMPv6 type. */
static void test_fixed_part(void)
{
	static const struct want inval = INVAL, noent = NOENT;
	static const u8 types[] = { LM_ND_RS, LM_ND_RA, LM_ND_NS, LM_ND_NA };
	u8 m[64];
	size_t i, n, fixed;
	unsigned int t, code;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		/* shorter than the fixed part: never an answer */
		memset(m, 0, sizeof(m));
		start(m, types[i], NA_O);
		fixed = fixed_len(types[i]);
		for (n = 0; n < fixed; n++)
			expect(__LINE__, "short of the fixed part", m, n, &inval);
		/* exactly the fixed part: no option, no address */
		expect(__LINE__, "the fixed part alone", m, fixed, &noent);
		/* any code but 0 */
		for (code = 1; code < 256; code++) {
			m[1] = code;
			expect(__LINE__, "code != 0", m, fixed + 16, &inval);
		}
		if (TOO_MANY())
			return;
	}
	/* every other type is not ND: -ENOENT, once 8 bytes and code 0 */
	for (t = 0; t < 256; t++) {
		if (t >= LM_ND_RS && t <= LM_ND_NA)
			continue;
		memset(m, 0, sizeof(m));
		m[0] = t;
		memcpy(m + 8, (const u8[]){ O_EXT_A(SLL), O_SH_A(SLL) }, 24);
		memcpy(m + 32, (const u8[]){ O_EXT_A(SLL), O_SH_A(SLL) }, 24);
		m[4] = NA_O;
		for (n = 8; n <= sizeof(m); n++)
			expect(__LINE__, "not ND", m, n, &noent);
		for (n = 0; n < 8; n++)
			expect(__LINE__, "not ND, < 8 bytes", m, n, &inval);
		m[1] = 1 + t % 255;
		expect(__LINE__, "not ND, code != 0", m, sizeof(m), &inval);
		if (TOO_MANY())
			return;
	}
}

/*
 * Truncation at every byte: a cut inside the fixed part or inside an
 * option is -EINVAL; a cut at an option boundary is a valid shorter
 * message, with what the options before the cut announce (@at[k] after
 * k options).
 */
struct trunc_vec {
	const char *name;
	u8 type, flags;
	const u8 *opts;
	size_t optlen;
	unsigned int nopts;
	struct want at[6];
};

static const struct trunc_vec trunc_vecs[] = {
	{ "RS: SLLAO ext, short", LM_ND_RS, 0,
	  OPTS(O_EXT_A(SLL), O_SH_A(SLL)), 2,
	  { NOENT, OK_E(EXT_A), OK_ES(EXT_A, SH_A) } },
	{ "NS: SLLAO short, ext", LM_ND_NS, 0,
	  OPTS(O_SH_B(SLL), O_EXT_B(SLL)), 2,
	  { NOENT, NOENT, OK_ES(EXT_B, SH_B) } },
	{ "NA(O): TLLAO ext, short, SLLAO", LM_ND_NA, NA_S | NA_O,
	  OPTS(O_EXT_A(TLL), O_SH_B(TLL), O_EXT_B(SLL)), 3,
	  { NOENT, OK_E(EXT_A), OK_ES(EXT_A, SH_B), OK_ES(EXT_A, SH_B) } },
	{ "RA: MTU, SLLAO short, PIO, SLLAO ext, SLLAO len 3", LM_ND_RA, 0,
	  OPTS(O_MTU, O_SH_A(SLL), O_PIO, O_EXT_A(SLL), O_LEN3(SLL)), 5,
	  { NOENT, NOENT, NOENT, NOENT, OK_ES(EXT_A, SH_A),
	    OK_ES(EXT_A, SH_A) } },
	{ "NS: SLLAO len 3, ext", LM_ND_NS, 0,
	  OPTS(O_LEN3(SLL), O_EXT_A(SLL)), 2, { NOENT, INVAL, INVAL } },
};

static void test_truncation(void)
{
	static const struct want inval = INVAL;
	u8 m[256];
	size_t fixed, len, n, off;
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(trunc_vecs); i++) {
		const struct trunc_vec *v = &trunc_vecs[i];

		fixed = start(m, v->type, v->flags);
		memcpy(m + fixed, v->opts, v->optlen);
		len = fixed + v->optlen;
		off = fixed;	/* the next option boundary */
		k = 0;
		for (n = 0; n <= len; n++) {
			if (n < fixed) {
				expect(__LINE__, v->name, m, n, &inval);
				continue;
			}
			if (n == off) {
				expect(__LINE__, v->name, m, n, &v->at[k]);
				if (n < len) {
					off += m[off + 1] * 8;
					k++;
				}
				continue;
			}
			expect(__LINE__, v->name, m, n, &inval);
		}
		CHECK_EQ(k, v->nopts);
		if (TOO_MANY())
			return;
	}
}

/* Bytes past @len are never looked at, even when they are there. */
static void test_len_bounds(void)
{
	static const struct want ext_only = OK_E(EXT_A), none = NOENT;
	static const u8 tail[] = { O_SH_A(SLL), O_EXT_B(SLL) };
	u8 m[128];
	struct lm_nd_lladdr ll;
	size_t n;

	n = start(m, LM_ND_NS, 0);
	memcpy(m + n, (const u8[]){ O_EXT_A(SLL) }, 16);
	n += 16;
	memcpy(m + n, tail, sizeof(tail));
	/* on the whole buffer, not a copy: what follows @n is valid */
	CHECK_EQ(lm_nd_lladdr_parse(m, n, &ll), 0);
	CHECK_EQ(ll.ext, EXT_A);
	CHECK_EQ(ll.has_short, false);
	expect(__LINE__, "ext, short past len", m, n, &ext_only);
	/* the same with the ext past len: nothing */
	expect(__LINE__, "fixed part, options past len", m, LM_ND_NS_LEN,
	       &none);
}

static const struct lm_test tests[] = {
	{ "nd: RS, RA, NS, NA(O): ext and short, ext only, no option",
	  test_types },
	{ "nd: ext and short in both orders, other options stepped over, SLLAO vs TLLAO",
	  test_order },
	{ "nd: the first option of each kind wins; ext all 0/1; short as is",
	  test_first_wins },
	{ "nd: zero-length, overrunning, trailing, wrong-length options: -EINVAL",
	  test_bad_options },
	{ "nd: NA only with the override flag; byte 4 of others ignored",
	  test_na_flags },
	{ "nd: fixed part short, code != 0, all 252 non-ND types",
	  test_fixed_part },
	{ "nd: truncation at every byte", test_truncation },
	{ "nd: nothing past len is read", test_len_bounds },
};

int main(void)
{
	return lm_test_run(tests, ARRAY_SIZE(tests));
}
