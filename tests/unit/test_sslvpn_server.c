/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SSL-VPN server (src/sslvpn/server.c and its conn,
 * login and tunnel parts) on a real event loop and loopback TCP, with the
 * engine's virtual port played by a socketpair: a client thread speaks
 * TLS, HTTP and CSTP as openconnect does (PEERS.md) while the main thread
 * runs the loop. No root. The real openconnect is tests/net/sslvpn.sh's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <linux/virtio_net.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "config/config_sslvpn.h"
#include "crypto/password.h"
#include "crypto/tls_ctx.h"
#include "dataplane/vport.h"
#include "event.h"
#include "lib/log.h"
#include "router.h"
#include "sslvpn/cstp.h"
#include "sslvpn/sslvpn.h"
#include "sslvpn/sslvpn_limits.h"

#define POOL	0x0a630000u	/* 10.99.0.0/24 */
#define LAN	0x0a010000u	/* 10.1.0.0/16 */

static struct {
	struct event_loop *ev;
	struct sslvpn	*sv;
	struct config	*cfg;
	struct vport	 vport;		/* the test plays the engine's part */
	int		 done[2];	/* the client thread says it finished */
	uint16_t	 port;
	char		 dir[64];
	SSL_CTX		*cctx;
	/* what the client thread found, checked by the main thread */
	int		 failures;
	char		 failed[512];
	void		(*client)(void);
	time_t		 tick_at;	/* a clock for sslvpn_tick, moved by tests */
} T;

