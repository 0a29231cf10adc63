/* utf8.h - UTF-8 validation and code point iteration. */
#ifndef OV_UTF8_H
#define OV_UTF8_H
#include <stddef.h>
#include <stdint.h>
/* Returns 1 when s[0..n) is well-formed UTF-8 without NUL bytes; otherwise 0
 * and, when bad_offset is not NULL, the byte offset of the first bad byte. */
int ov_utf8_valid(const char *s, size_t n, size_t *bad_offset);
/* Decodes one code point at s (which must be valid UTF-8); returns its length. */
int ov_utf8_decode(const char *s, uint32_t *cp);
/* Appends the UTF-8 encoding of cp to out (at least 4 bytes); returns its length. */
int ov_utf8_encode(uint32_t cp, char *out);
/* 1 for code points that Chinese, Japanese and Korean write without spaces
 * between words (Han, Kana, Hangul syllables, CJK punctuation excluded). */
int ov_utf8_is_cjk(uint32_t cp);
#endif
