/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_natd - the NAT detection hash of IKEv2 (RFC 7296 §2.23): SHA-1 of
 * SPIi | SPIr | IP address | port, the notify data of
 * NAT_DETECTION_SOURCE_IP and NAT_DETECTION_DESTINATION_IP.
 *
 * Contract: SPIs as they are on the wire (8 bytes each, SPIr zero in an
 * IKE_SA_INIT request), address and port in host order (written in network
 * order); -1 only when OpenSSL fails. Any thread.
 */
#ifndef VGW_IKE_NATD_H
#define VGW_IKE_NATD_H

#include <stdint.h>

#define IKE_NATD_LEN	20

int	ike_natd_hash(uint64_t spi_i, uint64_t spi_r, uint32_t addr, uint16_t port,
	    uint8_t out[IKE_NATD_LEN]);

#endif
