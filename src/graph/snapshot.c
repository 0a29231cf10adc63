/*
 * snapshot.c - the graph's tables in a file beside the store
 * ("<store>.graph"), so that a later build on an unchanged store maps them
 * instead of scanning the store (docs/internals/graph.md: the format, its
 * checks, what invalidates it).
 *
 * The file is a header and sixteen sections, each 64-byte aligned, each with
 * its XXH3 checksum in the header. Node tables, the id hash, the CSR arrays,
 * the holdings and the strings are used in place from a read-only mapping; the edges are
 * stored packed (48 bytes, strings as offsets) and turned into the public
 * ov_edge array (88 bytes, pointers) at open, the one table that is copied.
 * The reader trusts nothing: sizes, offsets and indexes are all checked, so
 * any bytes give either a valid graph or OV_ECORRUPT (fuzz/fuzz_graph_snapshot.c).
 */
#define XXH_STATIC_LINKING_ONLY
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include "graph_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/keptfile.h"
#include "../util/banned.h"

#define SNAP_MAGIC "OVGRAPH"   /* 8 bytes with its NUL */
#define SNAP_VERSION 3         /* the graph format version: bump on any change of layout or meaning */
#define SNAP_ENDIAN 0x01020304u
#define SNAP_ALIGN 64

enum {
    S_NAME,      /* u32 [n_nodes]: names position (4-byte units) by row, 0 none */
    S_NAMES,     /* "id\0caption\0" blocks, then 4 zero bytes (a guard: every string ends inside) */
    S_SCHEMA,    /* u8 [n_nodes]: index in S_SCHEMAS, 0 none */
    S_COUNTRY,   /* u32 [n_nodes]: index in S_COUNTRIES, 0 none */
    S_STATE,     /* u8 [n_nodes]: OV_STATE_* and NODE_* bits, for the graph of all edges */
    S_SLOTS,     /* u32 [slot_mask + 1]: the id hash (row ids, 0 empty) */
    S_EDGES,     /* snap_edge [n_edges] */
    S_OUT_OFF,   /* u32 [n_nodes + 1] */
    S_OUT_EDGES, /* u32 [n_edges] */
    S_IN_OFF,    /* u32 [n_nodes + 1] */
    S_IN_EDGES,  /* u32 [n_edges] */
    S_HOLD_OFF,  /* u32 [n_nodes + 1] */
    S_HOLDINGS,  /* ov_holding [n_holdings] */
    S_STRINGS,   /* NUL-terminated strings; offset 0 (a NUL) stands for NULL */
    S_SCHEMAS,   /* u32 [n_schemas]: offsets of schema names in S_STRINGS, [0] = 0 */
    S_COUNTRIES, /* u32 [n_countries]: offsets of countries in S_STRINGS, [0] = 0 */
    S_MERGED,    /* u32 [2 * n_merged]: (referent row, cluster node) pairs, ascending referent rows */
    S_COUNT
};

/* the order of the sections in the file (the order write_file writes them) */
static const int file_order[S_COUNT] = {S_NAME,     S_SCHEMA,   S_COUNTRY,  S_STATE,   S_SLOTS,
                                        S_OUT_OFF,  S_OUT_EDGES, S_IN_OFF,  S_IN_EDGES, S_HOLD_OFF,
                                        S_HOLDINGS, S_MERGED,   S_NAMES,    S_EDGES,   S_STRINGS,
                                        S_SCHEMAS,  S_COUNTRIES};

typedef struct snap_section {
    uint64_t off, len;         /* bytes from the start of the file; off a multiple of 8 */
    uint64_t hash;             /* XXH3-64 of the len bytes */
} snap_section;

typedef struct snap_header {
    char magic[8];
    uint32_t version, endian;  /* SNAP_VERSION, SNAP_ENDIAN as written by this machine */
    uint32_t header_size, edge_size; /* sizeof of the two structs */
    uint64_t file_size;        /* the whole file: a truncated or extended file is refused */
    ov__graph_key key;         /* the store state and model it was written for */
    uint32_t n_nodes, n_edges, n_schemas, n_countries;
    uint64_t slot_mask;
    uint32_t n_holdings, n_merged;
    snap_section sec[S_COUNT];
    uint64_t hash;             /* XXH3-64 of the header's bytes before this field */
} snap_header;

