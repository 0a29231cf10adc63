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
#include "oversight/deploy.h"
#include <cjson/cJSON.h>
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

/* A conclusion's status beside it when weaker than asserted. */
static const char *weak_status(int status)
{
    return ov_status_rank(status) > ov_status_rank(OV_ST_ASSERTED) ? ov_status_name(status) : NULL;
}

/* A table cell: '|' and line breaks would break the row. */
static void cell_text(FILE *f, const char *s, bool md)
{
    for (; s && *s; s++) {
        if (*s == '\n' || *s == '\r') fputc(' ', f);
        else if (md && *s == '|') fputs("\\|", f);
        else if (!md && *s == ';') fputc(',', f);
        else fputc(*s, f);
    }
}

/* The outcome of one question: the answer printed (and freed), or the
 * library's message when the call that should have given it failed (rc). */
static int answer_out(cli *c, law_ctx *x, int rc, ov_answer *a)
{
    if (rc) {
        fprintf(stderr, "oversight exposure: %s\n", ov_law_errmsg(x->law));
        return cli_exit_for(rc);
    }
    rc = cli_print_answer(c, a);
    ov_answer_free(a);
    return cli_exit_for(rc);
}

static int one(cli *c, law_ctx *x, const char *id)
{
    ov_answer *a = NULL;
    int rc = ov_law_exposure(x->law, id, &a);
    return answer_out(c, x, rc, a);
}

/* The matrix: companies (rows) by obligations (columns), the provisions in the
 * cells, each with its status when weaker than asserted; --format json gives
 * the answers themselves, one per company reached. */
static int all(cli *c, law_ctx *x)
{
    uint32_t n = ov_graph_node_count(x->g);
    bool md = strcmp(c->format, "md") == 0;
    const char **obls = NULL; /* the obligations in words, as the answers give them */
    int n_obls = 0;
    ov_answer **rows = NULL;
    size_t n_rows = 0;
    int code = 0;
    for (uint32_t i = 0; i < n && !code; i++) {
        const char *schema = ov_graph_node_schema(x->g, i);
        uint32_t chk;
        if (!schema || (strcmp(schema, "Company") && strcmp(schema, "Organization")) ||
            !ov_graph_find(x->g, ov_graph_node_id(x->g, i), &chk))
            continue;
        ov_answer *a;
        int rc = ov_law_exposure(x->law, ov_graph_node_id(x->g, i), &a);
        if (rc) {
            fprintf(stderr, "oversight exposure: %s\n", ov_law_errmsg(x->law));
            code = cli_exit_for(rc);
            break;
        }
        if (!a->n_items) {
            ov_answer_free(a);
            continue;
        }
        ov_answer **nr = realloc(rows, sizeof *rows * (n_rows + 1));
        if (!nr) {
            ov_answer_free(a);
            code = EXIT_INTERNAL;
            break;
        }
        rows = nr;
        rows[n_rows++] = a;
        for (size_t j = 0; j < a->n_items; j++) {
            bool seen = false;
            for (int o = 0; o < n_obls && !seen; o++) seen = strcmp(obls[o], a->items[j].value) == 0;
            if (seen) continue;
            const char **no = realloc(obls, sizeof *obls * (size_t)(n_obls + 1));
            if (!no) {
                code = EXIT_INTERNAL;
                break;
            }
            obls = no;
            obls[n_obls++] = a->items[j].value; /* lives as long as the row's answer */
        }
    }
    if (!code && c->json) {
        printf("[");
        for (size_t r = 0; r < n_rows && !code; r++) code = cli_exit_for(cli_print_answer_row(rows[r], r == 0));
        printf("]\n");
    } else if (!code) {
        /* a table: one column per obligation, the provisions in the cells */
        printf(md ? "| company |" : "%-32s", md ? "" : "company");
        for (int o = 0; o < n_obls; o++) {
            printf(md ? " " : " ");
            cell_text(stdout, obls[o], md);
            printf(md ? " |" : ";");
        }
        printf("\n");
        if (md) {
            printf("|---|");
            for (int o = 0; o < n_obls; o++) printf("---|");
            printf("\n");
        }
        for (size_t r = 0; r < n_rows; r++) {
            const ov_answer *a = rows[r];
            if (md) {
                printf("| ");
                cell_text(stdout, a->subject_caption, md);
                printf(" |");
            } else {
                printf("%-32.32s", a->subject_caption);
            }
            for (int o = 0; o < n_obls; o++) {
                int used = 0;
                printf(" ");
                for (size_t j = 0; j < a->n_items; j++) {
                    const ov_explanation *e = &a->items[j];
                    if (strcmp(e->value, obls[o]) != 0) continue;
                    if (used++) printf(", ");
                    cell_text(stdout, e->object_caption ? e->object_caption : e->object, md);
                    if (weak_status(e->status)) printf(" (%s)", weak_status(e->status));
                }
                if (!used && !md) printf("-");
                printf(md ? " |" : ";");
            }
            printf("\n");
        }
        printf("%s%zu companies with obligations, %d obligations\n", md ? "\n" : "", n_rows, n_obls);
    }
    for (size_t r = 0; r < n_rows; r++) ov_answer_free(rows[r]);
    free(rows);
    free(obls);
    return code;
}

