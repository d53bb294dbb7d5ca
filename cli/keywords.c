/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keywords - one help text per keyword of the command language, shared by
 * every mode, so `?` describes a word the same way wherever it appears.
 *
 * Style, IOS's: a word of a command's keyword path (`show`, `arp` in
 * `show arp`) says what the command does, as a capitalised verb phrase
 * ("Display the ARP table", "Configure an interface"); a word among its
 * arguments, and every placeholder, names what it is, as a capitalised
 * noun phrase without a leading article ("Next-hop address"). Neither ends
 * with a full stop. A word that is an argument somewhere keeps its noun
 * phrase here, and by_path gives its command uses their verb phrases.
 */
#include "grammar.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *word, *help;
} dict[] = {	/* sorted by word */
	{ "0", "Type 0: a clear-text secret follows (hashed at once)" },
	{ "6", "Type 6: encrypted text follows, as shown" },
	{ "9", "Type 9: a scrypt hash follows" },
	{ "abort", "Discard the candidate configuration and leave" },
	{ "address", "IPv4 address" },
	{ "address-pool", "Set the pool of the users' tunnel addresses" },
	{ "all", "All debugging categories" },
	{ "any", "Any address" },
	{ "arp", "Configure ARP on the interface" },
	{ "attempts", "Failed logins that lock the user out" },
	{ "auto", "UDP 4500 when IKE detects a NAT (default)" },
	{ "both", "Frames in both directions (default)" },
	{ "brief", "Display one line per interface" },
	{ "buffered", "Set the size of the log buffer in memory" },
	{ "bypass", "Traffic forwarded in clear" },
	{ "capture", "Packet capture point (libpcap)" },
	{ "certificate", "Set the server's TLS certificate" },
	{ "changes", "Display what a commit changed" },
	{ "check", "Validate the candidate, apply nothing" },
	{ "clear", "Reset functions" },
	{ "clock", "Display the system clock" },
	{ "comment", "Describe this commit" },
	{ "commit", "Validate and apply the candidate configuration" },
	{ "commit-on-exit", "Automatic commit on leaving configuration mode (IOS-style automation)" },
	{ "configuration", "Display the candidate's changes against running" },
	{ "configure", "Enter configuration mode" },
	{ "confirmed", "Apply, then roll back unless committed again in time" },
	{ "copy", "Copy a configuration" },
	{ "count", "Number of echoes to send" },
	{ "counters", "Clear the interface and engine counters" },
	{ "crypto", "IPsec tunnels and security policy database" },
	{ "debug", "Enable debugging of a category" },
	{ "debugging", "Display which debugging categories are on" },
	{ "default", "Restore a setting to its default" },
	{ "description", "Set the interface description" },
	{ "destination", "Destination network" },
	{ "detail", "Full SA details: sequence numbers, age, lifetimes" },
	{ "df-bit", "Don't-fragment bit, set in every echo" },
	{ "diff", "Display the candidate's changes, as show configuration" },
	{ "direction", "Frames to capture: arriving, leaving or both" },
	{ "disable", "Leave privileged mode" },
	{ "discard", "Traffic dropped" },
	{ "dns", "Set the DNS server given to users" },
	{ "do", "Run an EXEC command" },
	{ "dpd", "Set dead peer detection (liveness checks of the peer)" },
	{ "enable", "Privileged-mode secret" },
	{ "encryption-key", "Encryption key" },
	{ "end", "Leave configuration mode" },
	{ "engine", "Display forwarding engine information" },
	{ "erase", "Erase a file" },
	{ "esn", "Enable extended (64-bit) sequence numbers" },
	{ "esp", "Configure ESP" },
	{ "exec", "Set how EXEC commands answer" },
	{ "exit", "Leave this mode" },
	{ "failed", "Display the errors of this session's last commit, if refused" },
	{ "file", "Capture file to write (pcap)" },
	{ "filter", "BPF filter expression, as tcpdump's" },
	{ "force", "UDP 4500 always" },
	{ "fqdn", "Fully qualified domain name" },
	{ "history", "Display the lines typed in this session" },
	{ "hostname", "System name" },
	{ "icmp", "ICMP (protocol 1)" },
	{ "idle-timeout", "Set how long an idle session is kept" },
	{ "ike", "Keys negotiated by IKEv2 (default)" },
	{ "in", "Frames arriving" },
	{ "inbound", "SA of the traffic from the peer" },
	{ "initiate", "Initiation at once, kept up with retries (default)" },
	{ "integrity-key", "Integrity (HMAC) key, AES-CBC only" },
	{ "interface", "Interface" },
	{ "interfaces", "Display interface status and counters" },
	{ "interval", "Interval between checks" },
	{ "ip", "IP configuration" },
	{ "ipsec", "IPsec tunnels" },
	{ "ipv6", "Display IPv6 information (none yet: vgw routes IPv4)" },
	{ "key", "Private key file" },
	{ "keying", "Set how the SAs get their keys" },
	{ "kilobytes", "Volume limit in kilobytes" },
	{ "last", "Undo the newest commits" },
	{ "length", "Set the lines per screen (0: no paging)" },
	{ "lifetime", "Set the SA lifetime" },
	{ "limit", "Capture limit" },
	{ "list", "Display the list of commits" },
	{ "listen", "Set the address and port the server listens on" },
	{ "local-address", "Set the address the tunnel's ESP leaves from" },
	{ "local-id", "Set the IKE identity this router sends" },
	{ "local-network", "Add a network on this side of the tunnel" },
	{ "logging", "Logging settings" },
	{ "login-lockout", "Set when failed logins lock a user out" },
	{ "logout", "Close this session" },
	{ "mac-address", "Set the interface's MAC address" },
	{ "manual", "Keys from the sa lines" },
	{ "max-sessions", "Set the most sessions at once" },
	{ "memory", "Save the running configuration as startup-config" },
	{ "monitor", "Packet capture points" },
	{ "mtu", "Set the interface MTU" },
	{ "nat-traversal", "Set when ESP goes in UDP (NAT traversal)" },
	{ "no", "Negate a command or set its defaults" },
	{ "no-timestamp", "No time before each command's answer" },
	{ "null0", "Null interface: the traffic is discarded" },
	{ "off", "No UDP encapsulation" },
	{ "on-traffic", "Initiation when traffic needs the tunnel" },
	{ "out", "Frames leaving" },
	{ "outbound", "SA of the traffic to the peer" },
	{ "packets", "Number of packets" },
	{ "password", "Set the user's password (stored as a salted scrypt hash)" },
	{ "peer", "Set the peer gateway's address" },
	{ "peer-config", "Configuration for the peer gateway, generated" },
	{ "period", "Period in seconds" },
	{ "ping", "Send ICMP echoes from the router" },
	{ "policy", "Policy-based: SPD entries from local x remote networks (default)" },
	{ "port", "Port or port range" },
	{ "pre-shared-key", "Set the IKE pre-shared key" },
	{ "priority", "Route priority: lower wins, equal spreads the load" },
	{ "privilege", "Privilege level of the user" },
	{ "probe", "Probes per hop" },
	{ "prompt", "Set what comes with each answer" },
	{ "proposal", "Set the ESP proposals, most preferred first" },
	{ "protect", "Traffic sent through a tunnel" },
	{ "protocol", "IP protocol" },
	{ "remote-id", "Set the IKE identity the peer must send" },
	{ "remote-network", "Add a network behind the peer" },
	{ "replace", "Replace the running configuration with a file" },
	{ "replay-window", "Set the anti-replay window" },
	{ "respond", "Responder only: the peer initiates" },
	{ "retries", "Number of unanswered checks" },
	{ "rollback", "Return to an earlier configuration" },
	{ "route", "Static routes" },
	{ "routing", "Set how traffic enters the tunnel" },
	{ "running-config", "Display the running configuration" },
	{ "sa", "Set a manual security association" },
	{ "secret", "Secret (stored as a salted scrypt hash)" },
	{ "self-signed", "Certificate this router makes and signs itself" },
	{ "show", "Show running system information" },
	{ "show-error", "Show the errors if the commit fails (it always does)" },
	{ "shutdown", "Shut the interface down" },
	{ "size", "Datagram size in bytes" },
	{ "source", "Source address, network or interface" },
	{ "spd", "Security policy database" },
	{ "spi", "Security parameter index" },
	{ "split-route", "Add a network reached through the SSL-VPN" },
	{ "ssl-vpn", "SSL-VPN server and users" },
	{ "start", "Beginning of the capture (the file is created or emptied)" },
	{ "startup-config", "Display the configuration used at boot" },
	{ "static-address", "Set the tunnel address the user always gets" },
	{ "statistics", "Display packet counts and drops by reason" },
	{ "stop", "End of the capture (the file is closed)" },
	{ "strongswan", "Text for strongSwan's swanctl.conf (the key in clear at privilege 15 only)" },
	{ "summary", "Display the route counts" },
	{ "tap", "Set the host-side TAP device of the interface" },
	{ "tcp", "TCP (protocol 6)" },
	{ "terminal", "Set terminal line parameters" },
	{ "timeout", "Seconds to wait for a reply" },
	{ "timestamp", "Time before each command's answer, as IOS-XR's" },
	{ "to", "Return to the configuration after a given commit" },
	{ "traceroute", "Trace the route to a destination" },
	{ "track", "Track whose failure withdraws the route" },
	{ "ttl", "Largest time to live" },
	{ "tunnel", "IPsec tunnel" },
	{ "udp", "UDP (protocol 17)" },
	{ "undebug", "Disable debugging of a category" },
	{ "user", "SSL-VPN user" },
	{ "username", "Local users" },
	{ "users", "Display the sessions on this router" },
	{ "version", "Display the software version" },
	{ "width", "Set the characters per line" },
	{ "write", "Write the running configuration" },
};

