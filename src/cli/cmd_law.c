/* cmd_law.c - legal exposure: which obligations reach an entity and why, the
 * matrix of companies by obligations, and named policy tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "oversight/graph.h"
#include "oversight/law.h"
#include "oversight/render.h"
#include "cli.h"
#include "util/banned.h"

typedef struct law_ctx {
    ov_store *st;
    ov_graph *g;
    ov_rules *rules;
    ov_law *law;
} law_ctx;

static void law_ctx_close(law_ctx *x)
{
    ov_law_close(x->law);
    ov_rules_free(x->rules);
    ov_graph_free(x->g);
    ov_store_close(x->st);
}

static int read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= (size_t)16 << 20) break;
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) return -1;
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int law_ctx_open(cli *c, const char *rules_path, const char *as_of, law_ctx *x)
{
    memset(x, 0, sizeof *x);
    char err[512];
    int rc;
    if (rules_path) {
        char *text;
        size_t len;
        if (read_file(rules_path, &text, &len)) {
            fprintf(stderr, "oversight: cannot read %s: %s\n", rules_path, strerror(errno));
            return EXIT_STORE;
        }
        rc = ov_rules_parse(&x->rules, text, len, rules_path, err, sizeof err);
        free(text);
    } else {
        rc = ov_rules_load_default(&x->rules, err, sizeof err);
    }
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return EXIT_DATA;
    }
    if ((rc = cli_open_store(c, OV_OPEN_READONLY, &x->st))) {
        law_ctx_close(x);
        return cli_exit_for(rc);
    }
    ov_graph_opts go = {.as_of = as_of};
    if ((rc = ov_graph_build(x->st, c->model, &go, &x->g)) ||
        (rc = ov_law_open(&x->law, x->st, c->model, x->g, x->rules, as_of))) {
        fprintf(stderr, "oversight exposure: %s\n", ov_store_errmsg(x->st));
        law_ctx_close(x);
        return cli_exit_for(rc);
    }
    return 0;
}

static void cite_text(const char *source, const char *locator, int status)
{
    if ((!source || !*source) && (!locator || !*locator)) return;
    printf(" [%s%s%s%s%s]", source ? source : "", source && *source && locator && *locator ? " — " : "",
           locator ? locator : "", status ? "; " : "", status ? ov_status_name(status) : "");
}

static void fact_json(const ov_fact *f)
{
    printf("{\"entity\":");
    cli_json_str(stdout, f->entity);
    printf(",\"prop\":");
    cli_json_str(stdout, f->prop);
    printf(",\"value\":");
    cli_json_str(stdout, f->value);
    printf(",\"source\":");
    cli_json_str(stdout, f->source);
    printf(",\"locator\":");
    cli_json_str(stdout, f->locator);
    printf(",\"status\":\"%s\"}", ov_status_name(f->status));
}

static void exposure_json(const ov_exposure *x)
{
    printf("{\"provision\":");
    cli_json_str(stdout, x->provision);
    printf(",\"law\":");
    cli_json_str(stdout, x->law);
    printf(",\"law_title\":");
    cli_json_str(stdout, x->law_title);
    printf(",\"article\":");
    cli_json_str(stdout, x->article);
    printf(",\"obligation\":");
    cli_json_str(stdout, x->obligation);
    printf(",\"subject_class\":");
    cli_json_str(stdout, x->subject_class);
    printf(",\"effective\":");
    cli_json_str(stdout, x->effective);
    if (x->minimum_period[0]) {
        printf(",\"minimum_period\":");
        cli_json_str(stdout, x->minimum_period);
    }
    printf(",\"text\":");
    cli_json_str(stdout, x->text);
    printf(",\"citation\":{\"source\":");
    cli_json_str(stdout, x->provision_source);
    printf(",\"locator\":");
    cli_json_str(stdout, x->provision_locator);
    printf("},\"reasons\":[");
    for (int i = 0; i < x->n_facts; i++) {
        if (i) printf(",");
        fact_json(&x->facts[i]);
    }
    printf("]}");
}

static const char *class_label(const ov_rules *r, const char *name)
{
    for (int i = 0; i < ov_rules_count(r); i++) {
        const char *n, *label;
        ov_rules_at(r, i, NULL, &n, &label, NULL);
        if (strcmp(n, name) == 0) return label;
    }
    return name;
}

static int one(cli *c, law_ctx *x, const char *id)
{
    ov_exposure *ex;
    size_t n;
    int rc = ov_law_exposure(x->law, id, &ex, &n);
    if (rc) {
        fprintf(stderr, "oversight exposure: %s\n", ov_law_errmsg(x->law));
        return cli_exit_for(rc);
    }
    if (c->json) {
        printf("{\"entity\":");
        cli_json_str(stdout, id);
        printf(",\"exposures\":[");
        for (size_t i = 0; i < n; i++) {
            if (i) printf(",");
            exposure_json(&ex[i]);
        }
        printf("]}\n");
    } else {
        printf("Legal exposure of %s: %zu obligations\n", id, n);
        for (size_t i = 0; i < n; i++) {
            const ov_exposure *e = &ex[i];
            if (e->law_title[0])
                printf("\n%s — %s%s%s%s%s\n", e->obligation, e->law_title, e->article[0] ? " Art. " : "",
                       e->article, e->effective[0] ? ", in force from " : "", e->effective);
            else
                printf("\n%s — %s (no law named in the record)\n", e->obligation, e->provision);
            printf("  binds: %s (%s)\n", e->subject_class, class_label(x->rules, e->subject_class));
            if (e->minimum_period[0]) printf("  minimum period: %s\n", e->minimum_period);
            printf("  text: %s\n", e->text);
            printf("  provision %s", e->provision);
            cite_text(e->provision_source, e->provision_locator, 0);
            printf("\n  because:\n");
            for (int k = 0; k < e->n_facts; k++) {
                const ov_fact *f = &e->facts[k];
                printf("    %s %s = %s", f->entity, f->prop, f->value);
                cite_text(f->source, f->locator, f->status);
                printf("\n");
            }
        }
    }
    ov_exposures_free(ex);
    return EXIT_OK;
}

/* The matrix: companies (rows) by obligations (columns). */
static int all(cli *c, law_ctx *x)
{
    uint32_t n = ov_graph_node_count(x->g);
    bool md = strcmp(c->format, "md") == 0;
    char (*obls)[96] = NULL;
    int n_obls = 0;
    typedef struct row { uint32_t node; ov_exposure *ex; size_t n; } row;
    row *rows = NULL;
    size_t n_rows = 0;
    int code = 0;
    for (uint32_t i = 0; i < n && !code; i++) {
        const char *schema = ov_graph_node_schema(x->g, i);
        uint32_t chk;
        if (!schema || (strcmp(schema, "Company") && strcmp(schema, "Organization")) ||
            !ov_graph_find(x->g, ov_graph_node_id(x->g, i), &chk))
            continue;
        ov_exposure *ex;
        size_t k;
        if (ov_law_exposure(x->law, ov_graph_node_id(x->g, i), &ex, &k)) continue;
        if (!k) {
            ov_exposures_free(ex);
            continue;
        }
        row *nr = realloc(rows, sizeof *rows * (n_rows + 1));
        if (!nr) {
            ov_exposures_free(ex);
            code = EXIT_INTERNAL;
            break;
        }
        rows = nr;
        rows[n_rows++] = (row){i, ex, k};
        for (size_t j = 0; j < k; j++) {
            bool seen = false;
            for (int o = 0; o < n_obls && !seen; o++) seen = strcmp(obls[o], ex[j].obligation) == 0;
            if (seen) continue;
            char (*no)[96] = realloc(obls, sizeof *obls * (size_t)(n_obls + 1));
            if (!no) {
                code = EXIT_INTERNAL;
                break;
            }
            obls = no;
            snprintf(obls[n_obls++], 96, "%s", ex[j].obligation);
        }
    }
    if (!code && c->json) {
        printf("[");
        for (size_t r = 0; r < n_rows; r++) {
            printf("%s{\"entity\":", r ? "," : "");
            cli_json_str(stdout, ov_graph_node_id(x->g, rows[r].node));
            printf(",\"caption\":");
            cli_json_str(stdout, ov_graph_node_caption(x->g, rows[r].node));
            printf(",\"exposures\":[");
            for (size_t j = 0; j < rows[r].n; j++) {
                if (j) printf(",");
                exposure_json(&rows[r].ex[j]);
            }
            printf("]}");
        }
        printf("]\n");
    } else if (!code) {
        /* a table: one column per obligation, the articles in the cells */
        printf(md ? "| company |" : "%-32s", md ? "" : "company");
        for (int o = 0; o < n_obls; o++) printf(md ? " %s |" : " %s;", obls[o]);
        printf("\n");
        if (md) {
            printf("|---|");
            for (int o = 0; o < n_obls; o++) printf("---|");
            printf("\n");
        }
        for (size_t r = 0; r < n_rows; r++) {
            printf(md ? "| %s |" : "%-32.32s", ov_graph_node_caption(x->g, rows[r].node));
            for (int o = 0; o < n_obls; o++) {
                char cell[256] = "";
                size_t used = 0;
                for (size_t j = 0; j < rows[r].n; j++) {
                    if (strcmp(rows[r].ex[j].obligation, obls[o]) != 0) continue;
                    const ov_exposure *e = &rows[r].ex[j];
                    int w = snprintf(cell + used, sizeof cell - used, "%s%s%s%s", used ? ", " : "",
                                     e->law[0] ? e->law : e->provision, e->article[0] ? " " : "", e->article);
                    if (w > 0 && (size_t)w < sizeof cell - used) used += (size_t)w;
                }
                printf(md ? " %s |" : " %s;", used ? cell : (md ? "" : "-"));
            }
            printf("\n");
        }
        printf("%s%zu companies with obligations, %d obligations\n", md ? "\n" : "", n_rows, n_obls);
    }
    for (size_t r = 0; r < n_rows; r++) ov_exposures_free(rows[r].ex);
    free(rows);
    free(obls);
    return code;
}

