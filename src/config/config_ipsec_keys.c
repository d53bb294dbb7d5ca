/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_ipsec_keys - the commit-time check of the manual SAs' keys and
 * the pre-shared keys, the one check that decrypts them; see
 * config_validate_keys in config_ipsec.h. A clear secret lives only in
 * this file's stack buffers and is wiped before the function returns.
 */
#include "config_impl.h"

#include <stdio.h>

/* One key: decrypts, and has want bytes (0: any). Returns 0 or 1 error. */
static int
check_key(const struct cfg_tunnel *t, const char *dir, const char *what,
    const char *text, size_t want, const struct secret_key *key,
    struct strbuf *errors)
{
	uint8_t clear[SECRET_CLEAR_MAX];
	char why[160];
	int len;

	len = secret_decrypt(key, text, clear, why, sizeof(why));
	explicit_bzero(clear, sizeof(clear));
	if (len < 0) {
		strbuf_printf(errors, "crypto ipsec tunnel %s: sa %s: %s: %s\n",
		    t->name, dir, what, why);
		return 1;
	}
	if (want != 0 && (size_t)len != want) {
		strbuf_printf(errors, "crypto ipsec tunnel %s: sa %s: %s has %d "
		    "bytes; %s needs %zu\n", t->name, dir, what, len,
		    esp_alg_name(t->proposal[0]), want);
		return 1;
	}
	return 0;
}

static int
check_sa_keys(const struct cfg_tunnel *t, const char *dir,
    const struct cfg_manual_sa *sa, const struct secret_key *key,
    struct strbuf *errors)
{
	const struct esp_alg_info *alg = NULL;
	int n = 0;

	if (!sa->set)
		return 0;
	if (t->nproposals > 0)
		alg = esp_alg_info(t->proposal[0]);
	n += check_key(t, dir, "encryption-key", sa->enc_key,
	    alg ? alg->enc_key_len : 0, key, errors);
	if (sa->int_key[0] != '\0')
		n += check_key(t, dir, "integrity-key", sa->int_key,
		    alg ? alg->int_key_len : 0, key, errors);
	return n;
}

/* A pre-shared key: decrypts, and is one that could have been typed. */
static int
check_psk(const struct cfg_tunnel *t, const struct secret_key *key,
    struct strbuf *errors)
{
	uint8_t clear[SECRET_CLEAR_MAX];
	const char *why = NULL;
	char reason[160];
	bool ok;
	int len;

	if (t->psk[0] == '\0')
		return 0;
	len = secret_decrypt(key, t->psk, clear, reason, sizeof(reason));
	ok = len >= 0 && config_psk_ok(clear, (size_t)len, &why);
	explicit_bzero(clear, sizeof(clear));
	if (ok)
		return 0;
	if (len >= 0)
		snprintf(reason, sizeof(reason), "invalid key (%s)", why);
	strbuf_printf(errors, "crypto ipsec tunnel %s: pre-shared-key: %s\n",
	    t->name, reason);
	return 1;
}

int
config_validate_keys(const struct config *c, const struct secret_key *key,
    struct strbuf *errors)
{
	const struct cfg_tunnel *t;
	int n = 0;

	for (t = config_tunnel_first(c); t; t = config_tunnel_next(c, t)) {
		n += check_sa_keys(t, "inbound", &t->sa_in, key, errors);
		n += check_sa_keys(t, "outbound", &t->sa_out, key, errors);
		n += check_psk(t, key, errors);
	}
	return n;
}
