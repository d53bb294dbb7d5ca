/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_proposal - offers and the choice among a peer's (ike_proposal.h).
 */
#include "ike/ike_proposal.h"

#include <stdio.h>
#include <string.h>

static void
add(struct ike_proposal *p, uint8_t type, uint16_t id, uint16_t key_bits)
{
	if (p->ntransforms < IKE_TRANSFORMS_MAX)
		p->xf[p->ntransforms++] = (struct ike_transform){ .type = type,
		    .id = id, .key_bits = key_bits };
}

static void
add_encr(struct ike_proposal *p, enum ike_encr e)
{
	const struct ike_encr_info *i = ike_encr_info(e);

	add(p, IKE_XF_ENCR, i->id, i->key_bits);
}

size_t
ike_offer_ike(const struct ike_algs *a, size_t n, uint8_t spi_size, uint64_t spi,
    struct ike_proposal *out)
{
	size_t k;

	for (k = 0; k < n && k < IKE_PROPOSALS_MAX; k++) {
		struct ike_proposal *p = &out[k];

		memset(p, 0, sizeof(*p));
		p->num = (uint8_t)(k + 1);
		p->protocol = IKE_PROTO_IKE;
		p->spi_size = spi_size;
		p->spi = spi;
		add_encr(p, (enum ike_encr)a[k].encr);
		if (a[k].integ != IKE_INTEG_NONE)
			add(p, IKE_XF_INTEG, ike_integ_info(a[k].integ)->id, 0);
		add(p, IKE_XF_PRF, ike_prf_info(a[k].prf)->id, 0);
		add(p, IKE_XF_DH, ike_dh_info(a[k].dh)->id, 0);
	}
	return k;
}

size_t
ike_offer_esp(const struct esp_algs *a, size_t n, bool esn, bool with_dh,
    uint32_t spi, struct ike_proposal *out)
{
	enum ike_encr encr;
	enum ike_integ integ;
	size_t k;

	for (k = 0; k < n && k < IKE_PROPOSALS_MAX; k++) {
		struct ike_proposal *p = &out[k];

		memset(p, 0, sizeof(*p));
		p->num = (uint8_t)(k + 1);
		p->protocol = IKE_PROTO_ESP;
		p->spi_size = 4;
		p->spi = spi;
		esp_alg_transforms((enum esp_alg)a[k].alg, &encr, &integ);
		add_encr(p, encr);
		if (integ != IKE_INTEG_NONE)
			add(p, IKE_XF_INTEG, ike_integ_info(integ)->id, 0);
		if (with_dh && a[k].dh != IKE_DH_NONE)
			add(p, IKE_XF_DH, ike_dh_info(a[k].dh)->id, 0);
		add(p, IKE_XF_ESN, esn ? 1 : 0, 0);
	}
	return k;
}

/* Whether p offers transform (type, id, key_bits); key_bits 0 matches a
 * transform without the attribute. */
static bool
offers(const struct ike_proposal *p, uint8_t type, uint16_t id, uint16_t key_bits)
{
	size_t i;

	for (i = 0; i < p->ntransforms; i++)
		if (!p->xf[i].unknown_attr && p->xf[i].type == type &&
		    p->xf[i].id == id && p->xf[i].key_bits == key_bits)
			return true;
	return false;
}

static bool
has_type(const struct ike_proposal *p, uint8_t type)
{
	size_t i;

	for (i = 0; i < p->ntransforms; i++)
		if (p->xf[i].type == type)
			return true;
	return false;
}

static bool
offers_encr(const struct ike_proposal *p, enum ike_encr e)
{
	const struct ike_encr_info *i = ike_encr_info(e);

	return offers(p, IKE_XF_ENCR, i->id, i->key_bits);
}

/* AEAD: no integrity, or the "none" one (id 0) some peers list. */
static bool
offers_integ(const struct ike_proposal *p, enum ike_integ integ)
{
	if (integ == IKE_INTEG_NONE)
		return !has_type(p, IKE_XF_INTEG) || offers(p, IKE_XF_INTEG, 0, 0);
	return offers(p, IKE_XF_INTEG, ike_integ_info(integ)->id, 0);
}

static bool
ike_word_in(const struct ike_proposal *p, const struct ike_algs *a)
{
	return p->protocol == IKE_PROTO_IKE && offers_encr(p, (enum ike_encr)a->encr) &&
	    offers_integ(p, (enum ike_integ)a->integ) &&
	    offers(p, IKE_XF_PRF, ike_prf_info(a->prf)->id, 0) &&
	    offers(p, IKE_XF_DH, ike_dh_info(a->dh)->id, 0);
}

int
ike_choose_ike(const struct ike_sa_pl *theirs, const struct ike_algs *ours, size_t n,
    size_t *theirs_ix)
{
	size_t k, j;

	for (k = 0; k < n; k++)
		for (j = 0; j < theirs->n; j++)
			if (ike_word_in(&theirs->prop[j], &ours[k])) {
				*theirs_ix = j;
				return (int)k;
			}
	return -1;
}

