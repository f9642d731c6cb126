// SPDX-License-Identifier: GPL-2.0
/*
 * privdrop.c - give up root once the sockets are bound
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "lmesh/privdrop.h"

int lm_drop_privileges(const char *user, const char *group,
		       const char *section)
{
	struct passwd *pw;
	struct group *gr;
	gid_t gid;

	if (!user) {
		if (geteuid() == 0)
			lm_warn("running as root: set 'user' in [%s]", section);
		return 0;
	}
	if (geteuid() != 0) {
		lm_warn("not root: 'user = %s' ignored", user);
		return 0;
	}
	pw = getpwnam(user);
	if (!pw) {
		lm_err("user '%s' does not exist", user);
		return -1;
	}
	gid = pw->pw_gid;
	if (group) {
		gr = getgrnam(group);
		if (!gr) {
			lm_err("group '%s' does not exist", group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (setgroups(1, &gid) || setgid(gid) || setuid(pw->pw_uid)) {
		lm_err("dropping privileges to %s: %s", user, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		lm_err("could regain root after dropping privileges");
		return -1;
	}
	lm_notice("running as user %s", user);
	return 0;
}