typedef struct snap_edge {
    double min, max;           /* the share */
    uint32_t from, to;
    uint32_t interest;         /* names position of the interest entity's id */
    uint32_t type, start, end; /* offsets in S_STRINGS, 0 = NULL */
    int32_t status;
    uint8_t kind, has_share, min_exclusive, conflicting;
} snap_edge;
_Static_assert(sizeof(snap_edge) == 48, "snap_edge is packed by hand");
_Static_assert(sizeof(ov_holding) == 24, "ov_holding has no padding: it is stored as it is");
_Static_assert(sizeof(ov__graph_key) == 12 * 8, "the key has no padding");

/* ---- the model ------------------------------------------------------------- */

uint64_t ov__graph_model_fingerprint(const ov_model *m)
{
    /* what the build takes from the model: the schemata and which of them are
     * interests of each kind or public bodies */
    static const char *const parents[] = {"Interest", "PublicBody", "Ownership", "Control", "Directorship",
                                          "Membership"};
    const ov_schema *p[6];
    for (int i = 0; i < 6; i++) p[i] = ov_model_schema(m, parents[i]);
    XXH3_state_t h;
    XXH3_64bits_reset(&h);
    int n = ov_model_schema_count(m);
    for (int i = 0; i < n; i++) {
        const ov_schema *s = ov_model_schema_at(m, i);
        const char *name = ov_schema_name(s);
        XXH3_64bits_update(&h, name, strlen(name) + 1);
        uint8_t bits = 0;
        for (int k = 0; k < 6; k++)
            if (p[k] && ov_schema_is_a(s, p[k])) bits |= (uint8_t)(1u << k);
        XXH3_64bits_update(&h, &bits, 1);
    }
    return XXH3_64bits_digest(&h);
}

/* ---- writing ------------------------------------------------------------------ */

typedef struct writer {
    ov_keptfile f;
    XXH3_state_t h;            /* of the current section */
    snap_section *sec;         /* the current section */
} writer;

static void put(writer *w, const void *p, size_t len)
{
    XXH3_64bits_update(&w->h, p, len);
    ov_keptfile_put(&w->f, p, len);
}

static void section_begin(writer *w, snap_section *s)
{
    ov_keptfile_align(&w->f, SNAP_ALIGN);
    s->off = w->f.pos;
    w->sec = s;
    XXH3_64bits_reset(&w->h);
}

static void section_end(writer *w)
{
    w->sec->len = w->f.pos - w->sec->off;
    w->sec->hash = XXH3_64bits_digest(&w->h);
}

/* The edge strings, interned through a direct-mapped cache (types and dates repeat). */
typedef struct strtab {
    ov_buf b;                  /* begins with one NUL: offset 0 is NULL */
    struct { uint64_t hash; uint32_t off; } cache[1 << 16];
} strtab;

static uint32_t str_off(strtab *t, const char *s, int *rc)
{
    if (!s || *rc) return 0;
    size_t n = strlen(s);
    uint64_t h = ov__graph_hash(s, n);
    size_t i = h & ((1 << 16) - 1);
    if (t->cache[i].off && t->cache[i].hash == h && strcmp(t->b.data + t->cache[i].off, s) == 0)
        return t->cache[i].off;
    size_t off = t->b.len;
    if (off + n + 1 > UINT32_MAX) {
        *rc = OV_ETOOBIG;
        return 0;
    }
    if ((*rc = ov_buf_add(&t->b, s, n + 1))) return 0;
    t->cache[i].hash = h;
    t->cache[i].off = (uint32_t)off;
    return (uint32_t)off;
}