/* A check in the client thread (CUnit is not thread-safe). */
#define EXPECT(cond) do { if (!(cond)) { T.failures++; \
	snprintf(T.failed, sizeof(T.failed), "%s:%d: %s", __FILE__, __LINE__, #cond); } } while (0)

static void
on_done(int fd, short revents, void *arg)
{
	char c;

	(void)revents;
	(void)arg;
	if (read(fd, &c, 1) == 1)
		event_stop(T.ev);
}

static void
on_tick(void *arg)
{
	(void)arg;
	sslvpn_tick(T.sv, time(NULL));
}

static uint16_t
free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CU_ASSERT_FATAL(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static void
commit(struct config *c)
{
	struct strbuf err = STRBUF_INIT;
	struct sslvpn_change *ch = sslvpn_prepare(T.sv, c, &err);

	if (ch == NULL)
		fprintf(stderr, "prepare: %s\n", strbuf_str(&err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ch);
	sslvpn_apply(T.sv, ch);
	strbuf_free(&err);
}

/* A configuration as the tests want it: alice, bob (static .50), carol
 * shut down; lockout after 3. */
static struct config *
make_config(void)
{
	struct config *c = config_new();
	struct cfg_sslvpn *s = config_sslvpn_get(c);
	struct cfg_sslvpn_user *u;

	s->has_listen = true;
	s->listen = INADDR_LOOPBACK;
	s->port = T.port;
	s->self_signed = true;
	s->has_pool = true;
	s->pool = POOL;
	s->pool_plen = 24;
	s->nroutes = 1;
	s->route[0].prefix = LAN;
	s->route[0].plen = 16;
	s->has_dns = true;
	s->dns = LAN + 53;
	s->lockout_attempts = 3;
	s->lockout_period = 60;
	u = config_sslvpn_user_get(c, "alice");
	CU_ASSERT_EQUAL(password_hash_type9("wonderland", u->password), 0);
	u = config_sslvpn_user_get(c, "bob");
	CU_ASSERT_EQUAL(password_hash_type9("builder", u->password), 0);
	u->has_static = true;
	u->static_addr = POOL + 50;
	u = config_sslvpn_user_get(c, "carol");
	CU_ASSERT_EQUAL(password_hash_type9("x", u->password), 0);
	u->shutdown = true;
	return c;
}

static void
setup(void)
{
	struct strbuf err = STRBUF_INIT;
	struct sslvpn_env env;

	log_init("test_sslvpn_server", 1);
	snprintf(T.dir, sizeof(T.dir), "/tmp/test_sslvpn_server.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(T.dir));
	T.ev = event_new();
	CU_ASSERT_FATAL(vport_open(&T.vport, &err) == 0);
	CU_ASSERT_FATAL(pipe(T.done) == 0);
	event_add_fd(T.ev, T.done[0], POLLIN, on_done, NULL);
	event_set_tick(T.ev, on_tick, NULL);
	router_sslvpn_env(&env, T.ev, &T.vport);
	T.sv = sslvpn_new(&env, T.dir, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(T.sv);
	T.port = free_port();
	T.cfg = make_config();
	commit(T.cfg);
	T.cctx = SSL_CTX_new(TLS_client_method());
}

static void
teardown(void)
{
	char cmd[128];

	sslvpn_free(T.sv);
	config_free(T.cfg);
	event_free(T.ev);
	vport_close(&T.vport);
	close(T.done[0]);
	close(T.done[1]);
	SSL_CTX_free(T.cctx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", T.dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	memset(&T, 0, sizeof(T));
}

static void *
client_main(void *arg)
{
	(void)arg;
	T.client();
	if (write(T.done[1], "x", 1) != 1)
		abort();
	return NULL;
}

/* Runs fn in the client thread while the loop serves. */
static void
run_client(void (*fn)(void))
{
	pthread_t th;

	T.failures = 0;
	T.client = fn;
	CU_ASSERT_FATAL(pthread_create(&th, NULL, client_main, NULL) == 0);
	event_run(T.ev);
	pthread_join(th, NULL);
	if (T.failures > 0)
		fprintf(stderr, "\n%d client check(s) failed, the last: %s\n", T.failures,
		    T.failed);
	CU_ASSERT_EQUAL(T.failures, 0);
}

/* ---- the client's side (client thread) ---- */

struct cl {
	int	 fd;
	SSL	*ssl;
	uint8_t	 buf[20000];
	size_t	 len;
};

static bool
cl_open(struct cl *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(T.port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tv = { 5, 0 };

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return false;
	c->ssl = SSL_new(T.cctx);
	SSL_set_fd(c->ssl, c->fd);
	return SSL_connect(c->ssl) == 1;
}

static void
cl_close(struct cl *c)
{
	SSL_free(c->ssl);
	close(c->fd);
	c->ssl = NULL;
}

static void
cl_send(struct cl *c, const void *p, size_t len)
{
	EXPECT(SSL_write(c->ssl, p, (int)len) == (int)len);
}

/* One HTTP response (head and Content-Length body) into c->buf, NUL
 * terminated; its length, or 0 on EOF or timeout. */
static size_t
cl_response(struct cl *c)
{
	char *end, *cl;
	size_t need = 0;
	int n;

	c->len = 0;
	for (;;) {
		c->buf[c->len] = '\0';
		if ((end = strstr((char *)c->buf, "\r\n\r\n")) != NULL) {
			cl = strstr((char *)c->buf, "Content-Length: ");
			need = (size_t)(end + 4 - (char *)c->buf) +
			    (cl != NULL && cl < end ? strtoul(cl + 16, NULL, 10) : 0);
			if (c->len >= need)
				return c->len;
		}
		n = SSL_read(c->ssl, c->buf + c->len, (int)(sizeof(c->buf) - 1 - c->len));
		if (n <= 0)
			return 0;
		c->len += (size_t)n;
	}
}

static void
cl_post(struct cl *c, const char *path, const char *body, const char *cookie)
{
	char req[2048];
	int n;

	n = snprintf(req, sizeof(req), "POST %s HTTP/1.1\r\nHost: vpn\r\n"
	    "User-Agent: Open AnyConnect VPN Agent v9.01\r\n%s%s%s"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: %zu\r\n\r\n%s", path, cookie ? "Cookie: webvpn=" : "",
	    cookie ? cookie : "", cookie ? "\r\n" : "", strlen(body), body);
	cl_send(c, req, (size_t)n);
}

static const char init_xml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<config-auth client=\"vpn\" type=\"init\" aggregate-auth-version=\"2\">"
    "<version who=\"vpn\">v9.01</version><device-id>linux-64</device-id>"
    "<group-access>https://vpn/</group-access></config-auth>";

static void
reply_xml(char *out, size_t len, const char *user, const char *pw)
{
	snprintf(out, len, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<config-auth client=\"vpn\" type=\"auth-reply\" aggregate-auth-version=\"2\">"
	    "<version who=\"vpn\">v9.01</version><device-id>linux-64</device-id>"
	    "<auth><username>%s</username><password>%s</password></auth>"
	    "</config-auth>", user, pw);
}

/* Logs in on c; the cookie into cookie (empty when refused). */
static void
cl_login(struct cl *c, const char *user, const char *pw, char cookie[80])
{
	char body[1024], *p;

	cookie[0] = '\0';
	cl_post(c, "/", init_xml, NULL);
	EXPECT(cl_response(c) > 0);
	EXPECT(strncmp((char *)c->buf, "HTTP/1.1 200 ", 13) == 0);
	EXPECT(strstr((char *)c->buf, "auth-request") != NULL);
	reply_xml(body, sizeof(body), user, pw);
	cl_post(c, "/auth", body, NULL);
	EXPECT(cl_response(c) > 0);
	if ((p = strstr((char *)c->buf, "Set-Cookie: webvpn=")) != NULL)
		sscanf(p + 19, "%79[^;\r]", cookie);
}

/* CONNECT with cookie; the status, and the reply in c->buf. */
static int
cl_connect(struct cl *c, const char *cookie, const char *extra)
{
	char req[512];
	int n = snprintf(req, sizeof(req), "CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\n"
	    "Host: vpn\r\nUser-Agent: Open AnyConnect VPN Agent v9.01\r\n"
	    "Cookie: webvpn=%s\r\nX-CSTP-Version: 1\r\n%s\r\n", cookie, extra);

	cl_send(c, req, (size_t)n);
	if (cl_response(c) == 0)
		return 0;
	return atoi((char *)c->buf + 9);
}

/* One TLS record of the tunnel: exactly one frame (PEERS.md); its type
 * and payload, or -1. */
static int
cl_frame(struct cl *c, uint8_t *payload, size_t *plen)
{
	struct cstp_frame f;
	size_t used;
	int n = SSL_read(c->ssl, c->buf, sizeof(c->buf));

	if (n <= 0)
		return -1;
	if (cstp_next(c->buf, (size_t)n, &f, &used) != CSTP_FRAME || used != (size_t)n) {
		T.failures++;
		snprintf(T.failed, sizeof(T.failed), "a record of %d bytes is not one frame", n);
		return -1;
	}
	if (payload != NULL) {
		memcpy(payload, f.payload, f.len);
		*plen = f.len;
	}
	return f.type;
}

static void
cl_send_frame(struct cl *c, enum cstp_type type, const void *p, uint16_t len)
{
	uint8_t f[CSTP_HEADER_LEN + 2048];

	cstp_header(f, type, len);
	memcpy(f + CSTP_HEADER_LEN, p, len);
	cl_send(c, f, CSTP_HEADER_LEN + len);
}

/* A 28-byte IPv4/UDP packet from src to dst. */
static void
ip_packet(uint8_t p[28], uint32_t src, uint32_t dst)
{
	memset(p, 0, 28);
	p[0] = 0x45;
	p[3] = 28;
	p[8] = 64;
	p[9] = 17;
	src = htonl(src);
	dst = htonl(dst);
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
}

/* The engine's side: a packet from the virtual port within a second,
 * after its offload header (all zero: these packets are not merged). */
static ssize_t
engine_recv(uint8_t *p, size_t len)
{
	static const struct virtio_net_hdr zero;
	struct pollfd pfd = { dgram_ring_fd(T.vport.to_engine), POLLIN, 0 };
	const uint8_t *d;
	size_t n;
	int waits;

	for (waits = 0; (d = dgram_ring_peek(T.vport.to_engine, &n)) == NULL; waits++) {
		if (waits == 100)
			return -1;
		(void)poll(&pfd, 1, 10);
		dgram_ring_quiet(T.vport.to_engine);
	}
	if (n < sizeof(zero) || n - sizeof(zero) > len) {
		dgram_ring_pop(T.vport.to_engine);
		return -1;
	}
	CU_ASSERT_EQUAL(memcmp(d, &zero, sizeof(zero)), 0);
	memcpy(p, d + sizeof(zero), n - sizeof(zero));
	dgram_ring_pop(T.vport.to_engine);
	return (ssize_t)(n - sizeof(zero));
}

/* The engine's side: a packet for the server, after the room of a frame. */
static bool
engine_send(const uint8_t *p, size_t len)
{
	uint8_t f[ETH_HLEN_ + 2048] = { 0 };

	memcpy(f + ETH_HLEN_, p, len);
	return vport_write(&T.vport, f, ETH_HLEN_ + len);
}

/* ---- the tests ---- */

static char cookie_a[80];

static void
client_login_and_tunnel(void)
{
	uint8_t pkt[28], got[2048];
	char bad[80];
	struct cl c;
	size_t len;

	/* refusals: the form again, and the connection closes */
	EXPECT(cl_open(&c));
	cl_login(&c, "alice", "wrong", cookie_a);
	EXPECT(cookie_a[0] == '\0');
	EXPECT(strstr((char *)c.buf, "Login failed.") != NULL);
	EXPECT(strstr((char *)c.buf, "Connection: close\r\n") != NULL);
	EXPECT(SSL_read(c.ssl, c.buf, sizeof(c.buf)) <= 0);
	cl_close(&c);
	EXPECT(cl_open(&c));
	cl_login(&c, "nobody", "wonderland", cookie_a);
	EXPECT(cookie_a[0] == '\0');
	cl_close(&c);
	EXPECT(cl_open(&c));
	cl_login(&c, "carol", "x", cookie_a);	/* shut down */
	EXPECT(cookie_a[0] == '\0');
	cl_close(&c);
	EXPECT(cl_open(&c));
	cl_login(&c, "alice", "wonderland", cookie_a);
	EXPECT(strlen(cookie_a) == 64);
	EXPECT(strstr((char *)c.buf, "<auth id=\"success\">") != NULL);
	EXPECT(strstr((char *)c.buf, "Set-Cookie: webvpn=") != NULL);
	/* an unknown page: 404, the connection stays */
	cl_send(&c, "GET /profile.xml HTTP/1.1\r\nHost: vpn\r\n\r\n", 40);
	EXPECT(cl_response(&c) > 0 && strncmp((char *)c.buf, "HTTP/1.1 404", 12) == 0);
	cl_close(&c);

	/* a bad cookie: 401 */
	EXPECT(cl_open(&c));
	memcpy(bad, cookie_a, sizeof(bad));
	bad[0] = bad[0] == '0' ? '1' : '0';
	EXPECT(cl_connect(&c, bad, "") == 401);
	cl_close(&c);

	/* the tunnel: its headers, as openconnect wants them */
	EXPECT(cl_open(&c));
	EXPECT(cl_connect(&c, cookie_a, "X-CSTP-MTU: 1400\r\nX-CSTP-Base-MTU: 1500\r\n") == 200);
	EXPECT(strncmp((char *)c.buf, "HTTP/1.1 200 CONNECTED\r\n", 24) == 0);
	EXPECT(strstr((char *)c.buf, "X-CSTP-Address: 10.99.0.1\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-CSTP-Netmask: 255.255.255.0\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-CSTP-MTU: 1400\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-CSTP-Split-Include: 10.1.0.0/255.255.0.0\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-CSTP-DNS: 10.1.0.53\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-CSTP-DPD: 30\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-CSTP-Keepalive: 20\r\n") != NULL);
	EXPECT(strstr((char *)c.buf, "X-DTLS") == NULL);
	/* DPD answered at once */
	cl_send_frame(&c, CSTP_DPD_REQ, "", 0);
	EXPECT(cl_frame(&c, NULL, NULL) == CSTP_DPD_RESP);
	/* a packet into the engine */
	ip_packet(pkt, POOL + 1, LAN + 5);
	cl_send_frame(&c, CSTP_DATA, pkt, sizeof(pkt));
	EXPECT(engine_recv(got, sizeof(got)) == sizeof(pkt));
	EXPECT(memcmp(got, pkt, sizeof(pkt)) == 0);
	/* a wrong source and IPv6: dropped */
	ip_packet(pkt, POOL + 2, LAN + 5);
	cl_send_frame(&c, CSTP_DATA, pkt, sizeof(pkt));
	pkt[0] = 0x60;
	cl_send_frame(&c, CSTP_DATA, pkt, sizeof(pkt));
	cl_send_frame(&c, CSTP_KEEPALIVE, "", 0);
	EXPECT(engine_recv(got, sizeof(got)) < 0);
	/* the engine's packet to the session: one frame, one record */
	ip_packet(pkt, LAN + 5, POOL + 1);
	EXPECT(engine_send(pkt, sizeof(pkt)));
	ip_packet(pkt, LAN + 5, POOL + 9);	/* nobody's */
	EXPECT(engine_send(pkt, sizeof(pkt)));
	ip_packet(pkt, LAN + 5, POOL + 1);
	EXPECT(cl_frame(&c, got, &len) == CSTP_DATA && len == sizeof(pkt) &&
	    memcmp(got, pkt, len) == 0);
	/* logout: the cookie dies */
	cl_send_frame(&c, CSTP_DISCONNECT, "\xb0" "bye", 4);
	EXPECT(SSL_read(c.ssl, c.buf, sizeof(c.buf)) <= 0);
	cl_close(&c);
	EXPECT(cl_open(&c));
	EXPECT(cl_connect(&c, cookie_a, "") == 401);
	cl_close(&c);
}

static void
test_login_and_tunnel(void)
{
	struct sslvpn_status st;

	setup();
	run_client(client_login_and_tunnel);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_LOGINS), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_LOGIN_FAILURES), 3);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_BAD_COOKIES), 2);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_SESSIONS_STARTED), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_SESSIONS_ENDED), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_PACKETS_IN), 3);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_PACKETS_OUT), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_DROP_SOURCE), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_DROP_NOT_IPV4), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_DROP_NO_SESSION), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_HTTP_ERRORS), 1);
	sslvpn_status(T.sv, &st);
	CU_ASSERT_TRUE(st.running);
	CU_ASSERT_EQUAL(st.sessions, 0);
	CU_ASSERT_EQUAL(st.pool_used, 0);
	CU_ASSERT_EQUAL(st.pool_size, 254);
	CU_ASSERT_EQUAL(strncmp(st.pin, "pin-sha256:", 11), 0);
	teardown();
}

