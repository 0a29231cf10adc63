/* fts.h - how text becomes FTS5 tokens. SQLite's unicode61 tokenizer splits on
 * spaces and punctuation, which leaves a run of Chinese characters as one
 * token; we put a space around every CJK character before indexing, and turn a
 * CJK query into a phrase of single characters, so any substring of a Chinese
 * name matches, one- and two-character queries included. Latin, Cyrillic and
 * other scripts stay words (folded for case and diacritics by unicode61). */
#ifndef OV_FTS_H
#define OV_FTS_H
#include <stdint.h>
#include "../util/buf.h"
/* Appends the indexable form of text (valid UTF-8) to out, then a space. */
int ov__fts_prepare(ov_buf *out, const char *text);
/* Writes to out an FTS5 MATCH expression for a user query: every word must
 * match (the last one as a prefix), CJK runs as phrases. OV_EINVAL when the
 * query has no searchable characters. */
int ov__fts_query(ov_buf *out, const char *query);
/* A code point as search compares it: ASCII and Latin-1 capitals lowered,
 * full-width letters narrowed, traditional Chinese simplified. */
uint32_t ov__fts_fold_cp(uint32_t cp);
#endif
