/* cmd_record.c - the record commands: init, load, validate, export, get,
 * history, search, stats. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "oversight/io.h"
#include "oversight/resolve.h"
#include "cli.h"
#include "util/buf.h"
#include "util/termesc.h"
#include "util/banned.h"

/* ---- init ---------------------------------------------------------------- */

int cmd_init(cli *c)
{
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_CREATE, &st);
    if (rc) return cli_exit_for(rc);
    if (c->json)
        printf("{\"db\":%s\"%s\",\"schema_version\":%d}\n", "", c->db, ov_store_schema_version(st));
    else
        printf("initialised %s (store schema version %d)\n", c->db, ov_store_schema_version(st));
    ov_store_close(st);
    return EXIT_OK;
}

/* ---- load / validate --------------------------------------------------- */

typedef struct progress_state {
    bool tty;
    int last_pct;
} progress_state;

static void on_progress(uint64_t done, uint64_t total, void *ud)
{
    progress_state *p = ud;
    if (!p->tty || !total) return;
    int pct = (int)(done * 100 / total);
    if (pct == p->last_pct) return;
    p->last_pct = pct;
    char bar[41];
    int filled = pct * 40 / 100;
    for (int i = 0; i < 40; i++) bar[i] = i < filled ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\r[%s] %3d%% %llu/%llu MB", bar, pct, (unsigned long long)(done >> 20),
            (unsigned long long)(total >> 20));
    if (pct == 100) fputc('\n', stderr);
}

/* A dataset name from the file name: "data/zala.ftm.json" -> "zala". */
static void stem(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strcspn(base, ".");
    if (len == 0) len = strlen(base);
    if (len >= n) len = n - 1;
    memcpy(out, base, len);
    out[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (out[i] == '-' || out[i] == ' ') out[i] = '_';
}

static int ingest_opts(cli *c, const char *cmd, ov_ingest_opts *o, progress_state *ps)
{
    memset(o, 0, sizeof *o);
    const char *fmt = cli_take_opt(c, "--input-format");
    const char *status = cli_take_opt(c, "--status");
    const char *max_line = cli_take_opt(c, "--max-line");
    o->dataset = cli_take_opt(c, "--dataset");
    o->dataset_explicit = o->dataset != NULL;
    o->source = cli_take_opt(c, "--source");
    o->locator = cli_take_opt(c, "--locator");
    o->note = cli_take_opt(c, "--note");
    o->skip_invalid = cli_take_flag(c, "--skip-invalid");
    const char *shares = cli_take_opt(c, "--shares");
    if (shares && strcmp(shares, "fraction") && strcmp(shares, "percent")) {
        fprintf(stderr, "oversight %s: --shares percent|fraction (how the source states ownership percentages)\n", cmd);
        return EXIT_USAGE;
    }
    o->shares_fraction = shares && !strcmp(shares, "fraction");
    /* the declaration is recorded with the load in the change log */
    if (o->shares_fraction && !o->note) o->note = "--shares fraction: the source's ownership percentages are fractions";
    if (fmt) {
        int f = ov_format_parse(fmt);
        if (f < 0 || f == OV_FMT_PLAIN) {
            fprintf(stderr, "oversight %s: unknown input format '%s' (entities, delta, statements)\n", cmd, fmt);
            return EXIT_USAGE;
        }
        o->format = (ov_format)f;
    }
    if (status) {
        o->status = ov_status_parse(status);
        if (o->status < 0) {
            fprintf(stderr, "oversight %s: unknown status '%s'\n", cmd, status);
            return EXIT_USAGE;
        }
    }
    if (max_line) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(max_line, &end, 10);
        if (errno || *end || v < 64 || v > ((unsigned long long)256 << 20) || strchr(max_line, '-')) {
            fprintf(stderr, "oversight %s: --max-line needs a number of bytes from 64 to 268435456 (256 MiB)\n", cmd);
            return EXIT_USAGE;
        }
        o->max_line = (size_t)v;
    }
    o->on_error = cli_on_error;
    o->on_progress = on_progress;
    ps->tty = isatty(2) != 0;
    ps->last_pct = -1;
    o->ud = ps;
    return 0;
}

