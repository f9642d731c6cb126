// SPDX-License-Identifier: GPL-2.0
/*
 * Giving up root once every port, socket and key file is open.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lmesh/log.h"
#include "privdrop.h"

int privdrop(const char *user)
{
	struct passwd *pw;

	if (!*user)
		return 0;
	pw = getpwnam(user);
	if (!pw) {
		lm_err("user '%s' does not exist", user);
		return -1;
	}
	if (geteuid() != 0) {
		if (geteuid() == pw->pw_uid)
			return 0;
		lm_err("not root: cannot switch to user '%s'", user);
		return -1;
	}
	/* keep the user's groups (dialout) so a lost device can be reopened */
	if (initgroups(user, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		lm_err("cannot switch to user '%s': %s", user, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		lm_err("could regain root after dropping it");
		return -1;
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	lm_info("running as user %s (uid %u)", user, (unsigned int)pw->pw_uid);
	return 0;
}
