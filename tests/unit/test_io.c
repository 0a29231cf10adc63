/* test_io.c - unit tests for ingest (JSON lines, envelope, delta, statements
 * CSV), validation errors with their line numbers, and export. Inputs come
 * from strings through fmemopen; stores live in a temporary directory. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "oversight/io.h"
#include "oversight/model.h"
#include "oversight/oversight.h"
#include "oversight/store.h"
#include "util/csv.h"

#include "tmpstore.h"

static void setup(void) { tmpstore_setup("io"); }
static void teardown(void) { tmpstore_teardown(); }

/* Errors reported through on_error. */
typedef struct errs {
    int n;
    long line[8];
    char msg[8][512];
} errs;

static void on_error(const char *file, long line, const char *msg, void *ud)
{
    errs *e = ud;
    if (e->n < 8) {
        e->line[e->n] = line;
        snprintf(e->msg[e->n], sizeof e->msg[0], "%s: %s", file, msg);
    }
    e->n++;
}

static ov_ingest_opts opts_for(ov_format f, errs *e)
{
    ov_ingest_opts o;
    memset(&o, 0, sizeof o);
    o.format = f;
    o.dataset = "test";
    o.on_error = on_error;
    o.ud = e;
    memset(e, 0, sizeof *e);
    return o;
}

static int ingest_text(ov_store *st, const char *text, size_t len, const ov_ingest_opts *o,
                       ov_ingest_stats *stats)
{
    FILE *f = fmemopen((void *)(uintptr_t)text, len, "r");
    int rc = st ? ov_ingest(st, M, "input.json", f, o, stats) : ov_validate(M, "input.json", f, o, stats);
    fclose(f);
    return rc;
}

static int ingest_str(ov_store *st, const char *text, const ov_ingest_opts *o, ov_ingest_stats *stats)
{
    return ingest_text(st, text, strlen(text), o, stats);
}

static const ov_stmt *find(const ov_entity *e, const char *prop, const char *value, int retired)
{
    for (size_t i = 0; e && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (strcmp(s->prop, prop) != 0) continue;
        if (value && strcmp(s->value, value) != 0) continue;
        if (retired == 0 && s->retired_in != 0) continue;
        if (retired == 1 && s->retired_in == 0) continue;
        return s;
    }
    return NULL;
}

static bool same_stats(ov_store *st, const ov_stats *b)
{
    ov_stats a;
    if (ov_store_stats(st, &a, NULL, NULL)) return false;
    return a.entities == b->entities && a.statements_current == b->statements_current &&
           a.statements_total == b->statements_total && a.changes == b->changes &&
           a.citations == b->citations && a.retired_entities == b->retired_entities;
}

static char *fixture_path(const char *name, char *buf, size_t n)
{
    const char *dir = getenv("OV_FIXTURES");
    snprintf(buf, n, "%s/ftm/%s", dir ? dir : "tests/fixtures", name);
    return buf;
}

/* ---- JSON lines: valid input -------------------------------------------------- */

#define GOOD1 "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Maria Osetrova\"],\"country\":[\"RU\"],\"notes\":[\"\"]}}"
#define GOOD2 "{\"id\":\"c1\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Acme\"],\"jurisdiction\":[\"de\"]}}"

static void test_plain_entity(void)
{
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_AUTO, &e);
    ov_ingest_stats s;
    CHECK_EQ_INT(ingest_str(NULL, GOOD1 "\n\n" GOOD2 "\r\n", &o, &s), OV_OK);
    CHECK_EQ_INT(s.records, 2); /* the blank line is not a record */
    CHECK_EQ_INT(s.entities, 2);
    CHECK_EQ_INT(s.statements, 4);
    CHECK_EQ_INT(s.rejected, 0);
    CHECK_EQ_INT(s.dropped_empty, 1);
    CHECK_EQ_INT(s.cleaned, 1);
    CHECK_EQ_INT(e.n, 0);

    ov_store *st = new_store();
    if (!st) return;
    CHECK_EQ_INT(ingest_str(st, GOOD1 "\n" GOOD2, &o, &s), OV_OK);
    CHECK_EQ_INT(s.load.entities, 2);
    CHECK_EQ_INT(s.load.added, 4);
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p1", 0, &ent), OV_OK);
    if (ent) {
        CHECK_EQ_STR(ent->schema, "Person");
        CHECK_EQ_INT(ent->n_stmts, 2);
        const ov_stmt *c = find(ent, "country", NULL, 0);
        CHECK(c != NULL);
        if (c) {
            CHECK_EQ_STR(c->value, "ru");
            CHECK_EQ_STR(c->original_value, "RU");
            CHECK_EQ_STR(c->dataset, "test");
        }
        CHECK(find(ent, "notes", NULL, -1) == NULL);
        ov_entity_free(ent);
    }
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "c1", 0, &ent), OV_OK);
    CHECK(ent && find(ent, "name", "Acme", 0) != NULL);
    ov_entity_free(ent);

    /* opts->source, locator and status apply to every statement */
    o.source = "https://example.org/register";
    o.locator = "entry 17";
    o.status = OV_ST_ALLEGED;
    CHECK_EQ_INT(ingest_str(st, "{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ivan\"]}}\n",
                            &o, &s),
                 OV_OK);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p2", 0, &ent), OV_OK);
    if (ent && ent->n_stmts == 1) {
        CHECK_EQ_STR(ent->stmts[0].source, "https://example.org/register");
        CHECK_EQ_STR(ent->stmts[0].locator, "entry 17");
        CHECK_EQ_INT(ent->stmts[0].status, OV_ST_ALLEGED);
    } else {
        CHECK(!"p2 not loaded with one statement");
    }
    ov_entity_free(ent);
    ov_store_close(st);
}

