/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ipsec_drops - why the IPsec path drops a packet: one list, one text
 * each. The engine's ENGINE_DROPS takes the list whole (so each reason has
 * one counter in `show engine statistics`), and the IPsec functions return
 * enum ipsec_drop, whose values follow the same order.
 */
#ifndef VGW_IPSEC_DROPS_H
#define VGW_IPSEC_DROPS_H

#define IPSEC_DROPS(X) \
	X(ESP_TRUNCATED, "ESP: truncated") \
	X(ESP_BLOCKS, "ESP: payload not a whole number of cipher blocks") \
	X(ESP_FRAG_TIMEOUT, "ESP: outer fragments not all in before the timeout") \
	X(ESP_FRAG_OVERLAP, "ESP: outer fragments overlap (RFC 5722), datagram dropped") \
	X(ESP_FRAG_DUPLICATE, "ESP: outer fragment duplicated") \
	X(ESP_FRAG_LENGTH, "ESP: outer fragments of inconsistent lengths or past 64 KiB") \
	X(ESP_FRAG_FULL, "ESP: reassembly full (datagrams, bytes, or fragments in one)") \
	X(ESP_UNKNOWN_SPI, "ESP: unknown SPI") \
	X(ESP_EXPIRED, "ESP: SA past its hard lifetime") \
	X(ESP_REPLAYED, "ESP: replayed") \
	X(ESP_TOO_OLD, "ESP: too old for the replay window") \
	X(ESP_ICV, "ESP: ICV did not verify") \
	X(ESP_PADDING, "ESP: bad padding") \
	X(ESP_DUMMY, "ESP: dummy packet (next header 59)") \
	X(ESP_NEXT_HEADER, "ESP: next header not IPv4") \
	X(ESP_INNER, "ESP: decrypted packet not a sane IPv4 packet") \
	X(ESP_TOO_BIG, "ESP: packet too big to encapsulate") \
	X(ESP_CRYPTO, "ESP: the transform failed") \
	X(NATT_KEEPALIVE, "NAT-T keepalive (RFC 3948), ignored") \
	X(IPSEC_SELECTORS, "IPsec: decrypted packet outside the tunnel's selectors") \
	X(IPSEC_CLEARTEXT, "IPsec: cleartext packet that policy says must be protected") \
	X(IPSEC_DISCARD, "IPsec: SPD discard") \
	X(IPSEC_NO_SA, "IPsec: no outbound SA for the tunnel") \
	X(IPSEC_PEER_UNROUTED, "IPsec: no route to the tunnel's peer outside a tunnel")

#define IPSEC_DROP_ENUM(name, text) IPSEC_DROP_##name,
/* IPSEC_PASS: not dropped. */
enum ipsec_drop { IPSEC_PASS, IPSEC_DROPS(IPSEC_DROP_ENUM) IPSEC_DROP_COUNT };
#undef IPSEC_DROP_ENUM

#endif
