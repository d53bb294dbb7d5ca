/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * probe - ping and traceroute from the router (see probe.h). ICMP comes
 * back on a raw socket; a reply or error is ours when it carries our echo
 * identifier, or quotes our UDP ports.
 */
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libcli.h>

#include "lib/inet.h"
#include "job.h"
#include "engine/pkt.h"

#define TRACE_PORT	33434	/* traceroute's first destination port */

/* What came back for a probe. */
enum answer { A_NONE, A_REPLY, A_TTL, A_UNREACH, A_NEEDFRAG, A_CANCEL };

struct heard {
	enum answer	 what;
	uint8_t		 code;		/* of an unreachable */
	uint32_t	 from;
	double		 ms;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
raw_icmp(uint32_t src)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(src) };
	int s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);

	if (s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(s);
		s = -1;
	}
	return s;
}

/*
 * Classifies one ICMP packet (with its IP header) read from the raw
 * socket. match(quoted packet, its length, arg) says whether a quoted
 * packet or an echo reply is ours.
 */
static enum answer
classify(const uint8_t *pkt, size_t n, bool (*match)(const uint8_t *, size_t,
    bool reply, void *), void *arg, struct heard *h)
{
	const struct ip_hdr *ip = (const void *)pkt;
	const struct icmp_hdr *ic;
	size_t hl;

	if (n < sizeof(*ip) || (hl = ip_hlen(ip)) + sizeof(*ic) > n)
		return A_NONE;
	ic = (const void *)(pkt + hl);
	h->from = ntohl(ip->src);
	h->code = ic->code;
	if (ic->type == ICMP_ECHOREPLY)
		return match(pkt + hl, n - hl, true, arg) ? A_REPLY : A_NONE;
	if (ic->type != ICMP_UNREACH && ic->type != ICMP_TIMXCEED)
		return A_NONE;
	if (!match(pkt + hl + sizeof(*ic), n - hl - sizeof(*ic), false, arg))
		return A_NONE;
	if (ic->type == ICMP_TIMXCEED)
		return A_TTL;
	return ic->code == ICMP_UNREACH_NEEDFRAG ? A_NEEDFRAG : A_UNREACH;
}

/* Waits for our answer until timeout_ms from t0 (or cancel). */
static void
await(int s, double t0, unsigned timeout_ms, const atomic_bool *cancel,
    bool (*match)(const uint8_t *, size_t, bool, void *), void *arg,
    struct heard *h)
{
	struct pollfd p = { .fd = s, .events = POLLIN };
	uint8_t buf[2048];
	double left;
	ssize_t n;

	h->what = A_NONE;
	while ((left = t0 + timeout_ms - now_ms()) > 0) {
		if (atomic_load(cancel)) {
			h->what = A_CANCEL;
			return;
		}
		if (poll(&p, 1, left < JOB_CANCEL_MS ? (int)left + 1 : JOB_CANCEL_MS) <= 0)
			continue;
		if ((n = recv(s, buf, sizeof(buf), 0)) <= 0)
			continue;
		if ((h->what = classify(buf, (size_t)n, match, arg, h)) != A_NONE) {
			h->ms = now_ms() - t0;
			return;
		}
	}
}

/* Ping: ours is an echo with our identifier and the sequence awaited. */
struct echo_id {
	uint16_t	 id, seq;
};

static bool
echo_match(const uint8_t *p, size_t n, bool reply, void *arg)
{
	const struct echo_id *e = arg;
	const struct ip_hdr *ip = (const void *)p;
	const struct icmp_hdr *ic;

	if (!reply) {		/* an error quoting our echo request */
		if (n < sizeof(*ip) || ip->proto != IPPROTO_ICMP_ ||
		    ip_hlen(ip) + sizeof(*ic) > n)
			return false;
		p += ip_hlen(ip);
		n -= ip_hlen(ip);
	}
	ic = (const void *)p;
	return n >= sizeof(*ic) && ntohs(ic->id) == e->id && ntohs(ic->seq) == e->seq;
}

