/* cmd_resolve.c - entity resolution: `oversight xref` (candidate pairs of the
 * record scored by the matcher and its identifiers), `oversight resolve` (a
 * judgement: same, different, unsure, with its reason, author and citation)
 * and `oversight judgements` (what holds, and the clusters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>
#include "oversight/resolve.h"
#include "oversight/xref.h"
#include "cli.h"
#include "util/banned.h"

int cmd_resolve(cli *c);
int cmd_judgements(cli *c);
int cmd_xref(cli *c);

/* ---- resolve A B same|different|unsure --reason TEXT ------------------------------- */

int cmd_resolve(cli *c)
{
    ov_judgement_in j = {0};
    j.reason = cli_take_opt(c, "--reason");
    j.source = cli_take_opt(c, "--source");
    j.locator = cli_take_opt(c, "--locator");
    j.author = cli_take_opt(c, "--author");
    const char *status = cli_take_opt(c, "--status");
    int bad = cli_reject_unknown(c, "resolve");
    if (bad) return bad;
    if (c->argc != 3 || ov_verdict_parse(c->argv[2]) < 0) {
        fprintf(stderr, "oversight resolve: oversight resolve ID ID same|different|unsure --reason TEXT\n");
        return EXIT_USAGE;
    }
    /* the author: --author, else the account that runs the command */
    if (!j.author || !*j.author) j.author = getenv("USER");
    if (!j.author || !*j.author) j.author = getenv("LOGNAME");
    struct passwd *pw = (!j.author || !*j.author) ? getpwuid(getuid()) : NULL;
    if (pw) j.author = pw->pw_name;
    if (status && (j.status = ov_status_parse(status)) < 0) {
        fprintf(stderr, "oversight resolve: unknown status '%s'\n", status);
        return EXIT_USAGE;
    }
    j.left = c->argv[0];
    j.right = c->argv[1];
    j.verdict = ov_verdict_parse(c->argv[2]);
    ov_store *st;
    int rc = cli_open_store(c, 0, &st);
    if (rc) return rc;
    char id[64], err[2048];
    rc = ov_resolve(st, c->model, &j, id, err, sizeof err);
    ov_store_close(st);
    if (rc) {
        fprintf(stderr, "oversight resolve: %s\n", err);
        return rc == OV_EINVAL ? EXIT_DATA : cli_exit_for(rc);
    }
    if (c->json) {
        printf("{\"judgement\":");
        cli_json_str(stdout, id);
        printf(",\"verdict\":\"%s\"}\n", ov_verdict_name(j.verdict));
    } else {
        printf("%s: %s and %s judged %s\n", id, j.left, j.right, ov_verdict_name(j.verdict));
    }
    return EXIT_OK;
}

/* ---- judgements [ID] ---------------------------------------------------------------- */

int cmd_judgements(cli *c)
{
    int bad = cli_reject_unknown(c, "judgements");
    if (bad) return bad;
    const char *only = c->argc ? c->argv[0] : NULL;
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return rc;
    ov_resolver *r;
    if ((rc = ov_resolver_load(st, &r))) {
        fprintf(stderr, "oversight judgements: %s\n", ov_store_errmsg(st));
        ov_store_close(st);
        return cli_exit_for(rc);
    }
    if (c->json) printf("{\"judgements\":[");
    int k = 0;
    for (size_t i = 0; i < ov_resolver_count(r); i++) {
        const ov_judgement *j = ov_resolver_at(r, i);
        if (only && strcmp(only, j->left) && strcmp(only, j->right)) continue;
        if (c->json) {
            printf("%s{\"id\":", k++ ? "," : "");
            cli_json_str(stdout, j->id);
            printf(",\"left\":");
            cli_json_str(stdout, j->left);
            printf(",\"right\":");
            cli_json_str(stdout, j->right);
            printf(",\"verdict\":\"%s\",\"reason\":", ov_verdict_name(j->verdict));
            cli_json_str(stdout, j->reason);
            printf(",\"author\":");
            cli_json_str(stdout, j->author);
            printf(",\"date\":");
            cli_json_str(stdout, j->date);
            printf(",\"status\":\"%s\"}", ov_status_name(j->status));
        } else {
            printf("%s  %s %s %s  (%s, %s): %s\n", j->id, j->left, ov_verdict_name(j->verdict), j->right, j->author,
                   j->date, j->reason);
            k++;
        }
    }
    if (c->json) {
        printf("]");
        if (only) {
            const char **ids;
            size_t n;
            printf(",\"canonical\":");
            cli_json_str(stdout, ov_resolver_canonical(r, only));
            printf(",\"referents\":[");
            if (!ov_resolver_referents(r, only, &ids, &n)) {
                for (size_t i = 0; i < n; i++) {
                    if (i) printf(",");
                    cli_json_str(stdout, ids[i]);
                }
                ov_free(ids);
            }
            printf("]");
        }
        printf("}\n");
    } else {
        if (!k) printf("no judgements%s%s\n", only ? " of " : "", only ? only : "");
        if (only) printf("canonical id of %s: %s\n", only, ov_resolver_canonical(r, only));
    }
    ov_resolver_free(r);
    ov_store_close(st);
    return EXIT_OK;
}

