/*
 * kept.c - the matcher's index in a file beside the store ("<store>.names"),
 * so that a later `match`, `screen` or server start on an unchanged store maps
 * it instead of scanning the store and normalising every name again
 * (docs/internals/names.md: the format, its checks, what invalidates it).
 * A PostgreSQL store has no file to keep it beside: it lives in the graph
 * snapshot's directory as "pg-<system id>-<db oid>.names", keyed by the same
 * store state (ov__store_state_of, store_pg_snapshot.c).
 *
 * The file is a header and nine sections, each 64-byte aligned, each with its
 * XXH3 checksum in the header: the string pool, the entities, the names, the
 * key table (hashes, counts, starts), the postings, and the entities of other
 * schemata a caller asked to see again (list entries and brands for a
 * screening), with those schemata. All are used in place from a read-only
 * mapping. The reader trusts nothing: every byte is checksummed, and sizes,
 * offsets, indexes and string lengths are checked, so any bytes give either
 * a matcher that answers safely or OV_ECORRUPT (fuzz/fuzz_names_index.c).
 *
 * What the file is valid for (its key): the store's state (ov__store_state:
 * generation counter, largest row ids, the file's inode, size and mtime;
 * PostgreSQL: the database's identity in place of the file's), the
 * model's schemata, and the normaliser (the vocabulary compiled in, the
 * forms of a set of probe names through this ICU and OpenCC, and
 * KEPT_VERSION, which a change of the format or of the normalisation that the
 * probes do not show must bump).
 */
#define XXH_STATIC_LINKING_ONLY
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include "kept.h"
#include "oversight/store.h"
#include "../util/alloc.h"
#include "../util/keptfile.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define KEPT_MAGIC "OVNAMES"   /* 8 bytes with its NUL */
#define KEPT_VERSION 5         /* bump on any change of layout, or of normalisation the probes miss */
#define KEPT_ENDIAN 0x01020304u
#define KEPT_ALIGN 64
#define EXTRA_MAX (5 * 64 + 8) /* the "legal|nums|place|qual|industry" string, as matcher.c writes it */

enum {
    K_KHASH,     /* u64 [kcap]: key hashes, 0 empty */
    K_KCOUNT,    /* u32 [kcap]: postings per key */
    K_KSTART,    /* u32 [kcap]: first posting per key */
    K_POSTINGS,  /* u32 [n_postings]: name numbers */
    K_ENTS,      /* mx_entity [n_ents] */
    K_NAMES,     /* mx_name [n_names] */
    K_SIDE,      /* mx_side [n_side] */
    K_SIDE_SCHEMAS, /* u32 [n_side_schemas]: the schemata whose entities K_SIDE lists (all of them) */
    K_POOL,      /* NUL-terminated UTF-8 strings; begins and ends with a NUL */
    K_COUNT
};

typedef struct kept_section {
    uint64_t off, len;         /* bytes from the start of the file */
    uint64_t hash;             /* XXH3-64 of the len bytes */
} kept_section;

typedef struct kept_header {
    char magic[8];
    uint32_t version, endian;  /* KEPT_VERSION, KEPT_ENDIAN as written by this machine */
    uint32_t header_size, entity_size, name_size, unused; /* sizeof of the structs; unused 0 */
    uint64_t file_size;        /* the whole file: a truncated or extended file is refused */
    ov__kept_key key;          /* the store state, model and normaliser it was written for */
    uint64_t kcap, n_postings, n_ents, n_names, n_side, n_side_schemas, pool_len;
    kept_section sec[K_COUNT];
    uint64_t hash;             /* XXH3-64 of the header's bytes before this field */
} kept_header;
_Static_assert(sizeof(mx_entity) == 32, "mx_entity is stored as it is");
_Static_assert(sizeof(mx_name) == 28, "mx_name is stored as it is");
_Static_assert(sizeof(mx_side) == 8, "mx_side is stored as it is");
_Static_assert(sizeof(ov__kept_key) == 12 * 8, "the key has no padding");