static int write_file(writer *w, strtab *t, const ov_graph *g, const ov__graph_key *key)
{
    snap_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, SNAP_MAGIC, 8);
    h.version = SNAP_VERSION;
    h.endian = SNAP_ENDIAN;
    h.header_size = sizeof h;
    h.edge_size = sizeof(snap_edge);
    h.key = *key;
    h.n_nodes = g->n_nodes;
    h.n_edges = g->n_edges;
    h.n_schemas = (uint32_t)g->n_schemas;
    h.n_countries = g->n_countries;
    h.slot_mask = g->slot_mask;
    h.n_holdings = g->n_holdings;
    h.n_merged = g->n_merged;
    ov_keptfile_put(&w->f, &h, sizeof h); /* a placeholder, rewritten at the end */
    size_t n = g->n_nodes;
    struct { int s; const void *p; size_t len; } plain[] = {
        {S_NAME, g->name, n * 4},     {S_SCHEMA, g->schema, n},  {S_COUNTRY, g->country, n * 4},
        {S_STATE, g->state, n},       {S_SLOTS, g->slots, (size_t)(g->slot_mask + 1) * 4},
        {S_OUT_OFF, g->out_off, (n + 1) * 4}, {S_OUT_EDGES, g->out_edges, (size_t)g->n_edges * 4},
        {S_IN_OFF, g->in_off, (n + 1) * 4},   {S_IN_EDGES, g->in_edges, (size_t)g->n_edges * 4},
        {S_HOLD_OFF, g->hold_off, (n + 1) * 4},
        {S_HOLDINGS, g->holdings, sizeof(ov_holding) * (size_t)g->n_holdings},
        {S_MERGED, g->merged, (size_t)g->n_merged * 8},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        section_begin(w, &h.sec[plain[i].s]);
        put(w, plain[i].p, plain[i].len);
        section_end(w);
    }
    static const char guard[4];
    section_begin(w, &h.sec[S_NAMES]);
    put(w, g->names, g->names_len);
    put(w, guard, sizeof guard);
    section_end(w);
    /* the edges, packed, their strings interned on the way */
    int rc = ov_buf_addc(&t->b, 0);
    section_begin(w, &h.sec[S_EDGES]);
    snap_edge chunk[1024];
    for (uint32_t i = 0; !rc && !w->f.rc && i < g->n_edges;) {
        int k = 0;
        for (; k < 1024 && i < g->n_edges; k++, i++) {
            const ov_edge *e = &g->edges[i];
            snap_edge *x = &chunk[k];
            memset(x, 0, sizeof *x);
            x->min = e->share.min;
            x->max = e->share.max;
            x->from = e->from;
            x->to = e->to;
            x->interest = (uint32_t)((size_t)(e->interest_id - g->names) / 4);
            x->type = str_off(t, e->type, &rc);
            x->start = str_off(t, e->start, &rc);
            x->end = str_off(t, e->end, &rc);
            x->status = e->status;
            x->kind = (uint8_t)e->kind;
            x->has_share = e->share.has_share;
            x->min_exclusive = e->share.min_exclusive;
            x->conflicting = e->conflicting;
        }
        put(w, chunk, sizeof chunk[0] * (size_t)k);
    }
    section_end(w);
    /* schema names and countries go to the strings too */
    uint32_t offs[256];
    offs[0] = 0;
    for (int i = 1; i < g->n_schemas; i++) offs[i] = str_off(t, ov_schema_name(g->schemas[i]), &rc);
    uint32_t *coffs = ov__malloc(sizeof *coffs * (g->n_countries ? g->n_countries : 1));
    if (!coffs && !rc) rc = OV_ENOMEM;
    if (coffs) {
        coffs[0] = 0;
        for (uint32_t i = 1; i < g->n_countries; i++) coffs[i] = str_off(t, g->countries[i], &rc);
    }
    if (!rc) {
        section_begin(w, &h.sec[S_STRINGS]);
        put(w, t->b.data, t->b.len);
        section_end(w);
        section_begin(w, &h.sec[S_SCHEMAS]);
        put(w, offs, sizeof offs[0] * (size_t)g->n_schemas);
        section_end(w);
        section_begin(w, &h.sec[S_COUNTRIES]);
        put(w, coffs, sizeof coffs[0] * g->n_countries);
        section_end(w);
    }
    ov__free(coffs);
    ov_keptfile_flush(&w->f);
    if (rc) return rc;
    if (w->f.rc) return w->f.rc;
    h.file_size = w->f.pos;
    h.hash = XXH3_64bits(&h, offsetof(snap_header, hash));
    if (pwrite(w->f.fd, &h, sizeof h, 0) != (ssize_t)sizeof h) return OV_EIO;
    return OV_OK;
}

/* What a write needs, allocated before it starts (in the caller's thread when it runs in the background). */
typedef struct snap_job {
    const ov_graph *g;
    ov__graph_key key;
    char path[4096];
    strtab *t;
    char *buf;                 /* OV_KEPTFILE_BUF bytes */
    writer w;
    pthread_t thread;
} snap_job;

static void job_free(snap_job *j)
{
    if (!j) return;
    if (j->t) ov_buf_release(&j->t->b);
    ov__free(j->t);
    ov__free(j->buf);
    ov__free(j);
}

