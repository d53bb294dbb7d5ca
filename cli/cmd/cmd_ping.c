/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_ping - ping and traceroute from the router: the source address is
 * chosen here (given, an interface's, or the address of the interface the
 * route leaves by), then the probes run as a job (probe.c) so the router
 * keeps serving everyone else while they wait.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "dataplane/dataplane.h"
#include "lib/inet.h"
#include "cli/probe.h"

#define PING_COUNT	5	/* IOS's defaults */
#define PING_SIZE	100
#define PING_TIMEOUT	2
#define TRACE_PROBES	3
#define TRACE_MAX_TTL	30

/* The router's address named by word (an address it has, or an interface
 * with one); prints why not. */
static bool
named_source(struct cli_def *cli, const char *word, uint32_t *src)
{
	const struct config *c = router_running(cmd_router(cli));
	const struct cfg_interface *i;
	uint32_t a;
	bool is_addr = inet_parse_addr(word, &a);

	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		if (i->has_addr && (is_addr ? i->addr == a : strcmp(i->name, word) == 0)) {
			*src = i->addr;
			return true;
		}
	cli_print(cli, "%% Invalid source: %s is not %s of this router", word,
	    is_addr ? "an address" : "an interface with an address");
	return false;
}

/* The address of the interface the route to dst leaves by. */
static bool
route_source(struct cli_def *cli, uint32_t dst, uint32_t *src)
{
	struct router *r = cmd_router(cli);
	const struct rib *rib = router_rib(r);
	const struct cfg_interface *i;
	char a[INET_ADDR_BUF];
	long k = rib_lookup(rib, dst);

	if (k >= 0 && rib_route(rib, (size_t)k)->out_if[0] != '\0' &&
	    (i = config_interface_find((struct config *)(uintptr_t)router_running(r),
	    rib_route(rib, (size_t)k)->out_if)) != NULL &&
	    i->has_addr) {
		*src = i->addr;
		return true;
	}
	cli_print(cli, "%% No route to %s", inet_format_addr(dst, a));
	return false;
}

/* Parses "A.B.C.D" and the options in any order (source X, count N,
 * size N, df-bit, timeout N, probe N, ttl N) into req; prints what was
 * wrong. */
static bool
parse_probe(struct cli_def *cli, char **argv, int argc, struct probe_req *req)
{
	const char *source = NULL;
	int i;

	if (!cmd_engine_running(cli))
		return false;
	if (!dataplane_has_punt(router_dataplane(cmd_router(cli)))) {
		cli_print(cli, "%% The router cannot send: the punt path to the "
		    "kernel is not running (see show logging)");
		return false;
	}
	inet_parse_addr(argv[0], &req->dst);
	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "df-bit") == 0) {
			req->df = true;
			i--;
		} else if (strcmp(argv[i], "source") == 0)
			source = argv[i + 1];
		else if (strcmp(argv[i], "count") == 0 || strcmp(argv[i], "probe") == 0)
			req->count = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "size") == 0)
			req->size = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "timeout") == 0)
			req->timeout_ms = 1000 * (unsigned)strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "ttl") == 0)
			req->max_ttl = (unsigned)strtoul(argv[i + 1], NULL, 10);
	}
	return source ? named_source(cli, source, &req->src) :
	    route_source(cli, req->dst, &req->src);
}

static int
start(struct cli_def *cli, char **argv, int argc, struct probe_req *defaults,
    job_fn fn)
{
	struct probe_req *req = malloc(sizeof(*req));

	if (req == NULL)
		return CLI_ERROR;
	*req = *defaults;
	if (!parse_probe(cli, argv, argc, req)) {
		free(req);
		return CLI_ERROR;
	}
	return cmd_start_job(cli, fn, req, free);
}

static int
ping(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct probe_req d = { .count = PING_COUNT, .size = PING_SIZE,
	    .timeout_ms = PING_TIMEOUT * 1000 };

	(void)cmd;
	return start(cli, argv, argc, &d, probe_ping);
}

static int
traceroute(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct probe_req d = { .count = TRACE_PROBES, .timeout_ms = PING_TIMEOUT * 1000,
	    .max_ttl = TRACE_MAX_TTL };

	(void)cmd;
	return start(cli, argv, argc, &d, probe_traceroute);
}

static const char *const ping_help[] = {
	"Destination address", "Source address", "Source interface",
	"Echoes to send (default 5)", "Datagram size in bytes (default 100)",
	"Seconds to wait for each reply (default 2)",
	NULL,
};
static const char *const trace_help[] = {
	"Destination address", "Source address", "Source interface",
	"Probes per hop (default 3)", "Seconds to wait for each probe (default 2)",
	"Largest TTL (default 30)", NULL,
};

const struct cmd_def cmd_ping_defs[] = {
	{ M_EXEC, PRIV_USER, "ping", "A.B.C.D { source ( A.B.C.D | WORD ) | "
	    "count <1-100000> | size <36-18024> | df-bit | timeout <0-3600> }",
	    ping_help, ping },
	{ M_EXEC, PRIV_USER, "traceroute", "A.B.C.D { source ( A.B.C.D | WORD ) | "
	    "probe <1-10> | timeout <1-3600> | ttl <1-255> }", trace_help,
	    traceroute },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
