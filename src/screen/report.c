/*
 * report.c - one row of a screening report (screen.h, ov_screen_row): the
 * vendor as given, the matcher's candidate, a verdict with the strongest
 * reason first, and the evidence - list entries grouped by list (the official
 * file's entries first, curated events as the list's history, each with its
 * date, status and confidence), a brand's maker with the link's confidence,
 * control and state paths by name, and a compact summary of the obligations
 * reaching it (the whole answer is at /api/exposure/ID). The row is a JSON
 * object; render.c writes the same object as text, CSV and HTML, so the
 * three say the same. Verdicts and their rules: data/rules/screening.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/explain.h"
#include "oversight/resolve.h"
#include "oversight/screen.h"
#include "screen_internal.h"
#include "../explain/build.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_GROUP_ENTRIES 64 /* entries of one party considered */

typedef struct rowctx {
    const ov_screener *s;
    ov_store *st;
    ov_law *law;
    cJSON *row, *lists, *control, *reasons;
    const char *review; /* a reason that overrides all: a possible match, a row not screened */
    int rc;
} rowctx;

/* ---- names -------------------------------------------------------------------- */

/* The name of id as the reader sees it (explain's ov__name_of), into buf. */
static const char *name_of(rowctx *r, const char *id, char *buf, size_t len)
{
    return ov__name_of(r->st, r->s->g, id, buf, len);
}

/* A source Document's sourceUrl, or NULL; into buf. */
static const char *doc_url(rowctx *r, const char *id, char *buf, size_t len)
{
    ov_entity *e = NULL;
    const char *u = NULL;
    if (!id || !r->st || ov_store_get(r->st, id, 0, &e)) return NULL;
    for (size_t i = 0; i < e->n_stmts && !u; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, "sourceUrl")) u = e->stmts[i].value;
    if (u) snprintf(buf, len, "%s", u);
    ov_entity_free(e);
    return u ? buf : NULL;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v) cJSON_AddStringToObject(o, k, v);
    else cJSON_AddNullToObject(o, k);
}

/* {"id": id, "name": its name} */
static cJSON *party(rowctx *r, const char *id)
{
    char buf[512];
    cJSON *p = cJSON_CreateObject();
    if (!p) return NULL;
    add_str(p, "id", id);
    add_str(p, "name", name_of(r, id, buf, sizeof buf));
    return p;
}

/* "confidence: X" in a locator (the curated files write it there), or NULL; into buf */
static const char *confidence_of(const char *locator, char *buf, size_t len)
{
    const char *p = locator ? strstr(locator, "confidence: ") : NULL;
    if (!p) return NULL;
    p += strlen("confidence: ");
    size_t n = strcspn(p, ";");
    if (!n || n >= len) return NULL;
    memcpy(buf, p, n);
    buf[n] = 0;
    /* a closing parenthesis of the locator's own, not of the confidence */
    int depth = 0;
    for (size_t i = 0; i < n; i++) depth += buf[i] == '(' ? 1 : buf[i] == ')' ? -1 : 0;
    while (depth < 0 && n && buf[n - 1] == ')') buf[--n] = 0, depth++;
    return buf;
}

static bool firm(const ov_screener *s, int status)
{
    return ov_status_rank(status) <= s->cfg->firm_status_rank;
}

static void reason(rowctx *r, const char *verdict, bool is_firm, const char *text)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return;
    cJSON_AddStringToObject(o, "verdict", verdict);
    cJSON_AddStringToObject(o, "label", ov__screen_verdict(r->s->cfg, verdict)->label);
    cJSON_AddBoolToObject(o, "firm", is_firm);
    cJSON_AddStringToObject(o, "text", text);
    cJSON_AddItemToArray(r->reasons, o);
}

/* ---- list entries, grouped by list ------------------------------------------------ */

/* The list an entry belongs to: its programId, the list key of its dataset's
 * official file, or the dataset and program themselves. Into buf. */
static const char *list_key(const ov_screener *s, const sanc *x, bool *official, char *buf, size_t len)
{
    *official = false;
    for (size_t i = 0; i < s->cfg->n_lists; i++)
        for (size_t k = 0; x->dataset && k < s->cfg->lists[i].n_datasets; k++)
            if (!strcmp(s->cfg->lists[i].datasets[k], x->dataset)) {
                *official = true;
                return s->cfg->lists[i].key;
            }
    if (x->program_id) return x->program_id;
    snprintf(buf, len, "%s/%s", x->dataset ? x->dataset : "", x->program ? x->program : "");
    return buf;
}

