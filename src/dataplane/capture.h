/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture - monitor capture: frames seen at one port, in, out or both,
 * chosen by a BPF filter that libpcap compiles, written with pcap_dump to
 * a file tcpdump and Wireshark read.
 *
 * Contract: capture_open does everything that can fail (compiling the
 * filter, creating the file); capture_frame never fails, only stops
 * taking frames once the packet limit is reached. A capture is used by
 * one thread at a time (the dataplane calls it under its lock).
 */
#ifndef VGW_CAPTURE_H
#define VGW_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "lib/strbuf.h"

/* Bounds of a capture (its packet limit is configured). */
#define CAPTURE_SNAPLEN	65535	/* bytes kept of a frame; the rest is cut */

struct capture;

/* Checks a filter as libpcap compiles it for Ethernet; false with
 * libpcap's message in err. */
bool		 capture_filter_ok(const char *filter, struct strbuf *err);

/* NULL with the reason in err. */
struct capture	*capture_open(const struct cfg_capture *, struct strbuf *err);
/* Flushes and closes the file. */
void		 capture_close(struct capture *);
/* Offers a frame seen in direction dir (CAP_IN or CAP_OUT). */
void		 capture_frame(struct capture *, enum cfg_direction dir,
		    const uint8_t *frame, size_t len);
const struct cfg_capture *capture_config(const struct capture *);
uint64_t	 capture_count(const struct capture *);
/* The packet limit was reached. */
bool		 capture_full(const struct capture *);

#endif
