/* SPDX-License-Identifier: GPL-3.0-or-later */
/* secret_mask - masking clear-text secrets in typed lines; see secret_mask.h. */
#include "secret_mask.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define MASK	"*****"

static bool
names_secret(const char *w, size_t n)
{
	return n >= 3 && (strncmp("secret", w, n) == 0 ||
	    strncmp("password", w, n) == 0);
}

char *
secret_mask_line(const char *line)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = line, *w;
	size_t n;
	int state = 0;	/* 1: after "secret", 2: after "secret 0" */

	while (*p != '\0') {
		n = strspn(p, " \t");
		strbuf_append(&out, p, n);
		w = p + n;
		n = strcspn(w, " \t");
		if (n == 0)
			break;
		if (state == 1 && n == 1 && (*w == '0' || *w == '9')) {
			strbuf_append(&out, w, n);
			state = *w == '0' ? 2 : 0;
		} else if (state != 0) {
			strbuf_puts(&out, MASK);
			state = 0;
		} else {
			strbuf_append(&out, w, n);
			state = names_secret(w, n) ? 1 : 0;
		}
		p = w + n;
	}
	return strbuf_detach(&out);
}