static void test_envelope(void)
{
    const char *line =
        "{\"id\":\"NK-2Tbri3s6GgNtAwsSXh4qpL\",\"caption\":\"Maria Osetrova\",\"schema\":\"Person\","
        "\"properties\":{\"name\":[\"Maria Osetrova\"],\"topics\":[\"sanction\"]},"
        "\"referents\":[\"gb-hmt-1\",\"ua-nsdc-2\"],\"datasets\":[\"zala\"],"
        "\"first_seen\":\"2023-11-02T16:38:16\",\"last_seen\":\"2026-04-29T12:53:04\","
        "\"last_change\":\"2025-04-09T00:00:00\",\"target\":true}\n";
    ov_store *st = new_store();
    if (!st) return;
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_ENTITIES, &e);
    ov_ingest_stats s;
    CHECK_EQ_INT(ingest_str(st, line, &o, &s), OV_OK);
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "NK-2Tbri3s6GgNtAwsSXh4qpL", 0, &ent), OV_OK);
    if (ent) {
        CHECK_EQ_STR(ent->caption, "Maria Osetrova");
        CHECK_EQ_STR(ent->datasets_json, "[\"zala\"]");
        CHECK_EQ_STR(ent->referents_json, "[\"gb-hmt-1\",\"ua-nsdc-2\"]");
        CHECK_EQ_STR(ent->first_seen, "2023-11-02T16:38:16");
        CHECK_EQ_STR(ent->last_seen, "2026-04-29T12:53:04");
        CHECK_EQ_STR(ent->last_change, "2025-04-09T00:00:00");
        CHECK_EQ_INT(ent->target, 1);
        /* the envelope's single dataset names the statements' dataset */
        const ov_stmt *n = find(ent, "name", NULL, 0);
        CHECK_EQ_STR(n ? n->dataset : NULL, "zala");
        ov_entity_free(ent);
    }
    ov_store_close(st);

    /* an explicit dataset wins over the envelope's */
    st = new_store();
    if (!st) return;
    o.dataset = "mine";
    o.dataset_explicit = true;
    CHECK_EQ_INT(ingest_str(st, line, &o, &s), OV_OK);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "NK-2Tbri3s6GgNtAwsSXh4qpL", 0, &ent), OV_OK);
    if (ent) {
        CHECK_EQ_STR(ent->stmts[0].dataset, "mine");
        CHECK_EQ_STR(ent->datasets_json, "[\"zala\"]");
        ov_entity_free(ent);
    }
    ov_store_close(st);
}

/* ---- JSON lines: rejected input ---------------------------------------------- */

typedef struct bad_case {
    const char *line;  /* put on line 3, between valid lines */
    size_t len;        /* 0: strlen */
    const char *want;  /* a part of the error message */
} bad_case;

#define BAD_NUL "{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[\"a\0b\"]}}"

