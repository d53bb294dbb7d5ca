/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vport - the rings of the engine's virtual port (see vport.h).
 */
#include "vport.h"

#include <string.h>

int
vport_open(struct vport *v, struct strbuf *err)
{
	v->to_control = NULL;
	if ((v->to_engine = dgram_ring_new(VPORT_RING_BYTES, err)) == NULL ||
	    (v->to_control = dgram_ring_new(VPORT_RING_BYTES, err)) == NULL) {
		strbuf_puts(err, " (the SSL-VPN port)");
		vport_close(v);
		return -1;
	}
	return 0;
}

void
vport_close(struct vport *v)
{
	dgram_ring_free(v->to_engine);
	dgram_ring_free(v->to_control);
	v->to_engine = v->to_control = NULL;
}

bool
vport_write(struct vport *v, const uint8_t *frame, size_t len)
{
	void *room;

	if (len <= ETH_HLEN_ || (room = dgram_ring_reserve(v->to_control, len)) == NULL)
		return false;
	memcpy(room, frame, len);
	dgram_ring_commit(v->to_control, len);
	return true;
}

bool
vport_read(struct vport *v, struct pkt_offload *off, uint8_t *frame, size_t cap,
    size_t *len)
{
	const uint8_t *d;
	size_t n;

	if ((d = dgram_ring_peek(v->to_engine, &n)) == NULL)
		return false;
	*len = 0;
	memset(off, 0, sizeof(*off));
	if (n >= sizeof(*off) && n - sizeof(*off) <= cap - ETH_HLEN_) {
		memcpy(off, d, sizeof(*off));
		memset(frame, 0, ETH_HLEN_);
		memcpy(frame + ETH_HLEN_, d + sizeof(*off), n - sizeof(*off));
		*len = ETH_HLEN_ + n - sizeof(*off);
	}
	dgram_ring_pop(v->to_engine);
	return true;
}
