// SPDX-License-Identifier: GPL-2.0
/*
 * value.c - device values as read from a file (pure)
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lmesh/rules.h>

#include "value.h"

/*
 * Turn what was read into the representation: blanks trimmed, numbers
 * multiplied by @scale (when it is not 1). Pure; returns the length.
 */
size_t coapd_device_format(const char *raw, size_t n, double scale,
			   char *out, size_t outsz)
{
	size_t s = 0;
	double v;

	if (!outsz)
		return 0;
	while (s < n && (raw[s] == ' ' || raw[s] == '\t' || raw[s] == '\n' ||
			 raw[s] == '\r' || raw[s] == '\0'))
		s++;
	while (n > s && (raw[n - 1] == ' ' || raw[n - 1] == '\t' ||
			 raw[n - 1] == '\n' || raw[n - 1] == '\r' ||
			 raw[n - 1] == '\0'))
		n--;
	if (scale != 1.0 && !lm_rules_parse_number(raw + s, n - s, &v) &&
	    isfinite(v * scale)) {
		int w = snprintf(out, outsz, "%.6g", v * scale);

		return w < 0 ? 0 : (size_t)w < outsz ? (size_t)w : outsz - 1;
	}
	if (n - s >= outsz)
		n = s + outsz - 1;
	memcpy(out, raw + s, n - s);
	out[n - s] = '\0';
	return n - s;
}