/* ---- the key ------------------------------------------------------------------- */

/* Names that exercise each part of the normaliser (Latin and Han legal forms,
 * traditional characters, places, pinyin read as Han, Cyrillic, numbers,
 * qualifiers, initialisms, full-width letters): a change to the vocabulary,
 * to ICU's or OpenCC's tables, or to most rules shows in their forms. */
static const char *const probes[] = {
    "Hangzhou Hikvision Digital Technology Co., Ltd.", "杭州海康威视数字技术股份有限公司", "海康威視",
    "浙江宇视科技有限公司", "Hangzhou Yushi Technology", "Zhe Jiang Da Hua Ji Shu Gu Fen You Xian Gong Si",
    "Общество с ограниченной ответственностью «РТЦ»", "Барклайс Холдингс ПАО", "Krupp Aktiengesellschaft",
    "Barclays Holdings p.l.c.", "Regiment Twenty-Two", "2nd National Bank", "Growth Fund VII L.P.",
    "ABC Bank (Asia) Limited", "China Electronics Technology Group Corporation", "CETC", "ＤＪＩ　Ｃｏ．",
    "Croporation Zeta", "第一研究所", "中国电子信息产业集团有限公司", "Müller & Söhne GmbH", "Σίμενς Α.Ε.",
    "RUBIO, Marco", "Алексей Навальный", "محمد بن سلمان", "ソニー株式会社", "삼성전자 주식회사"};

uint64_t ov__kept_norm_fingerprint(ov__names *nm)
{
    XXH3_state_t h;
    XXH3_64bits_reset(&h);
    uint32_t v = KEPT_VERSION;
    XXH3_64bits_update(&h, &v, sizeof v);
    const char *const vocab[] = {ov__names_legal_forms, ov__names_generic_words, ov__names_places,
                                 ov__names_pinyin_syllables, ov__names_org_types, ov__names_ordinals,
                                 ov__names_person_nicks};
    for (size_t i = 0; i < sizeof vocab / sizeof vocab[0]; i++) XXH3_64bits_update(&h, vocab[i], strlen(vocab[i]) + 1);
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        ov__name_form f;
        int rc = ov__names_normalize(nm, probes[i], &f);
        XXH3_64bits_update(&h, &rc, sizeof rc);
        if (rc) continue;
        const char *parts[] = {f.full, f.core, f.compact, f.han, f.legal, f.nums, f.place, f.qual, f.acronym,
                               f.initials, f.han_industry, f.initials_more};
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
            XXH3_64bits_update(&h, parts[k], strlen(parts[k]) + 1);
        XXH3_64bits_update(&h, &f.only_legal_form, 1);
    }
    return XXH3_64bits_digest(&h);
}

uint64_t ov__kept_model_fingerprint(const ov_model *m)
{
    /* what the index takes from the model: schema ids by name, and which are
     * matchable legal entities (the entities it holds) */
    XXH3_state_t h;
    XXH3_64bits_reset(&h);
    const ov_schema *le = ov_model_schema(m, "LegalEntity");
    int n = ov_model_schema_count(m);
    for (int i = 0; i < n; i++) {
        const ov_schema *s = ov_model_schema_at(m, i);
        const char *name = ov_schema_name(s);
        XXH3_64bits_update(&h, name, strlen(name) + 1);
        uint8_t bits = (uint8_t)((ov_schema_matchable(s) ? 1 : 0) | (le && ov_schema_is_a(s, le) ? 2 : 0));
        XXH3_64bits_update(&h, &bits, 1);
    }
    return XXH3_64bits_digest(&h);
}

/* ---- writing ---------------------------------------------------------------------- */

typedef ov_keptfile writer;

static void put_section(writer *w, kept_section *s, const void *p, size_t len)
{
    ov_keptfile_align(w, KEPT_ALIGN);
    s->off = w->pos;
    s->len = len;
    s->hash = XXH3_64bits(p, len);
    ov_keptfile_put(w, p, len);
}

