/* alloc.h - every allocation of the library goes through these wrappers, so
 * tests can count allocations and make the Nth one fail (ov__alloc_fail_after). */
#ifndef OV_ALLOC_H
#define OV_ALLOC_H
#include <stddef.h>
#include <stdint.h>

void *ov__malloc(size_t n);
void *ov__calloc(size_t n, size_t size);
void *ov__realloc(void *p, size_t n);
void ov__free(void *p);
/* A copy of s (or of its first n bytes, NUL-terminated); NULL on failure. */
char *ov__strdup(const char *s);
char *ov__strndup(const char *s, size_t n);

/* Test hooks: the number of successful allocations so far, and a countdown
 * after which every allocation fails (-1 switches failure injection off). */
uint64_t ov__alloc_count(void);
void ov__alloc_fail_after(int64_t n);
#endif
