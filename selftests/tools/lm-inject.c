// SPDX-License-Identifier: GPL-2.0
/*
 * lm-inject - send arbitrary 6LoWPAN payloads as IEEE 802.15.4 data frames
 *
 *   lm-inject -i WPAN -d DEST [-c COUNT] [-g USEC] [-n] [-v] HEX...
 *   lm-inject -i WPAN -d DEST -f FILE ...
 *   lm-inject -i WPAN -d DEST -r N -s SEED [-L MAX]       random frames
 *   lm-inject -i WPAN -d DEST -m N -s SEED HEX...|-f FILE  mutated frames
 *   lm-inject -i WPAN -d DEST -m N -s SEED -p CAPTURE.pcap  mutated captured frames
 *   lm-inject -i WPAN -R HEX...                            whole MAC frames
 *   lm-inject -i MONITOR -R -p CAPTURE.pcap                the captured frames
 *
 * The frames leave through an AF_PACKET socket on the wpan device. In the
 * default (SOCK_DGRAM) mode the payload is the MAC payload: mac802154 builds
 * a data frame header with intra-PAN addressing, the wpan device's PAN ID,
 * its extended address as the source and DEST (8 bytes, written as an
 * EUI-64 is printed: aa:bb:cc:dd:ee:ff:00:11) as the destination. With -R
 * (SOCK_RAW) each frame is a whole MAC frame without the FCS, sent as it is.
 *
 * Random (-r) frames come from a generator that knows the 6LoWPAN header
 * stack (mesh, BC0, FRAG1/FRAGN, IPHC, uncompressed IPv6, NALP) and picks
 * field values near the edges; mutated (-m) frames are the given frames
 * with a few random edits (bit flips, byte changes, insertions, deletions,
 * truncation, extra headers in front). Both are a pure function of the seed.
 *
 * Prints "sent N frames" at the end (with -n the frames in hex instead,
 * one per line, nothing is sent). Exit 0 when every frame went out.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef ETH_P_IEEE802154
#define ETH_P_IEEE802154 0x00f6
#endif

#define FRAME_MAX	127	/* aMaxPHYPacketSize */
#define PAYLOAD_DEF	104	/* 127 - 21 bytes of MAC header - 2 of FCS */
#define MAX_FRAMES	4096	/* frames given on the command line or file */

struct frame {
	unsigned int len;
	uint8_t b[FRAME_MAX];
};

static struct frame *given;
static unsigned int ngiven;
static bool verbose;

static void usage(void)
{
	fprintf(stderr,
		"usage: lm-inject -i WPAN [-d DEST] [options] [HEX...]\n"
		"  -i WPAN    wpan interface to send from (up)\n"
		"  -d DEST    destination extended address, aa:bb:cc:dd:ee:ff:00:11\n"
		"  -R         raw: each frame is a whole MAC frame (no FCS); no -d\n"
		"  -f FILE    frames in hex, one per line ('#' comments); '-' = stdin\n"
		"  -p FILE    frames: the MAC payloads of the data frames in a pcap\n"
		"             (with -R the whole frames: send them from a monitor\n"
		"             device to replay secured frames as they were)\n"
		"  HEX        one frame per argument (':', '.', ' ' ignored)\n"
		"  -c COUNT   send the given frames COUNT times (default 1)\n"
		"  -r N       N random frames (structure-aware), see -s, -L\n"
		"  -m N       N mutations of the given frames (round robin)\n"
		"  -s SEED    seed for -r and -m (default 1)\n"
		"  -L MAX     longest generated payload (default %d, at most %d)\n"
		"  -g USEC    pause between frames\n"
		"  -n         print the frames in hex instead of sending them\n"
		"  -v         print each frame as it is sent\n",
		PAYLOAD_DEF, FRAME_MAX);
	exit(2);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* --- deterministic PRNG (splitmix64) ------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n), n > 0 */
static unsigned int rnd(unsigned int n)
{
	return (unsigned int)(rnd64() % n);
}

static bool chance(unsigned int one_in)
{
	return rnd(one_in) == 0;
}

