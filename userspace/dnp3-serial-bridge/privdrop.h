/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DNP3_PRIVDROP_H
#define DNP3_PRIVDROP_H

int privdrop(const char *user);

#endif /* DNP3_PRIVDROP_H */
