/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_config - a random configuration file through the parser used at
 * boot; whatever it accepts must render and read back to the same thing.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "cli/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf errs = STRBUF_INIT, text = STRBUF_INIT;
	struct config *c, *back;
	int nerr;

	/* the bytes as they are, NULs included, read by their length */
	c = session_parse_config(fuzz_router(), (const char *)data, size, "fuzz",
	    &errs, &nerr);
	config_render(c, CFG_SECT_ALL, &text);
	strbuf_reset(&errs);
	back = session_parse_config(fuzz_router(), text.buf, text.len, "rendered",
	    &errs, &nerr);
	if (nerr != 0 || !config_equal(c, back))
		abort();		/* running-config must read back */
	config_free(c);
	config_free(back);
	strbuf_free(&errs);
	strbuf_free(&text);
	return 0;
}
