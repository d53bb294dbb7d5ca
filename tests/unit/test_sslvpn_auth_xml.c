/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the AnyConnect login XML: the documents the real
 * openconnect 9.01 sent (capture.h), what must be refused (a DOCTYPE, an
 * entity bomb, nesting and counts past the bounds, fields too long), and
 * the writers, whose output python's xml.etree (an independent parser)
 * must read back with the message text unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "lib/strbuf.h"
#include "sslvpn/auth_xml.h"
#include "capture.h"

#define PYTHON	"/usr/bin/python3"

static const char *
parse_str(const char *doc, struct auth_xml *a)
{
	const char *why = NULL;

	if (auth_xml_parse(doc, strlen(doc), a, &why) == 0)
		return NULL;
	CU_ASSERT_PTR_NOT_NULL(why);
	return why;
}

static bool
all_zero(const char *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return false;
	return true;
}

static void
test_openconnect_documents(void)
{
	struct auth_xml a;
	size_t len;
	char *doc;
	const char *why = NULL;

	if ((doc = capture_read("auth_xml/openconnect-9.01-init.xml", &len)) == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(auth_xml_parse(doc, len, &a, &why), 0);
	CU_ASSERT_EQUAL(a.type, AUTH_XML_INIT);
	CU_ASSERT_FALSE(a.has_username);
	CU_ASSERT_FALSE(a.has_password);
	CU_ASSERT_STRING_EQUAL(a.group, "");
	free(doc);
	if ((doc = capture_read("auth_xml/openconnect-9.01-auth-reply.xml", &len)) == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(auth_xml_parse(doc, len, &a, &why), 0);
	CU_ASSERT_EQUAL(a.type, AUTH_XML_REPLY);
	CU_ASSERT_TRUE(a.has_username && a.has_password);
	CU_ASSERT_STRING_EQUAL(a.username, "alice");
	CU_ASSERT_STRING_EQUAL(a.password, "secret");
	auth_xml_clear(&a);
	CU_ASSERT_TRUE(all_zero(a.password, sizeof(a.password)));
	CU_ASSERT_STRING_EQUAL(a.username, "alice");
	free(doc);
}

static void
test_fields(void)
{
	struct auth_xml a;

	CU_ASSERT_PTR_NULL(parse_str("<config-auth client=\"vpn\" type=\"auth-reply\">"
	    "<group-select>staff</group-select><opaque is-for=\"sg\"><x>1</x></opaque>"
	    "<auth><username>a&amp;b&lt;&#x41;<![CDATA[<c>]]></username>"
	    "<password>p w\"</password></auth></config-auth>", &a));
	CU_ASSERT_STRING_EQUAL(a.username, "a&b<A<c>");
	CU_ASSERT_STRING_EQUAL(a.password, "p w\"");
	CU_ASSERT_STRING_EQUAL(a.group, "staff");
	/* empty elements are present and empty */
	CU_ASSERT_PTR_NULL(parse_str("<config-auth type=\"auth-reply\"><auth><username/>"
	    "<password></password></auth></config-auth>", &a));
	CU_ASSERT_TRUE(a.has_username && a.has_password);
	CU_ASSERT_STRING_EQUAL(a.username, "");
	/* only <auth>'s children count, and only under the root */
	CU_ASSERT_PTR_NULL(parse_str("<config-auth type=\"auth-reply\"><username>x</username>"
	    "<x><auth><username>y</username></auth></x></config-auth>", &a));
	CU_ASSERT_FALSE(a.has_username);
	CU_ASSERT_PTR_NULL(parse_str("<config-auth type=\"logout\"/>", &a));
	CU_ASSERT_EQUAL(a.type, AUTH_XML_LOGOUT);
}

/* A document of `depth` nested elements, `extra` more siblings, and a
 * username and password of the lengths given. */
static const char *
shaped(unsigned depth, unsigned extra, size_t ulen, size_t plen, struct auth_xml *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *why;
	unsigned i;

	strbuf_puts(&sb, "<config-auth type=\"auth-reply\"><auth><username>");
	while (ulen-- > 0)
		strbuf_putc(&sb, 'u');
	strbuf_puts(&sb, "</username><password>");
	while (plen-- > 0)
		strbuf_putc(&sb, 'p');
	strbuf_puts(&sb, "</password></auth>");
	for (i = 1; i < depth; i++)
		strbuf_puts(&sb, "<d>");
	for (i = 1; i < depth; i++)
		strbuf_puts(&sb, "</d>");
	for (i = 0; i < extra; i++)
		strbuf_puts(&sb, "<e/>");
	strbuf_puts(&sb, "</config-auth>");
	why = parse_str(sb.buf, a);
	strbuf_free(&sb);
	return why;
}

static void
check_why(const char *got, const char *want)
{
	if (want == NULL) {
		CU_ASSERT_PTR_NULL(got);
	} else if (got == NULL) {
		CU_FAIL("accepted");
	} else {
		CU_ASSERT_STRING_EQUAL(got, want);
	}
}

static void
test_bounds(void)
{
	struct auth_xml a;

	/* config-auth, auth, username, password: 4 elements, depth 3 */
	check_why(shaped(SSLVPN_XML_DEPTH_MAX, 0, 1, 1, &a), NULL);
	check_why(shaped(SSLVPN_XML_DEPTH_MAX + 1, 0, 1, 1, &a), "elements nested too deep");
	check_why(shaped(1, SSLVPN_XML_ELEMENTS_MAX - 4, 1, 1, &a), NULL);
	check_why(shaped(1, SSLVPN_XML_ELEMENTS_MAX - 3, 1, 1, &a), "too many elements");
	check_why(shaped(1, 0, SSLVPN_USER_MAX, 1, &a), NULL);
	CU_ASSERT_EQUAL(strlen(a.username), SSLVPN_USER_MAX);
	check_why(shaped(1, 0, SSLVPN_USER_MAX + 1, 1, &a), "username too long");
	check_why(shaped(1, 0, 1, SSLVPN_PASSWORD_MAX, &a), NULL);
	CU_ASSERT_EQUAL(strlen(a.password), SSLVPN_PASSWORD_MAX);
	check_why(shaped(1, 0, 1, SSLVPN_PASSWORD_MAX + 1, &a), "password too long");
	/* a refusal after the password was read leaves none of it */
	check_why(shaped(SSLVPN_XML_DEPTH_MAX + 1, 0, 1, SSLVPN_PASSWORD_MAX, &a),
	    "elements nested too deep");
	CU_ASSERT_TRUE(all_zero(a.password, sizeof(a.password)));
	check_why(parse_str("<config-auth type=\"init\"><group-select>"
	    "123456789012345678901234567890123</group-select></config-auth>", &a),
	    "group-select too long");
}

static const struct {
	const char	*doc;
	const char	*why;
} refused[] = {
	{ "<?xml version=\"1.0\"?><!DOCTYPE config-auth><config-auth type=\"init\"/>",
	  "DOCTYPE refused" },
	{ "<!DOCTYPE config-auth SYSTEM \"file:///etc/passwd\"><config-auth type=\"init\">"
	  "</config-auth>", "DOCTYPE refused" },
	{ "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
	  "<config-auth type=\"auth-reply\"><auth><username>&lol3;</username></auth>"
	  "</config-auth>", "DOCTYPE refused" },
	{ "<config-auth type=\"init\">&xxe;</config-auth>", "not well-formed XML" },
	{ "", "not well-formed XML" },
	{ "config-auth", "not well-formed XML" },
	{ "<config-auth type=\"init\"></config-auth><x/>", "not well-formed XML" },
	{ "<config-auth type=\"init\">", "not well-formed XML" },
	{ "<config-auth type=\"init\"><a></b></config-auth>", "not well-formed XML" },
	{ "<config-auth type=\"init\">\xff</config-auth>", "not well-formed XML" },
	{ "<auth type=\"init\"/>", "no config-auth element" },
	{ "<config-auth/>", "unknown config-auth type" },
	{ "<config-auth type=\"auth-request\"/>", "unknown config-auth type" },
	{ "<config-auth type=\"INIT\"/>", "unknown config-auth type" },
	{ "<config-auth type=\"auth-reply\"><auth><username>a</username><username>b</username>"
	  "</auth></config-auth>", "two username elements" },
	{ "<config-auth type=\"auth-reply\"><auth><password>a</password><password>b</password>"
	  "</auth></config-auth>", "two password elements" },
	{ "<config-auth type=\"auth-reply\"><group-select/><group-select/></config-auth>",
	  "two group-select elements" },
	{ "<config-auth type=\"auth-reply\"><auth><username>a<b/>c</username></auth>"
	  "</config-auth>", "element inside a text field" },
};

static void
test_refused(void)
{
	struct auth_xml a;
	char msg[64];

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		const char *why = parse_str(refused[i].doc, &a);

		if (why == NULL || strcmp(why, refused[i].why) != 0) {
			snprintf(msg, sizeof(msg), "case %zu: %s", i, why ? why : "accepted");
			CU_FAIL(msg);
		}
	}
}

static void
test_too_large(void)
{
	static char doc[SSLVPN_HTTP_BODY_MAX + 1];
	struct auth_xml a;
	const char *why = NULL;

	memset(doc, ' ', sizeof(doc));
	memcpy(doc, "<config-auth type=\"init\"/>", 26);
	CU_ASSERT_EQUAL(auth_xml_parse(doc, sizeof(doc) - 1, &a, &why), 0);
	CU_ASSERT_EQUAL(auth_xml_parse(doc, sizeof(doc), &a, &why), -1);
	CU_ASSERT_STRING_EQUAL(why, "document too large");
}

/*
 * python's xml.etree reads the document in argv[1] and checks its shape:
 * argv[2] "form" or "success"; argv[3] "x" and the message text in hex,
 * or "-" when there must be no <message>.
 */
static const char oracle[] =
    "import sys, xml.etree.ElementTree as ET\n"
    "path, kind, msg = sys.argv[1:]\n"
    "doc = open(path, 'rb').read()\n"
    "assert doc.startswith(b'<?xml version=\"1.0\" encoding=\"UTF-8\"?>\\n'), doc\n"
    "root = ET.fromstring(doc)\n"
    "assert root.tag == 'config-auth' and root.get('client') == 'vpn'\n"
    "assert root.get('aggregate-auth-version') == '2'\n"
    "auth = root.find('auth')\n"
    "if kind == 'form':\n"
    "    assert root.get('type') == 'auth-request' and auth.get('id') == 'main'\n"
    "    form = auth.find('form')\n"
    "    assert form.get('method') == 'post' and form.get('action') == '/auth'\n"
    "    ins = [(i.get('type'), i.get('name')) for i in form.findall('input')]\n"
    "    assert ins == [('text', 'username'), ('password', 'password')], ins\n"
    "else:\n"
    "    assert root.get('type') == 'complete' and auth.get('id') == 'success'\n"
    "m = auth.find('message')\n"
    "if msg == '-':\n"
    "    assert m is None\n"
    "else:\n"
    "    got, want = m.text or '', bytes.fromhex(msg[1:]).decode()\n"
    "    assert got == want, (got, want)\n";

/* Whether python accepts the document with want as its message. */
static bool
python_reads(const struct strbuf *doc, const char *kind, const char *want)
{
	char path[] = "/tmp/vgw-auth-xml.XXXXXX", cmd[1024];
	int fd, status;
	size_t n;
	FILE *py;

	if ((fd = mkstemp(path)) < 0 || write(fd, doc->buf, doc->len) != (ssize_t)doc->len) {
		CU_FAIL("temporary file");
		return false;
	}
	close(fd);
	n = (size_t)snprintf(cmd, sizeof(cmd), PYTHON " - %s %s ", path, kind);
	cmd[n++] = want == NULL ? '-' : 'x';
	cmd[n] = '\0';
	for (; want != NULL && *want != '\0' && n + 3 < sizeof(cmd); want++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%02x", (unsigned char)*want);
	if ((py = popen(cmd, "w")) == NULL) {
		unlink(path);
		return false;
	}
	fputs(oracle, py);
	status = pclose(py);
	unlink(path);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void
test_writers(void)
{
	static const struct { const char *in, *out; } messages[] = {
		{ "Login failed.", "Login failed." },
		{ "Say \"hi\" & <bye> it's ]]>", "Say \"hi\" & <bye> it's ]]>" },
		{ "&amp; &#65; \xc3\x9f", "&amp; &#65; \xc3\x9f" },
		{ "two\nlines\r\nand\ta tab", "two\nlines\r\nand\ta tab" },
		{ "bell\a and escape\x1b", "bell? and escape?" },
		{ "", "" },
		{ NULL, NULL },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
		strbuf_reset(&sb);
		auth_xml_form(&sb, messages[i].in);
		if (!python_reads(&sb, "form", messages[i].out))
			CU_FAIL(messages[i].in ? messages[i].in : "(no message)");
	}
	strbuf_reset(&sb);
	auth_xml_success(&sb);
	CU_ASSERT_TRUE(python_reads(&sb, "success", "Login successful."));
	/* the exact form openconnect 9.01 was shown (PEERS.md) */
	strbuf_reset(&sb);
	auth_xml_form(&sb, "<Login>");
	CU_ASSERT_STRING_EQUAL(sb.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<config-auth client=\"vpn\" type=\"auth-request\" aggregate-auth-version=\"2\">"
	    "<auth id=\"main\"><title>Login</title><message>&lt;Login&gt;</message>"
	    "<form method=\"post\" action=\"/auth\">"
	    "<input type=\"text\" name=\"username\" label=\"Username:\"/>"
	    "<input type=\"password\" name=\"password\" label=\"Password:\"/>"
	    "</form></auth></config-auth>");
	strbuf_free(&sb);
}

static CU_TestInfo tests[] = {
	{ "openconnect 9.01's init and auth-reply", test_openconnect_documents },
	{ "fields, entities, CDATA, types", test_fields },
	{ "depth, element count, field lengths", test_bounds },
	{ "DOCTYPE, entity bomb and malformed documents refused", test_refused },
	{ "a body past the HTTP bound", test_too_large },
	{ "writers escape; python reads them back", test_writers },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "sslvpn_auth_xml"
#include "cunit_main.h"
