/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the session core: line behaviour of CLI.md. */
#include "session_fixture.h"

#include <ctype.h>

#include "cli/filter.h"
#include "autoconf.h"

static void
test_prompts_and_modes(void)
{
	struct session *s;
	struct strbuf p = STRBUF_INIT;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw#");
	fx_ok(s, (const char *[]){ "conf t", "int lan0", NULL });
	strbuf_reset(&p);
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw(config-if)#");
	fx_ok(s, (const char *[]){ "exit", NULL });	/* one level up */
	strbuf_reset(&p);
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw(config)#");
	fx_ok(s, (const char *[]){ "int lan0", NULL });
	/* a new interface with nothing set is a change: non-interactive end refuses */
	CU_ASSERT_EQUAL(fx_run(s, "end"), SESSION_ERROR);
	CU_ASSERT(fx_has("Uncommitted changes"));
	fx_ok(s, (const char *[]){ "abort", NULL });
	strbuf_reset(&p);
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw#");
	CU_ASSERT_EQUAL(fx_run(s, "exit"), SESSION_CLOSED);
	strbuf_free(&p);
	session_free(s);
	fx_teardown();
}

static void
test_ios_errors(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	CU_ASSERT_EQUAL(fx_run(s, "show foo"), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(), "show foo\n     ^\n"
	    "% Invalid input detected at '^' marker.\n");
	CU_ASSERT_EQUAL(fx_run(s, "show"), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(), "% Incomplete command.\n");
	CU_ASSERT_EQUAL(fx_run(s, "c"), SESSION_ERROR);	/* configure, copy, clear */
	CU_ASSERT_STRING_EQUAL(fx_text(), "% Ambiguous command: \"c\"\n");
	fx_ok(s, (const char *[]){ "conf t", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "ip route 10.0.0.0 255.0.255.0 1.2.3.4"), SESSION_ERROR);
	CU_ASSERT(fx_has("                  ^"));	/* under the mask */
	CU_ASSERT_EQUAL(fx_run(s, "ip route 10.0.0.1/8 1.2.3.4"), SESSION_ERROR);
	CU_ASSERT(fx_has("host bits set: did you mean 10.0.0.0/8?"));
	CU_ASSERT_EQUAL(fx_run(s, "hostname a b"), SESSION_ERROR);
	CU_ASSERT(fx_has("^"));
	session_free(s);
	fx_teardown();
}

static void
test_abbreviations_and_comments(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "! a comment", "", "   ", "conf t",
	    "hostn gw1", "ip ro 10.0.0.0/8 null0 pri 5", "commit", "end", NULL });
	fx_ok(s, (const char *[]){ "sh run", NULL });
	CU_ASSERT(fx_has("hostname gw1\n"));
	CU_ASSERT(fx_has("ip route 10.0.0.0 255.0.0.0 null0 priority 5\n"));
	session_free(s);
	fx_teardown();
}

