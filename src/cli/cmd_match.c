/* cmd_match.c - name matching and list screening: `oversight match`,
 * `oversight screen`, `oversight load-csl` (see docs/internals/names.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "oversight/graph.h"
#include "oversight/law.h"
#include "oversight/match.h"
#include "oversight/own.h"
#include "cli.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/banned.h"

static int read_all(const char *path, size_t cap, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return -1;
    size_t n = 0, size = 1 << 16;
    char *buf = malloc(size + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, size - n, f)) > 0) {
        n += got;
        if (n == size) {
            if (size > cap) break;
            char *nb = realloc(buf, size * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            size *= 2;
        }
    }
    if (f != stdin) fclose(f);
    if (!buf) return -1;
    if (n > cap) {
        free(buf);
        errno = EFBIG;
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int load_settings(const char *path, ov_match_settings *s)
{
    ov_match_settings_default(s);
    if (!path) return 0;
    char *text;
    size_t len;
    if (read_all(path, 1 << 20, &text, &len)) {
        fprintf(stderr, "oversight: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_STORE;
    }
    char err[256];
    int rc = ov_match_settings_parse(s, text, len, err, sizeof err);
    free(text);
    if (rc) {
        fprintf(stderr, "oversight: %s: %s\n", path, err);
        return EXIT_DATA;
    }
    return 0;
}

/* A JSON string, or null for NULL. */
static void bjs(ov_buf *b, const char *s)
{
    if (s) ov_buf_add_json_str(b, s);
    else ov_buf_adds(b, "null");
}

/* ---- what a screen needs besides the index: list entries and brands ------- */

typedef struct sanc {
    char *id, *entity, *program, *start, *end, *listed, *body, *dataset, *source, *locator;
} sanc;

typedef struct brand {
    char *id, *maker;
} brand;

typedef struct record {
    ov_matcher *mx;
    sanc *sancs;
    size_t n_sancs, cap_sancs;
    brand *brands;
    size_t n_brands, cap_brands;
    char **list_datasets;
    size_t n_ld;
    int64_t changes[256]; /* the loads that added list entries */
    size_t n_changes;
    bool collect; /* sanctions and brands too (screen) */
    int rc;
} record;

static char *dupv(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n + 1);
    return d;
}

static const ov_stmt *stmt_of(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, prop)) return &e->stmts[i];
    return NULL;
}

static const char *val_of(const ov_entity *e, const char *prop)
{
    const ov_stmt *s = stmt_of(e, prop);
    return s ? s->value : NULL;
}

static void note_dataset(record *r, const char *ds)
{
    if (!ds) return;
    for (size_t i = 0; i < r->n_ld; i++)
        if (!strcmp(r->list_datasets[i], ds)) return;
    char **nl = realloc(r->list_datasets, sizeof *nl * (r->n_ld + 1));
    if (!nl) return;
    r->list_datasets = nl;
    if ((nl[r->n_ld] = dupv(ds))) r->n_ld++;
}

static int scan_cb(const ov_entity *e, void *ud)
{
    record *r = ud;
    int rc = ov_matcher_add(r->mx, e, NULL);
    if (rc) {
        r->rc = rc;
        return 1;
    }
    if (!r->collect) return 0;
    if (!strcmp(e->schema, "Sanction")) {
        for (size_t i = 0; i < e->n_stmts; i++) {
            const ov_stmt *st = &e->stmts[i];
            if (st->status == OV_ST_RETRACTED || strcmp(st->prop, "entity")) continue;
            if (r->n_sancs == r->cap_sancs) {
                size_t nc = r->cap_sancs ? r->cap_sancs * 2 : 256;
                sanc *ns = realloc(r->sancs, sizeof *ns * nc);
                if (!ns) {
                    r->rc = OV_ENOMEM;
                    return 1;
                }
                r->sancs = ns;
                r->cap_sancs = nc;
            }
            const char *prog = val_of(e, "program");
            sanc s = {dupv(e->id), dupv(st->value), dupv(prog ? prog : val_of(e, "reason")),
                      dupv(val_of(e, "startDate")), dupv(val_of(e, "endDate")), dupv(val_of(e, "listingDate")),
                      dupv(val_of(e, "sanctioningBody") ? val_of(e, "sanctioningBody") : val_of(e, "authority")),
                      dupv(st->dataset), dupv(st->source), dupv(st->locator)};
            r->sancs[r->n_sancs++] = s;
            note_dataset(r, st->dataset);
            bool known = false;
            for (size_t k = 0; k < r->n_changes && !known; k++) known = r->changes[k] == st->added_in;
            if (!known && r->n_changes < sizeof r->changes / sizeof r->changes[0])
                r->changes[r->n_changes++] = st->added_in;
        }
    } else if (!strcmp(e->schema, "Brand")) {
        const char *maker = val_of(e, "upstreamManufacturer");
        if (maker) {
            brand *nb = realloc(r->brands, sizeof *nb * (r->n_brands + 1));
            if (!nb) {
                r->rc = OV_ENOMEM;
                return 1;
            }
            r->brands = nb;
            r->brands[r->n_brands++] = (brand){dupv(e->id), dupv(maker)};
        }
    }
    return 0;
}

