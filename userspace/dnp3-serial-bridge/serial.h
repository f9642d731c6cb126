/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening and configuring a serial line (termios, RS-485).
 */
#ifndef DNP3_SERIAL_H
#define DNP3_SERIAL_H

#include "config.h"

#define SERIAL_RETRY	(-1)	/* cannot open now (missing, unplugged) */
#define SERIAL_BAD	(-2)	/* line settings the device refuses */
#define SERIAL_LOCKED	(-3)	/* another program holds the port */

int serial_open(const struct cfg_port *p, const char *lock_dir, int quiet,
		char *lock, size_t lock_size);
void serial_close(int fd, char *lock);

#endif /* DNP3_SERIAL_H */
