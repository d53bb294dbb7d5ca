/* SPDX-License-Identifier: GPL-3.0-or-later */
/* esp - ESP tunnel mode on buffers; see esp.h. */
#include "esp.h"

#include <arpa/inet.h>
#include <string.h>

#include "engine/pkt.h"

#define IPPROTO_ESP_	50
#define ECN_MASK	0x03
#define ECN_CE		0x03

/* The alignment an SA's payload is padded to: its block, at least 4 bytes
 * (RFC 4303 §2.4: pad length and next header end a 4-byte word). */
static size_t
pad_align(const struct ipsec_sa *sa)
{
	return sa->info->block_size > 4 ? sa->info->block_size : 4;
}

/* The outer headers before the ESP payload: IPv4, UDP, ESP header, IV. */
static size_t
head_len(const struct ipsec_sa *sa)
{
	return ESP_OUTER_IP + (sa->encap_dport ? ESP_UDP_LEN : 0) + ESP_HDR_LEN +
	    sa->info->iv_len;
}

size_t
esp_outer_len(const struct ipsec_sa *sa, size_t len)
{
	size_t a = pad_align(sa);

	return head_len(sa) + (len + 2 + a - 1) / a * a + sa->info->icv_len;
}

uint16_t
esp_tunnel_mtu(const struct ipsec_sa *sa, uint16_t mtu)
{
	size_t fixed = head_len(sa) + sa->info->icv_len, a = pad_align(sa), room;

	if (mtu < fixed + a)
		return 0;
	room = (mtu - fixed) / a * a;	/* the payload with its trailer */
	return (uint16_t)(room - 2);
}

static void
put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

/* The outer IPv4 header (and UDP header) of an outer packet of tot bytes. */
static size_t
put_outer(const struct ipsec_sa *sa, uint8_t tos, uint16_t ip_id, size_t tot,
    uint8_t *out)
{
	struct ip_hdr ip;
	uint16_t udp[4];

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.tos = tos;
	ip.len = htons((uint16_t)tot);
	ip.id = ip_id;
	ip.off = 0;		/* DF clear: see esp.h */
	ip.ttl = 64;
	ip.proto = sa->encap_dport ? IPPROTO_UDP_ : IPPROTO_ESP_;
	ip.src = htonl(sa->local);
	ip.dst = htonl(sa->peer);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memcpy(out, &ip, sizeof(ip));
	if (sa->encap_dport == 0)
		return sizeof(ip);
	udp[0] = htons(sa->encap_sport);
	udp[1] = htons(sa->encap_dport);
	udp[2] = htons((uint16_t)(tot - sizeof(ip)));
	udp[3] = 0;		/* RFC 3948 §2.1 */
	memcpy(out + sizeof(ip), udp, sizeof(udp));
	return sizeof(ip) + sizeof(udp);
}

enum ipsec_drop
esp_encap(struct ipsec_sa *sa, const uint8_t *inner, size_t len, uint16_t ip_id,
    uint64_t now_ms, uint8_t *out, size_t cap)
{
	const struct esp_alg_info *ai = sa->info;
	size_t tot = esp_outer_len(sa, len), a = pad_align(sa), data_len, pad, i;
	uint8_t *esp, *iv, *data;

	if (tot > cap || tot > UINT16_MAX || len < sizeof(struct ip_hdr)) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_TOO_BIG;
	}
	if (!ipsec_sa_usable(sa, now_ms)) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_EXPIRED;
	}
	/* stage 1: the layout, the sequence number, the plaintext */
	esp = out + put_outer(sa, ((const struct ip_hdr *)(const void *)inner)->tos,
	    ip_id, tot, out);
	iv = esp + ESP_HDR_LEN;
	data = iv + ai->iv_len;
	data_len = (len + 2 + a - 1) / a * a;
	pad = data_len - 2 - len;
	sa->seq++;		/* usable: at most seq_max */
	put32(esp, sa->spi);
	put32(esp + 4, (uint32_t)sa->seq);
	memcpy(data, inner, len);
	for (i = 0; i < pad; i++)
		data[len + i] = (uint8_t)(i + 1);
	data[data_len - 2] = (uint8_t)pad;
	data[data_len - 1] = ESP_NH_IPV4;
	/* stage 2: the transform */
	if (esp_xform_seal(sa->xf, esp, (uint32_t)(sa->seq >> 32), sa->esn, iv, data,
	    data_len, data + data_len) != 0) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_CRYPTO;
	}
	ipsec_sa_count(sa, len);
	return IPSEC_PASS;
}

/* The checks before the transform: lengths, SA, lifetime, replay. On
 * IPSEC_PASS, *seq is the packet's full sequence number. */
static enum ipsec_drop
decap_check(struct ipsec_sadb *db, const uint8_t *esp, size_t len, uint64_t now_ms,
    struct esp_in *in, uint64_t *seq)
{
	const struct esp_alg_info *ai;
	struct ipsec_sa *sa;
	size_t data_len;