static int test(cli *c, law_ctx *x, const char *name, const char *id)
{
    const char *label = class_label(x->rules, name);
    uint32_t n = ov_graph_node_count(x->g);
    int code = 0, shown = 0;
    if (c->json) printf("{\"test\":\"%s\",\"label\":", name), cli_json_str(stdout, label), printf(",\"results\":[");
    else printf("test %s: %s\n", name, label);
    for (uint32_t i = 0; i < n && !code; i++) {
        const char *nid = ov_graph_node_id(x->g, i);
        uint32_t chk;
        if (!nid || !ov_graph_find(x->g, nid, &chk)) continue;
        if (id && strcmp(nid, id) != 0) continue;
        const char *schema = ov_graph_node_schema(x->g, i);
        if (!id && (!schema || (strcmp(schema, "Company") && strcmp(schema, "Organization") && strcmp(schema, "Brand"))))
            continue;
        bool result;
        ov_fact facts[8];
        int nf;
        int rc = ov_law_test(x->law, name, nid, &result, facts, &nf);
        if (rc) {
            fprintf(stderr, "oversight exposure: %s\n", ov_law_errmsg(x->law));
            code = cli_exit_for(rc);
            break;
        }
        if (!id && !result) continue;
        if (c->json) {
            printf("%s{\"entity\":", shown++ ? "," : "");
            cli_json_str(stdout, nid);
            printf(",\"result\":%s,\"reasons\":[", result ? "true" : "false");
            for (int k = 0; k < nf; k++) {
                if (k) printf(",");
                fact_json(&facts[k]);
            }
            printf("]}");
        } else {
            shown++;
            printf("\n  %s (%s): %s\n", ov_graph_node_caption(x->g, i), nid, result ? "yes" : "no");
            for (int k = 0; k < nf; k++) {
                printf("    %s %s = %s", facts[k].entity, facts[k].prop, facts[k].value);
                cite_text(facts[k].source, facts[k].locator, facts[k].status);
                printf("\n");
            }
        }
    }
    if (c->json) printf("]}\n");
    else if (!shown) printf("  %s\n", id ? "no such entity in the graph" : "none");
    if (id && !shown && !code) code = EXIT_NOTFOUND;
    return code;
}

