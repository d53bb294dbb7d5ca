/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_info - the INFORMATIONAL exchange (RFC 7296 §1.4): liveness checks
 * (an empty request, §2.4), DELETE of the IKE SA or of CHILD_SAs (§1.4.1:
 * the answer deletes our half of each pair; a CHILD_SA a rekey replaced
 * goes without taking the tunnel down, ike_child.c), notifies ignored
 * unless they are errors about the IKE SA.
 */
#include "ike/ike_impl.h"

#include <stdlib.h>

/* Our SPIs an answer names: the CHILD_SA's and the one a rekey replaced. */
#define ANSWER_SPIS	2

/* The peer's DELETE payloads: *ike_sa when one names the IKE SA; the
 * CHILD_SAs the others name (our outbound SPIs) are done with, and ours[]
 * gets our inbound SPIs of those pairs (their number returned); *gone when
 * it was the CHILD_SA in service. */
static size_t
read_deletes(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    uint32_t ours[ANSWER_SPIS], bool *ike_sa, bool *gone)
{
	size_t i, k, n = 0;

	*ike_sa = *gone = false;
	for (i = 0; i < in->chain.n; i++) {
		struct ike_delete d;
		const char *why;

		if (in->chain.pl[i].type != IKE_PL_DELETE ||
		    ike_delete_decode(in->chain.pl[i].body, in->chain.pl[i].len,
		    &d, &why) != 0)
			continue;
		*ike_sa |= d.protocol == IKE_PROTO_IKE;
		for (k = 0; d.protocol == IKE_PROTO_ESP && k < d.count; k++) {
			uint32_t spi = ike_child_deleted(ike, sa, ike_delete_spi(&d, k), gone);

			if (spi != 0 && n < ANSWER_SPIS)
				ours[n++] = spi;
		}
	}
	return n;
}

void
ike_info_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	uint32_t ours[ANSWER_SPIS];
	struct ike_build b;
	bool del_ike, del_child;
	size_t n = read_deletes(ike, sa, in, ours, &del_ike, &del_child);

	ike_out_begin(ike, sa, &b, IKE_EXCH_INFORMATIONAL, true, in->hdr.msgid);
	if (n > 0 && !del_ike)	/* the whole IKE SA goes: nothing more to name */
		ike_build_delete(&b, IKE_PROTO_ESP, ours, n);
	sa->resp_msgid = in->hdr.msgid;
	if (ike_out_send(ike, sa, &b, true) != 0)
		return;
	if (del_ike)
		ike_sa_gone(ike, sa, sa->replaced_ms ? "deleted by the peer after "
		    "its rekey" : "deleted by the peer");
	else if (del_child)
		/* the tunnel's only CHILD_SA: without it the IKE SA serves nothing */
		ike_sa_gone(ike, sa, "the peer deleted the CHILD_SA");
}

void
ike_info_response(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	(void)in;
	free(sa->req.msg);
	sa->req.msg = NULL;
	ike_child_delete_done(ike, sa);
	if (sa->state == IKE_ST_DELETING)
		ike_sa_gone(ike, sa, sa->replaced_ms ? "deleted after its rekey" : "deleted");
}
