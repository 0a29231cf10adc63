/* test_names.c - normalisation, similarities, settings and the yente shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "oversight/match.h"
#include "names/names_internal.h"

static ov_names *nm;

static void open_names(void)
{
    char err[256];
    CHECK(ov_names_open(&nm, err, sizeof err) == OV_OK);
}

static void forms(void)
{
    ov_name_form f;
    CHECK(ov_names_normalize(nm, "Hangzhou Hikvision Digital Technology Co., Ltd.", &f) == OV_OK);
    CHECK_EQ_STR(f.core, "hikvision");
    CHECK_EQ_STR(f.full, "hangzhou hikvision digital technology");
    CHECK(ov_names_normalize(nm, "杭州海康威视数字技术股份有限公司", &f) == OV_OK);
    CHECK_EQ_STR(f.han, "海康威视");
    CHECK_EQ_STR(f.compact, "haikangweishi");
    CHECK(ov_names_normalize(nm, "海康威視", &f) == OV_OK); /* traditional */
    CHECK_EQ_STR(f.han, "海康威视");
    CHECK(ov_names_normalize(nm, "Haikang Weishi", &f) == OV_OK);
    CHECK_EQ_STR(f.compact, "haikangweishi");
    CHECK(ov_names_normalize(nm, "ПАО Газпром", &f) == OV_OK);
    CHECK_EQ_STR(f.core, "gazprom");
    CHECK(ov_names_normalize(nm, "ＨＩＫＶＩＳＩＯＮ", &f) == OV_OK);
    CHECK_EQ_STR(f.core, "hikvision");
    CHECK(ov_names_normalize(nm, "Sa Ka Li", &f) == OV_OK); /* a leading pinyin "sa" is not S.A. */
    CHECK_EQ_STR(f.core, "sa ka li");
    CHECK(ov_names_normalize(nm, "Dahua S.A.", &f) == OV_OK);
    CHECK_EQ_STR(f.core, "dahua");
    CHECK(ov_names_normalize(nm, "Limited", &f) == OV_OK); /* only a legal form: kept */
    CHECK_EQ_STR(f.core, "limited");
    /* a legal-form word with one typo is still a legal form, but not as the first word */
    CHECK(ov_names_normalize(nm, "Lockheed Martin Croporation", &f) == OV_OK);
    CHECK_EQ_STR(f.full, "lockheed martin");
    CHECK(ov_names_normalize(nm, "Tokin Corporaion", &f) == OV_OK);
    CHECK_EQ_STR(f.full, "tokin");
    CHECK(ov_names_normalize(nm, "Limted Brands", &f) == OV_OK);
    CHECK_EQ_STR(f.full, "limted brands");
    CHECK(ov_names_normalize(nm, "Acme Corporations Inc", &f) == OV_OK); /* one extra letter */
    CHECK_EQ_STR(f.full, "acme");
    CHECK(ov_names_normalize(nm, "Acme Corpulent", &f) == OV_OK); /* two edits from any form */
    CHECK_EQ_STR(f.full, "acme corpulent");
    /* a Latin name spelled in pinyin syllables reads as the Han name it spells */
    ov_name_form h;
    CHECK(ov_names_normalize(nm, "高端航空技术有限公司", &h) == OV_OK);
    CHECK(ov_names_normalize(nm, "Gao Duan Hang Kong Ji Shu You Xian Gong Si", &f) == OV_OK);
    CHECK_EQ_STR(f.compact, h.compact);
    CHECK_EQ_STR(f.full, h.full);
    CHECK(ov_names_normalize(nm, "Gao DuanHang KongJi ShuGong Si", &f) == OV_OK); /* syllables run together */
    CHECK_EQ_STR(f.compact, h.compact);
    CHECK(ov_names_normalize(nm, "Hangzhou Haikang Weishi Shuzi Jishu Gufen Youxian Gongsi", &f) == OV_OK);
    CHECK_EQ_STR(f.compact, "haikangweishi");
    CHECK(ov_names_normalize(nm, "Haikang Weishi", &f) == OV_OK); /* no legal form: the word reading */
    CHECK_EQ_STR(f.full, "haikang weishi");
    CHECK(ov_names_normalize(nm, "Lockheed Martin Gongsi", &f) == OV_OK); /* not all pinyin */
    CHECK_EQ_STR(f.full, "lockheed martin");
    /* what qualifies "X (Y)" rather than naming it again */
    CHECK(ov__names_is_qualifier(nm, "Beijing"));
    CHECK(ov__names_is_qualifier(nm, " BVI "));
    CHECK(ov__names_is_qualifier(nm, "Group"));
    CHECK(ov__names_is_qualifier(nm, "北京"));
    CHECK(!ov__names_is_qualifier(nm, "AVIC"));
    CHECK(!ov__names_is_qualifier(nm, "SMIC Beijing"));
    CHECK(!ov__names_is_qualifier(nm, "海康威视"));
    CHECK(!ov__names_is_qualifier(nm, ""));
    CHECK(ov_names_normalize(nm, "\xff\xfe", &f) == OV_EINVAL);
    char big[5000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(ov_names_normalize(nm, big, &f) == OV_OK);
    CHECK(strlen(f.full) < OV_FORM_MAX);
}