/* The store's message for rc, or the code's own when the store has none
 * (a reader's failure, such as running out of memory). */
static const char *load_errmsg(ov_store *st, int rc)
{
    const char *m = st ? ov_store_errmsg(st) : NULL;
    return m && strcmp(m, "no error") != 0 ? m : ov_strerror(rc);
}

static void print_file_result(cli *c, bool load, const char *path, const ov_ingest_stats *s)
{
    if (c->json) {
        printf("{\"file\":");
        cli_json_str(stdout, path);
        printf(",\"records\":%lld,\"entities\":%lld,\"statements\":%lld,\"rejected\":%lld,"
               "\"dropped_empty\":%lld,\"cleaned\":%lld",
               (long long)s->records, (long long)s->entities, (long long)s->statements,
               (long long)s->rejected, (long long)s->dropped_empty, (long long)s->cleaned);
        if (load) {
            if (s->load.change_id) printf(",\"change\":%lld", (long long)s->load.change_id);
            else printf(",\"change\":null");
            printf(",\"added\":%lld,\"retired\":%lld,\"unchanged\":%lld,"
                   "\"deleted_entities\":%lld,\"dangling\":%lld,\"bulk\":%s,"
                   "\"index_seconds\":%.3f,\"search_seconds\":%.3f",
                   (long long)s->load.added, (long long)s->load.retired,
                   (long long)s->load.unchanged, (long long)s->load.deleted_entities,
                   (long long)s->load.dangling, s->load.bulk ? "true" : "false",
                   s->load.index_seconds, s->load.search_seconds);
        }
        printf("}\n");
    } else if (load && !s->load.change_id) {
        cli_print_text(stdout, path);
        printf(": nothing to load (%lld records): no change recorded\n", (long long)s->records);
    } else if (load) {
        cli_print_text(stdout, path);
        printf(": change %lld: %lld entities, %lld statements added, %lld retired, %lld unchanged",
               (long long)s->load.change_id, (long long)s->entities, (long long)s->load.added,
               (long long)s->load.retired, (long long)s->load.unchanged);
        if (s->load.deleted_entities) printf(", %lld entities deleted", (long long)s->load.deleted_entities);
        printf("\n");
    } else {
        cli_print_text(stdout, path);
        printf(": valid: %lld records, %lld entities, %lld statements\n", (long long)s->records,
               (long long)s->entities, (long long)s->statements);
    }
}

/* load: every file in one transaction, each its own change (all or nothing,
 * README); the summaries are printed once the whole load is committed.
 * validate: file by file, stopping at the first invalid one. */
