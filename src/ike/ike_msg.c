/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_msg - IKEv2 messages read from the wire (see ike_msg.h). Each
 * function checks a length before it reads what the length covers, in the
 * order the bytes come; a reason names the payload and the check.
 */
#include <string.h>

#include "ike/ike_bytes.h"
#include "ike/ike_msg.h"

#define STR_(x)	#x
#define STR(x)	STR_(x)	/* a limit's value, inside a reason */

static int
refuse(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

int
ike_hdr_parse(const uint8_t *msg, size_t len, struct ike_hdr *h, const char **why)
{
	if (len < IKE_HDR_LEN)
		return refuse(why, "IKE header: truncated");
	if (len > IKE_MSG_MAX)
		return refuse(why, "IKE message: longer than " STR(IKE_MSG_MAX) " bytes");
	h->spi_i = ike_rdn(msg, IKE_SPI_LEN);
	h->spi_r = ike_rdn(msg + 8, IKE_SPI_LEN);
	h->next = msg[16];
	h->major = msg[17] >> 4;
	h->minor = msg[17] & 0x0f;
	h->exchange = msg[18];
	h->flags = msg[19];
	h->msgid = ike_rd32(msg + 20);
	h->length = ike_rd32(msg + 24);
	if (h->length != len)
		return refuse(why, "IKE header: length field differs from the datagram's");
	if (h->major > IKE_VERSION_MAJOR) {
		*why = "IKE header: major version above 2";
		return IKE_HDR_MAJOR_ABOVE;
	}
	if (h->major < IKE_VERSION_MAJOR)
		return refuse(why, "IKE header: major version below 2 (IKEv1)");
	return 0;
}

int
ike_chain_parse(uint8_t first, const uint8_t *p, size_t len, enum ike_chain_kind kind,
    struct ike_chain *c, const char **why)
{
	size_t off = 0, notifies = 0;
	uint8_t type = first;

	c->n = 0;
	while (type != IKE_PL_NONE) {
		struct ike_payload *pl;
		size_t plen;

		if (c->n == IKE_PAYLOADS_MAX)
			return refuse(why, "payload chain: more than " STR(IKE_PAYLOADS_MAX) " payloads");
		if (len - off < IKE_PL_HDR_LEN)
			return refuse(why, "payload chain: generic header beyond the message");
		plen = ike_rd16(p + off + 2);
		if (plen < IKE_PL_HDR_LEN)
			return refuse(why, "payload chain: payload length below 4");
		if (plen > len - off)
			return refuse(why, "payload chain: payload length beyond the message");
		pl = &c->pl[c->n++];
		pl->type = type;
		pl->next = p[off];
		pl->critical = (p[off + 1] & IKE_CRITICAL) != 0;
		pl->body = p + off + IKE_PL_HDR_LEN;
		pl->len = plen - IKE_PL_HDR_LEN;
		off += plen;
		if (type == IKE_PL_NOTIFY && ++notifies > IKE_NOTIFIES_MAX)
			return refuse(why, "payload chain: more than " STR(IKE_NOTIFIES_MAX) " notifies");
		if (type == IKE_PL_SK || type == IKE_PL_SKF) {
			/* its next payload names the first inner one */
			if (kind == IKE_CHAIN_INNER)
				return refuse(why, "payload chain: encrypted payload inside an encrypted payload");
			if (off != len)
				return refuse(why, "payload chain: encrypted payload not the last (RFC 7296 3.14)");
			return 0;
		}
		type = pl->next;
	}
	if (off != len)
		return refuse(why, "payload chain: bytes after the last payload");
	return 0;
}

int
ike_msg_parse(const uint8_t *msg, size_t len, struct ike_hdr *h, struct ike_chain *c,
    const char **why)
{
	int rc = ike_hdr_parse(msg, len, h, why);

	c->n = 0;
	if (rc != 0)
		return rc;
	return ike_chain_parse(h->next, msg + IKE_HDR_LEN, len - IKE_HDR_LEN, IKE_CHAIN_OUTER, c, why);
}

const struct ike_payload *
ike_chain_find(const struct ike_chain *c, uint8_t type)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->pl[i].type == type)
			return &c->pl[i];
	return NULL;
}

