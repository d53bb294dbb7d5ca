/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_child - the CREATE_CHILD_SA exchange (RFC 7296 §1.3). vgw does not
 * yet rekey: a peer's request is answered NO_ADDITIONAL_SAS (§1.3), which
 * makes a peer fall back to a new IKE SA when its CHILD_SA ends.
 */
#include "ike/ike_impl.h"

void
ike_child_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_notify n = { .type = IKE_N_NO_ADDITIONAL_SAS };
	struct ike_build b;

	ike_out_begin(ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, true, in->hdr.msgid);
	ike_build_notify(&b, &n);
	sa->resp_msgid = in->hdr.msgid;
	(void)ike_out_send(ike, sa, &b, true);
}
