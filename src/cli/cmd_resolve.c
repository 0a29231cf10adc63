/* cmd_resolve.c - entity resolution: `oversight xref` (candidate pairs of the
 * record scored by the matcher and its identifiers), `oversight resolve` (a
 * judgement: same, different, unsure, with its reason, author and citation)
 * and `oversight judgements` (what holds, and the clusters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>
#include "oversight/match.h"
#include "oversight/resolve.h"
#include "cli.h"
#include "util/arena.h"
#include "util/hmap.h"
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

typedef struct xpair {
    char *a, *b, *a_caption, *b_caption;
    double score;
    char why[256];
} xpair;

typedef struct xref_ctx {
    ov_matcher *mx;
    const ov_resolver *r;
    double threshold;
    xpair *v;
    size_t n, cap;
    int rc;
    const ov_hmap *against;    /* --against DATASET: the ids of its entities (NULL: the whole record) */
} xref_ctx;

static const char *const id_props[] = {"leiCode", "registrationNumber", "taxNumber", "innCode", "ogrnCode",
                                       "swiftBic", "isinCode", "uniqueEntityId", "idNumber", NULL};

static bool judged(const ov_resolver *r, const char *a, const char *b)
{
    if (ov_resolver_pair(r, a, b)) return true;
    return !strcmp(ov_resolver_canonical(r, a), ov_resolver_canonical(r, b)); /* already one */
}

static int xref_one(const ov_entity *e, void *ud)
{
    xref_ctx *x = ud;
    const char *names[16], *ids[16], *countries[8];
    size_t nn = 0, ni = 0, nc = 0;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        if ((!strcmp(s->prop, "name") || !strcmp(s->prop, "alias")) && nn < 16) names[nn++] = s->value;
        else if (!strcmp(s->prop, "country") && nc < 8) countries[nc++] = s->value;
        else
            for (int k = 0; id_props[k] && ni < 16; k++)
                if (!strcmp(s->prop, id_props[k])) ids[ni++] = s->value;
    }
    if (!nn) return 0;
    ov_match_query q = {.schema = NULL, .names = names, .n_names = nn, .countries = countries, .n_countries = nc,
                        .identifiers = ids, .n_identifiers = ni, .limit = 6, .cutoff = x->threshold};
    ov_match_result res[6];
    size_t got = 0;
    if (ov_matcher_query(x->mx, &q, res, 6, &got)) return 0; /* a name the matcher cannot use */
    for (size_t k = 0; k < got; k++) {
        /* never an entity with itself */
        if (res[k].score < x->threshold || !strcmp(res[k].id, e->id)) continue;
        if (x->against) { /* the dataset's entities queried, the rest of the record found */
            if (ov_hmap_get(x->against, res[k].id, strlen(res[k].id), NULL)) continue;
        } else if (strcmp(res[k].id, e->id) < 0) {
            continue; /* each pair once: the other side's query finds it too */
        }
        if (strcmp(res[k].schema, e->schema) && !(strcmp(res[k].schema, "Person") && strcmp(e->schema, "Person")))
            continue; /* a person and an organisation are never one */
        if (judged(x->r, e->id, res[k].id)) continue;
        if (x->n == x->cap) {
            size_t cap = x->cap ? 2 * x->cap : 256;
            xpair *p = realloc(x->v, cap * sizeof *p);
            if (!p) return x->rc = OV_ENOMEM;
            x->v = p;
            x->cap = cap;
        }
        xpair *p = &x->v[x->n++];
        p->a = strdup(e->id);
        p->b = strdup(res[k].id);
        p->a_caption = strdup(res[k].query_name ? res[k].query_name : e->id);
        p->b_caption = strdup(res[k].matched_name ? res[k].matched_name : res[k].id);
        p->score = res[k].score;
        size_t len = 0;
        p->why[0] = '\0';
        for (int f = 0; f < OV_MF__COUNT && len + 32 < sizeof p->why; f++)
            if (res[k].features[f] != 0)
                len += (size_t)snprintf(p->why + len, sizeof p->why - len, "%s%s %.2f", len ? ", " : "",
                                        ov_match_feature_name(f), res[k].features[f]);
        if (!p->a || !p->b || !p->a_caption || !p->b_caption) return x->rc = OV_ENOMEM;
    }
    return 0;
}

static int by_score(const void *a, const void *b)
{
    const xpair *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    int k = strcmp(x->a, y->a);
    return k ? k : strcmp(x->b, y->b);
}

/* The entities to query, kept from the one scan that fills the index: what xref_one
 * reads of each (names, countries, identifiers), copied into an arena. */
typedef struct xents {
    const char *against;       /* --against DATASET, or NULL */
    ov_hmap in_against;        /* ids of the entities with a statement of that dataset */
    ov_matcher *mx;
    ov_arena arena;
    ov_entity *v;
    size_t n, cap;
    int rc;
} xents;

static bool wanted(const char *prop)
{
    if (!strcmp(prop, "name") || !strcmp(prop, "alias") || !strcmp(prop, "country")) return true;
    for (int k = 0; id_props[k]; k++)
        if (!strcmp(prop, id_props[k])) return true;
    return false;
}