/* §3.3.5 a transform's attributes, a[len]: Key Length (TV) once, others
 * mark the transform. */
static int
attrs_decode(const uint8_t *a, size_t len, struct ike_transform *xf, const char **why)
{
	size_t n = 0;
	bool key_len = false;

	while (len > 0) {
		uint16_t type, val;
		size_t size = 4;

		if (++n > IKE_ATTRS_MAX)
			return refuse(why, "SA payload: more than " STR(IKE_ATTRS_MAX) " attributes in a transform");
		if (len < 4)
			return refuse(why, "SA payload: attribute beyond its transform");
		type = ike_rd16(a);
		val = ike_rd16(a + 2);
		if (!(type & IKE_ATTR_TV)) {
			if (val > len - 4)
				return refuse(why, "SA payload: attribute length beyond its transform");
			size += val;
		}
		if ((type & ~IKE_ATTR_TV) == IKE_ATTR_KEY_LENGTH) {
			if (!(type & IKE_ATTR_TV))
				return refuse(why, "SA payload: Key Length attribute not in TV format");
			if (key_len)
				return refuse(why, "SA payload: Key Length attribute twice in a transform");
			key_len = true;
			xf->key_bits = val;
		} else {
			xf->unknown_attr = true;
		}
		a += size;
		len -= size;
	}
	return 0;
}

/* §3.3.2 a proposal's n transforms, exactly filling t[len]. */
static int
transforms_decode(const uint8_t *t, size_t len, struct ike_proposal *prop, size_t n,
    const char **why)
{
	for (size_t i = 0; i < n; i++) {
		struct ike_transform *xf = &prop->xf[i];
		uint8_t last = i + 1 == n ? IKE_SUB_LAST : IKE_SUB_MORE_TRANSFORMS;
		size_t tlen;

		if (len < 8)
			return refuse(why, "SA payload: transform header beyond its proposal");
		tlen = ike_rd16(t + 2);
		if (t[0] != last)
			return refuse(why, "SA payload: transform's last-substructure disagrees with the transform count");
		if (tlen < 8)
			return refuse(why, "SA payload: transform length below 8");
		if (tlen > len)
			return refuse(why, "SA payload: transform length beyond its proposal");
		xf->type = t[4];
		xf->id = ike_rd16(t + 6);
		xf->key_bits = 0;
		xf->unknown_attr = false;
		if (attrs_decode(t + 8, tlen - 8, xf, why) < 0)
			return -1;
		t += tlen;
		len -= tlen;
	}
	if (len != 0)
		return refuse(why, "SA payload: bytes after a proposal's last transform");
	prop->ntransforms = (uint8_t)n;
	return 0;
}

/* The SPI size a proposal of this protocol may carry (§3.3.1): IKE's none
 * in IKE_SA_INIT, 8 when an IKE SA is rekeyed; AH and ESP 4. */
static bool
spi_size_ok(uint8_t protocol, uint8_t size)
{
	if (protocol == IKE_PROTO_IKE)
		return size == 0 || size == IKE_SPI_LEN;
	return size == IKE_CHILD_SPI_LEN;
}

static bool
protocol_known(uint8_t protocol)
{
	return protocol == IKE_PROTO_IKE || protocol == IKE_PROTO_AH || protocol == IKE_PROTO_ESP;
}