static const char *date_of(const sanc *x)
{
    return x->start ? x->start : x->listed;
}

static cJSON *entry_json(rowctx *r, const sanc *x, bool official)
{
    char buf[512], conf[64];
    cJSON *e = cJSON_CreateObject();
    if (!e) return NULL;
    add_str(e, "id", x->id);
    if (strcmp(x->entity, x->key)) add_str(e, "entity", x->entity); /* the referent it names, in a cluster */
    cJSON_AddBoolToObject(e, "official", official);
    add_str(e, "date", date_of(x));
    add_str(e, "listed", x->listed);
    add_str(e, "end", x->end);
    add_str(e, "program", x->program);
    cJSON_AddItemToObject(e, "authority", x->body ? party(r, x->body) : cJSON_CreateNull());
    add_str(e, "dataset", x->dataset);
    add_str(e, "status", ov_status_name(x->status));
    add_str(e, "confidence", confidence_of(x->locator, conf, sizeof conf));
    cJSON *src = cJSON_CreateObject();
    if (src) {
        char ubuf[1024];
        add_str(src, "id", x->source);
        add_str(src, "name", x->source ? name_of(r, x->source, buf, sizeof buf) : NULL);
        add_str(src, "locator", x->locator);
        add_str(src, "url", x->url ? x->url : doc_url(r, x->source, ubuf, sizeof ubuf));
        cJSON_AddItemToObject(e, "source", src);
    }
    add_str(e, "reason", x->reason && x->reason != x->program ? x->reason : NULL);
    return e;
}

typedef struct pick {
    const sanc *x;
    bool official;
    char key[256];
} pick;

static int by_key_then_date(const void *a, const void *b)
{
    const pick *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->official != y->official) return x->official ? -1 : 1; /* the official entries first */
    const char *dx = date_of(x->x), *dy = date_of(y->x);
    return strcmp(dx ? dx : "9999", dy ? dy : "9999");
}

typedef struct grp {
    cJSON *g;
    bool official, firm;
    const char *since;
    char name[512];
} grp;

static int by_weight(const void *a, const void *b)
{
    const grp *x = a, *y = b;
    if (x->official != y->official) return x->official ? -1 : 1;
    if (x->firm != y->firm) return x->firm ? -1 : 1;
    return strcmp(x->since ? x->since : "9999", y->since ? y->since : "9999");
}

/* The groups of id's entries, appended to r->lists; via: whose entries these
 * are when not id's own (a maker, a listed holder). *n_firm counts the groups
 * resting on firm evidence; names gets "List (Authority, since DATE)" per group. */
static void lists_of(rowctx *r, const char *id, const char *via_kind, const char *via, int link_status, int *n_groups,
                     int *n_firm, char *names, size_t names_len)
{
    const ov_screener *s = r->s;
    pick p[MAX_GROUP_ENTRIES];
    size_t n = 0;
    size_t end;
    for (size_t i = ov__screen_first_entry(s, id, &end); i < end && n < MAX_GROUP_ENTRIES; i++) {
        char kb[256];
        p[n].x = &s->sancs[i];
        snprintf(p[n].key, sizeof p[n].key, "%s", list_key(s, p[n].x, &p[n].official, kb, sizeof kb));
        n++;
    }
    qsort(p, n, sizeof *p, by_key_then_date);
    grp gs[MAX_GROUP_ENTRIES];
    size_t ng = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && !strcmp(p[j].key, p[i].key)) j++;
        cJSON *g = cJSON_CreateObject(), *off = cJSON_CreateArray(), *hist = cJSON_CreateArray();
        if (!g || !off || !hist) {
            cJSON_Delete(g), cJSON_Delete(off), cJSON_Delete(hist);
            r->rc = OV_ENOMEM;
            return;
        }
        const sanc *head = p[i].x;
        char abuf[512];
        const char *since = NULL;
        int best = OV_ST_DISPUTED;
        for (size_t k = i; k < j; k++) {
            cJSON_AddItemToArray(p[k].official ? off : hist, entry_json(r, p[k].x, p[k].official));
            const char *d = date_of(p[k].x);
            /* listed since: the earliest official date, else the earliest of all */
            if (d && (!p[i].official || p[k].official) && (!since || strcmp(d, since) < 0)) since = d;
            if (ov_status_rank(p[k].x->status) < ov_status_rank(best)) best = p[k].x->status;
        }
        int status = ov_status_weakest(best, link_status);
        cJSON_AddStringToObject(g, "key", p[i].key);
        add_str(g, "list", head->program ? head->program : head->dataset);
        cJSON_AddItemToObject(g, "authority", head->body ? party(r, head->body) : cJSON_CreateNull());
        add_str(g, "since", since);
        add_str(g, "status", ov_status_name(status));
        cJSON_AddBoolToObject(g, "firm", firm(s, status));
        if (via) {
            cJSON *v = party(r, via);
            if (v) cJSON_AddStringToObject(v, "as", via_kind);
            cJSON_AddItemToObject(g, "via", v);
        } else {
            cJSON_AddNullToObject(g, "via");
        }
        cJSON_AddItemToObject(g, "official", off);
        cJSON_AddItemToObject(g, "history", hist);
        grp *G = &gs[ng++];
        G->g = g, G->official = p[i].official, G->firm = firm(s, status), G->since = since;
        snprintf(G->name, sizeof G->name, "%s (%s%s%s)",
                 head->program ? head->program : head->dataset ? head->dataset : "a list",
                 head->body ? name_of(r, head->body, abuf, sizeof abuf) : "authority not recorded",
                 since ? ", since " : "", since ? since : "");
        i = j;
    }
    /* the lists an official file holds first, then those resting on firm evidence, each oldest first */
    qsort(gs, ng, sizeof *gs, by_weight);
    for (size_t i = 0; i < ng; i++) {
        cJSON_AddItemToArray(r->lists, gs[i].g);
        (*n_groups)++;
        if (gs[i].firm) (*n_firm)++;
        size_t used = strlen(names);
        snprintf(names + used, names_len - used, "%s%s", used ? "; " : "", gs[i].name);
    }
}

