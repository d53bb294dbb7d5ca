/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_wire - names of IKEv2's numbers, for logs (see ike_wire.h). */
#include <stdio.h>

#include "ike/ike_wire.h"

struct name {
	unsigned	 num;
	const char	*name;
};

#define NOTIFY_NAME(name, num)		{ num, #name },
#define PAYLOAD_NAME(name, text, num)	{ num, text },
#define EXCHANGE_NAME(name, num)	{ num, #name },
static const struct name notify_names[] = { IKE_NOTIFIES(NOTIFY_NAME) };
static const struct name payload_names[] = { IKE_PAYLOADS(PAYLOAD_NAME) };
static const struct name exchange_names[] = { IKE_EXCHANGES(EXCHANGE_NAME) };
#define LOOKUP(table, num, kind, buf, len) \
	lookup(table, sizeof(table) / sizeof(table[0]), num, kind, buf, len)

/* The name of num in table[n], or "KIND(num)" written into buf[len]. */
static const char *
lookup(const struct name *table, size_t n, unsigned num, const char *kind, char *buf, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].num == num)
			return table[i].name;
	snprintf(buf, len, "%s(%u)", kind, num);
	return buf;
}

const char *
ike_notify_name(uint16_t type, char *buf, size_t len)
{
	return LOOKUP(notify_names, type, "NOTIFY", buf, len);
}

const char *
ike_payload_name(uint8_t type, char *buf, size_t len)
{
	return LOOKUP(payload_names, type, "PAYLOAD", buf, len);
}

const char *
ike_exchange_name(uint8_t type, char *buf, size_t len)
{
	return LOOKUP(exchange_names, type, "EXCHANGE", buf, len);
}
