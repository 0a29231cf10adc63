/* cmd_own.c - ownership and control commands: owners, controllers, control,
 * typology, graph. Each result prints the facts behind it with their citations. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/explain.h"
#include "oversight/graph.h"
#include "oversight/own.h"
#include "oversight/render.h"
#include "oversight/typology.h"
#include "cli.h"
#include "util/buf.h"
#include "util/banned.h"

/* A small positive integer from an option, or -1. */
static int atoi_safe(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return (errno || *end || v < 0 || v > 1000000) ? -1 : (int)v;
}

/* Opens the store and builds the graph as of a date (NULL: all edges). */
static int load_graph(cli *c, const char *as_of, ov_store **st, ov_graph **g)
{
    int rc = cli_open_store(c, OV_OPEN_READONLY, st);
    if (rc) return rc;
    ov_graph_opts o = {.as_of = as_of};
    rc = ov_graph_build(*st, c->model, &o, g);
    if (rc) {
        fprintf(stderr, "oversight: cannot build the graph: %s\n", ov_store_errmsg(*st));
        ov_store_close(*st);
        *st = NULL;
        return rc;
    }
    /* the commands read the citations of many edges: one read transaction
     * for all (closing the store ends it) */
    ov_store_read_begin(*st);
    return OV_OK;
}

static int find_node(const ov_graph *g, const char *cmd, const char *id, uint32_t *node)
{
    if (ov_graph_find(g, id, node)) return 0;
    fprintf(stderr, "oversight %s: %s is not an entity of the graph (unknown, deleted, or an interest)\n", cmd, id);
    return EXIT_NOTFOUND;
}

/* The citations of the statements of an interest entity: "source — locator" each once. */
typedef struct cites {
    char items[8][600];
    int n;
} cites;

static void collect_cites(ov_store *st, const char *interest_id, cites *out)
{
    out->n = 0;
    ov_entity *e;
    if (!interest_id || ov_store_get(st, interest_id, 0, &e)) return;
    for (size_t i = 0; i < e->n_stmts && out->n < 8; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (!s->source && !s->locator) continue;
        char item[600];
        snprintf(item, sizeof item, "%s%s%s [%s]", s->source ? s->source : "", s->source && s->locator ? " — " : "",
                 s->locator ? s->locator : "", ov_status_name(s->status));
        bool dup = false;
        for (int k = 0; k < out->n && !dup; k++) dup = strcmp(out->items[k], item) == 0;
        if (!dup) memcpy(out->items[out->n++], item, sizeof item);
    }
    ov_entity_free(e);
}

static void print_edge_text(ov_store *st, const ov_graph *g, uint32_t edge, const char *indent)
{
    const ov_edge *e = ov_graph_edge(g, edge);
    char share[48] = "";
    if (e->kind == OV_EDGE_OWNERSHIP) ov_share_format(&e->share, share, sizeof share);
    printf("%s%s -[%s%s%s%s]-> %s   (%s%s%s)\n", indent, ov_graph_node_caption(g, e->from), ov_edge_kind_name(e->kind),
           *share ? " " : "", share, e->type ? (e->kind == OV_EDGE_OWNERSHIP ? "" : "") : "",
           ov_graph_node_caption(g, e->to), e->interest_id ? e->interest_id : "?",
           e->status ? ", " : "", e->status ? ov_status_name(e->status) : "");
    cites c;
    collect_cites(st, e->interest_id, &c);
    for (int i = 0; i < c.n; i++) printf("%s    source: %s\n", indent, c.items[i]);
}

/* ,"key":"value" when value is set */
static void json_opt(const char *key, const char *value)
{
    if (!value) return;
    printf(",\"%s\":", key);
    cli_json_str(stdout, value);
}

static void print_edge_json(ov_store *st, const ov_graph *g, uint32_t edge)
{
    const ov_edge *e = ov_graph_edge(g, edge);
    printf("{\"interest\":");
    cli_json_str(stdout, e->interest_id);
    printf(",\"kind\":\"%s\",\"from\":", ov_edge_kind_name(e->kind));
    cli_json_str(stdout, ov_graph_node_id(g, e->from));
    printf(",\"to\":");
    cli_json_str(stdout, ov_graph_node_id(g, e->to));
    if (e->share.has_share)
        printf(",\"share_min\":%.6g,\"share_max\":%.6g", e->share.min, e->share.max);
    json_opt("type", e->type);
    json_opt("start", e->start);
    json_opt("end", e->end);
    printf(",\"status\":\"%s\",\"conflicting\":%s,\"citations\":[", ov_status_name(e->status),
           e->conflicting ? "true" : "false");
    cites c;
    collect_cites(st, e->interest_id, &c);
    for (int i = 0; i < c.n; i++) {
        if (i) printf(",");
        cli_json_str(stdout, c.items[i]);
    }
    printf("]}");
}