static snap_job *job_new(const ov_graph *g, const char *path, const ov__graph_key *key)
{
    snap_job *j = ov__calloc(1, sizeof *j);
    if (!j) return NULL;
    j->g = g;
    j->key = *key;
    j->t = ov__calloc(1, sizeof *j->t);
    j->buf = ov__malloc(OV_KEPTFILE_BUF);
    if (!j->t || !j->buf || (size_t)snprintf(j->path, sizeof j->path, "%s", path) >= sizeof j->path) {
        job_free(j);
        return NULL;
    }
    ov_buf_init(&j->t->b, (size_t)UINT32_MAX);
    return j;
}

static int fill(void *ud)
{
    snap_job *j = ud;
    return write_file(&j->w, j->t, j->g, &j->key);
}

static int run_job(snap_job *j)
{
    const ov_graph *g = j->g;
    if (g->n_edges && (!g->names || !g->edges)) return OV_EINVAL;
    j->w.f.buf = j->buf;
    return ov_keptfile_replace(j->path, strlen(".graph"), &j->w.f, fill, j); /* path is "<store>.graph" */
}

int ov__graph_snapshot_write(const ov_graph *g, const char *path, const ov__graph_key *key)
{
    snap_job *j = job_new(g, path, key);
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

int ov__graph_snapshot_write_async(ov_graph *g, const char *path, const ov__graph_key *key)
{
    snap_job *j = job_new(g, path, key);
    if (!j) return OV_ENOMEM;
    if (pthread_create(&j->thread, NULL, job_thread, j) != 0) {
        job_free(j);
        return OV_EIO;
    }
    g->writer = j;
    return OV_OK;
}

/* ---- reading ------------------------------------------------------------------- */

static bool in_map(const ov_graph *g, const void *p)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)g->map;
    return g->map && a >= b && a - b < g->map_len;
}

void ov__graph_release_tables(ov_graph *g)
{
    if (g->writer) { /* it reads the tables */
        pthread_join(g->writer->thread, NULL);
        job_free(g->writer);
        g->writer = NULL;
    }
    void *own[] = {g->name, g->names, g->schema, g->country, g->countries, g->state, g->slots, g->edges,
                   g->out_off, g->out_edges, g->in_off, g->in_edges, g->hold_off, g->holdings, g->holders, g->merged};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (!in_map(g, own[i])) ov__free(own[i]);
    if (g->unmap) munmap((void *)(uintptr_t)g->map, g->map_len);
    g->map = NULL;
}

static int check_offsets(const uint32_t *off, uint32_t n, uint32_t n_edges)
{
    if (off[0] != 0 || off[n] != n_edges) return OV_ECORRUPT;
    for (uint32_t i = 0; i < n; i++)
        if (off[i] > off[i + 1]) return OV_ECORRUPT;
    return OV_OK;
}

static int check_indexes(const uint32_t *idx, uint32_t n, uint32_t bound)
{
    uint32_t bad = 0;
    for (uint32_t i = 0; i < n; i++) bad |= idx[i] >= bound;
    return bad ? OV_ECORRUPT : OV_OK;
}

