/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server - the SSL-VPN server as sslvpn.h presents it: the listening
 * socket and its bounds (connections in all, unauthenticated ones per
 * client address), the configuration in two steps, the funnel through
 * which every session ends or loses its tunnel, the tick, and what show
 * and clear need.
 */
#include "sslvpn_impl.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "lib/dgram_ring.h"
#include "lib/inet.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "pool.h"

#define CERT_FILE	"sslvpn-cert.pem"	/* certificate self-signed */
#define KEY_FILE	"sslvpn-key.pem"
#define LISTEN_BACKLOG	1024
#define ACCEPT_BUDGET	64	/* connections accepted per event */

struct sslvpn_change {
	const struct config *config;
	const struct cfg_sslvpn *cfg;	/* NULL: the server does not serve */
	char		 why[128];	/* and why */
	SSL_CTX		*ctx;		/* a new context, or NULL: the same */
	unsigned char	 files_digest[TLS_FILES_DIGEST];	/* of ctx's files */
	int		 lfd;		/* a new listener, or -1: the same */
	struct pool	*pool;		/* a new pool, or NULL: the same */
};

struct sslvpn *
sslvpn_new(const struct sslvpn_env *env, const char *state_dir, struct strbuf *err)
{
	struct sslvpn *sv;

	(void)err;
	sv = xcalloc(1, sizeof(*sv), "the SSL-VPN server");
	sv->env = *env;
	sv->state_dir = xstrdup(state_dir, "the SSL-VPN server");
	sv->lfd = -1;
	sv->sessions = session_table_new();
	sv->auth = auth_new();
	TAILQ_INIT(&sv->pending);
	TAILQ_INIT(&sv->tunnels);
	TAILQ_INIT(&sv->dirty);
	snprintf(sv->why, sizeof(sv->why), "not configured");
	if (env->from_engine != NULL && env->add_fd(env->arg,
	    dgram_ring_fd(env->from_engine), POLLIN, tunnel_vport_readable, sv) != 0) {
		strbuf_puts(err, "cannot poll the engine's virtual port");
		sslvpn_free(sv);
		return NULL;
	}
	return sv;
}

/* ---- unauthenticated connections per address ---- */

static struct pending_addr **
pending_slot(struct sslvpn *sv, uint32_t addr)
{
	uint32_t h = addr * 0x9e3779b1u;
	struct pending_addr **pp = &sv->pending_by_addr[(h ^ h >> 16) % PENDING_BUCKETS];

	while (*pp != NULL && (*pp)->addr != addr)
		pp = &(*pp)->next;
	return pp;
}

/* Counts one more connection of addr, unless it has its bound. */
static bool
pend(struct sslvpn *sv, uint32_t addr)
{
	struct pending_addr **pp = pending_slot(sv, addr);

	if (*pp == NULL) {
		*pp = xcalloc(1, sizeof(**pp), "an SSL-VPN client address");
		(*pp)->addr = addr;
	} else if ((*pp)->count >= SSLVPN_PENDING_PER_ADDR)
		return false;
	(*pp)->count++;
	return true;
}

void
server_unpend(struct sslvpn *sv, uint32_t addr)
{
	struct pending_addr **pp = pending_slot(sv, addr), *p = *pp;

	if (p != NULL && --p->count == 0) {
		*pp = p->next;
		free(p);
	}
}

/* ---- the session funnel ---- */

void
server_end(struct sslvpn *sv, struct session *s, const char *reason, bool tell)
{
	char a[INET_ADDR_BUF];

	log_msg(LOG_NOTICE, "ssl-vpn: session of %s (%s) ended: %s", s->user,
	    inet_format_addr(s->addr, a), reason);
	if (s->conn != NULL) {
		struct conn *c = s->conn;

		count(sv, SSLVPN_SESSIONS_ENDED);
		session_hold(sv->sessions, s, time(NULL));
		if (tell)
			conn_kick(c, reason);
		else {
			c->session = NULL;
			conn_close(c, reason);
		}
	}
	session_remove(sv->sessions, sv->pool, s);
}

