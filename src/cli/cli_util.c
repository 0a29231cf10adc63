/* cli_util.c - option parsing and output helpers shared by the commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "oversight/io.h"
#include "oversight/explain.h"
#include "cli.h"
#include "util/buf.h"
#include "util/termesc.h"
#include "util/banned.h"

int cli_exit_for(int rc)
{
    switch (rc) {
    case OV_OK: return EXIT_OK;
    case OV_EINVAL:
    case OV_ETOOBIG: return EXIT_DATA;
    case OV_ENOTFOUND: return EXIT_NOTFOUND;
    case OV_ENOMEM: return EXIT_INTERNAL;
    default: return EXIT_STORE;
    }
}

void cli_json_str(FILE *out, const char *s)
{
    ov_buf b;
    ov_buf_init(&b, (size_t)1 << 30);
    if (ov_buf_add_json_str(&b, s ? s : "") == OV_OK) fputs(b.data, out);
    ov_buf_release(&b);
}

void cli_print_text(FILE *out, const char *s) { ov__term_put(out, s); }

void cli_on_error(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    cli_print_text(stderr, file);
    fprintf(stderr, ":%ld: ", line);
    cli_print_text(stderr, msg);
    fputc('\n', stderr);
}

/* ---- option helpers ------------------------------------------------------ */

/* Removes "--name VALUE" or "--name=VALUE" from the command arguments. */
const char *cli_take_opt(cli *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < c->argc; i++) {
        const char *a = c->argv[i];
        const char *v = NULL;
        int drop = 0;
        if (strcmp(a, name) == 0 && i + 1 < c->argc) {
            v = c->argv[i + 1];
            drop = 2;
        } else if (strncmp(a, name, n) == 0 && a[n] == '=') {
            v = a + n + 1;
            drop = 1;
        }
        if (!drop) continue;
        memmove(&c->argv[i], &c->argv[i + drop], sizeof(char *) * (size_t)(c->argc - i - drop));
        c->argc -= drop;
        return cli_check_opt(c, name, v);
    }
    return NULL;
}

bool cli_take_flag(cli *c, const char *name)
{
    for (int i = 0; i < c->argc; i++)
        if (strcmp(c->argv[i], name) == 0) {
            memmove(&c->argv[i], &c->argv[i + 1], sizeof(char *) * (size_t)(c->argc - i - 1));
            c->argc--;
            return true;
        }
    return false;
}

int cli_reject_unknown(cli *c, const char *cmd)
{
    if (c->bad_input) return EXIT_USAGE; /* already said why (cli_check_opt) */
    for (int i = 0; i < c->argc; i++)
        if (c->argv[i][0] == '-' && c->argv[i][1] == '-') {
            fprintf(stderr, "oversight %s: unknown option %s (see oversight %s --help)\n", cmd, c->argv[i], cmd);
            return EXIT_USAGE;
        }
    return 0;
}

int cli_open_store(cli *c, int flags, ov_store **st)
{
    int rc = ov_store_open(st, c->db, flags, c->model);
    if (rc) {
        fprintf(stderr, "oversight: %s\n", ov_store_errmsg(*st));
        ov_store_close(*st);
        *st = NULL;
    }
    return rc;
}


int cli_report_ingest(const char *cmd, const char *path, int rc, const ov_ingest_stats *s, bool wrote)
{
    if (rc == OV_EINVAL) {
        fprintf(stderr, "oversight %s: ", cmd);
        cli_print_text(stderr, path);
        fprintf(stderr, ": %lld of %lld records invalid; %s\n", (long long)s->rejected, (long long)s->records,
                wrote ? "nothing was loaded (use --skip-invalid to load the valid ones)" : "see above");
        return EXIT_DATA;
    }
    if (wrote && s->load.dangling) {
        fprintf(stderr, "oversight %s: ", cmd);
        cli_print_text(stderr, path);
        fprintf(stderr, ": warning: %lld referenced entities are not in the store (e.g. ", (long long)s->load.dangling);
        for (int k = 0; k < 5 && k < s->load.dangling; k++) {
            if (k) fprintf(stderr, ", ");
            cli_print_text(stderr, s->load.dangling_example[k]);
        }
        fprintf(stderr, ")\n");
    }
    if (wrote && s->rejected) {
        fprintf(stderr, "oversight %s: ", cmd);
        cli_print_text(stderr, path);
        fprintf(stderr, ": %lld invalid records skipped (listed above)\n", (long long)s->rejected);
    }
    return 0;
}

int cli_print_answer(cli *c, const ov_answer *a)
{
    if (!c->json) return ov_answer_text(a, stdout);
    char *j = NULL;
    int rc = ov_answer_json(a, &j);
    if (!rc) fputs(j, stdout);
    ov_free(j);
    return rc;
}

int cli_print_answer_row(const ov_answer *a, bool first)
{
    char *j = NULL;
    int rc = ov_answer_json(a, &j);
    if (!rc) {
        j[strcspn(j, "\n")] = '\0';
        printf("%s%s", first ? "" : ",", j);
    }
    ov_free(j);
    return rc;
}
