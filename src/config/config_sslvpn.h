/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_sslvpn - the SSL-VPN part of the configuration model: the server
 * (`ssl-vpn`) and its users (`ssl-vpn user NAME`). Same contract as
 * config.h: the config owns every object; setters validate their single
 * statement; references and coherence are checked by config_validate at
 * commit (config_sslvpn_validate, called from it).
 *
 * Passwords are held only as type-9 hashes (crypto/password.h).
 *
 * Rendered in running-config after the crypto blocks and before the
 * interfaces: the `ssl-vpn` block, then one `ssl-vpn user NAME` block per
 * user, by name (natural order). `show running-config ssl-vpn` shows
 * both. In a three-way merge the server block is one object and each user
 * is one object.
 *
 * Commit-time checks (config_sslvpn_validate):
 * - listen is required and must be the address of an interface;
 * - address-pool is required, /8 to /30, and may not overlap an
 *   interface's network or a split-route... (a split route may contain
 *   the pool: that is allowed);
 * - certificate: `self-signed`, or both files (absolute paths);
 * - a user's static-address must lie inside the pool (not its network or
 *   broadcast address) and belong to one user only;
 * - users without the server block are allowed (kept, unused).
 */
#ifndef VGW_CONFIG_SSLVPN_H
#define VGW_CONFIG_SSLVPN_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

#define CFG_SSLVPN_ROUTES_MAX		64	/* split-route lines */
#define CFG_SSLVPN_DEFAULT_PORT		443
#define CFG_SSLVPN_DEFAULT_MAX_SESSIONS	1024
#define CFG_SSLVPN_SESSIONS_MAX		100000
#define CFG_SSLVPN_DEFAULT_IDLE		1800	/* idle-timeout, seconds */
#define CFG_SSLVPN_USERS_MAX		100000
#define CFG_SSLVPN_POOL_PLEN_MIN	8	/* address-pool /8 to /30 */
#define CFG_SSLVPN_POOL_PLEN_MAX	30

struct cfg_sslvpn_route {
	uint32_t	 prefix;	/* host part zero */
	uint8_t		 plen;
};

struct cfg_sslvpn {
	bool		 has_listen;
	uint32_t	 listen;
	uint16_t	 port;		/* CFG_SSLVPN_DEFAULT_PORT */
	bool		 self_signed;	/* certificate self-signed */
	char		 cert_file[CFG_PATH_MAX + 1];	/* "" = none */
	char		 key_file[CFG_PATH_MAX + 1];
	bool		 has_pool;
	uint32_t	 pool;		/* host part zero */
	uint8_t		 pool_plen;
	uint8_t		 nroutes;	/* split-route, ordered by prefix, length */
	struct cfg_sslvpn_route route[CFG_SSLVPN_ROUTES_MAX];
	bool		 has_dns;
	uint32_t	 dns;
	uint32_t	 max_sessions;	/* CFG_SSLVPN_DEFAULT_MAX_SESSIONS */
	uint32_t	 idle_timeout;	/* seconds; CFG_SSLVPN_DEFAULT_IDLE */
	uint8_t		 lockout_attempts;	/* 0 = no lockout (the default) */
	uint32_t	 lockout_period;	/* seconds */
	bool		 shutdown;
};

struct cfg_sslvpn_user {
	char		 name[CFG_NAME_MAX];
	char		 password[CFG_SECRET_MAX];	/* type-9 hash; "" = none:
						 * the user cannot log in */
	bool		 has_static;
	uint32_t	 static_addr;
	bool		 shutdown;
};

/* The server block: NULL when the configuration has none. */
const struct cfg_sslvpn *config_sslvpn(const struct config *);
/* The block, created with the defaults if absent (entering `ssl-vpn`). */
struct cfg_sslvpn *config_sslvpn_get(struct config *);
/* `no ssl-vpn`: false if there was none. Users stay. */
bool		 config_sslvpn_remove(struct config *);
void		 config_sslvpn_defaults(struct cfg_sslvpn *);

/* split-route lines, kept ordered by prefix then length, each once. add
 * is false (nothing changed) when CFG_SSLVPN_ROUTES_MAX are there already;
 * remove is false when the route is not there. */
bool		 config_sslvpn_route_add(struct cfg_sslvpn *, uint32_t prefix, uint8_t plen);
bool		 config_sslvpn_route_remove(struct cfg_sslvpn *, uint32_t prefix, uint8_t plen);

/* Users by name (natural order). get creates one with the defaults. */
const struct cfg_sslvpn_user *config_sslvpn_user_find(const struct config *,
		    const char *name);
struct cfg_sslvpn_user *config_sslvpn_user_get(struct config *, const char *name);
/* Adds the user or replaces the one of that name. */
void		 config_sslvpn_user_set(struct config *, const struct cfg_sslvpn_user *);
void		 config_sslvpn_user_defaults(struct cfg_sslvpn_user *, const char *name);
bool		 config_sslvpn_user_remove(struct config *, const char *name);
const struct cfg_sslvpn_user *config_sslvpn_user_first(const struct config *);
const struct cfg_sslvpn_user *config_sslvpn_user_next(const struct config *,
		    const struct cfg_sslvpn_user *);
unsigned long	 config_sslvpn_user_count(const struct config *);

/* The commit-time checks above, for config_validate: appends one line per
 * error (as config_validate does), returns their number. */
int		 config_sslvpn_validate(const struct config *, struct strbuf *errors);

/* Whether two say the same, field by field. */
bool		 config_sslvpn_equal(const struct cfg_sslvpn *, const struct cfg_sslvpn *);
bool		 config_sslvpn_user_equal(const struct cfg_sslvpn_user *,
		    const struct cfg_sslvpn_user *);

#endif
