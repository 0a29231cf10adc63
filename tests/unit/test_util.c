/* test_util.c - unit tests for src/util: buf, arena, hmap, utf8, csv and the
 * failure-injecting allocator. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "harness.h"
#include "oversight/oversight.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/hmap.h"
#include "util/prefault.h"
#include "util/utf8.h"
#include "util/termesc.h"
#include "util/json_check.h"
#include <cjson/cJSON.h>

/* ---- buf ------------------------------------------------------------------ */

static void test_buf_append(void)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 20);
    CHECK(b.data == NULL);
    CHECK_EQ_STR(ov_buf_str(&b), "");
    CHECK_EQ_INT(ov_buf_add(&b, "abc", 3), OV_OK);
    CHECK_EQ_INT(ov_buf_adds(&b, "def"), OV_OK);
    CHECK_EQ_INT(ov_buf_addc(&b, 'g'), OV_OK);
    CHECK_EQ_INT(ov_buf_add(&b, "zzz", 0), OV_OK);
    CHECK_EQ_INT(b.len, 7);
    CHECK_EQ_STR(ov_buf_str(&b), "abcdefg");
    CHECK(b.cap > b.len);
    /* binary bytes are kept, and the terminating NUL follows them */
    CHECK_EQ_INT(ov_buf_add(&b, "x\0y", 3), OV_OK);
    CHECK_EQ_INT(b.len, 10);
    CHECK(memcmp(b.data + 7, "x\0y", 4) == 0);

    size_t cap = b.cap;
    char *mem = b.data;
    ov_buf_reset(&b);
    CHECK_EQ_INT(b.len, 0);
    CHECK_EQ_STR(ov_buf_str(&b), "");
    CHECK_EQ_INT(b.cap, cap);
    CHECK(b.data == mem);
    ov_buf_release(&b);
    CHECK(b.data == NULL);
    CHECK_EQ_INT(b.len, 0);
    /* usable again after release */
    CHECK_EQ_INT(ov_buf_adds(&b, "again"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "again");
    ov_buf_release(&b);
}

static void test_buf_printf(void)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 20);
    CHECK_EQ_INT(ov_buf_printf(&b, "%d-%s", 42, "x"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "42-x");

    /* a result longer than printf's 256-byte stack buffer */
    char big[600];
    for (int i = 0; i < 599; i++) big[i] = (char)('a' + i % 26);
    big[599] = '\0';
    CHECK_EQ_INT(ov_buf_printf(&b, "[%s]", big), OV_OK);
    CHECK_EQ_INT(b.len, 4 + 601);
    CHECK(strncmp(b.data, "42-x[", 5) == 0);
    CHECK(memcmp(b.data + 5, big, 599) == 0);
    CHECK_EQ_INT(b.data[b.len - 1], ']');
    CHECK_EQ_INT(b.data[b.len], '\0');
    CHECK_EQ_INT(strlen(ov_buf_str(&b)), b.len);

    /* exactly 256 characters takes the slow path too */
    ov_buf_reset(&b);
    CHECK_EQ_INT(ov_buf_printf(&b, "%.256s", big), OV_OK);
    CHECK_EQ_INT(b.len, 256);
    CHECK(memcmp(b.data, big, 256) == 0);
    ov_buf_release(&b);
}

static void test_buf_limit(void)
{
    ov_buf b;
    ov_buf_init(&b, 10);
    CHECK_EQ_INT(ov_buf_adds(&b, "12345678"), OV_OK);
    CHECK_EQ_INT(ov_buf_adds(&b, "abc"), OV_ETOOBIG);
    CHECK_EQ_INT(b.len, 8);
    CHECK_EQ_STR(ov_buf_str(&b), "12345678");
    CHECK_EQ_INT(ov_buf_printf(&b, "%s", "abc"), OV_ETOOBIG);
    CHECK_EQ_STR(ov_buf_str(&b), "12345678");
    /* reaching the limit exactly is allowed */
    CHECK_EQ_INT(ov_buf_adds(&b, "9A"), OV_OK);
    CHECK_EQ_INT(b.len, 10);
    CHECK_EQ_INT(ov_buf_addc(&b, 'B'), OV_ETOOBIG);
    CHECK_EQ_STR(ov_buf_str(&b), "123456789A");
    /* a huge length does not wrap around the check */
    CHECK_EQ_INT(ov_buf_add(&b, "x", SIZE_MAX), OV_ETOOBIG);
    ov_buf_release(&b);

    /* the long printf path honours the limit as well */
    ov_buf_init(&b, 300);
    CHECK_EQ_INT(ov_buf_adds(&b, "x"), OV_OK);
    char big[400];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_EQ_INT(ov_buf_printf(&b, "%s", big), OV_ETOOBIG);
    CHECK_EQ_INT(b.len, 1);
    CHECK_EQ_STR(ov_buf_str(&b), "x");
    ov_buf_release(&b);
}