static bool
esp_word_in(const struct ike_proposal *p, const struct esp_algs *a, bool with_dh)
{
	enum ike_encr encr;
	enum ike_integ integ;

	if (p->protocol != IKE_PROTO_ESP || p->spi_size != 4)
		return false;
	esp_alg_transforms((enum esp_alg)a->alg, &encr, &integ);
	if (!offers_encr(p, encr) || !offers_integ(p, integ))
		return false;
	if (!with_dh)
		return true;
	if (a->dh == IKE_DH_NONE)
		return !has_type(p, IKE_XF_DH) || offers(p, IKE_XF_DH, 0, 0);
	return offers(p, IKE_XF_DH, ike_dh_info(a->dh)->id, 0);
}

/* The ESN choice with p, or false when p allows neither we can do. */
static bool
esn_choice(const struct ike_proposal *p, bool wanted, bool *esn)
{
	/* no ESN transform at all: a peer that only knows 32-bit numbers */
	if (!has_type(p, IKE_XF_ESN) || offers(p, IKE_XF_ESN, 0, 0)) {
		*esn = wanted && offers(p, IKE_XF_ESN, 1, 0);
		return true;
	}
	/* ESN only: when the tunnel says esn (an initiator that offered
	 * without must not take it, §3.3.6) */
	*esn = true;
	return wanted && offers(p, IKE_XF_ESN, 1, 0);
}

int
ike_choose_esp(const struct ike_sa_pl *theirs, const struct esp_algs *ours, size_t n,
    bool esn_wanted, bool with_dh, size_t *theirs_ix, bool *esn)
{
	size_t k, j;

	for (k = 0; k < n; k++)
		for (j = 0; j < theirs->n; j++)
			if (esp_word_in(&theirs->prop[j], &ours[k], with_dh) &&
			    esn_choice(&theirs->prop[j], esn_wanted, esn)) {
				*theirs_ix = j;
				return (int)k;
			}
	return -1;
}

/* One transform as a word of ike_alg's, or by its numbers. */
static void
transform_word(const struct ike_transform *x, char *out, size_t outlen)
{
	enum ike_encr e;
	enum ike_integ i;
	enum ike_prf p;
	enum ike_dh d;

	if (x->type == IKE_XF_ENCR && ike_encr_from_id(x->id, x->key_bits, &e) == 0)
		snprintf(out, outlen, "%s", ike_encr_info(e)->name);
	else if (x->type == IKE_XF_INTEG && ike_integ_from_id(x->id, &i) == 0 &&
	    i != IKE_INTEG_NONE)
		snprintf(out, outlen, "%s", ike_integ_info(i)->name);
	else if (x->type == IKE_XF_PRF && ike_prf_from_id(x->id, &p) == 0)
		snprintf(out, outlen, "%s", ike_prf_info(p)->name);
	else if (x->type == IKE_XF_DH && ike_dh_from_id(x->id, &d) == 0 &&
	    d != IKE_DH_NONE)
		snprintf(out, outlen, "%s", ike_dh_info(d)->name);
	else if (x->type == IKE_XF_ESN)
		snprintf(out, outlen, "%s", x->id ? "esn" : "noesn");
	else
		snprintf(out, outlen, "%u:%u%s", x->type, x->id,
		    x->key_bits ? "+" : "");
}

void
ike_proposals_text(const struct ike_sa_pl *sa, char *out, size_t outlen)
{
	size_t j, t, used = 0;
	char word[32];

	out[0] = '\0';
	for (j = 0; j < sa->n; j++)
		for (t = 0; t < sa->prop[j].ntransforms; t++) {
			transform_word(&sa->prop[j].xf[t], word, sizeof(word));
			used += (size_t)snprintf(out + used, used < outlen ?
			    outlen - used : 0, "%s%s", used == 0 ? "" : t == 0 ?
			    ", " : "-", word);
			if (used >= outlen)
				return;
		}
}

/* Appends word to out[outlen] after a comma when out is not empty. */
static void
append_word(char *out, size_t outlen, const char *word)
{
	size_t used = strlen(out);

	if (used < outlen)
		snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", word);
}

static void
ike_word(const void *w, char *out, size_t outlen)
{
	ike_algs_name(w, out, outlen);
}

static void
esp_word(const void *w, char *out, size_t outlen)
{
	esp_algs_name(w, out, outlen);
}

/* n words of size bytes each, named by name, joined by commas. */
static void
words_text(const void *words, size_t size, size_t n,
    void (*name)(const void *, char *, size_t), char *out, size_t outlen)
{
	char word[IKE_ALGS_NAME_MAX];
	size_t k;

	out[0] = '\0';
	for (k = 0; k < n; k++) {
		name((const uint8_t *)words + k * size, word, sizeof(word));
		append_word(out, outlen, word);
	}
}

void
ike_words_text(const struct ike_algs *a, size_t n, char *out, size_t outlen)
{
	words_text(a, sizeof(*a), n, ike_word, out, outlen);
}

void
esp_words_text(const struct esp_algs *a, size_t n, char *out, size_t outlen)
{
	words_text(a, sizeof(*a), n, esp_word, out, outlen);
}