int
ike_sa_decode(const uint8_t *body, size_t len, struct ike_sa_pl *sa, const char **why)
{
	uint8_t last = IKE_SUB_MORE_PROPOSALS;

	sa->n = 0;
	while (last != IKE_SUB_LAST) {
		struct ike_proposal *prop;
		const uint8_t *q = body;
		size_t plen;

		if (sa->n == IKE_PROPOSALS_MAX)
			return refuse(why, "SA payload: more than " STR(IKE_PROPOSALS_MAX) " proposals");
		if (len < 8)
			return refuse(why, "SA payload: proposal header beyond payload");
		last = q[0];
		plen = ike_rd16(q + 2);
		if (last != IKE_SUB_LAST && last != IKE_SUB_MORE_PROPOSALS)
			return refuse(why, "SA payload: proposal's last-substructure neither 0 nor 2");
		if (plen > len)
			return refuse(why, "SA payload: proposal length beyond payload");
		prop = &sa->prop[sa->n];
		prop->num = q[4];
		prop->protocol = q[5];
		prop->spi_size = q[6];
		if (prop->num == 0)
			return refuse(why, "SA payload: proposal number 0");
		if (sa->n > 0 && (sa->prop[0].num != 1 || prop->num != sa->prop[sa->n - 1].num + 1))
			return refuse(why, "SA payload: proposals not numbered 1, 2, 3 ...");
		if (!protocol_known(prop->protocol))
			return refuse(why, "SA payload: proposal of an unknown protocol");
		if (!spi_size_ok(prop->protocol, prop->spi_size))
			return refuse(why, "SA payload: SPI size does not fit the proposal's protocol");
		if (plen < 8u + prop->spi_size)
			return refuse(why, "SA payload: proposal length short of its header and SPI");
		if (q[7] == 0)
			return refuse(why, "SA payload: proposal without transforms");
		if (q[7] > IKE_TRANSFORMS_MAX)
			return refuse(why, "SA payload: more than " STR(IKE_TRANSFORMS_MAX) " transforms in a proposal");
		prop->spi = ike_rdn(q + 8, prop->spi_size);
		if (transforms_decode(q + 8 + prop->spi_size, plen - 8 - prop->spi_size, prop, q[7],
		    why) < 0)
			return -1;
		sa->n++;
		body += plen;
		len -= plen;
	}
	if (len != 0)
		return refuse(why, "SA payload: bytes after the last proposal");
	return 0;
}

/* KE, ID and AUTH bodies: a 4-byte header (a number, reserved bytes), then
 * 1 .. max bytes of data; none and too_long are their reasons. */
static int
data_after_header(const uint8_t *body, size_t len, size_t max, const char *none,
    const char *too_long, const uint8_t **data, size_t *data_len, const char **why)
{
	if (len <= 4)
		return refuse(why, none);
	if (len - 4 > max)
		return refuse(why, too_long);
	*data = body + 4;
	*data_len = len - 4;
	return 0;
}

int
ike_ke_decode(const uint8_t *body, size_t len, struct ike_ke *ke, const char **why)
{
	if (data_after_header(body, len, IKE_KE_MAX, "KE payload: no key exchange data",
	    "KE payload: data longer than " STR(IKE_KE_MAX) " bytes", &ke->data, &ke->len, why) < 0)
		return -1;
	ke->group = ike_rd16(body);
	return 0;
}

int
ike_nonce_decode(const uint8_t *body, size_t len, struct ike_blob *nonce, const char **why)
{
	if (len < IKE_NONCE_MIN || len > IKE_NONCE_MAX)
		return refuse(why, "Nonce payload: not " STR(IKE_NONCE_MIN) " to " STR(IKE_NONCE_MAX) " bytes");
	nonce->data = body;
	nonce->len = len;
	return 0;
}

int
ike_id_decode(const uint8_t *body, size_t len, struct ike_id *id, const char **why)
{
	if (data_after_header(body, len, IKE_ID_MAX, "ID payload: no identification data",
	    "ID payload: data longer than " STR(IKE_ID_MAX) " bytes", &id->data, &id->len, why) < 0)
		return -1;
	id->type = body[0];
	if (id->type == IKE_ID_IPV4_ADDR && id->len != 4)
		return refuse(why, "ID payload: ID_IPV4_ADDR not 4 bytes");
	if (id->type == IKE_ID_IPV6_ADDR && id->len != 16)
		return refuse(why, "ID payload: ID_IPV6_ADDR not 16 bytes");
	return 0;
}

