/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ip_frag - IPv4 fragmentation (RFC 791 3.2, RFC 1812 5.2.6) of packets
 * with DF clear that do not fit the next hop's MTU (or a tunnel's, before
 * encryption). Options are kept in the first fragment and only those with
 * the copy bit in the others.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

/* The options of hdr that later fragments carry, padded to words; returns
 * their length. */
static size_t
copied_options(const uint8_t *opt, size_t n, uint8_t *out)
{
	size_t i = 0, k = 0, olen;

	while (i < n && opt[i] != 0) {		/* 0: end of options */
		if (opt[i] == 1) {		/* no-op */
			i++;
			continue;
		}
		if (i + 1 >= n || (olen = opt[i + 1]) < 2 || i + olen > n)
			break;
		if (opt[i] & 0x80) {
			memcpy(out + k, opt + i, olen);
			k += olen;
		}
		i += olen;
	}
	while (k % 4 != 0)
		out[k++] = 0;
	return k;
}

void
ip_fragment(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    uint16_t mtu, frame_sink sink, void *arg)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	size_t hl = ip_hlen(ip), data = len - ETH_HLEN_ - hl, done = 0;
	size_t fhl = hl, chunk, opts;
	uint16_t off0 = ntohs(ip->off), base = (off0 & IP_OFFMASK) * 8;
	uint8_t optbuf[40];
	uint8_t *out = e->frag_buf;
	struct ip_hdr *fip = frame_ip(out);
	bool last;

	opts = copied_options((const uint8_t *)(ip + 1), hl - sizeof(*ip), optbuf);
	if (mtu < hl + 8) {
		engine_drop(e, DROP_FRAG_NEEDED, port, frame, len);
		return;
	}
	if (base + data > 65535) {	/* a fragment that ends past 64 KiB */
		engine_drop(e, DROP_IP_LENGTH, port, frame, len);
		return;
	}
	while (done < data) {
		chunk = data - done;
		last = chunk <= mtu - fhl;
		if (!last)
			chunk = (mtu - fhl) & ~(size_t)7;
		memcpy(out, frame, ETH_HLEN_ + sizeof(*ip));
		if (done == 0)
			memcpy(fip + 1, ip + 1, hl - sizeof(*ip));
		else
			memcpy(fip + 1, optbuf, opts);
		memcpy((uint8_t *)fip + fhl, (const uint8_t *)ip + hl + done, chunk);
		fip->vhl = (uint8_t)(0x40 | fhl / 4);
		fip->len = htons((uint16_t)(fhl + chunk));
		fip->off = htons((uint16_t)(((base + done) / 8) |
		    (last ? off0 & IP_MF : IP_MF)));
		fip->sum = 0;
		fip->sum = pkt_cksum(fip, fhl);
		e->stats.fragments++;
		sink(e, out, ETH_HLEN_ + fhl + chunk, arg);
		done += chunk;
		fhl = sizeof(*ip) + opts;
	}
}