static void
test_help_never_runs(void)
{
	struct session *s;
	struct strbuf out = STRBUF_INIT;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	CU_ASSERT_EQUAL(session_help(s, "conf", &out), SESSION_OK);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "configure\n");
	strbuf_reset(&out);
	CU_ASSERT_EQUAL(session_help(s, "configure ", &out), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "terminal  Configure from the terminal\n"));
	strbuf_reset(&out);
	CU_ASSERT_EQUAL(session_help(s, "configure terminal ", &out), SESSION_OK);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "  <cr>  \n");
	strbuf_reset(&out);
	session_prompt(s, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "vgw#");	/* nothing ran */
	fx_ok(s, (const char *[]){ "conf t", NULL });
	strbuf_reset(&out);
	session_help(s, "ip route 10.0.0.0/8 ", &out);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "A.B.C.D"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "interface"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "null0"));
	CU_ASSERT_PTR_NULL(strstr(strbuf_str(&out), "<cr>"));
	strbuf_reset(&out);
	session_help(s, "ip route 10.0.0.0/8 null0 ", &out);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "priority"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "<cr>"));
	strbuf_reset(&out);
	CU_ASSERT_EQUAL(session_help(s, "ip bogus ", &out), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "% Unrecognized command\n");
	strbuf_reset(&out);
	session_help(s, "do sh", &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "show\n");
	/* a line ending in a ? word (a script's) gets the terminal's help
	 * for what precedes it; a ? word elsewhere is refused; neither runs */
	strbuf_reset(&out);
	session_help(s, "hostname ", &out);
	CU_ASSERT_EQUAL(fx_run(s, "hostname ?"), SESSION_OK);
	CU_ASSERT_STRING_EQUAL(fx_text(), strbuf_str(&out));
	CU_ASSERT_EQUAL(fx_run(s, "hostname ? x"), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(), "% Use ? at the end of a line for help\n");
	CU_ASSERT_STRING_EQUAL(config_hostname(cmd_candidate_for_test(s)), "vgw");
	strbuf_reset(&out);
	session_help(s, "do show clock | utility ", &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "  head  First lines of the output (10 unless -n N)\n");
	strbuf_reset(&out);
	session_complete(s, "ho", &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "hostname\n");
	strbuf_free(&out);
	session_free(s);
	fx_teardown();
}

