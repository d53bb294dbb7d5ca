/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ike_msg - bytes as one IKEv2 datagram, through src/ike's parser:
 * the header, the outer payload chain, every payload's decoder; then an
 * SK payload's body after a fixed 8-byte "IV" as the decrypted inner chain
 * (so the seeds seal with a stand-in that leaves the plaintext as it is,
 * with no padding or ICV), and its payloads' decoders too.
 *
 * Beyond "no crash, no read past the input" (libFuzzer hands the input in
 * a buffer exactly its length), each payload a decoder accepts is written
 * back by the builder and read again, and must decode to the same fields
 * (attributes vgw does not know, and IPv6 selectors, are not written
 * back): a mismatch aborts.
 *
 * Built with -DFUZZ_IKE_MSG_CORPUS (and no -fsanitize=fuzzer) it is instead
 * the program that writes the builder's seeds into DIR: `fuzz_ike_msg DIR`
 * (compile this file with the .c files of src/ike, -Isrc -I.). The seeds
 * in tests/fuzz/corpus/ike_msg were written so, and scapy's (scapy_*) by
 * `tests/unit/ike_scapy.py build request|response FILE`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/ike_build.h"
#include "ike/ike_msg.h"

#define FUZZ_IV		8		/* the stand-in cipher's IV */
#define SCRATCH_MAX	(2 * IKE_MSG_MAX)

#ifndef FUZZ_IKE_MSG_CORPUS

static const struct ike_hdr scratch_hdr = { .spi_i = 1, .exchange = IKE_EXCH_INFORMATIONAL };

static bool
same_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool
same_sa(const struct ike_sa_pl *a, const struct ike_sa_pl *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct ike_proposal *p = &a->prop[i], *q = &b->prop[i];

		if (p->num != q->num || p->protocol != q->protocol || p->spi_size != q->spi_size ||
		    p->spi != q->spi || p->ntransforms != q->ntransforms)
			return false;
		for (size_t j = 0; j < p->ntransforms; j++)
			if (p->xf[j].type != q->xf[j].type || p->xf[j].id != q->xf[j].id ||
			    p->xf[j].key_bits != q->xf[j].key_bits)
				return false;
	}
	return true;
}

static bool
same_ts(const struct ike_ts_list *a, const struct ike_ts_list *b)
{
	if (a->n != b->n || b->n_ipv6 != 0)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->ts[i].proto != b->ts[i].proto || a->ts[i].port_lo != b->ts[i].port_lo ||
		    a->ts[i].port_hi != b->ts[i].port_hi || a->ts[i].addr_lo != b->ts[i].addr_lo ||
		    a->ts[i].addr_hi != b->ts[i].addr_hi)
			return false;
	return true;
}

/* The payload's decoder: 0 accepted, -1 refused, IKE_NO_DECODER. */
static int
decode(uint8_t type, const uint8_t *body, size_t len, union ike_body *u)
{
	struct ike_payload pl = { .type = type, .body = body, .len = len };
	const char *why = NULL;
	int rc = ike_payload_decode(&pl, u, &why);

	if (rc < 0 && why == NULL)
		abort();		/* every refusal has a reason */
	return rc;
}

/* Writes back what was decoded; false when this type is not written back. */
static bool
rebuild(struct ike_build *b, uint8_t type, const union ike_body *u)
{
	uint32_t spis[IKE_DELETE_SPIS_MAX];

	switch (type) {
	case IKE_PL_SA:		ike_build_sa(b, u->sa.prop, u->sa.n); break;
	case IKE_PL_KE:		ike_build_ke(b, &u->ke); break;
	case IKE_PL_NONCE:	ike_build_nonce(b, u->nonce.data, u->nonce.len); break;
	case IKE_PL_IDI:
	case IKE_PL_IDR:	ike_build_id(b, type, &u->id); break;
	case IKE_PL_AUTH:	ike_build_auth(b, &u->auth); break;
	case IKE_PL_NOTIFY:	ike_build_notify(b, &u->notify); break;
	case IKE_PL_DELETE:
		for (size_t i = 0; i < u->del.count; i++)
			spis[i] = ike_delete_spi(&u->del, i);
		ike_build_delete(b, u->del.protocol, spis, u->del.count);
		break;
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		if (u->ts.n_ipv6 != 0)
			return false;
		ike_build_ts(b, type, u->ts.ts, u->ts.n);
		break;
	default:
		return false;
	}
	return true;
}

