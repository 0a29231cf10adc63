/*
 * render.h - pictures of the ownership and control neighbourhood of an entity,
 * drawn by Graphviz (dot layout). Labels are escaped by Graphviz; CJK names
 * need fonts-noto-cjk. Graphviz is not thread-safe: calls are serialised.
 */
#ifndef OVERSIGHT_RENDER_H
#define OVERSIGHT_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include "graph.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ov_picture_format { OV_PIC_DOT, OV_PIC_SVG } ov_picture_format;

/* Neighbours of one node drawn in each direction at most, by default; the rest are
 * one "and N more" node. */
#define OV_PIC_BREADTH 8

typedef struct ov_picture_opts {
    int depth;               /* steps from the center, along any edge */
    int max_nodes;           /* nodes in all, at most */
    int breadth;             /* new neighbours of one node per direction (holders, holdings), at
                                most; the heaviest first (the state, control, the largest stakes);
                                < 1: OV_PIC_BREADTH */
    ov_picture_format format;
    const char *link_prefix; /* nodes link to link_prefix + their id (percent-encoded), or NULL */
} ov_picture_opts;

/* Draws the neighbourhood of center as o says; *truncated says whether max_nodes cut
 * it (the breadth's cuts are drawn as "and N more" nodes). */
OV_API int ov_render_picture(const ov_graph *g, uint32_t center, const ov_picture_opts *o, FILE *out,
                             int *n_nodes /* OUT */, bool *truncated /* OUT */);

/* ov_render_picture with breadth OV_PIC_BREADTH and links to /entity/ID: draws the nodes within depth steps of center (along any edge, both ways),
 * at most max_nodes of them (nearest first); *truncated says whether the cap
 * cut the picture. */
OV_API int ov_render_neighbourhood(const ov_graph *g, uint32_t center, int depth, int max_nodes,
                                   ov_picture_format format, FILE *out, int *n_nodes /* OUT */,
                                   bool *truncated /* OUT */);

struct ov_rules;
struct ov_store;

/* Writes the dossier of entity id in the style of the submission: facts with
 * numbered footnotes (each citation once), ownership and control (typology
 * and its evidence, owners, control without shares, the picture: inline SVG
 * in HTML, a link to svg_path in Markdown when given), legal exposure (rules
 * may be NULL to leave it out), deployments, lists and measured facts that
 * name it, then the notes. Every value is escaped for the format. */
OV_API int ov_report_write(struct ov_store *st, const ov_model *m, const ov_graph *g, const struct ov_rules *rules,
                           const char *id, bool html, const char *svg_path, FILE *out);

/* The dossier's data as one JSON object: the entity, its statements (entity
 * values with the party's name), the answers behind the dossier (typology,
 * controllers, owners, exposure: explain.h's JSON), links that are not
 * control, and the list entries, deployments and measurements naming it with
 * their statements. *out is the caller's (ov_free). OV_ENOTFOUND for an
 * unknown id. */
OV_API int ov_report_json(struct ov_store *st, const ov_model *m, const ov_graph *g, const struct ov_rules *rules,
                          const char *id, char **out /* OUT */);

/* A share as text: "51%", "25-50%", ">50%", or "?" when unknown. */
OV_API void ov_share_format(const ov_share *s, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