static void record_release(record *r)
{
    for (size_t i = 0; i < r->n_sancs; i++) {
        sanc *s = &r->sancs[i];
        free(s->id), free(s->entity), free(s->program), free(s->start), free(s->end), free(s->listed);
        free(s->body), free(s->dataset), free(s->source), free(s->locator);
    }
    free(r->sancs);
    for (size_t i = 0; i < r->n_brands; i++) free(r->brands[i].id), free(r->brands[i].maker);
    free(r->brands);
    for (size_t i = 0; i < r->n_ld; i++) free(r->list_datasets[i]);
    free(r->list_datasets);
    ov_matcher_free(r->mx);
}

static int build(cli *c, ov_store *st, const ov_match_settings *set, bool collect, record *r)
{
    memset(r, 0, sizeof *r);
    r->collect = collect;
    char err[256] = "";
    int rc = ov_matcher_new(&r->mx, c->model, set, err, sizeof err);
    if (rc) {
        fprintf(stderr, "oversight: cannot set up name matching: %s\n", err[0] ? err : ov_strerror(rc));
        return cli_exit_for(rc);
    }
    rc = ov_store_scan(st, scan_cb, r);
    if (rc == OV_ESTOP) rc = r->rc;
    if (!rc) rc = ov_matcher_finish(r->mx);
    if (rc) {
        fprintf(stderr, "oversight: building the name index: %s\n", ov_strerror(rc));
        return cli_exit_for(rc);
    }
    return 0;
}

/* ---- match ------------------------------------------------------------------ */

static void result_text(const ov_match_result *r, int rank)
{
    printf("%2d. %.3f %-8s %s  %s  %s\n", rank, r->score, r->match ? "MATCH" : "possible", r->id, r->schema,
           r->caption);
    printf("    matched name: %s (query: %s)\n    features:", r->matched_name, r->query_name);
    for (int f = 0; f < OV_MF__COUNT; f++) {
        if (f == OV_MF_IDENTIFIER || f == OV_MF_COUNTRY) {
            if (r->features[f]) printf(" %s %s", ov_match_feature_name(f), r->features[f] > 0 ? "agrees" : "differs");
        } else {
            printf(" %s %.2f", ov_match_feature_name(f), r->features[f]);
        }
        if (f < OV_MF__COUNT - 1 && (f < OV_MF_NAME || r->features[f + 1])) printf(f == OV_MF_NAME ? ";" : ",");
    }
    printf("\n");
}

static void result_json(const ov_match_result *r)
{
    printf("{\"id\":");
    cli_json_str(stdout, r->id);
    printf(",\"schema\":");
    cli_json_str(stdout, r->schema);
    printf(",\"caption\":");
    cli_json_str(stdout, r->caption);
    printf(",\"score\":%.4f,\"match\":%s,\"matched_name\":", r->score, r->match ? "true" : "false");
    cli_json_str(stdout, r->matched_name);
    printf(",\"query_name\":");
    cli_json_str(stdout, r->query_name);
    printf(",\"features\":{");
    for (int f = 0; f < OV_MF__COUNT; f++) printf("%s\"%s\":%.4g", f ? "," : "", ov_match_feature_name(f), r->features[f]);
    printf("}}");
}

