/* SPDX-License-Identifier: GPL-2.0 */
/* Giving up root once the sockets are bound. */
#ifndef LMESH_PRIVDROP_H
#define LMESH_PRIVDROP_H

/*
 * Switch to @user and to @group (NULL: the user's primary group), with no
 * supplementary groups, and check that root cannot be regained. Logs the
 * outcome (lmesh/log.h): "running as user U", a warning when there is
 * nothing to do (not root; root without a user, @section naming where
 * 'user' goes: "set 'user' in [server]"), or the error.
 *
 * Returns 0 (dropped, or nothing to do), -1 error.
 */
int lm_drop_privileges(const char *user, const char *group,
		       const char *section);

#endif /* LMESH_PRIVDROP_H */