static void test_buf_json(void)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 20);
    CHECK_EQ_INT(ov_buf_add_json_str(&b, "a\"b\\c"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "\"a\\\"b\\\\c\"");
    ov_buf_reset(&b);
    CHECK_EQ_INT(ov_buf_add_json_str(&b, "l1\nl2\r\tx\x01y\x1f"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "\"l1\\nl2\\r\\tx\\u0001y\\u001f\"");
    ov_buf_reset(&b);
    /* UTF-8 passes through untouched */
    CHECK_EQ_INT(ov_buf_add_json_str(&b, "Žluť 海康威视 😀"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "\"Žluť 海康威视 😀\"");
    ov_buf_reset(&b);
    CHECK_EQ_INT(ov_buf_add_json_str(&b, ""), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "\"\"");
    /* appends after existing content */
    CHECK_EQ_INT(ov_buf_add_json_str(&b, "/"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "\"\"\"/\"");
    ov_buf_release(&b);

    /* escaping respects the limit */
    ov_buf_init(&b, 5);
    CHECK_EQ_INT(ov_buf_add_json_str(&b, "\x01\x02"), OV_ETOOBIG);
    ov_buf_release(&b);
}

static void test_buf_detach(void)
{
    ov_buf b;
    ov_buf_init(&b, 100);
    CHECK_EQ_INT(ov_buf_adds(&b, "owned"), OV_OK);
    char *p = ov_buf_detach(&b);
    CHECK_EQ_STR(p, "owned");
    CHECK(b.data == NULL);
    CHECK_EQ_INT(b.len, 0);
    CHECK_EQ_INT(b.cap, 0);
    CHECK_EQ_STR(ov_buf_str(&b), "");
    ov__free(p);
    /* an empty buffer detaches as an allocated "" */
    p = ov_buf_detach(&b);
    CHECK(p != NULL);
    CHECK_EQ_STR(p, "");
    ov__free(p);
    ov_buf_release(&b);
}

/* ---- arena ---------------------------------------------------------------- */

static void test_arena_align(void)
{
    ov_arena a;
    ov_arena_init(&a, 256, 1 << 20);
    static const size_t sizes[] = {1, 3, 16, 17, 100, 7, 500, 1};
    unsigned char *ptrs[8];
    for (int i = 0; i < 8; i++) {
        ptrs[i] = ov_arena_alloc(&a, sizes[i]);
        CHECK(ptrs[i] != NULL);
        CHECK_EQ_INT((uintptr_t)ptrs[i] % 16, 0);
        memset(ptrs[i], 'a' + i, sizes[i]);
    }
    /* no allocation overwrote another */
    int intact = 1;
    for (int i = 0; i < 8; i++)
        for (size_t k = 0; k < sizes[i]; k++) intact &= ptrs[i][k] == 'a' + i;
    CHECK(intact);
    CHECK_EQ_INT(a.used_total, 16 + 16 + 16 + 32 + 112 + 16 + 512 + 16);

    char *s = ov_arena_strdup(&a, "hello arena");
    CHECK_EQ_STR(s, "hello arena");
    char *t = ov_arena_strndup(&a, "abcdef", 3);
    CHECK_EQ_STR(t, "abc");
    CHECK((uintptr_t)t % 16 == 0);
    ov_arena_release(&a);
    CHECK(a.head == NULL);
}

static void test_arena_reset(void)
{
    ov_arena a;
    ov_arena_init(&a, 128, 1 << 20);
    void *first = ov_arena_alloc(&a, 32);
    CHECK(first != NULL);
    /* force further chunks */
    for (int i = 0; i < 10; i++) CHECK(ov_arena_alloc(&a, 100) != NULL);
    CHECK(ov_arena_alloc(&a, 4000) != NULL);
    ov_arena_reset(&a);
    CHECK_EQ_INT(a.used_total, 0);
    CHECK(a.head != NULL);
    uint64_t allocs = ov__alloc_count();
    void *again = ov_arena_alloc(&a, 32);
    CHECK(again == first);                    /* the kept chunk's memory is reused */
    CHECK_EQ_INT(ov__alloc_count(), allocs);  /* without a new allocation */
    char *s = ov_arena_strdup(&a, "after reset");
    CHECK_EQ_STR(s, "after reset");
    ov_arena_release(&a);

    /* reset of a never-used arena is harmless */
    ov_arena_init(&a, 128, 1 << 20);
    ov_arena_reset(&a);
    CHECK(a.head == NULL);
    ov_arena_release(&a);
}

static void test_arena_limit(void)
{
    ov_arena a;
    ov_arena_init(&a, 1024, 64);
    CHECK(ov_arena_alloc(&a, 48) != NULL);
    CHECK(ov_arena_alloc(&a, 17) == NULL); /* 48 + 32 > 64 */
    CHECK(ov_arena_alloc(&a, 16) != NULL); /* exactly 64 */
    CHECK(ov_arena_alloc(&a, 1) == NULL);
    CHECK(ov_arena_strdup(&a, "") == NULL);
    /* Was a bug (fixed): src/util/arena.c ov_arena_alloc(): the rounding n = (n + 15) & ~15
     * wraps for n > SIZE_MAX - 15, so a request of SIZE_MAX - 8 bytes becomes 0
     * bytes, passes the limit check and returns a non-NULL pointer (expected
     * NULL). ov_arena_strndup(a, s, SIZE_MAX) wraps the same way via n + 1. */
    CHECK(ov_arena_alloc(&a, SIZE_MAX - 8) == NULL);
    ov_arena_reset(&a);
    CHECK(ov_arena_alloc(&a, 64) != NULL); /* the budget is back after reset */
    ov_arena_release(&a);

    /* a request larger than the chunk size gets its own chunk */
    ov_arena_init(&a, 64, 1 << 20);
    unsigned char *big = ov_arena_alloc(&a, 5000);
    CHECK(big != NULL);
    if (big) {
        memset(big, 7, 5000);
        CHECK_EQ_INT(big[4999], 7);
    }
    ov_arena_release(&a);
}

/* ---- hmap ----------------------------------------------------------------- */

static void test_hmap_basic(void)
{
    ov_hmap m;
    ov_hmap_init(&m);
    uintptr_t v = 99;
    CHECK_EQ_INT(ov_hmap_get(&m, "a", 1, &v), 0);
    CHECK_EQ_INT(v, 99);
    CHECK_EQ_INT(ov_hmap_put(&m, "alpha", 5, 1), OV_OK);
    CHECK_EQ_INT(ov_hmap_put(&m, "beta", 4, 2), OV_OK);
    CHECK_EQ_INT(ov_hmap_get(&m, "alpha", 5, &v), 1);
    CHECK_EQ_INT(v, 1);
    CHECK_EQ_INT(ov_hmap_get(&m, "beta", 4, NULL), 1);
    CHECK_EQ_INT(ov_hmap_get(&m, "alph", 4, NULL), 0);   /* prefix is another key */
    CHECK_EQ_INT(ov_hmap_get(&m, "alphab", 6, NULL), 0);
    CHECK_EQ_INT(ov_hmap_put(&m, "alpha", 5, 7), OV_OK); /* overwrite */
    CHECK_EQ_INT(ov_hmap_get(&m, "alpha", 5, &v), 1);
    CHECK_EQ_INT(v, 7);
    CHECK_EQ_INT(m.count, 2);
    /* the empty key is a key like any other */
    CHECK_EQ_INT(ov_hmap_put(&m, "", 0, 5), OV_OK);
    CHECK_EQ_INT(ov_hmap_get(&m, "", 0, &v), 1);
    CHECK_EQ_INT(v, 5);
    CHECK_EQ_INT(m.count, 3);
    /* keys are copied */
    char key[8] = "temp";
    CHECK_EQ_INT(ov_hmap_put(&m, key, 4, 11), OV_OK);
    memcpy(key, "XXXX", 4);
    CHECK_EQ_INT(ov_hmap_get(&m, "temp", 4, &v), 1);
    CHECK_EQ_INT(v, 11);
    CHECK(ov_hmap_hash("", 0) != 0);
    ov_hmap_release(&m);
    CHECK_EQ_INT(m.count, 0);
    CHECK_EQ_INT(ov_hmap_get(&m, "alpha", 5, NULL), 0);
}

static void test_hmap_many(void)
{
    ov_hmap m;
    ov_hmap_init(&m);
    char key[32];
    int ok = 1;
    for (int i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        if (ov_hmap_put(&m, key, (size_t)n, (uintptr_t)i * 3) != OV_OK) ok = 0;
    }
    CHECK(ok);
    CHECK_EQ_INT(m.count, 10000);
    CHECK((m.cap & (m.cap - 1)) == 0);     /* a power of two */
    CHECK(m.count * 4 <= m.cap * 3);       /* load factor kept */
    int found = 0, right = 0;
    for (int i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        uintptr_t v;
        if (ov_hmap_get(&m, key, (size_t)n, &v)) {
            found++;
            if (v == (uintptr_t)i * 3) right++;
        }
    }
    CHECK_EQ_INT(found, 10000);
    CHECK_EQ_INT(right, 10000);
    CHECK_EQ_INT(ov_hmap_get(&m, "key-10000", 9, NULL), 0);
    ov_hmap_release(&m);
}

static void test_hmap_binary(void)
{
    ov_hmap m;
    ov_hmap_init(&m);
    CHECK_EQ_INT(ov_hmap_put(&m, "a\0b", 3, 1), OV_OK);
    CHECK_EQ_INT(ov_hmap_put(&m, "a\0c", 3, 2), OV_OK);
    CHECK_EQ_INT(ov_hmap_put(&m, "a", 1, 3), OV_OK);
    CHECK_EQ_INT(ov_hmap_put(&m, "a\0", 2, 4), OV_OK);
    CHECK_EQ_INT(m.count, 4);
    uintptr_t v;
    CHECK(ov_hmap_get(&m, "a\0b", 3, &v) && v == 1);
    CHECK(ov_hmap_get(&m, "a\0c", 3, &v) && v == 2);
    CHECK(ov_hmap_get(&m, "a", 1, &v) && v == 3);
    CHECK(ov_hmap_get(&m, "a\0", 2, &v) && v == 4);
    CHECK_EQ_INT(ov_hmap_get(&m, "a\0d", 3, NULL), 0);
    int64_t n1 = 12345, n2 = 12345 + ((int64_t)1 << 40);
    CHECK_EQ_INT(ov_hmap_put(&m, &n1, sizeof n1, 10), OV_OK);
    CHECK(ov_hmap_get(&m, &n1, sizeof n1, &v) && v == 10);
    CHECK_EQ_INT(ov_hmap_get(&m, &n2, sizeof n2, NULL), 0);
    ov_hmap_release(&m);
}

static void test_hmap_upsert(void)
{
    ov_hmap m;
    ov_hmap_init(&m);
    int added = -1;
    ov_hmap_slot *s = ov_hmap_upsert(&m, "k", 1, &added);
    CHECK(s != NULL);
    CHECK_EQ_INT(added, 1);
    if (!s) return;
    CHECK_EQ_INT(s->value, 0);
    CHECK_EQ_INT(s->klen, 1);
    CHECK_EQ_STR(s->key, "k");
    s->value = 42;
    s = ov_hmap_upsert(&m, "k", 1, &added);
    CHECK(s != NULL);
    CHECK_EQ_INT(added, 0);
    CHECK_EQ_INT(s ? s->value : 0, 42);
    CHECK_EQ_INT(m.count, 1);
    s = ov_hmap_upsert(&m, "other", 5, NULL); /* added may be NULL */
    CHECK(s != NULL);
    CHECK_EQ_INT(m.count, 2);
    uintptr_t v;
    CHECK(ov_hmap_get(&m, "k", 1, &v) && v == 42);
    ov_hmap_release(&m);
}

/* ---- utf8 ----------------------------------------------------------------- */

static int valid(const char *s, size_t n, size_t *bad)
{
    *bad = (size_t)-1;
    return ov_utf8_valid(s, n, bad);
}

static void test_utf8_valid(void)
{
    size_t bad;
    CHECK_EQ_INT(valid("hello, world", 12, &bad), 1);
    CHECK_EQ_INT(valid("", 0, &bad), 1);
    CHECK_EQ_INT(valid("海康威视", strlen("海康威视"), &bad), 1);
    CHECK_EQ_INT(valid("\xF0\x9F\x98\x80", 4, &bad), 1);          /* U+1F600 */
    CHECK_EQ_INT(valid("\xF4\x8F\xBF\xBF", 4, &bad), 1);          /* U+10FFFF */
    CHECK_EQ_INT(valid("\xED\x9F\xBF\xEE\x80\x80", 6, &bad), 1);  /* U+D7FF, U+E000 */
    CHECK_EQ_INT(valid("\xC2\x80\xDF\xBF", 4, &bad), 1);          /* U+0080, U+07FF */
    CHECK_EQ_INT(valid("Мария", strlen("Мария"), &bad), 1);

    CHECK_EQ_INT(valid("\xC0\x80", 2, &bad), 0); /* overlong NUL */
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(valid("ab\xC1\xBF", 4, &bad), 0); /* overlong 2-byte */
    CHECK_EQ_INT(bad, 2);
    CHECK_EQ_INT(valid("x\xE0\x80\x80", 4, &bad), 0); /* overlong 3-byte */
    CHECK_EQ_INT(bad, 1);
    CHECK_EQ_INT(valid("xy\xF0\x80\x80\x80", 6, &bad), 0); /* overlong 4-byte */
    CHECK_EQ_INT(bad, 2);
    CHECK_EQ_INT(valid("ab\xED\xA0\x80", 5, &bad), 0); /* surrogate U+D800 */
    CHECK_EQ_INT(bad, 2);
    CHECK_EQ_INT(valid("\xED\xBF\xBF", 3, &bad), 0); /* surrogate U+DFFF */
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(valid("abc\xF4\x90\x80\x80", 7, &bad), 0); /* > U+10FFFF */
    CHECK_EQ_INT(bad, 3);
    CHECK_EQ_INT(valid("\xF5\x80\x80\x80", 4, &bad), 0);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(valid("\xFF", 1, &bad), 0);
    CHECK_EQ_INT(bad, 0);
    /* truncated sequences: at the end, and followed by ASCII */
    CHECK_EQ_INT(valid("x\xE6\xB5", 3, &bad), 0);
    CHECK_EQ_INT(bad, 1);
    CHECK_EQ_INT(valid("海\xE6\xB5x", 6, &bad), 0);
    CHECK_EQ_INT(bad, 3);
    CHECK_EQ_INT(valid("\xF0\x9F\x98", 3, &bad), 0);
    CHECK_EQ_INT(bad, 0);
    /* a length that cuts a valid character */
    CHECK_EQ_INT(valid("海", 2, &bad), 0);
    CHECK_EQ_INT(bad, 0);
    /* a lone continuation byte */
    CHECK_EQ_INT(valid("ok\x80", 3, &bad), 0);
    CHECK_EQ_INT(bad, 2);
    /* NUL bytes are rejected */
    CHECK_EQ_INT(valid("ab\0cd", 5, &bad), 0);
    CHECK_EQ_INT(bad, 2);
    /* bad_offset may be NULL */
    CHECK_EQ_INT(ov_utf8_valid("\xC0\x80", 2, NULL), 0);
}

static void test_utf8_codec(void)
{
    static const struct { uint32_t cp; int len; } cases[] = {
        {0x41, 1}, {0x7F, 1}, {0xE9, 2}, {0x7FF, 2}, {0x800, 3}, {0x6D77, 3},
        {0xFFFF, 3}, {0x10000, 4}, {0x1F600, 4}, {0x10FFFF, 4}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[8] = {0};
        int n = ov_utf8_encode(cases[i].cp, out);
        CHECK_EQ_INT(n, cases[i].len);
        CHECK_EQ_INT(ov_utf8_valid(out, (size_t)n, NULL), 1);
        uint32_t back = 0;
        CHECK_EQ_INT(ov_utf8_decode(out, &back), n);
        CHECK_EQ_INT(back, cases[i].cp);
    }
    char out[8] = {0};
    CHECK_EQ_INT(ov_utf8_encode(0x6D77, out), 3);
    CHECK(memcmp(out, "海", 3) == 0);
    uint32_t cp;
    CHECK_EQ_INT(ov_utf8_decode("ж", &cp), 2);
    CHECK_EQ_INT(cp, 0x436);
    CHECK_EQ_INT(ov_utf8_decode("\xF0\x9F\x98\x80", &cp), 4);
    CHECK_EQ_INT(cp, 0x1F600);
}

static void test_utf8_cjk(void)
{
    uint32_t cp;
    ov_utf8_decode("海", &cp);
    CHECK_EQ_INT(ov_utf8_is_cjk(cp), 1);
    CHECK_EQ_INT(ov_utf8_is_cjk('a'), 0);
    ov_utf8_decode("ж", &cp);
    CHECK_EQ_INT(ov_utf8_is_cjk(cp), 0);
    CHECK_EQ_INT(ov_utf8_is_cjk(0x3042), 1);  /* あ */
    CHECK_EQ_INT(ov_utf8_is_cjk(0x30AB), 1);  /* カ */
    CHECK_EQ_INT(ov_utf8_is_cjk(0xD55C), 1);  /* 한 */
    CHECK_EQ_INT(ov_utf8_is_cjk(0x20000), 1); /* Extension B */
    CHECK_EQ_INT(ov_utf8_is_cjk(0x3002), 0);  /* 。 punctuation */
    CHECK_EQ_INT(ov_utf8_is_cjk(0xFF0C), 0);  /* ， fullwidth comma */
    CHECK_EQ_INT(ov_utf8_is_cjk(0x1F600), 0);
}

/* ---- csv ------------------------------------------------------------------ */

static FILE *mem_in(const char *s)
{
    return fmemopen((void *)(uintptr_t)s, strlen(s), "r");
}

static void test_csv_quoted(void)
{
    FILE *f = mem_in("a,\"b,c\",\"d\"\"e\",,\"\"\n"
                     "\"multi\nline\nfield\",z\n"
                     "next,row\n");
    ov_csv c;
    ov_csv_init(&c, f, 1024);
    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.line, 1);
    CHECK_EQ_INT(c.nfields, 5);
    CHECK_EQ_STR(ov_csv_field(&c, 0), "a");
    CHECK_EQ_STR(ov_csv_field(&c, 1), "b,c");
    CHECK_EQ_STR(ov_csv_field(&c, 2), "d\"e");
    CHECK_EQ_INT(ov_csv_field_len(&c, 2), 3);
    CHECK_EQ_STR(ov_csv_field(&c, 3), "");
    CHECK_EQ_STR(ov_csv_field(&c, 4), "");
    CHECK_EQ_STR(ov_csv_field(&c, 5), "");    /* out of range */
    CHECK_EQ_STR(ov_csv_field(&c, -1), "");
    CHECK_EQ_INT(ov_csv_field_len(&c, 9), 0);

    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.line, 2);
    CHECK_EQ_INT(c.nfields, 2);
    CHECK_EQ_STR(ov_csv_field(&c, 0), "multi\nline\nfield");
    CHECK_EQ_STR(ov_csv_field(&c, 1), "z");

    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.line, 5); /* the quoted newlines moved it on */
    CHECK_EQ_STR(ov_csv_field(&c, 0), "next");
    CHECK_EQ_STR(ov_csv_field(&c, 1), "row");
    CHECK_EQ_INT(ov_csv_next(&c), 0);
    ov_csv_release(&c);
    fclose(f);
}