/* The schemata of the side entities: the matcher's own list (side_schemas). */
static int write_file(writer *w, const ov_matcher *mx, const uint32_t *side_schemas, size_t n_side_schemas,
                      const ov__kept_key *key)
{
    kept_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, KEPT_MAGIC, 8);
    h.version = KEPT_VERSION;
    h.endian = KEPT_ENDIAN;
    h.header_size = sizeof h;
    h.entity_size = sizeof(mx_entity);
    h.name_size = sizeof(mx_name);
    h.key = *key;
    h.kcap = mx->kcap;
    h.n_postings = mx->kcap ? mx->n_pairs : 0;
    h.n_ents = mx->n_ents;
    h.n_names = mx->n_names;
    h.n_side = mx->n_side;
    h.n_side_schemas = n_side_schemas;
    h.pool_len = mx->pool_len;
    ov_keptfile_put(w, &h, sizeof h); /* a placeholder, rewritten at the end */
    static const uint64_t none;
    struct { int s; const void *p; size_t len; } sec[] = {
        {K_KHASH, mx->khash, mx->kcap * 8},       {K_KCOUNT, mx->kcount, mx->kcap * 4},
        {K_KSTART, mx->kstart, mx->kcap * 4},     {K_POSTINGS, mx->postings, (size_t)h.n_postings * 4},
        {K_ENTS, mx->ents, mx->n_ents * sizeof(mx_entity)}, {K_NAMES, mx->names, mx->n_names * sizeof(mx_name)},
        {K_SIDE, mx->side, mx->n_side * sizeof(mx_side)},   {K_SIDE_SCHEMAS, side_schemas, n_side_schemas * 4},
        {K_POOL, mx->pool, mx->pool_len},
    };
    for (size_t i = 0; i < sizeof sec / sizeof sec[0]; i++)
        put_section(w, &h.sec[sec[i].s], sec[i].len ? sec[i].p : &none, sec[i].len);
    ov_keptfile_flush(w);
    if (w->rc) return w->rc;
    h.file_size = w->pos;
    h.hash = XXH3_64bits(&h, offsetof(kept_header, hash));
    if (pwrite(w->fd, &h, sizeof h, 0) != (ssize_t)sizeof h) return OV_EIO;
    return OV_OK;
}

/* What a write needs, allocated before it starts. */
typedef struct kept_job {
    const ov_matcher *mx;
    ov__kept_key key;
    uint32_t side_schemas[16];
    size_t n_side_schemas;
    char path[4096];
    char *buf;                 /* OV_KEPTFILE_BUF bytes */
    ov_keptfile w;
    pthread_t thread;
} kept_job;

static void job_free(kept_job *j)
{
    if (!j) return;
    ov__free(j->buf);
    ov__free(j);
}

static int fill(void *ud)
{
    kept_job *j = ud;
    return write_file(&j->w, j->mx, j->side_schemas, j->n_side_schemas, &j->key);
}

static int run_job(kept_job *j)
{
    j->w.buf = j->buf;
    return ov_keptfile_replace(j->path, strlen(".names"), &j->w, fill, j); /* path is "<store>.names" */
}

static kept_job *job_new(const ov_matcher *mx, const char *path, const ov__kept_key *key,
                         const uint32_t *side_schemas, size_t n_side_schemas)
{
    if (n_side_schemas > 16) return NULL;
    kept_job *j = ov__calloc(1, sizeof *j);
    if (!j) return NULL;
    j->mx = mx;
    j->key = *key;
    if (n_side_schemas) memcpy(j->side_schemas, side_schemas, n_side_schemas * sizeof *side_schemas);
    j->n_side_schemas = n_side_schemas;
    j->buf = ov__malloc(OV_KEPTFILE_BUF);
    if (!j->buf || (size_t)snprintf(j->path, sizeof j->path, "%s", path) >= sizeof j->path) {
        job_free(j);
        return NULL;
    }
    return j;
}

