/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spd_impl - what spd.c (rules, field maps, lookup) and spd_tree.c (the
 * decision tree's construction) share. Not for use outside the SPD.
 *
 * A rule is a box: a range per field. Addresses are themselves; the
 * protocol and the ports are the indexes of their elementary intervals
 * (the ranges between the rules' own boundaries), so an equal-size cut of
 * such a field separates distinct ranges even where they sit close
 * together (ports 22, 53 and 80 all lie in the first 1/1024 of the port
 * space). A packet without ports has the port value SPD_NO_PORTS, which
 * only the range of "any" holds.
 */
#ifndef VGW_SPD_IMPL_H
#define VGW_SPD_IMPL_H

#include "spd.h"

#define SPD_NDIM	5
#define SPD_D_SRC	0
#define SPD_D_DST	1
#define SPD_D_PROTO	2
#define SPD_D_SPORT	3
#define SPD_D_DPORT	4
#define SPD_NO_PORTS	65536u
#define SPD_LEAF	0xff
/* An address field shorter than this is wide: cutting it would copy the
 * rule into most children. Rules go to one of four trees by which of
 * their address fields are wide, so no tree mixes rules that only a source
 * cut separates with rules that a source cut would copy everywhere (as
 * EffiCuts separates its trees). */
#define SPD_WIDE_PLEN	8
#define SPD_TREES	4

struct spd_box {
	uint32_t	 lo[SPD_NDIM], hi[SPD_NDIM];
};

/* A node's children are consecutive nodes (a child equal to its left
 * neighbour is a copy of it, sharing its subtree), so a lookup reads one
 * node per level and nothing else. */
struct spd_node {
	uint8_t		 dim;		/* SPD_LEAF, or the field cut */
	uint8_t		 shift;		/* a leaf: its count's bits 16-23 */
	uint16_t	 mask;		/* children - 1; a leaf: its count's bits 0-15 */
	uint32_t	 first;		/* the first child, or for a leaf into ref[] */
};

/* A leaf's count of rules, kept in the fields a cut uses, so a node is 8
 * bytes (SPD_MAX_RULES fits 24 bits). */
static inline uint32_t
spd_leaf_count(const struct spd_node *nd)
{
	return (uint32_t)nd->shift << 16 | nd->mask;
}

static inline void
spd_set_leaf_count(struct spd_node *nd, uint32_t n)
{
	nd->shift = (uint8_t)(n >> 16);
	nd->mask = (uint16_t)n;
}

/* A rule in a leaf, copied so a leaf's rules are read from one place, and
 * small (four to a cache line): its prefixes and protocol as they are,
 * its port ranges (the only part that does not fit) in the SPD's table by
 * rule, read only for the rules that have them. Most entries of a real
 * policy have none, and those that have are read after their addresses
 * and protocol matched. */
struct spd_entry {
	uint32_t	 src, dst;	/* prefixes, host order, no host bits */
	uint8_t		 src_plen, dst_plen;
	uint8_t		 proto;		/* 0: any */
	uint8_t		 ports;		/* 1: port ranges to check (spd_ports) */
	uint32_t	 rule;
};

struct spd_tree {
	struct spd_node	*node;		/* node[0]: the root */
	uint32_t	 nnodes, node_cap;
	struct spd_entry *ref;		/* the leaves' rules, ascending in each */
	uint32_t	 nref, ref_cap;
	uint32_t	 nrules;	/* rules in the tree */
	uint32_t	 min_rule;	/* its first rule: SPD_NO_MATCH if none */
	uint32_t	 max_depth, max_leaf;
};

/*
 * Builds tree over the rules list[0 .. n) (ascending indexes into box);
 * width: each field's width in bits. False if memory ran out (the tree is
 * then freed by spd_tree_free as it is).
 */
bool	 spd_tree_build(struct spd_tree *, const struct spd_box *box,
	    const struct spd_entry *entry, const uint32_t *list, uint32_t n,
	    const uint8_t width[SPD_NDIM]);
void	 spd_tree_free(struct spd_tree *);

#endif