static char cookie_b[80];

static void
client_reconnect(void)
{
	struct cl c;

	EXPECT(cl_open(&c));
	cl_login(&c, "bob", "builder", cookie_b);
	EXPECT(cookie_b[0] != '\0');
	EXPECT(cl_connect(&c, cookie_b, "") == 200);
	EXPECT(strstr((char *)c.buf, "X-CSTP-Address: 10.99.0.50\r\n") != NULL);
	/* the TCP connection drops without a word */
	cl_close(&c);
	usleep(200000);
	/* back with the cookie: the same address */
	EXPECT(cl_open(&c));
	EXPECT(cl_connect(&c, cookie_b, "X-CSTP-Address: 10.99.0.50\r\n") == 200);
	EXPECT(strstr((char *)c.buf, "X-CSTP-Address: 10.99.0.50\r\n") != NULL);
	cl_close(&c);
	usleep(200000);
}

static bool
count_session(void *arg, const struct sslvpn_session_info *s)
{
	unsigned *n = arg;

	CU_ASSERT_STRING_EQUAL(s->user, "bob");
	CU_ASSERT_EQUAL(s->addr, POOL + 50);
	CU_ASSERT_FALSE(s->connected);
	CU_ASSERT_STRING_EQUAL(s->agent, "Open AnyConnect VPN Agent v9.01");
	(*n)++;
	return true;
}

