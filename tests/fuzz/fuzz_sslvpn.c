/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_sslvpn - what a client sends through the SSL-VPN server once TLS
 * is up: HTTP requests (the form, logins, CONNECT with a cookie), then
 * CSTP frames, with packets from the engine's port and the clock moving
 * between them. TLS is real but cheap: TLS 1.2 with a pre-shared key and
 * no cipher, on a socketpair, the server's loop driven by hand.
 *
 * Input: chunks of [kind][length, 2 bytes big-endian][bytes]:
 *   kind % 3 == 0: bytes the client writes (one record); "@C@" in them
 *                  becomes the cookie of a session made for the run, so
 *                  CONNECT can succeed without a scrypt
 *   kind % 3 == 1: a packet the engine routes to the pool (its ring)
 *   kind % 3 == 2: the clock jumps 31 seconds (DPD, keepalive, expiry)
 * The server must never abort and must hold nothing of a run after it
 * (its sessions are cleared; ASan finds what leaks).
 */
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "config/config_sslvpn.h"
#include "crypto/password.h"
#include "dataplane/vport.h"
#include "lib/dgram_ring.h"
#include "lib/log.h"
#include "sslvpn/sslvpn_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FDS_MAX		64
#define PSK		"fuzz-psk-0123456789"
#define CIPHERS		"PSK-NULL-SHA256:@SECLEVEL=0"

static struct {
	struct sslvpn	*sv;
	struct config	*cfg;
	SSL_CTX		*client_ctx;
	struct vport	 vport;
	time_t		 now;
	struct {
		int	 fd;
		void	 (*fn)(int, short, void *);
		void	*arg;
	} fds[FDS_MAX];
} F;

static int
add_fd(void *arg, int fd, short events, void (*fn)(int, short, void *), void *cb)
{
	int i;

	(void)arg;
	(void)events;
	for (i = 0; i < FDS_MAX; i++)
		if (F.fds[i].fn == NULL) {
			F.fds[i].fd = fd;
			F.fds[i].fn = fn;
			F.fds[i].arg = cb;
			return 0;
		}
	return -1;
}

static void
set_events(void *arg, int fd, short events)
{
	(void)arg;
	(void)fd;
	(void)events;
}

static void
del_fd(void *arg, int fd)
{
	int i;

	(void)arg;
	for (i = 0; i < FDS_MAX; i++)
		if (F.fds[i].fn != NULL && F.fds[i].fd == fd)
			F.fds[i].fn = NULL;
}

/* Runs the server's callbacks while any of its descriptors has input. */
static void
pump(void)
{
	struct pollfd p;
	int i, round;
	bool busy = true;

	for (round = 0; round < 16 && busy; round++) {
		busy = false;
		for (i = 0; i < FDS_MAX; i++) {
			if (F.fds[i].fn == NULL)
				continue;
			/* output waiting for the socket: the first round only */
			p = (struct pollfd){ F.fds[i].fd, round == 0 ? POLLIN | POLLOUT : POLLIN, 0 };
			if (poll(&p, 1, 0) == 1) {
				F.fds[i].fn(F.fds[i].fd, p.revents, F.fds[i].arg);
				busy = true;
			}
		}
	}
}

static unsigned
psk_server(SSL *ssl, const char *id, unsigned char *psk, unsigned max)
{
	(void)ssl;
	(void)id;
	if (max < sizeof(PSK) - 1)
		return 0;
	memcpy(psk, PSK, sizeof(PSK) - 1);
	return sizeof(PSK) - 1;
}

static unsigned
psk_client(SSL *ssl, const char *hint, char *id, unsigned max_id, unsigned char *psk,
    unsigned max)
{
	(void)ssl;
	(void)hint;
	if (max < sizeof(PSK) - 1 || max_id < 2)
		return 0;
	strcpy(id, "f");
	memcpy(psk, PSK, sizeof(PSK) - 1);
	return sizeof(PSK) - 1;
}

static SSL_CTX *
psk_ctx(bool server)
{
	SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());

	SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(ctx, CIPHERS);
	if (server) {
		SSL_CTX_set_psk_server_callback(ctx, psk_server);
		SSL_CTX_set_read_ahead(ctx, 1);
	} else
		SSL_CTX_set_psk_client_callback(ctx, psk_client);
	return ctx;
}

