/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_peer_config - swanctl.conf for the office's side (ike_peer_config.h).
 */
#include "ike/ike_peer_config.h"

#include "lib/inet.h"

static void
put_id(struct strbuf *out, const struct cfg_ike_id *id)
{
	char a[INET_ADDR_BUF];

	if (id->type == ID_FQDN)
		strbuf_printf(out, "%s", id->fqdn);
	else
		strbuf_printf(out, "%s", inet_format_addr(id->addr, a));
}

/* "10.1.0.0/16,10.2.0.0/16"; any address when the list is empty. */
static void
put_networks(struct strbuf *out, const struct cfg_prefix *net, unsigned n)
{
	char a[INET_ADDR_BUF];
	unsigned i;

	if (n == 0)
		strbuf_puts(out, "0.0.0.0/0");
	for (i = 0; i < n; i++)
		strbuf_printf(out, "%s%s/%u", i ? "," : "",
		    inet_format_addr(net[i].addr, a), net[i].plen);
}

void
ike_peer_config_strongswan(const struct cfg_tunnel *t, uint32_t local,
    const uint8_t *psk, size_t psk_len, struct strbuf *out)
{
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	const struct ike_algs *ike;
	struct cfg_ike_id mine = config_tunnel_local_id(t, local);
	struct cfg_ike_id theirs = config_tunnel_remote_id(t);
	char word[IKE_ALGS_NAME_MAX], a[INET_ADDR_BUF];
	unsigned n, i;
	size_t k;

	strbuf_printf(out, "# The office side of vgw tunnel %s, for strongSwan's "
	    "swanctl.conf\n", t->name);
	if (psk != NULL)
		strbuf_puts(out, "# WARNING: this text holds the pre-shared key in "
		    "clear: keep it secret\n");
	strbuf_printf(out, "connections {\n    %s {\n        version = 2\n",
	    t->name);
	strbuf_printf(out, "        local_addrs = %s\n", inet_format_addr(t->peer, a));
	strbuf_printf(out, "        remote_addrs = %s\n", inet_format_addr(local, a));
	strbuf_puts(out, "        proposals = ");
	ike = config_tunnel_ike_proposals(t, &n);
	for (i = 0; i < n; i++) {
		ike_algs_name(&ike[i], word, sizeof(word));
		strbuf_printf(out, "%s%s", i ? "," : "", word);
	}
	strbuf_printf(out, "\n        rekey_time = %us\n", t->ike_lifetime);
	if (t->dpd_interval > 0)
		strbuf_printf(out, "        dpd_delay = %us\n", t->dpd_interval);
	strbuf_printf(out, "        encap = %s\n", t->natt == NATT_FORCE ? "yes" : "no");
	strbuf_puts(out, "        mobike = no\n");
	strbuf_puts(out, "        local {\n            auth = psk\n            id = ");
	put_id(out, &theirs);
	strbuf_puts(out, "\n        }\n        remote {\n            auth = psk\n"
	    "            id = ");
	put_id(out, &mine);
	strbuf_printf(out, "\n        }\n        children {\n            %s {\n"
	    "                local_ts = ", t->name);
	put_networks(out, t->remote_net, t->nremote);
	strbuf_puts(out, "\n                remote_ts = ");
	put_networks(out, t->local_net, t->nlocal);
	strbuf_puts(out, "\n                esp_proposals = ");
	n = config_tunnel_esp_proposals(t, esp);
	for (k = 0; k < n; k++) {
		esp_algs_name(&esp[k], word, sizeof(word));
		strbuf_printf(out, "%s%s%s", k ? "," : "", word, t->esn ? "-esn" : "");
	}
	strbuf_printf(out, "\n                rekey_time = %us\n", t->esp_lifetime);
	if (t->esp_lifetime_kb > 0)
		strbuf_printf(out, "                rekey_bytes = %llu\n",
		    (unsigned long long)t->esp_lifetime_kb * 1024);
	/* the side that does not initiate is started by the other */
	strbuf_printf(out, "                start_action = %s\n",
	    t->start == START_RESPOND ? "start" : "none");
	strbuf_printf(out, "                dpd_action = %s\n",
	    t->start == START_RESPOND ? "restart" : "clear");
	strbuf_printf(out, "            }\n        }\n    }\n}\nsecrets {\n    ike-%s {\n"
	    "        id-1 = ", t->name);
	put_id(out, &theirs);
	strbuf_puts(out, "\n        id-2 = ");
	put_id(out, &mine);
	strbuf_puts(out, "\n        secret = ");
	if (psk == NULL)
		strbuf_puts(out, "\"<the pre-shared key: shown to privilege 15 only>\"");
	else {
		strbuf_puts(out, "0x");
		for (k = 0; k < psk_len; k++)
			strbuf_printf(out, "%02x", psk[k]);
	}
	strbuf_puts(out, "\n    }\n}\n");
}