int ov__kept_write(const ov_matcher *mx, const char *path, const ov__kept_key *key, const uint32_t *side_schemas,
                   size_t n_side_schemas)
{
    if (!mx->finished) return OV_EINVAL;
    kept_job *j = job_new(mx, path, key, side_schemas, n_side_schemas);
    if (!j) return OV_ENOMEM;
    int rc = run_job(j);
    job_free(j);
    return rc;
}

static void *job_thread(void *arg)
{
    (void)run_job(arg);
    return NULL;
}

int ov__kept_write_async(ov_matcher *mx, const char *path, const ov__kept_key *key, const uint32_t *side_schemas,
                         size_t n_side_schemas)
{
    if (!mx->finished || mx->writer) return OV_EINVAL;
    kept_job *j = job_new(mx, path, key, side_schemas, n_side_schemas);
    if (!j) return OV_ENOMEM;
    if (pthread_create(&j->thread, NULL, job_thread, j) != 0) {
        job_free(j);
        return OV_EIO;
    }
    mx->writer = j;
    return OV_OK;
}

void ov__matcher_join_writer(ov_matcher *mx)
{
    if (!mx->writer) return;
    pthread_join(mx->writer->thread, NULL);
    job_free(mx->writer);
    mx->writer = NULL;
}

/* ---- reading ----------------------------------------------------------------------- */

/* A string of the pool at off: inside it, and shorter than max bytes (the
 * pool ends with a NUL, so every string ends inside it). */
static bool str_ok(const char *pool, uint64_t pool_len, uint32_t off, size_t max)
{
    if (off >= pool_len) return false;
    size_t room = (size_t)(pool_len - off);
    return memchr(pool + off, 0, room < max ? room : max) != NULL;
}

/* Whether pool[0..len) (ending with a NUL) is NUL-separated valid UTF-8. Most
 * names are ASCII: eight bytes at a time while no byte has its high bit set,
 * and only a string with one is validated in full. */
static bool pool_utf8(const char *pool, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        bool ascii = true;
        for (;;) {
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, pool + i, 8);
                const uint64_t lo = 0x0101010101010101u, hi = 0x8080808080808080u;
                if ((w & hi) || ((w - lo) & ~w & hi)) break; /* a high bit or a zero byte */
                i += 8;
            }
            if (i >= len) break;
            unsigned char c = (unsigned char)pool[i];
            if (!c) break;
            if (c & 0x80) ascii = false;
            i++;
        }
        if (i >= len) return false; /* the pool ends with a NUL: not reached */
        if (!ascii && !ov_utf8_valid(pool + start, i - start, NULL)) return false;
        i++; /* the NUL */
    }
    return true;
}

