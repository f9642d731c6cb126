// SPDX-License-Identifier: GPL-2.0
/*
 * key.c - iotctl key: IEEE 802.15.4 link-layer security keys, peers and
 * the security switch of dev set (mac802154 llsec)
 *
 * Talks to the kernel's legacy "802.15.4 MAC" generic netlink family
 * (llsec.h says why that one). Keys use key identifier mode 1 (a key
 * index, 1 to 255); every key is for data frames. The outgoing key is the
 * one "key use" chose; every key in the table is accepted on reception,
 * which is the grace period of a rotation until "key del" of the old one.
 * mac802154 finds the sender of a secured frame in its device table (for
 * the nonce and the replay counter): "key peer add" fills it. Key bytes
 * are never printed (the kernel's key dump carries them; they are not
 * even read here).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <lmesh/genl.h>

#include "iotctl.h"
#include "json_print.h"
#include "llsec.h"
#include "nl.h"
#include "parse.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define ARPHRD_IEEE802154_NUM		804
#define ARPHRD_IEEE802154_MON_NUM	805
#define ARPHRD_6LOWPAN_NUM		825

/* --- pure parsers (unit tests: tests/test_key.c) ---------------------- */

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int llsec_parse_key(const char *s, uint8_t key[IOT_LLSEC_KEY_LEN])
{
	uint8_t k[IOT_LLSEC_KEY_LEN];
	bool colons = s && strchr(s, ':');
	size_t n = 0;
	int hi, lo;

	if (!s || !*s)
		return -EINVAL;
	while (*s) {
		hi = hexdigit(s[0]);
		lo = hi < 0 ? -1 : hexdigit(s[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (n < IOT_LLSEC_KEY_LEN)
			k[n] = (uint8_t)(hi << 4 | lo);
		n++;
		s += 2;
		if (colons && *s) {
			if (*s != ':' || !s[1])
				return -EINVAL;
			s++;
		}
	}
	if (n != IOT_LLSEC_KEY_LEN) {
		memset(k, 0, sizeof(k));
		return -ERANGE;
	}
	memcpy(key, k, sizeof(k));
	memset(k, 0, sizeof(k));
	return 0;
}

int llsec_parse_key_id(const char *s, uint8_t *id)
{
	uint64_t v;
	int err = parse_uint(s, 1, 255, &v);

	if (!err)
		*id = (uint8_t)v;
	return err;
}

static const char *const level_names[] = {
	"none", "mic-32", "mic-64", "mic-128",
	"enc", "enc-mic-32", "enc-mic-64", "enc-mic-128",
};

const char *llsec_level_name(unsigned int level)
{
	return level < 8 ? level_names[level] : "?";
}

unsigned int llsec_level_overhead(unsigned int level)
{
	/* security control, frame counter, key index; then the MIC */
	static const unsigned int mic[4] = { 0, 4, 8, 16 };

	if (!level || level > 7)
		return 0;
	return 1 + 4 + 1 + mic[level & 3];
}

int llsec_parse_level(const char *s, uint8_t *level)
{
	unsigned int i;
	uint64_t v;

	for (i = 1; i < 8; i++) {
		if (!strcasecmp(s, level_names[i])) {
			*level = (uint8_t)i;
			return 0;
		}
	}
	if (parse_uint(s, 1, 7, &v))
		return -EINVAL;
	*level = (uint8_t)v;
	return 0;
}

/* --- the "802.15.4 MAC" socket ------------------------------------------ */

static struct nl_sock *ksock;
static int kfamily;

static void key_close(void)
{
	nl_socket_free(ksock);
	ksock = NULL;
}

/* true when this process is not in the initial network namespace */
static bool other_netns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) || stat("/proc/1/ns/net", &init))
		return false;
	return self.st_ino != init.st_ino || self.st_dev != init.st_dev;
}

