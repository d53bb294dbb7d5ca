/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_alg - the IKEv2 algorithms and their proposal words; see ike_alg.h. */
#include "ike_alg.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* IANA "Transform Type 1 - Encryption Algorithm Transform IDs" */
#define ENCR_AES_CBC		12
#define ENCR_AES_GCM_16		20
#define GCM_SALT_LEN		4	/* RFC 5282 §7.1: keying material ends with it */

static const struct ike_encr_info encrs[IKE_ENCR_COUNT] = {
	[IKE_ENCR_AES128_CBC]	= { "aes128", ENCR_AES_CBC, 128, 16, 16, 0, 16, 0 },
	[IKE_ENCR_AES256_CBC]	= { "aes256", ENCR_AES_CBC, 256, 32, 16, 0, 16, 0 },
	[IKE_ENCR_AES128_GCM16]	= { "aes128gcm16", ENCR_AES_GCM_16, 128,
	    16 + GCM_SALT_LEN, 8, 16, 1, 1 },
	[IKE_ENCR_AES256_GCM16]	= { "aes256gcm16", ENCR_AES_GCM_16, 256,
	    32 + GCM_SALT_LEN, 8, 16, 1, 1 },
};

/* Transform Type 3 (RFC 4868); NONE has no entry. */
static const struct ike_integ_info integs[IKE_INTEG_COUNT] = {
	[IKE_INTEG_SHA256_128]	= { "sha256", 12, 32, 16 },
	[IKE_INTEG_SHA384_192]	= { "sha384", 13, 48, 24 },
	[IKE_INTEG_SHA512_256]	= { "sha512", 14, 64, 32 },
};

/* Transform Type 2 (RFC 4868) */
static const struct ike_prf_info prfs[IKE_PRF_COUNT] = {
	[IKE_PRF_SHA256]	= { "prfsha256", 5, 32 },
	[IKE_PRF_SHA384]	= { "prfsha384", 6, 48 },
	[IKE_PRF_SHA512]	= { "prfsha512", 7, 64 },
};

/* Transform Type 4 (RFC 3526, RFC 5903, RFC 8031); NONE has no entry. */
static const struct ike_dh_info dhs[IKE_DH_COUNT] = {
	[IKE_DH_MODP2048]	= { "modp2048", 14, 256, 256 },
	[IKE_DH_ECP256]		= { "ecp256", 19, 64, 32 },
	[IKE_DH_ECP384]		= { "ecp384", 20, 96, 48 },
	[IKE_DH_CURVE25519]	= { "x25519", 31, 32, 32 },
};

/* strongSwan's other name for group 31; names back as x25519 */
static const char curve25519[] = "curve25519";

/* Without a prf word the PRF is the integrity algorithm's hash. */
static const enum ike_prf integ_prf[IKE_INTEG_COUNT] = {
	[IKE_INTEG_SHA256_128]	= IKE_PRF_SHA256,
	[IKE_INTEG_SHA384_192]	= IKE_PRF_SHA384,
	[IKE_INTEG_SHA512_256]	= IKE_PRF_SHA512,
};

const struct ike_encr_info *
ike_encr_info(enum ike_encr e)
{
	return (unsigned)e < IKE_ENCR_COUNT ? &encrs[e] : NULL;
}

const struct ike_integ_info *
ike_integ_info(enum ike_integ i)
{
	return i != IKE_INTEG_NONE && (unsigned)i < IKE_INTEG_COUNT ? &integs[i] : NULL;
}

const struct ike_prf_info *
ike_prf_info(enum ike_prf p)
{
	return (unsigned)p < IKE_PRF_COUNT ? &prfs[p] : NULL;
}

const struct ike_dh_info *
ike_dh_info(enum ike_dh d)
{
	return d != IKE_DH_NONE && (unsigned)d < IKE_DH_COUNT ? &dhs[d] : NULL;
}

int
ike_encr_from_id(uint16_t id, uint16_t key_bits, enum ike_encr *out)
{
	int e;

	/* AES has variable key sizes: RFC 7296 §3.3.5 makes the attribute
	 * mandatory, so 0 matches nothing */
	for (e = 0; e < IKE_ENCR_COUNT; e++)
		if (encrs[e].id == id && encrs[e].key_bits == key_bits) {
			*out = (enum ike_encr)e;
			return 0;
		}
	return -1;
}

int
ike_integ_from_id(uint16_t id, enum ike_integ *out)
{
	int i;

	for (i = IKE_INTEG_NONE + 1; i < IKE_INTEG_COUNT; i++)
		if (integs[i].id == id) {
			*out = (enum ike_integ)i;
			return 0;
		}
	return -1;
}

