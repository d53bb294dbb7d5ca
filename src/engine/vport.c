/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vport - the virtual port of the SSL-VPN users (engine.h): IPv4 packets
 * in (whole, or TCP merged into TSO packets by the server), and out with
 * no link layer to resolve.
 */
#include "engine_impl.h"

#include <arpa/inet.h>

void
vport_input(struct engine *e, uint8_t *frame, size_t len, const struct pkt_offload *off)
{
	struct port_counters *c = &e->port[SNAP_PORT_VPORT];
	const struct snap_port *p = &e->snap->port[SNAP_PORT_VPORT];
	struct pkt_offload o = off ? *off : (struct pkt_offload){ 0 };

	c->rx_packets++;
	if (len < ETH_HLEN_) {
		c->rx_errors++;
		engine_drop(e, DROP_RUNT, SNAP_PORT_VPORT, frame, len);
		return;
	}
	c->rx_bytes += len - ETH_HLEN_;
	/* the room before the packet, typed so that a drop record reads
	 * the packet */
	((struct eth_hdr *)(void *)frame)->type = htons(ETHTYPE_IPV4);
	if (!p->present || !p->up) {
		engine_drop(e, DROP_SSLVPN_ABSENT, SNAP_PORT_VPORT, frame, len);
		return;
	}
	/* the server merges TCP segments into TSO packets (its offsets count
	 * from the IPv4 header, the engine's from the frame's start) */
	if ((o.flags & (uint8_t)~PKT_NEEDS_CSUM) != 0 ||
	    (o.gso_type != PKT_GSO_NONE && (o.gso_type != PKT_GSO_TCPV4 ||
	    !(o.flags & PKT_NEEDS_CSUM) || o.gso_size == 0))) {
		engine_drop(e, DROP_BAD_OFFLOAD, SNAP_PORT_VPORT, frame, len);
		return;
	}
	if (o.flags != 0) {
		o.csum_start += ETH_HLEN_;
		o.hdr_len += ETH_HLEN_;
	}
	ipv4_input(e, SNAP_PORT_VPORT, frame, len, &o, false);
}

static void
send_whole(struct engine *e, uint8_t *frame, size_t len, void *arg)
{
	(void)arg;
	engine_send(e, SNAP_PORT_VPORT, frame, len, NULL);
}

void
vport_output(struct engine *e, uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct pkt_offload o = off ? *off : (struct pkt_offload){ 0 };

	/* the server frames one whole packet at a time */
	if (o.gso_type != PKT_GSO_NONE) {
		if (!tcp_segment(e, frame, len, o.gso_size, send_whole, NULL))
			engine_drop(e, DROP_BAD_OFFLOAD, SNAP_PORT_VPORT, frame, len);
		return;
	}
	if (!pkt_finish_csum(frame, len, &o)) {
		engine_drop(e, DROP_BAD_OFFLOAD, SNAP_PORT_VPORT, frame, len);
		return;
	}
	send_whole(e, frame, len, NULL);
}