void
server_lost(struct sslvpn *sv, struct session *s, const char *reason)
{
	char a[INET_ADDR_BUF];

	count(sv, SSLVPN_SESSIONS_ENDED);
	session_hold(sv->sessions, s, time(NULL));
	log_msg(LOG_INFO, "ssl-vpn: tunnel of %s (%s) lost: %s; the session is kept "
	    "%u s for a reconnect", s->user, inet_format_addr(s->addr, a), reason,
	    SSLVPN_RECONNECT_HOLD);
}

/* ---- the listener ---- */

static void
listener_readable(int fd, short revents, void *arg)
{
	struct sslvpn *sv = arg;
	struct sockaddr_in sa;
	socklen_t len;
	uint32_t peer;
	int i, cfd;

	(void)revents;
	for (i = 0; i < ACCEPT_BUDGET; i++) {
		len = sizeof(sa);
		cfd = accept4(fd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				/* the backlog would wake the loop at once: wait
				 * for the tick */
				log_msg(LOG_WARNING, "ssl-vpn: out of file descriptors: "
				    "connections wait");
				sv->env.set_events(sv->env.arg, fd, 0);
			}
			return;
		}
		peer = ntohl(sa.sin_addr.s_addr);
		if (sa.sin_family != AF_INET || sv->nconns >= SSLVPN_CONNECTIONS_MAX ||
		    !pend(sv, peer)) {
			count(sv, SSLVPN_CONNECTIONS_REFUSED);
			close(cfd);
			continue;
		}
		count(sv, SSLVPN_CONNECTIONS);
		conn_accept(sv, cfd, peer, ntohs(sa.sin_port));
	}
}

/* A listening socket on addr:port; -1 with err. IP_FREEBIND: the address
 * reaches the punt device only with the commit that adds it. */