static int cmd_load_or_validate(cli *c, bool load)
{
    const char *cmd = load ? "load" : "validate";
    ov_ingest_opts o;
    progress_state ps;
    int bad = ingest_opts(c, cmd, &o, &ps);
    if (bad) return bad;
    if ((bad = cli_reject_unknown(c, cmd))) return bad;
    if (c->argc < 1) {
        fprintf(stderr, "oversight %s: which file? (oversight %s FILE..., - for standard input)\n", cmd, cmd);
        return EXIT_USAGE;
    }
    ov_store *st = NULL;
    if (load) {
        int rc = cli_open_store(c, 0, &st);
        if (rc) return cli_exit_for(rc);
    }
    ov_ingest_stats *res = calloc((size_t)c->argc, sizeof *res);
    if (!res) {
        fprintf(stderr, "oversight %s: out of memory\n", cmd);
        ov_store_close(st);
        return EXIT_INTERNAL;
    }
    ov_load *ld = NULL;
    int result = EXIT_OK, done = 0;
    for (int i = 0; i < c->argc; i++) {
        const char *path = c->argv[i];
        FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!in) {
            fprintf(stderr, "oversight %s: cannot open ", cmd);
            cli_print_text(stderr, path);
            fprintf(stderr, ": %s\n", strerror(errno));
            result = EXIT_STORE;
            break;
        }
        struct stat sb;
        if (fstat(fileno(in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
            fprintf(stderr, "oversight %s: ", cmd);
            cli_print_text(stderr, path);
            fprintf(stderr, ": is a directory, not a file%s\n", load ? "; nothing was loaded" : "");
            if (in != stdin) fclose(in);
            result = EXIT_DATA;
            break;
        }
        char ds[128];
        ov_ingest_opts fo = o;
        if (!fo.dataset) {
            stem(strcmp(path, "-") == 0 ? "stdin" : path, ds, sizeof ds);
            fo.dataset = ds;
        }
        ov_ingest_stats *s = &res[i];
        int rc;
        if (load) {
            ov_load_opts lo;
            ov_ingest_load_opts(path, &fo, &lo);
            rc = ld ? ov_load_next(ld, &lo, &res[i - 1].load) : ov_store_load_begin(st, &lo, &ld);
            if (!rc) rc = ov_ingest_into(ld, c->model, path, in, &fo, s);
        } else {
            rc = ov_validate(c->model, path, in, &fo, s);
        }
        if (in != stdin) fclose(in);
        if (s->bom) {
            fprintf(stderr, "oversight %s: ", cmd);
            cli_print_text(stderr, path);
            fprintf(stderr, ": warning: the file starts with a UTF-8 byte order mark; read as UTF-8 and skipped\n");
        }
        if (rc && rc != OV_EINVAL) {
            fprintf(stderr, "oversight %s: ", cmd);
            cli_print_text(stderr, path);
            fprintf(stderr, ": %s%s\n", load ? load_errmsg(st, rc) : ov_strerror(rc),
                    load ? "; nothing was loaded" : "");
            result = cli_exit_for(rc);
            break;
        }
        if (rc == OV_EINVAL) { /* refused: the report says nothing was loaded */
            result = cli_report_ingest(cmd, path, rc, s, load);
            break;
        }
        done = i + 1;
        if (!load) print_file_result(c, false, path, s);
    }
    if (load && ld) {
        if (result) {
            ov_load_abort(ld);
        } else {
            int rc = ov_load_commit(ld, &res[done - 1].load);
            if (rc) {
                fprintf(stderr, "oversight load: %s; nothing was loaded\n", load_errmsg(st, rc));
                result = cli_exit_for(rc);
            } else {
                for (int i = 0; i < done; i++) {
                    cli_report_ingest(cmd, c->argv[i], 0, &res[i], true); /* warnings only */
                    print_file_result(c, true, c->argv[i], &res[i]);
                }
            }
        }
    }
    free(res);
    ov_store_close(st);
    return result;
}

/* ---- export -------------------------------------------------------------- */

int cmd_export(cli *c)
{
    const char *fmt = cli_take_opt(c, "--output-format");
    const char *out_path = cli_take_opt(c, "--output");
    if (!out_path) out_path = cli_take_opt(c, "-o");
    const char *since = cli_take_opt(c, "--since");
    int bad = cli_reject_unknown(c, "export");
    if (bad) return bad;
    ov_export_opts o = {.format = OV_FMT_ENTITIES};
    if (fmt) {
        int f = ov_format_parse(fmt);
        if (f <= 0) {
            fprintf(stderr, "oversight export: unknown format '%s' (entities, plain, delta, statements)\n", fmt);
            return EXIT_USAGE;
        }
        o.format = (ov_format)f;
    }
    if (since) {
        char *end;
        o.since = strtoll(since, &end, 10);
        if (*end || o.since < 0) {
            fprintf(stderr, "oversight export: --since needs a change number\n");
            return EXIT_USAGE;
        }
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return cli_exit_for(rc);
    /* -o FILE: written to a temporary file beside it and renamed over it once
     * complete and synced, so an error or a full disk leaves FILE as it was
     * (or absent), never truncated */
    char *tmp = NULL;
    FILE *out = stdout;
    struct stat osb;
    if (out_path && stat(out_path, &osb) == 0 && !S_ISREG(osb.st_mode)) {
        /* a device or a pipe (-o /dev/stdout): written in place, nothing to rename */
        if (S_ISDIR(osb.st_mode) || !(out = fopen(out_path, "wb"))) {
            fprintf(stderr, "oversight export: cannot write ");
            cli_print_text(stderr, out_path);
            fprintf(stderr, ": %s\n", S_ISDIR(osb.st_mode) ? "is a directory" : strerror(errno));
            ov_store_close(st);
            return EXIT_STORE;
        }
    } else if (out_path) {
        size_t len = strlen(out_path) + 16;
        tmp = malloc(len);
        int fd = -1;
        if (tmp) {
            snprintf(tmp, len, "%s.tmp.XXXXXX", out_path);
            fd = mkstemp(tmp);
        }
        if (fd >= 0) {
            mode_t um = umask(0);
            umask(um);
            if (fchmod(fd, 0666 & ~um) != 0 || !(out = fdopen(fd, "wb"))) {
                close(fd);
                unlink(tmp);
                fd = -1;
            }
        }
        if (fd < 0) {
            fprintf(stderr, "oversight export: cannot write ");
            cli_print_text(stderr, out_path);
            fprintf(stderr, ": %s\n", strerror(errno));
            free(tmp);
            ov_store_close(st);
            return EXIT_STORE;
        }
    }
    int64_t n = 0;
    rc = ov_export(st, c->model, out, &o, &n);
    int werr = 0;
    if (out != stdout && !tmp) {
        if (fclose(out) != 0 && !rc) {
            werr = errno;
            rc = OV_EIO;
        }
    } else if (out != stdout) {
        if (!rc && (fflush(out) != 0 || fsync(fileno(out)) != 0)) werr = errno;
        if (fclose(out) != 0 && !werr) werr = errno;
        if (!rc && werr) rc = OV_EIO;
        if (!rc && rename(tmp, out_path) != 0) {
            werr = errno;
            rc = OV_EIO;
        }
        if (rc) unlink(tmp);
    } else if (!rc && fflush(stdout) != 0) {
        werr = errno;
        rc = OV_EIO;
    }
    if (rc) {
        fprintf(stderr, "oversight export: ");
        if (rc == OV_EIO) fprintf(stderr, "write failed%s%s", werr ? ": " : "", werr ? strerror(werr) : "");
        else cli_print_text(stderr, ov_store_errmsg(st));
        if (tmp) {
            fprintf(stderr, "; ");
            cli_print_text(stderr, out_path);
            fprintf(stderr, " was not written");
        }
        fputc('\n', stderr);
    } else if (out_path) {
        fprintf(stderr, "oversight export: %lld entities written to ", (long long)n);
        cli_print_text(stderr, out_path);
        fputc('\n', stderr);
    }
    free(tmp);
    ov_store_close(st);
    return cli_exit_for(rc);
}

/* ---- get / history ---------------------------------------------------- */

static void print_stmt_text(const ov_stmt *s, bool history)
{
    printf("  %-20s ", s->prop);
    cli_print_text(stdout, s->value);
    if (s->lang) {
        printf(" [");
        cli_print_text(stdout, s->lang);
        printf("]");
    }
    if (s->status != OV_ST_ASSERTED) printf("  (%s)", ov_status_name(s->status));
    printf("\n");
    if (s->original_value) {
        printf("  %-20s   original: ", "");
        cli_print_text(stdout, s->original_value);
        printf("\n");
    }
    if (s->source || s->locator) {
        printf("  %-20s   source: ", "");
        cli_print_text(stdout, s->source);
        if (s->locator) printf(" — ");
        cli_print_text(stdout, s->locator);
        printf("\n");
    }
    if (history) {
        printf("  %-20s   dataset ", "");
        cli_print_text(stdout, s->dataset);
        printf(", added in change %lld%s", (long long)s->added_in, s->retired_in ? ", retired in change " : "\n");
    }
    if (history && s->retired_in) printf("%lld\n", (long long)s->retired_in);
}

static void print_stmt_json(const ov_stmt *s)
{
    printf("{\"prop\":");
    cli_json_str(stdout, s->prop);
    printf(",\"value\":");
    cli_json_str(stdout, s->value);
    const char *keys[] = {"schema", "lang", "original_value", "dataset", "source", "locator",
                          "first_seen", "last_seen", "origin", "src_id"};
    const char *vals[] = {s->schema, s->lang, s->original_value, s->dataset, s->source, s->locator,
                          s->first_seen, s->last_seen, s->origin, s->src_id};
    for (int i = 0; i < 10; i++) {
        if (!vals[i]) continue;
        printf(",\"%s\":", keys[i]);
        cli_json_str(stdout, vals[i]);
    }
    printf(",\"status\":\"%s\",\"added_in\":%lld", ov_status_name(s->status), (long long)s->added_in);
    if (s->retired_in) printf(",\"retired_in\":%lld", (long long)s->retired_in);
    printf("}");
}

/* The entity's cluster in text: its canonical id, the referents and the judgements
 * behind them, then the other referents' statements, each naming its referent. */
static void print_resolution_text(ov_store *st, const ov_resolver *r, const ov_entity *e)
{
    const char **ids;
    size_t n;
    if (!r || ov_resolver_referents(r, e->id, &ids, &n)) return;
    if (n > 1) {
        printf("  %-20s ", "canonical id");
        cli_print_text(stdout, ov_resolver_canonical(r, e->id));
        printf("\n  %-20s ", "referents");
        for (size_t i = 0; i < n; i++) {
            if (i) printf(", ");
            cli_print_text(stdout, ids[i]);
        }
        printf("\n");
        for (size_t i = 0; i < ov_resolver_count(r); i++) {
            const ov_judgement *j = ov_resolver_at(r, i);
            bool mine = false;
            for (size_t m = 0; m < n && !mine; m++) mine = !strcmp(j->left, ids[m]) || !strcmp(j->right, ids[m]);
            if (!mine) continue;
            printf("  %-20s ", "judgement");
            cli_print_text(stdout, j->id);
            printf(": %s %s ", j->left, ov_verdict_name(j->verdict));
            cli_print_text(stdout, j->right);
            printf(" (");
            cli_print_text(stdout, j->author);
            printf(", ");
            cli_print_text(stdout, j->date);
            printf("): ");
            cli_print_text(stdout, j->reason);
            printf("\n");
        }
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(ids[i], e->id)) continue;
            ov_entity *o;
            if (ov_store_get(st, ids[i], 0, &o)) continue;
            printf("from referent ");
            cli_print_text(stdout, o->id);
            printf(" (%s):\n", o->schema);
            for (size_t k = 0; k < o->n_stmts; k++) print_stmt_text(&o->stmts[k], false);
            ov_entity_free(o);
        }
    }
    ov_free(ids);
}

