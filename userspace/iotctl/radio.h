/* SPDX-License-Identifier: GPL-2.0 */
/*
 * radio.h - iotctl radio: the 802.15.4 settings of a wpan device (nl802154)
 *
 * What radio.c shares with the unit tests: the settings of one wpan
 * device as read from the kernel, their printer, and the parser of
 * "radio set" arguments.
 */
#ifndef IOTCTL_RADIO_H
#define IOTCTL_RADIO_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>

#include "nl802154.h"

struct nlmsghdr;

#define RADIO_PHY_NAMESIZE	32

/* the PHY capabilities radio set checks its values against */
struct radio_caps {
	bool valid;			/* the kernel sent them */
	uint32_t channels[IOT_IEEE802154_MAX_PAGE + 1];	/* per page, bit = channel */
	int32_t tx_powers[32];		/* mBm */
	unsigned int n_tx_powers;	/* 0: the PHY has no power setting */
	uint8_t min_minbe, max_minbe, min_maxbe, max_maxbe;
	uint8_t min_csma_backoffs, max_csma_backoffs;
	int8_t min_frame_retries, max_frame_retries;
	uint32_t lbt;			/* IOT_NL802154_BOOL_* */
};

/**
 * struct radio_info - one wpan device and its PHY
 * @has_*: the attribute came; fields without it are not printed
 */
struct radio_info {
	char ifname[IF_NAMESIZE];
	uint32_t ifindex;
	uint32_t iftype;
	bool has_iftype;
	uint32_t phy;
	bool has_phy;
	char phy_name[RADIO_PHY_NAMESIZE];
	int up;				/* 1 up, 0 down, -1 unknown */
	/* the wpan device (GET_INTERFACE) */
	bool has_addr;
	uint64_t ext_addr;
	uint16_t short_addr, pan_id;
	bool has_mac;
	bool ackreq;
	int8_t max_frame_retries;
	uint8_t min_be, max_be, csma_backoffs;
	bool lbt;
	/* its PHY (GET_WPAN_PHY) */
	bool has_channel;
	uint8_t page, channel;
	bool has_tx_power;
	int32_t tx_power;		/* mBm */
	struct radio_caps caps;
};

/* a GET_INTERFACE reply into @ri (zeroed first); 0 or -EBADMSG */
int radio_parse_iface(struct nlmsghdr *nlh, struct radio_info *ri);
/* a GET_WPAN_PHY reply into the PHY fields of @ri; 0 or -EBADMSG */
int radio_parse_phy(struct nlmsghdr *nlh, struct radio_info *ri);
/* one wpan device, text or JSON (json_print.h) */
void radio_print(const struct radio_info *ri);

/* "4", "-3", "2.5" dBm into mBm, -100 to 100 dBm; 0, -EINVAL or -ERANGE */
int radio_parse_dbm(const char *s, int32_t *mbm);
/* @mbm as dBm: "4", "-3", "2.5" */
char *radio_format_dbm(int32_t mbm, char buf[16]);

/* what radio set changes */
enum {
	RADIO_SET_CHANNEL = 1 << 0,
	RADIO_SET_PAGE = 1 << 1,
	RADIO_SET_PAN_ID = 1 << 2,
	RADIO_SET_SHORT_ADDR = 1 << 3,
	RADIO_SET_ACKREQ = 1 << 4,
	RADIO_SET_RETRIES = 1 << 5,
	RADIO_SET_CSMA_BACKOFFS = 1 << 6,
	RADIO_SET_MIN_BE = 1 << 7,
	RADIO_SET_MAX_BE = 1 << 8,
	RADIO_SET_LBT = 1 << 9,
	RADIO_SET_TX_POWER = 1 << 10,
	/* the settings nl802154 refuses while the wpan device is up */
	RADIO_SET_DOWN_ONLY = RADIO_SET_PAN_ID | RADIO_SET_SHORT_ADDR |
			      RADIO_SET_ACKREQ | RADIO_SET_RETRIES |
			      RADIO_SET_CSMA_BACKOFFS | RADIO_SET_MIN_BE |
			      RADIO_SET_MAX_BE | RADIO_SET_LBT,
};

/* the defaults of "radio set WPAN mesh-defaults" (iotctl.8 says why) */
#define RADIO_MESH_ACKREQ	true
#define RADIO_MESH_RETRIES	3

struct radio_set {
	unsigned int given;		/* RADIO_SET_* on the command line */
	bool mesh_defaults;
	uint8_t channel, page;
	uint16_t pan_id, short_addr;
	bool ackreq, lbt;
	int8_t max_frame_retries;
	uint8_t csma_backoffs, min_be, max_be;
	int32_t tx_power;		/* mBm */
};

/*
 * The words after "radio set WPAN" into @s (zeroed first). IOT_OK, or
 * IOT_USAGE with the message printed.
 */
int radio_parse_set(int argc, char **argv, struct radio_set *s);

#endif /* IOTCTL_RADIO_H */
