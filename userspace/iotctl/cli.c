// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - global options, object and command dispatch, help, errors
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/lowpan_mesh.h>

#include "iotctl.h"
#include "json_print.h"
#include "nl.h"

char iot_where[IOT_WHERE_MAX];
bool iot_check_only;

static struct iot_obj *objects;
static const struct iot_obj *cur_obj;
static const struct iot_cmd *cur_cmd;

void iot_register(struct iot_obj *obj)
{
	struct iot_obj **p = &objects;

	while (*p && strcmp((*p)->name, obj->name) < 0)
		p = &(*p)->next;
	obj->next = *p;
	*p = obj;
}

const struct iot_obj *iot_objects(void)
{
	return objects;
}

static void verr(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("iotctl: ", stderr);
	if (iot_where[0])
		fprintf(stderr, "%s: ", iot_where);
	if (prefix)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void iot_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(NULL, fmt, ap);
	va_end(ap);
}

static void cmd_prefix(char *buf, size_t size)
{
	buf[0] = '\0';
	if (cur_obj && cur_cmd)
		snprintf(buf, size, "%s %s: ", cur_obj->name, cur_cmd->name);
	else if (cur_obj)
		snprintf(buf, size, "%s: ", cur_obj->name);
}

void iot_cmd_err(const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	cmd_prefix(prefix, sizeof(prefix));
	va_start(ap, fmt);
	verr(prefix, fmt, ap);
	va_end(ap);
}

static void cmd_synopsis(FILE *f, const struct iot_obj *obj,
			 const struct iot_cmd *cmd)
{
	fprintf(f, "iotctl [OPTIONS] %s %s%s%s\n", obj->name, cmd->name,
		cmd->args[0] ? " " : "", cmd->args);
}

int iot_usage_err(const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	cmd_prefix(prefix, sizeof(prefix));
	va_start(ap, fmt);
	verr(prefix, fmt, ap);
	va_end(ap);
	if (cur_obj && cur_cmd) {
		fputs("usage: ", stderr);
		cmd_synopsis(stderr, cur_obj, cur_cmd);
	}
	return IOT_USAGE;
}

int iot_ifindex(const char *name, const char *what, unsigned int *ifindex)
{
	unsigned int idx = 0;

	if (strlen(name) < IFNAMSIZ)
		idx = if_nametoindex(name);
	if (!idx) {
		iot_cmd_err("%s \"%s\" not found", what, name);
		return IOT_FAIL;
	}
	*ifindex = idx;
	return IOT_OK;
}

/* --- helpers of the objects' commands (declared in iotctl.h) --- */

int iot_take_dev(int argc, char **argv, int *i, const char **dev, int *ret)
{
	if (strcmp(argv[*i], "dev"))
		return 0;
	if (*dev)
		*ret = iot_usage_err("dev given twice");
	else if (++*i == argc)
		*ret = iot_usage_err("dev needs a NAME");
	else
		*dev = argv[*i];
	return 1;
}

int iot_table_show(unsigned char cmd, iot_nl_reply_cb cb, int argc,
		   char **argv)
{
	const char *dev = NULL;
	unsigned int ifindex = 0;
	struct nl_msg *msg;
	int i, ret = IOT_OK;

	for (i = 0; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, &dev, &ret)) {
			if (ret)
				return ret;
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	if (dev) {
		ret = iot_ifindex(dev, "device", &ifindex);
		if (ret)
			return ret;
	}
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = iot_nl_dev_msg(cmd, true, ifindex);
	if (!msg)
		return IOT_FAIL;
	print_list_begin();
	ret = iot_nl_run(msg, cb, &ifindex, dev);
	print_list_end(!ret);
	return ret;
}

int iot_dev_show(unsigned char cmd, int (*print)(struct nlattr **, void *),
		 int argc, char **argv)
{
	unsigned int ifindex = 0;
	struct nl_msg *msg;
	int ret;

	if (argc > 1)
		return iot_usage_err("unexpected argument \"%s\"", argv[1]);
	if (argc == 1) {
		ret = iot_ifindex(argv[0], "device", &ifindex);
		if (ret)
			return ret;
	}
	ret = iot_nl_open();
	if (ret)
		return ret;
	msg = iot_nl_dev_msg(cmd, !ifindex, ifindex);
	if (!msg)
		return IOT_FAIL;
	print_list_begin();
	ret = iot_nl_run(msg, print, NULL, argc ? argv[0] : NULL);
	print_list_end(!ret);
	return ret;
}

static void usage(FILE *f)
{
	const struct iot_obj *obj;

	fputs("usage: iotctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	      "       iotctl [OPTIONS] -b FILE\n"
	      "       iotctl OBJECT help\n"
	      "options:\n"
	      "  -j, --json       JSON output on read commands\n"
	      "  -p, --pretty     indented JSON (implies -j)\n"
	      "  -b, --batch FILE run one command per line of FILE (- for stdin)\n"
	      "  -V, --version    print the version\n"
	      "  -h, --help       print this help\n"
	      "objects:\n", f);
	for (obj = objects; obj; obj = obj->next)
		fprintf(f, "  %-16s %s\n", obj->name, obj->help);
}

