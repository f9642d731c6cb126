// SPDX-License-Identifier: GPL-2.0
/*
 * DNP3 link frame building, validation and incremental parsing.
 *
 * The parser keeps every byte it has not yet proven to be noise. When a
 * candidate frame fails (bad start, bad header CRC, bad block CRC) exactly one
 * byte is dropped and the search restarts from the next byte, so a good frame
 * that starts inside the rejected bytes is still found.
 */
#include <string.h>

#include "crc.h"
#include "frame.h"

enum scan_result {
	SCAN_NEED_MORE,
	SCAN_FRAME,
	SCAN_BAD_START,
	SCAN_BAD_CRC,
};

size_t dnp3_frame_size(uint8_t len_field)
{
	size_t data = len_field - DNP3_MIN_LEN_FIELD;
	size_t blocks = (data + DNP3_BLOCK_LEN - 1) / DNP3_BLOCK_LEN;

	if (len_field < DNP3_MIN_LEN_FIELD)
		return 0;
	return DNP3_HDR_LEN + data + 2 * blocks;
}

/* Build a frame in out (at least DNP3_MAX_FRAME bytes); returns its size or 0. */
size_t dnp3_frame_build(uint8_t *out, uint8_t ctrl, uint16_t dest,
			uint16_t src, const uint8_t *data, size_t n)
{
	size_t pos = DNP3_HDR_LEN, chunk;

	if (n > DNP3_MAX_USER_DATA)
		return 0;
	out[0] = DNP3_START0;
	out[1] = DNP3_START1;
	out[2] = (uint8_t)(DNP3_MIN_LEN_FIELD + n);
	out[3] = ctrl;
	out[4] = dest & 0xff;
	out[5] = dest >> 8;
	out[6] = src & 0xff;
	out[7] = src >> 8;
	dnp3_crc16_put(out + 8, out, 8);
	while (n) {
		chunk = n < DNP3_BLOCK_LEN ? n : DNP3_BLOCK_LEN;
		memcpy(out + pos, data, chunk);
		dnp3_crc16_put(out + pos + chunk, out + pos, chunk);
		pos += chunk + 2;
		data += chunk;
		n -= chunk;
	}
	return pos;
}

/*
 * Look at the candidate frame at the start of buf. Blocks are checked as
 * soon as they are complete, so a false start is rejected early.
 */
static enum scan_result scan(const uint8_t *buf, size_t len, size_t *size)
{
	size_t total, pos, chunk;

	if (buf[0] != DNP3_START0)
		return SCAN_BAD_START;
	if (len < 2)
		return SCAN_NEED_MORE;
	if (buf[1] != DNP3_START1)
		return SCAN_BAD_START;
	if (len < 3)
		return SCAN_NEED_MORE;
	if (buf[2] < DNP3_MIN_LEN_FIELD)
		return SCAN_BAD_START;
	if (len < DNP3_HDR_LEN)
		return SCAN_NEED_MORE;
	if (!dnp3_crc16_check(buf, 8))
		return SCAN_BAD_CRC;
	total = dnp3_frame_size(buf[2]);
	for (pos = DNP3_HDR_LEN; pos < total; pos += chunk + 2) {
		chunk = total - pos - 2;
		if (chunk > DNP3_BLOCK_LEN)
			chunk = DNP3_BLOCK_LEN;
		if (len < pos + chunk + 2)
			return SCAN_NEED_MORE;
		if (!dnp3_crc16_check(buf + pos, chunk))
			return SCAN_BAD_CRC;
	}
	*size = total;
	return SCAN_FRAME;
}

/* Return the frame size when buf holds exactly one valid frame, else 0. */
int dnp3_frame_validate(const uint8_t *buf, size_t len)
{
	size_t size = 0;

	if (len < DNP3_HDR_LEN || len > DNP3_MAX_FRAME)
		return 0;
	if (scan(buf, len, &size) != SCAN_FRAME || size != len)
		return 0;
	return (int)size;
}

void dnp3_parser_init(struct dnp3_parser *p)
{
	memset(p, 0, sizeof(*p));
}

static void consume(struct dnp3_parser *p, size_t n)
{
	memmove(p->buf, p->buf + n, p->len - n);
	p->len -= n;
}

static void drop(struct dnp3_parser *p, size_t n)
{
	p->stats.dropped_bytes += n;
	p->lost_sync = 1;
	consume(p, n);
}

/* Skip to the next byte that could start a frame. */
static void hunt(struct dnp3_parser *p)
{
	const uint8_t *next = memchr(p->buf + 1, DNP3_START0, p->len - 1);

	drop(p, next ? (size_t)(next - p->buf) : p->len);
}

static void emit(struct dnp3_parser *p, size_t size, dnp3_frame_cb cb,
		 void *ctx)
{
	if (p->lost_sync) {
		p->stats.resyncs++;
		p->lost_sync = 0;
	}
	p->stats.frames++;
	cb(ctx, p->buf, size);
	consume(p, size);
}

static void process(struct dnp3_parser *p, dnp3_frame_cb cb, void *ctx)
{
	size_t size;

	while (p->len) {
		switch (scan(p->buf, p->len, &size)) {
		case SCAN_NEED_MORE:
			return;
		case SCAN_FRAME:
			emit(p, size, cb, ctx);
			break;
		case SCAN_BAD_CRC:
			p->stats.crc_errors++;
			hunt(p);
			break;
		case SCAN_BAD_START:
			hunt(p);
			break;
		}
	}
}

void dnp3_parser_feed(struct dnp3_parser *p, const uint8_t *data, size_t n,
		      dnp3_frame_cb cb, void *ctx)
{
	size_t room, chunk;

	while (n) {
		room = sizeof(p->buf) - p->len;
		chunk = n < room ? n : room;
		memcpy(p->buf + p->len, data, chunk);
		p->len += chunk;
		data += chunk;
		n -= chunk;
		process(p, cb, ctx);
	}
}

/*
 * The line went quiet with a partial candidate in the buffer: it will never
 * complete, so reject it and look for whole frames in what follows it.
 */
void dnp3_parser_timeout(struct dnp3_parser *p, dnp3_frame_cb cb, void *ctx)
{
	while (p->len) {
		hunt(p);
		process(p, cb, ctx);
	}
}