static int parse(const char *base, size_t len, const ov_model *m, const ov__graph_key *key, int flags,
                 ov_graph *g)
{
    snap_header h;
    if (((uintptr_t)base & 7) || len < sizeof h) return OV_ECORRUPT;
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, SNAP_MAGIC, 8) != 0 || h.version != SNAP_VERSION || h.endian != SNAP_ENDIAN ||
        h.header_size != sizeof h || h.edge_size != sizeof(snap_edge) || h.file_size != len)
        return OV_ECORRUPT;
    if (!(flags & OV__SNAP_NO_CHECKSUM) && XXH3_64bits(&h, offsetof(snap_header, hash)) != h.hash)
        return OV_ECORRUPT;
    if (key && memcmp(&h.key, key, sizeof *key) != 0) return OV_ENOTFOUND;
    /* the sections: where, how large */
    uint64_t n = h.n_nodes, ne = h.n_edges, n_slots = h.slot_mask + 1, nh = h.n_holdings, nm = h.n_merged;
    if (n < 1 || n >= UINT32_MAX - 1 || ne >= UINT32_MAX || nh > ne || nm >= n || h.n_schemas < 1 ||
        h.n_schemas > 256 || h.n_countries < 1 || n_slots < 64 || n_slots > ((uint64_t)1 << 36) ||
        (n_slots & h.slot_mask))
        return OV_ECORRUPT;
    const uint64_t want[S_COUNT] = {
        [S_NAME] = n * 4, [S_SCHEMA] = n, [S_COUNTRY] = n * 4, [S_STATE] = n, [S_SLOTS] = n_slots * 4,
        [S_EDGES] = ne * sizeof(snap_edge), [S_OUT_OFF] = (n + 1) * 4, [S_OUT_EDGES] = ne * 4,
        [S_IN_OFF] = (n + 1) * 4, [S_IN_EDGES] = ne * 4, [S_HOLD_OFF] = (n + 1) * 4,
        [S_HOLDINGS] = nh * sizeof(ov_holding), [S_SCHEMAS] = (uint64_t)h.n_schemas * 4,
        [S_COUNTRIES] = (uint64_t)h.n_countries * 4, [S_MERGED] = nm * 8};
    /* the layout is canonical: the sections in file order, each at the next 64-byte
     * boundary, zeros between them, the last one ending the file; so every byte is in
     * the header, in a checksummed section or in padding checked here */
    uint64_t pos = sizeof h;
    for (int i = 0; i < S_COUNT; i++) {
        int s = file_order[i];
        const snap_section *x = &h.sec[s];
        uint64_t at = (pos + SNAP_ALIGN - 1) & ~(uint64_t)(SNAP_ALIGN - 1);
        if (x->off != at || at > len || x->len > len - at) return OV_ECORRUPT;
        for (uint64_t k = pos; k < at; k++)
            if (base[k]) return OV_ECORRUPT;
        if (s != S_NAMES && s != S_STRINGS && x->len != want[s]) return OV_ECORRUPT;
        if (!(flags & OV__SNAP_NO_CHECKSUM) && XXH3_64bits(base + x->off, (size_t)x->len) != x->hash)
            return OV_ECORRUPT;
        pos = at + x->len;
    }
    if (pos != len) return OV_ECORRUPT;
    const char *names = base + h.sec[S_NAMES].off, *strings = base + h.sec[S_STRINGS].off;
    uint64_t names_len = h.sec[S_NAMES].len, strings_len = h.sec[S_STRINGS].len;
    /* every string ends inside its section: the names end with 4 zero bytes, and a name
     * position is at most 8 bytes before the end, so an id and the caption after it end there */
    if (names_len < 8 || (names_len & 3) || names_len / 4 > UINT32_MAX || memcmp(names + names_len - 4, "\0\0\0", 4))
        return OV_ECORRUPT;
    if (strings_len < 1 || strings_len > UINT32_MAX || strings[0] || strings[strings_len - 1]) return OV_ECORRUPT;
    uint64_t max_pos = names_len / 4 - 2; /* largest valid names position */
    g->n_nodes = (uint32_t)n;
    g->name = (uint32_t *)(uintptr_t)(base + h.sec[S_NAME].off);
    g->names = (char *)(uintptr_t)names;
    g->names_len = (size_t)names_len;
    g->schema = (uint8_t *)(uintptr_t)(base + h.sec[S_SCHEMA].off);
    g->country = (uint32_t *)(uintptr_t)(base + h.sec[S_COUNTRY].off);
    g->state = (uint8_t *)(uintptr_t)(base + h.sec[S_STATE].off);
    g->slots = (uint32_t *)(uintptr_t)(base + h.sec[S_SLOTS].off);
    g->slot_mask = h.slot_mask;
    g->out_off = (uint32_t *)(uintptr_t)(base + h.sec[S_OUT_OFF].off);
    g->out_edges = (uint32_t *)(uintptr_t)(base + h.sec[S_OUT_EDGES].off);
    g->in_off = (uint32_t *)(uintptr_t)(base + h.sec[S_IN_OFF].off);
    g->in_edges = (uint32_t *)(uintptr_t)(base + h.sec[S_IN_EDGES].off);
    g->hold_off = (uint32_t *)(uintptr_t)(base + h.sec[S_HOLD_OFF].off);
    g->holdings = (ov_holding *)(uintptr_t)(base + h.sec[S_HOLDINGS].off);
    g->n_holdings = (uint32_t)nh;
    g->merged = nm ? (uint32_t *)(uintptr_t)(base + h.sec[S_MERGED].off) : NULL; /* none: not a pointer past the end */
    g->n_merged = (uint32_t)nm;
    /* schemata by name in this model */
    const uint32_t *so = (const uint32_t *)(const void *)(base + h.sec[S_SCHEMAS].off);
    if (so[0]) return OV_ECORRUPT;
    g->n_schemas = (int)h.n_schemas;
    for (uint32_t i = 1; i < h.n_schemas; i++) {
        if (!so[i] || so[i] >= strings_len) return OV_ECORRUPT;
        if (!(g->schemas[i] = ov_model_schema(m, strings + so[i]))) return OV_ECORRUPT;
    }
    const uint32_t *co = (const uint32_t *)(const void *)(base + h.sec[S_COUNTRIES].off);
    if (co[0]) return OV_ECORRUPT;
    g->countries = ov__malloc(sizeof *g->countries * h.n_countries);
    if (!g->countries) return OV_ENOMEM;
    g->countries[0] = NULL;
    g->n_countries = h.n_countries;
    for (uint32_t i = 1; i < h.n_countries; i++) {
        if (!co[i] || co[i] >= strings_len) return OV_ECORRUPT;
        g->countries[i] = strings + co[i];
    }
    /* the node rows */
    if (g->name[0]) return OV_ECORRUPT;
    uint32_t bad = 0;
    for (uint32_t r = 0; r < n; r++) {
        bad |= g->name[r] > max_pos;
        bad |= g->schema[r] >= h.n_schemas;
        bad |= (g->name[r] == 0) != (g->schema[r] == 0);
        bad |= g->country[r] >= h.n_countries;
    }
    if (bad) return OV_ECORRUPT;
    /* the merged referents: ascending rows, flagged, each standing in a node that is not merged */
    for (uint64_t i = 0; i < nm; i++) {
        uint32_t row = g->merged[2 * i], rep = g->merged[2 * i + 1];
        bad |= row >= n || rep >= n || !g->name[row] || !g->name[rep] || (i && row <= g->merged[2 * i - 2]);
        bad |= row < n && rep < n && (!(g->state[row] & NODE_MERGED) || (g->state[rep] & NODE_MERGED));
    }
    if (bad) return OV_ECORRUPT;
    /* adjacency */
    if (check_offsets(g->out_off, (uint32_t)n, (uint32_t)ne) || check_offsets(g->in_off, (uint32_t)n, (uint32_t)ne) ||
        check_indexes(g->out_edges, (uint32_t)ne, (uint32_t)ne) || check_indexes(g->in_edges, (uint32_t)ne, (uint32_t)ne) ||
        check_offsets(g->hold_off, (uint32_t)n, (uint32_t)nh))
        return OV_ECORRUPT;
    for (uint32_t i = 0; i < nh; i++) {
        const ov_holding *x = &g->holdings[i];
        /* a band within 0..1 (NaN fails too) */
        bad |= x->asset >= n || x->edge >= ne || !(x->min >= 0 && x->min <= x->max && x->max <= 1);
    }
    if (bad) return OV_ECORRUPT;
    if (ov__graph_fill_holders(g)) return OV_ENOMEM;
    /* the edges, with their pointers */
    g->edges = ov__malloc(sizeof *g->edges * (ne ? ne : 1));
    if (!g->edges) return OV_ENOMEM;
    const snap_edge *se = (const snap_edge *)(const void *)(base + h.sec[S_EDGES].off);
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t dropped = ((uintptr_t)se + page - 1) & ~(page - 1); /* pages below are dropped */
    for (uint32_t i = 0; i < ne; i++) {
        if ((flags & OV__SNAP_DROP_EDGES) && (i & 0xffff) == 0 && i) {
            uintptr_t upto = (uintptr_t)&se[i] & ~(page - 1);
            if (upto > dropped) {
                (void)madvise((void *)dropped, upto - dropped, MADV_DONTNEED);
                dropped = upto;
            }
        }
        const snap_edge *x = &se[i];
        bad |= x->from >= n || x->to >= n || x->interest > max_pos || x->interest == 0;
        bad |= x->type >= strings_len || x->start >= strings_len || x->end >= strings_len;
        bad |= x->kind > OV_EDGE_UNKNOWN || x->status < 0 || x->status >= OV_ST__COUNT;
        bad |= x->has_share > 1 || x->min_exclusive > 1 || x->conflicting > 1;
        /* a share is a band within 0..1 (NaN fails too) */
        bad |= x->has_share && !(x->min >= 0 && x->min <= x->max && x->max <= 1);
        if (bad) return OV_ECORRUPT;
        ov_edge *e = &g->edges[i];
        e->from = x->from;
        e->to = x->to;
        e->kind = (ov_edge_kind)x->kind;
        e->share.has_share = x->has_share;
        e->share.min = x->min;
        e->share.max = x->max;
        e->share.min_exclusive = x->min_exclusive;
        e->interest_id = names + (size_t)x->interest * 4;
        e->type = x->type ? strings + x->type : NULL;
        e->start = x->start ? strings + x->start : NULL;
        e->end = x->end ? strings + x->end : NULL;
        e->status = x->status;
        e->conflicting = x->conflicting;
    }
    g->n_edges = g->cap_edges = (uint32_t)ne;
    return OV_OK;
}