static int parse(ov_matcher *mx, const char *base, size_t len, const ov__kept_key *key, int flags,
                 uint32_t *side_schemas, size_t *n_side_schemas)
{
    kept_header h;
    if (((uintptr_t)base & 7) || len < sizeof h) return OV_ECORRUPT;
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, KEPT_MAGIC, 8) != 0 || h.version != KEPT_VERSION || h.endian != KEPT_ENDIAN ||
        h.header_size != sizeof h || h.entity_size != sizeof(mx_entity) || h.name_size != sizeof(mx_name) ||
        h.unused || h.file_size != len)
        return OV_ECORRUPT;
    if (!(flags & OV__KEPT_NO_CHECKSUM) && XXH3_64bits(&h, offsetof(kept_header, hash)) != h.hash)
        return OV_ECORRUPT;
    if (key && memcmp(&h.key, key, sizeof *key) != 0) return OV_ENOTFOUND;
    /* counts: each table fits its 32-bit references; the key table is a power of two */
    if (h.n_ents >= UINT32_MAX || h.n_names >= UINT32_MAX || h.n_postings >= UINT32_MAX || h.n_side >= UINT32_MAX ||
        h.pool_len < 1 || h.pool_len > UINT32_MAX || h.n_side_schemas > 16 || h.kcap > ((uint64_t)1 << 34) ||
        (h.kcap & (h.kcap - 1)) || (!h.kcap && h.n_postings))
        return OV_ECORRUPT;
    const uint64_t want[K_COUNT] = {
        [K_KHASH] = h.kcap * 8, [K_KCOUNT] = h.kcap * 4, [K_KSTART] = h.kcap * 4, [K_POSTINGS] = h.n_postings * 4,
        [K_ENTS] = h.n_ents * sizeof(mx_entity), [K_NAMES] = h.n_names * sizeof(mx_name),
        [K_SIDE] = h.n_side * sizeof(mx_side), [K_SIDE_SCHEMAS] = h.n_side_schemas * 4, [K_POOL] = h.pool_len};
    /* the layout is canonical: the sections in order, each at the next 64-byte
     * boundary, zeros between them, the last one ending the file; so every byte
     * is in the header, in a checksummed section or in padding checked here */
    uint64_t pos = sizeof h;
    for (int s = 0; s < K_COUNT; s++) {
        const kept_section *x = &h.sec[s];
        uint64_t at = (pos + KEPT_ALIGN - 1) & ~(uint64_t)(KEPT_ALIGN - 1);
        if (x->off != at || at > len || x->len != want[s] || x->len > len - at) return OV_ECORRUPT;
        for (uint64_t k = pos; k < at; k++)
            if (base[k]) return OV_ECORRUPT;
        if (!(flags & OV__KEPT_NO_CHECKSUM) && XXH3_64bits(base + x->off, (size_t)x->len) != x->hash)
            return OV_ECORRUPT;
        pos = at + x->len;
    }
    if (pos != len) return OV_ECORRUPT;
    const char *pool = base + h.sec[K_POOL].off;
    uint64_t pool_len = h.pool_len;
    if (pool[0] || pool[pool_len - 1]) return OV_ECORRUPT;
    /* the pool is UTF-8 strings (the normaliser decodes Han forms without checking) */
    if (!pool_utf8(pool, (size_t)pool_len)) return OV_ECORRUPT;
    const uint64_t *khash = (const uint64_t *)(const void *)(base + h.sec[K_KHASH].off);
    const uint32_t *kcount = (const uint32_t *)(const void *)(base + h.sec[K_KCOUNT].off);
    const uint32_t *kstart = (const uint32_t *)(const void *)(base + h.sec[K_KSTART].off);
    const uint32_t *postings = (const uint32_t *)(const void *)(base + h.sec[K_POSTINGS].off);
    const mx_entity *ents = (const mx_entity *)(const void *)(base + h.sec[K_ENTS].off);
    const mx_name *names = (const mx_name *)(const void *)(base + h.sec[K_NAMES].off);
    const mx_side *side = (const mx_side *)(const void *)(base + h.sec[K_SIDE].off);
    const uint32_t *ss = (const uint32_t *)(const void *)(base + h.sec[K_SIDE_SCHEMAS].off);
    uint32_t n_schemas = (uint32_t)ov_model_schema_count(mx->model);
    /* the key table: an empty slot (or lookups would not end), postings inside their array */
    uint64_t empty = 0, bad = 0;
    for (uint64_t i = 0; i < h.kcap; i++) {
        empty += !khash[i];
        bad |= (uint64_t)(!khash[i] && kcount[i]);
        bad |= (uint64_t)((uint64_t)kstart[i] + kcount[i] > h.n_postings);
    }
    if (bad || (h.kcap && !empty)) return OV_ECORRUPT;
    for (uint64_t i = 0; i < h.n_postings; i++) bad |= (uint64_t)(postings[i] >= h.n_names);
    if (bad) return OV_ECORRUPT;
    /* entities: their strings, schema and names */
    for (uint64_t i = 0; i < h.n_ents; i++) {
        const mx_entity *e = &ents[i];
        if (!str_ok(pool, pool_len, e->id, pool_len) || !str_ok(pool, pool_len, e->caption, pool_len) ||
            !str_ok(pool, pool_len, e->countries, pool_len) || !str_ok(pool, pool_len, e->idents, pool_len) ||
            e->schema >= n_schemas || e->unused || !e->n_names || e->first_name >= h.n_names ||
            e->n_names > h.n_names - e->first_name)
            return OV_ECORRUPT;
    }
    /* names: their entity, and forms no longer than the normaliser makes them */
    for (uint64_t i = 0; i < h.n_names; i++) {
        const mx_name *n = &names[i];
        if (n->entity >= h.n_ents || !str_ok(pool, pool_len, n->raw, pool_len) ||
            !str_ok(pool, pool_len, n->full, OV_FORM_MAX) || !str_ok(pool, pool_len, n->core, OV_FORM_MAX) ||
            !str_ok(pool, pool_len, n->compact, OV_FORM_MAX) || !str_ok(pool, pool_len, n->han, OV_FORM_MAX) ||
            !str_ok(pool, pool_len, n->extra, EXTRA_MAX))
            return OV_ECORRUPT;
    }
    for (uint64_t i = 0; i < h.n_side; i++)
        if (!str_ok(pool, pool_len, side[i].id, pool_len) || side[i].schema >= n_schemas) return OV_ECORRUPT;
    for (uint64_t i = 0; i < h.n_side_schemas; i++) {
        if (ss[i] >= n_schemas) return OV_ECORRUPT;
        side_schemas[i] = ss[i];
    }
    *n_side_schemas = (size_t)h.n_side_schemas;
    uint16_t *hits = ov__calloc(h.n_names ? (size_t)h.n_names : 1, sizeof *hits);
    uint16_t *best = ov__calloc(h.n_ents ? (size_t)h.n_ents : 1, sizeof *best);
    if (!hits || !best) {
        ov__free(hits);
        ov__free(best);
        return OV_ENOMEM;
    }
    /* the matcher reads its tables in place */
    mx->name_hits = hits;
    mx->ent_best = best;
    ov__free(mx->pool);
    mx->pool = (char *)(uintptr_t)pool;
    mx->pool_len = mx->pool_cap = (size_t)pool_len;
    mx->ents = (mx_entity *)(uintptr_t)ents;
    mx->n_ents = mx->ents_cap = (size_t)h.n_ents;
    mx->names = (mx_name *)(uintptr_t)names;
    mx->n_names = mx->names_cap = (size_t)h.n_names;
    mx->khash = (uint64_t *)(uintptr_t)khash;
    mx->kcount = (uint32_t *)(uintptr_t)kcount;
    mx->kstart = (uint32_t *)(uintptr_t)kstart;
    mx->kcap = (size_t)h.kcap;
    mx->kused = (size_t)(h.kcap - empty);
    mx->postings = (uint32_t *)(uintptr_t)postings;
    mx->n_pairs = (size_t)h.n_postings;
    mx->side = side;
    mx->n_side = (size_t)h.n_side;
    mx->map = base;
    mx->map_len = len;
    mx->finished = true;
    return OV_OK;
}

