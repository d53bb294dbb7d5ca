/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_capture - monitor capture: the capture point statement (config),
 * starting and stopping it (EXEC), and show monitor capture.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "dataplane/capture.h"
#include "dataplane/dataplane.h"

static bool
filter_ok(struct cli_def *cli, const char *filter)
{
	struct strbuf err = STRBUF_INIT;
	bool ok;

	if (strlen(filter) > CFG_FILTER_MAX || strchr(filter, '"') != NULL) {
		cli_print(cli, "%% Capture filter must be at most %d characters "
		    "without double quotes", CFG_FILTER_MAX);
		return false;
	}
	if (!(ok = capture_filter_ok(filter, &err)))
		cli_print(cli, "%% Invalid capture %s", strbuf_str(&err));
	strbuf_free(&err);
	return ok;
}

/* argv: NAME interface IF [direction D] [filter F] [limit packets N] file PATH */
static int
capture_point(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_capture cap;
	int i;

	if (strncmp(cmd, "no ", 3) == 0) {
		if (!config_capture_remove(cmd_candidate(cli), argv[0])) {
			cli_print(cli, "%% No capture \"%s\"", argv[0]);
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	memset(&cap, 0, sizeof(cap));
	if (!cmd_check_name(cli, "capture", argv[0]) ||
	    !cmd_check_name(cli, "interface", argv[2]))
		return CLI_ERROR;
	snprintf(cap.name, sizeof(cap.name), "%s", argv[0]);
	snprintf(cap.ifname, sizeof(cap.ifname), "%s", argv[2]);
	for (i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "direction") == 0)
			cap.direction = argv[i + 1][0] == 'i' ? CAP_IN :
			    argv[i + 1][0] == 'o' ? CAP_OUT : CAP_BOTH;
		else if (strcmp(argv[i], "filter") == 0) {
			if (!filter_ok(cli, argv[i + 1]))
				return CLI_ERROR;
			snprintf(cap.filter, sizeof(cap.filter), "%s", argv[i + 1]);
		} else if (strcmp(argv[i], "limit") == 0)
			cap.limit = (uint32_t)strtoul(argv[++i + 1], NULL, 10);
		else {
			if (!cmd_check_path(cli, "Capture file", argv[i + 1]))
				return CLI_ERROR;
			snprintf(cap.file, sizeof(cap.file), "%s", argv[i + 1]);
		}
	}
	config_capture_set(cmd_candidate(cli), &cap);
	return CLI_OK;
}

static int
capture_control(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct dataplane *dp = router_dataplane(cmd_router(cli));
	const struct cfg_capture *cap;
	struct strbuf err = STRBUF_INIT;
	uint64_t n;

	(void)cmd;
	(void)argc;
	if (!cmd_engine_running(cli))
		return CLI_ERROR;
	if (strcmp(argv[1], "stop") == 0) {
		if (dataplane_capture_stop(dp, argv[0], &n) != 0) {
			cli_print(cli, "%% Capture %s is not running", argv[0]);
			return CLI_ERROR;
		}
		cli_print(cli, "Capture %s stopped: %llu packets written", argv[0],
		    (unsigned long long)n);
		return CLI_OK;
	}
	if ((cap = config_capture_find(router_running(cmd_router(cli)),
	    argv[0])) == NULL) {
		cli_print(cli, "%% No capture %s in the running configuration", argv[0]);
		return CLI_ERROR;
	}
	if (dataplane_capture_start(dp, cap, &err) != 0) {
		cli_print(cli, "%% Cannot start capture %s: %s", argv[0], strbuf_str(&err));
		strbuf_free(&err);
		return CLI_ERROR;
	}
	cli_print(cli, "Capture %s started on %s, writing %s", cap->name,
	    cap->ifname, cap->file);
	return CLI_OK;
}

static void
print_capture(struct cli_def *cli, const struct cfg_capture *cap)
{
	static const char *const dir[] = { "both", "in", "out" };
	struct dataplane *dp = router_dataplane(cmd_router(cli));
	uint64_t n = 0;
	bool full = false, running;

	running = dp != NULL && dataplane_capture_status(dp, cap->name, &n, &full);
	cli_print(cli, "Capture %s: interface %s, direction %s", cap->name,
	    cap->ifname, dir[cap->direction % 3]);
	cli_print(cli, "  Filter: %s", cap->filter[0] ? cap->filter : "(every packet)");
	if (cap->limit)
		cli_print(cli, "  Limit: %u packets", cap->limit);
	else
		cli_print(cli, "  Limit: none");
	cli_print(cli, "  File: %s", cap->file);
	if (!running)
		cli_print(cli, "  Status: stopped");
	else
		cli_print(cli, "  Status: %s, %llu packets written",
		    full ? "limit reached" : "running", (unsigned long long)n);
}

static int
show_monitor_capture(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct config *c = router_running(cmd_router(cli));
	const struct cfg_capture *cap;

	(void)cmd;
	if (argc > 0) {
		if ((cap = config_capture_find(c, argv[0])) == NULL) {
			cli_print(cli, "%% No capture %s in the running configuration",
			    argv[0]);
			return CLI_ERROR;
		}
		print_capture(cli, cap);
		return CLI_OK;
	}
	for (cap = config_capture_first(c); cap; cap = config_capture_next(c, cap))
		print_capture(cli, cap);
	return CLI_OK;
}

#define POINT_SYNTAX "WORD interface WORD [ direction ( in | out | both ) ] " \
	"[ filter WORD ] [ limit packets <1-100000000> ] file WORD"

static const char *const point_help[] = {
	"Capture name", "Interface name", "BPF filter, quoted (as tcpdump's)",
	"Packets to write before stopping", "Absolute path of the pcap file", NULL,
};
static const char *const name_help[] = { "Capture name", NULL };
static const char *const control_help[] = {
	"Capture name", NULL,
};

const struct cmd_def cmd_capture_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "monitor capture", POINT_SYNTAX, point_help, capture_point },
	{ M_CONFIG, PRIV_ADMIN, "no monitor capture", "WORD", name_help, capture_point },
	{ M_EXEC, PRIV_ADMIN, "monitor capture", "WORD ( start | stop )", control_help,
	    capture_control },
	{ M_EXEC, PRIV_USER, "show monitor capture", "[ WORD ]", name_help,
	    show_monitor_capture },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
