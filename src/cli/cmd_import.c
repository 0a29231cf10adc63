/* cmd_import.c - `oversight import bods|gleif FILE...`: ownership data in
 * other models (BODS packages, GLEIF LEI-CDF / RR-CDF / reporting exceptions)
 * mapped to FtM and loaded, one transaction per file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/imports.h"
#include "cli.h"
#include "util/banned.h"

int cmd_import(cli *c)
{
    if (c->argc < 1) {
        fprintf(stderr, "oversight import: which format? (oversight import bods|gleif FILE...)\n");
        return EXIT_USAGE;
    }
    const char *what = c->argv[0];
    bool bods = strcmp(what, "bods") == 0, gleif = strcmp(what, "gleif") == 0;
    if (!bods && !gleif) {
        fprintf(stderr, "oversight import: unknown format '%s' (bods, gleif)\n", what);
        return EXIT_USAGE;
    }
    /* drop the format word in place: main frees the argument array it made */
    memmove(&c->argv[0], &c->argv[1], sizeof(char *) * (size_t)(c->argc - 1));
    c->argc--;
    ov_ingest_opts o = {0};
    o.dataset = cli_take_opt(c, "--dataset");
    o.dataset_explicit = o.dataset != NULL;
    o.source = cli_take_opt(c, "--source");
    o.note = cli_take_opt(c, "--note");
    const char *status = cli_take_opt(c, "--status");
    const char *kind_name = cli_take_opt(c, "--kind");
    o.skip_invalid = cli_take_flag(c, "--skip-invalid");
    bool validate = cli_take_flag(c, "--validate");
    o.on_error = cli_on_error;
    int bad = cli_reject_unknown(c, "import");
    if (bad) return bad;
    if (status && (o.status = ov_status_parse(status)) < 0) {
        fprintf(stderr, "oversight import: unknown status '%s'\n", status);
        return EXIT_USAGE;
    }
    int kind = OV_GLEIF_AUTO;
    if (kind_name) {
        if (!gleif || (kind = ov_gleif_kind_parse(kind_name)) < 0) {
            fprintf(stderr, "oversight import: --kind is lei, rr or repex, for gleif\n");
            return EXIT_USAGE;
        }
    }
    if (c->argc < 1) {
        fprintf(stderr, "oversight import %s: which file? (- for standard input)\n", what);
        return EXIT_USAGE;
    }
    ov_store *st = NULL;
    if (!validate) {
        int rc = cli_open_store(c, 0, &st);
        if (rc) return cli_exit_for(rc);
    }
    int result = EXIT_OK;
    for (int i = 0; i < c->argc; i++) {
        const char *path = c->argv[i];
        FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!in) {
            fprintf(stderr, "oversight import: cannot open %s: %s\n", path, strerror(errno));
            result = EXIT_STORE;
            break;
        }
        ov_ingest_stats s;
        int rc = bods ? ov_import_bods(st, c->model, path, in, &o, &s)
                      : ov_import_gleif(st, c->model, path, in, (ov_gleif_kind)kind, &o, &s);
        if (in != stdin) fclose(in);
        if (rc && rc != OV_EINVAL) {
            fprintf(stderr, "oversight import: ");
            cli_print_text(stderr, path);
            fprintf(stderr, ": ");
            cli_print_text(stderr, st && strcmp(ov_store_errmsg(st), "no error") ? ov_store_errmsg(st) : ov_strerror(rc));
            fputc('\n', stderr);
            result = cli_exit_for(rc);
            break;
        }
        if ((result = cli_report_ingest("import", path, rc, &s, st != NULL))) break;
        if (c->json) {
            printf("{\"file\":");
            cli_json_str(stdout, path);
            printf(",\"format\":\"%s\",\"records\":%lld,\"entities\":%lld,\"statements\":%lld,\"rejected\":%lld",
                   what, (long long)s.records, (long long)s.entities, (long long)s.statements, (long long)s.rejected);
            if (st)
                printf(",\"change\":%lld,\"added\":%lld,\"retired\":%lld,\"unchanged\":%lld,"
                       "\"deleted_entities\":%lld,\"dangling\":%lld",
                       (long long)s.load.change_id, (long long)s.load.added, (long long)s.load.retired,
                       (long long)s.load.unchanged, (long long)s.load.deleted_entities, (long long)s.load.dangling);
            printf("}\n");
        } else if (st && !s.load.change_id) {
            cli_print_text(stdout, path);
            printf(": nothing to import (%lld records): no change recorded\n", (long long)s.records);
        } else if (st) {
            printf("%s: change %lld: %lld records, %lld entities, %lld statements added, %lld retired, %lld unchanged",
                   path, (long long)s.load.change_id, (long long)s.records, (long long)s.entities,
                   (long long)s.load.added, (long long)s.load.retired, (long long)s.load.unchanged);
            if (s.load.deleted_entities) printf(", %lld entities deleted", (long long)s.load.deleted_entities);
            printf("\n");
        } else {
            printf("%s: valid: %lld records, %lld entities, %lld statements\n", path, (long long)s.records,
                   (long long)s.entities, (long long)s.statements);
        }
    }
    ov_store_close(st);
    return result;
}
