/* record_set.h - the record setting of the name-matching evaluation
 * (tests/fixtures/names/records.tsv, made by make_records.py; the method in
 * docs/MATCHING.md): every party of the sources is one entity holding all
 * its names; each name of a party is queried against that index with the
 * name removed from its own party (leave-one-out), as a screening user meets
 * the matcher and as yente matches. Shared, as static functions, by
 * bench/match/record_eval.c (which prints every query) and
 * tests/unit/test_match_eval.c (which asserts on the development part).
 *
 * A positive query (party marked "pos") is a TP when its own party (or a
 * party named in its `also` column, or naming it in theirs: the same party
 * in another source) is
 * the top match at or above the threshold; an FP when another party is
 * (then also an FN); an FN when nothing reaches the threshold. Ties go to
 * the other party: a screen that shows two parties at one score has not
 * told them apart. A negative query (party marked "neg": look-alikes and
 * single names) is compared with the index without its own party: any match
 * is an FP, else a TN. Both comparisons go through ov_matcher_query, so
 * blocking is included: the own party is scored by a matcher holding only
 * its other names, the rest by the full index without the queried party
 * (ov_match_query.keep). Scores depend on the rest of the index only through
 * the shared-part rule: a part of several parties' names is capped; the own
 * party, scored alone, is not (so a right party's part that another party
 * shares counts as found here where a screen would offer it).
 *
 * Several files may form one index (rec_load_files: records.tsv and a
 * held-out set such as fresh4.tsv, whose parties name records.tsv's in
 * `also`); party ids must be unique across them. A party marked "ask" is
 * queried like a positive but is not put in the index: its names are one
 * generator's variants of another party's name (fresh4's OpenCC part) and
 * must not answer each other; its right answers are the parties in `also`
 * (in fresh5.tsv, a generated person indexed under its native name with
 * query "-", so that only the variants are queried; the negative people,
 * look-alikes of the indexed ones, are in the index like every "neg" party;
 * in fresh6.tsv, an IEEE registrant indexed under its first registration's
 * spelling with query "-", its other spellings an "ask" party, and a
 * registrant that is a records.tsv party an "ask" party whose `also` names
 * that party, so that the list's own entry must answer it). */
#ifndef OV_BENCH_RECORD_SET_H
#define OV_BENCH_RECORD_SET_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/match.h"

#define REC_MAX_PARTIES 4096
#define REC_MAX_NAMES 256
#define REC_MAX_FILES 8

typedef struct rec_party {
    char *id, *schema, *kind, *split, *query, *also, *source;
    char *names[REC_MAX_NAMES];
    int n_names;
} rec_party;

typedef struct rec_set {
    rec_party *parties;
    int n;
    char *bufs[REC_MAX_FILES]; /* the files' text; the parties' strings point into it */
    int n_bufs;
    ov_matcher *all; /* every party with all its names */
} rec_set;

typedef enum rec_outcome { REC_TP, REC_FP_FN, REC_FN, REC_FP, REC_TN } rec_outcome;

typedef struct rec_answer {
    rec_outcome outcome;
    double own, other;      /* best score of the right party (pos) and of any other */
    const char *other_id;   /* borrowed from the index; NULL when none */
} rec_answer;

static char *rec_field(char **p)
{
    char *s = *p;
    if (!s) return NULL;
    char *t = strchr(s, '\t');
    if (t) *t = '\0', *p = t + 1;
    else *p = NULL;
    return s;
}

static int rec_add(ov_matcher *mx, const rec_party *x, int skip /* name index left out, -1: none */)
{
    ov_stmt st[REC_MAX_NAMES];
    size_t k = 0;
    memset(st, 0, sizeof st);
    for (int i = 0; i < x->n_names; i++) {
        if (i == skip) continue;
        st[k].prop = k == 0 ? "name" : "alias";
        st[k++].value = x->names[i];
    }
    if (!k) return OV_OK;
    ov_entity e = {.id = x->id, .schema = x->schema, .stmts = st, .n_stmts = k, .target = -1};
    bool added;
    return ov_matcher_add(mx, &e, &added);
}

static bool rec_indexed(const rec_party *x)
{
    return strcmp(x->query, "ask") != 0;
}

/* Reads one file's parties into rs (appending); returns 0 or -1 (err set,
 * naming the file and line). */
static int rec_read(rec_set *rs, const char *path, char *err, size_t errlen)
{
    if (rs->n_bufs >= REC_MAX_FILES) return snprintf(err, errlen, "%s: more than %d files", path, REC_MAX_FILES), -1;
    FILE *f = fopen(path, "r");
    if (!f) return snprintf(err, errlen, "%s: cannot open", path), -1;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        fclose(f);
        return snprintf(err, errlen, "%s: cannot read", path), -1;
    }
    fclose(f);
    buf[len] = '\0';
    rs->bufs[rs->n_bufs++] = buf;
    int lineno = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        if (line[0] == '#') continue;
        if (rs->n >= REC_MAX_PARTIES) return snprintf(err, errlen, "%s: more than %d parties", path, REC_MAX_PARTIES), -1;
        rec_party *x = &rs->parties[rs->n];
        char *p = line;
        x->id = rec_field(&p), x->schema = rec_field(&p), x->kind = rec_field(&p), x->split = rec_field(&p);
        x->query = rec_field(&p), x->also = rec_field(&p), x->source = rec_field(&p);
        char *names = rec_field(&p);
        if (!names) return snprintf(err, errlen, "%s:%d: fewer than 8 fields", path, lineno), -1;
        if (strcmp(x->query, "pos") && strcmp(x->query, "neg") && strcmp(x->query, "-") && strcmp(x->query, "ask"))
            return snprintf(err, errlen, "%s:%d: query '%s' is not pos, neg, ask or -", path, lineno, x->query), -1;
        for (int i = 0; i < rs->n; i++)
            if (!strcmp(rs->parties[i].id, x->id))
                return snprintf(err, errlen, "%s:%d: party id '%s' given twice", path, lineno, x->id), -1;
        for (char *q = names; q && x->n_names < REC_MAX_NAMES;) {
            char *bar = strstr(q, " | ");
            if (bar) *bar = '\0';
            x->names[x->n_names++] = q;
            q = bar ? bar + 3 : NULL;
        }
        rs->n++;
    }
    return 0;
}