static int key_open(void)
{
	int one = 1;

	if (ksock)
		return IOT_OK;
	ksock = nl_socket_alloc();
	if (!ksock) {
		iot_cmd_err("out of memory");
		return IOT_FAIL;
	}
	if (genl_connect(ksock)) {
		iot_cmd_err("cannot open a generic netlink socket");
		key_close();
		return IOT_FAIL;
	}
	setsockopt(nl_socket_get_fd(ksock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(ksock), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	kfamily = genl_ctrl_resolve(ksock, IOT_LLSEC_GENL_NAME);
	if (kfamily < 0) {
		if (other_netns())
			iot_cmd_err("the kernel's \"%s\" family (link-layer security) answers only in the initial network namespace: configure security there, before the wpan device is moved (iotctl(8), key)",
				    IOT_LLSEC_GENL_NAME);
		else
			iot_cmd_err("the kernel has no \"%s\" family: the 802.15.4 stack is not loaded (modprobe mac802154)",
				    IOT_LLSEC_GENL_NAME);
		key_close();
		return IOT_FAIL;
	}
	return IOT_OK;
}

static struct nl_msg *key_msg(uint8_t cmd, int flags, unsigned int ifindex)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg &&
	    (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, kfamily, 0, flags,
			  cmd, 1) ||
	     (ifindex && nla_put_u32(msg, IOT_LLSEC_A_DEV_INDEX, ifindex)))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		iot_cmd_err("out of memory");
	return msg;
}

/*
 * Send @msg (freed), replies to @valid. IOT_OK, or IOT_FAIL with "WHAT:
 * message"; *@error (may be NULL) gets the kernel's errno, and then
 * nothing is printed for the errno @quiet (0: none).
 */
static int key_run(struct nl_msg *msg, nl_recvmsg_msg_cb_t valid, void *arg,
		   const char *what, int quiet, int *error)
{
	struct lm_genl_status st;
	int err;

	if (error)
		*error = 0;
	err = lm_genl_run(ksock, msg, valid, arg, &st);
	if (err) {
		iot_cmd_err("%s: netlink: %s", what, nl_geterror(err));
		key_close();
		return IOT_FAIL;
	}
	if (!st.error)
		return IOT_OK;
	if (error)
		*error = st.error;
	if (quiet && st.error == quiet)
		return IOT_FAIL;
	if (st.msg[0])
		iot_cmd_err("%s: %s (%s)", what, st.msg, strerror(st.error));
	else if (st.error == EPERM || st.error == EACCES)
		iot_cmd_err("%s: %s: needs CAP_NET_ADMIN (run as root)", what,
			    strerror(st.error));
	else if (st.error == EOPNOTSUPP)
		iot_cmd_err("%s: this device has no link-layer security (not a mac802154 device)",
			    what);
	else if (st.error == ENODEV)
		iot_cmd_err("%s: the kernel finds no such wpan device in the initial network namespace",
			    what);
	else
		iot_cmd_err("%s: the kernel refused: %s", what,
			    strerror(st.error));
	return IOT_FAIL;
}

static int parse_reply(struct nl_msg *msg, struct nlattr **tb)
{
	static struct nla_policy pol[IOT_LLSEC_A_MAX_USED + 1] = {
		[IOT_LLSEC_A_DEV_INDEX]		= { .type = NLA_U32 },
		[IOT_LLSEC_A_SHORT_ADDR]	= { .type = NLA_U16 },
		[IOT_LLSEC_A_PAN_ID]		= { .type = NLA_U16 },
		[IOT_LLSEC_A_ENABLED]		= { .type = NLA_U8 },
		[IOT_LLSEC_A_SECLEVEL]		= { .type = NLA_U8 },
		[IOT_LLSEC_A_KEY_MODE]		= { .type = NLA_U8 },
		[IOT_LLSEC_A_KEY_ID]		= { .type = NLA_U8 },
		[IOT_LLSEC_A_FRAME_COUNTER]	= { .type = NLA_U32 },
		[IOT_LLSEC_A_FRAME_TYPE]	= { .type = NLA_U8 },
		[IOT_LLSEC_A_SECLEVELS]		= { .type = NLA_U8 },
	};

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, IOT_LLSEC_A_MAX_USED, pol) < 0 ||
	    !tb[IOT_LLSEC_A_DEV_INDEX])
		return -EBADMSG;
	return 0;
}

/* --- the kernel's tables -------------------------------------------------- */

struct llsec_params {
	bool enabled;
	uint8_t level;
	uint32_t frame_counter;
	uint8_t out_mode, out_id;
	uint16_t pan_id;
};

#define MAX_ROWS	512

struct llsec_key_row {
	unsigned int ifindex;
	uint8_t id;
};

struct llsec_peer_row {
	unsigned int ifindex;
	uint64_t ext;
	uint16_t pan_id, short_addr;
	uint32_t frame_counter;
};

struct llsec_tables {
	struct llsec_key_row keys[MAX_ROWS];
	unsigned int n_keys;
	struct llsec_peer_row peers[MAX_ROWS];
	unsigned int n_peers;
};

