/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_esp - frames from the wire into an engine with manual SA pairs
 * installed, through ESP decapsulation and on: raw ESP and ESP in UDP
 * 4500, on tunnel t1 (AES-128-GCM, window 64) and t2 (AES-256-CBC with
 * HMAC-SHA-256, ESN, window 1024, UDP encapsulation). Input: records, two
 * bytes of frame length (big-endian) then the frame, each arriving on wan0
 * 100 ms after the last. Every input starts from fresh SAs, an empty
 * neighbour table and no fragments held for reassembly, so an input's
 * verdicts depend on it alone.
 *
 *   lan0 10.1.0.1/24 | wan0 198.51.100.1/24 -- peers 198.51.100.2 (t1), .3 (t2)
 *   t1: 10.1.0.0/24 <-> 10.2.0.0/24, SPI in 0x1001, out 0x2001
 *   t2: 10.1.0.0/24 <-> 10.3.0.0/24, SPI in 0x1002, out 0x2002
 *
 * Built with -DFUZZ_ESP_CORPUS (and no -fsanitize=fuzzer) it is instead
 * the program that writes the seed corpus: `fuzz_esp DIR` writes, into
 * DIR, frames the peers' side encapsulates with this engine's inbound keys
 * (raw and in UDP, GCM and CBC, packets and a replay, the outer packet
 * in fragments in order and last first, a keepalive, an IKE packet):
 * compile this file with -DFUZZ_ESP_CORPUS together with the sources of
 * src/ (but src/dataplane, whose TAPs it needs not) and crypto/, link with
 * -lcrypto, and run it with tests/fuzz/corpus/esp.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/config_ipsec.h"
#include "engine/engine.h"
#include "engine/snapshot.h"
#include "ipsec/esp.h"
#include "ipsec/tables.h"
#include "route/rib.h"
#include "fuzz_tx.h"

#define WAN_ADDR	0xc6336401u	/* 198.51.100.1 */
#define LAN_ADDR	0x0a010001u	/* 10.1.0.1 */
#define NTUNNELS	2

static const uint8_t wan_mac[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 0x99 };

/* The two tunnels: the peers' outbound SAs are this engine's inbound. */
static const struct tunnel_def {
	const char	*name;
	uint32_t	 peer, remote;
	enum esp_alg	 alg;
	bool		 esn, udp;
	uint16_t	 window;
	uint32_t	 spi_in, spi_out;
	uint8_t		 key_in[36], key_out[36];
} tunnels[NTUNNELS] = {
	{ "t1", 0xc6336402u, 0x0a020000u, ESP_AES128_GCM16, false, false, 64,
	  0x1001, 0x2001, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	  19, 20 }, { 21, 22, 23 } },
	{ "t2", 0xc6336403u, 0x0a030000u, ESP_AES256_SHA256, true, true, 1024,
	  0x1002, 0x2002, { 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45,
	  46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62 }, { 63 } },
};
static const uint8_t int_key[32] = { 0x5a, 0x5b, 0x5c };

static int
slot_of(void *arg, const char *name)
{
	(void)arg;
	return name[0] == 'l' ? 0 : 1;		/* lan0, wan0 */
}

static bool
all_up(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return true;
}

static void
add_if(struct config *c, const char *name, uint32_t addr)
{
	struct cfg_interface *i = config_interface_get(c, name);

	i->has_addr = true;
	i->addr = addr;
	i->plen = 24;
	i->mtu = 1500;
	i->arp_timeout = 1;
}

static struct config *
gateway_config(void)
{
	struct config *c = config_new();
	const struct tunnel_def *d;
	struct cfg_tunnel *t;
	int i;

	add_if(c, "lan0", LAN_ADDR);
	add_if(c, "wan0", WAN_ADDR);
	for (i = 0; i < NTUNNELS; i++) {
		d = &tunnels[i];
		t = config_tunnel_get(c, d->name);
		t->has_peer = true;
		t->peer = d->peer;
		t->nproposals = 1;
		t->proposal[0] = (uint8_t)d->alg;
		t->nlocal = t->nremote = 1;
		t->local_net[0] = (struct cfg_prefix){ LAN_ADDR & 0xffffff00u, 24 };
		t->remote_net[0] = (struct cfg_prefix){ d->remote, 24 };
		t->keying = KEYING_MANUAL;
		t->sa_in.set = t->sa_out.set = true;
		t->sa_in.spi = d->spi_in;
		t->sa_out.spi = d->spi_out;
		t->esn = d->esn;
		t->natt = d->udp ? NATT_FORCE : NATT_AUTO;
		t->replay_window = d->window;
	}
	return c;
}

/* An SA of tunnel d for the snapshot s; peer_side: the peers' view (their
 * outbound SA is our inbound one: same SPI and keys). */
