/* test_fts.c - unit tests for the full-text preparation (src/search/fts.c):
 * CJK characters become single tokens, queries become quoted FTS5 terms. The
 * last tests run the produced expressions against a real FTS5 table. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "oversight/oversight.h"
#include "search/fts.h"

static char out_text[1024];

/* The indexable form of text, or "(error N)". */
static const char *prepare(const char *text)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 16);
    int rc = ov__fts_prepare(&b, text);
    if (rc)
        snprintf(out_text, sizeof out_text, "(error %d)", rc);
    else
        snprintf(out_text, sizeof out_text, "%s", ov_buf_str(&b));
    ov_buf_release(&b);
    return out_text;
}

/* The MATCH expression for query, or "(error N)". */
static const char *query(const char *q)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 16);
    int rc = ov__fts_query(&b, q);
    if (rc)
        snprintf(out_text, sizeof out_text, "(error %d)", rc);
    else
        snprintf(out_text, sizeof out_text, "%s", ov_buf_str(&b));
    ov_buf_release(&b);
    return out_text;
}

/* True when s is only quoted terms ("..." with no quote inside) separated by
 * single spaces, optionally followed by one '*': nothing FTS5 would read as
 * an operator, a column filter or a group. */
static bool only_quoted_terms(const char *s)
{
    const char *p = s;
    int terms = 0;
    while (*p) {
        if (terms) {
            if (*p == '*' && p[1] == '\0') return true;
            if (*p != ' ') return false;
            p++;
        }
        if (*p != '"') return false;
        const char *end = strchr(p + 1, '"');
        if (!end || end == p + 1) return false;
        for (const char *c = p + 1; c < end; c++)
            if (strchr("*()^:+-{}\\", *c) || (unsigned char)*c < 0x20) return false;
        p = end + 1;
        terms++;
        if (*p == '*' && p[1] == '\0') return true;
    }
    return terms > 0;
}

static void test_prepare(void)
{
    CHECK_EQ_STR(prepare("海康威视"), " 海  康  威  视  ");
    CHECK(strstr(prepare("海康威视"), "海 ") != NULL);
    CHECK_EQ_STR(prepare("Hikvision Digital"), "Hikvision Digital ");
    CHECK_EQ_STR(prepare("Мария Осетрова"), "Мария Осетрова ");
    CHECK_EQ_STR(prepare("ABC海康"), "ABC 海  康  ");
    /* Han characters are indexed simplified (as the name matcher compares them), kana as they are */
    CHECK_EQ_STR(prepare("東京タワー"), " 东  京  タ  ワ  ー  ");
    char trad[64];
    snprintf(trad, sizeof trad, "%s", prepare("海康威視"));
    CHECK_EQ_STR(trad, " 海  康  威  视  ");
    CHECK_EQ_STR(prepare("ＺＴＥ１"), "ZTE1 "); /* full-width letters and digits as ASCII */
    CHECK_EQ_STR(prepare("삼성전자"), " 삼  성  전  자  ");
    /* CJK punctuation is not made a token of its own */
    CHECK_EQ_STR(prepare("海，康"), " 海 ， 康  ");
    CHECK_EQ_STR(prepare(""), " ");

    /* appends: two values go into one column text */
    ov_buf b;
    ov_buf_init(&b, 1 << 16);
    CHECK_EQ_INT(ov__fts_prepare(&b, "Hik"), OV_OK);
    CHECK_EQ_INT(ov__fts_prepare(&b, "海"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "Hik  海  ");
    ov_buf_release(&b);

    /* the buffer limit is reported; what fits is kept, whole code points only */
    ov_buf_init(&b, 8);
    CHECK_EQ_INT(ov__fts_prepare(&b, "海康威视"), OV_ETOOBIG);
    CHECK_EQ_STR(ov_buf_str(&b), " 海  ");
    ov_buf_release(&b);
    ov_buf_init(&b, 9);
    CHECK_EQ_INT(ov__fts_prepare(&b, "Мария Осетрова"), OV_ETOOBIG);
    CHECK_EQ_STR(ov_buf_str(&b), "Мари");
    ov_buf_release(&b);
    ov_buf_init(&b, 6);
    CHECK_EQ_INT(ov__fts_prepare(&b, "abc海"), OV_ETOOBIG);
    CHECK_EQ_STR(ov_buf_str(&b), "abc ");
    ov_buf_release(&b);
    /* a truncated sequence at the end is not read past (the input should be valid UTF-8) */
    CHECK_EQ_STR(prepare("ab\xe6\xb5"), "ab\xe6\xb5 ");
}

static void test_query_cjk(void)
{
    CHECK_EQ_STR(query("海康"), "\"海 康\"");
    CHECK_EQ_STR(query("威"), "\"威\"");
    CHECK_EQ_STR(query("  海康威视  "), "\"海 康 威 视\"");
    /* separated CJK runs stay separate phrases */
    CHECK_EQ_STR(query("海康 威视"), "\"海 康\" \"威 视\"");
    CHECK_EQ_STR(query("海康，威视"), "\"海 康\" \"威 视\"");
    CHECK_EQ_STR(query("海康。"), "\"海 康\"");
}

static void test_query_words(void)
{
    CHECK_EQ_STR(query("hikvision camera"), "\"hikvision\" \"camera\"*");
    CHECK_EQ_STR(query("Hikv"), "\"Hikv\"*");
    CHECK_EQ_STR(query("  osetrova  "), "\"osetrova\"*");
    CHECK_EQ_STR(query("O'Brien"), "\"O\" \"Brien\"*");
    CHECK_EQ_STR(query("Осетрова Мария"), "\"Осетрова\" \"Мария\"*");
    CHECK_EQ_STR(query("Žluťoučký kůň"), "\"Žluťoučký\" \"kůň\"*");
    CHECK_EQ_STR(query("a—b"), "\"a\" \"b\"*"); /* em dash separates */

    /* mixed scripts: the prefix star only follows a final Latin word */
    CHECK_EQ_STR(query("Hikvision 海康"), "\"Hikvision\" \"海 康\"");
    CHECK_EQ_STR(query("海康 hik"), "\"海 康\" \"hik\"*");
    CHECK_EQ_STR(query("海康hik"), "\"海 康\" \"hik\"*");

    /* nothing to search for */
    CHECK_EQ_STR(query("!!! ,,, --- ..."), "(error -2)");
    CHECK_EQ_STR(query(""), "(error -2)");
    CHECK_EQ_STR(query("。，"), "(error -2)");
    CHECK_EQ_STR(query("\"*()"), "(error -2)");
}

static void test_query_injection(void)
{
    static const char *hostile[] = {
        "foo\" OR bar",        "foo*",          "(foo OR bar)",       "names:foo",
        "foo AND NOT bar",     "NEAR(a b, 2)",  "\"\"\"",             "x\" * \"y",
        "^start",              "a + b",         "-minus",             "{names text}: q",
        "海\"康",              "“quoted”",      "ｆｏｏ＂ＯＲ",      "a\\\"b",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        const char *q = query(hostile[i]);
        bool okq = only_quoted_terms(q) || strcmp(q, "(error -2)") == 0;
        if (!okq) fprintf(stderr, "query %s -> %s\n", hostile[i], q);
        CHECK(okq);
    }
    /* operators become plain quoted words */
    CHECK_EQ_STR(query("foo\" OR (bar*)"), "\"foo\" \"OR\" \"bar\"*");
    CHECK_EQ_STR(query("\"\"\""), "(error -2)");
    CHECK_EQ_STR(query("foo OR bar"), "\"foo\" \"OR\" \"bar\"*");
}

/* ---- against SQLite's FTS5 ------------------------------------------------ */

static sqlite3 *db;

static void index_row(int64_t rowid, const char *const *names, int n)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 16);
    for (int i = 0; i < n; i++) ov__fts_prepare(&b, names[i]);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "INSERT INTO search(rowid, names) VALUES (?, ?)", -1, &s, NULL);
    sqlite3_bind_int64(s, 1, rowid);
    sqlite3_bind_text(s, 2, ov_buf_str(&b), -1, SQLITE_TRANSIENT);
    CHECK_EQ_INT(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    ov_buf_release(&b);
}

