// SPDX-License-Identifier: GPL-2.0
/*
 * test_main.c - host unit tests of iotctl (no kernel module needed)
 */
#include "tap.h"

int main(void)
{
	test_parse();
	test_json();
	test_batch();
	test_reply();
	test_tables();
	test_radio();
	test_key();
	test_config();
	test_cli();
	test_random();
	return tap_done();
}
