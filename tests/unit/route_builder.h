/* SPDX-License-Identifier: GPL-3.0-or-later */
/* route_builder - a cfg_route from its parts, for the model's test suites. */
#ifndef VGW_ROUTE_BUILDER_H
#define VGW_ROUTE_BUILDER_H

#include <stdio.h>
#include <string.h>

#include "config/config.h"

static inline struct cfg_route
make_route(uint32_t prefix, uint8_t plen, enum cfg_nexthop kind, uint32_t nh,
    const char *name, uint8_t prio)
{
	struct cfg_route r;

	memset(&r, 0, sizeof(r));
	r.prefix = prefix;
	r.plen = plen;
	r.nh_kind = kind;
	r.nh_addr = nh;
	if (name)
		snprintf(r.nh_name, sizeof(r.nh_name), "%s", name);
	r.priority = prio;
	return r;
}

#endif
