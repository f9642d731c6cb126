// SPDX-License-Identifier: GPL-2.0
/*
 * Serial line setup: raw 8-bit clean termios with the configured baud rate,
 * data bits, parity and stop bits; RS-485 direction control by the driver
 * (TIOCSRS485) when asked for.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/serial.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "serial.h"

struct baud_map {
	unsigned int rate;
	speed_t code;
};

static const struct baud_map bauds[] = {
	{ 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 },
	{ 150, B150 }, { 200, B200 }, { 300, B300 }, { 600, B600 },
	{ 1200, B1200 }, { 1800, B1800 }, { 2400, B2400 }, { 4800, B4800 },
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
	{ 460800, B460800 }, { 500000, B500000 }, { 576000, B576000 },
	{ 921600, B921600 }, { 1000000, B1000000 }, { 1152000, B1152000 },
	{ 1500000, B1500000 }, { 2000000, B2000000 }, { 2500000, B2500000 },
	{ 3000000, B3000000 }, { 3500000, B3500000 }, { 4000000, B4000000 },
};

static int baud_code(unsigned int rate, speed_t *code)
{
	size_t i;

	for (i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		if (bauds[i].rate == rate) {
			*code = bauds[i].code;
			return 0;
		}
	}
	return -1;
}

static tcflag_t data_bits_flag(unsigned int bits)
{
	switch (bits) {
	case 5:
		return CS5;
	case 6:
		return CS6;
	case 7:
		return CS7;
	default:
		return CS8;
	}
}

static int set_termios(int fd, const struct cfg_port *p)
{
	struct termios tio;
	speed_t speed;

	if (baud_code(p->baud, &speed)) {
		lm_err("[serial %s] baud %u is not a standard rate", p->name,
			p->baud);
		return -1;
	}
	if (tcgetattr(fd, &tio) < 0) {
		lm_err("[serial %s] %s is not a terminal: %s", p->name,
			p->device, strerror(errno));
		return -1;
	}
	cfmakeraw(&tio);
	tio.c_cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	tio.c_cflag |= data_bits_flag(p->data_bits) | CLOCAL | CREAD;
	if (p->parity != CFG_PARITY_NONE)
		tio.c_cflag |= PARENB;
	if (p->parity == CFG_PARITY_ODD)
		tio.c_cflag |= PARODD;
	if (p->stop_bits == 2)
		tio.c_cflag |= CSTOPB;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, speed);
	cfsetospeed(&tio, speed);
	if (tcsetattr(fd, TCSANOW, &tio) < 0) {
		lm_err("[serial %s] tcsetattr %s: %s", p->name, p->device,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int set_rs485(int fd, const struct cfg_port *p)
{
	struct serial_rs485 rs = { 0 };

	rs.flags = SER_RS485_ENABLED | SER_RS485_RTS_ON_SEND;
	rs.delay_rts_before_send = p->rs485_delay_before_ms;
	rs.delay_rts_after_send = p->rs485_delay_after_ms;
	if (ioctl(fd, TIOCSRS485, &rs) < 0) {
		lm_err("[serial %s] %s does not support RS-485 mode (TIOCSRS485: %s)",
			p->name, p->device, strerror(errno));
		return -1;
	}
	return 0;
}

/* Open and configure a port; returns a non-blocking fd or -1 after logging. */
int serial_open(const struct cfg_port *p, int quiet)
{
	int fd = open(p->device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		lm_log(quiet ? LM_LOG_DEBUG : LM_LOG_ERR,
			"[serial %s] cannot open %s: %s", p->name, p->device,
			strerror(errno));
		return -1;
	}
	if (set_termios(fd, p) || (p->rs485 && set_rs485(fd, p))) {
		close(fd);
		return -1;
	}
	tcflush(fd, TCIOFLUSH);
	return fd;
}
