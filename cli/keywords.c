/*
 * keywords - one help text per keyword of the command language, shared by
 * every mode, so `?` describes a word the same way wherever it appears.
 */
#include "grammar.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *word, *help;
} dict[] = {	/* sorted by word */
	{ "0", "The secret follows in clear text (it is hashed at once)" },
	{ "9", "The secret follows as a type-9 (scrypt) hash" },
	{ "abort", "Discard the candidate configuration and leave" },
	{ "address", "Set the IPv4 address of the interface" },
	{ "all", "All of them" },
	{ "arp", "ARP: the neighbour table" },
	{ "begin", "Start at the first line that matches" },
	{ "both", "Both directions" },
	{ "brief", "One line each" },
	{ "buffered", "The log buffer in memory, and its size" },
	{ "capture", "A packet capture point (libpcap)" },
	{ "changes", "What a commit changed" },
	{ "check", "Validate the candidate, apply nothing" },
	{ "clear", "Reset functions" },
	{ "clock", "Display the system clock" },
	{ "comment", "Describe this commit" },
	{ "commit", "Validate and apply the candidate configuration" },
	{ "configuration", "Configuration changes and commit history" },
	{ "configure", "Enter configuration mode" },
	{ "confirmed", "Roll back by itself unless committed again in time" },
	{ "copy", "Copy a configuration" },
	{ "count", "How many" },
	{ "counters", "Interface and engine counters" },
	{ "debug", "Debugging functions (see also 'undebug')" },
	{ "debugging", "State of each debugging option" },
	{ "default", "Restore a setting to its default" },
	{ "description", "Interface description" },
	{ "df-bit", "Set the don't-fragment bit" },
	{ "direction", "Which frames: arriving, leaving or both" },
	{ "disable", "Leave privileged mode" },
	{ "do", "Run an EXEC command" },
	{ "enable", "Enter privileged mode / the privileged-mode secret" },
	{ "end", "Leave configuration mode" },
	{ "engine", "The forwarding engine" },
	{ "erase", "Erase a file" },
	{ "exit", "Leave this mode" },
	{ "file", "The file to write" },
	{ "filter", "A BPF filter expression, as tcpdump's" },
	{ "history", "The lines typed in this session" },
	{ "hostname", "Set the system's name" },
	{ "in", "Arriving" },
	{ "interface", "An interface" },
	{ "interfaces", "Interface status and counters" },
	{ "ip", "IP configuration" },
	{ "last", "Counting back from the newest commit" },
	{ "length", "Lines per screen (0: no paging)" },
	{ "limit", "A limit" },
	{ "list", "The commit history" },
	{ "logging", "Logging" },
	{ "logout", "End this session" },
	{ "mac-address", "Set the interface's MAC address" },
	{ "memory", "Save the running configuration as startup-config" },
	{ "monitor", "Copy log messages to this session" },
	{ "mtu", "Set the interface MTU" },
	{ "no", "Negate a command or set its defaults" },
	{ "null0", "Discard the traffic" },
	{ "out", "Leaving" },
	{ "packets", "A number of packets" },
	{ "ping", "Send ICMP echoes from the router" },
	{ "priority", "Route priority: lower wins, equal spreads the load" },
	{ "privilege", "Privilege level of the user" },
	{ "probe", "Probes per hop" },
	{ "replace", "Replace the running configuration with a file" },
	{ "rollback", "Return to an earlier configuration" },
	{ "route", "Static routes" },
	{ "running-config", "The running configuration" },
	{ "secret", "The secret (stored as a salted scrypt hash)" },
	{ "show", "Show running system information" },
	{ "shutdown", "Shut the interface down" },
	{ "size", "Datagram size in bytes" },
	{ "source", "The source address or interface" },
	{ "start", "Start" },
	{ "startup-config", "The configuration used at boot" },
	{ "statistics", "Packet counts and drops by reason" },
	{ "stop", "Stop" },
	{ "summary", "Counts of routes" },
	{ "tap", "The host-side TAP device of the interface" },
	{ "terminal", "Set terminal line parameters" },
	{ "timeout", "How long to keep an entry or wait for a reply" },
	{ "to", "To the configuration after a given commit" },
	{ "traceroute", "Trace the route to a destination" },
	{ "track", "Withdraw the route when this track is down" },
	{ "ttl", "Largest time to live" },
	{ "tunnel", "An IPsec tunnel" },
	{ "undebug", "Disable debugging functions (see also 'debug')" },
	{ "username", "A local user" },
	{ "users", "The sessions on this router" },
	{ "version", "System software version" },
	{ "width", "Characters per line" },
	{ "write", "Write the running configuration" },
};

/* Where a word's usual help does not fit its place. */
static const struct {
	const char *path, *help;
} by_path[] = {
	{ "configure terminal", "Configure from the terminal" },
	{ "show ip", "IP information" },
	{ "show ip interface", "IP interface status" },
	{ "show ip route", "The routing table: every candidate and why" },
	{ "clear arp", "Clear the ARP table" },
	{ "show arp", "The ARP table" },
	{ "show monitor", "Capture points" },
	{ "monitor capture", "A packet capture point (libpcap)" },
	{ "monitor", "Packet capture" },
	{ "no monitor", "Packet capture" },
	{ "show running-config", "The running configuration" },
	{ "terminal no", "Turn a terminal setting off" },
	{ "no ip route", "Remove a static route" },
	{ "undebug all", "Turn off all debugging" },
	{ "no debug all", "Turn off all debugging" },
};

const char *
grammar_path_help(const char *path, const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(by_path) / sizeof(by_path[0]); i++)
		if (strcmp(by_path[i].path, path) == 0)
			return by_path[i].help;
	return grammar_keyword_help(word);
}

const char *
grammar_keyword_help(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(dict) / sizeof(dict[0]); i++)
		if (strcmp(dict[i].word, word) == 0)
			return dict[i].help;
	return "";
}
