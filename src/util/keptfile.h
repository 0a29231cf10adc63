/* keptfile.h - a file kept beside a store and keyed by its state (the graph
 * snapshot, the name index): written through a buffer, in a temporary file
 * that replaces the old one only when whole, so a reader never maps half a
 * file. Used by src/graph/snapshot.c and src/names/kept.c. */
#ifndef OV_KEPTFILE_H
#define OV_KEPTFILE_H
#include <stddef.h>
#include <stdint.h>

#define OV_KEPTFILE_BUF ((size_t)1 << 20) /* the size of a writer's buffer */

typedef struct ov_keptfile {
    int fd;
    int rc;       /* the first error (OV_EIO): later writes do nothing */
    uint64_t pos; /* bytes written or buffered */
    char *buf;    /* OV_KEPTFILE_BUF bytes, the caller's */
    size_t n;     /* bytes in buf */
} ov_keptfile;

/* Appends len bytes of p. */
void ov_keptfile_put(ov_keptfile *w, const void *p, size_t len);
/* Appends zeros up to the next multiple of align (a power of two). */
void ov_keptfile_align(ov_keptfile *w, size_t align);
/* Writes out what is buffered. */
void ov_keptfile_flush(ov_keptfile *w);

/* Writes path whole or not at all: removes temporaries of path left by
 * writers that died (untouched for 10 minutes), opens path.XXXXXX with the
 * mode of the store file (path without its last suffix_len bytes) when there
 * is one, sets w's fd and position (its buf set by the caller), calls
 * fill(ud), then closes and renames over path; on failure the temporary is
 * removed. No fsync: a file torn by a crash fails its checksums and is
 * rebuilt. fill's error, OV_EIO (a directory we may not write), or OV_OK. */
int ov_keptfile_replace(const char *path, size_t suffix_len, ov_keptfile *w, int (*fill)(void *ud), void *ud);

#endif