static void
test_filters(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "conf t", "interface lan0",
	    "description office LAN", "ip address 10.1.0.1/16", "exit",
	    "interface wan0", "ip address 198.51.100.1 255.255.255.0", "exit",
	    "ip route 10.10.0.0/16 198.51.100.11", "commit", "end", NULL });
	fx_ok(s, (const char *[]){ "show running-config | include ip address", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), " ip address 10.1.0.1 255.255.0.0\n"
	    " ip address 198.51.100.1 255.255.255.0\n");
	fx_ok(s, (const char *[]){ "sh run | i address | e 198", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), " ip address 10.1.0.1 255.255.0.0\n");
	fx_ok(s, (const char *[]){ "sh run | sec interface wan0", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "interface wan0\n"
	    " ip address 198.51.100.1 255.255.255.0\n");
	fx_ok(s, (const char *[]){ "sh run | begin ^ip route", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "ip route 10.10.0.0 255.255.0.0 198.51.100.11\n!\nend\n");
	fx_ok(s, (const char *[]){ "sh run | count interface", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "Number of lines which match regexp = 2\n");
	CU_ASSERT_EQUAL(fx_run(s, "sh run | frobnicate x"), SESSION_ERROR);
	CU_ASSERT(fx_has("Unknown filter"));
	CU_ASSERT_EQUAL(fx_run(s, "sh run | include ("), SESSION_ERROR);
	CU_ASSERT(fx_has("Bad regular expression"));
	CU_ASSERT_EQUAL(fx_run(s, "sh run | include"), SESSION_ERROR);
	/* found by fuzzing: nested intervals make regcomp take minutes */
	CU_ASSERT_EQUAL(fx_run(s, "sh run | include ((a{1,99}){1,99}){99}"), SESSION_ERROR);
	CU_ASSERT(fx_has("too complex"));
	CU_ASSERT_EQUAL(fx_run(s, "sh run | include a++++++++++++++++++++++++"), SESSION_ERROR);
	CU_ASSERT_EQUAL(fx_run(s, "sh run | include (a*)\\1"), SESSION_ERROR);
	fx_ok(s, (const char *[]){ "sh run | include ^ip route [0-9]{1,3}\\.", NULL });
	/* IOS-XR's utility head, as Ansible's cisco.iosxr asks it */
	fx_ok(s, (const char *[]){ "sh run | utility head -n 3 | exclude !", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "Building configuration...\n\n");
	fx_ok(s, (const char *[]){ "sh run | in addr | u head", NULL });
	CU_ASSERT(fx_has("198.51.100.1"));
	CU_ASSERT_EQUAL(fx_run(s, "sh run | utility tail"), SESSION_ERROR);
	CU_ASSERT(fx_has("% Unknown utility"));
	CU_ASSERT_EQUAL(fx_run(s, "sh run | utility head -n"), SESSION_ERROR);
	session_free(s);
	fx_teardown();
}

static void
test_submode_fallback_and_do(void)
{
	struct session *s;
	struct strbuf p = STRBUF_INIT;

	fx_setup();
	s = session_new(fx_router, "root", 15, true);	/* failed lines do not block its commit */
	fx_ok(s, (const char *[]){ "configure terminal", "interface lan0",
	    "hostname gw2", NULL });
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw(config)#");	/* moved up */
	fx_ok(s, (const char *[]){ "interface lan0", NULL });
	/* a global command that fails does not move the prompt */
	CU_ASSERT_EQUAL(fx_run(s, "ip route 10.0.0.1/8 null0"), SESSION_ERROR);
	strbuf_reset(&p);
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw(config-if)#");
	fx_ok(s, (const char *[]){ "ip route 10.0.0.0/8 null0", NULL });
	fx_ok(s, (const char *[]){ "do show version", NULL });
	CU_ASSERT(fx_has("vgw Software (vgwd), Version"));
	fx_ok(s, (const char *[]){ "commit", NULL });
	CU_ASSERT_EQUAL(config_route_count(fx_router->running), 1);
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "gw2");
	strbuf_free(&p);
	session_free(s);
	fx_teardown();
}

static void
test_privilege_and_enable(void)
{
	struct session *admin, *user;
	struct strbuf p = STRBUF_INIT;

	fx_setup();
	admin = session_new(fx_router, "root", 15, false);
	user = session_new(fx_router, "bob", 1, true);
	CU_ASSERT_EQUAL(fx_run(user, "show running-config"), SESSION_ERROR);
	CU_ASSERT(fx_has("Invalid input"));
	fx_ok(user, (const char *[]){ "show privilege", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "Current privilege level is 1\n");
	CU_ASSERT_EQUAL(fx_run(user, "configure terminal"), SESSION_ERROR);
	CU_ASSERT_EQUAL(fx_run(user, "enable"), SESSION_ERROR);
	CU_ASSERT(fx_has("% No password set"));
	fx_ok(admin, (const char *[]){ "conf t", "enable secret 0 s3cret",
	    "commit", "end", NULL });
	CU_ASSERT_EQUAL(fx_run(user, "enable"), SESSION_ASK);
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_answer(user, "wrong", &fx_out), SESSION_ASK);
	CU_ASSERT_EQUAL(session_answer(user, "s3cret", &fx_out), SESSION_OK);
	session_prompt(user, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw#");
	fx_ok(user, (const char *[]){ "show privilege", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "Current privilege level is 15\n");
	fx_ok(user, (const char *[]){ "show running-config", NULL });
	CU_ASSERT(!fx_has("s3cret"));
	CU_ASSERT(fx_has("enable secret 9 $9$"));
	fx_ok(user, (const char *[]){ "disable", NULL });
	CU_ASSERT_EQUAL(fx_run(user, "enable"), SESSION_ASK);
	strbuf_reset(&fx_out);
	session_answer(user, "a", &fx_out);
	session_answer(user, "b", &fx_out);
	CU_ASSERT_EQUAL(session_answer(user, "c", &fx_out), SESSION_ERROR);
	CU_ASSERT(fx_has("% Bad secrets"));
	strbuf_free(&p);
	session_free(admin);
	session_free(user);
	fx_teardown();
}

static void
test_uncommitted_question(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, true);
	fx_ok(s, (const char *[]){ "conf t", "hostname q1", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "end"), SESSION_ASK);
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_answer(s, "", &fx_out), SESSION_OK);	/* cancel: stay */
	CU_ASSERT_EQUAL(fx_run(s, "end"), SESSION_ASK);
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_answer(s, "yes", &fx_out), SESSION_OK);
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "q1");
	fx_ok(s, (const char *[]){ "conf t", "hostname q2", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "exit"), SESSION_ASK);
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_answer(s, "no", &fx_out), SESSION_OK);
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "q1");
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_eof(s, &fx_out), SESSION_OK);
	session_free(s);
	fx_teardown();
}