static void test_csv_crlf(void)
{
    FILE *f = mem_in("h1,h2\r\n\"x\r\ny\",2\r\nlast,3");
    ov_csv c;
    ov_csv_init(&c, f, 1024);
    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.nfields, 2);
    CHECK_EQ_STR(ov_csv_field(&c, 1), "h2");
    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.line, 2);
    CHECK_EQ_STR(ov_csv_field(&c, 0), "x\r\ny"); /* kept inside quotes */
    CHECK_EQ_STR(ov_csv_field(&c, 1), "2");
    /* the last record has no line ending */
    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.line, 4);
    CHECK_EQ_STR(ov_csv_field(&c, 0), "last");
    CHECK_EQ_STR(ov_csv_field(&c, 1), "3");
    CHECK_EQ_INT(ov_csv_next(&c), 0);
    ov_csv_release(&c);
    fclose(f);
}

static int csv_first_error(const char *text, size_t max, ov_csv *c, FILE **f)
{
    *f = mem_in(text);
    ov_csv_init(c, *f, max);
    int rc;
    while ((rc = ov_csv_next(c)) == 1) {}
    return rc;
}

static void test_csv_errors(void)
{
    ov_csv c;
    FILE *f;
    CHECK_EQ_INT(csv_first_error("ok,1\na,\"bc\n", 1024, &c, &f), OV_EINVAL);
    CHECK(strstr(c.err, "quoted field not closed") != NULL);
    CHECK_EQ_INT(c.line, 2);
    ov_csv_release(&c);
    fclose(f);

    CHECK_EQ_INT(csv_first_error("short\n0123456789012345678901234567890123456789\n", 16, &c, &f),
                 OV_ETOOBIG);
    CHECK(strstr(c.err, "longer than 16") != NULL);
    CHECK_EQ_INT(c.line, 2);
    ov_csv_release(&c);
    fclose(f);

    CHECK_EQ_INT(csv_first_error("a\rb\n", 1024, &c, &f), OV_EINVAL);
    CHECK(strstr(c.err, "bare carriage return") != NULL);
    ov_csv_release(&c);
    fclose(f);

    CHECK_EQ_INT(csv_first_error("ab\"c\n", 1024, &c, &f), OV_EINVAL);
    CHECK(strstr(c.err, "quote inside an unquoted field") != NULL);
    ov_csv_release(&c);
    fclose(f);

    CHECK_EQ_INT(csv_first_error("\"ab\"c,d\n", 1024, &c, &f), OV_EINVAL);
    CHECK(strstr(c.err, "after closing quote") != NULL);
    ov_csv_release(&c);
    fclose(f);

    /* more fields than OV_CSV_MAX_FIELDS */
    char many[OV_CSV_MAX_FIELDS * 2 + 8];
    size_t n = 0;
    for (int i = 0; i <= OV_CSV_MAX_FIELDS; i++) {
        many[n++] = 'x';
        many[n++] = i < OV_CSV_MAX_FIELDS ? ',' : '\n';
    }
    many[n] = '\0';
    CHECK_EQ_INT(csv_first_error(many, 1 << 16, &c, &f), OV_ETOOBIG);
    CHECK(strstr(c.err, "fields") != NULL);
    ov_csv_release(&c);
    fclose(f);

    /* Was a bug (fixed): src/util/csv.c end_field(): when the record's bytes fit the limit
     * but the NUL that ends the last field does not, ov_buf_addc fails and
     * OV_ETOOBIG is returned without any text in c->err (expected "record
     * longer than 8 bytes", actual ""). ov_ingest then reports an empty
     * message for that row. */
    CHECK_EQ_INT(csv_first_error("abcdefgh\n", 8, &c, &f), OV_ETOOBIG);
    CHECK(c.err[0] != '\0');
    ov_csv_release(&c);
    fclose(f);
}