int cmd_match(cli *c)
{
    const char *country = cli_take_opt(c, "--country");
    const char *schema = cli_take_opt(c, "--schema");
    const char *json_file = cli_take_opt(c, "--json");
    const char *ident = cli_take_opt(c, "--identifier");
    const char *limit_s = cli_take_opt(c, "--limit");
    const char *settings = cli_take_opt(c, "--settings");
    int bad = cli_reject_unknown(c, "match");
    if (bad) return bad;
    if (!json_file && c->argc < 1) {
        fprintf(stderr, "oversight match: which name? (oversight match \"NAME\" [--country CC] [--schema S] | --json FILE)\n");
        return EXIT_USAGE;
    }
    int limit = 0;
    if (limit_s) {
        char *end;
        long l = strtol(limit_s, &end, 10);
        if (*end || l < 1 || l > 100) {
            fprintf(stderr, "oversight match: --limit takes 1..100\n");
            return EXIT_USAGE;
        }
        limit = (int)l;
    }
    ov_match_settings set;
    int code = load_settings(settings, &set);
    if (code) return code;
    char *req = NULL;
    size_t req_len = 0;
    if (json_file && read_all(json_file, OV_YENTE_MAX_BODY, &req, &req_len)) {
        fprintf(stderr, "oversight match: cannot read %s: %s\n", json_file, strerror(errno));
        return errno == EFBIG ? EXIT_DATA : EXIT_STORE;
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) {
        free(req);
        return cli_exit_for(rc);
    }
    record r;
    code = build(c, st, &set, false, &r);
    ov_store_close(st);
    if (code) {
        free(req);
        record_release(&r);
        return code;
    }
    if (json_file) {
        char *resp, err[256] = "";
        size_t len;
        rc = ov_match_yente(r.mx, req, req_len, &resp, &len, err, sizeof err);
        if (rc) {
            fprintf(stderr, "oversight match: %s: %s\n", json_file, err);
            code = rc == OV_EINVAL || rc == OV_ETOOBIG ? EXIT_DATA : cli_exit_for(rc);
        } else {
            fwrite(resp, 1, len, stdout);
            printf("\n");
            ov_match_text_free(resp);
        }
        free(req);
        record_release(&r);
        return code;
    }
    const char *countries[1] = {country}, *ids[1] = {ident};
    ov_match_query q = {.schema = schema, .names = (const char *const *)c->argv, .n_names = (size_t)c->argc,
                        .countries = countries, .n_countries = country ? 1 : 0, .identifiers = ids,
                        .n_identifiers = ident ? 1 : 0, .limit = limit, .cutoff = -1};
    ov_match_result res[100];
    size_t n;
    rc = ov_matcher_query(r.mx, &q, res, 100, &n);
    if (rc) {
        fprintf(stderr, "oversight match: %s\n", rc == OV_EINVAL ? ov_matcher_errmsg(r.mx) : ov_strerror(rc));
        record_release(&r);
        return rc == OV_EINVAL ? EXIT_USAGE : cli_exit_for(rc);
    }
    size_t ents, names;
    ov_matcher_stats(r.mx, &ents, &names, NULL);
    if (c->json) {
        printf("{\"query\":{\"names\":[");
        for (int i = 0; i < c->argc; i++) {
            if (i) printf(",");
            cli_json_str(stdout, c->argv[i]);
        }
        printf("],\"country\":");
        cli_json_str(stdout, country);
        printf(",\"schema\":");
        cli_json_str(stdout, schema);
        printf("},\"threshold\":%.4g,\"indexed\":{\"entities\":%zu,\"names\":%zu},\"results\":[", set.match_threshold,
               ents, names);
        for (size_t i = 0; i < n; i++) {
            if (i) printf(",");
            result_json(&res[i]);
        }
        printf("]}\n");
    } else {
        printf("%zu candidate%s for \"%s\" (%zu entities, %zu names indexed; match at %.2f)\n", n, n == 1 ? "" : "s",
               c->argv[0], ents, names, set.match_threshold);
        for (size_t i = 0; i < n; i++) result_text(&res[i], (int)i + 1);
        if (!n) printf("no candidate above %.2f\n", set.cutoff);
    }
    record_release(&r);
    return EXIT_OK;
}

/* ---- screen ------------------------------------------------------------------- */

typedef struct version_ctx {
    record *r;
    ov_buf *out;
    bool json;
    int n;
} version_ctx;

static int version_cb(const ov_change *ch, void *ud)
{
    version_ctx *v = ud;
    bool list = false;
    for (size_t i = 0; i < v->r->n_changes && !list; i++) list = ch->id == v->r->changes[i];
    if (!list) return 0;
    if (v->json) {
        ov_buf_printf(v->out, "%s{\"change\":%lld,\"dataset\":", v->n ? "," : "", (long long)ch->id);
        bjs(v->out, ch->dataset);
        ov_buf_adds(v->out, ",\"loaded\":");
        bjs(v->out, ch->at);
        ov_buf_adds(v->out, ",\"origin\":");
        bjs(v->out, ch->origin);
        ov_buf_adds(v->out, "}");
    } else {
        ov_buf_printf(v->out, "%s%s (change %lld, loaded %s from %s)", v->n ? "; " : "", ch->dataset,
                      (long long)ch->id, ch->at ? ch->at : "?", ch->origin ? ch->origin : "?");
    }
    v->n++;
    return 0;
}

typedef struct screen_row {
    long line;
    char *input;
    ov_match_result best;
    bool has;
    const char *maker;          /* the brand's upstream manufacturer id, or NULL */
    char *maker_caption;
    ov_buf lists;               /* "program, from START [to END] (sanction id; dataset)"; */
    ov_buf lists_json;
    ov_buf path, path_json;     /* control path to a listed or state entity */
    ov_buf exposure, exposure_json;
} screen_row;