static struct ipsec_sa *
make_sa(const struct config *c, const struct snapshot *s, const struct tunnel_def *d,
    enum ipsec_dir dir, bool peer_side)
{
	const struct esp_alg_info *ai = esp_alg_info(d->alg);
	const struct ipsec_tunnel *it = &s->ipsec->tunnel[ipsec_tunnel_index(s->ipsec, d->name)];
	bool ours_in = (dir == IPSEC_IN) != peer_side;
	struct strbuf err = STRBUF_INIT;
	struct ipsec_sa_params p;
	struct ipsec_sa *sa;

	if (!ipsec_manual_params(it, config_tunnel_find(c, d->name), dir,
	    ours_in ? d->key_in : d->key_out, ai->enc_key_len, int_key, ai->int_key_len,
	    &p, &err))
		abort();
	if (peer_side) {	/* the same SA seen from the peer */
		p.spi = ours_in ? d->spi_in : d->spi_out;
		p.local = d->peer;
		p.peer = WAN_ADDR;
	}
	if ((sa = ipsec_sa_new(&p, 0, &err)) == NULL)
		abort();
	strbuf_free(&err);
	return sa;
}

struct gateway {
	struct config	*cfg;
	struct rib	*rib;		/* the snapshot borrows its FIB */
	struct snapshot	*snap;
	struct engine	*e;
};

static struct gateway *
gateway(void)
{
	static struct gateway g;
	static const uint8_t punt_mac[6] = { 2, 0, 0, 0, 0, 9 };

	if (g.e != NULL)
		return &g;
	g.cfg = gateway_config();
	if ((g.rib = rib_build_tunnels(g.cfg, all_up, NULL)) == NULL ||
	    (g.snap = snapshot_build(g.cfg, g.rib, slot_of, NULL, 1)) == NULL ||
	    (g.e = engine_new(fuzz_tx, NULL)) == NULL)
		abort();
	g.snap->port[0].mac[5] = 1;
	memcpy(g.snap->port[1].mac, wan_mac, 6);
	engine_install(g.e, g.snap, 0);
	engine_set_punt(g.e, punt_mac);
	return &g;
}

#ifndef FUZZ_ESP_CORPUS