static void similarities(void)
{
    /* the values jellyfish and python-Levenshtein give */
    CHECK(ov__jaro_winkler("martha", 6, "marhta", 6) > 0.9610 && ov__jaro_winkler("martha", 6, "marhta", 6) < 0.9612);
    CHECK(ov__jaro_winkler("dixon", 5, "dicksonx", 8) > 0.8132 && ov__jaro_winkler("dixon", 5, "dicksonx", 8) < 0.8134);
    CHECK(ov__levenshtein_sim("kitten", 6, "sitting", 7) > 0.571 && ov__levenshtein_sim("kitten", 6, "sitting", 7) < 0.572);
    /* the bit-parallel versions give exactly what the plain loops give, on
     * random strings over small alphabets (many repeats) up to and past 64 bytes */
    unsigned seed = 12345;
    int differ = 0;
    for (int t = 0; t < 20000; t++) {
        char a[100], b[100];
        seed = seed * 1103515245u + 12345u;
        size_t na = (seed >> 8) % 80, nb = (seed >> 18) % 80;
        int alpha = 2 + (int)((seed >> 4) % 6);
        for (size_t i = 0; i < na; i++) seed = seed * 1103515245u + 12345u, a[i] = (char)('a' + (seed >> 16) % alpha);
        for (size_t i = 0; i < nb; i++) seed = seed * 1103515245u + 12345u, b[i] = (char)('a' + (seed >> 16) % alpha);
        if (t % 7 == 0 && na) memcpy(b, a, na), nb = na, b[(seed >> 3) % na] = 'z';
        if (ov__jaro_winkler(a, na, b, nb) != ov__jaro_winkler_ref(a, na, b, nb)) differ++;
        if (ov__levenshtein_sim(a, na, b, nb) != ov__levenshtein_sim_ref(a, na, b, nb)) differ++;
    }
    CHECK(differ == 0);
    CHECK(ov__levenshtein_sim("", 0, "", 0) == 1.0 && ov__levenshtein_sim("ab", 2, "", 0) == 0.0);
    CHECK(ov__jaro_winkler("", 0, "ab", 2) == 0.0);
    char sx[5];
    CHECK(ov__soundex("robert", 6, sx) && !strcmp(sx, "R163"));
    CHECK(ov__soundex("ashcraft", 8, sx) && !strcmp(sx, "A261"));
    CHECK(ov__soundex("tymczak", 7, sx) && !strcmp(sx, "T522"));
    CHECK(!ov__soundex("360", 3, sx));
}

static void settings(void)
{
    ov_match_settings s;
    ov_match_settings_default(&s);
    CHECK(s.match_threshold > 0.5 && s.match_threshold < 1.0);
    CHECK(s.limit >= 1);
    char err[128];
    const char *t = "# c\nmatch_threshold = 0.9\nlimit=3\n";
    CHECK(ov_match_settings_parse(&s, t, strlen(t), err, sizeof err) == OV_OK);
    CHECK(s.match_threshold == 0.9 && s.limit == 3);
    CHECK(ov_match_settings_parse(&s, "nope = 1\n", 9, err, sizeof err) == OV_EINVAL);
    CHECK(ov_match_settings_parse(&s, "limit = x\n", 10, err, sizeof err) == OV_EINVAL);
}

/* The embedded vocabulary is the data file (data/names/embed.py was run). */
static void embedded(void)
{
    const char *fx = getenv("OV_FIXTURES");
    if (!fx) return;
    char path[1024];
    snprintf(path, sizeof path, "%s/../../data/names/settings.txt", fx);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) return;
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    CHECK_EQ_STR(buf, ov__names_settings);
}

static void yente(void)
{
    ov_model *m;
    char err[256];
    CHECK(ov_model_load_default(&m, err, sizeof err) == OV_OK);
    ov_matcher *mx;
    CHECK(ov_matcher_new(&mx, m, NULL, err, sizeof err) == OV_OK);
    ov_stmt st[3] = {{.prop = "name", .value = "Hikvision"},
                     {.prop = "alias", .value = "杭州海康威视数字技术股份有限公司"},
                     {.prop = "country", .value = "cn"}};
    ov_entity e = {.id = "co-hik", .schema = "Company", .stmts = st, .n_stmts = 3};
    bool added;
    CHECK(ov_matcher_add(mx, &e, &added) == OV_OK && added);
    ov_stmt st2[1] = {{.prop = "name", .value = "Zhang Wei"}};
    ov_entity p = {.id = "p-zhang", .schema = "Person", .stmts = st2, .n_stmts = 1};
    CHECK(ov_matcher_add(mx, &p, &added) == OV_OK && added);
    CHECK(ov_matcher_finish(mx) == OV_OK);
    const char *req = "{\"queries\":{\"a\":{\"schema\":\"Company\",\"properties\":{\"name\":[\"海康威視\"],"
                      "\"country\":[\"cn\"]}},\"b\":{\"schema\":\"Company\",\"properties\":{\"name\":\"Zhang Wei\"}}}}";
    char *resp;
    size_t len;
    CHECK(ov_match_yente(mx, req, strlen(req), &resp, &len, err, sizeof err) == OV_OK);
    CHECK(strstr(resp, "\"a\":{\"status\":200,\"results\":[{\"id\":\"co-hik\"") != NULL);
    CHECK(strstr(resp, "\"match\":true") != NULL);
    CHECK(strstr(resp, "p-zhang") == NULL); /* a Person is not a Company */
    ov_match_text_free(resp);
    const char *bad[] = {"{", "{\"queries\":[]}", "{\"queries\":{\"a\":{\"schema\":\"Nope\"}}}",
                         "{\"queries\":{\"a\":{\"schema\":\"Company\",\"properties\":{\"name\":[1]}}}}",
                         "{\"queries\":{\"a\":{\"schema\":\"Company\",\"properties\":{}}}}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(ov_match_yente(mx, bad[i], strlen(bad[i]), &resp, &len, err, sizeof err) == OV_EINVAL);
    ov_matcher_free(mx);
    ov_model_free(m);
}

static void close_names(void)
{
    ov_names_free(nm);
}

TEST_MAIN(open_names, forms, similarities, settings, embedded, yente, close_names)