static void
test_script_transaction_with_errors(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "conf t", "hostname t1", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "ip route 300.0.0.0/8 null0"), SESSION_ERROR);
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("% Failed to commit one or more configuration items."));
	CU_ASSERT(fx_has("% Error: 1 line of this transaction failed"));
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "vgw");
	fx_ok(s, (const char *[]){ "show configuration failed", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "1 line of this transaction failed; "
	    "nothing applied\n");
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_eof(s, &fx_out), SESSION_ERROR);
	CU_ASSERT(fx_has("discarded"));
	session_free(s);
	fx_teardown();
}

/* The show commands in the shape IOS automation parses (Ansible's facts). */
static void
test_ios_shows(void)
{
	const char *version = "vgw Software (vgwd), Version " PACKAGE_VERSION "\n";
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "conf t", "hostname edge1", "interface lan0",
	    "ip address 10.1.0.1/24", "mtu 1400", "interface wan0", "shutdown",
	    "commit", "end", "show version", NULL });
	CU_ASSERT_EQUAL(strncmp(fx_text(), version, strlen(version)), 0);
	CU_ASSERT(fx_has("\nedge1 uptime is 0 days, 0 hours, "));
	fx_ok(s, (const char *[]){ "show ip interface", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(),
	    "lan0 is up, line protocol is up\n"
	    "  Internet address is 10.1.0.1/24\n"
	    "  MTU is 1400 bytes\n"
	    "wan0 is administratively down, line protocol is down\n"
	    "  Internet protocol processing disabled\n"
	    "  MTU is 1500 bytes\n");
	fx_ok(s, (const char *[]){ "show ip interface lan0", NULL });
	CU_ASSERT(fx_has("lan0 is up") && !fx_has("wan0"));
	CU_ASSERT_EQUAL(fx_run(s, "show ip interface lan9"), SESSION_ERROR);
	CU_ASSERT(fx_has("% No such interface \"lan9\""));
	fx_ok(s, (const char *[]){ "show ip interface brief", NULL });
	CU_ASSERT(fx_has("Interface "));
	fx_ok(s, (const char *[]){ "show ipv6 interface", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "");
	/* IOS-XR's timestamp before an answer, off unless asked for */
	fx_ok(s, (const char *[]){ "terminal exec prompt timestamp", "show clock", NULL });
	/* "Fri Dec  4 16:30:00.123 UTC", then the clock */
	CU_ASSERT(fx_text()[19] == '.' && fx_text()[23] == ' ');
	CU_ASSERT_EQUAL(strchr(strchr(fx_text(), '\n') + 1, '\n')[1], '\0');
	fx_ok(s, (const char *[]){ "terminal exec prompt no-timestamp", "show ipv6 interface", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "");
	session_free(s);
	fx_teardown();
}

/* show running-config STATEMENT: the statements that start so, with the
 * lines under them (IOS-XR's section filters; cisco.iosxr reads hostname). */
static void
test_running_config_sections(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	CU_ASSERT_EQUAL(fx_run(s, "show running-config hostname"), SESSION_ERROR);
	CU_ASSERT(fx_has("% No such configuration item(s)"));	/* the default */
	fx_ok(s, (const char *[]){ "conf t", "hostname xr1", "logging buffered 8192",
	    "interface lan0", "ip address 10.0.0.1/24", "interface lan1",
	    "ip route 10.9.0.0/16 null0", "ip route 10.8.0.0/16 null0",
	    "commit", "end", "show running-config hostname", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "hostname xr1\n!\n");
	fx_ok(s, (const char *[]){ "show running-config logging", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "logging buffered 8192\n!\n");
	fx_ok(s, (const char *[]){ "sh run int lan0", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(),
	    "interface lan0\n ip address 10.0.0.1 255.255.255.0\n!\n");
	fx_ok(s, (const char *[]){ "show running-config interface", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(),
	    "interface lan0\n ip address 10.0.0.1 255.255.255.0\n!\n"
	    "interface lan1\n!\n");
	fx_ok(s, (const char *[]){ "show running-config ip route", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "ip route 10.8.0.0 255.255.0.0 null0\n"
	    "ip route 10.9.0.0 255.255.0.0 null0\n!\n");
	/* whole words: `interface lan` names no interface */
	CU_ASSERT_EQUAL(fx_run(s, "show running-config interface lan"), SESSION_ERROR);
	session_free(s);
	fx_teardown();
}

static void
test_refused_commit(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, true);
	fx_ok(s, (const char *[]){ "conf t", "ip route 10.0.0.0/8 interface nosuch0",
	    NULL });
	fx_ok(s, (const char *[]){ "show commit changes diff", NULL });	/* IOS-XR's name */
	CU_ASSERT_STRING_EQUAL(fx_text(), "+ip route 10.0.0.0 255.0.0.0 interface nosuch0\n");
	CU_ASSERT_EQUAL(fx_run(s, "commit check"), SESSION_ERROR);
	CU_ASSERT(fx_has("% The candidate configuration is not valid."));
	CU_ASSERT_EQUAL(fx_run(s, "commit show-error"), SESSION_ERROR);
	CU_ASSERT(fx_has("% Failed to commit"));
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	/* IOS-XR's words (netmiko and Ansible look for "Failed to"), then
	 * each error as "% Error:" (Ansible's cisco.ios looks for that) */
	CU_ASSERT(fx_has("% Failed to commit one or more configuration items. "
	    "Please issue 'show configuration failed' to view the errors\n"
	    "% Error: ip route 10.0.0.0 255.0.0.0 interface nosuch0: "));
	fx_ok(s, (const char *[]){ "show configuration failed", NULL });
	CU_ASSERT_EQUAL(strncmp(fx_text(), "ip route 10.0.0.0 255.0.0.0 "
	    "interface nosuch0: ", 39), 0);
	fx_ok(s, (const char *[]){ "abort", "show configuration failed", NULL });
	CU_ASSERT(fx_has("interface nosuch0"));		/* in EXEC too */
	fx_ok(s, (const char *[]){ "conf t", "hostname r1", "commit",
	    "show configuration failed", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), "");		/* the last commit went in */
	session_free(s);
	fx_teardown();
}

static void
test_commit_on_exit(void)
{
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "ansible", 15, true);
	session_set_commit_on_exit(s, true);
	/* end commits instead of asking */
	fx_ok(s, (const char *[]){ "conf t", "interface lan0",
	    "ip address 10.0.0.1/24", "end", NULL });
	CU_ASSERT_PTR_NOT_NULL(config_interface_find(fx_router->running, "lan0"));
	CU_ASSERT_EQUAL(s->mode, CMD_MODE_EXEC);
	/* exit from global config and a commit before end, too */
	fx_ok(s, (const char *[]){ "conf t", "hostname e1", "exit", NULL });
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "e1");
	fx_ok(s, (const char *[]){ "conf t", "hostname e2", "commit", "end", NULL });
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "e2");
	/* refused: an error, and the session stays with its candidate */
	fx_ok(s, (const char *[]){ "conf t", "hostname e3",
	    "ip route 10.9.0.0/16 interface nosuch0", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "end"), SESSION_ERROR);
	CU_ASSERT(fx_has("% Failed to commit one or more configuration items"));
	CU_ASSERT(fx_has("% Error: ip route 10.9.0.0 255.255.0.0 interface nosuch0"));
	CU_ASSERT_EQUAL(s->mode, CMD_MODE_CONFIG);
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "e2");
	fx_ok(s, (const char *[]){ "abort", NULL });
	/* a line that failed keeps the rest out, as in a script */
	fx_ok(s, (const char *[]){ "conf t", "hostname e4", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "no interface nosuch0"), SESSION_ERROR);
	CU_ASSERT_EQUAL(fx_run(s, "end"), SESSION_ERROR);
	CU_ASSERT(fx_has("% Error: 1 line of this transaction failed"));
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "e2");
	session_free(s);
	fx_teardown();
}

static void
test_commit_comment_quotes(void)
{
	struct commit_info ci[2];
	struct session *s;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "conf t", "hostname c1",
	    "commit comment \"from netmiko\"", "hostname c2",
	    "commit comment it's \"as typed\"", NULL });
	CU_ASSERT_EQUAL_FATAL(commitdb_list(fx_router->db, ci, 2), 2);
	CU_ASSERT_STRING_EQUAL(ci[0].comment, "it's \"as typed\"");
	CU_ASSERT_STRING_EQUAL(ci[1].comment, "from netmiko");
	session_free(s);
	fx_teardown();
}