/* ---- xref ------------------------------------------------------------------------------ */

int cmd_xref(cli *c)
{
    const char *t = cli_take_opt(c, "--threshold"), *l = cli_take_opt(c, "--limit"), *bg = cli_take_opt(c, "--budget");
    const char *against = cli_take_opt(c, "--against");
    int bad = cli_reject_unknown(c, "xref");
    if (bad) return bad;
    char *end, *bend;
    double threshold = t ? strtod(t, &end) : 0.7;
    long limit = l ? strtol(l, NULL, 10) : 50;
    long budget = bg ? strtol(bg, &bend, 10) : 0;
    if (bg && (*bend || budget < 1 || budget > 1000000)) {
        fprintf(stderr, "oversight xref: --budget 1..1000000 (postings a query walks)\n");
        return EXIT_USAGE;
    }
    if ((t && (*end || threshold <= 0 || threshold > 1)) || limit < 1 || limit > 100000000) {
        fprintf(stderr, "oversight xref: --threshold 0..1, --limit 1..100000000\n");
        return EXIT_USAGE;
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return rc;
    char err[512];
    /* the index's blocking: how many postings a query walks (--budget: fewer is faster at
     * the cost of recall, docs/BENCHMARKS.md "Cross-referencing") */
    ov_xref_opts o = {.threshold = threshold, .budget = (int)budget, .against = against};
    ov_xref *x = NULL;
    rc = ov_xref_build(st, c->model, &o, &x, err, sizeof err);
    if (rc) {
        fprintf(stderr, "oversight xref: %s\n", err);
    } else {
        size_t n = ov_xref_count(x);
        size_t shown = n < (size_t)limit ? n : (size_t)limit;
        if (c->json) printf("{\"threshold\":%.2f,\"candidates\":%zu,\"pairs\":[", threshold, n);
        else printf("%zu candidate pairs at %.2f or more (not yet judged), strongest first:\n", n, threshold);
        for (size_t i = 0; i < shown; i++) {
            const ov_xref_pair *p = ov_xref_at(x, i);
            if (c->json) {
                printf("%s{\"a\":", i ? "," : "");
                cli_json_str(stdout, p->a);
                printf(",\"b\":");
                cli_json_str(stdout, p->b);
                printf(",\"score\":%.4f,\"a_name\":", p->score);
                cli_json_str(stdout, p->a_name);
                printf(",\"b_name\":");
                cli_json_str(stdout, p->b_name);
                printf(",\"explanation\":");
                cli_json_str(stdout, p->explanation);
                printf("}");
            } else {
                printf("  %.3f  %s (%s)  ~  %s (%s)\n         %s\n", p->score, p->a, p->a_name, p->b, p->b_name,
                       p->explanation);
            }
        }
        if (c->json) printf("]}\n");
        else if (shown < n) printf("  ... %zu more (--limit)\n", n - shown);
    }
    ov_xref_free(x);
    ov_store_close(st);
    return cli_exit_for(rc);
}
