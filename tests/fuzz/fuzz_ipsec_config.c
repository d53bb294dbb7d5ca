/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ipsec_config - tunnel and SPD statements (crypto ipsec tunnel,
 * crypto spd, ip route ... tunnel) through the parser used at boot, then
 * through what a commit does with them before the engine: both validations
 * (the key check decrypts), diff, three-way merge and clone. Whatever is
 * accepted must read back, merge onto an empty configuration and clone to
 * the same thing.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "cli/session.h"
#include "config/config_ipsec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf errs = STRBUF_INIT, text = STRBUF_INIT, out = STRBUF_INIT;
	struct router *r = fuzz_router();
	struct config *c, *back, *empty, *merged, *copy;
	int nerr;

	/* the bytes as they are, NULs included, read by their length */
	c = session_parse_config(r, (const char *)data, size, "fuzz", &errs, &nerr);
	config_render(c, CFG_SECT_ALL, &text);
	strbuf_reset(&errs);
	back = session_parse_config(r, text.buf, text.len, "rendered", &errs, &nerr);
	if (nerr != 0 || !config_equal(c, back))
		abort();		/* running-config must read back */
	config_validate(c, &out);
	config_validate_keys(c, router_secret_key(r), &out);
	empty = config_new();
	config_diff(empty, c, &out);
	config_diff(c, empty, &out);
	merged = config_merge(empty, c, empty, &out);
	copy = config_clone(c);
	if (merged == NULL || !config_equal(c, merged) || !config_equal(c, copy))
		abort();		/* taking every object of mine gives mine */
	config_free(c);
	config_free(back);
	config_free(empty);
	config_free(merged);
	config_free(copy);
	strbuf_free(&errs);
	strbuf_free(&text);
	strbuf_free(&out);
	return 0;
}