int
ike_prf_from_id(uint16_t id, enum ike_prf *out)
{
	int p;

	for (p = 0; p < IKE_PRF_COUNT; p++)
		if (prfs[p].id == id) {
			*out = (enum ike_prf)p;
			return 0;
		}
	return -1;
}

int
ike_dh_from_id(uint16_t id, enum ike_dh *out)
{
	int d;

	for (d = IKE_DH_NONE + 1; d < IKE_DH_COUNT; d++)
		if (dhs[d].id == id) {
			*out = (enum ike_dh)d;
			return 0;
		}
	return -1;
}

/* ---- proposal words ---- */

/* The parts of a word, in the order they must come. */
enum kind { K_ENCR, K_INTEG, K_PRF, K_DH, K_COUNT };

/* What a grammar wants of a kind, given the parts taken before it. */
enum need { SKIP, OPTIONAL, REQUIRED, FORBIDDEN };
typedef enum need (*grammar_fn)(enum kind, const int val[K_COUNT]);

/* IKE: ENC-[INTEG-][PRF-]GROUP; AEAD takes no INTEG and then needs a PRF. */
static enum need
ike_grammar(enum kind k, const int val[K_COUNT])
{
	bool aead = encrs[val[K_ENCR]].aead;

	switch (k) {
	case K_INTEG:	return aead ? FORBIDDEN : REQUIRED;
	case K_PRF:	return aead ? REQUIRED : OPTIONAL;
	default:	return REQUIRED;
	}
}

/* The cipher of an ESP word: ENC[-INTEG], esp_xform.h's names. */
static enum need
cipher_grammar(enum kind k, const int val[K_COUNT])
{
	switch (k) {
	case K_ENCR:	return REQUIRED;
	case K_INTEG:	return encrs[val[K_ENCR]].aead ? FORBIDDEN : REQUIRED;
	default:	return SKIP;
	}
}

/* ESP: the cipher, then an optional group for PFS. */
static enum need
esp_grammar(enum kind k, const int val[K_COUNT])
{
	return k == K_DH ? OPTIONAL : cipher_grammar(k, val);
}

static const char *
name_of(enum kind k, int v)
{
	switch (k) {
	case K_ENCR:	return encrs[v].name;
	case K_INTEG:	return integs[v].name;
	case K_PRF:	return prfs[v].name;
	default:	return dhs[v].name;
	}
}

static const int kind_count[K_COUNT] = {
	IKE_ENCR_COUNT, IKE_INTEG_COUNT, IKE_PRF_COUNT, IKE_DH_COUNT
};

struct part {
	const char	*p;
	size_t		 len;
};

static bool
part_is(struct part part, const char *name)
{
	return name != NULL && strlen(name) == part.len &&
	    memcmp(part.p, name, part.len) == 0;
}

/* The value of part as a word of kind k, or -1. */
static int
find(enum kind k, struct part part)
{
	int v;

	for (v = 0; v < kind_count[k]; v++)
		if (part_is(part, name_of(k, v)))
			return v;
	if (k == K_DH && part_is(part, curve25519))
		return IKE_DH_CURVE25519;
	return -1;
}

/* The kind of a known word, or K_COUNT. */
static enum kind
kind_of(struct part part)
{
	enum kind k;

	for (k = 0; k < K_COUNT && find(k, part) < 0; k++)
		;
	return k;
}

/* Five parts: IKE's four at most and one more to name as extra. */
#define PARTS_MAX	5

static int
split(const char *word, struct part parts[PARTS_MAX])
{
	int n = 0;

	for (;;) {
		parts[n].p = word;
		parts[n].len = strcspn(word, "-");
		word += parts[n++].len;
		if (*word == '\0' || n == PARTS_MAX)
			return n;
		word++;
	}
}

static void
set_bad(char *bad, size_t badlen, const char *p, size_t len)
{
	if (bad == NULL || badlen == 0)
		return;
	if (len > badlen - 1)
		len = badlen - 1;
	memcpy(bad, p, len);
	bad[len] = '\0';
}

/*
 * Takes word's parts in the kinds' order as grammar says and fills val
 * (-1 for a kind not given). The bad word is the part that is unknown,
 * forbidden, repeated or extra, or the whole word when a required part is
 * missing (the next part is of a later kind, or there is none).
 */