static void
test_long_lines_refused(void)
{
	struct session *s;
	struct strbuf line = STRBUF_INIT;
	int i;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	for (i = 0; i < 5000; i++)
		strbuf_putc(&line, 'x');
	CU_ASSERT_EQUAL(fx_run(s, line.buf), SESSION_ERROR);
	CU_ASSERT(fx_has("Line too long"));
	strbuf_reset(&line);
	for (i = 0; i < 200; i++)
		strbuf_puts(&line, "a ");
	CU_ASSERT_EQUAL(fx_run(s, line.buf), SESSION_ERROR);
	CU_ASSERT(fx_has("Too many words"));
	strbuf_free(&line);
	/* a line break inside a line would store its rest in a description,
	 * a statement of its own when the configuration is read back */
	fx_ok(s, (const char *[]){ "conf t", "interface lan0", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "description a\nhostname evil"), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(),
	    "% Line contains a line feed (LF) at column 14\n");
	CU_ASSERT_EQUAL(fx_run(s, "description a\rb"), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(),
	    "% Line contains a carriage return (CR) at column 14\n");
	/* a line the client refused fails the transaction as if it had run */
	fx_ok(s, (const char *[]){ "abort", "conf t", "hostname gw2", NULL });
	strbuf_reset(&fx_out);
	CU_ASSERT_EQUAL(session_refused(s, "% Line too long\n", &fx_out),
	    SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(), "% Line too long\n");
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("1 line of this transaction failed"));
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "vgw");
	session_free(s);
	fx_teardown();
}