static int on_params(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IOT_LLSEC_A_MAX_USED + 1];
	struct llsec_params *p = arg;

	if (parse_reply(msg, tb))
		return NL_OK;
	if (tb[IOT_LLSEC_A_ENABLED])
		p->enabled = nla_get_u8(tb[IOT_LLSEC_A_ENABLED]);
	if (tb[IOT_LLSEC_A_SECLEVEL])
		p->level = nla_get_u8(tb[IOT_LLSEC_A_SECLEVEL]);
	if (tb[IOT_LLSEC_A_FRAME_COUNTER])
		p->frame_counter = nla_get_u32(tb[IOT_LLSEC_A_FRAME_COUNTER]);
	if (tb[IOT_LLSEC_A_KEY_MODE])
		p->out_mode = nla_get_u8(tb[IOT_LLSEC_A_KEY_MODE]);
	if (tb[IOT_LLSEC_A_KEY_ID])
		p->out_id = nla_get_u8(tb[IOT_LLSEC_A_KEY_ID]);
	return NL_OK;
}

static int on_iface(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IOT_LLSEC_A_MAX_USED + 1];

	if (!parse_reply(msg, tb) && tb[IOT_LLSEC_A_PAN_ID])
		((struct llsec_params *)arg)->pan_id =
			nla_get_u16(tb[IOT_LLSEC_A_PAN_ID]);
	return NL_OK;
}

static int get_params(unsigned int ifindex, const char *what,
		      struct llsec_params *p, int quiet, int *error)
{
	struct nl_msg *msg;
	int ret;

	memset(p, 0, sizeof(*p));
	msg = key_msg(IOT_LLSEC_CMD_GETPARAMS, 0, ifindex);
	if (!msg)
		return IOT_FAIL;
	ret = key_run(msg, on_params, p, what, quiet, error);
	if (ret)
		return ret;
	msg = key_msg(IOT_LLSEC_CMD_LIST_IFACE, 0, ifindex);
	if (!msg)
		return IOT_FAIL;
	return key_run(msg, on_iface, p, what, 0, NULL);
}

static uint64_t get_hwaddr(const struct nlattr *a)
{
	const uint8_t *b = nla_data(a);
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static int on_key(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IOT_LLSEC_A_MAX_USED + 1];
	struct llsec_tables *t = arg;

	/* only the id: IOT_LLSEC_A_KEY_BYTES is not looked at */
	if (parse_reply(msg, tb) || !tb[IOT_LLSEC_A_KEY_MODE] ||
	    !tb[IOT_LLSEC_A_KEY_ID] ||
	    nla_get_u8(tb[IOT_LLSEC_A_KEY_MODE]) != IOT_LLSEC_KEY_MODE_INDEX ||
	    t->n_keys == MAX_ROWS)
		return NL_OK;
	t->keys[t->n_keys].ifindex = nla_get_u32(tb[IOT_LLSEC_A_DEV_INDEX]);
	t->keys[t->n_keys].id = nla_get_u8(tb[IOT_LLSEC_A_KEY_ID]);
	t->n_keys++;
	return NL_OK;
}

static int on_peer(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IOT_LLSEC_A_MAX_USED + 1];
	struct llsec_tables *t = arg;
	struct llsec_peer_row *r;

	if (parse_reply(msg, tb) || !tb[IOT_LLSEC_A_HW_ADDR] ||
	    nla_len(tb[IOT_LLSEC_A_HW_ADDR]) < 8 || t->n_peers == MAX_ROWS)
		return NL_OK;
	r = &t->peers[t->n_peers++];
	r->ifindex = nla_get_u32(tb[IOT_LLSEC_A_DEV_INDEX]);
	r->ext = get_hwaddr(tb[IOT_LLSEC_A_HW_ADDR]);
	r->pan_id = tb[IOT_LLSEC_A_PAN_ID] ?
		    nla_get_u16(tb[IOT_LLSEC_A_PAN_ID]) : 0xffff;
	r->short_addr = tb[IOT_LLSEC_A_SHORT_ADDR] ?
			nla_get_u16(tb[IOT_LLSEC_A_SHORT_ADDR]) : 0xfffe;
	r->frame_counter = tb[IOT_LLSEC_A_FRAME_COUNTER] ?
			   nla_get_u32(tb[IOT_LLSEC_A_FRAME_COUNTER]) : 0;
	return NL_OK;
}