	if (len < ESP_HDR_LEN)
		return IPSEC_DROP_ESP_TRUNCATED;
	if ((in->sa = sa = sadb_find_in(db, get32(esp))) == NULL)
		return IPSEC_DROP_ESP_UNKNOWN_SPI;
	ai = sa->info;
	if (len < (size_t)ESP_HDR_LEN + ai->iv_len + ai->block_size + ai->icv_len) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_TRUNCATED;
	}
	data_len = len - ESP_HDR_LEN - ai->iv_len - ai->icv_len;
	if (data_len % ai->block_size != 0 || data_len % 4 != 0) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_BLOCKS;
	}
	if (!ipsec_sa_usable(sa, now_ms)) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_EXPIRED;
	}
	switch (replay_check(sa->replay, get32(esp + 4), sa->esn, seq)) {
	case REPLAY_NEW:
		return IPSEC_PASS;
	case REPLAY_DUPLICATE:
		sa->replay_drops++;
		return IPSEC_DROP_ESP_REPLAYED;
	case REPLAY_TOO_OLD:
		break;
	}
	sa->replay_drops++;
	return IPSEC_DROP_ESP_TOO_OLD;
}

/* The inner IPv4 packet at p, n bytes at most: its total length, or 0 if
 * its header is not sane (as the engine checks packets off the wire). */
static size_t
inner_length(const uint8_t *p, size_t n)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)p;
	size_t hl, tot;

	if (n < sizeof(*ip) || ip->vhl >> 4 != 4)
		return 0;
	hl = ip_hlen(ip);
	if (hl < sizeof(*ip) || hl > n || pkt_cksum(ip, hl) != 0)
		return 0;
	tot = ntohs(ip->len);
	return tot >= hl && tot <= n ? tot : 0;
}

/* RFC 6040 §4.2: a CE mark on the outer header reaches an ECN-capable
 * inner packet (its header checksum updated, RFC 1624). */
static void
ecn_decap(uint8_t outer_tos, uint8_t *inner)
{
	struct ip_hdr *ip = (struct ip_hdr *)(void *)inner;
	uint32_t sum;
	uint16_t old;

	if ((outer_tos & ECN_MASK) != ECN_CE || (ip->tos & ECN_MASK) == 0 ||
	    (ip->tos & ECN_MASK) == ECN_CE)
		return;
	old = htons((uint16_t)(ip->vhl << 8 | ip->tos));
	ip->tos |= ECN_CE;
	sum = (uint16_t)~ip->sum;
	sum += (uint16_t)~old;
	sum += htons((uint16_t)(ip->vhl << 8 | ip->tos));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip->sum = (uint16_t)~sum;
}

/* The checks after the transform: padding, next header, inner packet
 * (the window has moved already; the caller counts what it accepts). */
static enum ipsec_drop
decap_finish(struct ipsec_sa *sa, uint8_t *data, size_t data_len,
    uint8_t outer_tos, struct esp_in *in)
{
	size_t pad = data[data_len - 2], payload, i, tot;
	uint8_t nh = data[data_len - 1];

	if (pad + 2 > data_len)
		goto bad_padding;
	payload = data_len - 2 - pad;
	for (i = 0; i < pad; i++)
		if (data[payload + i] != (uint8_t)(i + 1))
			goto bad_padding;
	if (nh == ESP_NH_DUMMY)		/* authentic traffic-flow padding */
		return IPSEC_DROP_ESP_DUMMY;
	if (nh != ESP_NH_IPV4) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_NEXT_HEADER;
	}
	if ((tot = inner_length(data, payload)) == 0) {
		sa->other_drops++;
		return IPSEC_DROP_ESP_INNER;
	}
	ecn_decap(outer_tos, data);
	in->inner_len = tot;
	return IPSEC_PASS;
bad_padding:
	sa->other_drops++;
	return IPSEC_DROP_ESP_PADDING;
}

enum ipsec_drop
esp_decap(struct ipsec_sadb *db, uint8_t *esp, size_t len, uint8_t outer_tos,
    uint64_t now_ms, struct esp_in *in)
{
	const struct esp_alg_info *ai;
	enum ipsec_drop why;
	uint8_t *iv, *data;
	size_t data_len;
	uint64_t seq;

	in->sa = NULL;
	in->inner_off = in->inner_len = 0;
	if ((why = decap_check(db, esp, len, now_ms, in, &seq)) != IPSEC_PASS)
		return why;
	ai = in->sa->info;
	iv = esp + ESP_HDR_LEN;
	data = iv + ai->iv_len;
	data_len = len - ESP_HDR_LEN - ai->iv_len - ai->icv_len;
	/* the transform: the ICV first, and only then the plaintext */
	if (esp_xform_open(in->sa->xf, esp, (uint32_t)(seq >> 32), in->sa->esn, iv,
	    data, data_len, data + data_len) != 0) {
		in->sa->auth_failures++;
		return IPSEC_DROP_ESP_ICV;
	}
	/* RFC 4303 3.4.3: the window moves once the ICV verifies, whatever
	 * the checks of the plaintext below find: its number is used up */
	replay_advance(in->sa->replay, seq);
	in->inner_off = (size_t)(data - esp);
	return decap_finish(in->sa, data, data_len, outer_tos, in);
}