int
ike_auth_decode(const uint8_t *body, size_t len, struct ike_auth *auth, const char **why)
{
	if (data_after_header(body, len, IKE_AUTH_MAX, "AUTH payload: no authentication data",
	    "AUTH payload: data longer than " STR(IKE_AUTH_MAX) " bytes", &auth->data, &auth->len,
	    why) < 0)
		return -1;
	auth->method = body[0];
	return 0;
}

int
ike_notify_decode(const uint8_t *body, size_t len, struct ike_notify *n, const char **why)
{
	if (len < 4)
		return refuse(why, "Notify payload: shorter than its 4-byte header");
	n->protocol = body[0];
	n->spi_size = body[1];
	n->type = ike_rd16(body + 2);
	if (n->spi_size != 0) {
		bool child = n->protocol == IKE_PROTO_AH || n->protocol == IKE_PROTO_ESP;

		if (n->spi_size != (child ? IKE_CHILD_SPI_LEN : IKE_SPI_LEN))
			return refuse(why, "Notify payload: SPI size does not fit the protocol");
	}
	if (len - 4 < n->spi_size)
		return refuse(why, "Notify payload: SPI beyond payload");
	n->spi = ike_rdn(body + 4, n->spi_size);
	n->data = body + 4 + n->spi_size;
	n->len = len - 4 - n->spi_size;
	if (n->type == IKE_N_COOKIE && (n->len < IKE_COOKIE_MIN || n->len > IKE_COOKIE_MAX))
		return refuse(why, "Notify payload: COOKIE data not " STR(IKE_COOKIE_MIN) " to " STR(IKE_COOKIE_MAX) " bytes");
	return 0;
}

int
ike_delete_decode(const uint8_t *body, size_t len, struct ike_delete *d, const char **why)
{
	if (len < 4)
		return refuse(why, "Delete payload: shorter than its 4-byte header");
	d->protocol = body[0];
	d->spi_size = body[1];
	d->count = ike_rd16(body + 2);
	d->spis = body + 4;
	switch (d->protocol) {
	case IKE_PROTO_IKE:
		/* §3.11: the IKE SA is the one the header names */
		if (d->spi_size != 0 || d->count != 0)
			return refuse(why, "Delete payload: IKE SA deleted with SPIs");
		break;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		if (d->spi_size != IKE_CHILD_SPI_LEN)
			return refuse(why, "Delete payload: SPI size not 4 for AH or ESP");
		if (d->count == 0)
			return refuse(why, "Delete payload: no SPI for AH or ESP");
		if (d->count > IKE_DELETE_SPIS_MAX)
			return refuse(why, "Delete payload: more than " STR(IKE_DELETE_SPIS_MAX) " SPIs");
		break;
	default:
		return refuse(why, "Delete payload: unknown protocol");
	}
	if (len - 4 != (size_t)d->spi_size * d->count)
		return refuse(why, "Delete payload: length disagrees with its SPI count");
	return 0;
}

uint32_t
ike_delete_spi(const struct ike_delete *d, size_t i)
{
	return ike_rd32(d->spis + i * IKE_CHILD_SPI_LEN);
}

