/* fuzz_http.c - libFuzzer target for the server's request parsing (src/http/route.c):
 * the request target (path, query string, percent-decoding), url-encoded
 * forms and multipart uploads, and the escapers on whatever they decode.
 * Input: "TARGET\nBOUNDARY\nBODY". */
#include <stdint.h>
#include <string.h>
#include "http/http_internal.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20) return 0;
    char *in = ov__malloc(size + 1);
    if (!in) return 0;
    memcpy(in, data, size);
    in[size] = '\0';
    char *nl1 = memchr(in, '\n', size);
    char *boundary = "b", *body = "";
    size_t body_len = 0;
    if (nl1) {
        *nl1 = '\0';
        boundary = nl1 + 1;
        char *nl2 = memchr(boundary, '\n', size - (size_t)(boundary - in));
        if (nl2) {
            *nl2 = '\0';
            body = nl2 + 1;
            body_len = size - (size_t)(body - in);
        }
    }
    ov_arena a;
    ov_arena_init(&a, 4096, 4 << 20);
    ov__req r;
    memset(&r, 0, sizeof r);
    r.arena = &a;
    ov_buf out;
    ov_buf_init(&out, 16 << 20);
    if (ov__req_parse_target(&r, in) == OV_OK) {
        ov__html(&out, r.path);
        ov__json(&out, r.path);
        ov__url(&out, r.path);
        (void)ov__path_after(r.path, "/api/entities/");
    }
    ov__req_parse_form(&r, body, body_len);
    for (int i = 0; i < r.n_params; i++) {
        ov__json(&out, r.params[i].name);
        ov__html(&out, r.params[i].value);
    }
    (void)ov__req_param(&r, "q");
    char ct[300];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", boundary);
    const char *file;
    size_t flen;
    char *fname;
    if (ov__multipart_file(&a, ct, body, body_len, &file, &flen, &fname) == OV_OK) {
        if (flen > body_len || file < body || file + flen > body + body_len) __builtin_trap();
        ov__html(&out, fname);
    }
    if (ov__multipart_part(&a, ct, body, body_len, "rule", &file, &flen, NULL) == OV_OK &&
        (flen > body_len || file < body || file + flen > body + body_len))
        __builtin_trap();
    ov_buf_release(&out);
    ov_arena_release(&a);
    ov__free(in);
    return 0;
}
