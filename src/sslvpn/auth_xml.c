/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth_xml - the <config-auth> documents of the AnyConnect login, read
 * with expat and written escaped (see auth_xml.h).
 *
 * What openconnect 9.01 sends (captured from the real client):
 *   <config-auth client="vpn" type="init" ...><version who="vpn">...
 *     <device-id>...<capabilities>...<group-access>URL</group-access>
 *   <config-auth client="vpn" type="auth-reply" ...><version>...
 *     <auth><username>U</username><password>P</password></auth>
 * Only the type, <auth>'s username and password and <group-select> are
 * read; every other element is counted against the bounds and skipped.
 */
#include "sslvpn/auth_xml.h"

#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/* What an element at some depth is, as far as we care. */
enum element { EL_OTHER, EL_ROOT, EL_AUTH };

/* The text element being read into the caller's struct. */
struct field {
	char		*dst;		/* NULL: none */
	size_t		 cap;		/* bytes, without the NUL */
	size_t		 len;
	bool		*seen;
	const char	*too_long;	/* the error past cap */
};

struct reader {
	XML_Parser	 parser;
	struct auth_xml	*a;
	const char	*why;		/* set: refused, parsing stops */
	unsigned	 depth, elements;
	enum element	 path[SSLVPN_XML_DEPTH_MAX + 1];	/* by depth */
	bool		 has_group;
	struct field	 field;
};

/*
 * expat's memory, cleansed when freed: its buffers hold the password's
 * text while it parses. Each block carries its size in front.
 */
union block_hdr {
	size_t		 size;
	max_align_t	 align;
};

static void *
xml_malloc(size_t n)
{
	union block_hdr *h;

	if (n > SIZE_MAX - sizeof(*h) || (h = malloc(sizeof(*h) + n)) == NULL)
		return NULL;
	h->size = n;
	return h + 1;
}

static void
xml_free(void *p)
{
	union block_hdr *h = p;

	if (p == NULL)
		return;
	h--;
	OPENSSL_cleanse(h, sizeof(*h) + h->size);
	free(h);
}

static void *
xml_realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if ((q = xml_malloc(n)) == NULL || p == NULL)
		return q;
	old = ((union block_hdr *)p - 1)->size;
	memcpy(q, p, old < n ? old : n);
	xml_free(p);
	return q;
}

static const XML_Memory_Handling_Suite xml_memory = { xml_malloc, xml_realloc, xml_free };

/* Refuses the document: parsing stops with why. */
static void
refuse(struct reader *r, const char *why)
{
	if (r->why == NULL)
		r->why = why;
	XML_StopParser(r->parser, XML_FALSE);
}

static void
begin_field(struct reader *r, char *dst, size_t cap, bool *seen, const char *dup,
    const char *too_long)
{
	if (*seen) {
		refuse(r, dup);
		return;
	}
	r->field = (struct field){ dst, cap, 0, seen, too_long };
}

/* <config-auth type="...">. */
static void
root_element(struct reader *r, const char *name, const char **attr)
{
	static const struct {
		const char		*name;
		enum auth_xml_type	 type;
	} types[] = {
		{ "init", AUTH_XML_INIT }, { "auth-reply", AUTH_XML_REPLY },
		{ "logout", AUTH_XML_LOGOUT },
	};

	if (strcmp(name, "config-auth") != 0) {
		refuse(r, "no config-auth element");
		return;
	}
	for (; attr[0] != NULL; attr += 2) {
		if (strcmp(attr[0], "type") != 0)
			continue;
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(attr[1], types[i].name) == 0) {
				r->a->type = types[i].type;
				r->path[1] = EL_ROOT;
				return;
			}
	}
	refuse(r, "unknown config-auth type");
}

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **attr)
{
	struct reader *r = arg;
	struct auth_xml *a = r->a;
	enum element parent;

	if (r->why != NULL)
		return;
	if (++r->elements > SSLVPN_XML_ELEMENTS_MAX) {
		refuse(r, "too many elements");
		return;
	}
	if (++r->depth > SSLVPN_XML_DEPTH_MAX) {
		refuse(r, "elements nested too deep");
		return;
	}
	if (r->field.dst != NULL) {
		refuse(r, "element inside a text field");
		return;
	}
	if (r->depth == 1) {
		root_element(r, name, attr);
		return;
	}
	parent = r->path[r->depth - 1];
	r->path[r->depth] = EL_OTHER;
	if (parent == EL_ROOT && strcmp(name, "auth") == 0)
		r->path[r->depth] = EL_AUTH;
	else if (parent == EL_ROOT && strcmp(name, "group-select") == 0)
		begin_field(r, a->group, SSLVPN_USER_MAX, &r->has_group,
		    "two group-select elements", "group-select too long");
	else if (parent == EL_AUTH && strcmp(name, "username") == 0)
		begin_field(r, a->username, SSLVPN_USER_MAX, &a->has_username,
		    "two username elements", "username too long");
	else if (parent == EL_AUTH && strcmp(name, "password") == 0)
		begin_field(r, a->password, SSLVPN_PASSWORD_MAX, &a->has_password,
		    "two password elements", "password too long");
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct reader *r = arg;

	(void)name;
	if (r->why != NULL)
		return;
	if (r->field.dst != NULL) {	/* the field's own end: nothing nests in it */
		r->field.dst[r->field.len] = '\0';
		*r->field.seen = true;
		r->field.dst = NULL;
	}
	r->depth--;
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct reader *r = arg;
	struct field *f = &r->field;

	if (r->why != NULL || f->dst == NULL)
		return;
	if ((size_t)len > f->cap - f->len) {
		refuse(r, f->too_long);
		return;
	}
	memcpy(f->dst + f->len, s, (size_t)len);
	f->len += (size_t)len;
}

