/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * punt - the control-plane TAP and the kernel's addresses and rules for it
 * (see punt.h). Addresses and rules are changed by one `ip -batch` run per
 * commit: iproute2 speaks netlink for us, and is on every machine that
 * routes.
 */
#include "punt.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/inet.h"
#include "lib/log.h"
#include "tap.h"

extern char **environ;

struct punt {
	int		 fd;
	uint8_t		 mac[6];
	bool		 uso;
	uint32_t	 addr[PUNT_MAX_ADDRS];	/* on the device now */
	unsigned	 naddr;
};

/* Runs `ip -force -batch -` with the commands in text; logs a failure.
 * posix_spawn, not fork: the dataplane worker is running. */
static void
ip_batch(const char *text)
{
	static char *const argv[] = { "ip", "-force", "-batch", "-", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	size_t len = strlen(text), off = 0;
	int in[2], status, rc;
	sigset_t none;
	ssize_t n;
	pid_t pid;

	if (len == 0 || pipe2(in, O_CLOEXEC) != 0)
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawnp(&pid, "ip", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(in[0]);
	while (rc == 0 && off < len && (n = write(in[1], text + off, len - off)) > 0)
		off += (size_t)n;
	close(in[1]);
	if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		log_msg(LOG_WARNING, "punt path: ip(8) failed to set addresses "
		    "or rules on %s", PUNT_DEVICE);
}

/* Flags on the kernel side: up, no ARP (the engine is its only neighbour). */
static int
set_flags(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", PUNT_DEVICE);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_NOARP;
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return rc;
}

static void
set_conf(const char *name, const char *value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", PUNT_DEVICE, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(value, f);
		fclose(f);
	}
}

struct punt *
punt_open(struct strbuf *err)
{
	struct punt *p = calloc(1, sizeof(*p));
	char cmd[128];

	if (p == NULL) {
		strbuf_puts(err, "out of memory");
		return NULL;
	}
	if ((p->fd = tap_open(PUNT_DEVICE, &p->uso, err)) < 0) {
		free(p);
		return NULL;
	}
	if (set_flags() != 0 || tap_get_mac(PUNT_DEVICE, p->mac) != 0) {
		strbuf_printf(err, "cannot bring %s up: %s", PUNT_DEVICE, strerror(errno));
		close(p->fd);
		free(p);
		return NULL;
	}
	/* replies arrive from anywhere: strict reverse-path filtering would
	 * drop them, the main table having no route back through the device */
	set_conf("rp_filter", "0\n");
	/* the engine's own ICMP errors to the router (fragmentation needed
	 * for a ping it sent) come from one of the router's addresses */
	set_conf("accept_local", "1\n");
	snprintf(cmd, sizeof(cmd), "route replace default dev %s table %d\n",
	    PUNT_DEVICE, PUNT_TABLE);
	ip_batch(cmd);
	return p;
}

static void
addr_cmd(struct strbuf *b, const char *verb, uint32_t addr)
{
	char a[INET_ADDR_BUF];

	inet_format_addr(addr, a);
	strbuf_printf(b, "address %s %s/32 dev %s\nrule %s from %s/32 table %d priority %d\n",
	    verb, a, PUNT_DEVICE, verb, a, PUNT_TABLE, PUNT_TABLE);
}

static bool
has(const uint32_t *v, unsigned n, uint32_t a)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (v[i] == a)
			return true;
	return false;
}

void
punt_sync(struct punt *p, const struct config *c)
{
	const struct cfg_interface *i;
	struct strbuf b = STRBUF_INIT;
	uint32_t want[PUNT_MAX_ADDRS];
	unsigned n = 0, k;

	for (i = config_interface_first(c); i && n < PUNT_MAX_ADDRS;
	    i = config_interface_next(c, i))
		if (i->has_addr && !has(want, n, i->addr))
			want[n++] = i->addr;
	for (k = 0; k < p->naddr; k++)
		if (!has(want, n, p->addr[k]))
			addr_cmd(&b, "del", p->addr[k]);
	for (k = 0; k < n; k++)
		if (!has(p->addr, p->naddr, want[k]))
			addr_cmd(&b, "add", want[k]);
	memcpy(p->addr, want, n * sizeof(want[0]));
	p->naddr = n;
	ip_batch(strbuf_str(&b));
	strbuf_free(&b);
}

void
punt_close(struct punt *p)
{
	struct strbuf b = STRBUF_INIT;
	unsigned k;

	if (p == NULL)
		return;
	for (k = 0; k < p->naddr; k++)
		addr_cmd(&b, "del", p->addr[k]);
	ip_batch(strbuf_str(&b));
	strbuf_free(&b);
	close(p->fd);
	free(p);
}

int
punt_fd(const struct punt *p)
{
	return p->fd;
}

void
punt_mac(const struct punt *p, uint8_t mac[6])
{
	memcpy(mac, p->mac, 6);
}

bool
punt_uso(const struct punt *p)
{
	return p->uso;
}