/* A dropped tunnel keeps its session for a reconnect; a commit that
 * changes nothing of it keeps it; one that changes the user ends it. */
static void
test_reconnect_and_commit(void)
{
	struct sslvpn_status st;
	struct cfg_sslvpn_user *u;
	struct config *c;
	unsigned n = 0;

	setup();
	run_client(client_reconnect);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_SESSIONS_STARTED), 2);
	sslvpn_sessions_walk(T.sv, count_session, &n);
	CU_ASSERT_EQUAL(n, 1);
	/* another user changes: bob's session stays */
	c = config_clone(T.cfg);
	config_sslvpn_user_get(c, "alice")->shutdown = true;
	config_sslvpn_get(c)->max_sessions = 10;
	commit(c);
	config_free(T.cfg);
	T.cfg = c;
	sslvpn_status(T.sv, &st);
	CU_ASSERT_EQUAL(st.held, 1);
	CU_ASSERT_EQUAL(st.max_sessions, 10);
	/* bob's password changes: his session ends */
	c = config_clone(T.cfg);
	u = config_sslvpn_user_get(c, "bob");
	CU_ASSERT_EQUAL(password_hash_type9("new", u->password), 0);
	commit(c);
	config_free(T.cfg);
	T.cfg = c;
	sslvpn_status(T.sv, &st);
	CU_ASSERT_EQUAL(st.held, 0);
	CU_ASSERT_EQUAL(st.pool_used, 0);
	/* removing the server: not running */
	c = config_new();
	commit(c);
	config_free(T.cfg);
	T.cfg = c;
	sslvpn_status(T.sv, &st);
	CU_ASSERT_FALSE(st.configured);
	CU_ASSERT_FALSE(st.running);
	teardown();
}

