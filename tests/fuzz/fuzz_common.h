/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_common - the router every fuzz target drives: created once, in a
 * scratch state directory.
 */
#ifndef VGW_FUZZ_COMMON_H
#define VGW_FUZZ_COMMON_H

#include <stdlib.h>

#include "router.h"

static struct router *
fuzz_router(void)
{
	static struct router *r;
	static char dir[] = "/tmp/vgw-fuzz.XXXXXX";
	struct strbuf err = STRBUF_INIT;

	if (r == NULL && mkdtemp(dir) != NULL)
		r = router_new(dir, &err);
	if (r == NULL)
		abort();
	strbuf_free(&err);
	return r;
}

#endif
