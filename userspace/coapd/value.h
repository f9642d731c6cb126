/* SPDX-License-Identifier: GPL-2.0 */
#ifndef COAPD_VALUE_H
#define COAPD_VALUE_H

#include <stddef.h>

/*
 * Turn what was read from a device file into its representation: blanks
 * and NULs trimmed, numbers multiplied by @scale (when it is not 1), at
 * most @outsz - 1 bytes. Returns the length; @out is NUL-terminated.
 */
size_t coapd_device_format(const char *raw, size_t n, double scale,
			   char *out, size_t outsz);

#endif /* COAPD_VALUE_H */
