/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sa - making and freeing one SA, and its lifetimes; see sa.h and sadb.h.
 * The count of live SAs is process-wide (an atomic), since ipsec_sa_new
 * runs without the engine lock and before the SA meets its sadb.
 */
#include "sa.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_uint live_sas;

/* Reads the params, giving the first reason they cannot make an SA. */
static bool
params_ok(const struct ipsec_sa_params *p, struct strbuf *err)
{
	const struct esp_alg_info *info;

	if (p->tunnel[0] == '\0' || memchr(p->tunnel, '\0', sizeof(p->tunnel)) == NULL)
		strbuf_puts(err, "the SA names no tunnel");
	else if (p->dir != IPSEC_IN && p->dir != IPSEC_OUT)
		strbuf_puts(err, "the SA has no direction");
	else if (p->spi < 256)
		/* RFC 4303 §2.1: 1-255 are reserved, 0 is never sent */
		strbuf_printf(err, "SPI %u is reserved (the lowest is 256)", p->spi);
	else if ((unsigned)p->alg >= ESP_ALG_COUNT || (info = esp_alg_info(p->alg)) == NULL)
		strbuf_puts(err, "unknown ESP algorithm");
	else if (p->enc_len != info->enc_key_len)
		strbuf_printf(err, "%s needs an encryption key of %u bytes, not %u",
		    info->name, info->enc_key_len, p->enc_len);
	else if (p->int_len != info->int_key_len)
		strbuf_printf(err, "%s needs an integrity key of %u bytes, not %u",
		    info->name, info->int_key_len, p->int_len);
	else if (p->dir == IPSEC_IN && p->replay_window > REPLAY_MAX)
		strbuf_printf(err, "replay window %u is above %u", p->replay_window,
		    REPLAY_MAX);
	else if ((p->encap_sport == 0) != (p->encap_dport == 0))
		strbuf_puts(err, "UDP encapsulation needs both ports");
	else if (p->dir == IPSEC_OUT && (p->local == 0 || p->peer == 0))
		strbuf_puts(err, "an outbound SA needs its local and peer addresses");
	else
		return true;
	return false;
}

struct ipsec_sa *
ipsec_sa_new(const struct ipsec_sa_params *p, uint64_t now_ms, struct strbuf *err)
{
	struct ipsec_sa *sa;

	if (!params_ok(p, err))
		return NULL;
	if (atomic_fetch_add(&live_sas, 1) >= SADB_MAX_SAS) {
		atomic_fetch_sub(&live_sas, 1);
		strbuf_printf(err, "no room for another SA (at most %d)", SADB_MAX_SAS);
		return NULL;
	}
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		goto nomem;
	memcpy(sa->tunnel, p->tunnel, sizeof(sa->tunnel));
	sa->dir = p->dir;
	sa->spi = p->spi;
	sa->alg = p->alg;
	sa->info = esp_alg_info(p->alg);
	sa->esn = p->esn;
	sa->local = p->local;
	sa->peer = p->peer;
	sa->encap_sport = p->encap_sport;
	sa->encap_dport = p->encap_dport;
	sa->soft = p->soft;
	sa->hard = p->hard;
	sa->seq_max = p->esn ? SA_SEQ_MAX_64 : SA_SEQ_MAX_32;
	sa->created_ms = now_ms;
	sa->tunnel_ix = SA_NO_TUNNEL;
	sa->xf = esp_xform_new(p->alg, p->dir == IPSEC_OUT, p->enc_key, p->enc_len,
	    p->int_key, p->int_len);
	if (sa->xf == NULL)
		goto nomem;
	if (p->dir == IPSEC_IN && (sa->replay = replay_new(p->replay_window)) == NULL)
		goto nomem;
	return sa;
nomem:
	strbuf_puts(err, "out of memory for the SA");
	if (sa != NULL)
		ipsec_sa_free(sa);
	else
		atomic_fetch_sub(&live_sas, 1);
	return NULL;
}

void
ipsec_sa_free(struct ipsec_sa *sa)
{
	if (sa == NULL)
		return;
	esp_xform_free(sa->xf);		/* cleanses the keys */
	replay_free(sa->replay);
	free(sa);
	atomic_fetch_sub(&live_sas, 1);
}

/* The limit of lt the SA has reached at now_ms, or NULL; seq_margin:
 * how many numbers before its last one the sequence limit lies. */
static const char *
limit_reached(const struct ipsec_sa *sa, const struct ipsec_lifetime *lt,
    uint64_t seq_margin, uint64_t now_ms)
{
	if (lt->seconds && (now_ms - sa->created_ms) / 1000 >= lt->seconds)
		return "time";
	if (lt->bytes && sa->bytes >= lt->bytes)
		return "kilobytes";
	if (lt->packets && sa->packets >= lt->packets)
		return "packets";
	if (sa->dir == IPSEC_OUT && sa->seq >= sa->seq_max - seq_margin)
		return "sequence";
	return NULL;
}

const char *
ipsec_sa_hard_reason(const struct ipsec_sa *sa, uint64_t now_ms)
{
	return limit_reached(sa, &sa->hard, 0, now_ms);
}

const char *
ipsec_sa_soft_reason(const struct ipsec_sa *sa, uint64_t now_ms)
{
	return limit_reached(sa, &sa->soft, SA_SEQ_SOFT_MARGIN, now_ms);
}

bool
ipsec_sa_usable(struct ipsec_sa *sa, uint64_t now_ms)
{
	if (!sa->hard_reached && ipsec_sa_hard_reason(sa, now_ms) != NULL)
		sa->hard_reached = true;
	return !sa->hard_reached;
}