static void fmt_sanc(screen_row *row, const sanc *s, const char *via, int *k)
{
    ov_buf_printf(&row->lists, "%s%s%s%s%s%s%s%s (%s; %s)", *k ? "; " : "", s->program ? s->program : "listed",
                  s->start || s->listed ? ", from " : "", s->start ? s->start : s->listed ? s->listed : "",
                  s->end ? " to " : "", s->end ? s->end : "", via ? ", via " : "", via ? via : "", s->id,
                  s->dataset ? s->dataset : "?");
    ov_buf_adds(&row->lists_json, *k ? ",{" : "{");
    ov_buf_adds(&row->lists_json, "\"sanction\":");
    bjs(&row->lists_json, s->id);
    ov_buf_adds(&row->lists_json, ",\"entity\":");
    bjs(&row->lists_json, s->entity);
    ov_buf_adds(&row->lists_json, ",\"program\":");
    bjs(&row->lists_json, s->program);
    ov_buf_adds(&row->lists_json, ",\"start\":");
    bjs(&row->lists_json, s->start);
    ov_buf_adds(&row->lists_json, ",\"end\":");
    bjs(&row->lists_json, s->end);
    ov_buf_adds(&row->lists_json, ",\"listed\":");
    bjs(&row->lists_json, s->listed);
    ov_buf_adds(&row->lists_json, ",\"authority\":");
    bjs(&row->lists_json, s->body);
    ov_buf_adds(&row->lists_json, ",\"dataset\":");
    bjs(&row->lists_json, s->dataset);
    ov_buf_adds(&row->lists_json, ",\"source\":");
    bjs(&row->lists_json, s->source);
    ov_buf_adds(&row->lists_json, ",\"locator\":");
    bjs(&row->lists_json, s->locator);
    ov_buf_adds(&row->lists_json, ",\"via\":");
    bjs(&row->lists_json, via);
    ov_buf_adds(&row->lists_json, "}");
    (*k)++;
}

static bool is_listed(const record *r, const char *id)
{
    for (size_t i = 0; i < r->n_sancs; i++)
        if (!strcmp(r->sancs[i].entity, id)) return true;
    return false;
}

static void lists_for(const record *r, screen_row *row, const char *id, const char *via, int *k)
{
    for (size_t i = 0; i < r->n_sancs && *k < 64; i++)
        if (!strcmp(r->sancs[i].entity, id)) fmt_sanc(row, &r->sancs[i], via, k);
}

static void path_text(const ov_graph *g, const ov_path *p, ov_buf *t, ov_buf *j)
{
    for (int i = 0; i < p->n; i++) {
        const ov_edge *e = ov_graph_edge(g, p->edges[i]);
        const char *from = ov_graph_node_id(g, e->from), *to = ov_graph_node_id(g, e->to);
        if (i == 0) ov_buf_adds(t, from);
        ov_buf_printf(t, " -[%s", ov_edge_kind_name(e->kind));
        if (e->kind == OV_EDGE_OWNERSHIP && e->share.has_share) {
            if (e->share.min == e->share.max) ov_buf_printf(t, " %.4g%%", e->share.min * 100);
            else ov_buf_printf(t, " %.4g-%.4g%%", e->share.min * 100, e->share.max * 100);
        }
        ov_buf_printf(t, " %s]-> %s", e->interest_id ? e->interest_id : "", to);
        ov_buf_adds(j, i ? ",{\"from\":" : "{\"from\":");
        bjs(j, from);
        ov_buf_adds(j, ",\"to\":");
        bjs(j, to);
        ov_buf_printf(j, ",\"kind\":\"%s\",\"interest\":", ov_edge_kind_name(e->kind));
        bjs(j, e->interest_id);
        if (e->kind == OV_EDGE_OWNERSHIP && e->share.has_share)
            ov_buf_printf(j, ",\"share_min\":%.6g,\"share_max\":%.6g", e->share.min, e->share.max);
        ov_buf_adds(j, "}");
    }
}

/* Who the listed parties control under the screening's rule (ofac, eu, uk:
 * data/rules/control_rules.json), found once per screening. */
typedef struct listed_control {
    const ov_control_rule *rule;
    ov_controlled *ctl;
    size_t n;
} listed_control;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void listed_control_find(const record *r, const ov_graph *g, listed_control *lc)
{
    lc->ctl = NULL;
    lc->n = 0;
    if (!g || !lc->rule) return;
    uint32_t *seeds = malloc(sizeof *seeds * (r->n_sancs ? r->n_sancs : 1));
    size_t ns = 0;
    for (size_t i = 0; seeds && i < r->n_sancs; i++) {
        uint32_t node;
        if (ov_graph_find(g, r->sancs[i].entity, &node)) seeds[ns++] = node;
    }
    /* an entity on several lists is one seed */
    if (seeds) qsort(seeds, ns, sizeof *seeds, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < ns; i++)
        if (!u || seeds[u - 1] != seeds[i]) seeds[u++] = seeds[i];
    ns = u;
    if (seeds && ov_own_control(g, seeds, ns, lc->rule, &lc->ctl, &lc->n)) {
        lc->ctl = NULL;
        lc->n = 0;
    }
    free(seeds);
}

static const ov_controlled *controlled_by_listed(const listed_control *lc, uint32_t node)
{
    for (size_t i = 0; i < lc->n; i++)
        if (lc->ctl[i].node == node) return &lc->ctl[i];
    return NULL;
}

