/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iotctl.h - objects, commands and error reporting shared by every iotctl file
 *
 * Every object (dev, stats, ...) lives in a file of its own and registers
 * itself with IOTCTL_OBJECT(); cli.c finds it by name. Adding an object is
 * adding one file to the Makefile's SRCS.
 */
#ifndef IOTCTL_H
#define IOTCTL_H

#include <stdbool.h>

struct nlattr;
struct ifreq;

#define IOTCTL_VERSION	"0.1.0"

/* exit status of iotctl and of every command */
enum {
	IOT_OK = 0,		/* success */
	IOT_FAIL = 1,		/* the operation failed */
	IOT_USAGE = 2,		/* bad command line: nothing was attempted */
};

/**
 * struct iot_cmd - one command of an object
 * @name: the word that selects it ("add", "show")
 * @args: synopsis of its arguments, "" when it has none
 * @help: one line of description
 * @run: does the work; @argv holds the arguments after the command word.
 *	Returns an exit status. Arguments are checked before anything is
 *	sent to the kernel, so usage errors never have side effects.
 */
struct iot_cmd {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv);
};

/**
 * struct iot_obj - an object of the command line
 * @name: the word that selects it ("dev")
 * @help: one line of description
 * @cmds: its commands, ended by an entry whose @name is NULL
 * @default_cmd: the command run when none is given
 * @default_takes_args: when the first word is not a command name, run
 *	@default_cmd with all words as arguments ("stats mesh0")
 * @next: registration list, kept sorted by name
 */
struct iot_obj {
	const char *name;
	const char *help;
	const struct iot_cmd *cmds;
	const char *default_cmd;
	bool default_takes_args;
	struct iot_obj *next;
};

void iot_register(struct iot_obj *obj);
const struct iot_obj *iot_objects(void);

#define IOTCTL_OBJECT(obj)						\
	static void __attribute__((constructor)) iot_register_##obj(void) \
	{								\
		iot_register(&obj);					\
	}

/* "FILE:LINE" of the batch line running, for iot_err(); empty otherwise */
#define IOT_WHERE_MAX	256
extern char iot_where[IOT_WHERE_MAX];

/*
 * Set by "config check" and by the first pass of "config apply": the
 * commands a config file runs (radio set, dev add, dev set, key add, key
 * use, key peer add, ctx add, ctx authority, route add) check their
 * arguments and return IOT_OK before they touch the system (no netlink,
 * no interface lookups).
 */
extern bool iot_check_only;

/* "iotctl: [FILE:LINE: ]MESSAGE" on stderr */
void iot_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* the same, with the running command as prefix: "iotctl: dev add: MESSAGE" */
void iot_cmd_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* iot_cmd_err(), then the command's synopsis; returns IOT_USAGE */
int iot_usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* entry point of the command line, used by main() and by the unit tests */
int iotctl_main(int argc, char **argv);
/* run one command: argv[0] is the object */
int iot_run(int argc, char **argv);
/* run the commands of a batch file ("-" for standard input) */
int iot_batch(const char *path);

/* a socket for interface ioctls, @ifr zeroed and named (radio.c); -1 on error */
int iot_ifreq_socket(struct ifreq *ifr, const char *name);

/* resolve an interface name; prints "... device "x" not found" on failure */
int iot_ifindex(const char *name, const char *what, unsigned int *ifindex);

/*
 * "dev NAME" at argv[*i]: returns 1 when argv[*i] is "dev" (then *i is
 * past NAME and *dev set, or *ret holds a usage error), 0 otherwise.
 */
int iot_take_dev(int argc, char **argv, int *i, const char **dev, int *ret);

/*
 * "show [dev NAME]" of route, neigh and ctx: a dump of @cmd printed with
 * @print, asking the kernel for one interface and filtering the replies.
 */
int iot_table_show(unsigned char cmd, int (*print)(struct nlattr **, void *),
		   int argc, char **argv);
/*
 * "show [NAME]" of dev and stats: @cmd for the interface NAME, or a dump
 * of every one, printed with @print.
 */
int iot_dev_show(unsigned char cmd, int (*print)(struct nlattr **, void *),
		 int argc, char **argv);

#endif /* IOTCTL_H */