static void
client_lockout(void)
{
	char cookie[80];
	struct cl c;
	int i;

	for (i = 0; i < 3; i++) {
		EXPECT(cl_open(&c));
		cl_login(&c, "alice", "guess", cookie);
		cl_close(&c);
	}
	/* locked: the right password gets the same answer */
	EXPECT(cl_open(&c));
	cl_login(&c, "alice", "wonderland", cookie);
	EXPECT(cookie[0] == '\0');
	EXPECT(strstr((char *)c.buf, "Login failed.") != NULL);
	cl_close(&c);
}

static void
test_lockout(void)
{
	struct sslvpn_status st;

	setup();
	run_client(client_lockout);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_LOCKOUTS), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_LOGIN_LOCKED), 1);
	sslvpn_status(T.sv, &st);
	CU_ASSERT_EQUAL(st.locked_users, 1);
	teardown();
}

static void
client_clear(void)
{
	char cookie[80];
	struct cl c;
	uint8_t p[256];
	size_t len;

	EXPECT(cl_open(&c));
	cl_login(&c, "alice", "wonderland", cookie);
	EXPECT(cl_connect(&c, cookie, "") == 200);
	/* the main thread clears the session now (one byte in the pipe) */
	if (write(T.done[1], "c", 1) != 1)
		abort();
	EXPECT(cl_frame(&c, p, &len) == CSTP_DISCONNECT);
	EXPECT(len > 1 && p[0] == 0xb0);
	EXPECT(SSL_read(c.ssl, c.buf, sizeof(c.buf)) <= 0);
	cl_close(&c);
	EXPECT(cl_open(&c));
	EXPECT(cl_connect(&c, cookie, "") == 401);
	cl_close(&c);
	/* bad framing cuts the connection */
	EXPECT(cl_open(&c));
	cl_login(&c, "alice", "wonderland", cookie);
	EXPECT(cl_connect(&c, cookie, "") == 200);
	cl_send(&c, "STF\x02\0\0\0\0", 8);
	EXPECT(SSL_read(c.ssl, c.buf, sizeof(c.buf)) <= 0);
	cl_close(&c);
}