static const bad_case bad_cases[] = {
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{", 0, "malformed JSON"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xC3\x28\"]}}", 0, "invalid UTF-8 (or a NUL byte) at byte 53"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xED\xA0\x80\"]}}", 0, "invalid UTF-8"},
    {BAD_NUL, sizeof BAD_NUL - 1, "NUL"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[\"a\\u0000b\"]}}", 0, "\\u0000"},
    {"{\"id\":\"x3\",\"schema\":\"Persona\",\"properties\":{}}", 0, "unknown schema"},
    {"{\"id\":\"x3\",\"schema\":\"Thing\",\"properties\":{\"name\":[\"x\"]}}", 0, "abstract"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"favouriteColour\":[\"red\"]}}", 0, "unknown property"},
    {"{\"id\":\"x3\",\"schema\":\"Company\",\"properties\":{\"ownershipOwner\":[\"o1\"]}}", 0, "reverse property"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"country\":[\"xx\"]}}", 0, "country"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"birthDate\":[\"2021-99\"]}}", 0, "ISO 8601"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[[[[[[[[\"x\"]]]]]]]]}}", 0, "nested"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[42]}}", 0, "must hold strings"},
    {"{\"id\":\"has space\",\"schema\":\"Person\",\"properties\":{}}", 0, "not valid"},
    {"{\"schema\":\"Person\",\"properties\":{}}", 0, "no \"id\""},
    {"{\"id\":\"x3\",\"properties\":{}}", 0, "no \"schema\""},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":[\"name\"]}", 0, "must be an object"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{}} trailing", 0, "unexpected text"},
    {"[\"not\", \"an\", \"object\"]", 0, "JSON object"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"datasets\":\"zala\",\"properties\":{}}", 0, "array of strings"},
    {"{\"op\":\"UPSERT\",\"entity\":{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{}}}", 0, "ADD, MOD or DEL"},
    /* issue 20: strict input */
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":\"Bare\"}}", 0, "must be an array of strings"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"],\"name\":[\"B\"]}}", 0,
     "the key \"name\" appears twice"},
    {"{\"id\":\"x3\",\"schema\":\"Person\",\"schema\":\"Company\",\"properties\":{}}", 0,
     "the key \"schema\" appears twice"},
    {"{\"id\":\"x3\",\"schema\":\"Ownership\",\"properties\":{\"percentage\":[\"nan\"]}}", 0, "finite number"},
    {"{\"id\":\"x3\",\"schema\":\"Ownership\",\"properties\":{\"percentage\":[\"-inf%\"]}}", 0, "finite number"},
    {"{\"id\":\"x3\",\"schema\":\"Ownership\",\"properties\":{\"percentage\":[\"-0.5\"]}}", 0, "cannot be negative"},
    {"{\"id\":\"x3\",\"schema\":\"Ownership\",\"properties\":{\"percentage\":[\"100.5\"]}}", 0, "cannot exceed 100"},
    {"{\"id\":\"x3\",\"schema\":\"Company\",\"properties\":{\"website\":[\"javascript://x%0aalert(1)\"]}}", 0,
     "not a web address"},
    {"{\"id\":\"x3\",\"schema\":\"Company\",\"properties\":{\"website\":[\"data://text/html,x\"]}}", 0,
     "not a web address"},
    {"{\"id\":\"x3\",\"schema\":\"Company\",\"properties\":{\"website\":[\"http://\"]}}", 0, "not a web address"},
};

/* Builds "GOOD1\nGOOD2\n<bad>\nGOOD3\n" into buf; returns its length. */
static size_t with_bad_line(char *buf, size_t cap, const bad_case *c)
{
    const char *head = GOOD1 "\n" GOOD2 "\n";
    const char *tail = "\n{\"id\":\"p4\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Four\"]}}\n";
    size_t len = c->len ? c->len : strlen(c->line);
    size_t n = 0;
    if (strlen(head) + len + strlen(tail) >= cap) return 0;
    memcpy(buf + n, head, strlen(head));
    n += strlen(head);
    memcpy(buf + n, c->line, len);
    n += len;
    memcpy(buf + n, tail, strlen(tail));
    n += strlen(tail);
    return n;
}

static void test_rejects(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_AUTO, &e);
    ov_ingest_stats s;
    /* the store has data already */
    CHECK_EQ_INT(ingest_str(st, "{\"id\":\"seed\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Seed\"]}}\n",
                            &o, &s),
                 OV_OK);
    ov_stats before;
    CHECK_EQ_INT(ov_store_stats(st, &before, NULL, NULL), OV_OK);

    char buf[4096];
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        size_t len = with_bad_line(buf, sizeof buf, c);
        for (int store = 0; store < 2; store++) {
            o = opts_for(OV_FMT_AUTO, &e);
            int rc = ingest_text(store ? st : NULL, buf, len, &o, &s);
            bool good = rc == OV_EINVAL && e.n == 1 && e.line[0] == 3 && strstr(e.msg[0], c->want) &&
                        strstr(e.msg[0], "input.json") && s.rejected == 1 && s.records == 4;
            if (!good)
                fprintf(stderr, "case %zu (%s): rc %d, %d errors, line %ld, rejected %lld: %s\n", i,
                        store ? "ingest" : "validate", rc, e.n, e.n ? e.line[0] : 0L, (long long)s.rejected,
                        e.n ? e.msg[0] : "");
            CHECK(good);
        }
        /* nothing was written */
        CHECK(same_stats(st, &before));
    }
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p1", OV_GET_HISTORY, &ent), OV_ENOTFOUND);

    /* a line longer than max_line */
    char longline[2000];
    snprintf(longline, sizeof longline, "{\"id\":\"x3\",\"schema\":\"Person\",\"properties\":{\"notes\":[\"%01500d\"]}}", 0);
    bad_case lc = {longline, 0, "longer than 1200"};
    size_t len = with_bad_line(buf, sizeof buf, &lc);
    o = opts_for(OV_FMT_AUTO, &e);
    o.max_line = 1200;
    CHECK_EQ_INT(ingest_text(st, buf, len, &o, &s), OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(e.line[0], 3);
    CHECK(strstr(e.msg[0], "longer than 1200") != NULL);
    CHECK_EQ_INT(s.records, 4); /* the rest of the long line is not a record */
    CHECK(same_stats(st, &before));

    /* a delta line without "op" */
    o = opts_for(OV_FMT_DELTA, &e);
    CHECK_EQ_INT(ingest_str(st, GOOD1 "\n", &o, &s), OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK(e.n && strstr(e.msg[0], "\"op\"") != NULL);
    CHECK(same_stats(st, &before));
    ov_store_close(st);
}

static void test_skip_invalid(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_AUTO, &e);
    o.skip_invalid = true;
    ov_ingest_stats s;
    const char *text = GOOD1 "\n"
                       "{\"id\":\"bad1\",\"schema\":\"Person\",\"properties\":{\"country\":[\"xx\"]}}\n" GOOD2 "\n"
                       "{not json}\n"
                       "{\"id\":\"p5\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Five\"]}}\n";
    CHECK_EQ_INT(ingest_str(st, text, &o, &s), OV_OK);
    CHECK_EQ_INT(s.records, 5);
    CHECK_EQ_INT(s.rejected, 2);
    CHECK_EQ_INT(s.entities, 3);
    CHECK_EQ_INT(s.load.entities, 3);
    CHECK_EQ_INT(e.n, 2);
    CHECK_EQ_INT(e.line[0], 2);
    CHECK_EQ_INT(e.line[1], 4);
    ov_stats st_now;
    CHECK_EQ_INT(ov_store_stats(st, &st_now, NULL, NULL), OV_OK);
    CHECK_EQ_INT(st_now.entities, 3);
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "bad1", 0, &ent), OV_ENOTFOUND);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p5", 0, &ent), OV_OK);
    ov_entity_free(ent);

    /* max_errors bounds the reports, not the count */
    o = opts_for(OV_FMT_AUTO, &e);
    o.max_errors = 1;
    CHECK_EQ_INT(ingest_str(NULL, "{x}\n{y}\n{z}\n", &o, &s), OV_EINVAL);
    CHECK_EQ_INT(s.rejected, 3);
    CHECK_EQ_INT(e.n, 2);
    CHECK(strstr(e.msg[1], "too many errors") != NULL);
    ov_store_close(st);
}

/* ---- statements CSV ------------------------------------------------------------ */

#define CSV_HEADER "entity_id,prop,schema,value,dataset,source,locator,status\n"

static void test_csv(void)
{
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_STATEMENTS, &e);
    ov_ingest_stats s;

    /* a header is required */
    CHECK_EQ_INT(ingest_str(NULL, "id,name\n1,Maria\n", &o, &s), OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(e.line[0], 1);
    CHECK(strstr(e.msg[0], "header") != NULL);

    /* an unknown status */
    o = opts_for(OV_FMT_STATEMENTS, &e);
    CHECK_EQ_INT(ingest_str(NULL, CSV_HEADER "p1,name,Person,Maria,d,,,rumoured\n", &o, &s), OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(e.line[0], 2);
    CHECK(strstr(e.msg[0], "unknown status 'rumoured'") != NULL);

    /* a quoted newline keeps later line numbers right */
    o = opts_for(OV_FMT_AUTO, &e);
    CHECK_EQ_INT(ingest_str(NULL,
                            CSV_HEADER "p1,notes,Person,\"line one\nline two\nline three\",d,,,\n"
                                       "p1,country,Person,xx,d,,,\n",
                            &o, &s),
                 OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(e.line[0], 5);
    CHECK(strstr(e.msg[0], "country") != NULL);

    /* an unclosed quote stops the file with its line */
    o = opts_for(OV_FMT_STATEMENTS, &e);
    CHECK_EQ_INT(ingest_str(NULL, CSV_HEADER "p1,name,Person,Maria,d,,,\np2,name,Person,\"open,d,,,\n", &o, &s),
                 OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(e.line[0], 3);
    CHECK(strstr(e.msg[0], "not closed") != NULL);

    /* grouping, citations and statuses */
    ov_store *st = new_store();
    if (!st) return;
    o = opts_for(OV_FMT_AUTO, &e);
    const char *csv = CSV_HEADER
        "p1,name,Person,Maria Osetrova,zala,https://example.org/a,\"p. 4, \"\"quoted\"\"\",verified\n"
        "p1,country,Person,ru,zala,,,alleged\n"
        "c1,name,Company,Acme,zala,,,\n"
        "p1,birthDate,Person,1988,other,,,\n";
    CHECK_EQ_INT(ingest_str(st, csv, &o, &s), OV_OK);
    CHECK_EQ_INT(s.records, 4);
    CHECK_EQ_INT(s.statements, 4);
    CHECK_EQ_INT(s.entities, 3); /* p1, c1, p1 again: rows are grouped while the id repeats */
    CHECK_EQ_INT(s.load.added, 4);
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p1", 0, &ent), OV_OK);
    if (ent) {
        CHECK_EQ_INT(ent->n_stmts, 3);
        const ov_stmt *n = find(ent, "name", NULL, 0);
        CHECK(n != NULL);
        if (n) {
            CHECK_EQ_STR(n->source, "https://example.org/a");
            CHECK_EQ_STR(n->locator, "p. 4, \"quoted\"");
            CHECK_EQ_INT(n->status, OV_ST_VERIFIED);
            CHECK_EQ_STR(n->dataset, "zala");
        }
        const ov_stmt *c = find(ent, "country", NULL, 0);
        CHECK(c && c->status == OV_ST_ALLEGED && c->source == NULL);
        const ov_stmt *b = find(ent, "birthDate", NULL, 0);
        CHECK_EQ_STR(b ? b->dataset : NULL, "other");
        ov_entity_free(ent);
    }
    ov_stats before;
    CHECK_EQ_INT(ov_store_stats(st, &before, NULL, NULL), OV_OK);
    CHECK_EQ_INT(before.citations, 1);

    /* a retraction is a new row; the old claim stays in the history */
    o = opts_for(OV_FMT_STATEMENTS, &e);
    CHECK_EQ_INT(ingest_str(st, CSV_HEADER "p1,country,Person,ru,zala,,,retracted\n", &o, &s), OV_OK);
    CHECK_EQ_INT(s.load.added, 1);
    CHECK_EQ_INT(s.load.retired, 1);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p1", OV_GET_HISTORY, &ent), OV_OK);
    if (ent) {
        CHECK(find(ent, "country", "ru", 1) && find(ent, "country", "ru", 1)->status == OV_ST_ALLEGED);
        CHECK(find(ent, "country", "ru", 0) && find(ent, "country", "ru", 0)->status == OV_ST_RETRACTED);
        ov_entity_free(ent);
    }

    /* canonical_id groups statements of merged source ids */
    o = opts_for(OV_FMT_STATEMENTS, &e);
    CHECK_EQ_INT(ingest_str(st,
                            "canonical_id,entity_id,prop,schema,value,dataset\n"
                            "NK-1,src-a,name,Person,Ivan,ds\nNK-1,src-b,name,Person,Ivan,ds\n",
                            &o, &s),
                 OV_OK);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "NK-1", 0, &ent), OV_OK);
    if (ent) {
        CHECK_EQ_INT(ent->n_stmts, 2);
        CHECK(ent->n_stmts == 2 && ent->stmts[0].src_id && ent->stmts[1].src_id &&
              strcmp(ent->stmts[0].src_id, ent->stmts[1].src_id) != 0);
        ov_entity_free(ent);
    }
    ov_store_close(st);
}

static void test_csv_long_row(void)
{
    /* a row past max_line, then valid rows */
    char text[4096];
    char value[1500];
    memset(value, 'v', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    snprintf(text, sizeof text,
             CSV_HEADER "p1,name,Person,Maria,d,,,\np2,notes,Person,%s,d,,,\np3,name,Person,Ivan,d,,,\n", value);
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_STATEMENTS, &e);
    o.max_line = 1200;
    ov_ingest_stats s;
    CHECK_EQ_INT(ingest_str(NULL, text, &o, &s), OV_EINVAL);
    CHECK(e.n >= 1);
    CHECK_EQ_INT(e.line[0], 3);
    CHECK(strstr(e.msg[0], "longer than 1200") != NULL);
    /* Was a bug (fixed): src/io/ingest.c read_statements_csv(): after ov_csv_next returns
     * OV_ETOOBIG the reader "continue"s, but ov_csv_next (src/util/csv.c)
     * stopped in the middle of the record without consuming the rest of it.
     * The remainder of the long row ("vvvv...,d,,,") is then read as a record
     * of its own: a second, bogus error is reported (here "no entity_id" /
     * an invalid id) with the same line, and rejected is 2 instead of 1. */
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(s.rejected, 1);
    CHECK_EQ_INT(s.records, 3);

    /* Worse, with skip_invalid, text inside a long quoted field is loaded as
     * a statement: the "p9" line below is part of p2's notes, yet p9 gets
     * loaded (expected OV_ENOTFOUND), and the valid row p3 after it is lost
     * (the closing quote of the notes ends the file as malformed). */
    char quoted[1300];
    memset(quoted, 'v', sizeof quoted - 1);
    quoted[sizeof quoted - 1] = '\0';
    snprintf(text, sizeof text,
             CSV_HEADER "p1,name,Person,Maria,d,,,\n"
                        "p2,notes,Person,\"%s\np9,name,Person,Injected,d,,,\nend\",d,,,\n"
                        "p3,name,Person,Ivan,d,,,\n",
             quoted);
    ov_store *st = new_store();
    if (!st) return;
    o = opts_for(OV_FMT_STATEMENTS, &e);
    o.max_line = 1200;
    o.skip_invalid = true;
    ingest_str(st, text, &o, &s);
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p9", 0, &ent), OV_ENOTFOUND);
    ov_entity_free(ent);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "p3", 0, &ent), OV_OK);
    ov_entity_free(ent);
    ov_store_close(st);
}

static void test_small_max_line(void)
{
    /* Was a bug (fixed): src/io/ingest.c run(): the record arena is limited to
     * max_line * 4 bytes, but new_stmt() allocates room for 32 statements
     * (32 * sizeof(ov_stmt) = 4 KiB) at the first value. With opts.max_line
     * below about 1 KiB every entity line that has a property fails with
     * OV_ENOMEM ("out of memory") instead of loading: here a valid 90-byte
     * line with max_line 200 gives -1 (expected OV_OK). */
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_AUTO, &e);
    o.max_line = 200;
    ov_ingest_stats s;
    CHECK_EQ_INT(ingest_str(NULL, GOOD1 "\n", &o, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 1);
}

/* ---- deltas -------------------------------------------------------------------- */

static void test_delta(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_DELTA, &e);
    ov_ingest_stats s;
    CHECK_EQ_INT(ingest_str(st,
                            "{\"op\":\"ADD\",\"entity\":{\"id\":\"d1\",\"schema\":\"Person\",\"properties\":"
                            "{\"name\":[\"Anna\"],\"country\":[\"ru\"],\"birthDate\":[\"1970\"]}}}\n",
                            &o, &s),
                 OV_OK);
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "d1", 0, &ent), OV_OK);
    CHECK_EQ_INT(ent ? ent->n_stmts : 0, 3);
    ov_entity_free(ent);

    /* MOD replaces the entity's statements */
    CHECK_EQ_INT(ingest_str(st,
                            "{\"op\":\"MOD\",\"entity\":{\"id\":\"d1\",\"schema\":\"Person\",\"properties\":"
                            "{\"name\":[\"Anna\"],\"country\":[\"ua\"]}}}\n",
                            &o, &s),
                 OV_OK);
    CHECK_EQ_INT(s.load.added, 1);
    CHECK_EQ_INT(s.load.retired, 2);
    CHECK_EQ_INT(s.load.unchanged, 1);
    int64_t mod_change = s.load.change_id;
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "d1", 0, &ent), OV_OK);
    if (ent) {
        CHECK_EQ_INT(ent->n_stmts, 2);
        CHECK(find(ent, "country", "ua", 0) != NULL);
        CHECK(find(ent, "country", "ru", -1) == NULL);
        CHECK(find(ent, "birthDate", NULL, -1) == NULL);
        ov_entity_free(ent);
    }
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "d1", OV_GET_HISTORY, &ent), OV_OK);
    if (ent) {
        const ov_stmt *ru = find(ent, "country", "ru", 1);
        CHECK(ru && ru->retired_in == mod_change);
        ov_entity_free(ent);
    }

    /* DEL retires it */
    CHECK_EQ_INT(ingest_str(st, "{\"op\":\"DEL\",\"entity\":{\"id\":\"d1\"}}\n", &o, &s), OV_OK);
    CHECK_EQ_INT(s.load.deleted_entities, 1);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "d1", 0, &ent), OV_ENOTFOUND);
    ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, "d1", OV_GET_HISTORY, &ent), OV_OK);
    if (ent) {
        CHECK(ent->retired_in == s.load.change_id);
        ov_entity_free(ent);
    }

    /* the delta export since the MOD shows the deletion */
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    ov_export_opts eo = {.format = OV_FMT_DELTA, .since = mod_change};
    int64_t count = 0;
    CHECK_EQ_INT(ov_export(st, M, f, &eo, &count), OV_OK);
    fclose(f);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_STR(out, "{\"op\":\"DEL\",\"entity\":{\"id\":\"d1\"}}\n");
    free(out);
    ov_store_close(st);
}