int
ike_ts_decode(const uint8_t *body, size_t len, struct ike_ts_list *ts, const char **why)
{
	size_t count, off = 4;

	ts->n = ts->n_ipv6 = 0;
	if (len < 4)
		return refuse(why, "TS payload: shorter than its 4-byte header");
	count = body[0];
	if (count == 0)
		return refuse(why, "TS payload: no traffic selector");
	if (count > IKE_TS_MAX)
		return refuse(why, "TS payload: more than " STR(IKE_TS_MAX) " traffic selectors");
	for (size_t i = 0; i < count; i++) {
		const uint8_t *q = body + off;
		uint16_t port_lo, port_hi;
		size_t slen;

		if (len - off < IKE_TS_HDR_LEN)
			return refuse(why, "TS payload: selector header beyond payload");
		slen = ike_rd16(q + 2);
		if (slen > len - off)
			return refuse(why, "TS payload: selector length beyond payload");
		port_lo = ike_rd16(q + 4);
		port_hi = ike_rd16(q + 6);
		/* §3.13.1: OPAQUE ports are 65535 .. 0 */
		if (port_lo > port_hi && !(port_lo == 0xffff && port_hi == 0))
			return refuse(why, "TS payload: start port above end port");
		switch (q[0]) {
		case IKE_TS_IPV4_ADDR_RANGE: {
			struct ike_ts *t = &ts->ts[ts->n];

			if (slen != IKE_TS_IPV4_LEN)
				return refuse(why, "TS payload: IPv4 selector length not 16");
			t->proto = q[1];
			t->port_lo = port_lo;
			t->port_hi = port_hi;
			t->addr_lo = ike_rd32(q + 8);
			t->addr_hi = ike_rd32(q + 12);
			if (t->addr_lo > t->addr_hi)
				return refuse(why, "TS payload: start address above end address");
			ts->n++;
			break;
		}
		case IKE_TS_IPV6_ADDR_RANGE:
			if (slen != IKE_TS_IPV6_LEN)
				return refuse(why, "TS payload: IPv6 selector length not 40");
			if (memcmp(q + 8, q + 24, 16) > 0)
				return refuse(why, "TS payload: start address above end address");
			ts->n_ipv6++;
			break;
		default:
			return refuse(why, "TS payload: selector neither an IPv4 nor an IPv6 range");
		}
		off += slen;
	}
	if (off != len)
		return refuse(why, "TS payload: bytes after the last selector");
	return 0;
}

int
ike_cp_decode(const uint8_t *body, size_t len, struct ike_cp *cp, const char **why)
{
	size_t off = 4;

	cp->n = 0;
	if (len < 4)
		return refuse(why, "CP payload: shorter than its 4-byte header");
	cp->type = body[0];
	while (off < len) {
		struct ike_cp_attr *a;

		if (cp->n == IKE_CP_ATTRS_MAX)
			return refuse(why, "CP payload: more than " STR(IKE_CP_ATTRS_MAX) " attributes");
		a = &cp->attr[cp->n];
		if (len - off < 4)
			return refuse(why, "CP payload: attribute header beyond payload");
		a->type = ike_rd16(body + off) & IKE_CFG_ATTR_TYPE_MASK;
		a->len = ike_rd16(body + off + 2);
		if (a->len > len - off - 4)
			return refuse(why, "CP payload: attribute length beyond payload");
		a->value = body + off + 4;
		off += 4 + (size_t)a->len;
		cp->n++;
	}
	return 0;
}

int
ike_payload_decode(const struct ike_payload *pl, union ike_body *out, const char **why)
{
	switch (pl->type) {
	case IKE_PL_SA:
		return ike_sa_decode(pl->body, pl->len, &out->sa, why);
	case IKE_PL_KE:
		return ike_ke_decode(pl->body, pl->len, &out->ke, why);
	case IKE_PL_NONCE:
		return ike_nonce_decode(pl->body, pl->len, &out->nonce, why);
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		return ike_id_decode(pl->body, pl->len, &out->id, why);
	case IKE_PL_AUTH:
		return ike_auth_decode(pl->body, pl->len, &out->auth, why);
	case IKE_PL_NOTIFY:
		return ike_notify_decode(pl->body, pl->len, &out->notify, why);
	case IKE_PL_DELETE:
		return ike_delete_decode(pl->body, pl->len, &out->del, why);
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		return ike_ts_decode(pl->body, pl->len, &out->ts, why);
	case IKE_PL_CP:
		return ike_cp_decode(pl->body, pl->len, &out->cp, why);
	}
	return IKE_NO_DECODER;
}