static char *write_fields(const char *const *fields, int n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    for (int i = 0; i < n; i++) {
        if (i) putc(',', out);
        ov_csv_write_field(out, fields[i]);
    }
    putc('\n', out);
    fclose(out);
    return text;
}

static void test_csv_write(void)
{
    const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", "海"};
    char *text = write_fields(fields, 7);
    CHECK_EQ_STR(text, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,海\n");
    /* what is written reads back the same */
    FILE *f = mem_in(text);
    ov_csv c;
    ov_csv_init(&c, f, 1024);
    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.nfields, 7);
    for (int i = 0; i < 7 && i < c.nfields; i++) CHECK_EQ_STR(ov_csv_field(&c, i), fields[i]);
    CHECK_EQ_INT(ov_csv_next(&c), 0);
    ov_csv_release(&c);
    fclose(f);
    free(text);
}

/* Issue 20: every CSV writer neutralises a field a spreadsheet would take for a
 * formula, and our reader undoes exactly that. */
static void test_csv_formula(void)
{
    const char *fields[] = {"=HYPERLINK(\"http://e\")", "@SUM(A1)", "+44 20", "-5", "\tx", "'=x", "''@y",
                            "'plain", "a=b", "plain"};
    char *text = write_fields(fields, 10);
    CHECK_EQ_STR(text, "\"'=HYPERLINK(\"\"http://e\"\")\",\"'@SUM(A1)\",\"'+44 20\",\"'-5\",\"'\tx\","
                       "\"''=x\",\"'''@y\",'plain,a=b,plain\n");
    FILE *f = mem_in(text);
    ov_csv c;
    ov_csv_init(&c, f, 1024);
    CHECK_EQ_INT(ov_csv_next(&c), 1);
    CHECK_EQ_INT(c.nfields, 10);
    for (int i = 0; i < 10 && i < c.nfields; i++) {
        const char *got = ov_csv_field(&c, i);
        /* nothing a spreadsheet reads as a formula is left at the start */
        CHECK(!got[0] || !strchr("=+-@\t\r", got[0]));
        CHECK_EQ_STR(ov_csv_unneutralize(got), fields[i]);
    }
    ov_csv_release(&c);
    fclose(f);
    free(text);
    ov_buf b;
    ov_buf_init(&b, 1024);
    CHECK_EQ_INT(ov_csv_append_field(&b, "=1+1"), OV_OK);
    CHECK_EQ_STR(ov_buf_str(&b), "\"'=1+1\"");
    ov_buf_release(&b);
}