/* ---- export ---------------------------------------------------------------------- */

/* Reads the values of column `name` of a CSV text (or file) into a sorted
 * array; returns the count, or -1. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int csv_column(FILE *f, const char *name, char ***out)
{
    ov_csv c;
    ov_csv_init(&c, f, 1 << 20);
    int col = -1, n = 0, cap = 0;
    char **vals = NULL;
    if (ov_csv_next(&c) == 1)
        for (int i = 0; i < c.nfields; i++)
            if (strcmp(ov_csv_field(&c, i), name) == 0) col = i;
    while (col >= 0 && ov_csv_next(&c) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            vals = realloc(vals, sizeof *vals * (size_t)cap);
        }
        vals[n++] = strdup(ov_csv_field(&c, col));
    }
    ov_csv_release(&c);
    if (col < 0) return -1;
    qsort(vals, (size_t)n, sizeof *vals, cmp_str);
    *out = vals;
    return n;
}

static void free_column(char **vals, int n)
{
    for (int i = 0; i < n; i++) free(vals[i]);
    free(vals);
}

static void test_export_statement_ids(void)
{
    char path[512];
    fixture_path("zala_statements.csv", path, sizeof path);
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    if (!in) return;
    ov_store *st = new_store();
    if (!st) {
        fclose(in);
        return;
    }
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_AUTO, &e);
    ov_ingest_stats s;
    int rc = ov_ingest(st, M, path, in, &o, &s);
    CHECK_EQ_INT(rc, OV_OK);
    if (rc && e.n) fprintf(stderr, "zala_statements: line %ld: %s\n", e.line[0], e.msg[0]);
    CHECK_EQ_INT(s.rejected, 0);
    CHECK_EQ_INT(s.load.entities, 91);

    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    ov_export_opts eo = {.format = OV_FMT_STATEMENTS};
    int64_t count = 0;
    CHECK_EQ_INT(ov_export(st, M, f, &eo, &count), OV_OK);
    fclose(f);
    CHECK_EQ_INT(count, 91);

    rewind(in);
    char **want = NULL, **got = NULL;
    int nwant = csv_column(in, "id", &want);
    fclose(in);
    FILE *g = fmemopen(out, outlen, "r");
    int ngot = csv_column(g, "id", &got);
    fclose(g);
    CHECK_EQ_INT(nwant, 1710); /* records; some values hold newlines */
    CHECK_EQ_INT(ngot, nwant);
    int same = 0, first_diff = -1;
    for (int i = 0; i < nwant && i < ngot; i++) {
        if (strcmp(want[i], got[i]) == 0) same++;
        else if (first_diff < 0) first_diff = i;
    }
    if (first_diff >= 0) fprintf(stderr, "statement ids differ first at %s / %s\n", want[first_diff], got[first_diff]);
    CHECK_EQ_INT(same, nwant);
    /* spot checks from the fixture */
    const char *ids[] = {"3f7453eb30cbf4b1a6623adef4b36a311bc7b927", "edcb03b06a9fcd3e3f84b5209b228f1da5ad2137",
                         "f8e8812226cdbb580dafe1d3d8cf6bcf78913e65"};
    for (int i = 0; i < 3; i++)
        CHECK(ngot > 0 && bsearch(&ids[i], got, (size_t)ngot, sizeof *got, cmp_str) != NULL);
    if (nwant > 0) free_column(want, nwant);
    if (ngot > 0) free_column(got, ngot);
    free(out);
    ov_store_close(st);
}