/* Loads the n files of paths into *rs as one set and builds the full index
 * (every party but the "ask" ones); returns 0 or -1 (err set). */
static int rec_load_files(rec_set *rs, const char *const *paths, int n, const ov_model *m, char *err, size_t errlen)
{
    memset(rs, 0, sizeof *rs);
    rs->parties = calloc(REC_MAX_PARTIES, sizeof *rs->parties);
    if (!rs->parties) return snprintf(err, errlen, "out of memory"), -1;
    for (int k = 0; k < n; k++)
        if (rec_read(rs, paths[k], err, errlen)) return -1;
    if (ov_matcher_new(&rs->all, m, NULL, err, errlen)) return -1;
    for (int i = 0; i < rs->n; i++)
        if (rec_indexed(&rs->parties[i]) && rec_add(rs->all, &rs->parties[i], -1))
            return snprintf(err, errlen, "add %s failed", rs->parties[i].id), -1;
    if (ov_matcher_finish(rs->all)) return snprintf(err, errlen, "finish failed"), -1;
    return 0;
}

/* Loads path into *rs and builds the full index; returns 0 or -1 (err set). */
static inline int rec_load(rec_set *rs, const char *path, const ov_model *m, char *err, size_t errlen)
{
    return rec_load_files(rs, &path, 1, m, err, errlen);
}

static void rec_free(rec_set *rs)
{
    ov_matcher_free(rs->all);
    free(rs->parties);
    for (int k = 0; k < rs->n_bufs; k++) free(rs->bufs[k]);
    memset(rs, 0, sizeof *rs);
}

static bool rec_also_names(const rec_party *x, const char *id)
{
    size_t n = strlen(id);
    for (const char *a = x->also; a && *a;) { /* comma-separated ids */
        const char *c = strchr(a, ',');
        size_t len = c ? (size_t)(c - a) : strlen(a);
        if (len == n && !strncmp(a, id, n)) return true;
        a = c ? c + 1 : NULL;
    }
    return false;
}

/* Whether id is x or the same party as x in another source (named in the
 * `also` of either). */
static bool rec_is_right(const rec_set *rs, const rec_party *x, const char *id)
{
    if (!strcmp(id, x->id) || rec_also_names(x, id)) return true;
    for (int i = 0; i < rs->n; i++)
        if (!strcmp(rs->parties[i].id, id)) return rec_also_names(&rs->parties[i], x->id);
    return false;
}

/* Every party but the one queried (ov_match_query.keep): the queried
 * party holds the very name asked, which must not sway how the others are
 * compared with one another (the shared-part rule: docs/internals/names.md). */
static bool rec_not_self(void *ud, const ov_match_result *r)
{
    return strcmp(r->id, ((const rec_party *)ud)->id) != 0;
}

/* Queries name i of party x (x->query "pos", "ask" or "neg"). */
static int rec_ask(rec_set *rs, const ov_model *m, const rec_party *x, int i, rec_answer *out /* OUT */)
{
    memset(out, 0, sizeof *out);
    const char *names[1] = {x->names[i]};
    ov_match_query q = {.schema = x->schema, .names = names, .n_names = 1, .limit = 10, .cutoff = 0,
                        .keep = rec_not_self, .keep_ud = (void *)x};
    ov_match_result r[10];
    size_t n = 0;
    bool pos = !strcmp(x->query, "pos") || !strcmp(x->query, "ask");
    bool own_match = false, other_match = false;
    if (ov_matcher_query(rs->all, &q, r, 10, &n)) n = 0;
    for (size_t k = 0; k < n; k++) {
        if (!strcmp(r[k].id, x->id)) continue; /* scored below without the query name */
        if (pos && rec_is_right(rs, x, r[k].id)) {
            if (r[k].score > out->own) out->own = r[k].score, own_match = r[k].match;
        } else if (!out->other_id) {
            out->other = r[k].score, out->other_id = r[k].id, other_match = r[k].match;
        }
    }
    if (pos && rec_indexed(x) && x->n_names > 1) { /* an "ask" party has no own entry */
        ov_matcher *one;
        char err[256];
        if (ov_matcher_new(&one, m, NULL, err, sizeof err)) return -1;
        int rc = rec_add(one, x, i) || ov_matcher_finish(one);
        ov_match_query q1 = q;
        q1.limit = 1, q1.keep = NULL;
        size_t n1 = 0;
        if (!rc && !ov_matcher_query(one, &q1, r, 1, &n1) && n1 && r[0].score > out->own)
            out->own = r[0].score, own_match = r[0].match;
        ov_matcher_free(one);
        if (rc) return -1;
    }
    if (!pos) out->outcome = other_match ? REC_FP : REC_TN;
    else if (other_match && out->other >= out->own) out->outcome = REC_FP_FN;
    else if (own_match) out->outcome = REC_TP;
    else out->outcome = REC_FN;
    return 0;
}

#endif