/* Issue 20: what a terminal would act on is shown, not sent. */
static void test_term_escape(void)
{
    char out[128];
    ov__term_escape(out, sizeof out, "a\x1b]0;pwn\x07" "b");
    CHECK_EQ_STR(out, "a\\x1b]0;pwn\\x07b");
    ov__term_escape(out, sizeof out, "C1 \xc2\x9b" "2J, DEL \x7f, bad \xff, kept: \xe6\xb5\xb7 \\ \xc2\xa0.");
    CHECK_EQ_STR(out, "C1 \\xc2\\x9b2J, DEL \\x7f, bad \\xff, kept: \xe6\xb5\xb7 \\ \xc2\xa0.");
    ov__term_escape(out, sizeof out, "tab\tnl\n");
    CHECK_EQ_STR(out, "tab\\x09nl\\x0a");
    char small[6];
    CHECK_EQ_INT(ov__term_escape(small, sizeof small, "ab\x1b"), 2); /* an escape is not cut in half */
    CHECK_EQ_STR(small, "ab");
    FILE *f = tmpfile();
    ov__term_put(f, "x\x07");
    rewind(f);
    char got[16] = {0};
    CHECK(fread(got, 1, sizeof got - 1, f) == 5);
    CHECK_EQ_STR(got, "x\\x07");
    fclose(f);
}

