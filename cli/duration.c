/* SPDX-License-Identifier: GPL-3.0-or-later */
/* duration - durations as the show commands write them; see duration.h. */
#include "duration.h"

#include <inttypes.h>
#include <stdio.h>

#define DAY	86400u

static const char *
plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

char *
duration_format(char *out, size_t size, int64_t secs, enum duration_style style)
{
	uint64_t s = secs > 0 ? (uint64_t)secs : 0;
	uint64_t days = s / DAY, hours = s / 3600, h = hours % 24;
	unsigned m = (unsigned)(s / 60 % 60), sec = (unsigned)(s % 60);

	if (size > 0)
		out[0] = '\0';
	switch (style) {
	case DURATION_WORDS:
		snprintf(out, size, "%" PRIu64 " day%s, %" PRIu64 " hour%s, %u minute%s",
		    days, plural(days), h, plural(h), m, plural(m));
		break;
	case DURATION_HOURS:
		snprintf(out, size, "%" PRIu64 ":%02u:%02u", hours, m, sec);
		break;
	case DURATION_SHORT:
		if (s >= DAY) {
			snprintf(out, size, "%" PRIu64 "d%02" PRIu64 "h", days, h);
			break;
		}
		/* FALLTHROUGH */
	case DURATION_HOURS2:
		snprintf(out, size, "%02" PRIu64 ":%02u:%02u", hours, m, sec);
		break;
	}
	return out;
}