/* ---- paths by name ------------------------------------------------------------------ */

static cJSON *path_json(rowctx *r, const ov_path *p, char *text, size_t len)
{
    const ov_graph *g = r->s->g;
    cJSON *a = cJSON_CreateArray();
    size_t used = strlen(text);
    for (int i = 0; a && i < p->n; i++) {
        const ov_edge *e = ov_graph_edge(g, p->edges[i]);
        const char *from = ov_graph_node_id(g, e->from), *to = ov_graph_node_id(g, e->to);
        char fb[256], tb[256], share[64] = "";
        if (e->kind == OV_EDGE_OWNERSHIP && e->share.has_share) {
            if (e->share.min == e->share.max) snprintf(share, sizeof share, "%.4g%%", e->share.min * 100);
            else snprintf(share, sizeof share, "%.4g-%.4g%%", e->share.min * 100, e->share.max * 100);
        }
        const char *fn = name_of(r, from, fb, sizeof fb), *tn = name_of(r, to, tb, sizeof tb);
        cJSON *s = cJSON_CreateObject();
        if (!s) break;
        cJSON_AddItemToObject(s, "from", party(r, from));
        cJSON_AddItemToObject(s, "to", party(r, to));
        cJSON_AddStringToObject(s, "kind", ov_edge_kind_name(e->kind));
        add_str(s, "share", *share ? share : NULL);
        add_str(s, "status", ov_status_name(e->status));
        add_str(s, "interest", e->interest_id);
        cJSON_AddItemToArray(a, s);
        if (i == 0) used += (size_t)snprintf(text + used, used < len ? len - used : 0, "%s", fn);
        if (used < len)
            used += (size_t)snprintf(text + used, len - used, " → %s%s%s", *share ? share : ov_edge_kind_name(e->kind),
                                     " of ", tn);
        (void)tn;
    }
    return a;
}

/* ---- control and the state ------------------------------------------------------------ */

