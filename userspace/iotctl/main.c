// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - iotctl: configure and inspect lowpan_mesh interfaces
 */
#include "iotctl.h"

int main(int argc, char **argv)
{
	return iotctl_main(argc, argv);
}