int
probe_ping(void *arg, int out, const atomic_bool *cancel)
{
	const struct probe_req *r = arg;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(r->dst) };
	char d[INET_ADDR_BUF], sa[INET_ADDR_BUF];
	size_t len = r->size - sizeof(struct ip_hdr);
	uint8_t *pkt = calloc(1, len);
	struct icmp_hdr *ic = (struct icmp_hdr *)(void *)pkt;
	struct echo_id e = { (uint16_t)(getpid() ^ rand()), 0 };
	double min = 0, max = 0, sum = 0;
	int s = raw_icmp(r->src), pmtu = r->df ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT;
	unsigned i, ok = 0;
	struct heard h;
	char mark;

	inet_format_addr(r->dst, d);
	inet_format_addr(r->src, sa);
	if (s < 0 || pkt == NULL) {
		job_printf(out, "%% Cannot send from %s: %s\n", sa, strerror(errno));
		free(pkt);
		return CLI_ERROR;
	}
	setsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu));
	job_printf(out, "Sending %u, %u-byte ICMP Echos to %s, timeout is %u seconds:\n"
	    "Packet sent with a source address of %s%s\n", r->count, r->size, d,
	    r->timeout_ms / 1000, sa, r->df ? "\nPacket sent with the DF bit set" : "");
	for (i = 0; i < len - sizeof(*ic); i++)
		pkt[sizeof(*ic) + i] = (uint8_t)(0xab + i);
	for (i = 0; i < r->count; i++) {
		e.seq = (uint16_t)i;
		ic->type = ICMP_ECHO;
		ic->id = htons(e.id);
		ic->seq = htons(e.seq);
		ic->sum = 0;
		ic->sum = pkt_cksum(pkt, len);
		double t0 = now_ms();
		if (sendto(s, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			mark = errno == EMSGSIZE ? 'M' : 'U';
			h.what = A_NONE;
		} else {
			await(s, t0, r->timeout_ms, cancel, echo_match, &e, &h);
			if (h.what == A_CANCEL)
				break;
			mark = h.what == A_REPLY ? '!' : h.what == A_TTL ? '&' :
			    h.what == A_NEEDFRAG ? 'M' : h.what == A_UNREACH ? 'U' : '.';
		}
		if (h.what == A_REPLY) {
			min = ok == 0 || h.ms < min ? h.ms : min;
			max = h.ms > max ? h.ms : max;
			sum += h.ms;
			ok++;
		}
		job_printf(out, "%c", mark);
		/* pace like ping(8): a probe a second at most when answered fast */
		while (h.what == A_REPLY && i + 1 < r->count && now_ms() - t0 < 100 &&
		    !atomic_load(cancel))
			usleep(10000);
	}
	job_printf(out, "\nSuccess rate is %u percent (%u/%u)", r->count ?
	    ok * 100 / r->count : 0, ok, r->count);
	if (ok > 0)
		job_printf(out, ", round-trip min/avg/max = %.3f/%.3f/%.3f ms",
		    min, sum / ok, max);
	job_printf(out, "\n");
	close(s);
	free(pkt);
	return ok > 0 ? CLI_OK : CLI_ERROR;
}

/* Traceroute: ours quotes a UDP datagram from our port to the port sent. */
struct udp_id {
	uint32_t	 dst;
	uint16_t	 sport, dport;
};

static bool
udp_match(const uint8_t *p, size_t n, bool reply, void *arg)
{
	const struct udp_id *u = arg;
	const struct ip_hdr *ip = (const void *)p;
	struct l4_ports ports;

	if (reply || n < sizeof(*ip) || ip->proto != IPPROTO_UDP_ ||
	    ip_hlen(ip) + sizeof(ports) > n || ntohl(ip->dst) != u->dst)
		return false;
	memcpy(&ports, p + ip_hlen(ip), sizeof(ports));
	return ntohs(ports.src) == u->sport && ntohs(ports.dst) == u->dport;
}

static int
udp_socket(uint32_t src, uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(src) };
	socklen_t sl = sizeof(sa);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &sl) != 0) {
		if (s >= 0)
			close(s);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return s;
}

/* One hop's probes; returns true when the destination (or an unreachable)
 * ended the trace. */
static bool
trace_hop(const struct probe_req *r, int icmp, int udp, struct udp_id *u,
    unsigned ttl, int out, const atomic_bool *cancel)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(r->dst) };
	static const char unreach[] = "NHP";	/* net, host, protocol: !N !H !P */
	char a[INET_ADDR_BUF];
	uint32_t last = 0;
	bool done = false;
	struct heard h;
	unsigned k;
	int t = (int)ttl;

	job_printf(out, "%3u", ttl);
	setsockopt(udp, IPPROTO_IP, IP_TTL, &t, sizeof(t));
	for (k = 0; k < r->count; k++) {
		u->dport = (uint16_t)(TRACE_PORT + ttl * r->count + k);
		to.sin_port = htons(u->dport);
		double t0 = now_ms();
		sendto(udp, "vgw", 3, 0, (struct sockaddr *)&to, sizeof(to));
		await(icmp, t0, r->timeout_ms, cancel, udp_match, u, &h);
		if (h.what == A_CANCEL)
			return true;
		if (h.what == A_NONE) {
			job_printf(out, " *");
			continue;
		}
		if (h.from != last)
			job_printf(out, " %s", inet_format_addr(h.from, a));
		last = h.from;
		job_printf(out, " %.3f msec", h.ms);
		if (h.what == A_UNREACH || h.what == A_NEEDFRAG) {
			done = true;
			if (h.code < 3 && h.from != r->dst)
				job_printf(out, " !%c", unreach[h.code]);
		}
	}
	job_printf(out, "\n");
	return done;
}

int
probe_traceroute(void *arg, int out, const atomic_bool *cancel)
{
	const struct probe_req *r = arg;
	char d[INET_ADDR_BUF], sa[INET_ADDR_BUF];
	struct udp_id u = { r->dst, 0, 0 };
	int icmp = raw_icmp(r->src), udp;
	unsigned ttl;
	bool done = false;

	inet_format_addr(r->dst, d);
	inet_format_addr(r->src, sa);
	if (icmp < 0 || (udp = udp_socket(r->src, &u.sport)) < 0) {
		job_printf(out, "%% Cannot send from %s: %s\n", sa, strerror(errno));
		if (icmp >= 0)
			close(icmp);
		return CLI_ERROR;
	}
	job_printf(out, "Tracing the route to %s from %s\n", d, sa);
	for (ttl = 1; ttl <= r->max_ttl && !done && !atomic_load(cancel); ttl++)
		done = trace_hop(r, icmp, udp, &u, ttl, out, cancel);
	close(icmp);
	close(udp);
	return done ? CLI_OK : CLI_ERROR;
}
