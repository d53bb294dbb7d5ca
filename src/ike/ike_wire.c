/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_wire - names of IKEv2's numbers, for logs (see ike_wire.h). */
#include <stdio.h>

#include "ike/ike_wire.h"

/* The numeric form, for a number no list names. */
static const char *
numeric(const char *kind, unsigned num, char *buf, size_t len)
{
	snprintf(buf, len, "%s(%u)", kind, num);
	return buf;
}

const char *
ike_notify_name(uint16_t type, char *buf, size_t len)
{
	switch (type) {
#define IKE_NOTIFY_CASE(name, num) case num: return #name;
	IKE_NOTIFIES(IKE_NOTIFY_CASE)
#undef IKE_NOTIFY_CASE
	}
	return numeric("NOTIFY", type, buf, len);
}

const char *
ike_payload_name(uint8_t type, char *buf, size_t len)
{
	switch (type) {
#define IKE_PAYLOAD_CASE(name, text, num) case num: return text;
	IKE_PAYLOADS(IKE_PAYLOAD_CASE)
#undef IKE_PAYLOAD_CASE
	}
	return numeric("PAYLOAD", type, buf, len);
}

const char *
ike_exchange_name(uint8_t type, char *buf, size_t len)
{
	switch (type) {
#define IKE_EXCHANGE_CASE(name, num) case num: return #name;
	IKE_EXCHANGES(IKE_EXCHANGE_CASE)
#undef IKE_EXCHANGE_CASE
	}
	return numeric("EXCHANGE", type, buf, len);
}
