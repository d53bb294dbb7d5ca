/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_tunnel_sa - a tunnel's manual SAs: `sa {inbound|outbound} spi N
 * encryption-key [0|6] KEY [integrity-key [0|6] KEY]` and `no sa DIR`.
 *
 * A type-0 key is hex; it is checked against the tunnel's first esp
 * proposal when there is one (else at commit, config_validate_keys),
 * encrypted at once with the installation key, and only the type-6 text is
 * kept; the clear bytes are wiped. Type 6 is kept as given. No message
 * ever repeats a key.
 *
 * A line with a clear key must also fit the proposal's kind (an
 * integrity-key exactly when it is not AEAD). A line of type-6 keys only
 * is taken as it is and checked at commit: it is what running-config
 * shows, and there it comes after the esp proposal, which may have changed
 * since the line was typed; refusing it would make running-config fail to
 * read back.
 */
#include "cmd_tunnel.h"

#include <stdlib.h>
#include <string.h>

/* What a key must be: its name in messages and the length it needs. */
struct key_rule {
	const char		*what;		/* "encryption-key" */
	const struct esp_alg_info *alg;		/* NULL: no proposal yet */
	size_t			 len;		/* 0: any up to ESP_KEY_MAX */
};

/* Hex digits (after an optional 0x), two per byte, into clear. */
static int
hex_decode(const char *w, uint8_t *clear, size_t max)
{
	size_t n, i;

	if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X'))
		w += 2;
	n = strlen(w);
	if (n == 0 || n % 2 != 0 || strspn(w, "0123456789abcdefABCDEF") != n ||
	    n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		char byte[3] = { w[2 * i], w[2 * i + 1], '\0' };

		clear[i] = (uint8_t)strtoul(byte, NULL, 16);
	}
	return (int)(n / 2);
}

/* A typed clear key (a tunnel_clear_fn), checked against the
 * key_rule arg and encrypted into out. */
static bool
encrypt_key(struct cli_def *cli, const char *word, const void *arg, char *out)
{
	const struct key_rule *rule = arg;
	uint8_t clear[ESP_KEY_MAX];
	int len;
	bool ok = false;

	len = hex_decode(word, clear, sizeof(clear));
	if (len < 0)
		cli_print(cli, "%% Invalid %s: type 0 is hexadecimal, two digits "
		    "per byte, at most %d bytes", rule->what, ESP_KEY_MAX);
	else if (rule->len != 0 && (size_t)len != rule->len)
		cli_print(cli, "%% The %s has %d bytes; %s needs %zu%s", rule->what,
		    len, rule->alg->name, rule->len, rule->alg->aead ?
		    " (the AES key, then its 4-byte salt)" : "");
	else
		ok = tunnel_encrypt(cli, rule->what, clear, (size_t)len, out);
	explicit_bzero(clear, sizeof(clear));
	return ok;
}

/* [0|6] KEY at argv[*i] into out as type-6 text; advances *i; *clear is
 * set when it was typed in clear. */
static bool
parse_key(struct cli_def *cli, char **argv, int argc, int *i,
    const struct key_rule *rule, char *out, bool *clear)
{
	bool this_clear;

	if (!tunnel_parse_secret(cli, argv, argc, i, rule->what, encrypt_key,
	    rule, out, &this_clear))
		return false;
	*clear = *clear || this_clear;
	return true;
}

/* SPI: decimal (the grammar checked its range) or 0x-hex, at least 256. */
static bool
parse_spi(struct cli_def *cli, const char *w, uint32_t *spi)
{
	unsigned long v = strtoul(w, NULL, w[1] == 'x' || w[1] == 'X' ? 16 : 10);

	if (v < CFG_SPI_MIN) {
		cli_print(cli, "%% SPI %s is reserved: use %d (0x100) or above",
		    w, CFG_SPI_MIN);
		return false;
	}
	*spi = (uint32_t)v;
	return true;
}

/* argv: DIR spi SPI encryption-key [0|6] KEY [integrity-key [0|6] KEY] */
static int
sa(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);
	struct cfg_manual_sa *dst = argv[0][0] == 'i' ? &t->sa_in : &t->sa_out;
	const struct esp_alg_info *alg = NULL;
	struct key_rule enc, integ;
	struct cfg_manual_sa v;
	bool clear = false, has_integ;
	int i = 4;

	if (strncmp(cmd, "no ", 3) == 0) {
		explicit_bzero(dst, sizeof(*dst));
		return CLI_OK;
	}
	if (t->nproposals > 0)
		alg = esp_alg_info(t->proposal[0]);
	enc = (struct key_rule){ "encryption-key", alg, alg ? alg->enc_key_len : 0 };
	integ = (struct key_rule){ "integrity-key", alg, alg ? alg->int_key_len : 0 };
	memset(&v, 0, sizeof(v));
	v.set = true;
	if (!parse_spi(cli, argv[2], &v.spi) ||
	    !parse_key(cli, argv, argc, &i, &enc, v.enc_key, &clear))
		return CLI_ERROR;
	has_integ = i < argc;
	if (has_integ) {
		i++;				/* integrity-key */
		if (!parse_key(cli, argv, argc, &i, &integ, v.int_key, &clear))
			return CLI_ERROR;
	}
	if (clear && alg != NULL && alg->aead && has_integ) {
		cli_print(cli, "%% %s is an AEAD algorithm: give no "
		    "integrity-key", alg->name);
		return CLI_ERROR;
	}
	if (clear && alg != NULL && !alg->aead && !has_integ) {
		cli_print(cli, "%% %s needs an integrity-key of %u bytes",
		    alg->name, alg->int_key_len);
		return CLI_ERROR;
	}
	*dst = v;
	return CLI_OK;
}

#define KEY "( 0 WORD | 6 WORD | WORD )"
#define SA_SYNTAX "( inbound | outbound ) spi ( <256-4294967295> | 0xHHHHHHHH ) " \
	"encryption-key " KEY " [ integrity-key " KEY " ]"

#define HEX_KEY "Key in hex (AES-GCM: the AES key, then its 4-byte salt)"
static const char *const sa_help[] = {
	"Security parameter index", "Security parameter index in hex",
	HEX_KEY, "Key as type 6 text", HEX_KEY,
	"HMAC key in hex", "HMAC key as type 6 text", "HMAC key in hex", NULL,
};

const struct cmd_def cmd_tunnel_sa_defs[] = {
	{ M_TUNNEL, PRIV_ADMIN, "sa", SA_SYNTAX, sa_help, sa },
	{ M_TUNNEL, PRIV_ADMIN, "no sa", "( inbound | outbound )", NULL, sa },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