/*
 * The style of help texts (keywords.c): commands are described by a verb
 * phrase, arguments and placeholders by a noun phrase without a leading
 * article; capitalised, no full stop. The verbs are those in use: a new
 * verb joins the list, a noun phrase must not start with one.
 */
static const char *const help_verbs[] = { "Add", "Apply", "Begin", "Clear",
	"Close", "Configure", "Copy", "Count", "Debug", "Define", "Describe",
	"Disable", "Discard", "Display", "Enable", "Enter", "Erase", "Exclude",
	"Include", "Leave", "Manage", "Negate", "Remove", "Replace", "Reset",
	"Restore", "Return", "Roll", "Run", "Save", "Send", "Set", "Show",
	"Shut", "Start", "Stop", "Trace", "Turn", "Undo", "Validate", "Write",
	NULL };
static int help_faults;

/* Whether the first word of help is one of words. */
static bool
starts_with(const char *help, const char *const *words)
{
	size_t n = strcspn(help, " ,:");

	for (; *words != NULL; words++)
		if (strlen(*words) == n && strncmp(help, *words, n) == 0)
			return true;
	return false;
}

static void
check_help(const char *where, const char *help, bool command)
{
	static const char *const articles[] = { "A", "An", "The", NULL };
	size_t len = strlen(help);

	if (len == 0 || !isupper((unsigned char)help[0]) ||
	    help[len - 1] == '.' || starts_with(help, help_verbs) != command ||
	    starts_with(help, articles)) {
		fprintf(stderr, "\n%s: \"%s\" is not a %s phrase", where, help,
		    command ? "verb" : "noun");
		help_faults++;
	}
}

/* Every keyword of every command path, in every mode: a verb phrase. */
static void
check_commands(const struct cli_command *c)
{
	for (; c != NULL; c = c->next) {
		check_help(c->full_command_name, c->help, true);
		check_commands(c->children);
	}
}