int ov__graph_snapshot_parse(const void *data, size_t len, const ov_model *m, const ov__graph_key *key, int flags,
                             ov_graph **out)
{
    *out = NULL;
    ov_graph *g = ov__calloc(1, sizeof *g);
    if (!g) return OV_ENOMEM;
    g->map = data;
    g->map_len = len;
    int rc = parse(data, len, m, key, flags, g);
    if (rc) {
        ov_graph_free(g);
        return rc;
    }
    *out = g;
    return OV_OK;
}

int ov__graph_snapshot_open(const char *path, const ov_model *m, const ov__graph_key *key, ov_graph **out)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return OV_ENOTFOUND;
    struct stat sb;
    snap_header h;
    /* the header first: a snapshot of another state is not mapped at all */
    if (fstat(fd, &sb) != 0 || (uint64_t)sb.st_size < sizeof h || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h ||
        memcmp(&h.key, key, sizeof *key) != 0) {
        close(fd);
        return OV_ENOTFOUND;
    }
    size_t len = (size_t)sb.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return OV_ENOTFOUND;
    int rc = ov__graph_snapshot_parse(map, len, m, key, OV__SNAP_DROP_EDGES, out);
    if (rc) {
        munmap(map, len);
        return rc;
    }
    (*out)->unmap = true;
    /* the packed edges were copied out: the last of their pages are not needed any more */
    const snap_section *x = &h.sec[S_EDGES];
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), a = ((uintptr_t)map + x->off + page - 1) & ~(page - 1),
              z = ((uintptr_t)map + x->off + x->len) & ~(page - 1);
    if (z > a) (void)madvise((void *)a, z - a, MADV_DONTNEED);
    return OV_OK;
}

