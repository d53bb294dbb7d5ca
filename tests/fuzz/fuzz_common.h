/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_common - the router every fuzz target drives: created once, in a
 * scratch state directory that is removed when the fuzzer exits (it holds
 * the commit records and the installation key).
 */
#ifndef VGW_FUZZ_COMMON_H
#define VGW_FUZZ_COMMON_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include "router.h"

static char fuzz_dir[] = "/tmp/vgw-fuzz.XXXXXX";

static int
fuzz_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
fuzz_cleanup(void)
{
	nftw(fuzz_dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static struct router *
fuzz_router(void)
{
	static struct router *r;
	struct strbuf err = STRBUF_INIT;

	if (r == NULL && mkdtemp(fuzz_dir) != NULL) {
		atexit(fuzz_cleanup);
		r = router_new(fuzz_dir, &err);
	}
	if (r == NULL)
		abort();
	strbuf_free(&err);
	return r;
}

#endif