static void node_json(const ov_graph *g, uint32_t node)
{
    printf("{\"id\":");
    cli_json_str(stdout, ov_graph_node_id(g, node));
    printf(",\"caption\":");
    cli_json_str(stdout, ov_graph_node_caption(g, node));
    printf(",\"schema\":");
    cli_json_str(stdout, ov_graph_node_schema(g, node));
    printf(",\"state\":%s}", ov_graph_node_state(g, node) ? "true" : "false");
}

/* Prints an answer in the chosen format (the library's one JSON and one text
 * writer: the API prints the same bytes) and frees it. */
static int print_answer(cli *c, ov_answer *a)
{
    int rc = OV_OK;
    if (c->json) {
        char *j = NULL;
        rc = ov_answer_json(a, &j);
        if (!rc) fputs(j, stdout);
        free(j);
    } else {
        rc = ov_answer_text(a, stdout);
    }
    ov_answer_free(a);
    return rc;
}

/* owners ID and controllers ID: one answer about one node. */
static int answer_command(cli *c, const char *cmd, int (*explain)(ov_store *, const ov_graph *, uint32_t, ov_answer **))
{
    const char *as_of = cli_take_opt(c, "--as-of");
    int bad = 0;
    if (c->argc < 1 || (bad = cli_reject_unknown(c, cmd))) {
        if (!bad) fprintf(stderr, "oversight %s: of which entity? (oversight %s ID)\n", cmd, cmd);
        return bad ? bad : EXIT_USAGE;
    }
    ov_store *st;
    ov_graph *g;
    int rc = load_graph(c, as_of, &st, &g);
    if (rc) return cli_exit_for(rc);
    uint32_t node;
    int code = find_node(g, cmd, c->argv[0], &node);
    ov_answer *a = NULL;
    if (!code && (rc = explain(st, g, node, &a))) {
        fprintf(stderr, "oversight %s: %s: %s\n", cmd, c->argv[0], rc == OV_ETOOBIG ? OV_OWN_TOOBIG_MSG : ov_strerror(rc));
        code = cli_exit_for(rc);
    }
    if (!code && (rc = print_answer(c, a))) code = cli_exit_for(rc);
    ov_graph_free(g);
    ov_store_close(st);
    return code;
}

/* ---- owners, controllers ---------------------------------------------------------- */

int cmd_owners(cli *c) { return answer_command(c, "owners", ov_explain_owners); }

int cmd_controllers(cli *c) { return answer_command(c, "controllers", ov_explain_controllers); }

/* ---- control --seeds FILE --rule R ------------------------------------------- */

