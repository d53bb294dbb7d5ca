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

uint64_t
ike_soft_of(uint64_t hard)
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
	p->soft.seconds = ike_soft_of(p->hard.seconds);
	p->soft.bytes = ike_soft_of(p->hard.bytes);
}

/* One SA of child with keys (the encryption key, then the integrity key). */
static struct ipsec_sa *
make_sa(const struct ike_sa *sa, const struct ike_child *c, const struct cfg_tunnel *t,
    enum ipsec_dir dir, const uint8_t *keys, uint64_t now_ms, struct strbuf *err)
{
	struct ipsec_sa_params p;
	struct ipsec_sa *s;

	fill(&p, sa, c, t, dir, keys);
	s = ipsec_sa_new(&p, now_ms, err);
	OPENSSL_cleanse(&p, sizeof(p));
	return s;
}

/* The pair of c into the engine; with keep, the outbound SA's keys go
 * there instead (half bytes) and only the inbound SA is installed. */
static int
install(const struct ike_env *env, const struct ike_sa *sa, const struct ike_child *c,
    const struct cfg_tunnel *t, const uint8_t *keymat, size_t len, bool initiator,
    uint8_t *keep, uint64_t now_ms, struct strbuf *err)
{
	size_t half = ike_child_keymat_len(&c->algs) / 2;
	struct ipsec_sa *in, *out = NULL;
	/* the exchange's initiator sends with the first half */
	const uint8_t *send_keys = initiator ? keymat : keymat + half;
	const uint8_t *recv_keys = initiator ? keymat + half : keymat;

	if (len < 2 * half) {
		strbuf_printf(err, "keying material too short");
		return -1;
	}
	if ((in = make_sa(sa, c, t, IPSEC_IN, recv_keys, now_ms, err)) == NULL)
		return -1;
	if (keep != NULL)
		memcpy(keep, send_keys, half);
	else if ((out = make_sa(sa, c, t, IPSEC_OUT, send_keys, now_ms, err)) == NULL) {
		ipsec_sa_free(in);
		return -1;
	}
	env->install(env->arg, in, out);
	return 0;
}

int
ike_install_child(const struct ike_env *env, const struct ike_sa *sa,
    const struct ike_child *c, const struct cfg_tunnel *t,
    const uint8_t *keymat, size_t len, uint64_t now_ms, struct strbuf *err)
{
	return install(env, sa, c, t, keymat, len, sa->initiator, NULL, now_ms, err);
}

int
ike_install_rekeyed(const struct ike_env *env, const struct ike_sa *sa,
    struct ike_child *c, const struct cfg_tunnel *t, const uint8_t *keymat,
    size_t len, bool initiator, bool out, uint64_t now_ms, struct strbuf *err)
{
	if (install(env, sa, c, t, keymat, len, initiator, out ? NULL : c->out_keys,
	    now_ms, err) != 0)
		return -1;
	c->out_pending = !out;
	return 0;
}

int
ike_install_out(const struct ike_env *env, const struct ike_sa *sa,
    struct ike_child *c, const struct cfg_tunnel *t, uint64_t now_ms,
    struct strbuf *err)
{
	struct ipsec_sa *out = make_sa(sa, c, t, IPSEC_OUT, c->out_keys, now_ms, err);

	OPENSSL_cleanse(c->out_keys, sizeof(c->out_keys));
	c->out_pending = false;
	if (out == NULL)
		return -1;
	env->install(env->arg, NULL, out);
	return 0;
}

void
ike_uninstall_child(const struct ike_env *env, const char *tunnel,
    const struct ike_child *c)
{
	env->remove(env->arg, tunnel, IPSEC_IN, c->spi_in);
	env->remove(env->arg, tunnel, IPSEC_OUT, c->spi_out);
}
