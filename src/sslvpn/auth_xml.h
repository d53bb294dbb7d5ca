/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth_xml - the XML of the AnyConnect login (what openconnect 9 sends and
 * expects; ../shared/PEERS.md): reading a client's <config-auth> document
 * with expat, and writing the server's.
 *
 * Contract
 * - auth_xml_parse reads a whole body; it never fetches anything (no
 *   external entities, no DTD: a document with a DOCTYPE is refused) and
 *   holds to sslvpn_limits.h's depth and element bounds. The password is
 *   copied only into the caller's struct, and auth_xml_clear cleanses it.
 * - The writers escape every text they put in (&, <, >, ", ').
 */
#ifndef VGW_SSLVPN_AUTH_XML_H
#define VGW_SSLVPN_AUTH_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"
#include "sslvpn_limits.h"

enum auth_xml_type {
	AUTH_XML_INIT,		/* <config-auth type="init">: the first POST */
	AUTH_XML_REPLY,		/* type="auth-reply": the filled-in form */
	AUTH_XML_LOGOUT,	/* type="logout" */
};

struct auth_xml {
	enum auth_xml_type type;
	bool		 has_username, has_password;
	char		 username[SSLVPN_USER_MAX + 1];	/* <username> of <auth> */
	char		 password[SSLVPN_PASSWORD_MAX + 1];	/* <password> of <auth> */
	char		 group[SSLVPN_USER_MAX + 1];	/* <group-select>, "" if none */
};

/* Parses body (len bytes). 0, or -1 with a short reason in why (static
 * text: "not well-formed XML", "no config-auth element", "unknown
 * config-auth type", "username too long", "DOCTYPE refused", ...). An
 * element or text past a bound is an error. */
int		 auth_xml_parse(const char *body, size_t len, struct auth_xml *,
		    const char **why);
/* Cleanses the password. */
void		 auth_xml_clear(struct auth_xml *);

/* The login form: <config-auth client="vpn" type="auth-request"> with a
 * <form method="post" action="/auth"> of a username and a password input;
 * message (may be NULL), e.g. "Login failed.", goes in <message>. */
void		 auth_xml_form(struct strbuf *out, const char *message);
/* The success document: <config-auth type="complete"> with
 * <auth id="success">. */
void		 auth_xml_success(struct strbuf *out);

#endif
