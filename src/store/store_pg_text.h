/* store_pg_text.h - the text the PostgreSQL backend makes for its search
 * index (store_pg_read.c), without libpq: what the search row and a query
 * become as tsvector and tsquery text. Apart from store_pg.h so that the fuzz
 * target (fuzz/fuzz_pg_search.c) can reach it. */
#ifndef OV_STORE_PG_TEXT_H
#define OV_STORE_PG_TEXT_H
#include <stdint.h>
#include "../util/buf.h"

/* Appends the COPY line of entity eid's search row: its names and text
 * (ov__fts_prepare's forms; any bytes, invalid UTF-8 read as U+FFFD) and the
 * tsvector of their words: "eid\tnames\ttext\ttsvector\n", each field in
 * COPY's text format. OV_ENOMEM or the buffer's cap. */
int ov__pg_search_row(ov_buf *b, int64_t eid, const ov_buf *names, const ov_buf *text);
/* Appends the tsquery text of a user query (NUL-terminated, any bytes):
 * ov__fts_query's phrases, each a sequence of quoted lexemes joined by <->,
 * the last one a prefix (:*) where the phrase asks, the phrases joined by &.
 * OV_EINVAL when the query has no word, OV_ETOOBIG, OV_ENOMEM. */
int ov__pg_ts_query(ov_buf *out, const char *query);
#endif