static void control_of(rowctx *r, const char *id, const char *via, int link_status)
{
    const ov_screener *s = r->s;
    const ov_graph *g = s->g;
    uint32_t node;
    if (!g || !ov_graph_find(g, id, &node)) return;
    char text[2048], nb[256];
    ov_answer *a = NULL;
    int arc = ov_explain_state_share(r->st, g, node, &a);
    if (!arc) {
        const ov_explanation *x = &a->items[0];
        if (x->has_band) {
            int status = ov_status_weakest(x->status, link_status);
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "kind", "state");
            cJSON_AddItemToObject(c, "entity", party(r, id));
            cJSON_AddNumberToObject(c, "share_min", x->min);
            cJSON_AddNumberToObject(c, "share_max", x->max);
            add_str(c, "share", x->value);
            add_str(c, "status", ov_status_name(status));
            double mn, mx;
            ov_path p = {0};
            if (ov_own_state_share(g, node, &mn, &mx, &p)) p.n = 0;
            snprintf(text, sizeof text, "%s", "");
            cJSON_AddItemToObject(c, "path", path_json(r, &p, text, sizeof text));
            cJSON_AddItemToArray(r->control, c);
            if (x->min >= s->cfg->state_share_min || x->max >= s->cfg->state_share_min) {
                char t[2600];
                snprintf(t, sizeof t, "%s%s: state share %s%s%s%s", via ? "maker " : "", name_of(r, id, nb, sizeof nb),
                         x->value, *text ? " (" : "", text, *text ? ")" : "");
                /* only the lower end at the threshold is firm; a band that merely reaches it is to review */
                reason(r, "state-controlled", x->min >= s->cfg->state_share_min && firm(s, status), t);
            }
        }
        if (a->subject_state_designated) {
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "kind", "state-designation");
            cJSON_AddItemToObject(c, "entity", party(r, id));
            cJSON_AddItemToArray(r->control, c);
            char t[512];
            snprintf(t, sizeof t, "%s%s: the record designates it a state entity (a classification, not a share)",
                     via ? "maker " : "", name_of(r, id, nb, sizeof nb));
            reason(r, "state-controlled", firm(s, link_status), t);
        }
        ov_answer_free(a);
    }
    const ov_controlled *ctl = ov__screen_controlled(s, node);
    bool self = ov__screen_first_entry(s, id, NULL) < s->n_sancs;
    ov_holder *h = NULL;
    size_t n = 0;
    if (ov_own_owners(g, node, &h, &n)) return;
    for (size_t i = 0; i < n; i++) {
        const char *hid = ov_graph_node_id(g, h[i].node);
        if (!hid || ov__screen_first_entry(s, hid, NULL) >= s->n_sancs) continue;
        const char *verdict = self ? "itself listed" : !ctl ? "below" : ctl->cls == OV_CTRL_CERTAIN ? "certain" : "possible";
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "kind", "listed-holder");
        cJSON_AddItemToObject(c, "holder", party(r, hid));
        cJSON_AddItemToObject(c, "entity", party(r, id));
        cJSON_AddNumberToObject(c, "share_min", h[i].integrated_min);
        cJSON_AddNumberToObject(c, "share_max", h[i].integrated_max);
        cJSON_AddStringToObject(c, "rule", s->rule->label);
        cJSON_AddStringToObject(c, "controlled", verdict);
        text[0] = 0;
        cJSON_AddItemToObject(c, "path", path_json(r, &h[i].path, text, sizeof text));
        cJSON_AddItemToArray(r->control, c);
        if (ctl && !self) {
            int n_groups = 0, n_firm = 0;
            char names[2048] = "", hb[256], t[4800];
            lists_of(r, hid, "controlling holder", hid, link_status, &n_groups, &n_firm, names, sizeof names);
            snprintf(t, sizeof t, "%s by listed %s (%.4g%%%s, %s: %s): %s", ctl->cls == OV_CTRL_CERTAIN ? "controlled" : "possibly controlled",
                     name_of(r, hid, hb, sizeof hb), h[i].integrated_min * 100, h[i].integrated_max != h[i].integrated_min ? " or more" : "",
                     s->rule->label, ctl->cls == OV_CTRL_CERTAIN ? "controlled" : "possibly controlled (share bands)", names);
            reason(r, "controlled-by-listed", ctl->cls == OV_CTRL_CERTAIN && n_firm > 0 && firm(s, link_status), t);
        }
    }
    ov_holders_free(h);
}

/* ---- exposure, in brief ------------------------------------------------------------------ */

