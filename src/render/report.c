/*
 * report.c - a company dossier in the style of the submission: facts with
 * numbered footnotes, ownership and control with the picture, the typology
 * class with its evidence, legal exposure, deployments and list status, in
 * Markdown or HTML (see render.h). Every value from the record is escaped for
 * the output format: names come from untrusted datasets.
 *
 * The dossier is its entity's cluster (docs/internals/resolve.md): asked with
 * any referent's id, it is the canonical id's, with the facts of every
 * referent (each saying which referent records it when not the canonical id)
 * and the list entries, deployments and measurements naming any of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/explain.h"
#include "oversight/indicators.h"
#include "oversight/law.h"
#include "oversight/model.h"
#include "oversight/deploy.h"
#include "oversight/search.h"
#include "oversight/own.h"
#include "oversight/render.h"
#include "oversight/resolve.h"
#include "oversight/typology.h"
#include "../explain/build.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define MAX_NOTES 400

typedef struct report {
    ov_store *st;
    const ov_model *m;
    const ov_graph *g;
    const ov_rules *rules;
    bool html;
    FILE *out;
    char *notes[MAX_NOTES]; /* footnote texts, numbered from 1 */
    int uses[MAX_NOTES];    /* references made to each so far: each reference has its own anchor */
    int n_notes;
    int rc;
} report;

/* ---- escaping ----------------------------------------------------------------- */

static void put_html(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: putc(*s, out);
        }
    }
}

/* Markdown: backslash the characters that would start markup, and keep a
 * value on its line; raw HTML in Markdown is neutralised the HTML way. */
