// SPDX-License-Identifier: GPL-2.0
/*
 * CRC-16-DNP: polynomial 0x3D65 processed reflected (0xA6BC), initial
 * value 0, result complemented, transmitted low byte first.
 */
#include "crc.h"

#define DNP3_CRC_POLY_REFLECTED	0xA6BC

static uint16_t crc_table[256];
static int crc_table_ready;

static void crc_table_init(void)
{
	unsigned int i, bit;
	uint16_t crc;

	for (i = 0; i < 256; i++) {
		crc = i;
		for (bit = 0; bit < 8; bit++) {
			if (crc & 1)
				crc = (crc >> 1) ^ DNP3_CRC_POLY_REFLECTED;
			else
				crc >>= 1;
		}
		crc_table[i] = crc;
	}
	crc_table_ready = 1;
}

uint16_t dnp3_crc16(const uint8_t *buf, size_t len)
{
	uint16_t crc = 0;
	size_t i;

	if (!crc_table_ready)
		crc_table_init();
	for (i = 0; i < len; i++)
		crc = (crc >> 8) ^ crc_table[(crc ^ buf[i]) & 0xff];
	return (uint16_t)~crc;
}

/* Return 1 when the two bytes after buf[len - 1] hold the CRC of buf. */
int dnp3_crc16_check(const uint8_t *buf, size_t len)
{
	uint16_t crc = dnp3_crc16(buf, len);

	return buf[len] == (crc & 0xff) && buf[len + 1] == (crc >> 8);
}

/* Write the CRC of buf, low byte first, to out[0..1]. */
void dnp3_crc16_put(uint8_t *out, const uint8_t *buf, size_t len)
{
	uint16_t crc = dnp3_crc16(buf, len);

	out[0] = crc & 0xff;
	out[1] = crc >> 8;
}