/* ---- as of a date ----------------------------------------------------------------- */

int ov__graph_filter(ov_graph *g, const char *as_of, ov_graph **out)
{
    *out = NULL;
    /* the edges in force, in order: what a build as of the date adds, in the same order */
    uint32_t k = 0;
    for (uint32_t i = 0; i < g->n_edges; i++)
        if (ov__graph_in_force(as_of, g->edges[i].start, g->edges[i].end)) g->edges[k++] = g->edges[i];
    g->n_edges = g->cap_edges = k;
    if (k) {
        ov_edge *shrunk = ov__realloc(g->edges, sizeof *shrunk * k);
        if (shrunk) g->edges = shrunk;
    }
    /* state flags: control by the state counts only through the edges kept */
    uint8_t *state = ov__malloc(g->n_nodes);
    if (!state) {
        ov_graph_free(g);
        return OV_ENOMEM;
    }
    for (uint32_t r = 0; r < g->n_nodes; r++) state[r] = g->state[r] & (uint8_t)~OV_STATE_CONTROL;
    for (uint32_t i = 0; i < k; i++) {
        const ov_edge *e = &g->edges[i];
        if (e->kind == OV_EDGE_CONTROL && e->type && strcasecmp(e->type, "state") == 0) state[e->to] |= OV_STATE_CONTROL;
    }
    if (!in_map(g, g->state)) ov__free(g->state);
    g->state = state;
    uint32_t **csr[] = {&g->out_off, &g->out_edges, &g->in_off, &g->in_edges, &g->hold_off};
    for (int i = 0; i < 5; i++) {
        if (!in_map(g, *csr[i])) ov__free(*csr[i]);
        *csr[i] = NULL;
    }
    if (!in_map(g, g->holdings)) ov__free(g->holdings);
    ov__free(g->holders);
    g->holdings = NULL;
    g->holders = NULL;
    g->n_holdings = 0;
    int rc = ov__graph_build_csr(g);
    if (rc) {
        ov_graph_free(g);
        return rc;
    }
    *out = g;
    return OV_OK;
}
