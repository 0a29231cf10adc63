/*
 * cmd_copy.c - `oversight copy SRC DST`: a whole record from one store into a
 * new one, whichever their backends (an SQLite file, a postgresql:// URL):
 * statements with their history and citations, the change log, the API
 * tokens' hashes and judgements (entities like any other). The destination is
 * created (or migrated) and must be empty; on any failure it stays as it was.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "util/banned.h"

int cmd_copy(cli *c)
{
    int bad = cli_reject_unknown(c, "copy");
    if (bad) return bad;
    if (c->argc != 2) {
        fprintf(stderr, "usage: oversight copy SRC DST\n");
        return EXIT_USAGE;
    }
    const char *src_path = c->argv[0], *dst_path = c->argv[1];
    if (!strcmp(src_path, dst_path)) {
        fprintf(stderr, "oversight copy: the source and the destination are the same store\n");
        return EXIT_USAGE;
    }
    ov_store *src = NULL, *dst = NULL;
    int rc = ov_store_open(&src, src_path, OV_OPEN_READONLY, c->model);
    if (rc) {
        fprintf(stderr, "oversight copy: %s: ", src_path[0] == 'p' ? "the source" : src_path);
        cli_print_text(stderr, ov_store_errmsg(src));
        fputc('\n', stderr);
        ov_store_close(src);
        return cli_exit_for(rc);
    }
    rc = ov_store_open(&dst, dst_path, OV_OPEN_CREATE, c->model);
    if (rc) {
        fprintf(stderr, "oversight copy: the destination: ");
        cli_print_text(stderr, ov_store_errmsg(dst));
        fputc('\n', stderr);
        ov_store_close(dst);
        ov_store_close(src);
        return cli_exit_for(rc);
    }
    ov_copy_stats s;
    rc = ov_store_copy(src, dst, &s);
    if (rc) {
        fprintf(stderr, "oversight copy: nothing copied: ");
        cli_print_text(stderr, ov_store_errmsg(dst));
        fputc('\n', stderr);
    } else if (c->json) {
        printf("{\"changes\":%lld,\"entities\":%lld,\"statements\":%lld,\"citations\":%lld,\"tokens\":%lld}\n",
               (long long)s.changes, (long long)s.entities, (long long)s.statements, (long long)s.citations,
               (long long)s.tokens);
    } else {
        printf("copied %lld changes, %lld entities, %lld statements, %lld citations, %lld tokens\n",
               (long long)s.changes, (long long)s.entities, (long long)s.statements, (long long)s.citations,
               (long long)s.tokens);
    }
    ov_store_close(dst);
    ov_store_close(src);
    return cli_exit_for(rc);
}