int cmd_get(cli *c)
{
    bool with_history = cli_take_flag(c, "--history");
    int bad = cli_reject_unknown(c, "get");
    if (bad) return bad;
    if (c->argc != 1) {
        fprintf(stderr, "oversight get: which entity? (oversight get ID)\n");
        return EXIT_USAGE;
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return cli_exit_for(rc);
    ov_entity *e;
    rc = ov_store_get(st, c->argv[0], with_history ? OV_GET_HISTORY : 0, &e);
    if (rc) {
        fprintf(stderr, "oversight get: ");
        cli_print_text(stderr, c->argv[0]);
        fprintf(stderr, ": ");
        cli_print_text(stderr, ov_store_errmsg(st));
        fputc('\n', stderr);
        ov_store_close(st);
        return cli_exit_for(rc);
    }
    /* the cluster the entity belongs to (issue 16): the judgements, read through their index */
    ov_resolver *r = NULL;
    char *resolution = NULL;
    if (ov_resolver_load(st, &r) == OV_OK && c->json &&
        ov_resolution_json(st, r, e->id, OV_RESOLUTION_JUDGEMENTS | OV_RESOLUTION_PROPERTIES, &resolution))
        resolution = NULL;
    if (c->json) {
        /* the envelope, plus every statement with its citation, status and history */
        char *env = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&env, &len);
        if (mem) {
            ov_entity_write_json(mem, c->model, e, true);
            fclose(mem);
        }
        if (env && len > 1 && env[len - 1] == '}') {
            fwrite(env, 1, len - 1, stdout);
            printf(",\"statements\":[");
            for (size_t i = 0; i < e->n_stmts; i++) {
                if (i) printf(",");
                print_stmt_json(&e->stmts[i]);
            }
            printf("]");
            if (resolution) printf(",\"resolution\":%s", resolution);
            printf("}\n");
        }
        free(env);
    } else {
        printf("%s  ", e->schema);
        cli_print_text(stdout, e->caption ? e->caption : e->id);
        printf("\n  %-20s ", "id");
        cli_print_text(stdout, e->id);
        printf("\n");
        for (size_t i = 0; i < e->n_stmts; i++) print_stmt_text(&e->stmts[i], with_history);
        print_resolution_text(st, r, e);
    }
    ov_free(resolution);
    ov_resolver_free(r);
    ov_entity_free(e);
    ov_store_close(st);
    return EXIT_OK;
}

