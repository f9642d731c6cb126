// SPDX-License-Identifier: GPL-2.0
/*
 * Serial line setup: raw 8-bit clean termios with the configured baud rate,
 * data bits, parity and stop bits; RS-485 direction control by the driver
 * (TIOCSRS485) when asked for.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/serial.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/*
 * UUCP lock file (FHS): LOCK_DIR/LCK..NAME holding the owner's PID as ten
 * right-aligned digits and a newline; NAME is the device's real path below
 * /dev with '/' turned into '_' (LCK..ttyUSB0, LCK..pts_3). A file whose
 * process is gone is stale and replaced. Returns 0 (locked, or no lock
 * directory), or SERIAL_LOCKED with *owner set.
 */
static int lock_take(const struct cfg_port *p, const char *dir, char *lock,
		     size_t size, long *owner)
{
	char real[PATH_MAX], *name, buf[32];
	int fd, tries;
	ssize_t n;
	long pid;

	lock[0] = '\0';
	if (!*dir || !strcmp(dir, "none") || !realpath(p->device, real))
		return 0;
	name = strncmp(real, "/dev/", 5) ? real + 1 : real + 5;
	for (char *c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	if ((size_t)snprintf(lock, size, "%s/LCK..%s", dir, name) >= size) {
		lock[0] = '\0';
		return 0;
	}
	for (tries = 0; tries < 3; tries++) {
		fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0) {
			dprintf(fd, "%10d\n", (int)getpid());
			close(fd);
			return 0;
		}
		if (errno != EEXIST) {
			lm_dbg("[serial %s] no lock file %s: %s", p->name, lock,
			       strerror(errno));
			lock[0] = '\0';
			return 0;
		}
		fd = open(lock, O_RDONLY | O_CLOEXEC);
		n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = '\0';
		pid = strtol(buf, NULL, 10);
		if (pid == getpid())
			return 0;
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
			*owner = pid;
			lock[0] = '\0';
			return SERIAL_LOCKED;
		}
		lm_info("[serial %s] removing stale lock file %s", p->name, lock);
		unlink(lock);
	}
	lock[0] = '\0';
	return 0;
}

static void lock_drop(char *lock)
{
	char buf[32];
	ssize_t n;
	int fd;

	if (!*lock)
		return;
	fd = open(lock, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (strtol(buf, NULL, 10) == getpid())
		unlink(lock);
	lock[0] = '\0';
}

void serial_close(int fd, char *lock)
{
	if (fd >= 0) {
		ioctl(fd, TIOCNXCL);
		close(fd);
	}
	lock_drop(lock);
}

/*
 * Open and configure a port; returns a non-blocking fd, or SERIAL_RETRY,
 * SERIAL_BAD or SERIAL_LOCKED after logging. The port is locked three
 * ways: the lock file, flock() and TIOCEXCL (later opens by others fail
 * with EBUSY).
 */
int serial_open(const struct cfg_port *p, const char *lock_dir, int quiet,
		char *lock, size_t lock_size)
{
	int level = quiet ? LM_LOG_DEBUG : LM_LOG_ERR, fd;
	long owner = 0;

	if (lock_take(p, lock_dir, lock, lock_size, &owner)) {
		lm_log(level, "[serial %s] %s is locked by process %ld (lock file in %s)",
		       p->name, p->device, owner, lock_dir);
		return SERIAL_LOCKED;
	}
	fd = open(p->device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		lm_log(level, "[serial %s] cannot open %s: %s%s", p->name,
		       p->device, strerror(errno),
		       errno == EBUSY ? " (in exclusive use by another program)" : "");
		lock_drop(lock);
		return errno == EBUSY ? SERIAL_LOCKED : SERIAL_RETRY;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		lm_log(level, "[serial %s] %s is locked by another program (flock: %s)",
		       p->name, p->device, strerror(errno));
		close(fd);
		lock_drop(lock);
		return SERIAL_LOCKED;
	}
	if (set_termios(fd, p) || (p->rs485 && set_rs485(fd, p))) {
		close(fd);
		lock_drop(lock);
		return SERIAL_BAD;
	}
	ioctl(fd, TIOCEXCL);
	tcflush(fd, TCIOFLUSH);
	return fd;
}