/* Exports a store as envelope JSON lines into a malloc'd string. */
static char *export_entities(ov_store *st, ov_format fmt, int64_t *count)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ov_export_opts eo = {.format = fmt};
    CHECK_EQ_INT(ov_export(st, M, f, &eo, count), OV_OK);
    fclose(f);
    return out;
}

static void test_export_roundtrip(void)
{
    char path[512];
    fixture_path("zala_entities.ftm.json", path, sizeof path);
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    if (!in) return;
    errs e;
    ov_ingest_opts o = opts_for(OV_FMT_AUTO, &e);
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_validate(M, path, in, &o, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 91);
    CHECK_EQ_INT(s.rejected, 0);
    rewind(in);
    ov_store *a = new_store(), *b = new_store();
    if (!a || !b) {
        fclose(in);
        ov_store_close(a);
        ov_store_close(b);
        return;
    }
    CHECK_EQ_INT(ov_ingest(a, M, path, in, &o, &s), OV_OK);
    fclose(in);
    int64_t n1 = 0, n2 = 0;
    char *first = export_entities(a, OV_FMT_ENTITIES, &n1);
    CHECK_EQ_INT(n1, 91);
    /* what we export loads back to the same export */
    CHECK_EQ_INT(ingest_str(b, first, &o, &s), OV_OK);
    CHECK_EQ_INT(s.rejected, 0);
    char *second = export_entities(b, OV_FMT_ENTITIES, &n2);
    CHECK_EQ_INT(n2, 91);
    CHECK(first && second && strcmp(first, second) == 0);
    /* the envelope keeps the source's datasets and dates */
    CHECK(first && strstr(first, "\"id\":\"NK-2Tbri3s6GgNtAwsSXh4qpL\",\"caption\":\"Maria Aleksandrovna Osetrova\"") != NULL);
    free(first);
    free(second);

    /* plain form: only id, schema, properties */
    char *plain = export_entities(a, OV_FMT_PLAIN, &n1);
    CHECK(plain && strstr(plain, "\"caption\"") == NULL && strstr(plain, "\"datasets\"") == NULL);
    CHECK(plain && strncmp(plain, "{\"id\":", 6) == 0);
    free(plain);

    /* one entity through ov_entity_write_json */
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(a, "NK-2Tbri3s6GgNtAwsSXh4qpL", 0, &ent), OV_OK);
    if (ent) {
        char *one = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&one, &len);
        CHECK_EQ_INT(ov_entity_write_json(f, M, ent, false), OV_OK);
        fclose(f);
        CHECK(strncmp(one, "{\"id\":\"NK-2Tbri3s6GgNtAwsSXh4qpL\",\"schema\":\"Person\",\"properties\":{", 66) == 0);
        CHECK(strstr(one, "\"country\":[\"ru\"]") != NULL);
        CHECK(one[len - 1] == '}');
        free(one);
        ov_entity_free(ent);
    }
    ov_store_close(a);
    ov_store_close(b);
}

