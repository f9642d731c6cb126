/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batch.h - splitting a batch line into words
 */
#ifndef IOTCTL_BATCH_H
#define IOTCTL_BATCH_H

#define BATCH_MAX_ARGS	64	/* words on one batch line */

/*
 * Split @line in place into at most @max words. Words are separated by
 * blanks; "double" or 'single' quotes group blanks into a word; a backslash
 * outside single quotes takes the next character literally; '#' at the start
 * of a word comments out the rest of the line. Returns the number of words
 * (0 for a blank or comment line), -EINVAL for an unterminated quote or a
 * trailing backslash, -E2BIG for more than @max words.
 */
int batch_split(char *line, char **argv, int max);

#endif /* IOTCTL_BATCH_H */