typedef struct history_ctx {
    const ov_entity *e;
    bool json;
    int n;
} history_ctx;

static int history_cb(const ov_change *ch, void *ud)
{
    history_ctx *h = ud;
    const ov_entity *e = h->e;
    if (h->json) {
        printf("%s{\"change\":%lld,\"at\":", h->n++ ? "," : "", (long long)ch->id);
        cli_json_str(stdout, ch->at);
        printf(",\"kind\":");
        cli_json_str(stdout, ch->kind);
        printf(",\"origin\":");
        cli_json_str(stdout, ch->origin);
        printf(",\"added\":[");
        int k = 0;
        for (size_t i = 0; i < e->n_stmts; i++)
            if (e->stmts[i].added_in == ch->id) {
                if (k++) printf(",");
                print_stmt_json(&e->stmts[i]);
            }
        printf("],\"retired\":[");
        k = 0;
        for (size_t i = 0; i < e->n_stmts; i++)
            if (e->stmts[i].retired_in == ch->id) {
                if (k++) printf(",");
                print_stmt_json(&e->stmts[i]);
            }
        printf("]");
        if (e->retired_in == ch->id) printf(",\"entity_deleted\":true");
        printf("}");
        return 0;
    }
    printf("change %lld  ", (long long)ch->id);
    cli_print_text(stdout, ch->at);
    printf("  ");
    cli_print_text(stdout, ch->kind);
    printf("  ");
    cli_print_text(stdout, ch->origin);
    printf("\n");
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->added_in == ch->id) {
            printf("  + %s = ", s->prop);
            cli_print_text(stdout, s->value);
            if (s->status != OV_ST_ASSERTED) printf("  (%s)", ov_status_name(s->status));
            if (s->source || s->locator) {
                printf("  [");
                cli_print_text(stdout, s->source);
                if (s->source && s->locator) printf("; ");
                cli_print_text(stdout, s->locator);
                printf("]");
            }
            printf("\n");
        }
        if (s->retired_in == ch->id) {
            printf("  - %s = ", s->prop);
            cli_print_text(stdout, s->value);
            printf("  (%s)\n", ov_status_name(s->status));
        }
    }
    if (e->retired_in == ch->id) printf("  entity deleted\n");
    return 0;
}

