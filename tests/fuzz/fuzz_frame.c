/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_frame - raw frames from the wire into the forwarding engine.
 * Input: records, each one byte choosing the port (the last two values
 * are the control-plane TAP and the SSL-VPN users' virtual port), one
 * byte of flags (bit 0: a struct pkt_offload
 * follows the length), two bytes of frame length (big-endian), then the
 * frame; 700 ms pass between records. The router has three ports (one with a small MTU), a gateway
 * route, ECMP, null0, an SSL-VPN pool (10.99.0.0/24) and the punt path; time advances with every input so
 * ARP retries and ageing run too. `debug engine` is on: every drop is
 * recorded from its frame and the record printed as its line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/config_sslvpn.h"
#include "engine/drop_ring.h"
#include "engine/engine.h"
#include "lib/debug.h"
#include "route/rib.h"
#include "engine/snapshot.h"
#include "../unit/route_builder.h"
#include "fuzz_tx.h"

static int
slot_of(void *arg, const char *name)
{
	(void)arg;
	return name[0] == 'l' ? 0 : name[3] - '0' + 1;	/* lan0, wan0, wan1 */
}

static void
add_if(struct config *c, const char *name, uint32_t addr, uint16_t mtu)
{
	struct cfg_interface *i = config_interface_get(c, name);

	i->has_addr = true;
	i->addr = addr;
	i->plen = 24;
	i->mtu = mtu;
	i->arp_timeout = 1;
}

static void
add_route(struct config *c, uint32_t prefix, uint8_t plen, enum cfg_nexthop kind,
    uint32_t gw)
{
	struct cfg_route r = make_route(prefix, plen, kind, gw, NULL, CFG_DEFAULT_PRIORITY);

	config_route_set(c, &r);
}

static struct engine *
engine(void)
{
	static struct engine *e;
	static struct rib *rib;		/* the snapshot borrows its FIB */
	static const uint8_t punt_mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct cfg_sslvpn *v;
	struct config *c;
	struct snapshot *s;
	unsigned p;

	if (e != NULL)
		return e;
	c = config_new();
	add_if(c, "lan0", 0xc0a80101, 1500);	/* 192.168.1.1/24 */
	add_if(c, "wan0", 0x0a000001, 576);	/* 10.0.0.1/24 */
	add_if(c, "wan1", 0x0a000101, 1500);	/* 10.0.1.1/24 */
	add_route(c, 0, 0, NH_ADDRESS, 0x0a000002);
	add_route(c, 0x0b000000, 8, NH_ADDRESS, 0x0a000002);
	add_route(c, 0x0b000000, 8, NH_ADDRESS, 0x0a000102);
	add_route(c, 0xc0000200, 24, NH_NULL0, 0);
	v = config_sslvpn_get(c);
	v->has_listen = true;
	v->listen = 0x0a000001;
	v->has_pool = true;
	v->pool = 0x0a630000;
	v->pool_plen = 24;
	rib = rib_build(c);
	s = snapshot_build(c, rib, slot_of, NULL, 1);
	config_free(c);
	for (p = 0; p < 3; p++)
		s->port[p].mac[5] = (uint8_t)(p + 1);
	e = engine_new(fuzz_tx, NULL);
	engine_install(e, s, 0);
	engine_set_punt(e, punt_mac);
	debug_set(DEBUG_ENGINE, true);
	return e;
}

/* What the control thread does with the drop records: their lines. */
static void
drain(void)
{
	struct strbuf line = STRBUF_INIT;
	struct drop_record r;

	while (drop_ring_get(engine_drop_ring(engine()), &r))
		drop_record_format(&r, &line);
	drop_ring_claim_lost(engine_drop_ring(engine()));
	strbuf_free(&line);
}

/* Feeds one record; returns its size, or 0 at the end of the input. */
static size_t
record(const uint8_t *data, size_t size, uint64_t now)
{
	struct pkt_offload off;
	size_t hdr = 4, len;
	unsigned port;
	uint8_t *frame;

	if (size < hdr)
		return 0;
	port = data[0] % 5 == 3 ? ENGINE_PORT_PUNT : data[0] % 5 == 4 ? SNAP_PORT_VPORT :
	    data[0] % 5;
	len = (size_t)data[2] << 8 | data[3];
	memset(&off, 0, sizeof(off));
	if (data[1] & 1) {
		if (size < hdr + sizeof(off))
			return 0;
		memcpy(&off, data + hdr, sizeof(off));
		hdr += sizeof(off);
	}
	if (len > size - hdr)
		len = size - hdr;
	/* exactly the frame's bytes, so a read past its end is caught */
	if ((frame = malloc(len + 1)) == NULL)
		return 0;
	memcpy(frame, data + hdr, len);
	engine_input(engine(), port, frame, len, &off, now);
	engine_tick(engine(), now);
	free(frame);
	drain();
	return hdr + len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t now = 1000;
	size_t n;

	while ((n = record(data, size, now)) > 0) {
		data += n;
		size -= n;
		now += 700;
	}
	/* every input starts from an empty neighbour table, and no ESP
	 * fragments held for reassembly */
	engine_tick(engine(), now + REASS_TIMEOUT_MS);
	engine_arp_clear(engine());
	return 0;
}