static bool
same(uint8_t type, const union ike_body *a, const union ike_body *b)
{
	switch (type) {
	case IKE_PL_SA:
		return same_sa(&a->sa, &b->sa);
	case IKE_PL_KE:
		return a->ke.group == b->ke.group &&
		    same_bytes(a->ke.data, a->ke.len, b->ke.data, b->ke.len);
	case IKE_PL_NONCE:
		return same_bytes(a->nonce.data, a->nonce.len, b->nonce.data, b->nonce.len);
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		return a->id.type == b->id.type && same_bytes(a->id.data, a->id.len, b->id.data, b->id.len);
	case IKE_PL_AUTH:
		return a->auth.method == b->auth.method &&
		    same_bytes(a->auth.data, a->auth.len, b->auth.data, b->auth.len);
	case IKE_PL_NOTIFY:
		return a->notify.protocol == b->notify.protocol &&
		    a->notify.spi_size == b->notify.spi_size && a->notify.spi == b->notify.spi &&
		    a->notify.type == b->notify.type &&
		    same_bytes(a->notify.data, a->notify.len, b->notify.data, b->notify.len);
	case IKE_PL_DELETE:
		return a->del.protocol == b->del.protocol && a->del.spi_size == b->del.spi_size &&
		    same_bytes(a->del.spis, (size_t)a->del.count * a->del.spi_size, b->del.spis,
		    (size_t)b->del.count * b->del.spi_size);
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		return same_ts(&a->ts, &b->ts);
	}
	return false;
}

/* A payload a decoder accepted, written back and read again. */
static void
round_trip(uint8_t type, const union ike_body *u)
{
	static uint8_t scratch[SCRATCH_MAX];
	static union ike_body again;
	struct ike_build b;
	struct ike_hdr h;
	struct ike_chain c;
	const char *why;
	size_t len;

	ike_build_init(&b, scratch, sizeof(scratch), &scratch_hdr);
	if (!rebuild(&b, type, u))
		return;
	if (ike_build_finish(&b, &len) < 0 || ike_msg_parse(scratch, len, &h, &c, &why) != 0 ||
	    c.n != 1 || c.pl[0].type != type || decode(type, c.pl[0].body, c.pl[0].len, &again) != 0 ||
	    !same(type, u, &again))
		abort();
}

