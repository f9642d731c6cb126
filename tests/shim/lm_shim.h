/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lm_shim.h - the few definitions of <linux/types.h> and <linux/errno.h>
 * that kernel/proto/ uses, for building it in userspace (unit tests,
 * fuzzers). lm_proto.h includes this when __KERNEL__ is not defined.
 */
#ifndef _LM_SHIM_H
#define _LM_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>	/* EINVAL, ENOSPC, ERANGE: same values as the kernel's */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#endif /* _LM_SHIM_H */