int cmd_exposure(cli *c)
{
    const char *as_of = cli_take_opt(c, "--as-of");
    const char *rules = cli_take_opt(c, "--rules");
    const char *test_name = cli_take_opt(c, "--test");
    bool every = cli_take_flag(c, "--all");
    int bad = cli_reject_unknown(c, "exposure");
    if (bad) return bad;
    if (!every && !test_name && c->argc != 1) {
        fprintf(stderr, "oversight exposure: which entity? (oversight exposure ID | --all | --test NAME [ID])\n");
        return EXIT_USAGE;
    }
    law_ctx x;
    int code = law_ctx_open(c, rules, as_of, &x);
    if (code) return code;
    if (test_name) code = test(c, &x, test_name, c->argc ? c->argv[0] : NULL);
    else if (every) code = all(c, &x);
    else code = one(c, &x, c->argv[0]);
    law_ctx_close(&x);
    return code;
}

/* ---- deployments ------------------------------------------------------------ */

static const char *first_value(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && strcmp(e->stmts[i].prop, prop) == 0) return e->stmts[i].value;
    return NULL;
}

int cmd_deployments(cli *c)
{
    const char *company = cli_take_opt(c, "--company");
    const char *country = cli_take_opt(c, "--country");
    const char *as_of = cli_take_opt(c, "--as-of");
    int bad = cli_reject_unknown(c, "deployments");
    if (bad) return bad;
    law_ctx x;
    int code = law_ctx_open(c, NULL, as_of, &x);
    if (code) return code;
    uint32_t n = ov_graph_node_count(x.g);
    int shown = 0;
    if (c->json) printf("[");
    for (uint32_t i = 0; i < n && !code; i++) {
        const char *schema = ov_graph_node_schema(x.g, i);
        if (!schema || strcmp(schema, "Deployment") != 0) continue;
        ov_entity *d;
        if (ov_store_get(x.st, ov_graph_node_id(x.g, i), 0, &d)) continue;
        const char *supplier = first_value(d, "supplier");
        const char *where = first_value(d, "country");
        if ((company && (!supplier || strcmp(supplier, company) != 0)) ||
            (country && (!where || strcasecmp(where, country) != 0)) || !supplier) {
            ov_entity_free(d);
            continue;
        }
        ov_exposure *ex = NULL;
        size_t k = 0;
        ov_law_exposure(x.law, supplier, &ex, &k);
        const ov_stmt *cite = NULL;
        for (size_t s = 0; s < d->n_stmts && !cite; s++)
            if (!strcmp(d->stmts[s].prop, "supplier")) cite = &d->stmts[s];
        if (c->json) {
            printf("%s{\"deployment\":", shown ? "," : "");
            cli_json_str(stdout, d->id);
            printf(",\"supplier\":");
            cli_json_str(stdout, supplier);
            printf(",\"supplier_name\":");
            cli_json_str(stdout, first_value(d, "supplierName"));
            printf(",\"country\":");
            cli_json_str(stdout, where);
            printf(",\"buyer\":");
            cli_json_str(stdout, first_value(d, "buyer"));
            printf(",\"technologies\":[");
            int t = 0;
            for (size_t s = 0; s < d->n_stmts; s++)
                if (!strcmp(d->stmts[s].prop, "technology")) {
                    if (t++) printf(",");
                    cli_json_str(stdout, d->stmts[s].value);
                }
            printf("],\"source\":");
            cli_json_str(stdout, cite ? cite->source : NULL);
            printf(",\"locator\":");
            cli_json_str(stdout, cite ? cite->locator : NULL);
            printf(",\"status\":\"%s\",\"obligations\":[", ov_status_name(cite ? cite->status : 0));
            for (size_t j = 0; j < k; j++) {
                if (j) printf(",");
                exposure_json(&ex[j]);
            }
            printf("]}");
        } else {
            printf("%s %s -> %s", d->id, first_value(d, "supplierName") ? first_value(d, "supplierName") : supplier,
                   where ? where : "?");
            const char *buyer = first_value(d, "buyer");
            if (buyer) printf(" (buyer %s)", buyer);
            printf("\n  technologies:");
            for (size_t s = 0; s < d->n_stmts; s++)
                if (!strcmp(d->stmts[s].prop, "technology")) printf(" %s;", d->stmts[s].value);
            if (cite) {
                printf("\n  source:");
                cite_text(cite->source, cite->locator, cite->status);
            }
            printf("\n  obligations reaching the supplier (%s):", supplier);
            if (!k) printf(" none recorded");
            for (size_t j = 0; j < k; j++)
                printf("%s %s %s%s", j ? "," : "", ex[j].obligation, ex[j].law[0] ? ex[j].law : ex[j].provision,
                       ex[j].article[0] ? "" : "");
            printf("\n");
        }
        shown++;
        ov_exposures_free(ex);
        ov_entity_free(d);
    }
    if (c->json) printf("]\n");
    else if (!shown) printf("no deployments recorded%s%s%s%s\n", company ? " for " : "", company ? company : "",
                            country ? " in " : "", country ? country : "");
    law_ctx_close(&x);
    return code;
}