/* The state's share and the listed holders of id. A listed holder's list
 * entries extend to id only when the listed parties control id under the
 * rule; a smaller listed stake is reported, its entries are not. */
static void control_for(const record *r, const listed_control *lc, const ov_graph *g, screen_row *row,
                        const char *id, int *k)
{
    uint32_t node;
    if (!g || !ov_graph_find(g, id, &node)) return;
    double mn = 0, mx = 0;
    ov_path p;
    memset(&p, 0, sizeof p);
    if (!ov_own_state_share(g, node, &mn, &mx, &p) && mx > 0) {
        ov_buf_printf(&row->path, "%sstate share %.4g%%%s", row->path.len ? "; " : "", mn * 100, "");
        if (mx != mn) ov_buf_printf(&row->path, "-%.4g%%", mx * 100);
        ov_buf_adds(&row->path, p.n ? ": " : " (the entity is itself the state or state-designated)");
        ov_buf_adds(&row->path_json, row->path_json.len ? ",{" : "{");
        ov_buf_printf(&row->path_json, "\"kind\":\"state\",\"entity\":");
        bjs(&row->path_json, id);
        ov_buf_printf(&row->path_json, ",\"share_min\":%.6g,\"share_max\":%.6g,\"path\":[", mn, mx);
        path_text(g, &p, &row->path, &row->path_json);
        ov_buf_adds(&row->path_json, "]}");
    }
    const ov_controlled *ctl = controlled_by_listed(lc, node);
    ov_holder *h = NULL;
    size_t n = 0;
    if (!ov_own_owners(g, node, &h, &n)) {
        for (size_t i = 0; i < n; i++) {
            const char *hid = ov_graph_node_id(g, h[i].node);
            if (!hid || !is_listed(r, hid)) continue;
            /* a listed entity is a seed of the rule, never in its results: its own entries apply */
            bool self = is_listed(r, id);
            const char *verdict = self ? "itself listed" : !ctl ? "below" : ctl->cls == OV_CTRL_CERTAIN ? "certain" : "possible";
            ov_buf_printf(&row->path, "%sheld by listed %s (%.4g%%", row->path.len ? "; " : "", hid,
                          h[i].integrated_min * 100);
            if (h[i].integrated_max != h[i].integrated_min) ov_buf_printf(&row->path, "-%.4g%%", h[i].integrated_max * 100);
            if (self) ov_buf_adds(&row->path, "): ");
            else
                ov_buf_printf(&row->path, "; %s rule: %s): ", lc->rule ? lc->rule->name : "no",
                              !ctl ? "listed parties do not control it, their entries do not extend to it"
                              : ctl->cls == OV_CTRL_CERTAIN ? "controlled by listed parties"
                                                            : "possibly controlled by listed parties (share bands)");
            ov_buf_adds(&row->path_json, row->path_json.len ? ",{" : "{");
            ov_buf_adds(&row->path_json, "\"kind\":\"listed-holder\",\"entity\":");
            bjs(&row->path_json, hid);
            ov_buf_printf(&row->path_json, ",\"share_min\":%.6g,\"share_max\":%.6g,\"rule\":", h[i].integrated_min,
                          h[i].integrated_max);
            bjs(&row->path_json, lc->rule ? lc->rule->name : NULL);
            ov_buf_printf(&row->path_json, ",\"controlled\":\"%s\",\"path\":[", verdict);
            path_text(g, &h[i].path, &row->path, &row->path_json);
            ov_buf_adds(&row->path_json, "]}");
            if (ctl && !self) lists_for(r, row, hid, hid, k);
        }
        free(h);
    }
}

static void exposure_for(ov_law *law, screen_row *row, const char *id)
{
    ov_exposure *ex = NULL;
    size_t n = 0;
    if (!law || ov_law_exposure(law, id, &ex, &n)) return;
    if (!n) {
        ov_exposures_free(ex);
        return;
    }
    ov_buf_printf(&row->exposure, "%s%zu obligation%s", row->exposure.len ? "; " : "", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(ex[i].obligation, ex[j].obligation);
        if (seen) continue;
        ov_buf_printf(&row->exposure, "%s%s (%s%s%s)", i ? ", " : ": ", ex[i].obligation,
                      ex[i].law[0] ? ex[i].law : ex[i].provision, ex[i].article[0] ? " Art. " : "", ex[i].article);
        ov_buf_adds(&row->exposure_json, row->exposure_json.len ? ",{" : "{");
        ov_buf_adds(&row->exposure_json, "\"obligation\":");
        bjs(&row->exposure_json, ex[i].obligation);
        ov_buf_adds(&row->exposure_json, ",\"provision\":");
        bjs(&row->exposure_json, ex[i].provision);
        ov_buf_adds(&row->exposure_json, ",\"law\":");
        bjs(&row->exposure_json, ex[i].law);
        ov_buf_adds(&row->exposure_json, ",\"article\":");
        bjs(&row->exposure_json, ex[i].article);
        ov_buf_adds(&row->exposure_json, ",\"subject_class\":");
        bjs(&row->exposure_json, ex[i].subject_class);
        ov_buf_adds(&row->exposure_json, ",\"entity\":");
        bjs(&row->exposure_json, id);
        ov_buf_adds(&row->exposure_json, "}");
    }
    ov_exposures_free(ex);
}