int cmd_history(cli *c)
{
    int bad = cli_reject_unknown(c, "history");
    if (bad) return bad;
    if (c->argc != 1) {
        fprintf(stderr, "oversight history: which entity? (oversight history ID)\n");
        return EXIT_USAGE;
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return cli_exit_for(rc);
    ov_entity *e;
    rc = ov_store_get(st, c->argv[0], OV_GET_HISTORY, &e);
    if (rc) {
        fprintf(stderr, "oversight history: ");
        cli_print_text(stderr, c->argv[0]);
        fprintf(stderr, ": ");
        cli_print_text(stderr, ov_store_errmsg(st));
        fputc('\n', stderr);
        ov_store_close(st);
        return cli_exit_for(rc);
    }
    history_ctx h = {.e = e, .json = c->json};
    if (c->json) {
        printf("{\"id\":");
        cli_json_str(stdout, e->id);
        printf(",\"changes\":[");
    }
    rc = ov_store_changes(st, e->id, history_cb, &h);
    if (c->json) printf("]}\n");
    ov_entity_free(e);
    ov_store_close(st);
    return cli_exit_for(rc);
}

/* ---- search -------------------------------------------------------------- */

int cmd_search(cli *c)
{
    ov_search_query q = {0};
    q.schema = cli_take_opt(c, "--schema");
    q.country = cli_take_opt(c, "--country");
    q.topic = cli_take_opt(c, "--topic");
    q.dataset = cli_take_opt(c, "--dataset");
    const char *limit = cli_take_opt(c, "--limit");
    int bad = cli_reject_unknown(c, "search");
    if (bad) return bad;
    if (limit) {
        char *end;
        long v = strtol(limit, &end, 10);
        if (*end || v <= 0 || v > 1000) {
            fprintf(stderr, "oversight search: --limit needs a number from 1 to 1000\n");
            return EXIT_USAGE;
        }
        q.limit = (int)v;
    }
    ov_buf text;
    ov_buf_init(&text, 4096);
    for (int i = 0; i < c->argc; i++) {
        if (i) ov_buf_addc(&text, ' ');
        if (ov_buf_adds(&text, c->argv[i])) {
            fprintf(stderr, "oversight search: the query is too long\n");
            ov_buf_release(&text);
            return EXIT_USAGE;
        }
    }
    if (!text.len && !q.schema && !q.country && !q.topic && !q.dataset) {
        fprintf(stderr, "oversight search: what to search for? (oversight search WORDS [--schema S] ...)\n");
        ov_buf_release(&text);
        return EXIT_USAGE;
    }
    q.text = ov_buf_str(&text);
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) {
        ov_buf_release(&text);
        return cli_exit_for(rc);
    }
    ov_search_hit *hits;
    size_t n;
    ov_resolver *r = NULL;
    rc = ov_store_search(st, &q, &hits, &n);
    if (!rc && ov_resolver_load(st, &r)) r = NULL; /* without the judgements: ids as recorded */
    if (rc) {
        fprintf(stderr, "oversight search: ");
        cli_print_text(stderr, ov_store_errmsg(st));
        fputc('\n', stderr);
    } else if (c->json) {
        printf("{\"query\":");
        cli_json_str(stdout, q.text);
        printf(",\"results\":[");
        for (size_t i = 0; i < n; i++) {
            printf("%s{\"id\":", i ? "," : "");
            cli_json_str(stdout, hits[i].id);
            printf(",\"schema\":");
            cli_json_str(stdout, hits[i].schema);
            printf(",\"caption\":");
            cli_json_str(stdout, hits[i].caption ? hits[i].caption : hits[i].id);
            printf(",\"score\":%.4f", hits[i].score);
            char *res = NULL;
            if (r && !ov_resolution_json(st, r, hits[i].id, 0, &res) && res[0] == '{')
                printf(",%s", res + 1); /* "canonical_id", "referents" and the closing brace */
            else
                printf("}");
            ov_free(res);
        }
        printf("]}\n");
    } else {
        for (size_t i = 0; i < n; i++) {
            char cap[2048];
            ov__term_escape(cap, sizeof cap, hits[i].caption ? hits[i].caption : hits[i].id);
            printf("%7.3f  %-14s %-40s ", hits[i].score, hits[i].schema, cap);
            cli_print_text(stdout, hits[i].id);
            const char **ids;
            size_t k;
            if (r && !ov_resolver_referents(r, hits[i].id, &ids, &k)) {
                if (k > 1) {
                    printf("  (canonical ");
                    cli_print_text(stdout, ov_resolver_canonical(r, hits[i].id));
                    printf("; referents");
                    for (size_t x = 0; x < k; x++) {
                        printf(x ? ", " : " ");
                        cli_print_text(stdout, ids[x]);
                    }
                    printf(")");
                }
                ov_free(ids);
            }
            printf("\n");
        }
        if (!n) printf("no results\n");
    }
    if (!rc) ov_search_hits_free(hits, n);
    ov_resolver_free(r);
    ov_buf_release(&text);
    ov_store_close(st);
    return cli_exit_for(rc);
}

