/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_tunnel_proposal - a tunnel's `ike proposal WORD...` and
 * `esp proposal WORD...`: up to CFG_PROPOSALS_MAX words, most preferred
 * first, each parsed by crypto/ike_alg.h (strongSwan's words); a line
 * replaces the list, `no`/`default` returns to the defaults. A bad word is
 * refused naming the part that is wrong, with the words that fit; a word
 * given twice (as ike_alg.h reads it: curve25519 is x25519) is refused.
 */
#include "cmd_tunnel.h"

#include <string.h>

/* The parts of a word, as ike_alg.h orders them. */
enum part { P_ENC, P_INTEG, P_PRF, P_GROUP, P_COUNT };

/* One kind of proposal list. */
struct kind {
	const char	*name;		/* "IKE", "ESP" */
	const char	*form;		/* the shape of a word, with examples */
	bool		 prf;		/* has a PRF part */
	size_t		 size;		/* of one parsed word */
	int		 (*parse)(const char *word, void *algs, char *bad,
			    size_t badlen);
};

static int
parse_ike(const char *word, void *algs, char *bad, size_t badlen)
{
	return ike_algs_parse(word, algs, bad, badlen);
}

static int
parse_esp(const char *word, void *algs, char *bad, size_t badlen)
{
	return esp_algs_parse(word, algs, bad, badlen);
}

static const struct kind ike = {
	"IKE", "ENC-[INTEG-][PRF-]GROUP, as aes128gcm16-prfsha256-ecp256 or "
	"aes256-sha256-modp2048", true, sizeof(struct ike_algs), parse_ike,
};
static const struct kind esp = {
	"ESP", "ENC[-INTEG][-GROUP], as aes128gcm16, aes256-sha256 or "
	"aes128gcm16-ecp256 (PFS)", false, sizeof(struct esp_algs), parse_esp,
};

/* ike_alg.h's name of value v of a part, or NULL (none, or past the end). */
static const char *
part_name(enum part p, int v)
{
	const struct ike_encr_info *e;
	const struct ike_integ_info *i;
	const struct ike_prf_info *f;
	const struct ike_dh_info *d;

	switch (p) {
	case P_ENC:
		return (e = ike_encr_info(v)) ? e->name : NULL;
	case P_INTEG:
		return (i = ike_integ_info(v)) ? i->name : NULL;
	case P_PRF:
		return (f = ike_prf_info(v)) ? f->name : NULL;
	default:
		return (d = ike_dh_info(v)) ? d->name : NULL;
	}
}

/* The most values a part has, to walk them all. */
#define PART_VALUES_MAX	((int)IKE_DH_COUNT)
_Static_assert((int)IKE_ENCR_COUNT <= PART_VALUES_MAX &&
    (int)IKE_INTEG_COUNT <= PART_VALUES_MAX &&
    (int)IKE_PRF_COUNT <= PART_VALUES_MAX, "part_name is asked for every value");

/* Whether w is an algorithm word of some part (ike_alg.h also takes
 * curve25519 for x25519). */
static bool
known(const char *w)
{
	const char *name;
	int p, v;

	for (p = 0; p < P_COUNT; p++)
		for (v = 0; v < PART_VALUES_MAX; v++)
			if ((name = part_name(p, v)) != NULL && strcmp(name, w) == 0)
				return true;
	return strcmp(w, "curve25519") == 0;
}

/* Why word is refused: bad is the part ike_alg.h names (or the word). */
static void
word_error(struct cli_def *cli, const struct kind *k, const char *word,
    const char *bad)
{
	static const char *const part[] = { "ENC", "INTEG", "PRF", "GROUP" };
	struct strbuf words = STRBUF_INIT;
	const char *name;
	int p, v;

	if (strcmp(bad, word) == 0 && (strchr(word, '-') != NULL || known(word)))
		cli_print(cli, "%% Invalid %s proposal \"%s\": %s", k->name, word,
		    k->form);
	else if (!known(bad) && strcmp(bad, word) == 0)
		cli_print(cli, "%% Unknown %s algorithm \"%s\"", k->name, bad);
	else if (!known(bad))
		cli_print(cli, "%% Unknown %s algorithm \"%s\" in \"%s\"", k->name,
		    bad, word);
	else
		cli_print(cli, "%% Invalid %s proposal \"%s\" at \"%s\": %s "
		    "(AES-GCM takes no INTEG, AES-CBC needs one)", k->name, word,
		    bad, k->form);
	for (p = 0; p < P_COUNT; p++) {
		if (p == P_PRF && !k->prf)
			continue;
		strbuf_printf(&words, "%s%s:", p ? "; " : "  ", part[p]);
		for (v = 0; v < PART_VALUES_MAX; v++)
			if ((name = part_name(p, v)) != NULL)
				strbuf_printf(&words, " %s", name);
	}
	cli_print(cli, "%s", strbuf_str(&words));
	strbuf_free(&words);
}

/* Parses argv into list (argc words of k->size): all or nothing. */
static bool
parse_list(struct cli_def *cli, const struct kind *k, char **argv, int argc,
    uint8_t *list)
{
	char bad[128];
	int i, j;

	for (i = 0; i < argc; i++) {
		if (k->parse(argv[i], list + i * k->size, bad, sizeof(bad)) != 0) {
			word_error(cli, k, argv[i], bad);
			return false;
		}
		for (j = 0; j < i; j++)
			if (memcmp(list + j * k->size, list + i * k->size, k->size) == 0) {
				cli_print(cli, "%% %s proposal \"%s\" is listed "
				    "twice", k->name, argv[i]);
				return false;
			}
	}
	return true;
}

static int
ike_proposal(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);
	struct ike_algs list[CFG_PROPOSALS_MAX];

	if (cmd_resets(cmd)) {
		t->nike = 0;
		return CLI_OK;
	}
	if (!parse_list(cli, &ike, argv, argc, (uint8_t *)list))
		return CLI_ERROR;
	memcpy(t->ike_proposal, list, (size_t)argc * sizeof(list[0]));
	t->nike = (uint8_t)argc;
	return CLI_OK;
}