static int
listen_on(uint32_t addr, uint16_t port, struct strbuf *err)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
	    .sin_addr.s_addr = htonl(addr) };
	char a[INET_ADDR_BUF];
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, LISTEN_BACKLOG) != 0) {
		strbuf_printf(err, "ssl-vpn: cannot listen on %s port %u: %s\n",
		    inet_format_addr(addr, a), port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void
close_listener(struct sslvpn *sv)
{
	if (sv->lfd < 0)
		return;
	sv->env.del_fd(sv->env.arg, sv->lfd);
	close(sv->lfd);
	sv->lfd = -1;
}

/* ---- configuration ---- */

static bool
same_certificate(const struct cfg_sslvpn *a, const struct cfg_sslvpn *b)
{
	return a->self_signed == b->self_signed && strcmp(a->cert_file, b->cert_file) == 0 &&
	    strcmp(a->key_file, b->key_file) == 0;
}

/* The context cfg's certificate needs into ch->ctx, or none when the
 * running one serves: the same statement, and for certificate FILE key
 * FILE the same bytes in the files (read at every commit: a certificate
 * renewed in place is taken). A file replaced between its digest and its
 * load is read again at the next commit (the digests differ). -1 with
 * err: nothing changes. */
static int
load_certificate(struct sslvpn *sv, const struct config *c, const struct cfg_sslvpn *cfg,
    struct sslvpn_change *ch, struct strbuf *err)
{
	const struct cfg_sslvpn *old = sv->cfg;
	char e[TLS_ERR_MAX], cert[4096], key[4096];
	bool same = old != NULL && same_certificate(old, cfg);

	if (!cfg->self_signed) {
		if (tls_ctx_files_digest(cfg->cert_file, cfg->key_file, ch->files_digest,
		    e) != 0)
			goto fail;
		same = same && memcmp(ch->files_digest, sv->files_digest,
		    sizeof(ch->files_digest)) == 0;
	}
	if (same)
		return 0;
	if (cfg->self_signed) {
		snprintf(cert, sizeof(cert), "%s/" CERT_FILE, sv->state_dir);
		snprintf(key, sizeof(key), "%s/" KEY_FILE, sv->state_dir);
		ch->ctx = tls_ctx_self_signed(cert, key, config_hostname(c), e);
	} else
		ch->ctx = tls_ctx_load(cfg->cert_file, cfg->key_file, e);
	if (ch->ctx != NULL)
		return 0;
fail:
	strbuf_printf(err, "ssl-vpn: %s\n", e);
	return -1;
}

static void
change_free(struct sslvpn_change *ch)
{
	SSL_CTX_free(ch->ctx);
	if (ch->lfd >= 0)
		close(ch->lfd);
	pool_free(ch->pool);
	free(ch);
}

struct sslvpn_change *
sslvpn_prepare(struct sslvpn *sv, const struct config *c, struct strbuf *err)
{
	struct sslvpn_change *ch = xcalloc(1, sizeof(*ch), "an SSL-VPN change");
	const struct cfg_sslvpn *cfg = config_sslvpn(c), *old = sv->cfg;

	ch->config = c;
	ch->lfd = -1;
	if (cfg == NULL || cfg->shutdown || !cfg->has_listen || !cfg->has_pool ||
	    (!cfg->self_signed && cfg->cert_file[0] == '\0')) {
		snprintf(ch->why, sizeof(ch->why), "%s", cfg == NULL ? "not configured" :
		    cfg->shutdown ? "shutdown" : !cfg->has_listen ? "no listen address" :
		    !cfg->has_pool ? "no address-pool" : "no certificate");
		return ch;
	}
	ch->cfg = cfg;
	if (load_certificate(sv, c, cfg, ch, err) != 0)
		goto fail;
	if ((sv->lfd < 0 || old == NULL || old->listen != cfg->listen ||
	    old->port != cfg->port) &&
	    (ch->lfd = listen_on(cfg->listen, cfg->port, err)) < 0)
		goto fail;
	if ((old == NULL || old->pool != cfg->pool || old->pool_plen != cfg->pool_plen) &&
	    (ch->pool = pool_new(cfg->pool, cfg->pool_plen)) == NULL) {
		strbuf_puts(err, "ssl-vpn: out of memory for the address pool\n");
		goto fail;
	}
	return ch;
fail:
	change_free(ch);
	return NULL;
}

bool
sslvpn_change_certificate(const struct sslvpn_change *ch)
{
	return ch->ctx != NULL;
}

void
sslvpn_abandon(struct sslvpn *sv, struct sslvpn_change *ch)
{
	(void)sv;
	if (ch != NULL)
		change_free(ch);
}

/* Every session ends and every connection closes. */
static void
stop(struct sslvpn *sv, const char *reason)
{
	struct session *s;

	while ((s = session_first(sv->sessions)) != NULL)
		server_end(sv, s, reason, true);
	while (!TAILQ_EMPTY(&sv->pending))
		conn_close(TAILQ_FIRST(&sv->pending), reason);
	close_listener(sv);
	SSL_CTX_free(sv->ctx);
	sv->ctx = NULL;
	sv->pin[0] = sv->subject[0] = '\0';
	pool_free(sv->pool);
	sv->pool = NULL;
	sv->cfg = NULL;
}

/* Why a user's sessions end when the user's configuration changed; NULL
 * when it did not. */
static const char *
user_change(const struct cfg_sslvpn_user *old, const struct cfg_sslvpn_user *u)
{
	if (u == NULL)
		return "user removed";
	if (u->shutdown)
		return "user shut down";
	if (old == NULL || strcmp(old->password, u->password) != 0)
		return "password changed";
	if (!config_sslvpn_user_equal(old, u))
		return "static address changed";
	return NULL;
}

/* The sessions of users whose configuration changed end. */
static void
apply_users(struct sslvpn *sv, const struct config *old, const struct config *c)
{
	struct session *s, *next;
	const char *why;

	for (s = session_first(sv->sessions); s != NULL; s = next) {
		next = session_next(sv->sessions, s);
		why = user_change(old != NULL ? config_sslvpn_user_find(old, s->user) : NULL,
		    config_sslvpn_user_find(c, s->user));
		if (why != NULL)
			server_end(sv, s, why, true);
	}
}

/* The sessions move to pool: those whose address is outside end. */
static void
apply_pool(struct sslvpn *sv, struct pool *pool)
{
	struct session *s, *next;

	for (s = session_first(sv->sessions); s != NULL; s = next) {
		next = session_next(sv->sessions, s);
		if (!pool_take_addr(pool, s->addr))
			server_end(sv, s, "address pool changed", true);
	}
	pool_free(sv->pool);
	sv->pool = pool;
}

void
sslvpn_apply(struct sslvpn *sv, struct sslvpn_change *ch)
{
	const struct config *old = sv->running;

	sv->running = ch->config;
	if (ch->cfg == NULL) {
		if (sv->cfg != NULL)
			stop(sv, strcmp(ch->why, "shutdown") == 0 ? "ssl-vpn shut down" :
			    "ssl-vpn removed");
		snprintf(sv->why, sizeof(sv->why), "%s", ch->why);
		change_free(ch);
		return;
	}
	if (ch->ctx != NULL) {
		bool renewed = sv->cfg != NULL && same_certificate(sv->cfg, ch->cfg);

		SSL_CTX_free(sv->ctx);	/* connections keep their reference */
		sv->ctx = ch->ctx;
		ch->ctx = NULL;
		memcpy(sv->files_digest, ch->files_digest, sizeof(sv->files_digest));
		if (tls_ctx_pin(sv->ctx, sv->pin) != 0)
			sv->pin[0] = '\0';
		tls_ctx_subject(sv->ctx, sv->subject, sizeof(sv->subject));
		if (renewed)
			log_msg(LOG_NOTICE, "ssl-vpn: certificate %s renewed: %s, %s; "
			    "sessions keep theirs", ch->cfg->cert_file, sv->subject, sv->pin);
	}
	if (ch->lfd >= 0) {
		close_listener(sv);
		if (sv->env.add_fd(sv->env.arg, ch->lfd, POLLIN, listener_readable, sv) == 0) {
			sv->lfd = ch->lfd;
			sv->laddr = ch->cfg->listen;
			sv->lport = ch->cfg->port;
		} else {
			log_msg(LOG_ERR, "ssl-vpn: cannot poll the listening socket");
			close(ch->lfd);
		}
		ch->lfd = -1;
	}
	if (sv->cfg != NULL)
		apply_users(sv, old, ch->config);
	if (ch->pool != NULL) {
		apply_pool(sv, ch->pool);
		ch->pool = NULL;
	}
	sv->cfg = ch->cfg;
	auth_configure(sv->auth, sv->cfg->lockout_attempts, sv->cfg->lockout_period);
	sv->why[0] = '\0';
	change_free(ch);
}

void
sslvpn_free(struct sslvpn *sv)
{
	unsigned i;

	if (sv == NULL)
		return;
	stop(sv, "the server stopped");
	if (sv->env.from_engine != NULL)
		sv->env.del_fd(sv->env.arg, dgram_ring_fd(sv->env.from_engine));
	session_table_free(sv->sessions);
	auth_free(sv->auth);
	for (i = 0; i < PENDING_BUCKETS; i++)
		while (sv->pending_by_addr[i] != NULL) {
			struct pending_addr *p = sv->pending_by_addr[i];

			sv->pending_by_addr[i] = p->next;
			free(p);
		}
	free(sv->state_dir);
	free(sv);
}

/* ---- the clock ---- */

void
sslvpn_tick(struct sslvpn *sv, time_t now)
{
	struct session *s;

	auth_tick(sv->auth, now);
	while ((s = session_oldest_held(sv->sessions)) != NULL &&
	    now - s->held_since >= SSLVPN_RECONNECT_HOLD)
		server_end(sv, s, "not reconnected in time", false);
	conn_tick(sv, now);
	if (sv->cfg != NULL)
		tunnel_tick(sv, now);
	conn_flush_all(sv);
	if (sv->lfd >= 0)	/* after running out of descriptors */
		sv->env.set_events(sv->env.arg, sv->lfd, POLLIN);
}

/* ---- show and clear ---- */

void
sslvpn_status(const struct sslvpn *sv, struct sslvpn_status *st)
{
	const struct cfg_sslvpn *cfg = sv->running != NULL ? config_sslvpn(sv->running) : NULL;

	memset(st, 0, sizeof(*st));
	st->configured = cfg != NULL;
	st->running = sv->cfg != NULL && sv->lfd >= 0;
	snprintf(st->why, sizeof(st->why), "%s", sv->why);
	if (cfg != NULL) {
		st->listen = cfg->listen;
		st->port = cfg->port;
		st->pool = cfg->pool;
		st->pool_plen = cfg->pool_plen;
		st->max_sessions = cfg->max_sessions;
	}
	snprintf(st->pin, sizeof(st->pin), "%s", sv->pin);
	snprintf(st->cert_subject, sizeof(st->cert_subject), "%s", sv->subject);
	if (sv->pool != NULL) {
		st->pool_used = pool_used(sv->pool);
		st->pool_size = pool_size(sv->pool);
	}
	st->sessions = session_connected(sv->sessions);
	st->held = session_count(sv->sessions) - st->sessions;
	st->locked_users = auth_locked(sv->auth, time(NULL));
}

static int
by_user(const void *a, const void *b)
{
	const struct session *x = *(const struct session *const *)a;
	const struct session *y = *(const struct session *const *)b;
	int d = strcmp(x->user, y->user);

	return d != 0 ? d : x->addr < y->addr ? -1 : x->addr > y->addr;
}

void
sslvpn_sessions_walk(const struct sslvpn *sv,
    bool (*fn)(void *arg, const struct sslvpn_session_info *), void *arg)
{
	unsigned n = session_count(sv->sessions), i = 0;
	struct session **v, *s;
	struct sslvpn_session_info info;

	if (n == 0)
		return;
	v = xcalloc(n, sizeof(*v), "the SSL-VPN sessions shown");
	for (s = session_first(sv->sessions); s != NULL; s = session_next(sv->sessions, s))
		v[i++] = s;
	qsort(v, n, sizeof(*v), by_user);
	for (i = 0; i < n; i++) {
		s = v[i];
		memset(&info, 0, sizeof(info));
		snprintf(info.user, sizeof(info.user), "%s", s->user);
		info.addr = s->addr;
		info.client = s->client;
		info.client_port = s->client_port;
		info.since = s->since;
		info.connected = s->state == SESSION_CONNECTED;
		info.bytes_in = s->bytes_in;
		info.bytes_out = s->bytes_out;
		info.packets_in = s->packets_in;
		info.packets_out = s->packets_out;
		snprintf(info.agent, sizeof(info.agent), "%s", s->agent);
		if (!fn(arg, &info))
			break;
	}
	free(v);
}

uint64_t
sslvpn_counter(const struct sslvpn *sv, enum sslvpn_counter c)
{
	return c < SSLVPN_NCOUNTERS ? sv->counters[c] : 0;
}

const char *
sslvpn_counter_text(enum sslvpn_counter c)
{
#define SSLVPN_COUNTER_TEXT(name, text) text,
	static const char *const text[] = { SSLVPN_COUNTERS(SSLVPN_COUNTER_TEXT) };
#undef SSLVPN_COUNTER_TEXT

	return c < SSLVPN_NCOUNTERS ? text[c] : "";
}

void
sslvpn_clear_counters(struct sslvpn *sv)
{
	memset(sv->counters, 0, sizeof(sv->counters));
}

unsigned
sslvpn_clear_sessions(struct sslvpn *sv, const char *user)
{
	struct session *s, *next;
	unsigned n = 0;

	for (s = session_first(sv->sessions); s != NULL; s = next) {
		next = session_next(sv->sessions, s);
		if (user == NULL || strcmp(s->user, user) == 0) {
			server_end(sv, s, "cleared by the administrator", true);
			n++;
		}
	}
	conn_flush_all(sv);
	return n;
}
