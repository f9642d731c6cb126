/* SPDX-License-Identifier: GPL-2.0 */
/* Giving up root once the sockets are bound. */
#ifndef LMESH_PRIVDROP_H
#define LMESH_PRIVDROP_H

#include <stddef.h>

/*
 * Switch to @user and to @group (NULL: the user's primary group), with no
 * supplementary groups, and check that root cannot be regained. @section
 * names the configuration section of 'user' in the warning given when
 * root runs without one ("server": "set 'user' in [server]").
 *
 * Returns 1 dropped, 0 nothing to do (@err may hold a warning, else ""),
 * -1 error (message in @err).
 */
int lm_drop_privileges(const char *user, const char *group,
		       const char *section, char *err, size_t errlen);

#endif /* LMESH_PRIVDROP_H */