int ov__kept_parse(ov_matcher *mx, const void *data, size_t len, const ov__kept_key *key, int flags,
                   uint32_t side_schemas[16], size_t *n_side_schemas)
{
    *n_side_schemas = 0;
    if (mx->finished || mx->n_ents || mx->n_side || mx->map) return OV_EINVAL;
    return parse(mx, data, len, key, flags, side_schemas, n_side_schemas);
}

int ov__kept_open(ov_matcher *mx, const char *path, const ov__kept_key *key, uint32_t side_schemas[16],
                  size_t *n_side_schemas)
{
    *n_side_schemas = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return OV_ENOTFOUND;
    struct stat sb;
    kept_header h;
    /* the header first: a file of another state is not mapped at all */
    if (fstat(fd, &sb) != 0 || (uint64_t)sb.st_size < sizeof h || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h ||
        memcmp(&h.key, key, sizeof *key) != 0) {
        close(fd);
        return OV_ENOTFOUND;
    }
    size_t len = (size_t)sb.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return OV_ENOTFOUND;
    int rc = ov__kept_parse(mx, map, len, key, 0, side_schemas, n_side_schemas);
    if (rc) {
        munmap(map, len);
        return rc;
    }
    mx->unmap = true;
    return OV_OK;
}

/* ---- the matcher of a store ---------------------------------------------------------- */