static void exposure_of(rowctx *r, const char *id, const char *via, int link_status)
{
    if (!r->law) return;
    ov_answer *a = NULL;
    if (ov_law_exposure(r->law, id, &a)) return;
    cJSON *x = cJSON_CreateObject(), *obs = cJSON_CreateArray();
    char href[512], nb[256], t[2048];
    snprintf(href, sizeof href, "/api/exposure/%s", id);
    cJSON_AddItemToObject(x, "entity", party(r, id));
    cJSON_AddStringToObject(x, "href", href);
    size_t shown = 0;
    int weakest = OV_ST_VERIFIED, strongest = OV_ST_DISPUTED;
    t[0] = 0;
    for (size_t i = 0; i < a->n_items; i++) {
        const ov_explanation *e = &a->items[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(e->value, a->items[j].value) && !strcmp(e->object, a->items[j].object);
        if (seen) continue;
        cJSON *o = cJSON_CreateObject();
        add_str(o, "obligation", e->value);
        add_str(o, "provision", e->object_caption ? e->object_caption : e->object);
        add_str(o, "status", ov_status_name(e->status));
        cJSON_AddItemToArray(obs, o);
        size_t used = strlen(t);
        if (shown < 3)
            snprintf(t + used, sizeof t - used, "%s%s (%s)", shown ? ", " : "", e->value,
                     e->object_caption ? e->object_caption : e->object);
        shown++;
        weakest = ov_status_weakest(weakest, e->status);
        if (ov_status_rank(e->status) < ov_status_rank(strongest)) strongest = e->status;
    }
    cJSON_AddNumberToObject(x, "count", (double)shown);
    cJSON_AddItemToObject(x, "obligations", obs);
    if (shown) cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(r->row, "exposure"), x);
    else cJSON_Delete(x);
    if (shown) {
        char msg[2600];
        snprintf(msg, sizeof msg, "%zu obligation%s reach%s %s%s: %s%s", shown, shown == 1 ? "" : "s", shown == 1 ? "es" : "",
                 via ? "its maker " : "", name_of(r, id, nb, sizeof nb), t, shown > 3 ? ", ..." : "");
        reason(r, "legally-exposed", firm(r->s, ov_status_weakest(strongest, link_status)), msg);
    }
    ov_answer_free(a);
}

/* ---- the row ----------------------------------------------------------------------------- */

static int rank_of(const ov__screen_config *c, const char *verdict)
{
    for (size_t i = 0; i < c->n_verdicts; i++)
        if (!strcmp(c->verdicts[i].id, verdict)) return (int)i;
    return (int)c->n_verdicts;
}

/* Sorts the reasons strongest first (stable: insertion order within a verdict)
 * and sets the row's verdict. */
static void decide(rowctx *r)
{
    const ov__screen_config *c = r->s->cfg;
    int n = cJSON_GetArraySize(r->reasons);
    cJSON *sorted = cJSON_CreateArray();
    for (int rank = 0; rank <= (int)c->n_verdicts; rank++)
        for (int i = 0; i < n; i++) {
            cJSON *x = cJSON_GetArrayItem(r->reasons, i);
            if (rank_of(c, cJSON_GetObjectItemCaseSensitive(x, "verdict")->valuestring) == rank)
                cJSON_AddItemReferenceToArray(sorted, x);
        }
    cJSON *copy = cJSON_Duplicate(sorted, 1);
    cJSON_Delete(sorted);
    cJSON_ReplaceItemInObjectCaseSensitive(r->row, "reasons", copy);
    r->reasons = copy;
    const char *verdict = "clear";
    const char *why = NULL;
    cJSON *first = cJSON_GetArrayItem(copy, 0);
    if (r->review) {
        /* the candidate's evidence stays, none of it firm: the row is to review first */
        cJSON *x;
        cJSON_ArrayForEach(x, copy) cJSON_ReplaceItemInObjectCaseSensitive(x, "firm", cJSON_CreateFalse());
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "verdict", "needs-review");
        cJSON_AddStringToObject(o, "label", ov__screen_verdict(c, "needs-review")->label);
        cJSON_AddBoolToObject(o, "firm", false);
        cJSON_AddStringToObject(o, "text", r->review);
        cJSON_InsertItemInArray(copy, 0, o);
        verdict = "needs-review";
        why = r->review;
    } else if (first) {
        verdict = cJSON_GetObjectItemCaseSensitive(first, "verdict")->valuestring;
        why = cJSON_GetObjectItemCaseSensitive(first, "text")->valuestring;
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(first, "firm"))) verdict = "needs-review";
    }
    const ov__verdict_rule *v = ov__screen_verdict(c, verdict);
    cJSON_AddStringToObject(r->row, "verdict", v->id);
    cJSON_AddStringToObject(r->row, "verdict_label", v->label);
    add_str(r->row, "reason", why);
}