/* the keys and peers of every device (the kernel dumps them all) */
static int get_tables(struct llsec_tables *t, bool peers)
{
	struct nl_msg *msg;
	int ret;

	t->n_keys = 0;
	t->n_peers = 0;
	msg = key_msg(IOT_LLSEC_CMD_LIST_KEY, NLM_F_DUMP, 0);
	if (!msg)
		return IOT_FAIL;
	ret = key_run(msg, on_key, t, "keys", 0, NULL);
	if (ret || !peers)
		return ret;
	msg = key_msg(IOT_LLSEC_CMD_LIST_DEV, NLM_F_DUMP, 0);
	if (!msg)
		return IOT_FAIL;
	return key_run(msg, on_peer, t, "peers", 0, NULL);
}

static bool has_key(const struct llsec_tables *t, unsigned int ifindex,
		    uint8_t id)
{
	unsigned int i;

	for (i = 0; i < t->n_keys; i++)
		if (t->keys[i].ifindex == ifindex && t->keys[i].id == id)
			return true;
	return false;
}

/* the key in use on the device, 0 when there is none */
static uint8_t key_in_use(const struct llsec_params *p,
			  const struct llsec_tables *t, unsigned int ifindex)
{
	if (p->out_mode != IOT_LLSEC_KEY_MODE_INDEX ||
	    !has_key(t, ifindex, p->out_id))
		return 0;
	return p->out_id;
}

/* --- the device a command works on -------------------------------------- */

