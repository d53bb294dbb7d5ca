/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/esp_xform - ESP seal and open throughput of each algorithm for
 * 1400- and 64-byte payloads, with the anchor measured in the same run over
 * the same buffers: raw EVP AES-128-GCM that keys its context afresh
 * (EVP_EncryptInit_ex / EVP_DecryptInit_ex with the key) for every packet,
 * as code that keeps no per-SA context does. JSON lines on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "crypto/esp_xform.h"

#define NPKT		64	/* packets sealed, then opened, per timed batch */
#define PAYLOAD_MAX	1400
#define PKT_MAX		(8 + ESP_IV_MAX + PAYLOAD_MAX + 16 + ESP_ICV_MAX)

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* What is measured: seal and open one packet laid out as on the wire. */
struct subject {
	int	(*seal)(struct subject *, uint8_t *pkt, size_t len);
	int	(*open)(struct subject *, uint8_t *pkt, size_t len);
	size_t	  iv_len;
};

struct xform_subject {
	struct subject		 s;
	struct esp_xform	*out, *in;
};

static int
xform_seal(struct subject *s, uint8_t *pkt, size_t len)
{
	struct xform_subject *x = (struct xform_subject *)s;
	uint8_t *data = pkt + 8 + s->iv_len;

	return esp_xform_seal(x->out, pkt, 0, false, pkt + 8, data, len, data + len);
}

static int
xform_open(struct subject *s, uint8_t *pkt, size_t len)
{
	struct xform_subject *x = (struct xform_subject *)s;
	uint8_t *data = pkt + 8 + s->iv_len;

	return esp_xform_open(x->in, pkt, 0, false, pkt + 8, data, len, data + len);
}

struct anchor_subject {
	struct subject	 s;
	EVP_CIPHER_CTX	*out, *in;
	uint8_t		 key[20];	/* AES-128 key, salt */
};

/* RFC 4106 as the xform does it, but with the key schedule per packet. */
static int
anchor_run(struct anchor_subject *a, bool enc, uint8_t *pkt, size_t len)
{
	EVP_CIPHER_CTX *ctx = enc ? a->out : a->in;
	uint8_t nonce[12], *data = pkt + 16, *icv = data + len;
	int outl;

	if (enc)
		memcpy(pkt + 8, pkt, 8);	/* an IV unique per packet */
	memcpy(nonce, a->key + 16, 4);
	memcpy(nonce + 4, pkt + 8, 8);
	if (EVP_CipherInit_ex(ctx, EVP_aes_128_gcm(), NULL, a->key, nonce, enc) != 1 ||
	    EVP_CipherUpdate(ctx, NULL, &outl, pkt, 8) != 1 ||
	    EVP_CipherUpdate(ctx, data, &outl, data, (int)len) != 1 ||
	    (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, icv) != 1) ||
	    EVP_CipherFinal_ex(ctx, nonce, &outl) != 1 ||
	    (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, icv) != 1))
		return -1;
	return 0;
}

static int
anchor_seal(struct subject *s, uint8_t *pkt, size_t len)
{
	return anchor_run((struct anchor_subject *)s, true, pkt, len);
}

static int
anchor_open(struct subject *s, uint8_t *pkt, size_t len)
{
	return anchor_run((struct anchor_subject *)s, false, pkt, len);
}

struct result {
	double	seal_gbit_s, open_gbit_s, seal_ns, open_ns;
};

#define ROUNDS	5	/* the best round of each is reported */

static uint8_t pkts[NPKT][PKT_MAX];

/*
 * Seals the NPKT packets, then opens them, timing each half, until the
 * budget is spent. Every open must succeed, so what is timed is the path
 * a good packet takes. Gbit/s count the payload: what the tunnel carries.
 */
static struct result
measure(struct subject *s, size_t payload, size_t len, double budget)
{
	double t0, t1, t2, seal = 0, open = 0;
	unsigned long n = 0, warm = NPKT;
	uint32_t seq = 1;
	struct result r;
	size_t i;

	for (i = 0; i < NPKT; i++)
		memset(pkts[i] + 8 + s->iv_len, (int)i, len);
	while (seal + open < budget || warm > 0) {
		t0 = now();
		for (i = 0; i < NPKT; i++) {
			put32(pkts[i], 0x1234);
			put32(pkts[i] + 4, seq + (uint32_t)i);
			if (s->seal(s, pkts[i], len) != 0) {
				fprintf(stderr, "esp_xform bench: seal failed\n");
				exit(1);
			}
		}
		t1 = now();
		for (i = 0; i < NPKT; i++)
			if (s->open(s, pkts[i], len) != 0) {
				fprintf(stderr, "esp_xform bench: open failed\n");
				exit(1);
			}
		t2 = now();
		seq += NPKT;
		if (warm > 0) {		/* the first batch warms the caches */
			warm = 0;
			continue;
		}
		seal += t1 - t0;
		open += t2 - t1;
		n += NPKT;
	}
	r.seal_gbit_s = payload * 8.0 * n / seal / 1e9;
	r.open_gbit_s = payload * 8.0 * n / open / 1e9;
	r.seal_ns = seal / n * 1e9;
	r.open_ns = open / n * 1e9;
	return r;
}

