/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ip_reass - reassembly of outer ESP fragments; see ip_reass.h. */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct reass_frag {
	struct reass_frag *next;
	uint16_t	 off, len;	/* data bytes, from the datagram's data start */
	bool		 more;		/* MF */
	uint8_t		 data[];
};

/* What a fragment is: where its data lies in its datagram. */
struct frag_view {
	const struct ip_hdr *ip;
	const uint8_t	*data;
	uint32_t	 off, len, end;
	bool		 more;
};

static void
view_of(const uint8_t *frame, size_t len, struct frag_view *v)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	uint16_t off = ntohs(ip->off);
	size_t hl = ip_hlen(ip);

	v->ip = ip;
	v->data = (const uint8_t *)ip + hl;
	v->off = (uint32_t)(off & IP_OFFMASK) * 8;
	v->len = (uint32_t)(len - ETH_HLEN_ - hl);
	v->end = v->off + v->len;
	v->more = (off & IP_MF) != 0;
}

static struct reass_dgram *
find(const struct ip_reass *r, const struct ip_hdr *ip)
{
	const struct reass_dgram *d;

	for (d = r->d; d < r->d + REASS_MAX_DATAGRAMS; d++)
		if (d->used && d->id == ip->id && d->src == ip->src && d->dst == ip->dst &&
		    d->proto == ip->proto)
			return (struct reass_dgram *)(uintptr_t)d;
	return NULL;
}

/* Frees the fragments d holds; its key and time stay. */
static void
free_frags(struct ip_reass *r, struct reass_dgram *d)
{
	struct reass_frag *f, *next;

	for (f = d->frags; f != NULL; f = next) {
		next = f->next;
		free(f);
	}
	r->held -= d->held;
	d->frags = NULL;
	d->nfrags = d->have = d->end = 0;
	d->held = 0;
	d->hlen = 0;
}

/* Frees a datagram's fragments and its context. */
static void
release(struct ip_reass *r, struct reass_dgram *d)
{
	free_frags(r, d);
	memset(d, 0, sizeof(*d));
}

/* Counts each fragment d holds as dropped for why. */
static void
drop_held(struct engine *e, const struct reass_dgram *d, enum engine_drop why)
{
	uint32_t i;

	for (i = 0; i < d->nfrags; i++)
		engine_drop(e, why, d->port, NULL, 0);
}

/* Gives up datagram d (its fragments counted under why); it stays, dead,
 * refusing its later fragments, until its time is up. */
static void
give_up(struct engine *e, struct reass_dgram *d, enum engine_drop why)
{
	drop_held(e, d, why);
	free_frags(&e->reass, d);
	d->dead = true;
	d->why = (uint16_t)why;
}

void
ip_reass_tick(struct engine *e)
{
	struct reass_dgram *d;

	for (d = e->reass.d; d < e->reass.d + REASS_MAX_DATAGRAMS; d++)
		if (d->used && e->now_ms >= d->expires_ms) {
			if (!d->dead)
				drop_held(e, d, DROP_ESP_FRAG_TIMEOUT);
			release(&e->reass, d);
		}
}

/* A free context for the fragment's datagram (after giving up those whose
 * time is past), or NULL. */
static struct reass_dgram *
context_for(struct engine *e, unsigned port, const struct ip_hdr *ip)
{
	struct reass_dgram *d;

	ip_reass_tick(e);
	for (d = e->reass.d; d < e->reass.d + REASS_MAX_DATAGRAMS; d++)
		if (!d->used) {
			d->used = true;
			d->src = ip->src;
			d->dst = ip->dst;
			d->proto = ip->proto;
			d->id = ip->id;
			d->port = (uint16_t)port;
			d->expires_ms = e->now_ms + REASS_TIMEOUT_MS;
			return d;
		}
	return NULL;
}

/* Whether the fragment's lengths can belong to the datagram as held: a
 * multiple of 8 bytes unless it is the last, never empty, within 64 KiB,
 * one end for all. */
static bool
lengths_fit(const struct reass_dgram *d, const struct frag_view *v)
{
	const struct reass_frag *f;

	if (v->len == 0 || (v->more && v->len % 8 != 0) ||
	    v->end > REASS_MAX_LEN - sizeof(struct ip_hdr))
		return false;
	if (v->more)
		return d->end == 0 || v->end <= d->end;
	if (d->end != 0)
		return v->end == d->end;
	for (f = d->frags; f != NULL; f = f->next)
		if (f->off + f->len > v->end)
			return false;
	return true;
}

enum placement { PLACE_NEW, PLACE_DUPLICATE, PLACE_OVERLAP };