static int sysfs_uint(const char *name, const char *file, unsigned int *v)
{
	char path[96];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%u", v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/*
 * NAME (or the only mesh interface) as a wpan device: a wpan device is
 * itself, a 6LoWPAN interface (mesh0, lowpan0) its lower device.
 */
static int llsec_wpan(const char *name, unsigned int *ifindex,
		      char wpan[IF_NAMESIZE])
{
	char buf[IF_NAMESIZE];
	unsigned int idx, type, link;
	int ret;

	if (!name) {
		ret = iot_mesh_dev(NULL, &idx, buf);
		if (ret)
			return ret;
		name = buf;
	}
	ret = iot_ifindex(name, "device", &idx);
	if (ret)
		return ret;
	if (sysfs_uint(name, "type", &type)) {
		iot_cmd_err("device \"%s\": cannot read its type", name);
		return IOT_FAIL;
	}
	if (type == ARPHRD_6LOWPAN_NUM) {
		if (sysfs_uint(name, "iflink", &link) || link == idx ||
		    !if_indextoname(link, wpan)) {
			iot_cmd_err("device \"%s\": its wpan device is not in this namespace",
				    name);
			return IOT_FAIL;
		}
		idx = link;
		name = wpan;
		if (sysfs_uint(name, "type", &type))
			type = 0;
	} else {
		snprintf(wpan, IF_NAMESIZE, "%s", name);
	}
	if (type == ARPHRD_IEEE802154_MON_NUM) {
		iot_cmd_err("\"%s\" is a monitor device: security belongs to a node's wpan device",
			    name);
		return IOT_FAIL;
	}
	if (type != ARPHRD_IEEE802154_NUM) {
		iot_cmd_err("\"%s\" is neither a wpan device nor a 6LoWPAN interface on one",
			    name);
		return IOT_FAIL;
	}
	*ifindex = idx;
	return key_open();
}

/* ID ... [dev NAME]: the words other than "dev NAME" into @words */
static int take_words(int argc, char **argv, const char **dev, char **words,
		      int max, int *n)
{
	int i, ret = IOT_OK;

	*dev = NULL;
	*n = 0;
	for (i = 0; i < argc; i++) {
		if (iot_take_dev(argc, argv, &i, dev, &ret)) {
			if (ret)
				return ret;
		} else if (*n < max) {
			words[(*n)++] = argv[i];
		} else {
			return iot_usage_err("unexpected argument \"%s\"",
					     argv[i]);
		}
	}
	return IOT_OK;
}

static int key_id_arg(const char *s, uint8_t *id)
{
	if (llsec_parse_key_id(s, id))
		return iot_usage_err("invalid key id \"%s\" (1 to 255)", s);
	return IOT_OK;
}

static int set_out_key(unsigned int ifindex, const char *wpan, uint8_t id)
{
	struct nl_msg *msg = key_msg(IOT_LLSEC_CMD_SETPARAMS, 0, ifindex);

	if (!msg || nla_put_u8(msg, IOT_LLSEC_A_KEY_MODE,
			       IOT_LLSEC_KEY_MODE_INDEX) ||
	    nla_put_u8(msg, IOT_LLSEC_A_KEY_ID, id)) {
		nlmsg_free(msg);
		return IOT_FAIL;
	}
	return key_run(msg, NULL, NULL, wpan, 0, NULL);
}

/* --- commands ------------------------------------------------------------- */

static int key_add(int argc, char **argv)
{
	static struct llsec_tables t;
	uint8_t key[IOT_LLSEC_KEY_LEN], id = 0;
	struct llsec_params p;
	char wpan[IF_NAMESIZE], *w[2];
	unsigned int ifindex;
	const char *dev;
	struct nl_msg *msg;
	int n, ret, err, kerr;

	ret = take_words(argc, argv, &dev, w, 2, &n);
	if (ret)
		return ret;
	if (n < 2)
		return iot_usage_err(n ? "missing HEXKEY" : "missing ID");
	ret = key_id_arg(w[0], &id);
	if (ret)
		return ret;
	err = llsec_parse_key(w[1], key);
	if (err)
		return iot_usage_err(err == -ERANGE ?
				     "the key must be 128 bits: 32 hexadecimal digits" :
				     "the key is not hexadecimal (32 digits, pairs may be separated by ':')");
	/* out of the process list as soon as possible */
	memset(w[1], 'x', strlen(w[1]));
	if (iot_check_only) {
		ret = IOT_OK;
		goto out;
	}
	ret = llsec_wpan(dev, &ifindex, wpan);
	if (ret)
		goto out;
	ret = IOT_FAIL;
	msg = key_msg(IOT_LLSEC_CMD_ADD_KEY, NLM_F_CREATE | NLM_F_EXCL,
		      ifindex);
	if (!msg)
		goto out;
	if (nla_put_u8(msg, IOT_LLSEC_A_KEY_MODE, IOT_LLSEC_KEY_MODE_INDEX) ||
	    nla_put_u8(msg, IOT_LLSEC_A_KEY_ID, id) ||
	    nla_put_u8(msg, IOT_LLSEC_A_KEY_USAGE_FRAME_TYPES,
		       1u << IOT_LLSEC_FC_TYPE_DATA) ||
	    nla_put(msg, IOT_LLSEC_A_KEY_BYTES, sizeof(key), key)) {
		nlmsg_free(msg);
		iot_cmd_err("out of memory");
		goto out;
	}
	ret = key_run(msg, NULL, NULL, wpan, EEXIST, &kerr);
	if (ret) {
		if (kerr == EEXIST)
			iot_cmd_err("%s: key %u exists (key del it first)",
				    wpan, id);
		goto out;
	}
	/* the first key becomes the key in use */
	ret = get_params(ifindex, wpan, &p, 0, NULL);
	if (!ret)
		ret = get_tables(&t, false);
	if (!ret && !key_in_use(&p, &t, ifindex))
		ret = set_out_key(ifindex, wpan, id);
out:
	memset(key, 0, sizeof(key));
	return ret;
}

static int key_del(int argc, char **argv)
{
	static struct llsec_tables t;
	struct llsec_params p;
	char wpan[IF_NAMESIZE], *w[1];
	unsigned int ifindex;
	const char *dev;
	struct nl_msg *msg;
	uint8_t id = 0;
	int n, ret;

	ret = take_words(argc, argv, &dev, w, 1, &n);
	if (ret)
		return ret;
	if (!n)
		return iot_usage_err("missing ID");
	ret = key_id_arg(w[0], &id);
	if (ret)
		return ret;
	ret = llsec_wpan(dev, &ifindex, wpan);
	if (!ret)
		ret = get_params(ifindex, wpan, &p, 0, NULL);
	if (!ret)
		ret = get_tables(&t, false);
	if (ret)
		return ret;
	if (!has_key(&t, ifindex, id)) {
		iot_cmd_err("%s: no key %u", wpan, id);
		return IOT_FAIL;
	}
	if (p.enabled && key_in_use(&p, &t, ifindex) == id) {
		iot_cmd_err("%s: key %u is the key in use: \"key use\" another one first, or turn security off",
			    wpan, id);
		return IOT_FAIL;
	}
	msg = key_msg(IOT_LLSEC_CMD_DEL_KEY, 0, ifindex);
	if (!msg || nla_put_u8(msg, IOT_LLSEC_A_KEY_MODE,
			       IOT_LLSEC_KEY_MODE_INDEX) ||
	    nla_put_u8(msg, IOT_LLSEC_A_KEY_ID, id)) {
		nlmsg_free(msg);
		return IOT_FAIL;
	}
	return key_run(msg, NULL, NULL, wpan, 0, NULL);
}

static int key_use(int argc, char **argv)
{
	static struct llsec_tables t;
	char wpan[IF_NAMESIZE], *w[1];
	unsigned int ifindex;
	const char *dev;
	uint8_t id = 0;
	int n, ret;

	ret = take_words(argc, argv, &dev, w, 1, &n);
	if (ret)
		return ret;
	if (!n)
		return iot_usage_err("missing ID");
	ret = key_id_arg(w[0], &id);
	if (ret || iot_check_only)
		return ret;
	ret = llsec_wpan(dev, &ifindex, wpan);
	if (!ret)
		ret = get_tables(&t, false);
	if (ret)
		return ret;
	if (!has_key(&t, ifindex, id)) {
		iot_cmd_err("%s: no key %u (key add it first)", wpan, id);
		return IOT_FAIL;
	}
	return set_out_key(ifindex, wpan, id);
}

static void print_device(const char *name, unsigned int ifindex,
			 const struct llsec_params *p,
			 const struct llsec_tables *t)
{
	char ext[EXT_ADDR_STRLEN], sa[SHORT_ADDR_STRLEN];
	uint8_t use = key_in_use(p, t, ifindex);
	unsigned int i;

	open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%s:", name);
	print_uint(PRINT_ANY, "ifindex", " ifindex %u", ifindex);
	print_onoff("security", p->enabled);
	print_uint(PRINT_ANY, "level", " level %u", p->level);
	print_string(PRINT_ANY, "level_name", " (%s)",
		     llsec_level_name(p->level));
	print_uint(PRINT_ANY, "frame_counter", " frame_counter %u",
		   p->frame_counter);
	if (use)
		print_uint(PRINT_ANY, "key_in_use", " key_in_use %u", use);
	print_nl();
	open_array("keys");
	for (i = 0; i < t->n_keys; i++) {
		if (t->keys[i].ifindex != ifindex)
			continue;
		open_object(NULL);
		print_uint(PRINT_ANY, "id", "    key %u", t->keys[i].id);
		print_bool(PRINT_JSON, "in_use", NULL, t->keys[i].id == use);
		if (t->keys[i].id == use)
			print_text(" in use");
		print_nl();
		close_object();
	}
	close_array();
	open_array("peers");
	for (i = 0; i < t->n_peers; i++) {
		const struct llsec_peer_row *r = &t->peers[i];

		if (r->ifindex != ifindex)
			continue;
		open_object(NULL);
		print_string(PRINT_ANY, "ext_addr", "    peer %s",
			     format_ext_addr(r->ext, ext));
		print_string(PRINT_ANY, "pan_id", " pan_id %s",
			     format_short_addr(r->pan_id, sa));
		print_string(PRINT_ANY, "short_addr", " short_addr %s",
			     format_short_addr(r->short_addr, sa));
		print_uint(PRINT_ANY, "frame_counter", " frame_counter %u",
			   r->frame_counter);
		print_nl();
		close_object();
	}
	close_array();
	close_object();
}

static int key_show(int argc, char **argv)
{
	static struct llsec_tables t;
	struct if_nameindex *ifs, *it;
	struct llsec_params p;
	char wpan[IF_NAMESIZE];
	unsigned int ifindex, type;
	const char *dev = NULL;
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
		ret = llsec_wpan(dev, &ifindex, wpan);
		if (!ret)
			ret = get_tables(&t, true);
		if (!ret)
			ret = get_params(ifindex, wpan, &p, 0, NULL);
		if (ret)
			return ret;
		print_list_begin();
		print_device(wpan, ifindex, &p, &t);
		print_list_end(true);
		return IOT_OK;
	}
	ret = key_open();
	if (!ret)
		ret = get_tables(&t, true);
	if (ret)
		return ret;
	ifs = if_nameindex();
	if (!ifs) {
		iot_cmd_err("cannot list interfaces: %s", strerror(errno));
		return IOT_FAIL;
	}
	print_list_begin();
	for (it = ifs; it->if_index; it++) {
		if (sysfs_uint(it->if_name, "type", &type) ||
		    type != ARPHRD_IEEE802154_NUM)
			continue;
		if (get_params(it->if_index, it->if_name, &p, EOPNOTSUPP,
			       NULL))
			continue;
		print_device(it->if_name, it->if_index, &p, &t);
	}
	print_list_end(true);
	if_freenameindex(ifs);
	return IOT_OK;
}

