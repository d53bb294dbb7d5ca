/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_natd - the NAT detection hash (ike_natd.h).
 */
#include "ike_natd.h"

#include <openssl/evp.h>

int
ike_natd_hash(uint64_t spi_i, uint64_t spi_r, uint32_t addr, uint16_t port,
    uint8_t out[IKE_NATD_LEN])
{
	uint8_t in[22];
	unsigned int len = 0;
	int i;

	for (i = 0; i < 8; i++) {
		in[i] = (uint8_t)(spi_i >> (56 - 8 * i));
		in[8 + i] = (uint8_t)(spi_r >> (56 - 8 * i));
	}
	in[16] = (uint8_t)(addr >> 24);
	in[17] = (uint8_t)(addr >> 16);
	in[18] = (uint8_t)(addr >> 8);
	in[19] = (uint8_t)addr;
	in[20] = (uint8_t)(port >> 8);
	in[21] = (uint8_t)port;
	if (EVP_Digest(in, sizeof(in), out, &len, EVP_sha1(), NULL) != 1 ||
	    len != IKE_NATD_LEN)
		return -1;
	return 0;
}
