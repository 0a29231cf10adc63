/* keptfile.c - see keptfile.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "keptfile.h"
#include "oversight/oversight.h"
#include "banned.h"

void ov_keptfile_flush(ov_keptfile *w)
{
    size_t done = 0;
    while (!w->rc && done < w->n) {
        ssize_t k = write(w->fd, w->buf + done, w->n - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) w->rc = OV_EIO;
        else done += (size_t)k;
    }
    w->n = 0;
}

void ov_keptfile_put(ov_keptfile *w, const void *p, size_t len)
{
    const char *c = p;
    while (!w->rc && len) {
        if (w->n == OV_KEPTFILE_BUF) ov_keptfile_flush(w);
        size_t k = OV_KEPTFILE_BUF - w->n < len ? OV_KEPTFILE_BUF - w->n : len;
        memcpy(w->buf + w->n, c, k);
        w->n += k;
        c += k;
        len -= k;
        w->pos += k;
    }
}

void ov_keptfile_align(ov_keptfile *w, size_t align)
{
    static const char zeros[64];
    size_t pad = (size_t)(-w->pos & (align - 1));
    while (pad) {
        size_t k = pad < sizeof zeros ? pad : sizeof zeros;
        ov_keptfile_put(w, zeros, k);
        pad -= k;
    }
}

/* Removes temporary files of path left by writers that died in the middle of
 * a write: a live writer's file is modified all the time, so one untouched
 * for 10 minutes is abandoned. */
static void remove_stale(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else if ((size_t)snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path) >= sizeof dir) return;
    size_t blen = strlen(base);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    time_t now = time(NULL);
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, base, blen) != 0 || de->d_name[blen] != '.' || strlen(de->d_name + blen + 1) != 6)
            continue;
        char full[8300];
        if ((size_t)snprintf(full, sizeof full, "%s/%s", dir, de->d_name) >= sizeof full) continue;
        struct stat sb;
        if (lstat(full, &sb) == 0 && S_ISREG(sb.st_mode) && now - sb.st_mtime > 600) unlink(full);
    }
    closedir(d);
}

int ov_keptfile_replace(const char *path, size_t suffix_len, ov_keptfile *w, int (*fill)(void *ud), void *ud)
{
    remove_stale(path);
    char tmp[4200];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp) return OV_ETOOBIG;
    int fd = mkstemp(tmp);
    if (fd < 0) return OV_EIO; /* a directory we may not write: no file, quietly */
    /* readable by whoever may read the store */
    size_t plen = strlen(path);
    char store[4200];
    struct stat sb;
    if (plen > suffix_len && plen - suffix_len < sizeof store) {
        memcpy(store, path, plen - suffix_len);
        store[plen - suffix_len] = 0;
        if (stat(store, &sb) == 0) (void)fchmod(fd, sb.st_mode & 0666);
    }
    w->fd = fd;
    w->rc = OV_OK;
    w->pos = 0;
    w->n = 0;
    int rc = fill(ud);
    if (close(fd) != 0 && !rc) rc = OV_EIO;
    if (!rc && rename(tmp, path) != 0) rc = OV_EIO;
    if (rc) unlink(tmp);
    return rc;
}