/* Arguments: the keywords among them and the placeholders, whose help
 * texts go in order (one each: a surplus would shift them). */
static void
check_arguments(const struct cmd_def *d)
{
	char *syntax = strdup(d->syntax), *t, *save;
	int nplace = 0, nhelp = 0;

	for (t = strtok_r(syntax, " ", &save); t != NULL;
	    t = strtok_r(NULL, " ", &save))
		if (strchr("()[]{}|", t[0]) != NULL)
			continue;
		else if (strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
		    strlen(t))		/* a keyword, as grammar.c tells them */
			check_help(d->path, grammar_keyword_help(t), false);
		else
			nplace++;
	free(syntax);
	for (; d->help != NULL && d->help[nhelp] != NULL; nhelp++)
		check_help(d->path, d->help[nhelp], false);
	if (nhelp != nplace) {
		fprintf(stderr, "\n%s: %d placeholders, %d help texts", d->path,
		    nplace, nhelp);
		help_faults++;
	}
}

static void
test_help_style(void)
{
	const struct cmd_table *t;
	const struct cmd_def *d;
	struct grammar_choice ch[16];
	char *words[] = { "include", NULL };
	struct session *s;
	int i, n;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	help_faults = 0;
	check_commands(s->cli->commands);
	for (t = cmd_tables; t->defs != NULL; t++)
		for (d = t->defs; d->path != NULL; d++)
			if (d->syntax != NULL)
				check_arguments(d);
	/* filters act on the output: commands; their regular expression and
	 * the next `|` are arguments */
	n = filter_choices(NULL, 0, "", ch, 16);
	for (i = 0; i < n; i++)
		check_help(ch[i].word, ch[i].help, true);
	n = filter_choices(words, 1, "", ch, 16);
	for (i = 0; i < n; i++)
		if (strcmp(ch[i].word, "<cr>") != 0)
			check_help(ch[i].word, ch[i].help, false);
	CU_ASSERT_EQUAL(help_faults, 0);
	session_free(s);
	fx_teardown();
}

static void
test_control_characters_refused(void)
{
	struct session *s;
	const struct cfg_interface *ifp;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "conf t", "interface lan0", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "description first\nend"), SESSION_ERROR);
	CU_ASSERT_EQUAL(fx_run(s, "description \x1b[2J"), SESSION_ERROR);
	CU_ASSERT_STRING_EQUAL(fx_text(), "% Line contains a control character "
	    "0x1B (ESC) at column 13\n");
	CU_ASSERT_EQUAL(fx_run(s, "description bell\a"), SESSION_ERROR);
	CU_ASSERT(fx_has("0x07 (BEL) at column 17"));
	ifp = config_interface_find(cmd_candidate_for_test(s), "lan0");
	CU_ASSERT_STRING_EQUAL(ifp->description, "");
	/* TAB is a blank: free text holds it as a space */
	fx_ok(s, (const char *[]){ "description\ta\tb\t", NULL });
	CU_ASSERT_STRING_EQUAL(ifp->description, "a b");
	/* nor does the history keep a refused line's control characters */
	fx_ok(s, (const char *[]){ "do show history", NULL });
	CU_ASSERT(!fx_has("\x1b"));
	CU_ASSERT(!fx_has("first\n"));
	session_free(s);
	fx_teardown();
}

/*
 * A configuration file holds configuration statements only: EXEC commands
 * (do), commit, and leaving config mode are errors of their lines and never
 * run; end closes the text; a NUL is an error of its line.
 */
