/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tap - TAP devices: the ports of the forwarding engine. Each is opened
 * IFF_TAP | IFF_NO_PI | IFF_VNET_HDR with checksum and TCP segmentation
 * offload, so the kernel side hands over and accepts 64 KiB TCP segments
 * with a struct pkt_offload in front of every frame: one system call per
 * segment instead of one per 1500-byte frame. UDP segmentation offload
 * (TUN_F_USO4, kernel 6.2 and later) is asked for as well and taken when
 * the kernel grants it: frames of PKT_GSO_UDP_L4 may then pass both ways.
 *
 * Contract: needs CAP_NET_ADMIN. The device exists while its descriptor is
 * open (not persistent): closing it removes the device, wherever its
 * kernel side was moved.
 */
#ifndef VGW_TAP_H
#define VGW_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "engine/pkt.h"
#include "lib/strbuf.h"

/* Opens (creating) the TAP device name, non-blocking; *uso (when not
 * NULL) says whether it took UDP segmentation offload. -1 with a reason
 * in err. */
int	 tap_open(const char *name, bool *uso, struct strbuf *err);
/* Link up or down as the kernel side sees it (carrier). */
int	 tap_set_carrier(int fd, bool up);
/* Brings the kernel side administratively up in the current namespace. */
int	 tap_set_up(const char *name);
/* The kernel side's MAC address. */
int	 tap_get_mac(const char *name, uint8_t mac[6]);
bool	 tap_write(int fd, const uint8_t *frame, size_t len, const struct pkt_offload *off);

#endif