static void
decode_chain(const struct ike_chain *c)
{
	static union ike_body u;

	for (size_t i = 0; i < c->n; i++)
		if (decode(c->pl[i].type, c->pl[i].body, c->pl[i].len, &u) == 0)
			round_trip(c->pl[i].type, &u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ike_chain outer, inner;
	const struct ike_payload *sk;
	struct ike_hdr h;
	const char *why = NULL;
	int rc;

	rc = ike_msg_parse(data, size, &h, &outer, &why);
	if (rc == IKE_HDR_MAJOR_ABOVE && (h.major <= IKE_VERSION_MAJOR || outer.n != 0))
		abort();
	if (rc != 0)
		return 0;
	if (h.length != size || outer.n > IKE_PAYLOADS_MAX)
		abort();
	decode_chain(&outer);
	/* the SK payload's contents, as if decrypted in place */
	sk = ike_chain_find(&outer, IKE_PL_SK);
	if (sk == NULL || sk->len < FUZZ_IV)
		return 0;
	if (sk != &outer.pl[outer.n - 1])
		abort();
	if (ike_chain_parse(sk->next, sk->body + FUZZ_IV, sk->len - FUZZ_IV, IKE_CHAIN_INNER, &inner,
	    &why) == 0)
		decode_chain(&inner);
	return 0;
}

#else /* FUZZ_IKE_MSG_CORPUS */

static const uint8_t bytes[256] = { 0x5a, 0xa5, [255] = 0xff };

/* strongSwan's default IKE proposal, and vgw's first */
static const struct ike_proposal ike_props[] = {
	{ .num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 11, .xf = {
		{ .type = IKE_XF_ENCR, .id = 12, .key_bits = 128 },
		{ .type = IKE_XF_ENCR, .id = 12, .key_bits = 192 },
		{ .type = IKE_XF_ENCR, .id = 12, .key_bits = 256 },
		{ .type = IKE_XF_INTEG, .id = 12 }, { .type = IKE_XF_INTEG, .id = 13 },
		{ .type = IKE_XF_PRF, .id = 5 }, { .type = IKE_XF_PRF, .id = 6 },
		{ .type = IKE_XF_DH, .id = 31 }, { .type = IKE_XF_DH, .id = 19 },
		{ .type = IKE_XF_DH, .id = 20 }, { .type = IKE_XF_DH, .id = 14 } } },
	{ .num = 2, .protocol = IKE_PROTO_IKE, .ntransforms = 3, .xf = {
		{ .type = IKE_XF_ENCR, .id = 20, .key_bits = 256 },
		{ .type = IKE_XF_PRF, .id = 7 },
		{ .type = IKE_XF_DH, .id = 20 } } },
};
static const struct ike_proposal esp_prop = {
	.num = 1, .protocol = IKE_PROTO_ESP, .spi_size = 4, .spi = 0xc0ffee01, .ntransforms = 3,
	.xf = { { .type = IKE_XF_ENCR, .id = 20, .key_bits = 256 }, { .type = IKE_XF_DH, .id = 19 },
		{ .type = IKE_XF_ESN, .id = 0 } },
};
static const struct ike_ts ts_local = { 0, 0, 65535, 0x0a010000, 0x0a0100ff };
static const struct ike_ts ts_remote = { 0, 0, 65535, 0x0a020000, 0x0a0200ff };

static void
save(const char *dir, const char *name, struct ike_build *b)
{
	char path[512];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (ike_build_finish(b, &len) < 0 || (f = fopen(path, "wb")) == NULL ||
	    fwrite(b->buf, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "fuzz_ike_msg: %s not written\n", path);
		exit(1);
	}
}

/* The stand-in seal: the plaintext stays, no padding, no ICV. */
static void
seal(struct ike_build *b)
{
	struct ike_sk_layout l;

	if (ike_build_sk_close(b, FUZZ_IV + ike_build_sk_plain_len(b), &l) < 0)
		exit(1);
	memset(b->buf + l.aad_len, 0x17, l.iv_len);
}

int
main(int argc, char **argv)
{
	static uint8_t buf[SCRATCH_MAX];
	struct ike_hdr h = { .spi_i = 0x0102030405060708, .exchange = IKE_EXCH_IKE_SA_INIT,
	    .flags = IKE_FLAG_I };
	struct ike_notify natd_s = { 0, 0, 0, IKE_N_NAT_DETECTION_SOURCE_IP, bytes, 20 };
	struct ike_notify natd_d = { 0, 0, 0, IKE_N_NAT_DETECTION_DESTINATION_IP, bytes + 20, 20 };
	struct ike_notify frag = { 0, 0, 0, IKE_N_FRAGMENTATION_SUPPORTED, NULL, 0 };
	struct ike_notify cookie = { 0, 0, 0, IKE_N_COOKIE, bytes, 32 };
	struct ike_notify contact = { 0, 0, 0, IKE_N_INITIAL_CONTACT, NULL, 0 };
	struct ike_notify rekey = { IKE_PROTO_ESP, 4, 0xc0ffee01, IKE_N_REKEY_SA, NULL, 0 };
	struct ike_ke ke = { 19, bytes, 64 };
	struct ike_id id = { IKE_ID_FQDN, (const uint8_t *)"gw1.example.net", 15 };
	struct ike_auth auth = { IKE_AUTH_SHARED_KEY, bytes, 32 };
	static const uint32_t spis[] = { 0xc0ffee01, 0xc0ffee02 };
	struct ike_build b;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_ike_msg DIR\n");
		return 2;
	}
	/* IKE_SA_INIT request and response */
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sa(&b, ike_props, 2);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, bytes, 32);
	ike_build_notify(&b, &natd_s);
	ike_build_notify(&b, &natd_d);
	ike_build_notify(&b, &frag);
	ike_build_vendor(&b, bytes, 16);
	save(argv[1], "init_request", &b);
	h.spi_r = 0x1112131415161718;
	h.flags = IKE_FLAG_R;
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sa(&b, &ike_props[1], 1);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, bytes + 32, 32);
	ike_build_notify(&b, &natd_s);
	ike_build_notify(&b, &natd_d);
	save(argv[1], "init_response", &b);
	/* a cookie asked for */
	h.spi_r = 0;
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_notify(&b, &cookie);
	save(argv[1], "init_cookie", &b);
	/* IKE_AUTH request */
	h.spi_r = 0x1112131415161718;
	h.exchange = IKE_EXCH_IKE_AUTH;
	h.flags = IKE_FLAG_I;
	h.msgid = 1;
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sk_open(&b, FUZZ_IV);
	ike_build_id(&b, IKE_PL_IDI, &id);
	ike_build_notify(&b, &contact);
	ike_build_auth(&b, &auth);
	ike_build_payload(&b, IKE_PL_CP, false, "\x01\x00\x00\x00\x00\x01\x00\x00", 8);
	ike_build_sa(&b, &esp_prop, 1);
	ike_build_ts(&b, IKE_PL_TSI, &ts_local, 1);
	ike_build_ts(&b, IKE_PL_TSR, &ts_remote, 1);
	seal(&b);
	save(argv[1], "auth_request", &b);
	/* CREATE_CHILD_SA rekeying a CHILD_SA */
	h.exchange = IKE_EXCH_CREATE_CHILD_SA;
	h.msgid = 2;
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sk_open(&b, FUZZ_IV);
	ike_build_notify(&b, &rekey);
	ike_build_sa(&b, &esp_prop, 1);
	ike_build_nonce(&b, bytes, 32);
	ike_build_ke(&b, &ke);
	ike_build_ts(&b, IKE_PL_TSI, &ts_local, 1);
	ike_build_ts(&b, IKE_PL_TSR, &ts_remote, 1);
	seal(&b);
	save(argv[1], "create_child_sa", &b);
	/* INFORMATIONAL: deletes, and an empty one (liveness) */
	h.exchange = IKE_EXCH_INFORMATIONAL;
	h.msgid = 3;
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sk_open(&b, FUZZ_IV);
	ike_build_delete(&b, IKE_PROTO_ESP, spis, 2);
	ike_build_delete(&b, IKE_PROTO_IKE, NULL, 0);
	seal(&b);
	save(argv[1], "informational_delete", &b);
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sk_open(&b, FUZZ_IV);
	seal(&b);
	save(argv[1], "informational_empty", &b);
	return 0;
}

#endif
