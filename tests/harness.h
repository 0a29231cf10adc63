/* harness.h - the in-tree test harness: CHECK macros that count, and a main
 * that prints "N passed, N failed" and exits non-zero on failure. */
#ifndef OV_TEST_HARNESS_H
#define OV_TEST_HARNESS_H
#include <stdio.h>
#include <string.h>

static int ov_t_pass, ov_t_fail;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) ov_t_pass++;                                                       \
        else {                                                                       \
            ov_t_fail++;                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                   \
    do {                                                                                     \
        long long ov_a = (long long)(a), ov_b = (long long)(b);                              \
        if (ov_a == ov_b) ov_t_pass++;                                                       \
        else {                                                                               \
            ov_t_fail++;                                                                     \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, #a, \
                    #b, ov_a, ov_b);                                                         \
        }                                                                                    \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                      \
    do {                                                                                        \
        const char *ov_a = (a), *ov_b = (b);                                                    \
        if (ov_a && ov_b && strcmp(ov_a, ov_b) == 0) ov_t_pass++;                               \
        else {                                                                                  \
            ov_t_fail++;                                                                        \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a, \
                    #b, ov_a ? ov_a : "(null)", ov_b ? ov_b : "(null)");                        \
        }                                                                                       \
    } while (0)

#define TEST_MAIN(...)                                                       \
    int main(void)                                                           \
    {                                                                        \
        void (*tests[])(void) = {__VA_ARGS__};                               \
        for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) tests[i](); \
        printf("%d passed, %d failed\n", ov_t_pass, ov_t_fail);             \
        return ov_t_fail ? 1 : 0;                                            \
    }
#endif