/* Issue 20: a key twice in one object is found, in small, large and nested objects. */
static void test_json_dup_key(void)
{
    int oom;
    cJSON *j = cJSON_Parse("{\"a\":1,\"b\":{\"c\":[1,{\"d\":1,\"d\":2}]}}");
    CHECK_EQ_STR(ov__json_dup_key(j, &oom), "d");
    cJSON_Delete(j);
    j = cJSON_Parse("{\"a\":1,\"b\":{\"c\":[1,{\"d\":1,\"e\":2}]}}");
    CHECK(ov__json_dup_key(j, &oom) == NULL);
    CHECK_EQ_INT(oom, 0);
    cJSON_Delete(j);
    char big[4096];
    size_t n = 0;
    n += (size_t)snprintf(big + n, sizeof big - n, "{");
    for (int i = 0; i < 100; i++) n += (size_t)snprintf(big + n, sizeof big - n, "\"k%d\":%d,", i, i);
    snprintf(big + n, sizeof big - n, "\"k57\":0}");
    j = cJSON_Parse(big);
    CHECK_EQ_STR(ov__json_dup_key(j, &oom), "k57");
    cJSON_Delete(j);
}

/* ---- allocation failure injection ----------------------------------------- */

static void test_alloc_injection(void)
{
    uint64_t before = ov__alloc_count();
    void *p = ov__malloc(10);
    CHECK(p != NULL);
    CHECK_EQ_INT(ov__alloc_count(), before + 1);
    ov__free(p);

    ov__alloc_fail_after(0);
    CHECK(ov__malloc(10) == NULL);
    CHECK(ov__calloc(2, 8) == NULL);
    CHECK(ov__strdup("x") == NULL);
    ov_buf b;
    ov_buf_init(&b, 1024);
    CHECK_EQ_INT(ov_buf_adds(&b, "abc"), OV_ENOMEM);
    CHECK(b.data == NULL);
    CHECK_EQ_INT(b.len, 0);
    ov_hmap m;
    ov_hmap_init(&m);
    CHECK_EQ_INT(ov_hmap_put(&m, "k", 1, 1), OV_ENOMEM);
    CHECK_EQ_INT(m.count, 0);
    ov_arena a;
    ov_arena_init(&a, 64, 1024);
    CHECK(ov_arena_alloc(&a, 8) == NULL);
    ov__alloc_fail_after(-1);

    /* switched off again */
    p = ov__malloc(10);
    CHECK(p != NULL);
    ov__free(p);

    /* growing a buffer that has content: the failed append leaves it intact */
    CHECK_EQ_INT(ov_buf_adds(&b, "0123456789"), OV_OK);
    char big[200];
    memset(big, 'z', sizeof big);
    ov__alloc_fail_after(0);
    CHECK_EQ_INT(ov_buf_add(&b, big, sizeof big), OV_ENOMEM);
    ov__alloc_fail_after(-1);
    CHECK_EQ_INT(b.len, 10);
    CHECK_EQ_STR(ov_buf_str(&b), "0123456789");

    /* a countdown: the first allocation succeeds, the second fails */
    ov__alloc_fail_after(1);
    void *q1 = ov__malloc(4);
    void *q2 = ov__malloc(4);
    ov__alloc_fail_after(-1);
    CHECK(q1 != NULL);
    CHECK(q2 == NULL);
    ov__free(q1);

    /* the hmap fails cleanly when the key copy (after the table) fails */
    ov__alloc_fail_after(1);
    CHECK_EQ_INT(ov_hmap_put(&m, "k", 1, 1), OV_ENOMEM);
    ov__alloc_fail_after(-1);
    CHECK_EQ_INT(m.count, 0);
    CHECK_EQ_INT(ov_hmap_get(&m, "k", 1, NULL), 0);
    CHECK_EQ_INT(ov_hmap_put(&m, "k", 1, 1), OV_OK);
    CHECK_EQ_INT(ov_hmap_get(&m, "k", 1, NULL), 1);

    ov_hmap_release(&m);
    ov_arena_release(&a);
    ov_buf_release(&b);
}

