/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * icmp - the ICMP the router speaks itself: echo replies (RFC 792), and
 * errors about packets it cannot deliver (RFC 1812 4.3.2), rate limited
 * by a token bucket so a flood of bad packets cannot make the router a
 * flood of errors.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define ICMP_ERR_MAX_IP	576	/* RFC 1812 4.3.2.3: the error fits 576 bytes */

bool
icmp_echo(struct engine *e, unsigned port, uint8_t *frame, size_t len)
{
	struct ip_hdr *ip = frame_ip(frame);
	size_t hl = ip_hlen(ip), iplen = len - ETH_HLEN_;
	struct icmp_hdr *ic = (struct icmp_hdr *)(void *)((uint8_t *)ip + hl);
	uint32_t a;

	(void)port;
	if (iplen < hl + sizeof(*ic) || ic->type != ICMP_ECHO || ic->code != 0 ||
	    pkt_cksum(ic, iplen - hl) != 0)
		return false;
	ic->type = ICMP_ECHOREPLY;
	ic->sum = 0;
	ic->sum = pkt_cksum(ic, iplen - hl);
	a = ip->src;
	ip->src = ip->dst;
	ip->dst = a;
	ip->ttl = 64;
	ip->off &= htons(IP_DF);
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, hl);
	e->stats.echo_replies++;
	ipv4_output(e, ENGINE_PORT_PUNT, frame, len, NULL, false);
	return true;
}

static bool
is_error_type(uint8_t type)
{
	return type != ICMP_ECHO && type != ICMP_ECHOREPLY &&
	    type != 13 && type != 14;	/* timestamp and its reply */
}

/* RFC 1812 4.3.2.7: the packets no error is ever sent about. */
static bool
may_answer(const struct ip_hdr *ip, size_t iplen)
{
	uint32_t src = ntohl(ip->src), dst = ntohl(ip->dst);
	size_t hl = ip_hlen(ip);
	const uint8_t *l4 = (const uint8_t *)ip + hl;

	if ((ntohs(ip->off) & IP_OFFMASK) != 0)
		return false;
	if (ip_martian(src) || ip_multicast(src) || ip_multicast(dst))
		return false;
	if (ip->proto == IPPROTO_ICMP_ && (iplen < hl + 1 || is_error_type(l4[0])))
		return false;
	return true;
}

static bool
take_token(struct engine *e)
{
	uint64_t add = (e->now_ms - e->icmp_refill_ms) * ENGINE_ICMP_RATE / 1000;

	if (add > 0) {
		e->icmp_tokens = (uint32_t)(e->icmp_tokens + add > ENGINE_ICMP_RATE ?
		    ENGINE_ICMP_RATE : e->icmp_tokens + add);
		e->icmp_refill_ms = e->now_ms;
	}
	if (e->icmp_tokens == 0) {
		e->stats.icmp_rate_limited++;
		return false;
	}
	e->icmp_tokens--;
	return true;
}

/* The source of an error: the address of the port the packet came in
 * on, else of the port the error leaves by, else none (0); the virtual
 * port's is its snapshot's choice (snapshot.h). */
static uint32_t
error_source(struct engine *e, unsigned in_port, uint32_t to)
{
	const struct snap_group *g;
	uint32_t src;

	if ((src = snapshot_port_source(e->snap, in_port)) != 0)
		return src;
	if ((g = snapshot_route(e->snap, to)) != NULL &&
	    (e->snap->nh[g->first].kind == NH_ONLINK ||
	    e->snap->nh[g->first].kind == NH_GATEWAY))
		return snapshot_port_source(e->snap, e->snap->nh[g->first].port);
	return 0;
}

void
icmp_error(struct engine *e, unsigned in_port, const uint8_t *frame,
    size_t len, uint8_t type, uint8_t code, uint16_t mtu)
{
	const struct ip_hdr *orig = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	size_t olen = len - ETH_HLEN_, quote;
	uint8_t *out = e->icmp_buf;
	struct ip_hdr *ip = frame_ip(out);
	struct icmp_hdr *ic = (struct icmp_hdr *)(void *)(ip + 1);
	uint32_t src;

	if (!may_answer(orig, olen))
		return;
	if ((src = error_source(e, in_port, ntohl(orig->src))) == 0 || !take_token(e))
		return;
	quote = ICMP_ERR_MAX_IP - sizeof(*ip) - sizeof(*ic);
	if (quote > olen)
		quote = olen;
	memset(out, 0, ETH_HLEN_ + sizeof(*ip) + sizeof(*ic));
	/* typed at once: a drop on the way is recorded as the IPv4 it is */
	((struct eth_hdr *)(void *)out)->type = htons(ETHTYPE_IPV4);
	memcpy(ic + 1, orig, quote);
	ic->type = type;
	ic->code = code;
	ic->seq = htons(mtu);
	ic->sum = pkt_cksum(ic, sizeof(*ic) + quote);
	ip->vhl = 0x45;
	ip->len = htons((uint16_t)(sizeof(*ip) + sizeof(*ic) + quote));
	ip->id = ipv4_next_id(e);
	ip->ttl = 64;
	ip->proto = IPPROTO_ICMP_;
	ip->src = htonl(src);
	ip->dst = orig->src;
	ip->sum = pkt_cksum(ip, sizeof(*ip));
	e->stats.icmp_errors++;
	ipv4_output(e, ENGINE_PORT_PUNT, out, ETH_HLEN_ + ntohs(ip->len), NULL, false);
}
