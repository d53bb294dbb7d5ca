/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tcp_seg - the TCP the engine does for tunnels: cutting an offloaded
 * (TSO) frame into segments, as the kernel's GSO would have on the wire,
 * since ESP must carry each segment whole; and lowering a SYN's MSS so
 * the two ends send segments that fit the tunnel (RFC 879's MSS option,
 * as routers' "adjust-mss" does).
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define TCP_HLEN	20
#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_PSH		0x08
#define TH_CWR		0x80
#define TCPOPT_EOL	0
#define TCPOPT_NOP	1
#define TCPOPT_MSS	2

/* The TCP header length of the IPv4 packet ip (iplen bytes, its header
 * checked), or 0 when it is not an unfragmented TCP packet whose header
 * fits. */
static size_t
tcp_hlen(const struct ip_hdr *ip, size_t iplen)
{
	size_t hl = ip_hlen(ip), th;

	if (ip->proto != IPPROTO_TCP_ || (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) != 0 ||
	    iplen < hl + TCP_HLEN)
		return 0;
	th = (size_t)(((const uint8_t *)ip)[hl + 12] >> 4) * 4;
	return th >= TCP_HLEN && hl + th <= iplen ? th : 0;
}

static void
set_checksums(struct ip_hdr *ip, size_t hl, size_t iplen)
{
	uint8_t *tcp = (uint8_t *)ip + hl;
	uint16_t sum = 0;

	ip->sum = 0;
	ip->sum = pkt_cksum(ip, hl);
	memcpy(tcp + 16, &sum, 2);
	sum = pkt_l4_cksum(ip, tcp, iplen - hl);
	memcpy(tcp + 16, &sum, 2);
}

bool
tcp_segment(struct engine *e, const uint8_t *frame, size_t len, uint16_t mss,
    frame_sink sink, void *arg)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	size_t iplen = len - ETH_HLEN_, hl = ip_hlen(ip), th = tcp_hlen(ip, iplen);
	size_t head, payload, done = 0, chunk;
	uint8_t *out = e->seg_buf, *tcp;
	struct ip_hdr *oip = frame_ip(out);
	uint32_t seq, v;
	uint16_t id, n = 0;
	uint8_t flags;

	if (th == 0 || mss == 0)
		return false;
	head = ETH_HLEN_ + hl + th;
	payload = len - head;
	memcpy(&v, frame + ETH_HLEN_ + hl + 4, 4);
	seq = ntohl(v);
	flags = frame[ETH_HLEN_ + hl + 13];
	id = ntohs(ip->id);
	do {
		chunk = payload - done < mss ? payload - done : mss;
		memcpy(out, frame, head);
		memcpy(out + head, frame + head + done, chunk);
		oip->len = htons((uint16_t)(hl + th + chunk));
		oip->id = htons((uint16_t)(id + n));
		tcp = out + ETH_HLEN_ + hl;
		v = htonl(seq + (uint32_t)done);
		memcpy(tcp + 4, &v, 4);
		/* FIN and PSH end the data: the last segment's; CWR answers
		 * ECE once: the first segment's (as the kernel's GSO does) */
		tcp[13] = flags;
		if (done + chunk < payload)
			tcp[13] &= (uint8_t)~(TH_FIN | TH_PSH);
		if (n > 0)
			tcp[13] &= (uint8_t)~TH_CWR;
		set_checksums(oip, hl, hl + th + chunk);
		sink(e, out, head + chunk, arg);
		done += chunk;
		n++;
	} while (done < payload);
	return true;
}

void
tcp_clamp_mss(uint8_t *frame, size_t len, uint16_t mss)
{
	struct ip_hdr *ip = frame_ip(frame);
	size_t iplen = len - ETH_HLEN_, hl = ip_hlen(ip), th = tcp_hlen(ip, iplen), i;
	uint8_t *tcp = (uint8_t *)ip + hl;
	uint16_t have;

	if (th == 0 || !(tcp[13] & TH_SYN))
		return;
	for (i = TCP_HLEN; i < th && tcp[i] != TCPOPT_EOL; ) {
		if (tcp[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= th || tcp[i + 1] < 2 || i + tcp[i + 1] > th)
			return;		/* malformed options: left alone */
		if (tcp[i] == TCPOPT_MSS && tcp[i + 1] == 4) {
			have = (uint16_t)(tcp[i + 2] << 8 | tcp[i + 3]);
			if (have <= mss)
				return;
			tcp[i + 2] = (uint8_t)(mss >> 8);
			tcp[i + 3] = (uint8_t)mss;
			/* a SYN is short: its checksum is computed afresh */
			set_checksums(ip, hl, iplen);
			return;
		}
		i += tcp[i + 1];
	}
}
