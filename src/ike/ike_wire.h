/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_wire - the numbers of IKEv2's wire format (RFC 7296 §3 and the IANA
 * "IKEv2 Parameters" registries) and their names for logs.
 *
 * Contract
 * - Only the numbers vgw's exchanges read or write are named; any other
 *   value a peer sends is still carried through (the parser keeps unknown
 *   payload types, the exchanges decide) and printed as "NOTIFY(12345)",
 *   "PAYLOAD(99)" or "EXCHANGE(99)".
 * - Each list of names is one X-macro, so a number and its name are written
 *   once.
 * - The name functions are pure: they return a static string, or write the
 *   numeric form into the caller's buffer (IKE_NAME_MAX bytes suffice) and
 *   return it. Any thread.
 */
#ifndef VGW_IKE_WIRE_H
#define VGW_IKE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define IKE_HDR_LEN		28	/* §3.1: SPIs, next payload ... length */
#define IKE_PL_HDR_LEN		4	/* §3.2: the generic payload header */
#define IKE_SPI_LEN		8	/* an IKE SA's SPI */
#define IKE_CHILD_SPI_LEN	4	/* an AH or ESP SA's SPI */
#define IKE_VERSION_MAJOR	2
#define IKE_CRITICAL		0x80	/* §3.2: the generic header's C bit */
#define IKE_NAME_MAX		16	/* "NOTIFY(65535)" and its NUL */

/* §3.1 exchange types */
#define IKE_EXCHANGES(X) \
	X(IKE_SA_INIT, 34) \
	X(IKE_AUTH, 35) \
	X(CREATE_CHILD_SA, 36) \
	X(INFORMATIONAL, 37)

/* §3.1 header flags; the other bits are reserved, ignored on receipt */
enum ike_flag {
	IKE_FLAG_I = 0x08,		/* sent by the original initiator */
	IKE_FLAG_V = 0x10,		/* can speak a higher major version */
	IKE_FLAG_R = 0x20,		/* a response */
};

/* §3.2 payload types: the enum name, the short name for logs */
#define IKE_PAYLOADS(X) \
	X(SA, "SA", 33) \
	X(KE, "KE", 34) \
	X(IDI, "IDi", 35) \
	X(IDR, "IDr", 36) \
	X(CERT, "CERT", 37) \
	X(CERTREQ, "CERTREQ", 38) \
	X(AUTH, "AUTH", 39) \
	X(NONCE, "No", 40) \
	X(NOTIFY, "N", 41) \
	X(DELETE, "D", 42) \
	X(VENDOR, "V", 43) \
	X(TSI, "TSi", 44) \
	X(TSR, "TSr", 45) \
	X(SK, "SK", 46) \
	X(CP, "CP", 47) \
	X(EAP, "EAP", 48) \
	X(SKF, "SKF", 53)	/* RFC 7383 */

/* §3.3.1 protocol IDs */
enum ike_protocol {
	IKE_PROTO_IKE = 1,
	IKE_PROTO_AH = 2,
	IKE_PROTO_ESP = 3,
};

/* §3.3 substructure markers */
enum ike_substruc {
	IKE_SUB_LAST = 0,
	IKE_SUB_MORE_PROPOSALS = 2,
	IKE_SUB_MORE_TRANSFORMS = 3,
};

/* §3.3.2 transform types */
enum ike_xf_type {
	IKE_XF_ENCR = 1,
	IKE_XF_PRF = 2,
	IKE_XF_INTEG = 3,
	IKE_XF_DH = 4,
	IKE_XF_ESN = 5,
};

/* §3.3.5 transform attributes: the AF bit marks the TV (fixed) format */
#define IKE_ATTR_TV		0x8000
#define IKE_ATTR_KEY_LENGTH	14	/* TV only */

/* §3.5 identification types */
enum ike_id_type {
	IKE_ID_IPV4_ADDR = 1,
	IKE_ID_FQDN = 2,
	IKE_ID_RFC822_ADDR = 3,
	IKE_ID_IPV6_ADDR = 5,
	IKE_ID_KEY_ID = 11,
};

/* §3.8 authentication methods */
enum ike_auth_method {
	IKE_AUTH_SHARED_KEY = 2,	/* shared key message integrity code */
};

/* §3.13.1 traffic selector types, and their lengths: type, protocol,
 * length and ports, then the start and end addresses */
enum ike_ts_type {
	IKE_TS_IPV4_ADDR_RANGE = 7,
	IKE_TS_IPV6_ADDR_RANGE = 8,
};
#define IKE_TS_HDR_LEN		8
#define IKE_TS_IPV4_LEN		(IKE_TS_HDR_LEN + 2 * 4)
#define IKE_TS_IPV6_LEN		(IKE_TS_HDR_LEN + 2 * 16)

