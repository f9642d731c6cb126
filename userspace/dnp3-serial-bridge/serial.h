/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening and configuring a serial line (termios, RS-485).
 */
#ifndef DNP3_SERIAL_H
#define DNP3_SERIAL_H

#include "config.h"

int serial_open(const struct cfg_port *p, int quiet);

#endif /* DNP3_SERIAL_H */
