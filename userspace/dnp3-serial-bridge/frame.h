/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DNP3 link frames and an incremental parser that resynchronises on noise.
 *
 *  0      1      2     3      4..5      6..7     8..9
 * +------+------+-----+------+---------+--------+--------+
 * | 0x05 | 0x64 | LEN | CTRL | DEST le | SRC le | CRC le |  header, 10 bytes
 * +------+------+-----+------+---------+--------+--------+
 * | up to 16 bytes of user data | CRC le |  repeated, last block may be short
 * +-----------------------------+--------+
 *
 * LEN counts CTRL, DEST, SRC and the user data (5..255), never the CRCs.
 */
#ifndef DNP3_FRAME_H
#define DNP3_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define DNP3_START0		0x05
#define DNP3_START1		0x64
#define DNP3_HDR_LEN		10
#define DNP3_BLOCK_LEN		16
#define DNP3_MIN_LEN_FIELD	5
#define DNP3_MAX_USER_DATA	250
#define DNP3_MAX_FRAME		292

#define DNP3_CTRL_DIR		0x80
#define DNP3_CTRL_PRM		0x40
#define DNP3_CTRL_FCB		0x20
#define DNP3_CTRL_FCV		0x10
#define DNP3_CTRL_FUNC		0x0f

/* primary (PRM set) functions */
#define DNP3_FUNC_RESET_LINK		0
#define DNP3_FUNC_TEST_LINK		2
#define DNP3_FUNC_CONFIRMED_DATA	3
#define DNP3_FUNC_UNCONFIRMED_DATA	4
#define DNP3_FUNC_REQUEST_LINK_STATUS	9
/* secondary (PRM clear) functions */
#define DNP3_FUNC_ACK			0
#define DNP3_FUNC_NACK			1
#define DNP3_FUNC_LINK_STATUS		11
#define DNP3_FUNC_NOT_SUPPORTED		15

#define DNP3_ADDR_BROADCAST_MIN	0xFFFD

struct dnp3_parser_stats {
	uint64_t frames;	/* whole frames with good CRCs emitted */
	uint64_t crc_errors;	/* header or block CRC failures */
	uint64_t resyncs;	/* times sync was regained after a loss */
	uint64_t dropped_bytes;	/* bytes discarded while hunting */
};

typedef void (*dnp3_frame_cb)(void *ctx, const uint8_t *frame, size_t len);

struct dnp3_parser {
	uint8_t buf[2 * DNP3_MAX_FRAME];
	size_t len;
	int lost_sync;
	struct dnp3_parser_stats stats;
};

size_t dnp3_frame_size(uint8_t len_field);
size_t dnp3_frame_build(uint8_t *out, uint8_t ctrl, uint16_t dest,
			uint16_t src, const uint8_t *data, size_t n);
int dnp3_frame_validate(const uint8_t *buf, size_t len);

static inline uint8_t dnp3_frame_ctrl(const uint8_t *f)
{
	return f[3];
}

static inline uint16_t dnp3_frame_dest(const uint8_t *f)
{
	return (uint16_t)(f[4] | f[5] << 8);
}

static inline uint16_t dnp3_frame_src(const uint8_t *f)
{
	return (uint16_t)(f[6] | f[7] << 8);
}

static inline int dnp3_addr_is_broadcast(uint16_t addr)
{
	return addr >= DNP3_ADDR_BROADCAST_MIN;
}

void dnp3_parser_init(struct dnp3_parser *p);
void dnp3_parser_feed(struct dnp3_parser *p, const uint8_t *data, size_t n,
		      dnp3_frame_cb cb, void *ctx);
void dnp3_parser_timeout(struct dnp3_parser *p, dnp3_frame_cb cb, void *ctx);

static inline int dnp3_parser_pending(const struct dnp3_parser *p)
{
	return p->len != 0;
}

#endif /* DNP3_FRAME_H */