static void
keep_best(struct result *best, struct result r)
{
	if (r.seal_gbit_s > best->seal_gbit_s) {
		best->seal_gbit_s = r.seal_gbit_s;
		best->seal_ns = r.seal_ns;
	}
	if (r.open_gbit_s > best->open_gbit_s) {
		best->open_gbit_s = r.open_gbit_s;
		best->open_ns = r.open_ns;
	}
}

/* The ESP payload's encrypted length: payload, pad length and next header,
 * padded to the algorithm's block. */
static size_t
esp_len(size_t payload, size_t block)
{
	return (payload + 2 + block - 1) / block * block;
}

int
main(void)
{
	static const size_t payloads[] = { PAYLOAD_MAX, 64 };
	struct anchor_subject anchor = {
		{ anchor_seal, anchor_open, 8 }, EVP_CIPHER_CTX_new(),
		EVP_CIPHER_CTX_new(), { 0 }
	};
	const char *env = getenv("BENCH_SECONDS");
	double budget = env != NULL ? atof(env) : 0.5;	/* per algorithm and size */
	uint8_t ekey[ESP_KEY_MAX], ikey[ESP_KEY_MAX];
	size_t p, i;
	int a;

	for (i = 0; i < ESP_KEY_MAX; i++) {
		ekey[i] = (uint8_t)(i * 7 + 1);
		ikey[i] = (uint8_t)(i * 11 + 3);
	}
	memcpy(anchor.key, ekey, sizeof(anchor.key));
	if (anchor.out == NULL || anchor.in == NULL)
		return 1;
	for (p = 0; p < sizeof(payloads) / sizeof(payloads[0]); p++) {
		size_t payload = payloads[p];

		for (a = 0; a < ESP_ALG_COUNT; a++) {
			const struct esp_alg_info *in = esp_alg_info(a);
			struct xform_subject x = {
				{ xform_seal, xform_open, in->iv_len },
				esp_xform_new(a, true, ekey, in->enc_key_len, ikey,
				    in->int_key_len),
				esp_xform_new(a, false, ekey, in->enc_key_len, ikey,
				    in->int_key_len),
			};
			size_t len = esp_len(payload, in->block_size);
			struct result r = { 0 }, ra = { 0 };
			int round;

			if (x.out == NULL || x.in == NULL)
				return 1;
			/* Rounds alternate with the anchor's, so a spell of
			 * load from elsewhere weighs on both alike. */
			for (round = 0; round < ROUNDS; round++) {
				keep_best(&ra, measure(&anchor.s, payload,
				    esp_len(payload, 4), budget / ROUNDS));
				keep_best(&r, measure(&x.s, payload, len,
				    budget / ROUNDS));
			}
			printf("{\"bench\":\"esp_xform\",\"alg\":\"%s\",\"payload_bytes\":%zu,"
			    "\"encrypted_bytes\":%zu,\"seal_gbit_s\":%.2f,\"open_gbit_s\":%.2f,"
			    "\"seal_ns_per_packet\":%.0f,\"open_ns_per_packet\":%.0f,"
			    "\"anchor\":\"raw EVP AES-128-GCM keyed per packet\","
			    "\"anchor_seal_gbit_s\":%.2f,\"anchor_open_gbit_s\":%.2f,"
			    "\"ratio_seal_to_anchor\":%.2f,\"ratio_open_to_anchor\":%.2f%s}\n",
			    in->name, payload, len, r.seal_gbit_s, r.open_gbit_s,
			    r.seal_ns, r.open_ns, ra.seal_gbit_s, ra.open_gbit_s,
			    r.seal_gbit_s / ra.seal_gbit_s, r.open_gbit_s / ra.open_gbit_s,
			    a == ESP_AES128_GCM16 ? (payload == PAYLOAD_MAX ?
			    ",\"target_gbit_s\":3,\"target_ratio_to_anchor\":1" :
			    ",\"target_ratio_to_anchor\":1") : "");
			fflush(stdout);
			esp_xform_free(x.out);
			esp_xform_free(x.in);
		}
	}
	EVP_CIPHER_CTX_free(anchor.out);
	EVP_CIPHER_CTX_free(anchor.in);
	return 0;
}