static int
esp_proposal(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);
	struct esp_algs list[CFG_PROPOSALS_MAX];
	int i;

	if (cmd_resets(cmd)) {
		t->nproposals = 0;
		return CLI_OK;
	}
	if (!parse_list(cli, &esp, argv, argc, (uint8_t *)list))
		return CLI_ERROR;
	for (i = 0; i < argc; i++) {
		t->proposal[i] = list[i].alg;
		t->proposal_dh[i] = list[i].dh;
	}
	t->nproposals = (uint8_t)argc;
	return CLI_OK;
}

#define PROPOSALS "WORD [ WORD [ WORD [ WORD [ WORD [ WORD [ WORD [ WORD ] ] ] ] ] ] ]"
_Static_assert(CFG_PROPOSALS_MAX == 8, "PROPOSALS has CFG_PROPOSALS_MAX words");

#define IKE_HELP "IKE proposal as strongSwan names it (aes128gcm16-prfsha256-ecp256, " \
	"aes256-sha256-modp2048 and more)"
#define ESP_HELP "ESP proposal as strongSwan names it (aes128gcm16, aes256-sha256, " \
	"aes128gcm16-ecp256 and more)"
static const char *const ike_help[] = {
	IKE_HELP, IKE_HELP, IKE_HELP, IKE_HELP, IKE_HELP, IKE_HELP, IKE_HELP,
	IKE_HELP, NULL,
};
static const char *const esp_help[] = {
	ESP_HELP, ESP_HELP, ESP_HELP, ESP_HELP, ESP_HELP, ESP_HELP, ESP_HELP,
	ESP_HELP, NULL,
};

const struct cmd_def cmd_tunnel_proposal_defs[] = {
	{ M_TUNNEL, PRIV_ADMIN, "ike proposal", PROPOSALS, ike_help, ike_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "no ike proposal", "[ " PROPOSALS " ]", ike_help,
	    ike_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "default ike proposal", NULL, NULL, ike_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "esp proposal", PROPOSALS, esp_help, esp_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "no esp proposal", "[ " PROPOSALS " ]", esp_help,
	    esp_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "default esp proposal", NULL, NULL, esp_proposal },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
