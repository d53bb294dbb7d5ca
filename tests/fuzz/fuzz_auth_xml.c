/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_auth_xml - a client's login document through auth_xml_parse, and
 * the same bytes as the message of our login form.
 *
 * Parsed: the fields hold to their bounds and auth_xml_clear (or a
 * refusal) leaves no byte of the password. Written: expat itself (not our
 * reader, which refuses an auth-request) must find the form well-formed
 * and give back the message as written: bytes past ASCII are made '.'
 * first (the writer is given UTF-8; these would not be), and a control
 * character XML cannot carry comes back as '?'.
 */
#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "sslvpn/auth_xml.h"

#define MESSAGE_MAX	512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_parse(const uint8_t *data, size_t size)
{
	struct auth_xml a;
	const char *why = NULL;
	size_t i;

	if (auth_xml_parse((const char *)data, size, &a, &why) == 0) {
		if (strlen(a.username) > SSLVPN_USER_MAX || strlen(a.group) > SSLVPN_USER_MAX ||
		    strlen(a.password) > SSLVPN_PASSWORD_MAX || a.type > AUTH_XML_LOGOUT ||
		    (!a.has_username && a.username[0] != '\0'))
			abort();
		auth_xml_clear(&a);
	} else if (why == NULL)
		abort();
	for (i = 0; i < sizeof(a.password); i++)
		if (a.password[i] != 0)
			abort();
}

/* The text of <message>, read by expat. */
struct message {
	bool		 in;
	struct strbuf	 text;
};

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **attr)
{
	(void)attr;
	((struct message *)arg)->in = strcmp(name, "message") == 0;
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	(void)name;
	((struct message *)arg)->in = false;
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct message *m = arg;

	if (m->in)
		strbuf_append(&m->text, s, (size_t)len);
}

static void
check_form(const uint8_t *data, size_t size)
{
	char msg[MESSAGE_MAX + 1], want[MESSAGE_MAX + 1];
	struct strbuf doc = STRBUF_INIT;
	struct message m = { false, STRBUF_INIT };
	XML_Parser p;
	size_t i;

	for (i = 0; i < size && i < MESSAGE_MAX && data[i] != 0; i++) {
		msg[i] = data[i] >= 0x80 ? '.' : (char)data[i];
		want[i] = data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' &&
		    data[i] != '\r' ? '?' : msg[i];
	}
	msg[i] = want[i] = '\0';
	auth_xml_form(&doc, msg);
	if ((p = XML_ParserCreate("UTF-8")) == NULL)
		abort();
	XML_SetUserData(p, &m);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	if (XML_Parse(p, doc.buf, (int)doc.len, XML_TRUE) != XML_STATUS_OK ||
	    strcmp(strbuf_str(&m.text), want) != 0)
		abort();
	XML_ParserFree(p);
	strbuf_free(&m.text);
	strbuf_free(&doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_parse(data, size);
	check_form(data, size);
	return 0;
}