int cmd_control(cli *c)
{
    const char *as_of = cli_take_opt(c, "--as-of");
    const char *seeds_path = cli_take_opt(c, "--seeds");
    const char *rule_name = cli_take_opt(c, "--rule");
    int bad = cli_reject_unknown(c, "control");
    if (bad) return bad;
    if (!seeds_path) {
        fprintf(stderr, "oversight control: --seeds FILE (one entity id per line) is required\n");
        return EXIT_USAGE;
    }
    const ov_control_rule *rule = ov_control_rule_find(rule_name ? rule_name : "ofac");
    if (!rule) {
        fprintf(stderr, "oversight control: unknown rule '%s' (", rule_name);
        for (int i = 0; i < ov_control_rule_count(); i++)
            fprintf(stderr, "%s%s", i ? ", " : "", ov_control_rule_at(i)->name);
        fprintf(stderr, ")\n");
        return EXIT_USAGE;
    }
    FILE *in = strcmp(seeds_path, "-") == 0 ? stdin : fopen(seeds_path, "r");
    if (!in) {
        fprintf(stderr, "oversight control: cannot open %s: %s\n", seeds_path, strerror(errno));
        return EXIT_STORE;
    }
    ov_store *st;
    ov_graph *g;
    int rc = load_graph(c, as_of, &st, &g);
    if (rc) {
        if (in != stdin) fclose(in);
        return cli_exit_for(rc);
    }
    uint32_t *seeds = NULL;
    size_t n_seeds = 0, cap = 0;
    char line[1024];
    long lineno = 0;
    int code = 0;
    while (fgets(line, sizeof line, in)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *id = line;
        while (*id == ' ' || *id == '\t') id++;
        char *comma = strchr(id, ',');
        if (comma) *comma = '\0'; /* a CSV: the first column */
        if (!*id || *id == '#' || (lineno == 1 && strcmp(id, "id") == 0)) continue;
        uint32_t node;
        if (!ov_graph_find(g, id, &node)) {
            fprintf(stderr, "%s:%ld: warning: %s is not in the record\n", seeds_path, lineno, id);
            continue;
        }
        if (n_seeds == cap) {
            cap = cap ? cap * 2 : 64;
            uint32_t *ns = realloc(seeds, sizeof *ns * cap);
            if (!ns) {
                code = EXIT_INTERNAL;
                break;
            }
            seeds = ns;
        }
        seeds[n_seeds++] = node;
    }
    if (in != stdin) fclose(in);
    ov_controlled *res = NULL;
    size_t n = 0;
    if (!code && (rc = ov_own_control(g, seeds, n_seeds, rule, &res, &n))) code = cli_exit_for(rc);
    if (!code && c->json) {
        printf("{\"rule\":{\"name\":");
        cli_json_str(stdout, rule->name);
        printf(",\"label\":");
        cli_json_str(stdout, rule->label);
        printf(",\"threshold\":%.6g,\"inclusive\":%s,\"aggregate\":%s,\"source\":", rule->threshold,
               rule->inclusive ? "true" : "false", rule->aggregate ? "true" : "false");
        cli_json_str(stdout, rule->source);
        printf("},\"seeds\":%zu,\"controlled\":[", n_seeds);
        for (size_t i = 0; i < n; i++) {
            printf("%s{\"entity\":", i ? "," : "");
            node_json(g, res[i].node);
            printf(",\"class\":\"%s\",\"share_min\":%.6g,\"share_max\":%.6g,\"holdings\":[",
                   res[i].cls == OV_CTRL_CERTAIN ? "certain" : "possible", res[i].share_min, res[i].share_max);
            for (int k = 0; k < res[i].n_edges; k++) {
                if (k) printf(",");
                print_edge_json(st, g, res[i].edges[k]);
            }
            printf("]}");
        }
        printf("]}\n");
    } else if (!code) {
        printf("rule %s: %s (%s %.0f%%, %s)\nsource: %s\n%zu seeds, %zu controlled\n", rule->name, rule->label,
               rule->inclusive ? ">=" : ">", 100 * rule->threshold,
               rule->aggregate ? "aggregated across seeds" : "no aggregation across seeds", rule->source, n_seeds, n);
        for (size_t i = 0; i < n; i++) {
            printf("\n  %s (%s): %s, controlled stake %.2f%%", ov_graph_node_caption(g, res[i].node),
                   ov_graph_node_id(g, res[i].node), res[i].cls == OV_CTRL_CERTAIN ? "certainly controlled" : "possibly controlled",
                   100 * res[i].share_min);
            if (res[i].share_max != res[i].share_min) printf(" to %.2f%%", 100 * res[i].share_max);
            printf("\n");
            for (int k = 0; k < res[i].n_edges; k++) print_edge_text(st, g, res[i].edges[k], "    ");
        }
    }
    free(res);
    free(seeds);
    ov_graph_free(g);
    ov_store_close(st);
    return code;
}

/* ---- typology ------------------------------------------------------------------- */

/* What each typology result is printed with (ov_typology_each: the results are
 * printed as they are made, none held). */
typedef struct typ_out {
    ov_store *st;
    const ov_graph *g;
    int mode;                  /* 0 table, 1 json, 2 md */
    size_t count;
    char *notes;               /* md: the footnotes' lines, printed after the table */
    size_t notes_len, notes_cap;
    int n_notes;
} typ_out;

static void note_add(typ_out *o, const char *s)
{
    size_t n = strlen(s);
    if (o->notes_len + n + 1 > o->notes_cap) {
        size_t cap = o->notes_cap ? o->notes_cap : 4096;
        while (cap < o->notes_len + n + 1) cap *= 2;
        char *p = realloc(o->notes, cap);
        if (!p) return; /* the note is lost, the row keeps its marker */
        o->notes = p;
        o->notes_cap = cap;
    }
    memcpy(o->notes + o->notes_len, s, n + 1);
    o->notes_len += n;
}