/*
 * Where a word's usual help does not fit its place: a command use of a
 * word that is an argument elsewhere, or a word that means something else
 * in one mode (NULL: every mode). `no X` and `default X` are described as
 * X is, as on IOS.
 */
static const struct {
	const char *mode, *path, *help;
} by_path[] = {
	{ NULL, "arp timeout", "Set how long ARP entries are kept" },
	{ NULL, "clear arp", "Clear the ARP table" },
	{ NULL, "clear crypto", "Reset IPsec information" },
	{ NULL, "clear crypto sa", "Reset IPsec security associations" },
	{ NULL, "clear crypto sa counters",
	    "Clear the SA counters and the SPD's hits" },
	{ NULL, "clear logging", "Clear the log buffer" },
	{ NULL, "clear ssl-vpn", "Reset SSL-VPN information" },
	{ NULL, "clear ssl-vpn session",
	    "Clear SSL-VPN sessions: each client is told and cut off" },
	{ NULL, "clear ssl-vpn session all", "Clear every SSL-VPN session" },
	{ NULL, "clear ssl-vpn session user", "Clear the SSL-VPN sessions of a user" },
	{ NULL, "configure terminal", "Configure from the terminal" },
	{ NULL, "copy running-config", "Copy the running configuration" },
	{ NULL, "copy running-config startup-config",
	    "Save it as the configuration used at boot" },
	{ NULL, "crypto", "Configure IPsec" },
	{ NULL, "crypto ipsec", "Configure IPsec tunnels" },
	{ NULL, "crypto ipsec tunnel", "Configure an IPsec tunnel" },
	{ NULL, "crypto spd", "Configure the security policy database" },
	{ "config", "enable", "Set the privileged-mode secret" },
	{ "exec", "enable", "Enter privileged mode" },
	{ "config-tunnel", "description", "Set the tunnel description" },
	{ "config-sslvpn", "shutdown", "Shut the SSL-VPN server down" },
	{ "config-sslvpn-user", "shutdown", "Disable the user's logins" },
	{ NULL, "debug crypto", "Debug IPsec and IKEv2" },
	{ NULL, "debug crypto ikev2",
	    "Debug IKEv2: each exchange decoded, never key material" },
	{ NULL, "debug engine",
	    "Debug the forwarding engine: each drop with its reason" },
	{ NULL, "debug ssl-vpn",
	    "Debug the SSL-VPN server: requests and sessions, never passwords or cookies" },
	{ NULL, "enable secret",
	    "Set the privileged-mode secret (stored as a salted scrypt hash)" },
	{ NULL, "erase startup-config", "Erase the configuration used at boot" },
	{ "exec", "exit", "Close this session" },
	{ NULL, "hostname", "Set the system's name" },
	{ "config-tunnel", "ike", "Configure IKEv2" },
	{ "config-tunnel", "ike lifetime", "Set the IKE SA lifetime" },
	{ "config-tunnel", "ike proposal", "Set the IKE proposals, most preferred first" },
	{ "config-tunnel", "ike version", "Set the IKE version" },
	{ NULL, "interface", "Configure an interface" },
	{ NULL, "ip", "Configure IP" },
	{ NULL, "ip address", "Set the IPv4 address of the interface" },
	{ NULL, "ip route", "Configure a static route" },
	{ NULL, "logging", "Configure logging" },
	{ NULL, "monitor", "Manage packet capture points" },
	{ "config", "monitor capture", "Define a packet capture point (libpcap)" },
	{ "exec", "monitor capture", "Start or stop a packet capture point" },
	{ NULL, "no debug all", "Disable all debugging" },
	{ NULL, "no ip route", "Remove a static route" },
	{ NULL, "rollback configuration",
	    "Roll back the running configuration" },
	{ NULL, "show arp", "Display the ARP table" },
	{ "exec", "show configuration", "Display the commit history" },
	{ NULL, "show commit", "Display the candidate's changes (IOS-XR's names)" },
	{ NULL, "show commit changes", "Display the candidate's changes (IOS-XR's names)" },
	{ NULL, "show configuration commit",
	    "Display the list or the changes of commits" },
	{ NULL, "show crypto", "Display IPsec information" },
	{ NULL, "show crypto ipsec", "Display IPsec tunnels and SAs" },
	{ NULL, "show crypto ipsec sa",
	    "Display the IPsec SAs: SPIs, algorithms, counters" },
	{ NULL, "show crypto ipsec tunnel",
	    "Display the IPsec tunnels and their state" },
	{ NULL, "show crypto ikev2", "Display IKEv2 information" },
	{ NULL, "show crypto ikev2 sa",
	    "Display the IKE SAs: peers, state, algorithms" },
	{ NULL, "show crypto ikev2 statistics",
	    "Display the half-open IKE SAs, cookies sent and requests dropped" },
	{ NULL, "show crypto spd",
	    "Display the security policy database with its hits" },
	{ NULL, "show ip", "Display IP information" },
	{ NULL, "show ip interface", "Display the IP status of interfaces" },
	{ NULL, "show ip route",
	    "Display the routing table: every candidate and why" },
	{ NULL, "show ipv6 interface",
	    "Display the IPv6 status of interfaces (none yet)" },
	{ NULL, "show logging", "Display the log buffer" },
	{ NULL, "show monitor", "Display monitoring information" },
	{ NULL, "show monitor capture", "Display packet capture points" },
	{ NULL, "show privilege", "Display this session's privilege level" },
	{ NULL, "show ssl-vpn",
	    "Display the SSL-VPN server: listener, certificate pin, pool, sessions" },
	{ NULL, "show ssl-vpn sessions",
	    "Display the SSL-VPN sessions: user, address, client, bytes" },
	{ NULL, "show ssl-vpn statistics", "Display the SSL-VPN server's counters" },
	{ NULL, "ssl-vpn", "Configure the SSL-VPN server" },
	{ NULL, "ssl-vpn user", "Configure an SSL-VPN user" },
	{ "config-tunnel", "shutdown", "Shut the tunnel down" },
	{ "config-tunnel", "start", "Set how the tunnel comes up" },
	{ NULL, "terminal monitor", "Copy log messages to this session" },
	{ NULL, "terminal no", "Turn a terminal setting off" },
	{ NULL, "terminal no monitor",
	    "Stop copying log messages to this session" },
	{ NULL, "undebug all", "Disable all debugging" },
	{ NULL, "undebug crypto", "Stop debugging IPsec and IKEv2" },
	{ NULL, "undebug crypto ikev2", "Stop debugging IKEv2" },
	{ NULL, "undebug ssl-vpn", "Stop debugging the SSL-VPN server" },
	{ NULL, "username", "Configure a local user" },
};

