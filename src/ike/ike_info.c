/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_info - the INFORMATIONAL exchange (RFC 7296 §1.4): liveness checks
 * (an empty request, §2.4), DELETE of the IKE SA or of CHILD_SAs (§1.4.1:
 * the answer deletes our half of each pair), notifies ignored unless they
 * are errors about the IKE SA.
 */
#include "ike/ike_impl.h"

#include <stdlib.h>

#include "ike/ike_install.h"

/* Which of the peer's DELETE payloads name the IKE SA, or our CHILD_SA by
 * its outbound SPI. */
static void
read_deletes(const struct ike_in *in, const struct ike_sa *sa, bool *ike_sa,
    bool *child)
{
	size_t i, k;

	*ike_sa = *child = false;
	for (i = 0; i < in->chain.n; i++) {
		struct ike_delete d;
		const char *why;

		if (in->chain.pl[i].type != IKE_PL_DELETE ||
		    ike_delete_decode(in->chain.pl[i].body, in->chain.pl[i].len,
		    &d, &why) != 0)
			continue;
		if (d.protocol == IKE_PROTO_IKE)
			*ike_sa = true;
		else if (d.protocol == IKE_PROTO_ESP)
			for (k = 0; k < d.count; k++)
				if (sa->child.installed && ike_delete_spi(&d, k) ==
				    sa->child.spi_out)
					*child = true;
	}
}

void
ike_info_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_build b;
	bool del_ike, del_child;

	read_deletes(in, sa, &del_ike, &del_child);
	ike_out_begin(ike, sa, &b, IKE_EXCH_INFORMATIONAL, true, in->hdr.msgid);
	if (del_child && !del_ike)
		ike_build_delete(&b, IKE_PROTO_ESP, &sa->child.spi_in, 1);
	sa->resp_msgid = in->hdr.msgid;
	if (ike_out_send(ike, sa, &b, true) != 0)
		return;
	if (del_ike)
		ike_sa_gone(ike, sa, "deleted by the peer");
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
	sa->dpd_misses = 0;
	if (sa->state == IKE_ST_DELETING)
		ike_sa_gone(ike, sa, "deleted");
}
