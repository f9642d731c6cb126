/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC-16-DNP as used by the DNP3 (IEEE 1815) link layer.
 */
#ifndef DNP3_CRC_H
#define DNP3_CRC_H

#include <stddef.h>
#include <stdint.h>

uint16_t dnp3_crc16(const uint8_t *buf, size_t len);
int dnp3_crc16_check(const uint8_t *buf, size_t len);
void dnp3_crc16_put(uint8_t *out, const uint8_t *buf, size_t len);

#endif /* DNP3_CRC_H */
