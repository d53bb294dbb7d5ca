/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * duration - how long something has lasted, as the show commands write it.
 * One function, a style per shape the commands print; automation parses
 * these (netmiko and Ansible read "uptime is" of show version), so each
 * style's output is fixed.
 *
 * Contract: pure, any thread. A negative duration (the wall clock set
 * back) is written as 0 s. The text is cut to fit out, always
 * NUL-terminated; DURATION_MAX holds every style's longest.
 */
#ifndef VGW_DURATION_H
#define VGW_DURATION_H

#include <stddef.h>
#include <stdint.h>

#define DURATION_MAX	80

enum duration_style {
	DURATION_WORDS,		/* "1 day, 2 hours, 0 minutes" (show version) */
	DURATION_HOURS,		/* "26:03:04", as many hours as it takes
				 * (tunnel and IKE SA ages) */
	DURATION_HOURS2,	/* "02:03:04", "126:03:04": hours at least two
				 * digits (show users' idle time) */
	DURATION_SHORT,		/* "02:03:04" under a day, then "3d04h"
				 * (IOS's uptime columns: ssl-vpn sessions) */
};

/* secs as style into out (size bytes); returns out. */
char	*duration_format(char *out, size_t size, int64_t secs, enum duration_style style);

#endif