static void
init(void)
{
	struct sslvpn_env env = { .add_fd = add_fd, .set_events = set_events,
	    .del_fd = del_fd };
	struct strbuf err = STRBUF_INIT;
	struct sslvpn_change *ch;
	struct cfg_sslvpn *s;
	struct cfg_sslvpn_user *u;
	static char dir[] = "/tmp/fuzz_sslvpn.XXXXXX";

	log_init("fuzz_sslvpn", 0);
	signal(SIGPIPE, SIG_IGN);	/* the client writes after the server closed */
	if (mkdtemp(dir) == NULL || vport_open(&F.vport, &err) != 0)
		abort();
	env.to_engine = F.vport.to_engine;
	env.from_engine = F.vport.to_control;
	F.sv = sslvpn_new(&env, dir, &err);
	F.cfg = config_new();
	s = config_sslvpn_get(F.cfg);
	s->has_listen = true;
	s->listen = 0x7f000001;
	s->port = 0;	/* any: nothing connects to it */
	s->self_signed = true;
	s->has_pool = true;
	s->pool = 0x0a630000;
	s->pool_plen = 24;
	s->nroutes = 1;
	s->route[0].prefix = 0x0a010000;
	s->route[0].plen = 16;
	s->lockout_attempts = 2;
	s->lockout_period = 60;
	u = config_sslvpn_user_get(F.cfg, "u");
	if (password_hash_type9("p", u->password) != 0)
		abort();
	if (F.sv == NULL || (ch = sslvpn_prepare(F.sv, F.cfg, &err)) == NULL)
		abort();
	sslvpn_apply(F.sv, ch);
	/* the connections of the run speak TLS with a pre-shared key */
	SSL_CTX_free(F.sv->ctx);
	F.sv->ctx = psk_ctx(true);
	F.client_ctx = psk_ctx(false);
	F.now = time(NULL);
	strbuf_free(&err);
}

/* The client's bytes with "@C@" replaced by cookie. */
/* A packet the engine routes to the pool, in the room of its frame. */
static void
from_engine(const uint8_t *p, size_t n)
{
	static uint8_t f[ETH_HLEN_ + 65536];

	memcpy(f + ETH_HLEN_, p, n);
	(void)vport_write(&F.vport, f, ETH_HLEN_ + n);
}

static void
client_write(SSL *c, const uint8_t *p, size_t n, const char *cookie)
{
	uint8_t buf[4096];
	size_t i, o = 0;

	for (i = 0; i < n && o + 64 < sizeof(buf); i++)
		if (i + 3 <= n && memcmp(p + i, "@C@", 3) == 0) {
			memcpy(buf + o, cookie, strlen(cookie));
			o += strlen(cookie);
			i += 2;
		} else
			buf[o++] = p[i];
	if (o > 0)
		(void)SSL_write(c, buf, (int)o);
}

static void
client_drain(SSL *c)
{
	uint8_t buf[16384];

	while (SSL_read(c, buf, sizeof(buf)) > 0)
		;
	ERR_clear_error();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char cookie[SESSION_COOKIE_TEXT];
	struct session *s;
	const char *why;
	int sp[2], i;
	size_t len;
	SSL *c;

	if (F.sv == NULL)
		init();
	if ((s = session_add(F.sv->sessions, F.sv->pool, "u", 0, F.now, &why)) == NULL)
		abort();
	session_cookie_text(s, cookie);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sp) != 0)
		abort();
	conn_accept(F.sv, sp[0], 0xc6336402, 40000);
	c = SSL_new(F.client_ctx);
	SSL_set_fd(c, sp[1]);
	SSL_set_connect_state(c);
	for (i = 0; i < 20 && SSL_do_handshake(c) != 1; i++)
		pump();
	ERR_clear_error();
	while (size >= 3) {
		len = (size_t)data[1] << 8 | data[2];
		if (len > size - 3)
			len = size - 3;
		switch (data[0] % 3) {
		case 0:
			client_write(c, data + 3, len, cookie);
			break;
		case 1:
			from_engine(data + 3, len);
			break;
		case 2:
			F.now += 31;
			sslvpn_tick(F.sv, F.now);
			break;
		}
		pump();
		client_drain(c);
		data += 3 + len;
		size -= 3 + len;
	}
	SSL_free(c);
	close(sp[1]);
	pump();
	/* nothing of the run stays */
	(void)sslvpn_clear_sessions(F.sv, NULL);
	while (!TAILQ_EMPTY(&F.sv->pending))
		conn_close(TAILQ_FIRST(&F.sv->pending), "end of the run");
	while (dgram_ring_peek(F.vport.to_engine, &len) != NULL)
		dgram_ring_pop(F.vport.to_engine);
	ERR_clear_error();
	return 0;
}