static void
on_clear(int fd, short revents, void *arg)
{
	char c;

	(void)revents;
	(void)arg;
	if (read(fd, &c, 1) != 1)
		return;
	if (c == 'c')
		CU_ASSERT_EQUAL(sslvpn_clear_sessions(T.sv, "alice"), 1)
	else
		event_stop(T.ev);
}

static void
test_clear(void)
{
	setup();
	event_del_fd(T.ev, T.done[0]);
	event_add_fd(T.ev, T.done[0], POLLIN, on_clear, NULL);
	run_client(client_clear);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_CSTP_ERRORS), 1);
	teardown();
}

/* A commit the server cannot take fails with the reason and changes
 * nothing: a port in use, a certificate file missing. */
static void
test_prepare_failures(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct strbuf err = STRBUF_INIT;
	struct sslvpn_status st;
	struct config *c;
	char want[128], pin[sizeof(st.pin)];
	int fd;

	setup();
	sslvpn_status(T.sv, &st);
	memcpy(pin, st.pin, sizeof(pin));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_port = htons(free_port());
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(fd, 1) == 0);
	c = config_clone(T.cfg);
	config_sslvpn_get(c)->port = ntohs(sa.sin_port);
	CU_ASSERT_PTR_NULL(sslvpn_prepare(T.sv, c, &err));
	snprintf(want, sizeof(want), "ssl-vpn: cannot listen on 127.0.0.1 port %u: Address "
	    "already in use\n", ntohs(sa.sin_port));
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err), want);
	strbuf_reset(&err);
	config_sslvpn_get(c)->port = T.port;
	config_sslvpn_get(c)->self_signed = false;
	strcpy(config_sslvpn_get(c)->cert_file, "/nonexistent/cert.pem");
	strcpy(config_sslvpn_get(c)->key_file, "/nonexistent/key.pem");
	CU_ASSERT_PTR_NULL(sslvpn_prepare(T.sv, c, &err));
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err), "ssl-vpn: certificate /nonexistent/cert.pem: "
	    "No such file or directory\n");
	/* nothing changed */
	sslvpn_status(T.sv, &st);
	CU_ASSERT_TRUE(st.running);
	CU_ASSERT_EQUAL(st.port, T.port);
	CU_ASSERT_STRING_EQUAL(st.pin, pin);
	close(fd);
	config_free(c);
	strbuf_free(&err);
	teardown();
}