/* ---- stats ---------------------------------------------------------------- */

typedef struct stats_ctx {
    bool json;
    const char *group;
    int n;
} stats_ctx;

static int stats_cb(const char *group, const char *key, int64_t n, void *ud)
{
    stats_ctx *s = ud;
    if (s->json) {
        if (!s->group || strcmp(s->group, group) != 0) {
            printf("%s\"%ss\":{", s->group ? "}," : "", group);
            s->n = 0;
        }
        printf("%s", s->n++ ? "," : "");
        cli_json_str(stdout, key);
        printf(":%lld", (long long)n);
    } else {
        if (!s->group || strcmp(s->group, group) != 0) printf("by %s:\n", group);
        char k[1024];
        ov__term_escape(k, sizeof k, key); /* a dataset name is the source's text */
        printf("  %-28s %lld\n", k, (long long)n);
    }
    s->group = group;
    return 0;
}

int cmd_stats(cli *c)
{
    int bad = cli_reject_unknown(c, "stats");
    if (bad) return bad;
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return cli_exit_for(rc);
    ov_stats s;
    stats_ctx ctx = {.json = c->json};
    if (c->json) {
        ov_stats tmp;
        ov_store_stats(st, &tmp, NULL, NULL);
        printf("{\"entities\":%lld,\"retired_entities\":%lld,\"statements\":%lld,\"statements_total\":%lld,"
               "\"changes\":%lld,\"citations\":%lld,\"schema_version\":%d,",
               (long long)tmp.entities, (long long)tmp.retired_entities, (long long)tmp.statements_current,
               (long long)tmp.statements_total, (long long)tmp.changes, (long long)tmp.citations,
               tmp.schema_version);
    }
    rc = ov_store_stats(st, &s, stats_cb, &ctx);
    if (c->json) {
        printf("%s}\n", ctx.group ? "}" : "\"schemas\":{}");
    } else {
        printf("entities             %lld (%lld deleted)\n", (long long)s.entities, (long long)s.retired_entities);
        printf("statements           %lld current, %lld with history\n", (long long)s.statements_current,
               (long long)s.statements_total);
        printf("citations            %lld\n", (long long)s.citations);
        printf("changes              %lld\n", (long long)s.changes);
        printf("store schema version %d\n", s.schema_version);
    }
    ov_store_close(st);
    return cli_exit_for(rc);
}

int cmd_load(cli *c) { return cmd_load_or_validate(c, true); }
int cmd_validate(cli *c) { return cmd_load_or_validate(c, false); }
