/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/commit - the time to commit a configuration of 1M static routes
 * (an Internet-size table) over one without them: the whole commit
 * procedure (validate, select routes, build the FIB, record the commit),
 * then the forwarding engine's snapshot of it. The anchor, in the same
 * run, is config_clone of the same configuration: the cost of merely
 * copying it once. JSON lines on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "lib/inet.h"
#include "route/rib.h"
#include "router.h"
#include "engine/snapshot.h"

#define NROUTES		1000000

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
slot_of(void *arg, const char *name)
{
	(void)arg;
	return name[3] - '0';	/* wan0, wan1 */
}

/* wan0 and wan1, and NROUTES distinct prefixes (mostly /24, as the
 * Internet) over their two gateways, with priorities 1..4. */
static struct config *
table(void)
{
	struct config *c = config_new();
	struct cfg_interface *i;
	struct cfg_route r;
	unsigned long rng = 7, k;

	for (k = 0; k < 2; k++) {
		i = config_interface_get(c, k ? "wan1" : "wan0");
		i->has_addr = true;
		i->addr = 0xc6336401 + (uint32_t)(k << 8);	/* 198.51.100/101.1 */
		i->plen = 24;
	}
	memset(&r, 0, sizeof(r));
	r.nh_kind = NH_ADDRESS;
	while (config_route_count(c) < NROUTES) {
		rng = rng * 6364136223846793005UL + 1442695040888963407UL;
		r.plen = (rng >> 60) < 12 ? 24 : (uint8_t)(16 + (rng >> 61));
		r.prefix = (uint32_t)(rng >> 32) & inet_mask(r.plen);
		if ((r.prefix >> 24) == 0 || (r.prefix >> 24) >= 224 ||
		    (r.prefix >> 24) == 198)
			continue;
		r.nh_addr = 0xc6336402 + (uint32_t)((rng >> 20 & 1) << 8);
		r.priority = (uint8_t)(1 + (rng >> 24 & 3));
		config_route_set(c, &r);
	}
	return c;
}

int
main(void)
{
	char dir[] = "/tmp/vgw-bench-commit.XXXXXX";
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct config *c, *copy;
	struct snapshot *s;
	struct router *r;
	double t0, t_commit, t_snap, t_clone;
	char cmd[64];

	if (mkdtemp(dir) == NULL || (r = router_new(dir, &err)) == NULL) {
		fprintf(stderr, "bench/commit: %s\n", err.buf ? err.buf : "mkdtemp");
		return 1;
	}
	c = table();
	t0 = now();
	copy = config_clone(c);
	t_clone = now() - t0;
	config_free(copy);
	t0 = now();
	if (router_commit_config(r, c, "bench", "1M routes", &out) != 0) {
		fprintf(stderr, "bench/commit: %s\n", out.buf);
		return 1;
	}
	t_commit = now() - t0;
	t0 = now();
	s = snapshot_build(r->running, r->rib, slot_of, NULL, 1);
	t_snap = now() - t0;
	printf("{\"bench\":\"commit\",\"routes\":%lu,\"commit_s\":%.3f,"
	    "\"snapshot_s\":%.3f,\"total_s\":%.3f,\"target_s\":2.0,"
	    "\"fib_mb\":%.1f,\"anchor_clone_s\":%.3f,\"ratio_to_anchor\":%.2f}\n",
	    config_route_count(r->running), t_commit, t_snap, t_commit + t_snap,
	    rib_fib_memory(r->rib) / 1048576.0, t_clone,
	    (t_commit + t_snap) / t_clone);
	snapshot_free(s);
	config_free(c);
	router_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : 1;
}