static void html_esc(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '&': fputs("&amp;", o); break;
        case '"': fputs("&quot;", o); break;
        default: fputc(*s, o);
        }
    }
}

static const char *status_of(const screen_row *row)
{
    return !row->has ? "no match" : row->best.match ? "match" : "possible match";
}

static void row_release(screen_row *row)
{
    free(row->input);
    free(row->maker_caption);
    ov_buf_release(&row->lists);
    ov_buf_release(&row->lists_json);
    ov_buf_release(&row->path);
    ov_buf_release(&row->path_json);
    ov_buf_release(&row->exposure);
    ov_buf_release(&row->exposure_json);
}

static void emit_row(cli *c, const char *fmt, screen_row *row, int idx, int country_col)
{
    (void)country_col;
    const ov_match_result *b = &row->best;
    if (!strcmp(fmt, "csv")) {
        char num[32];
        snprintf(num, sizeof num, "%ld", row->line);
        const char *f[] = {num, row->input, status_of(row), row->has ? b->id : "", row->has ? b->caption : "",
                           row->has ? b->schema : "", "", row->has ? b->matched_name : "",
                           row->maker ? row->maker : "", ov_buf_str(&row->lists), ov_buf_str(&row->path),
                           ov_buf_str(&row->exposure)};
        char score[32] = "";
        if (row->has) snprintf(score, sizeof score, "%.3f", b->score);
        f[6] = score;
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
            if (i) fputc(',', stdout);
            ov_csv_write_field(stdout, f[i]);
        }
        fputc('\n', stdout);
    } else if (c->json) {
        printf("%s{\"line\":%ld,\"input\":", idx ? "," : "", row->line);
        cli_json_str(stdout, row->input);
        printf(",\"status\":\"%s\"", status_of(row));
        if (row->has) {
            printf(",\"match\":");
            result_json(b);
        } else {
            printf(",\"match\":null");
        }
        printf(",\"maker\":");
        cli_json_str(stdout, row->maker);
        printf(",\"maker_caption\":");
        cli_json_str(stdout, row->maker_caption);
        printf(",\"lists\":[%s],\"control\":[%s],\"exposure\":[%s]}", ov_buf_str(&row->lists_json),
               ov_buf_str(&row->path_json), ov_buf_str(&row->exposure_json));
    } else if (!strcmp(fmt, "html")) {
        printf("<tr class=\"%s\"><td>%ld</td><td>", row->has ? (b->match ? "match" : "possible") : "none", row->line);
        html_esc(stdout, row->input);
        printf("</td><td>%s</td><td>", status_of(row));
        if (row->has) {
            html_esc(stdout, b->caption);
            printf(" <code>");
            html_esc(stdout, b->id);
            printf("</code> %.3f<br><small>as ", b->score);
            html_esc(stdout, b->matched_name);
            printf("</small>");
        }
        printf("</td><td>");
        if (row->maker) {
            html_esc(stdout, row->maker_caption);
            printf(" <code>");
            html_esc(stdout, row->maker);
            printf("</code>");
        }
        printf("</td><td>");
        html_esc(stdout, ov_buf_str(&row->lists));
        printf("</td><td>");
        html_esc(stdout, ov_buf_str(&row->path));
        printf("</td><td>");
        html_esc(stdout, ov_buf_str(&row->exposure));
        printf("</td></tr>\n");
    } else {
        printf("\nrow %ld: %s\n", row->line, row->input);
        if (!row->has) {
            printf("  no match in the record\n");
            return;
        }
        printf("  %s: %s (%s, %s) score %.3f, as \"%s\"\n", status_of(row), b->caption, b->id, b->schema, b->score,
               b->matched_name);
        if (row->maker) printf("  brand made by: %s (%s)\n", row->maker_caption ? row->maker_caption : "", row->maker);
        printf("  lists: %s\n", row->lists.len ? ov_buf_str(&row->lists) : "none recorded");
        printf("  ownership/control: %s\n", row->path.len ? ov_buf_str(&row->path) : "no path to a listed or state entity recorded");
        printf("  legal exposure: %s\n", row->exposure.len ? ov_buf_str(&row->exposure) : "none recorded");
    }
}

