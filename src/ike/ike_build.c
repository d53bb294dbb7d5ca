/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_build - IKEv2 messages written into a caller's buffer (see
 * ike_build.h). Every byte goes through room(), the one place that checks
 * the capacity; a length is patched in once its payload or substructure
 * is complete.
 */
#include <string.h>

#include "ike/ike_build.h"
#include "ike/ike_bytes.h"

#define IKE_LEN_AT	24	/* the header's length field */

/* n more bytes at the end, or NULL when they do not fit (or the builder
 * already failed): then it fails for good. */
static uint8_t *
room(struct ike_build *b, size_t n)
{
	uint8_t *p;

	if (b->failed)
		return NULL;
	if (n > b->cap - b->len) {
		b->failed = true;
		return NULL;
	}
	p = b->buf + b->len;
	b->len += n;
	return p;
}

/* v as n big-endian bytes (n <= 8) */
static void
put(struct ike_build *b, uint64_t v, size_t n)
{
	uint8_t *p = room(b, n);

	if (p != NULL)
		ike_wrn(p, v, n);
}

static void
put_bytes(struct ike_build *b, const void *data, size_t n)
{
	uint8_t *p = room(b, n);

	if (p != NULL && n > 0)
		memcpy(p, data, n);
}

/* The 16-bit length field every IKE substructure keeps at offset 2 of its
 * header, set to the bytes from its start, from, to the end. */
static void
patch_len(struct ike_build *b, size_t from)
{
	size_t len = b->len - from;

	if (b->failed)
		return;
	if (len > 0xffff) {
		b->failed = true;
		return;
	}
	ike_wrn(b->buf + from + 2, len, 2);
}

/* A payload's generic header, chained to the one before; returns where it
 * starts, for patch_len. */
static size_t
pl_open(struct ike_build *b, uint8_t type, bool critical)
{
	size_t at = b->len;

	if (b->state == IKE_BUILD_SK_CLOSED)
		b->failed = true;	/* §3.14: nothing follows the SK payload */
	put(b, IKE_PL_NONE, 1);
	put(b, critical ? IKE_CRITICAL : 0, 1);
	put(b, 0, 2);
	if (!b->failed) {
		b->buf[b->next_at] = type;
		b->next_at = at;
	}
	return at;
}

void
ike_build_init(struct ike_build *b, uint8_t *buf, size_t cap, const struct ike_hdr *h)
{
	memset(b, 0, sizeof(*b));
	b->buf = buf;
	b->cap = cap;
	b->state = IKE_BUILD_PLAIN;
	b->next_at = 16;		/* the header's Next Payload */
	put(b, h->spi_i, IKE_SPI_LEN);
	put(b, h->spi_r, IKE_SPI_LEN);
	put(b, IKE_PL_NONE, 1);
	put(b, IKE_VERSION_MAJOR << 4, 1);
	put(b, h->exchange, 1);
	put(b, h->flags, 1);
	put(b, h->msgid, 4);
	put(b, 0, 4);			/* the length: at the end */
}

void
ike_build_payload(struct ike_build *b, uint8_t type, bool critical, const void *body, size_t len)
{
	size_t at = pl_open(b, type, critical);

	put_bytes(b, body, len);
	patch_len(b, at);
}

/* §3.3.1: SPIs of 0, 4 or 8 bytes; anything else fails the builder. */
static void
put_spi(struct ike_build *b, uint64_t spi, uint8_t size)
{
	if (size != 0 && size != IKE_CHILD_SPI_LEN && size != IKE_SPI_LEN)
		b->failed = true;
	put(b, spi, size);
}

static void
put_proposal(struct ike_build *b, const struct ike_proposal *p, bool last)
{
	size_t at = b->len;

	if (p->ntransforms > IKE_TRANSFORMS_MAX)
		b->failed = true;	/* beyond the struct's array */
	put(b, last ? IKE_SUB_LAST : IKE_SUB_MORE_PROPOSALS, 1);
	put(b, 0, 1);
	put(b, 0, 2);			/* the length: below */
	put(b, p->num, 1);
	put(b, p->protocol, 1);
	put(b, p->spi_size, 1);
	put(b, p->ntransforms, 1);
	put_spi(b, p->spi, p->spi_size);
	for (size_t i = 0; i < p->ntransforms && !b->failed; i++) {
		const struct ike_transform *xf = &p->xf[i];
		size_t xat = b->len;

		put(b, i + 1 == p->ntransforms ? IKE_SUB_LAST : IKE_SUB_MORE_TRANSFORMS, 1);
		put(b, 0, 1);
		put(b, 0, 2);
		put(b, xf->type, 1);
		put(b, 0, 1);
		put(b, xf->id, 2);
		if (xf->key_bits != 0) {
			put(b, IKE_ATTR_TV | IKE_ATTR_KEY_LENGTH, 2);
			put(b, xf->key_bits, 2);
		}
		patch_len(b, xat);
	}
	patch_len(b, at);
}

void
ike_build_sa(struct ike_build *b, const struct ike_proposal *prop, size_t n)
{
	size_t at = pl_open(b, IKE_PL_SA, false);

	for (size_t i = 0; i < n && !b->failed; i++)
		put_proposal(b, &prop[i], i + 1 == n);
	patch_len(b, at);
}