static int print_typology(const ov_typology *t, void *ctx)
{
    typ_out *o = ctx;
    const ov_graph *g = o->g;
    char why[400];
    if (o->mode == 1) {
        printf("%s{\"entity\":", o->count ? "," : "");
        node_json(g, t->node);
        printf(",\"class\":\"%s\",\"reason\":", t->cls);
        cli_json_str(stdout, ov_typology_reason(t, why, sizeof why));
        printf(",\"state_min\":%.6g,\"state_max\":%.6g", t->state_min, t->state_max);
        if (t->state_unbounded) printf(",\"state_unbounded\":true");
        printf(",\"evidence\":[");
        for (int k = 0; k < t->n_evidence; k++) {
            if (k) printf(",");
            print_edge_json(o->st, g, t->evidence[k]);
        }
        printf("]");
        json_opt("measurement", t->measurement_id);
        json_opt("missing", t->missing);
        printf("}");
    } else if (o->mode == 2) {
        /* a Markdown table row with numbered footnotes, like the submission's */
        printf("| %s | %s | %s", ov_graph_node_caption(g, t->node), t->cls, ov_typology_reason(t, why, sizeof why));
        for (int k = 0; k < t->n_evidence; k++) {
            cites c;
            collect_cites(o->st, ov_graph_edge(g, t->evidence[k])->interest_id, &c);
            if (!c.n) continue;
            printf("[^%d]", ++o->n_notes);
            char line[32];
            snprintf(line, sizeof line, "[^%d]: ", o->n_notes);
            note_add(o, line);
            for (int j = 0; j < c.n; j++) {
                if (j) note_add(o, "; ");
                note_add(o, c.items[j]);
            }
            note_add(o, "\n");
        }
        printf(" |\n");
    } else {
        printf("%-24s %-40s %s\n", t->cls, ov_graph_node_caption(g, t->node), ov_graph_node_id(g, t->node));
        printf("%24s %s\n", "", ov_typology_reason(t, why, sizeof why));
        if (t->missing) printf("%24s missing: %s\n", "", t->missing);
        if (t->measurement_id) printf("%24s measurement: %s\n", "", t->measurement_id);
        for (int k = 0; k < t->n_evidence; k++) print_edge_text(o->st, g, t->evidence[k], "                          ");
    }
    o->count++;
    return 0;
}

int cmd_typology(cli *c)
{
    const char *as_of = cli_take_opt(c, "--as-of");
    int bad = cli_reject_unknown(c, "typology");
    if (bad) return bad;
    ov_store *st;
    ov_graph *g;
    int rc = load_graph(c, as_of, &st, &g);
    if (rc) return cli_exit_for(rc);
    typ_out o = {.st = st, .g = g, .mode = c->json ? 1 : strcmp(c->format, "md") == 0 ? 2 : 0};
    if (o.mode == 1) printf("[");
    if (o.mode == 2) printf("| company | class | why |\n|---|---|---|\n");
    rc = ov_typology_each(st, g, print_typology, &o);
    if (!rc && o.mode == 1) printf("]\n");
    if (!rc && o.mode == 2) printf("\n%s", o.notes ? o.notes : "");
    if (rc) fprintf(stderr, "oversight typology: %s\n", ov_store_errmsg(st));
    free(o.notes);
    ov_graph_free(g);
    ov_store_close(st);
    return cli_exit_for(rc);
}

/* ---- graph ID --format svg|dot ---------------------------------------------------- */

int cmd_graph(cli *c)
{
    const char *as_of = cli_take_opt(c, "--as-of");
    const char *depth_s = cli_take_opt(c, "--depth");
    const char *max_s = cli_take_opt(c, "--max-nodes");
    const char *out_path = cli_take_opt(c, "-o");
    int bad = 0;
    if (c->argc < 1 || (bad = cli_reject_unknown(c, "graph"))) {
        if (!bad) fprintf(stderr, "oversight graph: around which entity? (oversight graph ID --format svg|dot)\n");
        return bad ? bad : EXIT_USAGE;
    }
    int depth = depth_s ? atoi_safe(depth_s) : 3;
    int max_nodes = max_s ? atoi_safe(max_s) : 300;
    if (depth < 1 || depth > 20 || max_nodes < 1 || max_nodes > 1000) {
        fprintf(stderr, "oversight graph: --depth 1..20, --max-nodes 1..1000\n");
        return EXIT_USAGE;
    }
    ov_store *st;
    ov_graph *g;
    int rc = load_graph(c, as_of, &st, &g);
    if (rc) return cli_exit_for(rc);
    uint32_t node;
    int code = find_node(g, "graph", c->argv[0], &node);
    if (!code) {
        FILE *out = out_path ? fopen(out_path, "wb") : stdout;
        if (!out) {
            fprintf(stderr, "oversight graph: cannot write %s: %s\n", out_path, strerror(errno));
            code = EXIT_STORE;
        } else {
            int n;
            bool truncated;
            rc = ov_render_neighbourhood(g, node, depth, max_nodes,
                                         strcmp(c->format, "dot") == 0 ? OV_PIC_DOT : OV_PIC_SVG, out, &n, &truncated);
            if (out != stdout && fclose(out) != 0 && !rc) rc = OV_EIO;
            if (rc) fprintf(stderr, "oversight graph: drawing failed: %s\n", ov_strerror(rc));
            else if (truncated)
                fprintf(stderr, "oversight graph: the picture is capped at %d nodes; more lie beyond\n", max_nodes);
            code = cli_exit_for(rc);
        }
    }
    ov_graph_free(g);
    ov_store_close(st);
    return code;
}