int cmd_screen(cli *c)
{
    const char *column = cli_take_opt(c, "--column");
    const char *ccol = cli_take_opt(c, "--country-column");
    const char *settings = cli_take_opt(c, "--settings");
    const char *rule_name = cli_take_opt(c, "--rule");
    int bad = cli_reject_unknown(c, "screen");
    if (bad) return bad;
    listed_control lc = {.rule = ov_control_rule_find(rule_name ? rule_name : "ofac")};
    if (!lc.rule) {
        fprintf(stderr, "oversight screen: unknown rule '%s' (ofac, eu or uk)\n", rule_name);
        return EXIT_USAGE;
    }
    if (c->argc != 1) {
        fprintf(stderr, "oversight screen: which file? (oversight screen vendors.csv [--column NAME] [--format csv|json|html])\n");
        return EXIT_USAGE;
    }
    const char *fmt = c->format;
    ov_match_settings set;
    int code = load_settings(settings, &set);
    if (code) return code;
    FILE *in = strcmp(c->argv[0], "-") ? fopen(c->argv[0], "rb") : stdin;
    if (!in) {
        fprintf(stderr, "oversight screen: cannot read %s: %s\n", c->argv[0], strerror(errno));
        return EXIT_STORE;
    }
    ov_csv csv;
    ov_csv_init(&csv, in, 1 << 20);
    int rc = ov_csv_next(&csv);
    int col = -1, cc = -1;
    if (rc == 1) {
        for (int i = 0; i < csv.nfields; i++) {
            const char *h = ov_csv_field(&csv, i);
            if (column ? !strcmp(h, column) : (col < 0 && (!strcasecmp(h, "name") || !strcasecmp(h, "vendor") ||
                                                           !strcasecmp(h, "company") || !strcasecmp(h, "supplier"))))
                col = i;
            if (ccol ? !strcmp(h, ccol) : (cc < 0 && !strcasecmp(h, "country"))) cc = i;
        }
        if (col < 0 && !column) col = 0;
    }
    if (rc != 1 || col < 0 || (ccol && cc < 0)) {
        fprintf(stderr, "oversight screen: %s: %s\n", c->argv[0],
                rc < 0 ? csv.err : rc == 0 ? "empty file" : "no such column");
        ov_csv_release(&csv);
        if (in != stdin) fclose(in);
        return rc < 0 ? EXIT_DATA : EXIT_USAGE;
    }
    ov_store *st = NULL;
    record r;
    memset(&r, 0, sizeof r);
    ov_graph *g = NULL;
    ov_rules *rules = NULL;
    ov_law *law = NULL;
    if ((rc = cli_open_store(c, OV_OPEN_READONLY, &st))) {
        code = cli_exit_for(rc);
        goto done;
    }
    if ((code = build(c, st, &set, true, &r))) goto done;
    char err[256];
    if (ov_graph_build(st, c->model, NULL, &g)) g = NULL;
    if (!ov_rules_load_default(&rules, err, sizeof err) && g) ov_law_open(&law, st, c->model, g, rules, NULL);
    listed_control_find(&r, g, &lc);
    /* which list versions */
    ov_buf ver;
    ov_buf_init(&ver, 1 << 20);
    version_ctx vc = {&r, &ver, c->json, 0};
    ov_store_changes(st, NULL, version_cb, &vc);
    if (!strcmp(fmt, "csv")) {
        printf("# lists used: %s\n", ver.len ? ov_buf_str(&ver) : "none loaded");
        printf("line,input,status,match_id,match_caption,match_schema,score,matched_name,maker,lists,control,exposure\n");
    } else if (c->json) {
        printf("{\"file\":");
        cli_json_str(stdout, c->argv[0]);
        printf(",\"lists_used\":[%s],\"threshold\":%.4g,\"rule\":\"%s\",\"rows\":[", ov_buf_str(&ver),
               set.match_threshold, lc.rule->name);
    } else if (!strcmp(fmt, "html")) {
        printf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Screening of ");
        html_esc(stdout, c->argv[0]);
        printf("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
               "padding:4px;vertical-align:top}tr.match{background:#fdd}tr.possible{background:#ffd}</style></head>"
               "<body><h1>Screening of ");
        html_esc(stdout, c->argv[0]);
        printf("</h1><p>Lists used: ");
        html_esc(stdout, ver.len ? ov_buf_str(&ver) : "none loaded");
        printf(". Match threshold %.2f.</p>\n<table><tr><th>line</th><th>input</th><th>status</th><th>best match</th>"
               "<th>maker (brand)</th><th>lists</th><th>ownership / control</th><th>legal exposure</th></tr>\n",
               set.match_threshold);
    } else {
        printf("Screening %s; lists used: %s; match threshold %.2f; listed holders' entries extend by the %s rule\n",
               c->argv[0], ver.len ? ov_buf_str(&ver) : "none loaded", set.match_threshold, lc.rule->name);
    }
    ov_buf_release(&ver);
    int idx = 0, matched = 0, none = 0;
    while ((rc = ov_csv_next(&csv)) == 1) {
        screen_row row;
        memset(&row, 0, sizeof row);
        ov_buf_init(&row.lists, 1 << 20);
        ov_buf_init(&row.lists_json, 1 << 20);
        ov_buf_init(&row.path, 1 << 20);
        ov_buf_init(&row.path_json, 1 << 20);
        ov_buf_init(&row.exposure, 1 << 20);
        ov_buf_init(&row.exposure_json, 1 << 20);
        row.line = csv.line;
        row.input = dupv(ov_csv_field(&csv, col));
        const char *name = row.input ? row.input : "";
        const char *country = cc >= 0 ? ov_csv_field(&csv, cc) : NULL;
        const char *names[1] = {name}, *countries[1] = {country};
        ov_match_query q = {.names = names, .n_names = 1, .countries = countries,
                            .n_countries = country && *country ? 1 : 0, .limit = 1, .cutoff = -1};
        size_t n = 0;
        if (*name && !ov_matcher_query(r.mx, &q, &row.best, 1, &n) && n) row.has = true;
        if (row.has && row.best.match) {
            int k = 0;
            const char *id = row.best.id;
            for (size_t i = 0; i < r.n_brands; i++)
                if (!strcmp(r.brands[i].id, id)) row.maker = r.brands[i].maker;
            lists_for(&r, &row, id, NULL, &k);
            control_for(&r, &lc, g, &row, id, &k);
            exposure_for(law, &row, id);
            if (row.maker) {
                ov_entity *me;
                if (!ov_store_get(st, row.maker, 0, &me)) {
                    const char *cap = me->caption ? me->caption : val_of(me, "name");
                    row.maker_caption = dupv(cap ? cap : row.maker);
                    ov_entity_free(me);
                }
                lists_for(&r, &row, row.maker, row.maker, &k);
                control_for(&r, &lc, g, &row, row.maker, &k);
                exposure_for(law, &row, row.maker);
            }
            matched++;
        } else if (!row.has) {
            none++;
        }
        emit_row(c, fmt, &row, idx++, cc);
        row_release(&row);
    }
    if (rc < 0) {
        fprintf(stderr, "oversight screen: %s:%ld: %s\n", c->argv[0], csv.line, csv.err);
        code = EXIT_DATA;
    }
    if (c->json) printf("],\"summary\":{\"rows\":%d,\"matched\":%d,\"no_match\":%d}}\n", idx, matched, none);
    else if (!strcmp(fmt, "html")) printf("</table><p>%d rows, %d matched, %d with no match.</p></body></html>\n", idx, matched, none);
    else if (strcmp(fmt, "csv")) printf("\n%d rows: %d matched, %d possible, %d with no match\n", idx, matched, idx - matched - none, none);
done:
    free(lc.ctl);
    ov_law_close(law);
    ov_rules_free(rules);
    ov_graph_free(g);
    record_release(&r);
    ov_store_close(st);
    ov_csv_release(&csv);
    if (in != stdin) fclose(in);
    return code;
}