static int peer_add(int argc, char **argv)
{
	struct ieee802154_addr_arg ext, sa;
	bool have_short = false;
	char wpan[IF_NAMESIZE], *w[4];
	struct llsec_params p;
	unsigned int ifindex;
	const char *dev;
	struct nl_msg *msg;
	uint8_t hw[8];
	int n, i, ret, kerr;

	ret = take_words(argc, argv, &dev, w, 4, &n);
	if (ret)
		return ret;
	if (!n)
		return iot_usage_err("missing EXTADDR");
	if (parse_ieee802154_addr(w[0], &ext) || ext.kind != ADDR_EXTENDED)
		return iot_usage_err("invalid extended address \"%s\" (00:11:22:33:44:55:66:77)",
				     w[0]);
	if (n > 1) {
		if (strcmp(w[1], "short"))
			return iot_usage_err("unexpected argument \"%s\"",
					     w[1]);
		if (n != 3)
			return iot_usage_err(n == 2 ? "short needs an address" :
					     "unexpected argument \"%s\"",
					     w[3]);
		if (parse_ieee802154_addr(w[2], &sa) || sa.kind != ADDR_SHORT ||
		    sa.short_addr >= IEEE802154_ADDR_UNDEF)
			return iot_usage_err("invalid short address \"%s\" (0x0000 to 0xfffd)",
					     w[2]);
		have_short = true;
	}
	if (iot_check_only)
		return IOT_OK;
	ret = llsec_wpan(dev, &ifindex, wpan);
	if (!ret)
		ret = get_params(ifindex, wpan, &p, 0, NULL);
	if (ret)
		return ret;
	for (i = 0; i < 8; i++)
		hw[i] = (uint8_t)(ext.ext_addr >> (56 - 8 * i));
	msg = key_msg(IOT_LLSEC_CMD_ADD_DEV, NLM_F_CREATE | NLM_F_EXCL,
		      ifindex);
	if (!msg || nla_put(msg, IOT_LLSEC_A_HW_ADDR, sizeof(hw), hw) ||
	    nla_put_u32(msg, IOT_LLSEC_A_FRAME_COUNTER, 0) ||
	    nla_put_u8(msg, IOT_LLSEC_A_DEV_OVERRIDE, 0) ||
	    nla_put_u8(msg, IOT_LLSEC_A_DEV_KEY_MODE, 0) ||
	    (have_short &&
	     (nla_put_u16(msg, IOT_LLSEC_A_PAN_ID, p.pan_id) ||
	      nla_put_u16(msg, IOT_LLSEC_A_SHORT_ADDR, sa.short_addr)))) {
		nlmsg_free(msg);
		return IOT_FAIL;
	}
	ret = key_run(msg, NULL, NULL, wpan, EEXIST, &kerr);
	if (ret && kerr == EEXIST)
		iot_cmd_err("%s: peer %s exists (key peer del it first)",
			    wpan, w[0]);
	return ret;
}