/* The rowids matching the user query, as "1,2", "" for none, or "(error)". */
static const char *match(const char *user)
{
    static char res[128];
    ov_buf q;
    ov_buf_init(&q, 1 << 16);
    if (ov__fts_query(&q, user)) {
        ov_buf_release(&q);
        return "(no query)";
    }
    sqlite3_stmt *s;
    res[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid", -1, &s,
                           NULL) != SQLITE_OK) {
        ov_buf_release(&q);
        return "(error)";
    }
    sqlite3_bind_text(s, 1, ov_buf_str(&q), -1, SQLITE_TRANSIENT);
    int rc;
    size_t n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        n += (size_t)snprintf(res + n, sizeof res - n, "%s%lld", n ? "," : "",
                              (long long)sqlite3_column_int64(s, 0));
    if (rc != SQLITE_DONE) snprintf(res, sizeof res, "(error)");
    sqlite3_finalize(s);
    ov_buf_release(&q);
    return res;
}

static void test_fts5_roundtrip(void)
{
    CHECK_EQ_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db,
                              "CREATE VIRTUAL TABLE search USING fts5(names, text,"
                              " tokenize = \"unicode61 remove_diacritics 2\")",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    const char *hik[] = {"杭州海康威视数字技术股份有限公司", "Hikvision"};
    const char *maria[] = {"Maria Osetrova", "Мария Осетрова"};
    const char *cafe[] = {"Café Zürich"};
    index_row(1, hik, 2);
    index_row(2, maria, 2);
    index_row(3, cafe, 1);

    CHECK_EQ_STR(match("海康"), "1");
    CHECK_EQ_STR(match("威"), "1");
    CHECK_EQ_STR(match("海康威视"), "1");
    CHECK_EQ_STR(match("康海"), "");      /* a phrase: order matters */
    CHECK_EQ_STR(match("海威"), "");      /* and adjacency */
    CHECK_EQ_STR(match("Hikv"), "1");
    CHECK_EQ_STR(match("hikvision 海康"), "1");
    CHECK_EQ_STR(match("hikvision camera"), "");
    CHECK_EQ_STR(match("osetrova"), "2");
    CHECK_EQ_STR(match("OSETROVA maria"), "2");
    CHECK_EQ_STR(match("осетрова"), "2");
    CHECK_EQ_STR(match("cafe zurich"), "3");
    CHECK_EQ_STR(match("zür"), "3");
    /* hostile input is searched for as words, without an FTS5 syntax error */
    CHECK_EQ_STR(match("maria\" OR \"cafe"), "");
    CHECK_EQ_STR(match("osetrova) OR (hikvision"), "");
    CHECK_EQ_STR(match("names:maria"), "");
    CHECK_EQ_STR(match("NEAR(maria"), "");
    CHECK_EQ_STR(match("*"), "(no query)");
    sqlite3_close(db);
    db = NULL;
}

TEST_MAIN(test_prepare, test_query_cjk, test_query_words, test_query_injection, test_fts5_roundtrip)