void
ike_build_ke(struct ike_build *b, const struct ike_ke *ke)
{
	size_t at = pl_open(b, IKE_PL_KE, false);

	put(b, ke->group, 2);
	put(b, 0, 2);
	put_bytes(b, ke->data, ke->len);
	patch_len(b, at);
}

/* ID and AUTH: a type byte, 3 reserved, the data (§3.5, §3.8) */
static void
put_typed(struct ike_build *b, uint8_t pl_type, uint8_t type, const uint8_t *data, size_t len)
{
	size_t at = pl_open(b, pl_type, false);

	put(b, type, 1);
	put(b, 0, 3);
	put_bytes(b, data, len);
	patch_len(b, at);
}

void
ike_build_id(struct ike_build *b, uint8_t type, const struct ike_id *id)
{
	put_typed(b, type, id->type, id->data, id->len);
}

void
ike_build_auth(struct ike_build *b, const struct ike_auth *auth)
{
	put_typed(b, IKE_PL_AUTH, auth->method, auth->data, auth->len);
}

void
ike_build_notify(struct ike_build *b, const struct ike_notify *n)
{
	size_t at = pl_open(b, IKE_PL_NOTIFY, false);

	put(b, n->protocol, 1);
	put(b, n->spi_size, 1);
	put(b, n->type, 2);
	put_spi(b, n->spi, n->spi_size);
	put_bytes(b, n->data, n->len);
	patch_len(b, at);
}

void
ike_build_delete(struct ike_build *b, uint8_t protocol, const uint32_t *spi, size_t n)
{
	size_t at = pl_open(b, IKE_PL_DELETE, false);
	bool ike = protocol == IKE_PROTO_IKE;

	if ((ike && n != 0) || n > 0xffff)
		b->failed = true;	/* §3.11: an IKE SA is deleted without SPI */
	put(b, protocol, 1);
	put(b, ike ? 0 : IKE_CHILD_SPI_LEN, 1);
	put(b, n, 2);
	for (size_t i = 0; i < n && !b->failed; i++)
		put(b, spi[i], IKE_CHILD_SPI_LEN);
	patch_len(b, at);
}

void
ike_build_ts(struct ike_build *b, uint8_t type, const struct ike_ts *ts, size_t n)
{
	size_t at = pl_open(b, type, false);

	if (n > 0xff)
		b->failed = true;	/* the count is one byte */
	put(b, n, 1);
	put(b, 0, 3);
	for (size_t i = 0; i < n && !b->failed; i++) {
		put(b, IKE_TS_IPV4_ADDR_RANGE, 1);
		put(b, ts[i].proto, 1);
		put(b, IKE_TS_IPV4_LEN, 2);
		put(b, ts[i].port_lo, 2);
		put(b, ts[i].port_hi, 2);
		put(b, ts[i].addr_lo, 4);
		put(b, ts[i].addr_hi, 4);
	}
	patch_len(b, at);
}

void
ike_build_sk_open(struct ike_build *b, size_t iv_len)
{
	if (b->state != IKE_BUILD_PLAIN)
		b->failed = true;
	b->sk_at = pl_open(b, IKE_PL_SK, false);
	/* pl_open made the SK's own Next Payload the one the first inner
	 * payload fills */
	b->iv_len = iv_len;
	room(b, iv_len);
	if (!b->failed)
		b->state = IKE_BUILD_SK_OPEN;
}

size_t
ike_build_sk_plain_len(const struct ike_build *b)
{
	if (b->state != IKE_BUILD_SK_OPEN || b->failed)
		return 0;
	return b->len - (b->sk_at + IKE_PL_HDR_LEN + b->iv_len);
}

int
ike_build_sk_close(struct ike_build *b, size_t sealed_len, struct ike_sk_layout *out)
{
	size_t aad_len = b->sk_at + IKE_PL_HDR_LEN;
	size_t pt_len = ike_build_sk_plain_len(b);

	if (b->state != IKE_BUILD_SK_OPEN || sealed_len < b->iv_len + pt_len ||
	    sealed_len > b->cap - aad_len || sealed_len > 0xffff - IKE_PL_HDR_LEN)
		b->failed = true;
	if (b->failed)
		return -1;
	b->len = aad_len + sealed_len;
	b->state = IKE_BUILD_SK_CLOSED;
	ike_wrn(b->buf + b->sk_at + 2, IKE_PL_HDR_LEN + sealed_len, 2);
	ike_wrn(b->buf + IKE_LEN_AT, b->len, 4);
	out->aad_len = aad_len;
	out->iv_len = b->iv_len;
	out->pt_len = pt_len;
	out->total_len = b->len;
	return 0;
}

int
ike_build_finish(struct ike_build *b, size_t *len)
{
	if (b->state == IKE_BUILD_SK_OPEN)
		b->failed = true;
	if (b->failed)
		return -1;
	ike_wrn(b->buf + IKE_LEN_AT, b->len, 4);
	*len = b->len;
	return 0;
}