static int peer_del(int argc, char **argv)
{
	struct ieee802154_addr_arg ext;
	char wpan[IF_NAMESIZE], *w[1];
	unsigned int ifindex;
	const char *dev;
	struct nl_msg *msg;
	uint8_t hw[8];
	int n, i, ret, kerr;

	ret = take_words(argc, argv, &dev, w, 1, &n);
	if (ret)
		return ret;
	if (!n)
		return iot_usage_err("missing EXTADDR");
	if (parse_ieee802154_addr(w[0], &ext) || ext.kind != ADDR_EXTENDED)
		return iot_usage_err("invalid extended address \"%s\" (00:11:22:33:44:55:66:77)",
				     w[0]);
	ret = llsec_wpan(dev, &ifindex, wpan);
	if (ret)
		return ret;
	for (i = 0; i < 8; i++)
		hw[i] = (uint8_t)(ext.ext_addr >> (56 - 8 * i));
	msg = key_msg(IOT_LLSEC_CMD_DEL_DEV, 0, ifindex);
	if (!msg || nla_put(msg, IOT_LLSEC_A_HW_ADDR, sizeof(hw), hw)) {
		nlmsg_free(msg);
		return IOT_FAIL;
	}
	ret = key_run(msg, NULL, NULL, wpan, ENOENT, &kerr);
	if (ret && kerr == ENOENT)
		iot_cmd_err("%s: no peer %s", wpan, w[0]);
	return ret;
}

static int key_peer(int argc, char **argv)
{
	if (argc < 1)
		return iot_usage_err("missing add or del");
	if (!strcmp(argv[0], "add"))
		return peer_add(argc - 1, argv + 1);
	if (!strcmp(argv[0], "del"))
		return peer_del(argc - 1, argv + 1);
	return iot_usage_err("unknown peer command \"%s\" (add or del)",
			     argv[0]);
}

/* --- dev set NAME security on|off [security-level L] ------------------ */