/* ---- load-csl ------------------------------------------------------------------ */

int cmd_load_csl(cli *c)
{
    const char *dataset = cli_take_opt(c, "--dataset");
    bool skip = cli_take_flag(c, "--skip-invalid");
    bool validate = cli_take_flag(c, "--validate");
    int bad = cli_reject_unknown(c, "load-csl");
    if (bad) return bad;
    if (c->argc < 1) {
        fprintf(stderr, "oversight load-csl: which file? (oversight load-csl consolidated.csv [--dataset D])\n");
        return EXIT_USAGE;
    }
    ov_store *st = NULL;
    int rc;
    if (!validate && (rc = cli_open_store(c, OV_OPEN_CREATE, &st))) return cli_exit_for(rc);
    int code = EXIT_OK;
    for (int i = 0; i < c->argc && !code; i++) {
        FILE *in = fopen(c->argv[i], "rb");
        if (!in) {
            fprintf(stderr, "oversight load-csl: cannot read %s: %s\n", c->argv[i], strerror(errno));
            code = EXIT_STORE;
            break;
        }
        char err[512] = "";
        ov_csl_stats s;
        rc = validate ? ov_csl_validate(c->model, in, c->argv[i], &s, err, sizeof err)
                      : ov_csl_load(st, c->model, in, c->argv[i], dataset, skip, &s, err, sizeof err);
        fclose(in);
        if (rc) {
            fprintf(stderr, "%s\n", err[0] ? err : ov_strerror(rc));
            code = rc == OV_EINVAL || rc == OV_ETOOBIG ? EXIT_DATA : cli_exit_for(rc);
        } else if (c->json) {
            printf("{\"file\":");
            cli_json_str(stdout, c->argv[i]);
            printf(",\"rows\":%ld,\"entities\":%ld,\"sanctions\":%ld,\"rejected\":%ld}\n", s.rows, s.entities,
                   s.sanctions, s.rejected);
        } else {
            printf("%s: %ld rows, %ld entities, %ld list entries%s", c->argv[i], s.rows, s.entities, s.sanctions,
                   validate ? " (validated, nothing loaded)" : "");
            if (s.rejected) printf(", %ld rows rejected", s.rejected);
            printf("\n");
        }
    }
    ov_store_close(st);
    return code;
}