static void obj_help(FILE *f, const struct iot_obj *obj)
{
	const struct iot_cmd *cmd;

	fprintf(f, "%s: %s\n", obj->name, obj->help);
	for (cmd = obj->cmds; cmd->name; cmd++) {
		fputs("  ", f);
		cmd_synopsis(f, obj, cmd);
		fprintf(f, "      %s\n", cmd->help);
	}
	if (obj->default_cmd)
		fprintf(f, "  without a command: %s\n", obj->default_cmd);
}

static const struct iot_obj *find_obj(const char *name)
{
	const struct iot_obj *obj;

	for (obj = objects; obj; obj = obj->next)
		if (!strcmp(obj->name, name))
			return obj;
	return NULL;
}

static const struct iot_cmd *find_cmd(const struct iot_obj *obj,
				      const char *name)
{
	const struct iot_cmd *cmd;

	for (cmd = obj->cmds; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

static int run_obj(const struct iot_obj *obj, int argc, char **argv)
{
	const struct iot_cmd *cmd = NULL;

	if (argc == 0 || !strcmp(argv[0], "help")) {
		if (argc == 0 && obj->default_cmd) {
			cmd = find_cmd(obj, obj->default_cmd);
		} else {
			obj_help(stdout, obj);
			return IOT_OK;
		}
	} else {
		cmd = find_cmd(obj, argv[0]);
		if (cmd) {
			argc--;
			argv++;
		} else if (obj->default_takes_args && obj->default_cmd &&
			   argv[0][0] != '-') {
			cmd = find_cmd(obj, obj->default_cmd);
		}
	}
	if (!cmd) {
		iot_cmd_err("unknown command \"%s\" (try \"iotctl %s help\")",
			    argc ? argv[0] : obj->default_cmd, obj->name);
		return IOT_USAGE;
	}
	cur_cmd = cmd;
	if (argc > 0 && !strcmp(argv[0], "help")) {
		fputs("usage: ", stdout);
		cmd_synopsis(stdout, obj, cmd);
		printf("  %s\n", cmd->help);
		return IOT_OK;
	}
	return cmd->run(argc, argv);
}

int iot_run(int argc, char **argv)
{
	const struct iot_obj *obj;
	int ret;

	if (argc < 1)
		return IOT_USAGE;
	cur_obj = NULL;
	cur_cmd = NULL;
	if (!strcmp(argv[0], "help")) {
		if (argc == 1) {
			usage(stdout);
			return IOT_OK;
		}
		obj = find_obj(argv[1]);
		if (!obj || argc > 2) {
			iot_err("help: unknown object \"%s\"", argv[1]);
			return IOT_USAGE;
		}
		obj_help(stdout, obj);
		return IOT_OK;
	}
	obj = find_obj(argv[0]);
	if (!obj) {
		iot_err("unknown object \"%s\" (try \"iotctl help\")", argv[0]);
		return IOT_USAGE;
	}
	cur_obj = obj;
	ret = run_obj(obj, argc - 1, argv + 1);
	cur_obj = NULL;
	cur_cmd = NULL;
	return ret;
}

static const struct option long_opts[] = {
	{ "json",	no_argument,		NULL, 'j' },
	{ "pretty",	no_argument,		NULL, 'p' },
	{ "batch",	required_argument,	NULL, 'b' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "help",	no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int iotctl_main(int argc, char **argv)
{
	const char *batch = NULL;
	bool json = false, pretty = false;
	int opt, ret;

	iot_where[0] = '\0';
	optind = 0;		/* full getopt reset: the tests call us again */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:jpb:Vh", long_opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			json = true;
			pretty = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'V':
			printf("iotctl %s (lowpan_mesh netlink API version %d)\n",
			       IOTCTL_VERSION, LOWPAN_MESH_GENL_VERSION);
			return IOT_OK;
		case 'h':
			usage(stdout);
			return IOT_OK;
		case ':':
			iot_err("option %s needs an argument",
				argv[optind - 1]);
			return IOT_USAGE;
		default:
			if (optopt)
				iot_err("unknown option -%c (try \"iotctl -h\")",
					optopt);
			else
				iot_err("unknown option %s (try \"iotctl -h\")",
					argv[optind - 1]);
			return IOT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (batch && argc) {
		iot_err("-b takes no command on the command line");
		return IOT_USAGE;
	}
	if (!batch && !argc) {
		usage(stderr);
		return IOT_USAGE;
	}
	print_setup(stdout, json, pretty);
	ret = batch ? iot_batch(batch) : iot_run(argc, argv);
	iot_nl_close();
	fflush(stdout);
	return ret;
}