/* Fresh SAs (each replaces the one with its SPI or tunnel). */
static void
fresh_sas(struct gateway *g)
{
	int i;

	for (i = 0; i < NTUNNELS; i++)
		sadb_install_pair(engine_sadb(g->e),
		    make_sa(g->cfg, g->snap, &tunnels[i], IPSEC_IN, false),
		    make_sa(g->cfg, g->snap, &tunnels[i], IPSEC_OUT, false), 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gateway *g = gateway();
	uint64_t now = 1000;
	uint8_t *frame;
	size_t len;

	fresh_sas(g);
	while (size >= 2) {
		len = (size_t)data[0] << 8 | data[1];
		if (len > size - 2)
			len = size - 2;
		/* exactly the frame's bytes, so a read past its end is caught */
		if ((frame = malloc(len + 1)) == NULL)
			return 0;
		memcpy(frame, data + 2, len);
		engine_input(g->e, 1, frame, len, NULL, now);
		engine_tick(g->e, now);
		free(frame);
		data += 2 + len;
		size -= 2 + len;
		now += 100;
	}
	sadb_tick(engine_sadb(g->e), now, NULL, NULL);
	engine_tick(g->e, now + REASS_TIMEOUT_MS);	/* gives up what is held */
	engine_arp_clear(g->e);
	return 0;
}

#else

/* The seed corpus: see the header. */

static uint8_t corpus[8192];
static size_t corpus_len;

/* Appends one record: a frame from a peer to wan0 carrying the IPv4
 * packet ip. */
static void
record(const uint8_t *ip, size_t len)
{
	struct eth_hdr eh;

	memcpy(eh.dst, wan_mac, 6);
	memcpy(eh.src, peer_mac, 6);
	eh.type = htons(ETHTYPE_IPV4);
	corpus[corpus_len++] = (uint8_t)((len + ETH_HLEN_) >> 8);
	corpus[corpus_len++] = (uint8_t)(len + ETH_HLEN_);
	memcpy(corpus + corpus_len, &eh, sizeof(eh));
	memcpy(corpus + corpus_len + ETH_HLEN_, ip, len);
	corpus_len += ETH_HLEN_ + len;
}

static void
save(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(corpus, 1, corpus_len, f) != corpus_len ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	corpus_len = 0;
}

/* An inner UDP packet from src to 10.1.0.10 with n bytes of payload. */
static size_t
inner_udp(uint8_t *p, uint32_t src, size_t n)
{
	struct ip_hdr ip;
	uint16_t udp[4] = { htons(4000), htons(53), htons((uint16_t)(8 + n)), 0 };
	size_t i;

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.len = htons((uint16_t)(28 + n));
	ip.ttl = 64;
	ip.proto = IPPROTO_UDP_;
	ip.src = htonl(src);
	ip.dst = htonl((LAN_ADDR & 0xffffff00u) | 10);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memcpy(p, &ip, sizeof(ip));
	memcpy(p + 20, udp, 8);
	for (i = 0; i < n; i++)
		p[28 + i] = (uint8_t)i;
	return 28 + n;
}

/* Appends the outer packet ip as fragments of size data bytes (a
 * multiple of 8), in order or the last first, as a router on the way
 * cuts it (RFC 791; the header has no options). */
static void
record_fragments(const uint8_t *ip, size_t len, size_t size, bool last_first)
{
	size_t data = len - 20, n = (data + size - 1) / size, i, k, off, chunk;
	uint8_t frag[20 + 256];
	uint16_t v;

	for (k = 0; k < n; k++) {
		i = last_first ? n - 1 - k : k;
		off = i * size;
		chunk = off + size < data ? size : data - off;
		memcpy(frag, ip, 20);
		memcpy(frag + 20, ip + 20 + off, chunk);
		v = htons((uint16_t)(20 + chunk));
		memcpy(frag + 2, &v, 2);
		v = htons((uint16_t)(off / 8 | (i + 1 < n ? IP_MF : 0)));
		memcpy(frag + 6, &v, 2);
		memset(frag + 10, 0, 2);
		v = pkt_cksum(frag, 20);
		memcpy(frag + 10, &v, 2);
		record(frag, 20 + chunk);
	}
}

/* The outer packet the peer of tunnel d sends carrying inner; udp: in
 * UDP 4500 whatever the tunnel says. */
static size_t
encap(struct ipsec_sa *sa, bool udp, const uint8_t *inner, size_t n, uint8_t *out)
{
	sa->encap_sport = sa->encap_dport = udp ? ESP_NATT_PORT : 0;
	if (esp_encap(sa, inner, n, htons(1), 0, out, 2048) != IPSEC_PASS)
		abort();
	return esp_outer_len(sa, n);
}

int
main(int argc, char **argv)
{
	struct gateway *g = gateway();
	uint8_t inner[256], out[2048], out2[2048];
	struct ipsec_sa *sa;
	size_t n, m;
	int i, udp;
	char name[64];
	uint16_t h[4];

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < NTUNNELS; i++)
		for (udp = 0; udp < 2; udp++) {
			/* the peer's outbound SA: our inbound keys */
			sa = make_sa(g->cfg, g->snap, &tunnels[i], IPSEC_OUT, true);
			n = inner_udp(inner, tunnels[i].remote | 10, 40 + 30 * i);
			m = encap(sa, udp, inner, n, out);
			record(out, m);
			snprintf(name, sizeof(name), "%s_%s", esp_alg_name(tunnels[i].alg),
			    udp ? "udp" : "raw");
			save(argv[1], name);
			/* two packets and a replay of the first */
			m = encap(sa, udp, inner, n, out);
			record(out, m);
			record(out2, encap(sa, udp, inner, n, out2));
			record(out, m);
			snprintf(name, sizeof(name), "%s_%s_replay", esp_alg_name(tunnels[i].alg),
			    udp ? "udp" : "raw");
			save(argv[1], name);
			/* outer fragments: in order, then the last first */
			m = encap(sa, udp, inner, n, out);
			record_fragments(out, m, 48, false);
			m = encap(sa, udp, inner, n, out);
			record_fragments(out, m, 64, true);
			snprintf(name, sizeof(name), "%s_%s_fragments", esp_alg_name(tunnels[i].alg),
			    udp ? "udp" : "raw");
			save(argv[1], name);
			ipsec_sa_free(sa);
		}
	/* a NAT-T keepalive, then an IKE packet (non-ESP marker) */
	memset(out, 0, 64);
	out[0] = 0x45;
	out[3] = 29;
	out[8] = 64;
	out[9] = IPPROTO_UDP_;
	h[0] = h[1] = htons(ESP_NATT_PORT);
	h[2] = htons(9);
	h[3] = 0;
	memcpy(out + 12, &(uint32_t){ htonl(tunnels[0].peer) }, 4);
	memcpy(out + 16, &(uint32_t){ htonl(WAN_ADDR) }, 4);
	memcpy(out + 20, h, 8);
	out[28] = 0xff;
	((struct ip_hdr *)(void *)out)->sum = pkt_cksum(out, 20);
	record(out, 29);
	out[3] = 48;
	h[2] = htons(28);
	memcpy(out + 20, h, 8);
	memset(out + 28, 0, 20);
	((struct ip_hdr *)(void *)out)->sum = 0;
	((struct ip_hdr *)(void *)out)->sum = pkt_cksum(out, 20);
	record(out, 48);
	save(argv[1], "natt_keepalive_ike");
	return 0;
}

#endif
