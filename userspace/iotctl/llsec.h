/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llsec.h - iotctl key: IEEE 802.15.4 link-layer security (mac802154 llsec)
 * through the kernel's legacy "802.15.4 MAC" generic netlink family
 *
 * Stock distribution kernels build nl802154 without its security commands
 * (CONFIG_IEEE802154_NL802154_EXPERIMENTAL is not set); the older family
 * of net/ieee802154/netlink.c and nl-mac.c still has them. Its header
 * (include/linux/nl802154.h) is not exported to userspace; the numbers
 * below mirror it (identical in 6.1 and 6.12), with an IOT_ prefix.
 * That family is not network-namespace aware: it answers only in the
 * initial namespace and finds devices only there.
 */
#ifndef IOTCTL_LLSEC_H
#define IOTCTL_LLSEC_H

#include <stdbool.h>
#include <stdint.h>

#define IOT_LLSEC_GENL_NAME	"802.15.4 MAC"

/* the commands iotctl uses (enum of include/linux/nl802154.h) */
enum {
	IOT_LLSEC_CMD_LIST_IFACE = 31,
	IOT_LLSEC_CMD_GETPARAMS = 36,
	IOT_LLSEC_CMD_SETPARAMS = 37,
	IOT_LLSEC_CMD_LIST_KEY = 38,
	IOT_LLSEC_CMD_ADD_KEY = 39,
	IOT_LLSEC_CMD_DEL_KEY = 40,
	IOT_LLSEC_CMD_LIST_DEV = 41,
	IOT_LLSEC_CMD_ADD_DEV = 42,
	IOT_LLSEC_CMD_DEL_DEV = 43,
	IOT_LLSEC_CMD_LIST_SECLEVEL = 47,
	IOT_LLSEC_CMD_ADD_SECLEVEL = 48,
	IOT_LLSEC_CMD_DEL_SECLEVEL = 49,
};

/* the attributes (same enum) */
enum {
	IOT_LLSEC_A_DEV_NAME = 1,		/* string */
	IOT_LLSEC_A_DEV_INDEX = 2,		/* u32 */
	IOT_LLSEC_A_SHORT_ADDR = 4,		/* u16, host order */
	IOT_LLSEC_A_HW_ADDR = 5,		/* 8 bytes, first byte first */
	IOT_LLSEC_A_PAN_ID = 6,			/* u16, host order */
	IOT_LLSEC_A_ENABLED = 41,		/* u8 */
	IOT_LLSEC_A_SECLEVEL = 42,		/* u8, 0..7 */
	IOT_LLSEC_A_KEY_MODE = 43,		/* u8, IOT_LLSEC_KEY_MODE_* */
	IOT_LLSEC_A_KEY_ID = 46,		/* u8 */
	IOT_LLSEC_A_FRAME_COUNTER = 47,		/* u32 */
	IOT_LLSEC_A_KEY_BYTES = 48,		/* 16 bytes */
	IOT_LLSEC_A_KEY_USAGE_FRAME_TYPES = 49,	/* u8, bit per frame type */
	IOT_LLSEC_A_FRAME_TYPE = 51,		/* u8 */
	IOT_LLSEC_A_SECLEVELS = 53,		/* u8, bit per level */
	IOT_LLSEC_A_DEV_OVERRIDE = 54,		/* u8 */
	IOT_LLSEC_A_DEV_KEY_MODE = 55,		/* u8, 0 = ignore */
	IOT_LLSEC_A_MAX_USED = 56,
};

#define IOT_LLSEC_KEY_MODE_INDEX	1	/* key index, no key source */
#define IOT_LLSEC_FC_TYPE_DATA		1
#define IOT_LLSEC_KEY_LEN		16
#define IOT_LLSEC_LEVEL_DEFAULT		5	/* ENC-MIC-32 */

/*
 * A 128-bit key: 32 hexadecimal digits, optionally in pairs separated by
 * ':'. 0, -EINVAL (not hexadecimal) or -ERANGE (not 16 bytes).
 */
int llsec_parse_key(const char *s, uint8_t key[IOT_LLSEC_KEY_LEN]);
/* a key id, 1 to 255; 0, -EINVAL or -ERANGE */
int llsec_parse_key_id(const char *s, uint8_t *id);
/* a security level: 1 to 7 or its name ("enc-mic-32"); 0 or -EINVAL */
int llsec_parse_level(const char *s, uint8_t *level);
/* the name of a level 0..7 ("none", "mic-32", ... "enc-mic-128") */
const char *llsec_level_name(unsigned int level);
/* bytes a level adds to a frame with key index mode (header + MIC) */
unsigned int llsec_level_overhead(unsigned int level);

/*
 * dev set NAME security on|off [security-level L]: true when @argv holds
 * one of those words (then dev set hands the whole command to
 * llsec_dev_set()).
 */
bool llsec_dev_set_wanted(int argc, char **argv);
int llsec_dev_set(int argc, char **argv);

#endif /* IOTCTL_LLSEC_H */