static int abandoned = -1;	/* the client's socket, open across the tick */

static void
client_abandon(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(T.port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tv = { 2, 0 };	/* a server that never closes fails, not hangs */

	abandoned = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(abandoned, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	EXPECT(connect(abandoned, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	usleep(200000);	/* accepted meanwhile; no ClientHello ever */
}

/* A handshake never finished is cut off at its deadline and counted once,
 * as a timeout, not also as a failed handshake. */
static void
test_abandoned_handshake(void)
{
	char b;

	setup();
	run_client(client_abandon);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_CONNECTIONS), 1);
	sslvpn_tick(T.sv, time(NULL) + SSLVPN_HANDSHAKE_TIMEOUT - 2);	/* not yet */
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_TIMEOUTS), 0);
	sslvpn_tick(T.sv, time(NULL) + SSLVPN_HANDSHAKE_TIMEOUT + 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_TIMEOUTS), 1);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_TLS_FAILED), 0);
	CU_ASSERT_EQUAL(sslvpn_counter(T.sv, SSLVPN_CONNECTIONS_REFUSED), 0);
	CU_ASSERT_EQUAL(recv(abandoned, &b, 1, 0), 0);	/* closed by the server */
	close(abandoned);
	teardown();
}

/* ---- a certificate renewed in place ---- */

static struct cl held_tunnel;	/* open across the commit that renews */
static char renewed_cert[128];	/* the certificate file after the renewal */

static void
client_tunnel_up(void)
{
	char cookie[80];

	EXPECT(cl_open(&held_tunnel));
	cl_login(&held_tunnel, "alice", "wonderland", cookie);
	EXPECT(cl_connect(&held_tunnel, cookie, "") == 200);
}

/* The tunnel made before the renewal still answers DPD; a new
 * connection is served the certificate now in the file. */
static void
client_after_renewal(void)
{
	FILE *f = fopen(renewed_cert, "r");
	X509 *want = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	X509 *got;
	struct cl c;

	cl_send_frame(&held_tunnel, CSTP_DPD_REQ, "", 0);
	EXPECT(cl_frame(&held_tunnel, NULL, NULL) == CSTP_DPD_RESP);
	cl_close(&held_tunnel);
	EXPECT(cl_open(&c));
	got = SSL_get1_peer_certificate(c.ssl);
	EXPECT(want != NULL && got != NULL && X509_cmp(want, got) == 0);
	X509_free(got);
	X509_free(want);
	cl_close(&c);
	if (f != NULL)
		fclose(f);
}

/* A new pair of certificate and key files made under T.dir (name: their
 * directory); the paths into cert and key (128 bytes each). */