static int
parse(const char *word, grammar_fn grammar, int val[K_COUNT], char *bad,
    size_t badlen)
{
	struct part parts[PARTS_MAX];
	int n = split(word, parts), i = 0;
	enum kind k, next;

	for (k = 0; k < K_COUNT; k++)
		val[k] = -1;
	for (k = 0; k < K_COUNT; k++) {
		enum need need = k == K_ENCR ? REQUIRED : grammar(k, val);
		int v = i < n && need != SKIP ? find(k, parts[i]) : -1;

		if (v >= 0 && need == FORBIDDEN)
			goto bad_part;
		if (v >= 0) {
			val[k] = v;
			i++;
			continue;
		}
		if (need != REQUIRED)
			continue;
		next = i < n ? kind_of(parts[i]) : K_COUNT;
		if (i == n || (next > k && next < K_COUNT))
			goto bad_word;
		goto bad_part;
	}
	if (i == n)
		return 0;
bad_part:
	if (parts[i].len > 0) {
		set_bad(bad, badlen, parts[i].p, parts[i].len);
		return -1;
	}
bad_word:	/* also for an empty part, which names nothing */
	set_bad(bad, badlen, word, strlen(word));
	return -1;
}

/* A kind not given: NONE (INTEG's and DH's value 0). */
static uint8_t
or_none(int v)
{
	return (uint8_t)(v < 0 ? 0 : v);
}

int
ike_algs_parse(const char *word, struct ike_algs *algs, char *bad, size_t badlen)
{
	int val[K_COUNT];

	if (parse(word, ike_grammar, val, bad, badlen) < 0)
		return -1;
	algs->encr = (uint8_t)val[K_ENCR];
	algs->integ = or_none(val[K_INTEG]);
	/* the grammar wants a prf word with AEAD, so integ is set without one */
	algs->prf = (uint8_t)(val[K_PRF] >= 0 ? val[K_PRF] : (int)integ_prf[val[K_INTEG]]);
	algs->dh = (uint8_t)val[K_DH];
	return 0;
}

void
ike_algs_name(const struct ike_algs *algs, char *out, size_t outlen)
{
	const struct ike_encr_info *e = ike_encr_info(algs->encr);
	const struct ike_integ_info *i = ike_integ_info(algs->integ);
	const struct ike_prf_info *p = ike_prf_info(algs->prf);
	const struct ike_dh_info *d = ike_dh_info(algs->dh);
	bool prf_word = i == NULL || integ_prf[algs->integ] != algs->prf;

	if (outlen == 0)
		return;
	if (e == NULL || p == NULL || d == NULL || (i == NULL) != (e->aead != 0)) {
		*out = '\0';	/* not from ike_algs_parse */
		return;
	}
	/* the prf word only when it is not the integrity's default */
	snprintf(out, outlen, "%s%s%s%s%s-%s", e->name, i ? "-" : "",
	    i ? i->name : "", prf_word ? "-" : "", prf_word ? p->name : "", d->name);
}

/* esp_xform.h's name of a cipher: the IKE words joined as in a proposal. */
static int
esp_cipher(int encr, int integ, enum esp_alg *alg)
{
	char name[IKE_ALGS_NAME_MAX];

	snprintf(name, sizeof(name), "%s%s%s", encrs[encr].name,
	    integ > 0 ? "-" : "", integ > 0 ? integs[integ].name : "");
	return esp_alg_parse(name, alg);
}

int
esp_algs_parse(const char *word, struct esp_algs *algs, char *bad, size_t badlen)
{
	int val[K_COUNT];
	enum esp_alg alg;

	if (parse(word, esp_grammar, val, bad, badlen) < 0)
		return -1;
	if (esp_cipher(val[K_ENCR], val[K_INTEG], &alg) < 0) {
		/* every ENC[-INTEG] pair is an esp_alg today; if one is not,
		 * the cipher part is what esp_xform lacks */
		set_bad(bad, badlen, word, strcspn(word, "-"));
		return -1;
	}
	algs->alg = (uint8_t)alg;
	algs->dh = or_none(val[K_DH]);
	return 0;
}

void
esp_algs_name(const struct esp_algs *algs, char *out, size_t outlen)
{
	const char *alg = esp_alg_name(algs->alg);
	const struct ike_dh_info *d = ike_dh_info(algs->dh);

	if (outlen == 0)
		return;
	if (alg == NULL || (d == NULL && algs->dh != IKE_DH_NONE)) {
		*out = '\0';	/* not from esp_algs_parse */
		return;
	}
	snprintf(out, outlen, "%s%s%s", alg, d ? "-" : "", d ? d->name : "");
}

void
esp_alg_transforms(enum esp_alg a, enum ike_encr *encr, enum ike_integ *integ)
{
	const char *name = esp_alg_name(a);
	int val[K_COUNT];

	/* esp_xform's names are IKE words: parse them, so the two agree */
	if (name == NULL || parse(name, cipher_grammar, val, NULL, 0) < 0) {
		*encr = IKE_ENCR_COUNT;
		*integ = IKE_INTEG_COUNT;
		return;
	}
	*encr = (enum ike_encr)val[K_ENCR];
	*integ = (enum ike_integ)or_none(val[K_INTEG]);
}