/* §3.15 configuration types and the attributes vgw knows by name; the
 * attribute type is 15 bits, the top bit reserved */
enum ike_cfg_type {
	IKE_CFG_REQUEST = 1,
	IKE_CFG_REPLY = 2,
	IKE_CFG_SET = 3,
	IKE_CFG_ACK = 4,
};
enum ike_cfg_attr {
	IKE_CFG_INTERNAL_IP4_ADDRESS = 1,
	IKE_CFG_INTERNAL_IP4_NETMASK = 2,
	IKE_CFG_INTERNAL_IP4_DNS = 3,
	IKE_CFG_INTERNAL_IP4_SUBNET = 13,
};
#define IKE_CFG_ATTR_TYPE_MASK	0x7fff

/* §3.10.1 notify message types: errors below 16384, status from 16384 */
#define IKE_NOTIFIES(X) \
	X(UNSUPPORTED_CRITICAL_PAYLOAD, 1) \
	X(INVALID_IKE_SPI, 4) \
	X(INVALID_MAJOR_VERSION, 5) \
	X(INVALID_SYNTAX, 7) \
	X(INVALID_MESSAGE_ID, 9) \
	X(INVALID_SPI, 11) \
	X(NO_PROPOSAL_CHOSEN, 14) \
	X(INVALID_KE_PAYLOAD, 17) \
	X(AUTHENTICATION_FAILED, 24) \
	X(SINGLE_PAIR_REQUIRED, 34) \
	X(NO_ADDITIONAL_SAS, 35) \
	X(INTERNAL_ADDRESS_FAILURE, 36) \
	X(FAILED_CP_REQUIRED, 37) \
	X(TS_UNACCEPTABLE, 38) \
	X(INVALID_SELECTORS, 39) \
	X(TEMPORARY_FAILURE, 43) \
	X(CHILD_SA_NOT_FOUND, 44) \
	X(INITIAL_CONTACT, 16384) \
	X(SET_WINDOW_SIZE, 16385) \
	X(ADDITIONAL_TS_POSSIBLE, 16386) \
	X(IPCOMP_SUPPORTED, 16387) \
	X(NAT_DETECTION_SOURCE_IP, 16388) \
	X(NAT_DETECTION_DESTINATION_IP, 16389) \
	X(COOKIE, 16390) \
	X(USE_TRANSPORT_MODE, 16391) \
	X(REKEY_SA, 16393) \
	X(ESP_TFC_PADDING_NOT_SUPPORTED, 16394) \
	X(NON_FIRST_FRAGMENTS_ALSO, 16395) \
	X(MOBIKE_SUPPORTED, 16396) \
	X(MULTIPLE_AUTH_SUPPORTED, 16404) \
	X(EAP_ONLY_AUTHENTICATION, 16417) \
	X(IKEV2_MESSAGE_ID_SYNC_SUPPORTED, 16420) \
	X(FRAGMENTATION_SUPPORTED, 16430) \
	X(SIGNATURE_HASH_ALGORITHMS, 16431)

#define IKE_NOTIFY_STATUS_MIN	16384	/* below: an error type */

#define IKE_EXCHANGE_ENUM(name, num) IKE_EXCH_##name = num,
enum ike_exchange { IKE_EXCHANGES(IKE_EXCHANGE_ENUM) };
#undef IKE_EXCHANGE_ENUM

#define IKE_PAYLOAD_ENUM(name, text, num) IKE_PL_##name = num,
/* IKE_PL_NONE ends a chain */
enum ike_payload_type { IKE_PL_NONE = 0, IKE_PAYLOADS(IKE_PAYLOAD_ENUM) };
#undef IKE_PAYLOAD_ENUM

#define IKE_NOTIFY_ENUM(name, num) IKE_N_##name = num,
enum ike_notify_type { IKE_NOTIFIES(IKE_NOTIFY_ENUM) };
#undef IKE_NOTIFY_ENUM

/* "NO_PROPOSAL_CHOSEN", or "NOTIFY(12345)" written into buf[len]. */
const char	*ike_notify_name(uint16_t type, char *buf, size_t len);
/* "SA", "IDi", "No", "SK", or "PAYLOAD(99)" written into buf[len]. */
const char	*ike_payload_name(uint8_t type, char *buf, size_t len);
/* "IKE_SA_INIT", or "EXCHANGE(99)" written into buf[len]. */
const char	*ike_exchange_name(uint8_t type, char *buf, size_t len);

#endif