/* A named test: for one entity its answer; for all, the answers of the
 * companies, organisations and brands for which it holds. */
static int test(cli *c, law_ctx *x, const char *name, const char *id)
{
    bool known = false;
    for (int i = 0; i < ov_rules_count(x->rules) && !known; i++) {
        const char *n;
        ov_rules_at(x->rules, i, NULL, &n, NULL, NULL);
        known = strcmp(n, name) == 0;
    }
    if (!known) {
        fprintf(stderr, "oversight exposure: no test or class named %s\n", name);
        return cli_exit_for(OV_EINVAL);
    }
    if (id) {
        ov_answer *a = NULL;
        int rc = ov_law_test(x->law, name, id, &a);
        return answer_out(c, x, rc, a);
    }
    uint32_t n = ov_graph_node_count(x->g);
    int code = 0, shown = 0;
    if (c->json) printf("[");
    for (uint32_t i = 0; i < n && !code; i++) {
        const char *nid = ov_graph_node_id(x->g, i);
        const char *schema = ov_graph_node_schema(x->g, i);
        uint32_t chk;
        if (!nid || !ov_graph_find(x->g, nid, &chk) || !schema ||
            (strcmp(schema, "Company") && strcmp(schema, "Organization") && strcmp(schema, "Brand")))
            continue;
        ov_answer *a;
        int rc = ov_law_test(x->law, name, nid, &a);
        if (rc) {
            fprintf(stderr, "oversight exposure: %s\n", ov_law_errmsg(x->law));
            code = cli_exit_for(rc);
            break;
        }
        if (a->n_items && !strcmp(a->items[0].value, "holds")) {
            if (c->json) rc = cli_print_answer_row(a, shown == 0);
            else {
                if (shown) printf("\n");
                rc = ov_answer_text(a, stdout);
            }
            shown++;
            code = cli_exit_for(rc);
        }
        ov_answer_free(a);
    }
    if (c->json) printf("]\n");
    else if (!shown && !code) printf("test %s: it holds for none\n", name);
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

/* The views of `oversight deployments`, from the library's one JSON answer
 * (deploy.h): by country (the technologies the source records for the country,
 * then its suppliers with their nationality and whether the National
 * Intelligence Law reaches them) or by supplier (its nationality, obligations
 * and countries). */

static const char *js(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void nationality_text(const cJSON *nat)
{
    if (!nat || cJSON_IsNull(nat)) {
        printf("nationality not recorded");
        return;
    }
    cli_print_text(stdout, js(nat, "name") ? js(nat, "name") : js(nat, "code"));
    if (js(nat, "status") && strcmp(js(nat, "status"), "asserted") && strcmp(js(nat, "status"), "verified"))
        printf(" [%s]", js(nat, "status"));
}

static void by_country(const cJSON *doc)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "countries"))
    {
        cli_print_text(stdout, js(c, "name") ? js(c, "name") : js(c, "code"));
        printf(" (%s): %d deployment%s, %d by suppliers the National Intelligence Law reaches\n", js(c, "code"),
               cJSON_GetObjectItemCaseSensitive(c, "deployments")->valueint,
               cJSON_GetObjectItemCaseSensitive(c, "deployments")->valueint == 1 ? "" : "s",
               cJSON_GetObjectItemCaseSensitive(c, "nil_deployments")->valueint);
        const cJSON *t, *techs = cJSON_GetObjectItemCaseSensitive(c, "technologies");
        printf("  technologies recorded for the country:");
        int k = 0;
        cJSON_ArrayForEach(t, techs)
        {
            printf("%s ", k++ ? "," : "");
            cli_print_text(stdout, js(t, "technology"));
        }
        if (!k) printf(" none recorded");
        else printf(" (per country: the source does not say which supplier supplied which)");
        printf("\n");
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(c, "suppliers"))
        {
            printf("  - ");
            cli_print_text(stdout, js(r, "supplier_name"));
            printf(" (");
            nationality_text(cJSON_GetObjectItemCaseSensitive(r, "nationality"));
            printf(")%s", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "nil")) ? "; the National Intelligence Law reaches it" : "");
            printf("; buyer: ");
            cli_print_text(stdout, js(r, "buyer") ? js(r, "buyer") : "not named by the source");
            printf("\n    source: ");
            cli_print_text(stdout, js(r, "source"));
            printf(", ");
            cli_print_text(stdout, js(r, "locator"));
            if (strcmp(js(r, "status"), "asserted")) printf(" [%s]", js(r, "status"));
            printf("\n");
        }
    }
}