/* Stores with fewer entity rows index in well under a second: a file would
 * only add one beside every small store (the tests' among them). */
#define KEPT_MIN_ROWS 100000

/* OV_NAMES_INDEX=0 never (cold benchmarks, debugging), =1 always, otherwise
 * from KEPT_MIN_ROWS entity rows. */
static bool kept_for(int64_t max_eid)
{
    const char *v = getenv("OV_NAMES_INDEX");
    if (v && strcmp(v, "0") == 0) return false;
    return (v && strcmp(v, "1") == 0) || max_eid >= KEPT_MIN_ROWS;
}

/* The key of the store's current state and the file's path ("<store>.names";
 * a PostgreSQL store's "<store>" is its snapshot directory's
 * "pg-<system id>-<oid>", the graph snapshot's name: store_pg_snapshot.c);
 * false when the store cannot vouch for its state. */
static bool kept_key(ov_store *st, const ov_model *m, uint64_t norm, ov__kept_key *key, char *path, size_t size,
                     const char **store_path)
{
    memset(key, 0, sizeof *key);
    if (ov__store_state_of(st, &key->store, store_path)) return false;
    key->model = ov__kept_model_fingerprint(m);
    key->norm = norm;
    return (size_t)snprintf(path, size, "%s.names", *store_path) < size;
}

typedef struct scan_ctx {
    ov_matcher *mx;
    const uint32_t *want;      /* schema ids of the side entities */
    size_t n_want;
    ov_matcher_entity_cb also;
    void *ud;
    int rc;
} scan_ctx;

static bool wanted(const scan_ctx *c, uint32_t id)
{
    for (size_t i = 0; i < c->n_want; i++)
        if (c->want[i] == id) return true;
    return false;
}

static int scan_cb(const ov_entity *e, void *ud)
{
    scan_ctx *c = ud;
    c->rc = ov_matcher_add(c->mx, e, NULL);
    const ov_schema *s = !c->rc && e->schema ? ov_model_schema(c->mx->model, e->schema) : NULL;
    if (s && wanted(c, (uint32_t)ov_schema_id(s))) {
        c->rc = ov__matcher_add_side(c->mx, e, (uint32_t)ov_schema_id(s));
        if (!c->rc && c->also) c->rc = c->also(e, c->ud);
    }
    return c->rc != OV_OK;
}

/* The side entities of a mapped matcher, read from the store (in one read
 * transaction with the state check), for also. OV_ENOTFOUND when the store
 * does not hold one of them any more: the file is not of this state after all. */
static int replay_side(ov_matcher *mx, ov_store *st, const scan_ctx *c)
{
    for (size_t i = 0; i < mx->n_side; i++) {
        if (!wanted(c, mx->side[i].schema)) continue;
        ov_entity *e;
        int rc = ov_store_get(st, mx->pool + mx->side[i].id, 0, &e);
        if (rc) return rc;
        rc = c->also(e, c->ud);
        ov_entity_free(e);
        if (rc) return rc;
    }
    return OV_OK;
}

