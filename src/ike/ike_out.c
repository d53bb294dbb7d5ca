/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_out - IKE messages out: built in the daemon's one transmit buffer,
 * sealed into the SK payload once the SA has keys, sent, and kept: a
 * request until its response arrives (retransmitted with back-off, §2.1),
 * the last response to replay when the peer retransmits its request (§2.1:
 * the responder never processes a request twice).
 */
#include "ike/ike_impl.h"

#include <stdlib.h>
#include <string.h>

#include "ike/ike_bytes.h"
#include "lib/debug.h"
#include "lib/xalloc.h"

static void
send_raw(struct ike *ike, const struct ike_sa *sa, const uint8_t *msg, size_t len)
{
	struct ike_packet p = { .src = sa->local, .dst = sa->peer,
	    .sport = sa->local_port, .dport = sa->peer_port, .data = msg,
	    .len = (uint16_t)len };

	ike->env.send(ike->env.arg, &p);
}

void
ike_out_begin(struct ike *ike, struct ike_sa *sa, struct ike_build *b,
    uint8_t exchange, bool response, uint32_t msgid)
{
	struct ike_hdr h;

	memset(&h, 0, sizeof(h));
	h.spi_i = sa->spi_i;
	h.spi_r = sa->spi_r;
	h.exchange = exchange;
	h.flags = (uint8_t)((sa->initiator ? IKE_FLAG_I : 0) |
	    (response ? IKE_FLAG_R : 0));
	h.msgid = msgid;
	ike_build_init(b, ike->tx, sizeof(ike->tx), &h);
	if (exchange != IKE_EXCH_IKE_SA_INIT)
		ike_build_sk_open(b, ike_sk_iv_len(sa->sk_out));
}

void
ike_keep_msg(uint8_t **keep, uint16_t *keep_len, const uint8_t *msg, size_t len)
{
	free(*keep);
	*keep = xcalloc(1, len, "an IKE message");
	memcpy(*keep, msg, len);
	*keep_len = (uint16_t)len;
}

int
ike_out_send(struct ike *ike, struct ike_sa *sa, struct ike_build *b, bool response)
{
	struct ike_sk_layout lay;
	size_t len;
	char name[IKE_NAME_MAX];

	if (ike->tx[18] != IKE_EXCH_IKE_SA_INIT) {
		size_t sealed = ike_sk_sealed_len(sa->sk_out, ike_build_sk_plain_len(b));

		if (ike_build_sk_close(b, sealed, &lay) != 0 ||
		    ike_sk_seal(sa->sk_out, ike->tx, lay.aad_len, lay.pt_len,
		    sizeof(ike->tx)) != 0) {
			ike_fail(ike, sa, "cannot encrypt a message");
			return -1;
		}
	}
	if (ike_build_finish(b, &len) != 0) {
		ike_fail(ike, sa, "a message does not fit in %d bytes", IKE_MSG_MAX);
		return -1;
	}
	debug_msg(DEBUG_IKEV2, "tunnel %s: send %s %s #%u, %zu bytes to %u.%u.%u.%u:%u",
	    sa->tunnel, ike_exchange_name(ike->tx[18], name, sizeof(name)),
	    response ? "response" : "request", (unsigned)ike_rd32(b->buf + 20), len,
	    sa->peer >> 24,
	    (sa->peer >> 16) & 255, (sa->peer >> 8) & 255, sa->peer & 255,
	    sa->peer_port);
	send_raw(ike, sa, ike->tx, len);
	if (response) {
		ike_keep_msg(&sa->resp, &sa->resp_len, ike->tx, len);
		sa->has_resp = true;
	} else {
		ike_keep_msg(&sa->req.msg, &sa->req.len, ike->tx, len);
		sa->req.exchange = ike->tx[18];
		sa->req.tries = 1;
		sa->req.max_tries = 0;
		sa->req.every_ms = 0;
		sa->req.next_ms = ike->now_ms + IKE_RETRANSMIT_MS;
	}
	return 0;
}

void
ike_out_notify_plain(struct ike *ike, const struct ike_packet *to,
    const struct ike_hdr *req, uint16_t type, const void *data, size_t len)
{
	struct ike_notify n = { .type = type, .data = data, .len = len };
	struct ike_packet p = { .src = to->dst, .dst = to->src, .sport = to->dport,
	    .dport = to->sport, .data = ike->tx };
	struct ike_build b;
	struct ike_hdr h = *req;
	size_t out;

	h.spi_r = 0;			/* §2.6 (COOKIE) and §1.2: no SA of ours */
	h.flags = IKE_FLAG_R;
	ike_build_init(&b, ike->tx, sizeof(ike->tx), &h);
	ike_build_notify(&b, &n);
	if (ike_build_finish(&b, &out) != 0)
		return;
	p.len = (uint16_t)out;
	ike->env.send(ike->env.arg, &p);
}

void
ike_out_resend_response(struct ike *ike, struct ike_sa *sa)
{
	if (sa->has_resp)
		send_raw(ike, sa, sa->resp, sa->resp_len);
}

void
ike_out_tick(struct ike *ike, struct ike_sa *sa)
{
	if (sa->req.msg == NULL || ike->now_ms < sa->req.next_ms)
		return;
	if (sa->req.tries >= (sa->req.max_tries ? sa->req.max_tries :
	    IKE_RETRANSMIT_TRIES)) {
		free(sa->req.msg);
		sa->req.msg = NULL;
		if (sa->req.exchange == IKE_EXCH_INFORMATIONAL && sa->state ==
		    IKE_ST_ESTABLISHED)
			ike_fail(ike, sa, "the peer stopped answering: dead (DPD, "
			    "%u tries)", sa->req.tries);
		else if (sa->state == IKE_ST_DELETING)
			ike_sa_gone(ike, sa, "deleted (the peer did not answer the DELETE)");
		else
			ike_fail(ike, sa, "the peer does not answer (%u tries)",
			    sa->req.tries);
		return;
	}
	send_raw(ike, sa, sa->req.msg, sa->req.len);
	sa->req.next_ms = ike->now_ms + (sa->req.every_ms ? sa->req.every_ms :
	    (uint64_t)IKE_RETRANSMIT_MS << sa->req.tries);
	sa->req.tries++;
}

void
ike_out_informational(struct ike *ike, struct ike_sa *sa, bool delete_ike)
{
	struct ike_build b;

	if (sa->req.msg != NULL)
		return;			/* window of one: one request at a time */
	ike_out_begin(ike, sa, &b, IKE_EXCH_INFORMATIONAL, false, sa->msgid_out++);
	if (delete_ike)
		ike_build_delete(&b, IKE_PROTO_IKE, NULL, 0);
	(void)ike_out_send(ike, sa, &b, false);
}