static void by_supplier(const cJSON *doc)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "suppliers"))
    {
        int n = cJSON_GetObjectItemCaseSensitive(s, "deployments")->valueint;
        cli_print_text(stdout, js(s, "name"));
        printf(" (");
        nationality_text(cJSON_GetObjectItemCaseSensitive(s, "nationality"));
        printf("): %d countr%s\n", n, n == 1 ? "y" : "ies");
        const cJSON *o;
        int k = 0;
        printf("  obligations reaching it:");
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s, "obligations"))
        {
            printf("%s ", k++ ? "," : "");
            cli_print_text(stdout, js(o, "obligation"));
            printf(" (");
            cli_print_text(stdout, js(o, "provision"));
            if (strcmp(js(o, "status"), "asserted")) printf(", %s", js(o, "status"));
            printf(")");
        }
        if (!k)
            printf(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s, "nationality"))
                       ? " none recorded (its nationality is not recorded either)"
                       : " none recorded");
        printf("\n  countries:");
        k = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(s, "countries"))
        {
            printf("%s ", k++ ? "," : "");
            cli_print_text(stdout, js(c, "name") ? js(c, "name") : js(c, "code"));
        }
        printf("\n");
    }
}

int cmd_deployments(cli *c)
{
    const char *company = cli_take_opt(c, "--company");
    const char *supplier = cli_take_opt(c, "--supplier");
    const char *country = cli_take_opt(c, "--country");
    const char *as_of = cli_take_opt(c, "--as-of");
    const char *by = cli_take_opt(c, "--by");
    int bad = cli_reject_unknown(c, "deployments");
    if (bad) return bad;
    if (by && strcmp(by, "country") && strcmp(by, "supplier")) {
        fprintf(stderr, "oversight deployments: --by ");
        cli_print_text(stderr, by);
        fprintf(stderr, ": give country or supplier\n");
        return EXIT_USAGE;
    }
    if (!supplier) supplier = company;
    law_ctx x;
    int code = law_ctx_open(c, NULL, as_of, &x);
    if (code) return code;
    ov_deploy_filter f = {.country = country, .supplier = supplier};
    char *json = NULL;
    int rc = ov_deployments_json(x.st, x.g, x.law, &f, NULL, &json);
    if (rc) {
        fprintf(stderr, "oversight deployments: %s\n", ov_strerror(rc));
        law_ctx_close(&x);
        return cli_exit_for(rc);
    }
    if (c->json) {
        printf("%s\n", json);
    } else {
        cJSON *doc = cJSON_Parse(json);
        const cJSON *tot = cJSON_GetObjectItemCaseSensitive(doc, "totals");
        int nd = cJSON_GetObjectItemCaseSensitive(tot, "deployments")->valueint;
        if (!nd) {
            printf("no deployments recorded");
            if (supplier) {
                printf(" for ");
                cli_print_text(stdout, supplier);
            }
            if (country) printf(" in %s", country);
            printf("\n");
        } else {
            printf("%d deployments in %d countries by %d suppliers (%d of them with a recorded nationality); %d by "
                   "suppliers the National Intelligence Law reaches\n\n",
                   nd, cJSON_GetObjectItemCaseSensitive(tot, "countries")->valueint,
                   cJSON_GetObjectItemCaseSensitive(tot, "suppliers")->valueint,
                   cJSON_GetObjectItemCaseSensitive(tot, "suppliers_with_nationality")->valueint,
                   cJSON_GetObjectItemCaseSensitive(tot, "nil_deployments")->valueint);
            if (by ? !strcmp(by, "supplier") : supplier != NULL) by_supplier(doc);
            else by_country(doc);
        }
        cJSON_Delete(doc);
    }
    ov_free(json);
    law_ctx_close(&x);
    return EXIT_OK;
}

/* ---- report ------------------------------------------------------------------- */

int cmd_report(cli *c)
{
    const char *out_path = cli_take_opt(c, "-o");
    int bad = cli_reject_unknown(c, "report");
    if (bad) return bad;
    if (c->argc != 1) {
        fprintf(stderr, "oversight report: whose dossier? (oversight report ID --format md|html|json [-o FILE])\n");
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
    if (c->json) {
        /* the dossier's data: the explanation objects and the statements behind it */
        char *j = NULL;
        int jrc = ov_report_json(x.st, c->model, x.g, x.rules, c->argv[0], &j);
        if (!jrc) fprintf(out, "%s\n", j);
        ov_free(j);
        if (out != stdout && fclose(out) != 0 && !jrc) jrc = OV_EIO;
        if (jrc) fprintf(stderr, "oversight report: %s: %s\n", c->argv[0], jrc == OV_ENOTFOUND ? "no such entity" : ov_strerror(jrc));
        law_ctx_close(&x);
        return cli_exit_for(jrc);
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
