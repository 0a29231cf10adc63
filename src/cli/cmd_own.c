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
#include "util/hmap.h"
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

/* Prints an answer (cli_print_answer) and frees it. */
static int print_answer(cli *c, ov_answer *a)
{
    int rc = cli_print_answer(c, a);
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
    ov_answer *a = NULL;
    if (!code && (rc = ov_explain_control(st, g, seeds, n_seeds, rule, &a))) code = cli_exit_for(rc);
    if (!code && (rc = print_answer(c, a))) code = cli_exit_for(rc);
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
    ov_hmap seen;              /* md: footnote text -> its number */
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

/* The footnote of a step: its citations, "source — locator [status]; ...". */
static void step_note(ov_buf *b, const ov_step *s)
{
    ov_buf_reset(b);
    for (size_t j = 0; j < s->n_cites; j++) {
        const ov_citation *c = &s->cites[j];
        ov_buf_printf(b, "%s%s%s%s [%s]", j ? "; " : "", c->source, *c->source && *c->locator ? " — " : "",
                      c->locator, ov_status_name(c->status));
    }
}

/* The number of a footnote: an earlier one with the same text keeps its number. */
static int footnote(typ_out *o, const ov_buf *text)
{
    uintptr_t n;
    if (ov_hmap_get(&o->seen, text->data, text->len, &n)) return (int)n;
    int k = ++o->n_notes;
    if (ov_hmap_put(&o->seen, text->data, text->len, (uintptr_t)k)) return k; /* numbered again later: harmless */
    char line[32];
    snprintf(line, sizeof line, "[^%d]: ", k);
    note_add(o, line);
    note_add(o, text->data);
    note_add(o, "\n");
    return k;
}

/* One organisation, through the library's answer and its writers (the API's
 * /api/typology rows are the same JSON). */
static int print_typology(const ov_typology *t, void *ctx)
{
    typ_out *o = ctx;
    ov_answer *a;
    int rc = ov_typology_answer(o->st, o->g, t, &a);
    if (rc) return rc;
    if (o->mode == 1) {
        rc = cli_print_answer_row(a, o->count == 0);
    } else if (o->mode == 2) {
        /* a Markdown table row with numbered footnotes, like the submission's; the
         * conclusion's status beside the class when it is weaker than asserted */
        const ov_explanation *x = &a->items[0], *share = &a->items[1];
        /* the record's text shown escaped (no control byte reaches the terminal) */
        fputs("| ", stdout);
        cli_print_text(stdout, a->subject_caption);
        fputs(" | ", stdout);
        cli_print_text(stdout, x->value);
        if (ov_status_rank(x->status) > ov_status_rank(OV_ST_ASSERTED)) printf(" (%s)", ov_status_name(x->status));
        fputs(" | ", stdout);
        cli_print_text(stdout, x->note ? x->note : "");
        fputs(" | ", stdout);
        cli_print_text(stdout, share->value);
        fputs(" |", stdout);
        ov_buf text;
        ov_buf_init(&text, (size_t)1 << 24);
        int shown[64], n_shown = 0; /* each footnote once per row */
        for (size_t i = 0; i < a->n_items; i++)
            for (size_t k = 0; k < a->items[i].n_steps; k++) {
                const ov_step *s = &a->items[i].steps[k];
                if (!s->n_cites) continue;
                step_note(&text, s);
                if (!text.data) continue;
                int num = footnote(o, &text);
                bool again = false;
                for (int q = 0; q < n_shown && !again; q++) again = shown[q] == num;
                if (again) continue;
                if (n_shown < 64) shown[n_shown++] = num;
                printf("[^%d]", num);
            }
        ov_buf_release(&text);
        printf("\n");
    } else {
        rc = ov_answer_text(a, stdout);
        printf("\n");
    }
    ov_answer_free(a);
    o->count++;
    return rc;
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
    ov_hmap_init(&o.seen);
    if (o.mode == 1) printf("[");
    if (o.mode == 2) printf("| company | class | why | state share |\n|---|---|---|---|\n");
    rc = ov_typology_each(st, g, print_typology, &o);
    if (!rc && o.mode == 1) printf("]\n");
    if (!rc && o.mode == 2) printf("\n%s", o.notes ? o.notes : "");
    if (rc) fprintf(stderr, "oversight typology: %s\n", ov_store_errmsg(st));
    free(o.notes);
    ov_hmap_release(&o.seen);
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
