/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_session - random lines into a shell session: each line runs, or is
 * completed (TAB), or asked about (?), as its first byte selects.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "cli/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *s = session_new(fuzz_router(), "fuzz", 15, data[0] & 1);
	struct strbuf out = STRBUF_INIT;
	char *text = strndup((const char *)data, size), *line, *save;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		strbuf_reset(&out);
		switch (line[0] % 4) {
		case 0:
			session_complete(s, line + 1, &out);
			break;
		case 1:
			session_help(s, line + 1, &out);
			break;
		default:
			if (session_exec(s, line + 1, &out) == SESSION_ASK)
				session_answer(s, "no", &out);
		}
	}
	session_eof(s, &out);
	/* commits accumulate in the shared router: start each input empty */
	config_free(fuzz_router()->running);
	fuzz_router()->running = config_new();
	fuzz_router()->generation++;
	free(text);
	strbuf_free(&out);
	session_free(s);
	return 0;
}