/* Where the fragment goes: *link is the pointer to set to it (its
 * predecessor's next, or the head), unless it duplicates or overlaps a
 * fragment held. */
static enum placement
place(struct reass_dgram *d, const struct frag_view *v, struct reass_frag ***link)
{
	struct reass_frag **p = &d->frags, *f;

	for (; (f = *p) != NULL && f->off + f->len <= v->off; p = &f->next)
		;
	*link = p;
	if (f == NULL || v->end <= f->off)
		return PLACE_NEW;
	if (f->off == v->off && f->len == v->len && f->more == v->more &&
	    memcmp(f->data, v->data, v->len) == 0)
		return PLACE_DUPLICATE;
	return PLACE_OVERLAP;
}

/* Rebuilds the whole datagram d in e->reass.buf, after the Ethernet header
 * of frame; returns its frame's length. */
static size_t
rebuild(struct engine *e, struct reass_dgram *d, const uint8_t *frame)
{
	uint8_t *out = e->reass.buf;
	struct ip_hdr *ip = frame_ip(out);
	const struct reass_frag *f;
	size_t n = ETH_HLEN_ + d->hlen + d->end;

	memcpy(out, frame, ETH_HLEN_);
	memcpy(ip, d->hdr, d->hlen);
	for (f = d->frags; f != NULL; f = f->next)
		memcpy(out + ETH_HLEN_ + d->hlen + f->off, f->data, f->len);
	ip->len = htons((uint16_t)(d->hlen + d->end));
	ip->off &= htons(IP_DF);
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, d->hlen);
	release(&e->reass, d);
	return n;
}

size_t
ip_reass_input(struct engine *e, unsigned port, const uint8_t *frame, size_t len)
{
	struct reass_frag **link, *f;
	struct reass_dgram *d;
	struct frag_view v;
	size_t cost;

	view_of(frame, len, &v);
	if ((d = find(&e->reass, v.ip)) == NULL && (d = context_for(e, port, v.ip)) == NULL) {
		engine_drop(e, DROP_ESP_FRAG_FULL, port, frame, len);
		return 0;
	}
	if (d->dead) {
		engine_drop(e, (enum engine_drop)d->why, port, frame, len);
		return 0;
	}
	if (!lengths_fit(d, &v)) {
		engine_drop(e, DROP_ESP_FRAG_LENGTH, port, frame, len);
		give_up(e, d, DROP_ESP_FRAG_LENGTH);
		return 0;
	}
	switch (place(d, &v, &link)) {
	case PLACE_NEW:
		break;
	case PLACE_DUPLICATE:
		engine_drop(e, DROP_ESP_FRAG_DUPLICATE, port, frame, len);
		return 0;
	case PLACE_OVERLAP:
		engine_drop(e, DROP_ESP_FRAG_OVERLAP, port, frame, len);
		give_up(e, d, DROP_ESP_FRAG_OVERLAP);
		return 0;
	}
	cost = sizeof(*f) + v.len;
	if (d->nfrags == REASS_MAX_FRAGMENTS || e->reass.held + cost > REASS_MAX_BYTES ||
	    (f = malloc(cost)) == NULL) {
		engine_drop(e, DROP_ESP_FRAG_FULL, port, frame, len);
		give_up(e, d, DROP_ESP_FRAG_FULL);
		return 0;
	}
	f->off = (uint16_t)v.off;
	f->len = (uint16_t)v.len;
	f->more = v.more;
	memcpy(f->data, v.data, v.len);
	f->next = *link;
	*link = f;
	d->nfrags++;
	d->have += v.len;
	d->held += cost;
	e->reass.held += cost;
	if (!v.more)
		d->end = v.end;
	if (v.off == 0) {
		d->hlen = (uint8_t)ip_hlen(v.ip);
		memcpy(d->hdr, v.ip, d->hlen);
	}
	if (d->end == 0 || d->have != d->end)
		return 0;
	/* whole: no overlaps, so the bytes held cover 0 .. end */
	if (d->hlen + d->end > REASS_MAX_LEN) {
		give_up(e, d, DROP_ESP_FRAG_LENGTH);
		return 0;
	}
	return rebuild(e, d, frame);
}

bool
ip_reass_pending(const struct engine *e, const uint8_t *frame)
{
	const struct reass_dgram *d;

	d = find(&e->reass, (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_));
	return d != NULL;
}

void
ip_reass_flush(struct engine *e)
{
	struct reass_dgram *d;

	for (d = e->reass.d; d < e->reass.d + REASS_MAX_DATAGRAMS; d++)
		if (d->used)
			release(&e->reass, d);
}