int ov_matcher_open_store(ov_matcher **out, ov_store *st, const ov_model *m, const ov_match_settings *s,
                          const char *const *also_schemata, ov_matcher_entity_cb also, void *ud, bool *mapped,
                          char *err, size_t errlen)
{
    *out = NULL;
    if (mapped) *mapped = false;
    uint32_t want[16];
    size_t n_want = 0;
    for (size_t i = 0; also_schemata && also_schemata[i]; i++) {
        const ov_schema *sc = ov_model_schema(m, also_schemata[i]);
        if (!sc || n_want == 16) {
            snprintf(err, errlen, "cannot keep entities of schema '%s'", also_schemata[i]);
            return OV_EINVAL;
        }
        want[n_want++] = (uint32_t)ov_schema_id(sc);
    }
    scan_ctx c = {.want = want, .n_want = n_want, .also = also, .ud = ud};
    ov_matcher *mx;
    int rc = ov_matcher_new(&mx, m, s, err, errlen);
    if (rc) return rc;
    ov__kept_key key;
    char path[4096];
    const char *store_path = NULL;
    bool kept = false;
    {
        /* a caller's own read transaction is as good (BEGIN then fails) */
        bool txn = ov_store_read_begin(st) == OV_OK;
        /* the key, the file and the side entities in one read transaction: one state of the store */
        kept = kept_key(st, m, 0, &key, path, sizeof path, &store_path) && kept_for(key.store.max_eid);
        if (kept) {
            key.norm = ov__kept_norm_fingerprint(mx->nm);
            uint32_t have[16];
            size_t n_have = 0;
            rc = ov__kept_open(mx, path, &key, have, &n_have);
            bool covers = rc == OV_OK;
            for (size_t i = 0; covers && i < n_want; i++) {
                bool found = false;
                for (size_t k = 0; k < n_have; k++) found |= have[k] == want[i];
                covers = found;
            }
            c.mx = mx;
            if (covers && (!also || (rc = replay_side(mx, st, &c)) == OV_OK)) {
                if (txn) ov_store_read_end(st);
                if (mapped) *mapped = true;
                *out = mx;
                return OV_OK;
            }
            if (covers) {
                /* also has seen part of the entities: a scan would show it some twice */
                if (txn) ov_store_read_end(st);
                ov_matcher_free(mx);
                snprintf(err, errlen, "%s", rc == OV_ENOTFOUND ? "an entity the name index lists is not in the store"
                                                               : ov_strerror(rc));
                return rc;
            }
            if (rc == OV_ENOMEM) {
                if (txn) ov_store_read_end(st);
                ov_matcher_free(mx);
                return rc;
            }
            /* missing, of another state, damaged, or without the side entities asked for:
             * build from the store, and write it anew */
            if (mx->map) {
                ov_matcher_free(mx);
                if ((rc = ov_matcher_new(&mx, m, s, err, errlen))) {
                    if (txn) ov_store_read_end(st);
                    return rc;
                }
            }
        }
        if (txn) ov_store_read_end(st);
    }
    c.mx = mx;
    rc = ov_store_scan(st, scan_cb, &c);
    if (rc == OV_ESTOP) rc = c.rc;
    if (!rc) rc = ov_matcher_finish(mx);
    if (rc) {
        snprintf(err, errlen, "building the name index: %s",
                 ov_matcher_errmsg(mx)[0] ? ov_matcher_errmsg(mx) : ov_strerror(rc));
        ov_matcher_free(mx);
        return rc;
    }
    /* written only when nothing changed during the scan and the store (PostgreSQL: the
     * snapshot directory) is writable by us */
    ov__kept_key after;
    char again[4096];
    const char *p2;
    if (kept && kept_key(st, m, key.norm, &after, again, sizeof again, &p2) && memcmp(&key, &after, sizeof key) == 0 &&
        ov__store_state_writable(store_path))
        (void)ov__kept_write_async(mx, path, &key, want, n_want); /* the caller need not wait for it */
    *out = mx;
    return OV_OK;
}

void ov__kept_release(ov_matcher *mx)
{
    if (!mx->map) return;
    ov__matcher_join_writer(mx);
    if (mx->unmap) munmap((void *)(uintptr_t)mx->map, mx->map_len);
    ov__free(mx->name_hits);
    ov__free(mx->ent_best);
    mx->name_hits = mx->ent_best = NULL;
    mx->pool = NULL;
    mx->pool_len = mx->pool_cap = 0;
    mx->ents = NULL;
    mx->names = NULL;
    mx->n_ents = mx->ents_cap = mx->n_names = mx->names_cap = 0;
    mx->khash = NULL;
    mx->kcount = mx->kstart = mx->postings = NULL;
    mx->kcap = mx->kused = mx->n_pairs = 0;
    mx->side = NULL;
    mx->n_side = 0;
    mx->map = NULL;
    mx->map_len = 0;
    mx->unmap = false;
    mx->finished = false;
}