static int add_entity(const ov_entity *e, void *ud)
{
    xents *x = ud;
    int rc = ov_matcher_add(x->mx, e, NULL);
    if (rc) return x->rc = rc;
    bool mine = !x->against;
    for (size_t i = 0; !mine && i < e->n_stmts; i++) mine = e->stmts[i].dataset && !strcmp(e->stmts[i].dataset, x->against);
    if (x->against && mine && ov_hmap_put(&x->in_against, e->id, strlen(e->id), 1)) return x->rc = OV_ENOMEM;
    if (!mine) return 0; /* in the index, not queried */
    size_t k = 0;
    for (size_t i = 0; i < e->n_stmts; i++) k += e->stmts[i].status != OV_ST_RETRACTED && wanted(e->stmts[i].prop);
    if (!k) return 0;
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 1024;
        ov_entity *v = realloc(x->v, cap * sizeof *v);
        if (!v) return x->rc = OV_ENOMEM;
        x->v = v;
        x->cap = cap;
    }
    ov_entity *c = &x->v[x->n];
    memset(c, 0, sizeof *c);
    c->id = ov_arena_strdup(&x->arena, e->id);
    c->schema = ov_arena_strdup(&x->arena, e->schema);
    c->stmts = ov_arena_alloc(&x->arena, k * sizeof *c->stmts);
    if (!c->id || !c->schema || !c->stmts) return x->rc = OV_ENOMEM;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED || !wanted(s->prop)) continue;
        ov_stmt *t = &c->stmts[c->n_stmts++];
        memset(t, 0, sizeof *t);
        t->prop = ov_arena_strdup(&x->arena, s->prop);
        t->value = ov_arena_strdup(&x->arena, s->value);
        if (!t->prop || !t->value) return x->rc = OV_ENOMEM;
    }
    x->n++;
    return 0;
}

int cmd_xref(cli *c)
{
    const char *t = cli_take_opt(c, "--threshold"), *l = cli_take_opt(c, "--limit"), *bg = cli_take_opt(c, "--budget");
    const char *against = cli_take_opt(c, "--against");
    int bad = cli_reject_unknown(c, "xref");
    if (bad) return bad;
    char *end;
    double threshold = t ? strtod(t, &end) : 0.7;
    long limit = l ? strtol(l, NULL, 10) : 50;
    ov_match_settings defaults;
    ov_match_settings_default(&defaults);
    long budget = bg ? strtol(bg, NULL, 10) : defaults.block_budget;
    if (budget < 1 || budget > 1000000) {
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
    xref_ctx x = {.threshold = threshold};
    ov_resolver *r = NULL;
    rc = ov_resolver_load(st, &r);
    /* the index's blocking: how many postings a query walks (--budget: fewer is faster at
     * the cost of recall, docs/BENCHMARKS.md "Cross-referencing") */
    ov_match_settings ms;
    ov_match_settings_default(&ms);
    ms.block_budget = (int)budget;
    if (!rc) rc = ov_matcher_new(&x.mx, c->model, &ms, err, sizeof err);
    /* one scan of the record: the index, and what each entity's query needs */
    xents xe = {.mx = x.mx, .against = against};
    ov_hmap_init(&xe.in_against);
    ov_arena_init(&xe.arena, (size_t)1 << 20, (size_t)1 << 36);
    if (!rc) rc = ov_store_scan(st, add_entity, &xe);
    if (rc == OV_ESTOP) rc = xe.rc;
    if (!rc) rc = ov_matcher_finish(x.mx);
    x.r = r;
    x.against = against ? &xe.in_against : NULL;
    if (!rc && against && !xe.n) {
        fprintf(stderr, "oversight xref: no entity of dataset '%s' in the record\n", against);
        rc = OV_ENOTFOUND;
    }
    for (size_t i = 0; !rc && i < xe.n; i++) rc = xref_one(&xe.v[i], &x);
    free(xe.v);
    ov_arena_release(&xe.arena);
    ov_hmap_release(&xe.in_against);
    if (!rc) rc = x.rc;
    if (rc) {
        if (!(against && rc == OV_ENOTFOUND)) fprintf(stderr, "oversight xref: %s\n", ov_strerror(rc));
    } else {
        qsort(x.v, x.n, sizeof *x.v, by_score);
        size_t shown = x.n < (size_t)limit ? x.n : (size_t)limit;
        if (c->json) printf("{\"threshold\":%.2f,\"candidates\":%zu,\"pairs\":[", threshold, x.n);
        else printf("%zu candidate pairs at %.2f or more (not yet judged), strongest first:\n", x.n, threshold);
        for (size_t i = 0; i < shown; i++) {
            const xpair *p = &x.v[i];
            if (c->json) {
                printf("%s{\"a\":", i ? "," : "");
                cli_json_str(stdout, p->a);
                printf(",\"b\":");
                cli_json_str(stdout, p->b);
                printf(",\"score\":%.4f,\"a_name\":", p->score);
                cli_json_str(stdout, p->a_caption);
                printf(",\"b_name\":");
                cli_json_str(stdout, p->b_caption);
                printf(",\"explanation\":");
                cli_json_str(stdout, p->why);
                printf("}");
            } else {
                printf("  %.3f  %s (%s)  ~  %s (%s)\n         %s\n", p->score, p->a, p->a_caption, p->b, p->b_caption,
                       p->why);
            }
        }
        if (c->json) printf("]}\n");
        else if (shown < x.n) printf("  ... %zu more (--limit)\n", x.n - shown);
    }
    for (size_t i = 0; i < x.n; i++) {
        free(x.v[i].a);
        free(x.v[i].b);
        free(x.v[i].a_caption);
        free(x.v[i].b_caption);
    }
    free(x.v);
    ov_matcher_free(x.mx);
    ov_resolver_free(r);
    ov_store_close(st);
    return cli_exit_for(rc);
}