static void put_md(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\`*_[]#|<>!", *s)) {
            if (*s == '<') fputs("&lt;", out);
            else if (*s == '>') fputs("&gt;", out);
            else {
                putc('\\', out);
                putc(*s, out);
            }
        } else if (*s == '\n' || *s == '\r') {
            putc(' ', out);
        } else {
            putc(*s, out);
        }
    }
}

static void text(report *r, const char *s)
{
    if (r->html) put_html(r->out, s);
    else put_md(r->out, s);
}

static void raw(report *r, const char *s) { fputs(s, r->out); }

/* The length of a web address at s (0 when s does not start one): up to a
 * space, a quote or an angle bracket, without a trailing full stop, comma or
 * closing parenthesis. */
static size_t url_len(const char *s)
{
    if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7)) return 0;
    size_t n = strcspn(s, " \t\r\n\"'<>");
    while (n && strchr(".,;)", s[n - 1])) n--;
    return n;
}

/* A text with its web addresses as links: <a href> in HTML, <URL> in Markdown. */
static void text_linked(report *r, const char *s)
{
    while (s && *s) {
        const char *h = strstr(s, "http");
        size_t n = 0;
        while (h && !(n = url_len(h))) h = strstr(h + 4, "http");
        if (!h) break;
        char *pre = ov__strndup(s, (size_t)(h - s)), *u = ov__strndup(h, n);
        if (pre && u) {
            text(r, pre);
            if (r->html) {
                raw(r, "<a href=\"");
                put_html(r->out, u);
                raw(r, "\" rel=\"noopener noreferrer\">");
                put_html(r->out, u);
                raw(r, "</a>");
            } else {
                raw(r, "<");
                /* an address has no spaces or angle brackets (url_len), nothing to escape here */
                raw(r, u);
                raw(r, ">");
            }
        }
        ov__free(pre);
        ov__free(u);
        s = h + n;
    }
    text(r, s);
}

/* The name of an entity the record holds (explain's ov__name_of), into buf. */
static const char *name_of(report *r, const char *id, char *buf, size_t len)
{
    return ov__name_of(r->st, r->g, id, buf, len);
}

/* An entity by name, linked to its page in HTML (the id is in the link only). */
static void entity_ref(report *r, const char *id)
{
    char buf[512];
    const char *n = name_of(r, id, buf, sizeof buf);
    if (r->html) {
        raw(r, "<a href=\"/entity/");
        for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
                putc(*p, r->out);
            else fprintf(r->out, "%%%02X", *p);
        }
        raw(r, "\">");
        text(r, n);
        raw(r, "</a>");
    } else {
        text(r, n);
    }
}

static void heading(report *r, int level, const char *s)
{
    if (r->html) {
        fprintf(r->out, "<h%d>", level);
        text(r, s);
        fprintf(r->out, "</h%d>\n", level);
    } else {
        fprintf(r->out, "\n%.*s ", level, "######");
        text(r, s);
        raw(r, "\n\n");
    }
}

static void item_start(report *r) { raw(r, r->html ? "<li>" : "- "); }
static void item_end(report *r) { raw(r, r->html ? "</li>\n" : "\n"); }
static void list_start(report *r) { if (r->html) raw(r, "<ul>\n"); }
static void list_end(report *r) { raw(r, r->html ? "</ul>\n" : "\n"); }

/* ---- footnotes ---------------------------------------------------------------- */

static const char *value_of(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, prop)) return e->stmts[i].value;
    return NULL;
}

/* The footnote text for a citation: the source document described as the
 * submission's footnotes are (author, title, publisher, date, URL), then the
 * locator and the claim's status. */
static char *note_text(report *r, const char *source, const char *locator, int status)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 16);
    ov_entity *doc = NULL;
    if (source && ov_store_get(r->st, source, 0, &doc) == OV_OK) {
        const char *parts[] = {value_of(doc, "author"), value_of(doc, "title"), value_of(doc, "publisher"),
                               value_of(doc, "publishedAt"), value_of(doc, "sourceUrl")};
        int n = 0;
        for (int i = 0; i < 5; i++) {
            if (!parts[i]) continue;
            ov_buf_printf(&b, "%s%s%s%s", n++ ? ", " : "", i == 1 ? "\"" : "", parts[i], i == 1 ? "\"" : "");
        }
        if (!n) ov_buf_adds(&b, source);
        ov_entity_free(doc);
    } else if (source) {
        ov_buf_adds(&b, source);
    }
    if (locator && *locator) ov_buf_printf(&b, "%s%s", b.len ? ". " : "", locator);
    if (status != OV_ST_ASSERTED) ov_buf_printf(&b, " (%s)", ov_status_name(status));
    return ov_buf_detach(&b);
}

/* The number of the footnote for a citation, adding it when new (0: none). */
static int note(report *r, const char *source, const char *locator, int status)
{
    if ((!source || !*source) && (!locator || !*locator)) return 0;
    char *t = note_text(r, source, locator, status);
    if (!t) return 0;
    for (int i = 0; i < r->n_notes; i++)
        if (strcmp(r->notes[i], t) == 0) {
            ov__free(t);
            return i + 1;
        }
    if (r->n_notes == MAX_NOTES) {
        ov__free(t);
        return 0;
    }
    r->notes[r->n_notes++] = t;
    return r->n_notes;
}

/* A reference to note n; in HTML each reference has its own anchor (ref7, ref7-2 ...),
 * the note links back to the first. */
static void ref(report *r, int n)
{
    if (!n) return;
    int k = ++r->uses[n - 1];
    if (!r->html) fprintf(r->out, "[^%d]", n);
    else if (k == 1) fprintf(r->out, "<sup><a href=\"#fn%d\" id=\"ref%d\">%d</a></sup>", n, n, n);
    else fprintf(r->out, "<sup><a href=\"#fn%d\" id=\"ref%d-%d\">%d</a></sup>", n, n, k, n);
}

static void cite_stmt(report *r, const ov_stmt *s) { ref(r, note(r, s->source, s->locator, s->status)); }

/* ---- sections ---------------------------------------------------------------------- */

/* The referents of id's cluster in the report's graph, the canonical id first: *ids
 * is the caller's (ov__free; the strings are the graph's, or id); 0 out of memory. */
static size_t referents_of(report *r, const char *id, const char ***ids)
{
    uint32_t node;
    size_t n = r->g && ov_graph_find(r->g, id, &node) ? ov_graph_node_referents(r->g, node, NULL, 0) : 0;
    *ids = ov__malloc((n ? n : 1) * sizeof **ids);
    if (!*ids) return 0;
    if (!n) (*ids)[0] = id;
    else ov_graph_node_referents(r->g, node, *ids, n);
    return n ? n : 1;
}

/* " (recorded under referent X, Y)" after a fact of the cluster e, for the referents
 * other than the canonical id that record statement s's property and value. */
static void referents_note(report *r, const ov_entity *e, const ov_stmt *s)
{
    int k = 0;
    for (size_t j = 0; j < e->n_stmts; j++) {
        const ov_stmt *o = &e->stmts[j];
        if (!o->src_id || o->status == OV_ST_RETRACTED || strcmp(o->prop, s->prop) || strcmp(o->value, s->value))
            continue;
        bool seen = false; /* each referent once */
        for (size_t q = 0; q < j && !seen; q++)
            seen = e->stmts[q].src_id && !strcmp(e->stmts[q].src_id, o->src_id) && !strcmp(e->stmts[q].prop, s->prop) &&
                   !strcmp(e->stmts[q].value, s->value) && e->stmts[q].status != OV_ST_RETRACTED;
        if (seen) continue;
        raw(r, k++ ? ", " : " (recorded under referent ");
        text(r, o->src_id);
    }
    if (k) raw(r, ")");
}

static void facts(report *r, const ov_entity *e)
{
    heading(r, 2, "Facts on record");
    list_start(r);
    const ov_schema *sch = r->m ? ov_model_schema(r->m, e->schema) : NULL;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        /* the same value from several sources is one line with several notes */
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = e->stmts[j].status == s->status && !strcmp(e->stmts[j].prop, s->prop) && !strcmp(e->stmts[j].value, s->value);
        if (dup) continue;
        const ov_prop *p = sch ? ov_schema_prop(sch, s->prop) : NULL;
        item_start(r);
        if (r->html) raw(r, "<b>");
        text(r, p && ov_prop_label(p) ? ov_prop_label(p) : s->prop);
        raw(r, r->html ? "</b>: " : ": ");
        if (p && ov_prop_type(p) == OV_T_ENTITY) entity_ref(r, s->value);
        else text_linked(r, s->value);
        if (s->status != OV_ST_ASSERTED) {
            raw(r, " (");
            text(r, ov_status_name(s->status));
            raw(r, ")");
        }
        cite_stmt(r, s);
        for (size_t j = i + 1; j < e->n_stmts; j++) {
            const ov_stmt *o = &e->stmts[j];
            if (o->status == s->status && !strcmp(o->prop, s->prop) && !strcmp(o->value, s->value)) cite_stmt(r, o);
        }
        referents_note(r, e, s);
        item_end(r);
    }
    list_end(r);
}

/* One piece of evidence, as a list item with a footnote for each citation. */
static void step_item(report *r, const ov_step *s)
{
    item_start(r);
    if (s->kind == OV_STEP_EDGE) {
        text(r, s->from_caption ? s->from_caption : s->from);
        raw(r, " — ");
        text(r, s->relation);
        if (s->value) {
            raw(r, " ");
            text(r, s->value);
        }
        if (s->type) {
            raw(r, " (");
            text(r, s->type);
            raw(r, ")");
        }
        raw(r, " — ");
        text(r, s->to_caption ? s->to_caption : s->to);
    } else if (s->kind == OV_STEP_STATEMENT) {
        text(r, s->entity_caption ? s->entity_caption : s->entity);
        raw(r, ": ");
        text(r, s->relation);
        raw(r, " = ");
        text(r, s->value);
    } else {
        text(r, s->value);
    }
    if (s->status != OV_ST_ASSERTED) {
        raw(r, " (");
        text(r, ov_status_name(s->status));
        raw(r, ")");
    }
    if (s->note) {
        raw(r, " — ");
        text(r, s->note);
    }
    for (size_t i = 0; i < s->n_cites; i++) ref(r, note(r, s->cites[i].source, s->cites[i].locator, s->cites[i].status));
    item_end(r);
}

/* A conclusion of an answer (explain.h): its title, value and status side by side,
 * what it assumes, then its evidence. */
static void conclusion(report *r, const char *title, const ov_explanation *x)
{
    raw(r, r->html ? "<p><b>" : "**");
    text(r, title);
    if (x->object && x->object_caption && strcmp(title, "Ultimate parent") != 0) {
        raw(r, " ");
        text(r, x->object_caption);
    }
    raw(r, r->html ? ":</b> " : ":** ");
    text(r, x->value);
    if (x->status != OV_ST_ASSERTED) {
        raw(r, " (");
        text(r, ov_status_name(x->status));
        raw(r, ")");
    }
    if (x->note) {
        raw(r, " — ");
        text(r, x->note);
    }
    raw(r, r->html ? "</p>\n" : "\n\n");
    if (!x->n_steps) return;
    list_start(r);
    for (size_t k = 0; k < x->n_steps; k++) step_item(r, &x->steps[k]);
    list_end(r);
}

static void ownership(report *r, uint32_t node, const char *svg_path)
{
    heading(r, 2, "Ownership and control");
    /* the same answers as `oversight typology`, `controllers` and `owners` */
    ov_answer *a = NULL;
    if (ov_explain_typology(r->st, r->g, node, &a) == OV_OK) conclusion(r, "Typology", &a->items[0]);
    ov_answer_free(a);
    a = NULL;
    if (ov_explain_controllers(r->st, r->g, node, &a) == OV_OK) {
        conclusion(r, "Ultimate parent", &a->items[0]);
        conclusion(r, "State share", &a->items[1]);
        conclusion(r, "Control without shares", &a->items[2]);
    }
    ov_answer_free(a);
    a = NULL;
    if (ov_explain_owners(r->st, r->g, node, &a) == OV_OK && a->n_items) {
        raw(r, r->html ? "<p><b>Owners</b> (integrated ownership, through any chain):</p>\n"
                       : "**Owners** (integrated ownership, through any chain):\n\n");
        for (size_t i = 0; i < a->n_items && i < 20; i++) conclusion(r, "Holder", &a->items[i]);
        if (a->n_items > 20) {
            char buf[64];
            snprintf(buf, sizeof buf, "%zu more holders: see oversight owners.", a->n_items - 20);
            text(r, buf);
            raw(r, r->html ? "\n" : "\n\n");
        }
    }
    ov_answer_free(a);
    /* links that are not control, to it and from it (customers, deployments, projects it is
     * alleged to be involved in, mentions), each with its status */
    int shown = 0;
    for (int dir = 0; dir < 2; dir++) {
        uint32_t m;
        const uint32_t *edges = dir ? ov_graph_out(r->g, node, &m) : ov_graph_in(r->g, node, &m);
        for (uint32_t k = 0; k < m; k++) {
            const ov_edge *e = ov_graph_edge(r->g, edges[k]);
            if (e->kind == OV_EDGE_OWNERSHIP || ov_own_link_is_control(e)) continue;
            if (!shown++) {
                raw(r, r->html ? "<p><b>Other links</b> (not control):</p>\n" : "**Other links** (not control):\n\n");
                list_start(r);
            }
            ov_answer *one = ov__answer_new("link");
            int it = one ? ov__answer_add(one, "link") : -1;
            const ov_step *s = it >= 0 ? ov__step_edge(one, it, r->st, r->g, edges[k], "link") : NULL;
            if (s) step_item(r, s);
            ov_answer_free(one);
        }
    }
    if (shown) list_end(r);
    if (r->html) {
        /* the picture inline: Graphviz escapes its labels */
        int nn;
        bool truncated;
        raw(r, "<figure class=\"graph\">\n");
        ov_render_neighbourhood(r->g, node, 2, 60, OV_PIC_SVG, r->out, &nn, &truncated);
        raw(r, "</figure>\n");
    } else if (svg_path) {
        raw(r, "![Ownership and control neighbourhood](");
        text(r, svg_path);
        raw(r, ")\n\n");
    }
}

/* A footnote for every citation of a piece of evidence. */
static void step_refs(report *r, const ov_step *s)
{
    for (size_t i = 0; i < s->n_cites; i++) ref(r, note(r, s->cites[i].source, s->cites[i].locator, s->cites[i].status));
}

/* The legal exposure: the answer of ov_law_exposure, each obligation with its
 * provision, its status when weaker than asserted, the class it binds and the
 * evidence that puts the company in it, every citation a footnote. */
static void exposure(report *r, const char *id)
{
    heading(r, 2, "Legal exposure");
    ov_law *law;
    if (!r->rules || ov_law_open(&law, r->st, r->m, r->g, r->rules, NULL) != OV_OK) return;
    ov_answer *a;
    if (ov_law_exposure(law, id, &a) == OV_OK) {
        if (!a->n_items) raw(r, r->html ? "<p>No provision on record reaches it.</p>\n" : "No provision on record reaches it.\n\n");
        list_start(r);
        for (size_t i = 0; i < a->n_items; i++) {
            const ov_explanation *x = &a->items[i];
            item_start(r);
            if (r->html) raw(r, "<b>");
            text(r, x->value);
            raw(r, r->html ? "</b>" : "");
            if (ov_status_rank(x->status) > ov_status_rank(OV_ST_ASSERTED)) {
                raw(r, " (");
                text(r, ov_status_name(x->status));
                raw(r, ")");
            }
            raw(r, " — ");
            text(r, x->object_caption ? x->object_caption : x->object);
            for (size_t k = 0; k < x->n_steps; k++)
                if (x->steps[k].role && !strcmp(x->steps[k].role, "provision")) step_refs(r, &x->steps[k]);
            raw(r, "; binds ");
            text(r, x->rule.label ? x->rule.label : x->rule.id);
            raw(r, ", because ");
            int shown = 0;
            for (size_t k = 0; k < x->n_steps; k++) {
                const ov_step *s = &x->steps[k];
                if (s->kind == OV_STEP_ASSUMPTION || (s->role && (!strcmp(s->role, "provision") || !strcmp(s->role, "text") ||
                                                                  !strcmp(s->role, "in-force") || !strcmp(s->role, "minimum-period"))))
                    continue;
                if (shown++) raw(r, "; ");
                if (s->kind == OV_STEP_EDGE) {
                    /* "X holds 51% of Y (a majority)", "X controls Y" */
                    bool holds = s->relation && !strcmp(s->relation, "ownership");
                    text(r, s->from_caption ? s->from_caption : s->from);
                    bool controls = s->relation && !strcmp(s->relation, "control");
                    raw(r, holds ? " holds " : controls ? " controls " : " ");
                    if (holds && s->value) text(r, s->value);
                    if (!holds && !controls) text(r, s->relation);
                    raw(r, holds ? " of " : controls ? "" : " link to ");
                    text(r, s->to_caption ? s->to_caption : s->to);
                    if (s->role && !strcmp(s->role, "majority")) raw(r, " (a majority)");
                } else {
                    if (s->entity_caption) {
                        text(r, s->entity_caption);
                        raw(r, ": ");
                    }
                    text(r, s->relation);
                    raw(r, " = ");
                    text(r, s->value);
                    /* a fact of a twin: the referent that records it */
                    if (s->entity && strcmp(ov_cluster_id(r->g, s->entity), s->entity)) {
                        raw(r, " (recorded under referent ");
                        text(r, s->entity);
                        raw(r, ")");
                    }
                }
                step_refs(r, s);
            }
            if (!shown) raw(r, "of what it is (its schema)");
            item_end(r);
        }
        list_end(r);
        ov_answer_free(a);
    }
    ov_law_close(law);
}

typedef struct refs {
    char (*ids)[208];
    char (*schemata)[64];
    size_t n, cap;
} refs;

static int referrer_cb(const char *entity_id, const char *schema, const char *prop, void *ud)
{
    (void)prop;
    refs *x = ud;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        void *a = ov__realloc(x->ids, sizeof *x->ids * cap), *b = NULL;
        if (a) x->ids = a;
        if (a) b = ov__realloc(x->schemata, sizeof *x->schemata * cap);
        if (!a || !b) return 1;
        x->schemata = b;
        x->cap = cap;
    }
    snprintf(x->ids[x->n], 208, "%s", entity_id);
    snprintf(x->schemata[x->n], 64, "%s", schema);
    x->n++;
    return 0;
}

/* The list entries naming the entity, one line per list (program): the
 * dates of all its entries (list versions, curated events) on that line, each
 * entry's citation a footnote, its status when weaker than asserted. */
static void lists_section(report *r, const refs *x)
{
    typedef struct lent {
        ov_entity *e;
        const char *program;
        bool done;
    } lent;
    lent *ls = ov__calloc(x->n ? x->n : 1, sizeof *ls);
    if (!ls) return;
    size_t n = 0;
    for (size_t i = 0; i < x->n; i++) {
        if (strcmp(x->schemata[i], "Sanction") != 0) continue;
        bool seen = false; /* an entity refers through several properties: once */
        for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(ls[k].e->id, x->ids[i]);
        if (seen || ov_store_get(r->st, x->ids[i], 0, &ls[n].e) != OV_OK) continue;
        const char *prog = value_of(ls[n].e, "program");
        ls[n].program = prog ? prog : ls[n].e->id;
        n++;
    }
    if (n) {
        heading(r, 2, "Lists");
        list_start(r);
    }
    for (size_t i = 0; i < n; i++) {
        if (ls[i].done) continue;
        item_start(r);
        if (r->html) raw(r, "<b>");
        text(r, ls[i].program);
        if (r->html) raw(r, "</b>");
        const char *body = value_of(ls[i].e, "sanctioningBody");
        if (body) {
            raw(r, " — ");
            entity_ref(r, body);
        }
        int k = 0;
        for (size_t j = i; j < n; j++) {
            if (ls[j].done || strcmp(ls[j].program, ls[i].program)) continue;
            ls[j].done = true;
            const ov_entity *e = ls[j].e;
            const char *start = value_of(e, "startDate"), *end = value_of(e, "endDate");
            raw(r, k++ ? "; " : ": ");
            text(r, start ? start : "undated");
            if (end) {
                raw(r, " to ");
                text(r, end);
            }
            const ov_stmt *cite = NULL;
            for (size_t q = 0; q < e->n_stmts && !cite; q++)
                if (e->stmts[q].source && !strcmp(e->stmts[q].prop, "entity")) cite = &e->stmts[q];
            for (size_t q = 0; q < e->n_stmts && !cite; q++)
                if (e->stmts[q].source) cite = &e->stmts[q];
            if (cite && cite->status != OV_ST_ASSERTED) {
                raw(r, " (");
                text(r, ov_status_name(cite->status));
                raw(r, ")");
            }
            if (cite) cite_stmt(r, cite);
        }
        item_end(r);
    }
    if (n) list_end(r);
    for (size_t i = 0; i < n; i++) ov_entity_free(ls[i].e);
    ov__free(ls);
}

/* Sanctions and list entries, deployments and measurements that name the entity. */
static void related(report *r, const char *id)
{
    refs x = {0};
    const char **ids = NULL;
    size_t n_ids = referents_of(r, id, &ids);
    for (size_t i = 0; i < n_ids; i++) ov__store_referrers(r->st, ids[i], referrer_cb, &x);
    ov__free(ids);
    lists_section(r, &x);
    ov_map_value map[300];
    char codes[300][8];
    size_t n_map = 0;
    static const struct { const char *schema, *title; } sections[] = {
        {"Sanction", "Lists"}, {"Deployment", "Deployments"}, {"Measurement", "Measured facts"}};
    for (size_t s = 1; s < 3; s++) {
        int shown = 0;
        for (size_t i = 0; i < x.n; i++) {
            if (strcmp(x.schemata[i], sections[s].schema) != 0) continue;
            bool seen = false; /* an entity naming it through several properties, or several referents: once */
            for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(x.ids[j], x.ids[i]);
            ov_entity *e;
            if (seen || ov_store_get(r->st, x.ids[i], 0, &e) != OV_OK) continue;
            if (!shown++) {
                heading(r, 2, sections[s].title);
                list_start(r);
            }
            item_start(r);
            const ov_stmt *cite = NULL;
            if (s == 0) {
                const char *prog = value_of(e, "program");
                text(r, prog ? prog : e->id);
                const char *start = value_of(e, "startDate"), *end = value_of(e, "endDate");
                if (start) {
                    raw(r, ", from ");
                    text(r, start);
                }
                if (end) {
                    raw(r, " to ");
                    text(r, end);
                }
            } else if (s == 1) {
                const char *c = value_of(e, "country");
                const char *cn = c ? ov_country_name(c) : NULL;
                text(r, cn ? cn : c ? c : "country not recorded");
                if (c && n_map < 300) {
                    /* the code outlives the entity: copied */
                    snprintf(codes[n_map], sizeof codes[0], "%s", c);
                    map[n_map] = (ov_map_value){codes[n_map], 1, "a deployment named in the record"};
                    n_map++;
                }
                int t = 0;
                for (size_t k = 0; k < e->n_stmts; k++)
                    if (!strcmp(e->stmts[k].prop, "technology")) {
                        raw(r, t++ ? ", " : ": ");
                        text(r, e->stmts[k].value);
                    }
                /* the source may record technologies per country only: then none is the supplier's */
                if (!t) raw(r, " (technologies: recorded for the country, not for this supplier)");
            } else {
                const char *metric = value_of(e, "metric"), *q = value_of(e, "qualifier"), *u = value_of(e, "unit");
                text(r, metric ? metric : e->id);
                raw(r, ": ");
                if (q) {
                    text(r, q);
                    raw(r, " ");
                }
                for (size_t k = 0; k < e->n_stmts && !cite; k++)
                    if (!strcmp(e->stmts[k].prop, "value")) cite = &e->stmts[k];
                text(r, value_of(e, "value") ? value_of(e, "value") : "?");
                if (u) {
                    raw(r, " ");
                    text(r, u);
                }
            }
            for (size_t k = 0; k < e->n_stmts && !cite; k++)
                if (e->stmts[k].source) cite = &e->stmts[k];
            if (cite && cite->status != OV_ST_ASSERTED) {
                raw(r, " (");
                text(r, ov_status_name(cite->status));
                raw(r, ")");
            }
            if (cite) cite_stmt(r, cite);
            item_end(r);
            ov_entity_free(e);
        }
        if (shown) list_end(r);
        if (s == 1 && r->html && n_map) {
            /* where, on the map; each country links to its list of deployments */
            char *svg = NULL;
            if (!ov_render_world_map(map, n_map, "/deployments?country=", "Where its deployments are",
                                     "Countries where the record names a deployment of this supplier", &svg)) {
                raw(r, "<figure class=\"map\">");
                raw(r, svg);
                raw(r, "</figure>\n");
            }
            ov_free(svg);
        }
    }
    ov__free(x.ids);
    ov__free(x.schemata);
}

/* The indicator framework in the store with its answers, resolved on the
 * graph's clusters (ov_ind_answers_resolve; without a graph, as recorded),
 * the key id's answers are kept under (its cluster's), and the latest year
 * they answer for (0: none). OV_ENOTFOUND when the store holds no framework.
 * The Markdown/HTML dossier and the JSON one read the same. */
static int assessment_of(report *r, const char *id, ov_ind_framework **fw, ov_ind_answers **ans, const char **key,
                         int *year)
{
    char err[256];
    *year = 0;
    if (ov_ind_from_store(r->st, NULL, fw, ans, err, sizeof err) != OV_OK) return OV_ENOTFOUND;
    int rc = ov_ind_answers_resolve(*ans, r->g, NULL);
    if (rc) {
        ov_ind_answers_free(*ans);
        ov_ind_framework_free(*fw);
        return rc;
    }
    *key = ov_ind_answers_cluster(*ans, ov_cluster_id(r->g, id));
    for (size_t i = 0; i < ov_ind_answers_count(*ans); i++) {
        const ov_ind_answer_rec *a = ov_ind_answers_at(*ans, i);
        if (strcmp(ov_ind_answer_key(a), *key) == 0 && a->year > *year) *year = a->year;
    }
    return OV_OK;
}

/* Scores under the indicator framework in the store, with the answer to each
 * element and the citation it rests on. */
static void indicators(report *r, const char *id)
{
    ov_ind_framework *fw;
    ov_ind_answers *ans;
    int year;
    if (assessment_of(r, id, &fw, &ans, &id, &year) != OV_OK) return;
    ov_ind_scores sc;
    if (year && ov_ind_score(fw, ans, id, year, &sc) == OV_OK) {
        heading(r, 2, "Indicator scores");
        char buf[320];
        snprintf(buf, sizeof buf, "%s (%d): total %ld%s", ov_ind_framework_name(fw), year,
                 sc.total >= 0 ? ov_ind_round(sc.total) : 0L,
                 sc.n_conflicts ? "; some questions are answered differently (in conflict: scored with the lowest answer)" : "");
        raw(r, r->html ? "<p>" : "");
        text(r, buf);
        raw(r, r->html ? "</p>\n" : "\n\n");
        list_start(r);
        for (size_t i = 0; i < ov_ind_answers_count(ans); i++) {
            const ov_ind_answer_rec *a = ov_ind_answers_at(ans, i);
            if (strcmp(ov_ind_answer_key(a), id) != 0 || a->year != year || a->element < 0) continue;
            const ov_ind_element *el = ov_ind_element_at(fw, a->element);
            item_start(r);
            text(r, el && el->code ? el->code : "?");
            raw(r, ": ");
            text(r, ov_ind_answer_name(a->answer));
            if (strcmp(a->subject, id) != 0) {
                raw(r, " (recorded under referent ");
                text(r, a->subject);
                raw(r, ")");
            }
            ref(r, note(r, a->source, a->locator, a->status));
            item_end(r);
        }
        list_end(r);
        ov_ind_scores_release(&sc);
    }
    ov_ind_answers_free(ans);
    ov_ind_framework_free(fw);
}

static void footnotes(report *r)
{
    heading(r, 2, "Notes");
    if (r->html) raw(r, "<ol class=\"notes\">\n");
    for (int i = 0; i < r->n_notes; i++) {
        if (r->html) {
            fprintf(r->out, "<li id=\"fn%d\">", i + 1);
            text_linked(r, r->notes[i]);
            fprintf(r->out, " <a href=\"#ref%d\">↩</a></li>\n", i + 1);
        } else {
            fprintf(r->out, "[^%d]: ", i + 1);
            text_linked(r, r->notes[i]);
            raw(r, "\n");
        }
    }
    if (r->html) raw(r, "</ol>\n");
}

int ov_report_write(ov_store *st, const ov_model *m, const ov_graph *g, const ov_rules *rules, const char *id,
                    bool html, const char *svg_path, FILE *out)
{
    ov_entity *e;
    int rc = ov_cluster_get(st, m, g, id, &e);
    if (rc) return rc;
    id = e->id; /* the cluster's canonical id */
    report r = {.st = st, .m = m, .g = g, .rules = rules, .html = html, .out = out};
    const char *caption = e->caption ? e->caption : e->id;
    if (html) {
        raw(&r, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>");
        text(&r, caption);
        raw(&r, "</title>\n<style>body{font-family:'Noto Sans CJK SC',sans-serif;max-width:60rem;margin:2rem auto;"
                "line-height:1.5}sup a{text-decoration:none}figure.graph svg{max-width:100%;height:auto}"
                ".notes{font-size:.9em}</style></head><body>\n");
    }
    heading(&r, 1, caption);
    raw(&r, html ? "<p>" : "");
    text(&r, e->schema);
    raw(&r, " · ");
    text(&r, e->id);
    const char **ids = NULL;
    size_t n_ids = referents_of(&r, e->id, &ids);
    for (size_t i = 1; i < n_ids; i++) {
        raw(&r, i == 1 ? " · one entity with " : ", ");
        text(&r, ids[i]);
    }
    if (n_ids > 1) raw(&r, " (judged the same)");
    ov__free(ids);
    raw(&r, html ? "</p>\n" : "\n\n");
    facts(&r, e);
    uint32_t node;
    if (g && ov_graph_find(g, id, &node)) ownership(&r, node, svg_path);
    exposure(&r, id);
    related(&r, id);
    indicators(&r, id);
    footnotes(&r);
    if (html) raw(&r, "</body></html>\n");
    for (int i = 0; i < r.n_notes; i++) ov__free(r.notes[i]);
    ov_entity_free(e);
    return ferror(out) ? OV_EIO : OV_OK;
}

/* ---- the dossier's data as JSON ------------------------------------------------------------ */

static void jstr(cJSON *o, const char *k, const char *v)
{
    if (v) cJSON_AddStringToObject(o, k, v);
    else cJSON_AddNullToObject(o, k);
}

/* An answer (explain.h) as JSON (consumed), or null when rc says it failed. The caller
 * calls the analysis first and then this: as two arguments of one call the
 * order would be the compiler's. */
static cJSON *answer_obj(ov_answer *a, int rc)
{
    char *j = NULL;
    cJSON *o = NULL;
    if (!rc && a && !ov_answer_json(a, &j)) o = cJSON_Parse(j);
    free(j);
    ov_answer_free(a);
    return o ? o : cJSON_CreateNull();
}

static cJSON *party_obj(report *r, const char *id)
{
    char buf[512];
    cJSON *p = cJSON_CreateObject();
    jstr(p, "id", id);
    jstr(p, "name", name_of(r, id, buf, sizeof buf));
    return p;
}

static cJSON *stmt_obj(report *r, const ov_schema *sch, const ov_stmt *s)
{
    cJSON *o = cJSON_CreateObject();
    const ov_prop *p = sch ? ov_schema_prop(sch, s->prop) : NULL;
    jstr(o, "prop", s->prop);
    jstr(o, "label", p ? ov_prop_label(p) : NULL);
    jstr(o, "value", s->value);
    if (p && ov_prop_type(p) == OV_T_ENTITY) cJSON_AddItemToObject(o, "entity", party_obj(r, s->value));
    jstr(o, "status", ov_status_name(s->status));
    jstr(o, "lang", s->lang);
    jstr(o, "dataset", s->dataset);
    jstr(o, "source", s->source);
    jstr(o, "locator", s->locator);
    if (s->src_id) jstr(o, "referent", s->src_id); /* recorded under another referent of the cluster */
    return o;
}

int ov_report_json(ov_store *st, const ov_model *m, const ov_graph *g, const ov_rules *rules, const char *id,
                   char **out)
{
    *out = NULL;
    ov_entity *e;
    int rc = ov_cluster_get(st, m, g, id, &e);
    if (rc) return rc;
    id = e->id; /* the cluster's canonical id */
    report r = {.st = st, .m = m, .g = g, .rules = rules};
    cJSON *d = cJSON_CreateObject();
    if (!d) {
        ov_entity_free(e);
        return OV_ENOMEM;
    }
    cJSON *ent = cJSON_AddObjectToObject(d, "entity");
    jstr(ent, "id", e->id);
    jstr(ent, "schema", e->schema);
    char nb[512];
    jstr(ent, "caption", e->caption ? e->caption : name_of(&r, e->id, nb, sizeof nb));
    const char **ids = NULL;
    size_t n_ids = referents_of(&r, id, &ids);
    cJSON *ra = cJSON_AddArrayToObject(ent, "referents");
    for (size_t i = 0; i < n_ids; i++) cJSON_AddItemToArray(ra, cJSON_CreateString(ids[i]));
    const ov_schema *sch = m ? ov_model_schema(m, e->schema) : NULL;
    cJSON *facts_a = cJSON_AddArrayToObject(d, "statements");
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED) cJSON_AddItemToArray(facts_a, stmt_obj(&r, sch, &e->stmts[i]));
    uint32_t node;
    bool in_graph = g && ov_graph_find(g, id, &node);
    ov_answer *a = NULL;
    int arc = OV_ENOTFOUND;
    if (in_graph) arc = ov_explain_typology(st, g, node, &a);
    cJSON_AddItemToObject(d, "typology", answer_obj(a, arc));
    a = NULL;
    if (in_graph) arc = ov_explain_controllers(st, g, node, &a);
    cJSON_AddItemToObject(d, "controllers", answer_obj(a, arc));
    a = NULL;
    if (in_graph) arc = ov_explain_owners(st, g, node, &a);
    cJSON_AddItemToObject(d, "owners", answer_obj(a, arc));
    a = NULL;
    ov_law *law = NULL;
    if (rules && g && ov_law_open(&law, st, m, g, rules, NULL) == OV_OK) {
        int lrc = ov_law_exposure(law, id, &a);
        cJSON_AddItemToObject(d, "exposure", answer_obj(a, lrc));
        ov_law_close(law);
    } else {
        cJSON_AddNullToObject(d, "exposure");
    }
    /* links that are not control, both ways */
    cJSON *links = cJSON_AddArrayToObject(d, "links");
    for (int dir = 0; in_graph && dir < 2; dir++) {
        uint32_t n;
        const uint32_t *edges = dir ? ov_graph_out(g, node, &n) : ov_graph_in(g, node, &n);
        for (uint32_t k = 0; k < n; k++) {
            const ov_edge *x = ov_graph_edge(g, edges[k]);
            if (x->kind == OV_EDGE_OWNERSHIP || ov_own_link_is_control(x)) continue;
            cJSON *l = cJSON_CreateObject();
            cJSON_AddItemToObject(l, "from", party_obj(&r, ov_graph_node_id(g, x->from)));
            cJSON_AddItemToObject(l, "to", party_obj(&r, ov_graph_node_id(g, x->to)));
            jstr(l, "kind", ov_edge_kind_name(x->kind));
            jstr(l, "type", x->type);
            jstr(l, "status", ov_status_name(x->status));
            jstr(l, "interest", x->interest_id);
            cJSON_AddItemToArray(links, l);
        }
    }
    /* what names it: list entries, deployments, measurements, each with its statements */
    refs x = {0};
    for (size_t i = 0; i < n_ids; i++) ov__store_referrers(st, ids[i], referrer_cb, &x);
    ov__free(ids);
    static const struct { const char *schema, *key; } kinds[] = {
        {"Sanction", "lists"}, {"Deployment", "deployments"}, {"Measurement", "measurements"}};
    for (size_t k = 0; k < 3; k++) {
        cJSON *arr = cJSON_AddArrayToObject(d, kinds[k].key);
        for (size_t i = 0; i < x.n; i++) {
            if (strcmp(x.schemata[i], kinds[k].schema)) continue;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(x.ids[j], x.ids[i]);
            ov_entity *o;
            if (seen || ov_store_get(st, x.ids[i], 0, &o) != OV_OK) continue;
            cJSON *oj = cJSON_CreateObject();
            jstr(oj, "id", o->id);
            const ov_schema *os = m ? ov_model_schema(m, o->schema) : NULL;
            cJSON *sts = cJSON_AddArrayToObject(oj, "statements");
            for (size_t q = 0; q < o->n_stmts; q++)
                if (o->stmts[q].status != OV_ST_RETRACTED) cJSON_AddItemToArray(sts, stmt_obj(&r, os, &o->stmts[q]));
            cJSON_AddItemToArray(arr, oj);
            ov_entity_free(o);
        }
    }
    ov__free(x.ids);
    ov__free(x.schemata);
    /* indicator scores: the assessment of the latest year, as `oversight assess --json` gives it */
    ov_ind_framework *fw;
    ov_ind_answers *ans;
    const char *key;
    int year;
    if (assessment_of(&r, id, &fw, &ans, &key, &year) == OV_OK) {
        a = NULL;
        arc = year ? ov_ind_explain(st, fw, ans, key, year, &a) : OV_ENOTFOUND;
        cJSON_AddItemToObject(d, "indicators", answer_obj(a, arc));
        ov_ind_answers_free(ans);
        ov_ind_framework_free(fw);
    } else {
        cJSON_AddNullToObject(d, "indicators");
    }
    ov_entity_free(e);
    char *txt = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    if (!txt) return OV_ENOMEM;
    *out = ov__strdup(txt);
    cJSON_free(txt);
    return *out ? OV_OK : OV_ENOMEM;
}