bool llsec_dev_set_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "security") ||
		    !strcmp(argv[i], "security-level"))
			return true;
	return false;
}

int llsec_dev_set(int argc, char **argv)
{
	static struct llsec_tables t;
	bool on = false, have_on = false, have_level = false;
	uint8_t level = 0;
	char wpan[IF_NAMESIZE];
	struct llsec_params p;
	unsigned int ifindex;
	struct nl_msg *msg;
	int i, ret, kerr;

	if (argc < 1)
		return iot_usage_err("missing NAME");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "security")) {
			if (have_on)
				return iot_usage_err("security given twice");
			if (++i == argc || parse_onoff(argv[i], &on))
				return iot_usage_err("security needs on or off");
			have_on = true;
		} else if (!strcmp(argv[i], "security-level")) {
			if (have_level)
				return iot_usage_err("security-level given twice");
			if (++i == argc || llsec_parse_level(argv[i], &level))
				return iot_usage_err("invalid security-level \"%s\" (1 to 7, or mic-32, mic-64, mic-128, enc, enc-mic-32, enc-mic-64, enc-mic-128)",
						     i < argc ? argv[i] : "");
			have_level = true;
		} else {
			return iot_usage_err("\"%s\" does not go with security: set it in a dev set of its own",
					     argv[i]);
		}
	}
	if (iot_check_only)
		return IOT_OK;
	ret = llsec_wpan(argv[0], &ifindex, wpan);
	if (!ret)
		ret = get_params(ifindex, wpan, &p, 0, NULL);
	if (!ret)
		ret = get_tables(&t, false);
	if (ret)
		return ret;
	if (have_on && on && !key_in_use(&p, &t, ifindex)) {
		iot_cmd_err("%s: no key: add one first (iotctl key add ID HEXKEY dev %s)",
			    wpan, argv[0]);
		return IOT_FAIL;
	}
	if (!have_level && have_on && on && !p.level) {
		level = IOT_LLSEC_LEVEL_DEFAULT;
		have_level = true;
	}
	if (have_on && on) {
		/* reception needs a rule for data frames: any level > 0 */
		msg = key_msg(IOT_LLSEC_CMD_ADD_SECLEVEL,
			      NLM_F_CREATE | NLM_F_EXCL, ifindex);
		if (!msg || nla_put_u8(msg, IOT_LLSEC_A_FRAME_TYPE,
				       IOT_LLSEC_FC_TYPE_DATA) ||
		    nla_put_u8(msg, IOT_LLSEC_A_SECLEVELS, 0xfe) ||
		    nla_put_u8(msg, IOT_LLSEC_A_DEV_OVERRIDE, 0)) {
			nlmsg_free(msg);
			return IOT_FAIL;
		}
		ret = key_run(msg, NULL, NULL, wpan, EEXIST, &kerr);
		if (ret && kerr != EEXIST)
			return ret;
	}
	msg = key_msg(IOT_LLSEC_CMD_SETPARAMS, 0, ifindex);
	if (!msg || (have_on && nla_put_u8(msg, IOT_LLSEC_A_ENABLED, on)) ||
	    (have_level && nla_put_u8(msg, IOT_LLSEC_A_SECLEVEL, level))) {
		nlmsg_free(msg);
		return IOT_FAIL;
	}
	ret = key_run(msg, NULL, NULL, wpan, 0, NULL);
	/* the mesh interface refuses unsecured frames from now on */
	if (!ret && have_on)
		iot_mesh_sec_sync(ifindex);
	return ret;
}

static const struct iot_cmd key_cmds[] = {
	{ "add", "ID HEXKEY [dev NAME]",
	  "add a 128-bit key with id 1 to 255 (the first key becomes the key in use)",
	  key_add },
	{ "del", "ID [dev NAME]",
	  "delete a key (not the key in use while security is on)", key_del },
	{ "use", "ID [dev NAME]",
	  "send with key ID; the other keys stay accepted until deleted",
	  key_use },
	{ "show", "[dev NAME]",
	  "security state, key ids, key in use, frame counters, peers (never key bytes)",
	  key_show },
	{ "peer", "add EXTADDR [short ADDR] [dev NAME] | del EXTADDR [dev NAME]",
	  "add or delete a neighbour whose secured frames are accepted",
	  key_peer },
	{ NULL, NULL, NULL, NULL }
};

static struct iot_obj key_obj = {
	.name = "key",
	.help = "802.15.4 link-layer security: keys and peers",
	.cmds = key_cmds,
	.default_cmd = "show",
};

IOTCTL_OBJECT(key_obj)