/* ---- report ------------------------------------------------------------------- */

int cmd_report(cli *c)
{
    const char *out_path = cli_take_opt(c, "-o");
    int bad = cli_reject_unknown(c, "report");
    if (bad) return bad;
    if (c->argc != 1) {
        fprintf(stderr, "oversight report: whose dossier? (oversight report ID --format md|html [-o FILE])\n");
        return EXIT_USAGE;
    }
    bool html = strcmp(c->format, "html") == 0;
    law_ctx x;
    int code = law_ctx_open(c, NULL, NULL, &x);
    if (code) return code;
    FILE *out = out_path ? fopen(out_path, "wb") : stdout;
    char svg[1024] = "";
    if (!out) {
        fprintf(stderr, "oversight report: cannot write %s: %s\n", out_path, strerror(errno));
        law_ctx_close(&x);
        return EXIT_STORE;
    }
    uint32_t node;
    if (!html && out_path && ov_graph_find(x.g, c->argv[0], &node)) {
        /* Markdown links the picture, written beside the report */
        snprintf(svg, sizeof svg, "%s.svg", out_path);
        FILE *f = fopen(svg, "wb");
        int n;
        bool truncated;
        if (!f || ov_render_neighbourhood(x.g, node, 2, 60, OV_PIC_SVG, f, &n, &truncated)) svg[0] = '\0';
        if (f) fclose(f);
    }
    const char *link = strrchr(svg, '/');
    int rc = ov_report_write(x.st, c->model, x.g, x.rules, c->argv[0], html, svg[0] ? (link ? link + 1 : svg) : NULL, out);
    if (out != stdout && fclose(out) != 0 && !rc) rc = OV_EIO;
    if (rc) fprintf(stderr, "oversight report: %s: %s\n", c->argv[0], rc == OV_ENOTFOUND ? "no such entity" : ov_strerror(rc));
    law_ctx_close(&x);
    return cli_exit_for(rc);
}
