/* own_internal.h - what the ownership analyses' files share (solve.c, owners.c, whole.c, answers.c, typology.c). */
#ifndef OV_OWN_INTERNAL_H
#define OV_OWN_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>
#include "oversight/own.h"

/* Walk sums CAP and over count as diverged (solve.c's ov__integrate). */
#define OV__OWN_CAP 1e6

/* One strongly connected component of the ownership graph, s > 1 members,
 * solved exactly (solve.c's elimination). Member i's holdings by other members
 * are hfrom[hoff[i] .. hoff[i + 1]) (member positions) with shares hlo..hhi
 * (one per holder: parallel claims merged), and b the walk sums that enter
 * it from outside, at the bands' minimum and maximum. Out: x = b + A^T x,
 * the walk sums into each member (capped at OV__OWN_CAP), Z_vv = the walk
 * sums from v back to v (1 / (1 - first-return share)), and unb: bit 1
 * (minimum) or 2 (maximum) where the shares around the cycles sum to 100 % or
 * more (then x is OV__OWN_CAP and Z 1), or where a holding with a positive
 * share at that reading comes from such a member; dv: the same bits for the
 * diverging components alone (what the divergence spreads from). OV_ETOOBIG
 * past OV_OWN_MAX_WORK, OV_ENOMEM. */
int ov__own_component_solve(uint32_t s, const uint32_t *hoff, const uint32_t *hfrom, const double *hlo,
                            const double *hhi, const double *bmin, const double *bmax, double *xmin, double *xmax,
                            double *dmin, double *dmax, uint8_t *unb, uint8_t *dv);
/* ov_own_state_chain_share, with *unbounded (may be NULL) as ov_holder.unbounded: the
 * share is capped at 1 because a state holder's walk sums diverge (bit 1 at the bands'
 * minimum, 2 at their maximum). */
int ov__own_state_chain_share(const ov_graph *g, uint32_t node, double *min, double *max, ov_path *path,
                              uint8_t *unbounded);

struct ov_answer;
struct ov_store;
/* answers.c: adds the state-share conclusion for node to a (its band, strongest
 * chain, the holdings that widen the band, the designation beside it); the numbers
 * are computed unless given (given_min, given_max, given_path all set: the
 * typology's whole-graph pass), capped as ov_typology.state_unbounded bit 1. */
int ov__add_state_share(struct ov_answer *a, struct ov_store *st, const ov_graph *g, uint32_t node,
                        const double *given_min, const double *given_max, const ov_path *given_path, bool capped);
/* answers.c: the record's designation of node as a state entity, as steps of item it
 * (topic gov.soe with its citations, a state Control edge); never a share. */
void ov__designation_steps(struct ov_answer *a, int it, struct ov_store *st, const ov_graph *g, uint32_t node);

#endif
