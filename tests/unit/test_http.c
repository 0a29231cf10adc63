/* test_http.c - the server's pure parts: request targets, percent-decoding,
 * forms, multipart uploads and escaping for HTML, JSON and URLs. */
#include <string.h>
#include "harness.h"
#include "http/http_internal.h"

static ov_arena arena;

static int parse(ov__req *r, const char *target)
{
    memset(r, 0, sizeof *r);
    r->arena = &arena;
    return ov__req_parse_target(r, target);
}

static void test_targets(void)
{
    ov__req r;
    CHECK_EQ_INT(parse(&r, "/api/entities/co-hikvision"), OV_OK);
    CHECK_EQ_STR(r.path, "/api/entities/co-hikvision");
    CHECK_EQ_STR(ov__path_after(r.path, "/api/entities/"), "co-hikvision");
    CHECK(ov__path_after("/api/entities/", "/api/entities/") == NULL);
    CHECK_EQ_INT(parse(&r, "/search?q=%E6%B5%B7%E5%BA%B7+x&schema=Company&empty=&flag"), OV_OK);
    CHECK_EQ_STR(ov__req_param(&r, "q"), "海康 x");
    CHECK_EQ_STR(ov__req_param(&r, "schema"), "Company");
    CHECK_EQ_STR(ov__req_param(&r, "empty"), "");
    CHECK_EQ_STR(ov__req_param(&r, "flag"), "");
    CHECK(ov__req_param(&r, "nope") == NULL);
    CHECK_EQ_INT(parse(&r, "/a%2Fb+c"), OV_OK);
    CHECK_EQ_STR(r.path, "/a/b+c"); /* '+' is a space only in queries */
    CHECK_EQ_INT(parse(&r, "/x#frag?y=1"), OV_OK);
    CHECK_EQ_STR(r.path, "/x");
    CHECK_EQ_INT(r.n_params, 0);
    /* refused: bad escapes, NUL, invalid UTF-8, relative, empty, too many parameters, too long */
    CHECK_EQ_INT(parse(&r, "/a%ZZ"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, "/a%2"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, "/a%"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, "/a%00b"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, "/a%ff"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, "/a?q=%C0%80"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, "a/b"), OV_EINVAL);
    CHECK_EQ_INT(parse(&r, ""), OV_EINVAL);
    char many[400] = "/s?";
    for (int i = 0; i < 40; i++) strncat(many, "a=1&", sizeof many - strlen(many) - 1);
    CHECK_EQ_INT(parse(&r, many), OV_EINVAL);
    static char longt[OV__MAX_TARGET + 10];
    memset(longt, 'a', sizeof longt - 1);
    longt[0] = '/';
    CHECK_EQ_INT(parse(&r, longt), OV_EINVAL);
    ov_arena_reset(&arena);
}

static void test_form_multipart(void)
{
    ov__req r;
    parse(&r, "/screen");
    CHECK_EQ_INT(ov__req_parse_form(&r, "a=1&b=%E4%B8%AD", 15), OV_OK);
    CHECK_EQ_STR(ov__req_param(&r, "b"), "中");
    const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.csv\"\r\n"
                       "Content-Type: text/csv\r\n\r\nname\r\n海康威视\r\n--XyZ--\r\n";
    const char *data;
    size_t len;
    char *fname;
    CHECK_EQ_INT(ov__multipart_file(&arena, "multipart/form-data; boundary=XyZ", body, strlen(body), &data, &len, &fname),
                 OV_OK);
    CHECK_EQ_STR(fname, "v.csv");
    CHECK(len == strlen("name\r\n海康威视") && memcmp(data, "name\r\n海康威视", len) == 0);
    CHECK_EQ_INT(ov__multipart_file(&arena, "multipart/form-data; boundary=\"XyZ\"", body, strlen(body), &data, &len,
                                    &fname),
                 OV_OK);
    CHECK_EQ_INT(ov__multipart_file(&arena, "multipart/form-data", body, strlen(body), &data, &len, &fname), OV_EINVAL);
    CHECK_EQ_INT(ov__multipart_file(&arena, "text/plain; boundary=XyZ", body, strlen(body), &data, &len, &fname),
                 OV_EINVAL);
    CHECK_EQ_INT(ov__multipart_file(&arena, "multipart/form-data; boundary=XyZ", body, 60, &data, &len, &fname),
                 OV_EINVAL);
    ov_arena_reset(&arena);
}

static void test_escaping(void)
{
    ov_buf b;
    ov_buf_init(&b, 1 << 20);
    ov__html(&b, "<a href=\"x\" onclick='y'>&`</a>");
    CHECK_EQ_STR(ov_buf_str(&b), "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;");
    ov_buf_reset(&b);
    ov__html(&b, NULL);
    CHECK_EQ_STR(ov_buf_str(&b), "");
    ov_buf_reset(&b);
    ov__json(&b, "</script>\"\\\n\t\x01&\xe2\x80\xa8中");
    CHECK_EQ_STR(ov_buf_str(&b), "\"\\u003c/script\\u003e\\\"\\\\\\n\\u0009\\u0001\\u0026\\u2028中\"");
    ov_buf_reset(&b);
    ov__url(&b, "co hik/中?&#\"<");
    CHECK_EQ_STR(ov_buf_str(&b), "co%20hik%2F%E4%B8%AD%3F%26%23%22%3C");
    ov_buf_release(&b);
}

int main(void)
{
    ov_arena_init(&arena, 4096, 1 << 20);
    test_targets();
    test_form_multipart();
    test_escaping();
    ov_arena_release(&arena);
    printf("%d passed, %d failed\n", ov_t_pass, ov_t_fail);
    return ov_t_fail ? 1 : 0;
}