static long minor_faults(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_minflt;
}

/* ov__prefault maps fresh memory without changing a byte of it, even while
 * the caller writes it; afterwards writing it takes (almost) no page faults. */
static void test_prefault(void)
{
    size_t len = (size_t)8 << 20, pages = len / 4096;
    unsigned char *a = malloc(len), *b = malloc(len);
    CHECK(a && b);
    if (!a || !b) return;
    /* a: written while the thread maps it; the bytes are the caller's */
    void *const pa[] = {a, NULL, a + 5};
    const size_t la[] = {len, 4096, 10};
    ov__prefault *h = ov__prefault_start(pa, la, 3, 0, 1);
    for (size_t i = 0; i < len; i++) a[i] = (unsigned char)(i * 7 + 3);
    ov__prefault_join(h);
    bool same = true;
    for (size_t i = 0; i < len; i++) same &= a[i] == (unsigned char)(i * 7 + 3);
    CHECK(same);
    /* b: mapped first, then written */
    void *const pb[] = {b};
    const size_t lb[] = {len};
    h = ov__prefault_start(pb, lb, 1, 1, 0);
    CHECK(h != NULL);
    /* wait until the thread has mapped everything (about 3 ms on the benchmark machine;
     * on a loaded machine much longer: no fixed sleep), then stop it */
    struct timespec ts = {0, 5 * 1000 * 1000};
    for (int i = 0; i < 2000 && !ov__prefault_finished(h); i++) nanosleep(&ts, NULL);
    CHECK(ov__prefault_finished(h));
    ov__prefault_join(h);
    long f0 = minor_faults();
    memset(b, 1, len);
    long faults = minor_faults() - f0;
    if (faults > (long)pages / 4) {
        ov_t_fail++;
        fprintf(stderr, "prefault: writing %zu mapped pages took %ld faults\n", pages, faults);
    } else {
        ov_t_pass++;
    }
    /* too little to be worth a thread; nothing at all */
    void *const pc[] = {b};
    const size_t lc[] = {4096 * 4};
    CHECK(ov__prefault_start(pc, lc, 1, 0, 1) == NULL);
    CHECK(ov__prefault_start(NULL, NULL, 0, 0, 0) == NULL);
    ov__prefault_join(NULL);
    free(a);
    free(b);
}

TEST_MAIN(test_buf_append, test_buf_printf, test_buf_limit, test_buf_json, test_buf_detach,
          test_arena_align, test_arena_reset, test_arena_limit, test_hmap_basic, test_hmap_many,
          test_hmap_binary, test_hmap_upsert, test_utf8_valid, test_utf8_codec, test_utf8_cjk,
          test_csv_quoted, test_csv_crlf, test_csv_errors, test_csv_write, test_csv_formula, test_term_escape, test_json_dup_key,
          test_alloc_injection, test_prefault)