/* Where an argument keyword after another keyword (or after the command
 * path's last word) means something else than alone. */
static const struct {
	const char *lead, *word, *help;
} after[] = {
	{ "encryption-key", "0", "Type 0: a key in hex follows (encrypted at once)" },
	{ "integrity-key", "0", "Type 0: a key in hex follows (encrypted at once)" },
	{ "listen", "port", "TCP port (default 443)" },
	{ "password", "0", "Type 0: a clear-text password follows (hashed at once)" },
	{ "pre-shared-key", "0", "Type 0: a clear-text key follows (encrypted at once)" },
	{ "protocol", "ip", "Any IP protocol (default)" },
	{ "routing", "route", "Route-based: the tunnel is a next hop for ip route" },
};

const char *
grammar_path_help(const char *mode, const char *path, const char *word)
{
	size_t i;

	for (;;) {
		for (i = 0; i < sizeof(by_path) / sizeof(by_path[0]); i++)
			if (strcmp(by_path[i].path, path) == 0 &&
			    (by_path[i].mode == NULL ||
			    strcmp(by_path[i].mode, mode) == 0))
				return by_path[i].help;
		if (strncmp(path, "no ", 3) == 0)
			path += 3;
		else if (strncmp(path, "default ", 8) == 0)
			path += 8;
		else
			return grammar_keyword_help(word);
	}
}

const char *
grammar_keyword_help_after(const char *lead, const char *word)
{
	size_t i;

	for (i = 0; lead != NULL && i < sizeof(after) / sizeof(after[0]); i++)
		if (strcmp(after[i].lead, lead) == 0 && strcmp(after[i].word, word) == 0)
			return after[i].help;
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
