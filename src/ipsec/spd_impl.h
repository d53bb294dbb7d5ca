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
	uint8_t		 shift;
	uint16_t	 mask;		/* children - 1 */
	uint32_t	 first;		/* the first child, or for a leaf into ref[] */
	uint32_t	 count;		/* a leaf's rules */
};

/* A rule in a leaf: its box copied, so a leaf's rules are read from one
 * place rather than from all over the rule array. */
struct spd_entry {
	struct spd_box	 box;
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
	    const uint32_t *list, uint32_t n, const uint8_t width[SPD_NDIM]);
void	 spd_tree_free(struct spd_tree *);

#endif