/* --- hex ------------------------------------------------------------------ */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse hex (separators ' ', ':', '.', '-', '\t' ignored) into @f. */
static int parse_hex(const char *s, struct frame *f)
{
	int hi = -1, v;

	f->len = 0;
	for (; *s && *s != '\n' && *s != '#'; s++) {
		if (strchr(" :.-\t\r", *s))
			continue;
		v = hexval((unsigned char)*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (f->len >= FRAME_MAX)
			return -1;
		f->b[f->len++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? 0 : -1;
}

static void add_given(const char *s, const char *where)
{
	if (ngiven >= MAX_FRAMES) {
		fprintf(stderr, "lm-inject: more than %d frames\n", MAX_FRAMES);
		exit(2);
	}
	if (parse_hex(s, &given[ngiven]) < 0) {
		fprintf(stderr, "lm-inject: %s: bad hex or longer than %d bytes\n",
			where, FRAME_MAX);
		exit(2);
	}
	ngiven++;
}

static void read_file(const char *path)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char line[1024], where[64];
	unsigned int n = 0;
	const char *p;

	if (!fp)
		die(path);
	while (fgets(line, sizeof(line), fp)) {
		n++;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		snprintf(where, sizeof(where), "line %u", n);
		add_given(p, where);
	}
	if (fp != stdin)
		fclose(fp);
}

static uint32_t get32(const uint8_t *p, bool swap)
{
	return swap ? (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3] :
		      (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

/*
 * Length of the IEEE 802.15.4 MAC header of a data frame (2003/2006
 * addressing rules, no security), or -1 for anything else.
 */
static int mac_hdr_len(const uint8_t *b, unsigned int len)
{
	unsigned int fc, n = 3, dmode, smode;

	if (len < 3)
		return -1;
	fc = b[0] | b[1] << 8;
	if ((fc & 7) != 1 || (fc & 0x08) || ((fc >> 12) & 3) > 1)
		return -1;
	dmode = (fc >> 10) & 3;
	smode = (fc >> 14) & 3;
	if (dmode == 1 || smode == 1)
		return -1;
	if (dmode)
		n += 2 + (dmode == 2 ? 2 : 8);
	if (smode)
		n += ((fc & 0x40) && dmode ? 0 : 2) + (smode == 2 ? 2 : 8);
	return n <= len ? (int)n : -1;
}

/* The 802.15.4 FCS check: CRC-16/CCITT, reflected, over frame and FCS is 0. */
static bool fcs_ok(const uint8_t *b, uint32_t len)
{
	uint16_t crc = 0;
	uint32_t i;
	int k;

	if (len < 2)
		return false;
	for (i = 0; i < len; i++) {
		crc ^= b[i];
		for (k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1;
	}
	return crc == 0;
}

/* Linux cooked capture (a monitor device): ARPHRD and protocol it names */
#define SLL_HDR		16
#define SLL_PROTO_154	0x00f6	/* ETH_P_IEEE802154 */

/*
 * Seed frames from a capture: the MAC payloads of the data frames (with
 * @whole, the whole MAC frames, FCS taken off) in a classic pcap file
 * (dumpcap -P) of link type IEEE802_15_4_NOFCS (230),
 * IEEE802_15_4_WITHFCS (195) or LINUX_SLL (113, what dumpcap records on a
 * wpan monitor device: a 16-byte cooked header, then the frame, with its
 * FCS when the FCS checks).
 */
static void read_pcap(const char *path, bool whole)
{
	FILE *fp = fopen(path, "rb");
	uint8_t gh[24], rh[16], buf[65536];
	uint32_t magic, linktype, incl;
	unsigned int n = 0;
	bool swap;
	int h;

	if (!fp)
		die(path);
	if (fread(gh, 1, sizeof(gh), fp) != sizeof(gh))
		goto bad;
	magic = get32(gh, false);
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swap = false;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swap = true;
	else
		goto bad;
	linktype = get32(gh + 20, swap) & 0xffff;
	if (linktype != 230 && linktype != 195 && linktype != 113) {
		fprintf(stderr, "lm-inject: %s: link type %u is not 802.15.4\n",
			path, linktype);
		exit(2);
	}
	while (fread(rh, 1, sizeof(rh), fp) == sizeof(rh)) {
		uint8_t *f = buf;

		incl = get32(rh + 8, swap);
		if (incl > sizeof(buf) || fread(buf, 1, incl, fp) != incl)
			goto bad;
		if (linktype == 113) {
			if (incl < SLL_HDR ||
			    (buf[14] << 8 | buf[15]) != SLL_PROTO_154)
				continue;
			f += SLL_HDR;
			incl -= SLL_HDR;
			if (fcs_ok(f, incl))
				incl -= 2;
		}
		if (linktype == 195) {
			if (incl < 2)
				continue;
			incl -= 2;
		}
		/* whole: the frame as it was on air, secured or not (a replay) */
		h = whole ? 0 : mac_hdr_len(f, incl);
		if (h < 0 || incl == (uint32_t)h || incl - h > FRAME_MAX)
			continue;
		if (ngiven >= MAX_FRAMES)
			break;
		given[ngiven].len = incl - h;
		memcpy(given[ngiven].b, f + h, incl - h);
		ngiven++;
		n++;
	}
	fclose(fp);
	if (verbose)
		fprintf(stderr, "lm-inject: %u data frames from %s\n", n, path);
	return;
bad:
	fprintf(stderr, "lm-inject: %s: not a (classic) pcap file\n", path);
	exit(2);
}

static void print_hex(FILE *out, const struct frame *f)
{
	unsigned int i;

	for (i = 0; i < f->len; i++)
		fprintf(out, "%02x", f->b[i]);
	fputc('\n', out);
}

/* --- generators ----------------------------------------------------------- */

static void put(struct frame *f, unsigned int max, uint8_t v)
{
	if (f->len < max)
		f->b[f->len++] = v;
}

static void put_rand(struct frame *f, unsigned int max, unsigned int n)
{
	while (n--)
		put(f, max, (uint8_t)rnd64());
}

/* Datagram sizes near the interesting edges. */
static unsigned int pick_size(void)
{
	static const unsigned int sizes[] = {
		0, 1, 7, 8, 39, 40, 41, 48, 64, 96, 127, 128, 200, 1280, 2047,
	};

	if (chance(3))
		return rnd(2048);
	return sizes[rnd(sizeof(sizes) / sizeof(sizes[0]))];
}

static void gen_mesh(struct frame *f, unsigned int max)
{
	uint8_t d = 0x80 | (uint8_t)rnd(0x40);

	put(f, max, d);
	if ((d & 0x0f) == 0x0f)
		put(f, max, (uint8_t)rnd(256));
	put_rand(f, max, (d & 0x20) ? 2 : 8);
	put_rand(f, max, (d & 0x10) ? 2 : 8);
}

static void gen_frag(struct frame *f, unsigned int max)
{
	unsigned int size = pick_size();
	bool first = chance(2);
	/* a few tags only, so fragments of the same datagram meet */
	uint16_t tag = chance(4) ? (uint16_t)rnd64() : (uint16_t)rnd(4);

	put(f, max, (uint8_t)((first ? 0xc0 : 0xe0) | ((size >> 8) & 7)));
	put(f, max, (uint8_t)size);
	put(f, max, (uint8_t)(tag >> 8));
	put(f, max, (uint8_t)tag);
	if (!first)
		put(f, max, (uint8_t)(chance(4) ? rnd(256) : rnd(size / 8 + 2)));
}

static void gen_iphc(struct frame *f, unsigned int max)
{
	put(f, max, 0x60 | (uint8_t)rnd(0x20));
	put(f, max, (uint8_t)rnd(256));
	/* CID byte, inline fields, NHC: random */
	put_rand(f, max, rnd(max));
}

static void gen_ipv6(struct frame *f, unsigned int max)
{
	unsigned int plen = rnd(max);

	put(f, max, 0x41);
	put(f, max, chance(8) ? (uint8_t)rnd(256) : 0x60);
	put_rand(f, max, 3);
	put(f, max, (uint8_t)(plen >> 8));
	put(f, max, (uint8_t)plen);
	put(f, max, chance(2) ? 17 : (uint8_t)rnd(256));
	put_rand(f, max, rnd(max));
}

static void gen_random(struct frame *f, unsigned int max)
{
	unsigned int k = rnd(16);

	f->len = 0;
	if (k == 0) {		/* pure noise */
		put_rand(f, max, 1 + rnd(max));
		return;
	}
	if (chance(3))
		gen_mesh(f, max);
	if (chance(4))
		put(f, max, 0x50), put(f, max, (uint8_t)rnd(256));
	if (chance(2))
		gen_frag(f, max);
	switch (rnd(8)) {
	case 0: case 1: case 2:
		gen_iphc(f, max);
		break;
	case 3: case 4:
		gen_ipv6(f, max);
		break;
	case 5:			/* NALP */
		put(f, max, (uint8_t)rnd(0x40));
		put_rand(f, max, rnd(max));
		break;
	case 6:			/* any dispatch, including headers twice */
		put_rand(f, max, 1 + rnd(max));
		break;
	default:		/* nothing after the headers */
		break;
	}
	if (chance(8) && f->len > 1)
		f->len = 1 + rnd(f->len - 1);
	if (!f->len)
		put(f, max, (uint8_t)rnd64());
}

static void mutate(struct frame *f, unsigned int max)
{
	static const uint8_t dispatches[] = {
		0x00, 0x3f, 0x40, 0x41, 0x42, 0x50, 0x51, 0x60, 0x7f, 0x80,
		0x8f, 0xbf, 0xc0, 0xc7, 0xd0, 0xe0, 0xe7, 0xf0, 0xff,
	};
	unsigned int ops = 1 + rnd(4), pos;
	struct frame tmp;

	while (ops--) {
		switch (rnd(8)) {
		case 0:		/* flip a bit */
			if (f->len)
				f->b[rnd(f->len)] ^= (uint8_t)(1u << rnd(8));
			break;
		case 1:		/* random byte, mostly in the headers */
			if (f->len) {
				pos = chance(2) ? rnd(f->len < 8 ? f->len : 8) :
						  rnd(f->len);
				f->b[pos] = (uint8_t)rnd64();
			}
			break;
		case 2:		/* insert a byte */
			if (f->len < max) {
				pos = rnd(f->len + 1);
				memmove(f->b + pos + 1, f->b + pos, f->len - pos);
				f->b[pos] = (uint8_t)rnd64();
				f->len++;
			}
			break;
		case 3:		/* delete a byte */
			if (f->len > 1) {
				pos = rnd(f->len);
				memmove(f->b + pos, f->b + pos + 1,
					f->len - pos - 1);
				f->len--;
			}
			break;
		case 4:		/* truncate */
			if (f->len > 1)
				f->len = 1 + rnd(f->len - 1);
			break;
		case 5:		/* put a random mesh/BC0/frag header in front */
			tmp.len = 0;
			switch (rnd(3)) {
			case 0:
				gen_mesh(&tmp, max);
				break;
			case 1:
				put(&tmp, max, 0x50);
				put(&tmp, max, (uint8_t)rnd(256));
				break;
			default:
				gen_frag(&tmp, max);
				break;
			}
			pos = f->len;
			if (tmp.len + pos > max)
				pos = max - tmp.len;
			memcpy(tmp.b + tmp.len, f->b, pos);
			tmp.len += pos;
			*f = tmp;
			break;
		case 6:		/* interesting dispatch byte somewhere early */
			if (f->len) {
				pos = rnd(f->len < 24 ? f->len : 24);
				f->b[pos] = dispatches[rnd(sizeof(dispatches))];
			}
			break;
		default:	/* random tail */
			if (f->len) {
				pos = rnd(f->len);
				while (pos < f->len)
					f->b[pos++] = (uint8_t)rnd64();
			}
			break;
		}
	}
	if (!f->len)
		put(f, max, (uint8_t)rnd64());
}

/* --- sending ---------------------------------------------------------------- */

static int sock = -1;
static struct sockaddr_ll sll;

static int parse_addr(const char *s, uint8_t *a)
{
	struct frame f;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		s += 2;
	if (parse_hex(s, &f) < 0 || f.len != 8)
		return -1;
	memcpy(a, f.b, 8);
	return 0;
}

static int send_frame(const struct frame *f)
{
	int tries;

	if (verbose)
		print_hex(stdout, f);
	for (tries = 0; tries < 10000; tries++) {
		if (sendto(sock, f->b, f->len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) == (ssize_t)f->len)
			return 0;
		/* a full queue is back pressure, not an error */
		if (errno != ENOBUFS && errno != EAGAIN)
			break;
		usleep(200);
	}
	fprintf(stderr, "lm-inject: sendto (%u bytes): %s\n", f->len,
		strerror(errno));
	return -1;
}

static unsigned long parse_ul(const char *s, const char *what,
			      unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max) {
		fprintf(stderr, "lm-inject: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long count = 1, nrand = 0, nmut = 0, gap = 0, sent = 0, i;
	unsigned long seed = 1, total;
	const char *ifname = NULL, *dest = NULL, *pcap = NULL;
	unsigned int maxlen = PAYLOAD_DEF;
	bool raw = false, dry = false;
	struct frame f;
	int c, one;

	given = calloc(MAX_FRAMES, sizeof(*given));
	if (!given)
		die("calloc");

	while ((c = getopt(argc, argv, "i:d:Rf:p:c:r:m:s:L:g:nvh")) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case 'd': dest = optarg; break;
		case 'R': raw = true; break;
		case 'f': read_file(optarg); break;
		case 'p': pcap = optarg; break;
		case 'c': count = parse_ul(optarg, "count", ULONG_MAX); break;
		case 'r': nrand = parse_ul(optarg, "-r", ULONG_MAX); break;
		case 'm': nmut = parse_ul(optarg, "-m", ULONG_MAX); break;
		case 's': seed = parse_ul(optarg, "seed", ULONG_MAX); break;
		case 'L': maxlen = parse_ul(optarg, "-L", FRAME_MAX); break;
		case 'g': gap = parse_ul(optarg, "gap", 10000000); break;
		case 'n': dry = true; break;
		case 'v': verbose = true; break;
		default: usage();
		}
	}
	for (; optind < argc; optind++)
		add_given(argv[optind], argv[optind]);
	if (pcap)
		read_pcap(pcap, raw);

	if (!maxlen)
		usage();
	if (nmut && !ngiven) {
		fprintf(stderr, "lm-inject: -m needs frames to mutate\n");
		return 2;
	}
	if (!nrand && !nmut && !ngiven) {
		fprintf(stderr, "lm-inject: nothing to send\n");
		return 2;
	}
	rng_state = seed;

	if (!dry) {
		if (!ifname || (!raw && !dest))
			usage();
		memset(&sll, 0, sizeof(sll));
		sll.sll_family = AF_PACKET;
		sll.sll_protocol = htons(ETH_P_IEEE802154);
		sll.sll_ifindex = (int)if_nametoindex(ifname);
		if (!sll.sll_ifindex)
			die(ifname);
		if (!raw) {
			sll.sll_halen = 8;
			if (parse_addr(dest, sll.sll_addr) < 0) {
				fprintf(stderr, "lm-inject: bad address '%s'\n",
					dest);
				return 2;
			}
		}
		/* protocol 0: this socket sends only, it receives nothing */
		sock = socket(AF_PACKET, raw ? SOCK_RAW : SOCK_DGRAM, 0);
		if (sock < 0)
			die("socket(AF_PACKET)");
		/*
		 * Straight to the driver: a full device queue is ENOBUFS, which
		 * send_frame() waits out, where a qdisc (fq_codel) could drop a
		 * frame silently and spoil the count of frames sent.
		 */
		one = 1;
		if (setsockopt(sock, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			       sizeof(one)) < 0)
			die("PACKET_QDISC_BYPASS");
	}

	/* given frames (COUNT times unless mutating), random, mutated */
	total = (nmut ? 0 : count * ngiven) + nrand + nmut;
	for (i = 0; i < total; i++) {
		if (!nmut && i < count * ngiven) {
			f = given[i % ngiven];
		} else if (i < (nmut ? 0 : count * ngiven) + nrand) {
			gen_random(&f, maxlen);
		} else {
			f = given[i % ngiven];
			if (f.len > maxlen)
				f.len = maxlen;
			mutate(&f, maxlen);
		}
		if (dry) {
			print_hex(stdout, &f);
			continue;
		}
		if (send_frame(&f) < 0)
			break;
		sent++;
		if (gap)
			usleep(gap);
	}
	if (dry)
		return 0;
	printf("sent %lu frames\n", sent);
	return sent == total ? 0 : 1;
}