static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
    int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	refuse(arg, "DOCTYPE refused");
}

int
auth_xml_parse(const char *body, size_t len, struct auth_xml *a, const char **why)
{
	struct reader r;
	enum XML_Status st = XML_STATUS_ERROR;

	memset(a, 0, sizeof(*a));
	memset(&r, 0, sizeof(r));
	r.a = a;
	if (len > SSLVPN_HTTP_BODY_MAX)
		r.why = "document too large";
	/* the body is UTF-8 whatever it declares */
	else if ((r.parser = XML_ParserCreate_MM("UTF-8", &xml_memory, NULL)) == NULL)
		r.why = "out of memory";
	else {
		XML_SetUserData(r.parser, &r);
		XML_SetElementHandler(r.parser, on_start, on_end);
		XML_SetCharacterDataHandler(r.parser, on_text);
		XML_SetStartDoctypeDeclHandler(r.parser, on_doctype);
		XML_SetParamEntityParsing(r.parser, XML_PARAM_ENTITY_PARSING_NEVER);
		st = XML_Parse(r.parser, body, (int)len, XML_TRUE);
		XML_ParserFree(r.parser);
	}
	if (st == XML_STATUS_OK && r.why == NULL)
		return 0;
	*why = r.why != NULL ? r.why : "not well-formed XML";
	auth_xml_clear(a);
	return -1;
}

void
auth_xml_clear(struct auth_xml *a)
{
	OPENSSL_cleanse(a->password, sizeof(a->password));
}

/* Appends s with XML's five special characters escaped, and CR (a parser
 * would read it as LF); a control character XML 1.0 cannot carry becomes
 * '?'. */
static void
put_text(struct strbuf *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':	strbuf_puts(out, "&amp;"); break;
		case '<':	strbuf_puts(out, "&lt;"); break;
		case '>':	strbuf_puts(out, "&gt;"); break;
		case '"':	strbuf_puts(out, "&quot;"); break;
		case '\'':	strbuf_puts(out, "&apos;"); break;
		case '\r':	strbuf_puts(out, "&#13;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
				strbuf_putc(out, '?');
			else
				strbuf_putc(out, *s);
		}
}

/* The XML declaration and <config-auth> of type, then <auth id="id">. */
static void
open_doc(struct strbuf *out, const char *type, const char *id)
{
	strbuf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<config-auth client=\"vpn\" type=\"%s\" aggregate-auth-version=\"2\">"
	    "<auth id=\"%s\">", type, id);
}

static void
put_message(struct strbuf *out, const char *message)
{
	strbuf_puts(out, "<message>");
	put_text(out, message);
	strbuf_puts(out, "</message>");
}

void
auth_xml_form(struct strbuf *out, const char *message)
{
	open_doc(out, "auth-request", "main");
	strbuf_puts(out, "<title>Login</title>");
	if (message != NULL)
		put_message(out, message);
	strbuf_puts(out, "<form method=\"post\" action=\"/auth\">"
	    "<input type=\"text\" name=\"username\" label=\"Username:\"/>"
	    "<input type=\"password\" name=\"password\" label=\"Password:\"/>"
	    "</form></auth></config-auth>");
}

void
auth_xml_success(struct strbuf *out)
{
	open_doc(out, "complete", "success");
	put_message(out, "Login successful.");
	strbuf_puts(out, "</auth></config-auth>");
}