int ov_screen_row(const ov_screener *s, ov_store *st, ov_law *law, const ov_screen_input *in, char **out)
{
    *out = NULL;
    rowctx r = {.s = s, .st = st, .law = law};
    r.row = cJSON_CreateObject();
    if (!r.row) return OV_ENOMEM;
    cJSON_AddNumberToObject(r.row, "line", (double)in->line);
    add_str(r.row, "input", in->input ? in->input : "");
    add_str(r.row, "country", in->country && *in->country ? in->country : NULL);
    r.reasons = cJSON_AddArrayToObject(r.row, "reasons");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "status", in->problem ? "not-screened" : !in->has_match ? "no-match" : in->match ? "match" : "possible");
    if (in->problem) add_str(m, "problem", in->problem);
    if (in->has_match) {
        add_str(m, "id", in->id);
        add_str(m, "name", in->caption && *in->caption ? in->caption : in->id);
        add_str(m, "schema", in->schema);
        add_str(m, "matched_name", in->matched_name);
        add_str(m, "typology", in->typology);
        cJSON_AddNumberToObject(m, "score", (double)(long)(in->score * 10000 + 0.5) / 10000);
    }
    cJSON_AddItemToObject(r.row, "match", m);
    r.lists = cJSON_AddArrayToObject(r.row, "lists");
    cJSON_AddNullToObject(r.row, "maker");
    r.control = cJSON_AddArrayToObject(r.row, "control");
    cJSON_AddArrayToObject(r.row, "exposure");
    char t[4600], review[1200];
    if (in->problem) {
        snprintf(review, sizeof review, "not screened: %s", in->problem);
        r.review = review;
    } else if (!in->has_match) {
        /* no reason: clear of the lists the record holds */
    } else {
        if (!in->match) {
            snprintf(review, sizeof review,
                     "possible match only: %s (score %.3f, below the match threshold): check by hand; the evidence "
                     "shown is the candidate's, if it is the same party",
                     in->caption && *in->caption ? in->caption : in->id, in->score);
            r.review = review;
        }
        /* its own entries */
        int n_groups = 0, n_firm = 0;
        char names[3000] = "";
        lists_of(&r, in->id, NULL, NULL, OV_ST_ASSERTED, &n_groups, &n_firm, names, sizeof names);
        if (n_groups) {
            snprintf(t, sizeof t, "on %d list%s: %s", n_groups, n_groups == 1 ? "" : "s", names);
            reason(&r, "listed", n_firm > 0, t);
        }
        control_of(&r, in->id, NULL, OV_ST_ASSERTED);
        exposure_of(&r, in->id, NULL, OV_ST_ASSERTED);
        /* a brand: its maker's, no stronger than the brand link */
        const brand *b = NULL;
        for (size_t i = 0; i < s->n_brands && !b; i++)
            if (!strcmp(ov_cluster_id(s->g, s->brands[i].id), ov_cluster_id(s->g, in->id))) b = &s->brands[i];
        if (b) {
            char conf[64], mb[256];
            cJSON *mk = party(&r, b->maker);
            add_str(mk, "relation", b->relation);
            add_str(mk, "status", ov_status_name(b->status));
            add_str(mk, "confidence", confidence_of(b->locator, conf, sizeof conf));
            add_str(mk, "source", b->source);
            add_str(mk, "locator", b->locator);
            cJSON_ReplaceItemInObjectCaseSensitive(r.row, "maker", mk);
            int g0 = 0, f0 = 0;
            names[0] = 0;
            lists_of(&r, b->maker, "maker", b->maker, b->status, &g0, &f0, names, sizeof names);
            if (g0) {
                char link[300];
                const char *cf = confidence_of(b->locator, conf, sizeof conf);
                snprintf(link, sizeof link, "brand link: %s, confidence %s, %s", b->relation ? b->relation : "maker",
                         cf ? cf : "not stated", ov_status_name(b->status));
                snprintf(t, sizeof t, "made by %s (%s), on %d list%s: %s", name_of(&r, b->maker, mb, sizeof mb), link, g0,
                         g0 == 1 ? "" : "s", names);
                reason(&r, "made-by-listed-maker", f0 > 0, t);
            }
            control_of(&r, b->maker, b->maker, b->status);
            exposure_of(&r, b->maker, b->maker, b->status);
        }
    }
    if (r.rc) {
        cJSON_Delete(r.row);
        return r.rc;
    }
    decide(&r);
    char *txt = cJSON_PrintUnformatted(r.row);
    cJSON_Delete(r.row);
    if (!txt) return OV_ENOMEM;
    *out = ov__strdup(txt);
    cJSON_free(txt);
    return *out ? OV_OK : OV_ENOMEM;
}
