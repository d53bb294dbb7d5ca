/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spd - the security policy database's classifier: ordered rules on
 * (source prefix, destination prefix, protocol, source port range,
 * destination port range), first match wins. Built once per commit from
 * the rules in order, then read-only; what a match means (protect,
 * bypass, discard, which tunnel) is the caller's, by rule index.
 *
 * Structure: decision trees after HiCuts (Gupta and McKeown, 1999). A
 * node covers a box of the 5-dimensional key space and cuts one field of
 * it into 2^k equal parts, each a child; a leaf lists, in rule order, the
 * few rules (SPD_LEAF_RULES or fewer, where cutting can still separate
 * them) that meet its box. A lookup walks from the root, taking one shift
 * and mask of one key field per level, to a leaf, and checks its rules in
 * order: the first that matches all five fields is the tree's answer. So
 * no lookup scans the rule set; it reads a few nodes and a handful of
 * rules, which is what it waits on, so both are laid out for the cache:
 * 8-byte nodes, 16-byte leaf entries (four to a line; a rule's port
 * ranges apart, read only once its addresses and protocol matched). The
 * cut at each node is the field and k whose largest child
 * holds the fewest rules, among the k whose children together hold at
 * most SPD_SPACE_FACTOR times the node's rules (rules that span several
 * children are listed in each).
 *
 * What keeps wide rules from multiplying: (1) the rules are split among
 * four trees by which of their address fields are wide (shorter than /8),
 * as EffiCuts does, so a tree never mixes rules that only a source cut
 * separates with rules a source cut would copy into every child; a lookup
 * walks all four to their leaves (the walks are independent, so their
 * memory accesses overlap), then checks the leaves in the order of the
 * trees' first rules and stops when its match comes before the next
 * tree's first rule. (2) In a box that a rule
 * covers whole, no later rule can match, so the list stops there. (3)
 * Equal neighbouring children share one subtree. The protocol and port
 * fields are cut in the space of their elementary intervals (the ranges
 * between the rules' boundaries), so ports 22, 53 and 80 fall in
 * different children. Elementary intervals on the destination alone were
 * the alternative; they leave every rule whose destination is "any" in
 * every interval's list, which a policy of wide entries turns back into
 * a linear scan.
 *
 * Packets without ports (protocols other than TCP and UDP, non-first
 * fragments, which carry no ports, and first fragments too short to hold
 * them) match only rules whose port ranges are both "any" (RFC 4301 §4.4.1
 * lets an implementation treat ports it cannot see so; it never lets an
 * entry with ports match a packet whose ports are unknown).
 *
 * Bounds: SPD_MAX_RULES rules; each tree's leaf entries at most
 * SPD_REF_FACTOR per rule plus 4096 (when that budget runs out, the nodes
 * not yet built stay leaves with longer lists: slower, never wrong), its
 * nodes at most 2^k = SPD_SPACE_FACTOR times the rules of the node cut,
 * depth SPD_MAX_DEPTH; the port maps 2 x 256 KiB when rules have ports;
 * 24 bytes a rule for the leaves' entries and port ranges to copy from.
 * Thread: any number of readers once built.
 */
#ifndef VGW_SPD_H
#define VGW_SPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPD_MAX_RULES		(1u << 22)	/* a leaf's count fits 24 bits */
#define SPD_NO_MATCH		UINT32_MAX
#define SPD_LEAF_RULES		8	/* a leaf this small is not cut further */
#define SPD_SPACE_FACTOR	4
#define SPD_MAX_CUT_BITS	16	/* at most 65536 children per node */
#define SPD_MAX_DEPTH		24
#define SPD_REF_FACTOR		16	/* leaf entries per rule, per tree */

struct spd_rule {
	uint32_t	 src, dst;	/* prefixes, host order, no host bits */
	uint8_t		 src_plen, dst_plen;	/* 0-32 */
	uint8_t		 proto;		/* 0: any */
	uint16_t	 sport_lo, sport_hi;	/* 0-65535: any */
	uint16_t	 dport_lo, dport_hi;
};

/* What a packet is classified by. */
struct spd_key {
	uint32_t	 src, dst;	/* host order */
	uint8_t		 proto;
	bool		 has_ports;
	uint16_t	 sport, dport;
};

struct spd;

/* NULL when n > SPD_MAX_RULES or memory ran out. */
struct spd	*spd_build(const struct spd_rule *, uint32_t n);
void		 spd_free(struct spd *);
/* The index of the first rule that matches, or SPD_NO_MATCH. */
uint32_t	 spd_lookup(const struct spd *, const struct spd_key *);
/* Whether one rule matches a key (the linear definition of a match). */
bool		 spd_rule_matches(const struct spd_rule *, const struct spd_key *);
/* The key of the IPv4 packet ip[0 .. len) (its header already checked). */
void		 spd_key_of(const uint8_t *ip, size_t len, struct spd_key *);
/* The key of the reply direction: addresses and ports exchanged. */
void		 spd_key_reverse(const struct spd_key *, struct spd_key *);
/* For tests and the bench: the tree's size and shape. */
struct spd_stats {
	uint32_t	 nodes, leaves, refs, max_depth, max_leaf;
};
void		 spd_stats(const struct spd *, struct spd_stats *);

#endif