static void test_format_parse(void)
{
    CHECK_EQ_INT(ov_format_parse("entities"), OV_FMT_ENTITIES);
    CHECK_EQ_INT(ov_format_parse("ftm"), OV_FMT_ENTITIES);
    CHECK_EQ_INT(ov_format_parse("plain"), OV_FMT_PLAIN);
    CHECK_EQ_INT(ov_format_parse("delta"), OV_FMT_DELTA);
    CHECK_EQ_INT(ov_format_parse("csv"), OV_FMT_STATEMENTS);
    CHECK_EQ_INT(ov_format_parse("statements"), OV_FMT_STATEMENTS);
    CHECK_EQ_INT(ov_format_parse("xml"), -1);
    CHECK_EQ_INT(ov_status_parse(""), OV_ST_ASSERTED);
    CHECK_EQ_INT(ov_status_parse("disputed"), OV_ST_DISPUTED);
    CHECK_EQ_INT(ov_status_parse("Disputed"), -1);
    CHECK_EQ_STR(ov_status_name(OV_ST_RETRACTED), "retracted");
    CHECK_EQ_STR(ov_status_name(99), "unknown");
}

TEST_MAIN(setup, test_plain_entity, test_envelope, test_rejects, test_skip_invalid, test_csv,
          test_csv_long_row, test_small_max_line, test_delta, test_export_statement_ids, test_export_roundtrip, test_format_parse,
          teardown)