static void
make_pair(const char *name, char *cert, char *key)
{
	char e[TLS_ERR_MAX], dir[96];
	SSL_CTX *ctx;

	snprintf(dir, sizeof(dir), "%s/%s", T.dir, name);
	CU_ASSERT_FATAL(mkdir(dir, 0700) == 0);
	snprintf(cert, 128, "%s/cert.pem", dir);
	snprintf(key, 128, "%s/key.pem", dir);
	ctx = tls_ctx_self_signed(cert, key, name, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	SSL_CTX_free(ctx);
}

/* Writes src's bytes over dst, in place (same path, same inode). */
static void
copy_over(const char *src, const char *dst)
{
	char buf[8192];
	FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
	size_t n;

	CU_ASSERT_FATAL(in != NULL && out != NULL);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		CU_ASSERT_EQUAL(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CU_ASSERT_FATAL(f != NULL);
	fputs(text, f);
	fclose(f);
}

/* Prepares c: NULL and its error, or the change applied and "". */
static void
try_commit(struct config *c, char *out, size_t len)
{
	struct strbuf err = STRBUF_INIT;
	struct sslvpn_change *ch = sslvpn_prepare(T.sv, c, &err);

	snprintf(out, len, "%s", strbuf_str(&err));
	if (ch != NULL)
		sslvpn_apply(T.sv, ch);
	strbuf_free(&err);
}

/* certificate FILE key FILE renewed in place is taken at the next commit
 * (the statement unchanged); a bad renewal fails the commit naming the
 * file and changes nothing; a tunnel keeps running through it all. */
static void
test_certificate_renewed(void)
{
	char c1[128], k1[128], c2[128], k2[128], cert[128], key[128], e[512], want[512];
	char pin1[sizeof(((struct sslvpn_status *)0)->pin)];
	struct sslvpn_status st;
	struct cfg_sslvpn *s;
	struct config *c;

	setup();
	make_pair("one", c1, k1);
	make_pair("two", c2, k2);
	snprintf(cert, sizeof(cert), "%s/cert.pem", T.dir);
	snprintf(key, sizeof(key), "%s/key.pem", T.dir);
	copy_over(c1, cert);
	copy_over(k1, key);
	c = config_clone(T.cfg);
	s = config_sslvpn_get(c);
	s->self_signed = false;
	snprintf(s->cert_file, sizeof(s->cert_file), "%s", cert);
	snprintf(s->key_file, sizeof(s->key_file), "%s", key);
	commit(c);
	config_free(T.cfg);
	T.cfg = c;
	sslvpn_status(T.sv, &st);
	CU_ASSERT_STRING_EQUAL(st.cert_subject, "CN=one");
	memcpy(pin1, st.pin, sizeof(pin1));
	run_client(client_tunnel_up);

	/* a half-done renewal (the new certificate, the old key): refused,
	 * naming both files; then a file that is no certificate */
	copy_over(c2, cert);
	try_commit(T.cfg, e, sizeof(e));
	snprintf(want, sizeof(want), "ssl-vpn: key %s does not match certificate %s\n",
	    key, cert);
	CU_ASSERT_STRING_EQUAL(e, want);
	write_text(cert, "not a certificate\n");
	try_commit(T.cfg, e, sizeof(e));
	snprintf(want, sizeof(want), "ssl-vpn: certificate %s: not a PEM certificate", cert);
	CU_ASSERT_NSTRING_EQUAL(e, want, strlen(want));
	sslvpn_status(T.sv, &st);
	CU_ASSERT_STRING_EQUAL(st.pin, pin1);
	CU_ASSERT_STRING_EQUAL(st.cert_subject, "CN=one");

	/* both renewed: taken by a commit that changes nothing else */
	copy_over(c2, cert);
	copy_over(k2, key);
	try_commit(T.cfg, e, sizeof(e));
	CU_ASSERT_STRING_EQUAL(e, "");
	sslvpn_status(T.sv, &st);
	CU_ASSERT_STRING_EQUAL(st.cert_subject, "CN=two");
	CU_ASSERT_STRING_NOT_EQUAL(st.pin, pin1);
	CU_ASSERT_EQUAL(st.sessions, 1);
	snprintf(renewed_cert, sizeof(renewed_cert), "%s", cert);
	run_client(client_after_renewal);
	teardown();
}

static CU_TestInfo tests[] = {
	{ "a commit the server cannot take", test_prepare_failures },
	{ "login, tunnel, packets both ways, logout", test_login_and_tunnel },
	{ "reconnect, commits keep or end sessions", test_reconnect_and_commit },
	{ "lockout", test_lockout },
	{ "clear and bad framing", test_clear },
	{ "an abandoned handshake counted once", test_abandoned_handshake },
	{ "a certificate renewed in place", test_certificate_renewed },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "sslvpn_server"
#include "cunit_main.h"