static void
test_config_file_statements_only(void)
{
	static const char text[] =
	    "hostname half\n"
	    "commit\n"
	    "do erase startup-config\n"
	    "interface lan0\n"
	    " description kept\n"
	    " exit\n"
	    " end\n"
	    "abort\n"
	    "show configuration\n"
	    "hostname whole\n"
	    "end\n"
	    "! a comment, then a blank line\n"
	    "\n"
	    "hostname after\n";
	struct strbuf errs = STRBUF_INIT, path = STRBUF_INIT, self = STRBUF_INIT;
	struct session *s;
	struct config *c;
	char *startup;
	uint64_t generation;
	int nerr;
	FILE *f;

	fx_setup();
	s = session_new(fx_router, "root", 15, false);
	fx_ok(s, (const char *[]){ "conf t", "hostname keep", "commit", "end",
	    "write memory", NULL });
	generation = fx_router->generation;
	c = session_parse_config(fx_router, text, sizeof(text) - 1, "f", &errs, &nerr);
	CU_ASSERT_EQUAL(nerr, 7);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&errs),
	    "f:2: % Not a configuration statement: commit\n"
	    "f:3: % Not a configuration statement: do\n"
	    "f:6: % Not a configuration statement: exit\n"
	    "f:7: % Not a configuration statement: end\n"
	    "f:8: % Not a configuration statement: abort\n"
	    "f:9: % Not a configuration statement: show configuration\n"
	    "f:14: % Text after end\n");
	CU_ASSERT_STRING_EQUAL(config_hostname(c), "whole");
	CU_ASSERT_STRING_EQUAL(config_interface_find(c, "lan0")->description, "kept");
	config_free(c);
	/* nothing ran: no commit, startup-config still there */
	CU_ASSERT_EQUAL(fx_router->generation, generation);
	CU_ASSERT_STRING_EQUAL(config_hostname(fx_router->running), "keep");
	startup = commitdb_read_startup(fx_router->db, NULL);
	CU_ASSERT_PTR_NOT_NULL(startup);
	free(startup);

	/* a NUL is a control character of its line, not the end of the text */
	strbuf_reset(&errs);
	c = session_parse_config(fx_router, "hostname a\n\0\nhostname b\n", 24, "f",
	    &errs, &nerr);
	CU_ASSERT_EQUAL(nerr, 1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&errs),
	    "f:2: % Line contains a NUL byte at column 1\n");
	CU_ASSERT_STRING_EQUAL(config_hostname(c), "b");
	config_free(c);

	/* a file that replaces itself is one error, not a recursion */
	strbuf_printf(&path, "%s/self.cfg", fx_dir);
	strbuf_printf(&self, "hostname loop\ndo configure replace %s\n", path.buf);
	f = fopen(path.buf, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(self.buf, f);
	fclose(f);
	strbuf_reset(&errs);
	c = session_parse_config(fx_router, self.buf, self.len, path.buf, &errs, &nerr);
	CU_ASSERT_EQUAL(nerr, 1);
	CU_ASSERT(strstr(strbuf_str(&errs), ":2: % Not a configuration statement: do\n") != NULL);
	config_free(c);
	strbuf_free(&errs);
	strbuf_free(&path);
	strbuf_free(&self);
	session_free(s);
	fx_teardown();
}

static CU_TestInfo tests[] = {
	{ "prompts and modes", test_prompts_and_modes },
	{ "IOS error texts and caret", test_ios_errors },
	{ "abbreviations and comments", test_abbreviations_and_comments },
	{ "? and TAB never run anything", test_help_never_runs },
	{ "filters chained and abbreviated", test_filters },
	{ "sub-mode fallback and do", test_submode_fallback_and_do },
	{ "privilege 1 and enable secret", test_privilege_and_enable },
	{ "uncommitted-changes question", test_uncommitted_question },
	{ "script transaction with errors", test_script_transaction_with_errors },
	{ "show version, ip interface, ipv6 interface as IOS", test_ios_shows },
	{ "show running-config STATEMENT", test_running_config_sections },
	{ "refused commit: IOS-XR words, show configuration failed", test_refused_commit },
	{ "commit-on-exit: leaving configuration mode commits", test_commit_on_exit },
	{ "commit comment \"text\" without its quotes", test_commit_comment_quotes },
	{ "over-long lines and line breaks are refused", test_long_lines_refused },
	{ "control characters are refused", test_control_characters_refused },
	{ "a configuration file holds statements only", test_config_file_statements_only },
	{ "help texts: verbs for commands, nouns for arguments", test_help_style },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "session"
#include "cunit_main.h"
