/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_ipsec_ike - what IKEv2 reads of a tunnel beyond its fields: the
 * effective proposals and identities, and the syntax of an FQDN identity
 * and of a pre-shared key; see config_ipsec.h.
 */
#include "config_impl.h"

/* The bounds as the messages below word them. */
_Static_assert(CFG_FQDN_MAX == 253 && CFG_FQDN_LABEL_MAX == 63 &&
    SECRET_CLEAR_MAX == 256, "the messages name the bounds");

/* Offered when a tunnel has no `ike proposal` (vgw.conf(5) lists them). */
static const struct ike_algs default_ike[] = {
	{ IKE_ENCR_AES128_GCM16, IKE_INTEG_NONE, IKE_PRF_SHA256, IKE_DH_ECP256 },
	{ IKE_ENCR_AES256_GCM16, IKE_INTEG_NONE, IKE_PRF_SHA384, IKE_DH_ECP384 },
	{ IKE_ENCR_AES256_CBC, IKE_INTEG_SHA256_128, IKE_PRF_SHA256, IKE_DH_MODP2048 },
	{ IKE_ENCR_AES128_GCM16, IKE_INTEG_NONE, IKE_PRF_SHA256, IKE_DH_CURVE25519 },
};

/* ... and without `esp proposal`: no PFS, which every peer accepts. */
static const struct esp_algs default_esp[] = {
	{ ESP_AES128_GCM16, IKE_DH_NONE },
	{ ESP_AES256_GCM16, IKE_DH_NONE },
	{ ESP_AES256_SHA256, IKE_DH_NONE },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const struct ike_algs *
config_tunnel_ike_proposals(const struct cfg_tunnel *t, unsigned *n)
{
	if (t->nike == 0) {
		*n = NELEM(default_ike);
		return default_ike;
	}
	*n = t->nike;
	return t->ike_proposal;
}

unsigned
config_tunnel_esp_proposals(const struct cfg_tunnel *t,
    struct esp_algs out[CFG_PROPOSALS_MAX])
{
	unsigned i;

	if (t->nproposals == 0) {
		memcpy(out, default_esp, sizeof(default_esp));
		return NELEM(default_esp);
	}
	for (i = 0; i < t->nproposals; i++) {
		out[i].alg = t->proposal[i];
		out[i].dh = t->proposal_dh[i];
	}
	return t->nproposals;
}

static struct cfg_ike_id
address_id(uint32_t addr)
{
	struct cfg_ike_id id;

	memset(&id, 0, sizeof(id));
	id.type = ID_ADDRESS;
	id.addr = addr;
	return id;
}

struct cfg_ike_id
config_tunnel_local_id(const struct cfg_tunnel *t, uint32_t local)
{
	return t->local_id.type != ID_DEFAULT ? t->local_id : address_id(local);
}

struct cfg_ike_id
config_tunnel_remote_id(const struct cfg_tunnel *t)
{
	return t->remote_id.type != ID_DEFAULT ? t->remote_id : address_id(t->peer);
}

bool
config_fqdn_ok(const char *name, const char **why)
{
	const char *label = name, *end;
	size_t len;

	if (strlen(name) > CFG_FQDN_MAX) {
		*why = "at most 253 characters";
		return false;
	}
	for (;;) {
		end = strchrnul(label, '.');
		len = (size_t)(end - label);
		if (len == 0 || len > CFG_FQDN_LABEL_MAX) {
			*why = "labels (between dots) of 1 to 63 characters";
			return false;
		}
		if (strspn(label, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-") < len) {
			*why = "only letters, digits, hyphens and dots";
			return false;
		}
		if (label[0] == '-' || end[-1] == '-') {
			*why = "no label starts or ends with a hyphen";
			return false;
		}
		if (*end == '\0')
			break;
		label = end + 1;
	}
	if (strspn(label, "0123456789") == len) {
		*why = "the last label not all digits (for an address: "
		    "address A.B.C.D)";
		return false;
	}
	return true;
}

bool
config_psk_ok(const uint8_t *clear, size_t len, const char **why)
{
	size_t i;

	if (len == 0 || len > SECRET_CLEAR_MAX) {
		*why = "1 to 256 characters";
		return false;
	}
	for (i = 0; i < len; i++)
		if (clear[i] < 0x20 || clear[i] > 0x7e) {
			*why = "printable ASCII characters only";
			return false;
		}
	return true;
}
