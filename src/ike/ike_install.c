/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_install - CHILD_SAs into the engine (ike_install.h).
 */
#include "ike/ike_install.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ipsec/sadb.h"

size_t
ike_child_keymat_len(const struct esp_algs *a)
{
	const struct esp_alg_info *info = esp_alg_info((enum esp_alg)a->alg);

	return 2 * ((size_t)info->enc_key_len + info->int_key_len);
}

/* Soft lifetime: 90% of hard, less up to another 5% at random. */
static uint64_t
soft_of(uint64_t hard)
{
	uint32_t r = 0;

	if (hard == 0)
		return 0;
	(void)RAND_bytes((uint8_t *)&r, sizeof(r));
	return hard * 9 / 10 - (hard / 20 == 0 ? 0 : r % (hard / 20));
}

static void
fill(struct ipsec_sa_params *p, const struct ike_sa *sa, const struct ike_child *c,
    const struct cfg_tunnel *t, enum ipsec_dir dir, const uint8_t *keys)
{
	const struct esp_alg_info *info = esp_alg_info((enum esp_alg)c->algs.alg);

	memset(p, 0, sizeof(*p));
	snprintf(p->tunnel, sizeof(p->tunnel), "%s", sa->tunnel);
	p->dir = dir;
	p->spi = dir == IPSEC_IN ? c->spi_in : c->spi_out;
	p->alg = (enum esp_alg)c->algs.alg;
	memcpy(p->enc_key, keys, info->enc_key_len);
	p->enc_len = info->enc_key_len;
	memcpy(p->int_key, keys + info->enc_key_len, info->int_key_len);
	p->int_len = info->int_key_len;
	p->esn = c->esn;
	p->replay_window = t->replay_window;
	p->local = sa->local;
	p->peer = sa->peer;
	if (sa->local_port == 4500 || sa->peer_port == 4500) {
		p->encap_sport = sa->local_port;
		p->encap_dport = sa->peer_port;
	}
	p->hard.seconds = t->esp_lifetime;
	p->hard.bytes = (uint64_t)t->esp_lifetime_kb * 1024;
	p->soft.seconds = soft_of(p->hard.seconds);
	p->soft.bytes = soft_of(p->hard.bytes);
}

int
ike_install_child(const struct ike_env *env, const struct ike_sa *sa,
    const struct ike_child *c, const struct cfg_tunnel *t,
    const uint8_t *keymat, size_t len, uint64_t now_ms, struct strbuf *err)
{
	size_t half = ike_child_keymat_len(&c->algs) / 2;
	struct ipsec_sa_params p;
	struct ipsec_sa *in, *out;
	/* the initiator sends with the first half */
	const uint8_t *send_keys = sa->initiator ? keymat : keymat + half;
	const uint8_t *recv_keys = sa->initiator ? keymat + half : keymat;

	if (len < 2 * half) {
		strbuf_printf(err, "keying material too short");
		return -1;
	}
	fill(&p, sa, c, t, IPSEC_IN, recv_keys);
	in = ipsec_sa_new(&p, now_ms, err);
	fill(&p, sa, c, t, IPSEC_OUT, send_keys);
	out = in != NULL ? ipsec_sa_new(&p, now_ms, err) : NULL;
	OPENSSL_cleanse(&p, sizeof(p));
	if (out == NULL) {
		ipsec_sa_free(in);
		return -1;
	}
	env->install(env->arg, in, out);
	return 0;
}

void
ike_uninstall_child(const struct ike_env *env, const char *tunnel,
    const struct ike_child *c)
{
	env->remove(env->arg, tunnel, IPSEC_IN, c->spi_in);
	env->remove(env->arg, tunnel, IPSEC_OUT, c->spi_out);
}
