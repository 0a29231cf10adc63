/* cmd_changes.c - the record's change log: `oversight changes [--since
 * DATE|CHANGE] [--entity ID]`: what changed (entities, statements added and
 * retired; for one entity the statements themselves), when, and from which
 * file or token. --since takes a date (changes at or after it) or a change
 * number (changes after it), as `export --since` does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "util/banned.h"

#define MAX_SHOWN 100000

/* ---- --since -------------------------------------------------------------------------- */

typedef struct since_ctx {
    const char *date;
    int64_t last_before; /* the last change before the date */
} since_ctx;

static int before_cb(const ov_change *ch, void *ud)
{
    since_ctx *x = ud;
    if (ch->at && strcmp(ch->at, x->date) < 0 && ch->id > x->last_before) x->last_before = ch->id;
    return 0;
}

int cli_since(cli *c, ov_store *st, const char *since, int64_t *out)
{
    *out = 0;
    if (!since) return 0;
    char *end;
    errno = 0;
    long long n = strtoll(since, &end, 10);
    if (!errno && !*end && *since && n >= 0) {
        *out = n; /* a change number: what came after it */
        return 0;
    }
    if (!cli_valid_date(since)) {
        fprintf(stderr, "oversight %s: --since ", c->cmd ? c->cmd : "");
        cli_print_text(stderr, since);
        fprintf(stderr, ": neither a change number nor a date (YYYY-MM-DD; see oversight changes)\n");
        return EXIT_USAGE;
    }
    /* a date (YYYY-MM or YYYY-MM-DD; digits alone are a change number): what came at or
     * after it, i.e. after the last change before it */
    since_ctx x = {since, 0};
    int rc = ov_store_changes(st, NULL, before_cb, &x);
    if (rc) return cli_exit_for(rc);
    *out = x.last_before;
    return 0;
}

/* ---- the log -------------------------------------------------------------------------- */

typedef struct log_ctx {
    cli *c;
    int64_t since;
    const ov_entity *e; /* --entity: its statements with their history */
    int n;
} log_ctx;

static void stmt_line(const ov_stmt *s, char sign)
{
    printf("    %c %s = ", sign, s->prop);
    cli_print_text(stdout, s->value);
    if (s->status != OV_ST_ASSERTED) printf("  (%s)", ov_status_name(s->status));
    printf("\n");
}

static void stmt_json(const ov_stmt *s, int k)
{
    printf("%s{\"prop\":", k ? "," : "");
    cli_json_str(stdout, s->prop);
    printf(",\"value\":");
    cli_json_str(stdout, s->value);
    printf(",\"status\":\"%s\",\"source\":", ov_status_name(s->status));
    cli_json_str(stdout, s->source);
    printf("}");
}

static int log_cb(const ov_change *ch, void *ud)
{
    log_ctx *x = ud;
    if (ch->id <= x->since || x->n >= MAX_SHOWN) return 0;
    if (x->c->json) {
        printf("%s{\"change\":%lld,\"at\":", x->n ? "," : "", (long long)ch->id);
        cli_json_str(stdout, ch->at);
        printf(",\"kind\":");
        cli_json_str(stdout, ch->kind);
        printf(",\"origin\":");
        cli_json_str(stdout, ch->origin);
        printf(",\"dataset\":");
        cli_json_str(stdout, ch->dataset);
        printf(",\"note\":");
        cli_json_str(stdout, ch->note);
        printf(",\"entities\":%lld,\"statements_added\":%lld,\"statements_retired\":%lld", (long long)ch->entities,
               (long long)ch->added, (long long)ch->retired);
        if (x->e) {
            printf(",\"added\":[");
            int k = 0;
            for (size_t i = 0; i < x->e->n_stmts; i++)
                if (x->e->stmts[i].added_in == ch->id) stmt_json(&x->e->stmts[i], k++);
            printf("],\"retired\":[");
            k = 0;
            for (size_t i = 0; i < x->e->n_stmts; i++)
                if (x->e->stmts[i].retired_in == ch->id) stmt_json(&x->e->stmts[i], k++);
            printf("]");
            if (x->e->retired_in == ch->id) printf(",\"entity_deleted\":true");
        }
        printf("}");
    } else {
        printf("change %lld  ", (long long)ch->id);
        cli_print_text(stdout, ch->at);
        printf("  ");
        cli_print_text(stdout, ch->kind);
        printf(" from ");
        cli_print_text(stdout, ch->origin && *ch->origin ? ch->origin : "(origin not recorded)");
        if (ch->dataset) {
            printf(" (dataset ");
            cli_print_text(stdout, ch->dataset);
            printf(")");
        }
        printf(": %lld entit%s, %lld statement%s added, %lld retired", (long long)ch->entities,
               ch->entities == 1 ? "y" : "ies", (long long)ch->added, ch->added == 1 ? "" : "s", (long long)ch->retired);
        if (ch->note && *ch->note) {
            printf("; ");
            cli_print_text(stdout, ch->note);
        }
        printf("\n");
        for (size_t i = 0; x->e && i < x->e->n_stmts; i++) {
            if (x->e->stmts[i].added_in == ch->id) stmt_line(&x->e->stmts[i], '+');
            if (x->e->stmts[i].retired_in == ch->id) stmt_line(&x->e->stmts[i], '-');
        }
        if (x->e && x->e->retired_in == ch->id) printf("    entity deleted\n");
    }
    x->n++;
    return 0;
}

int cmd_changes(cli *c)
{
    const char *since_s = cli_take_opt(c, "--since");
    const char *entity = cli_take_opt(c, "--entity");
    int bad = cli_reject_unknown(c, "changes");
    if (bad) return bad;
    if (c->argc) {
        fprintf(stderr, "oversight changes: unexpected argument ");
        cli_print_text(stderr, c->argv[0]);
        fprintf(stderr, " (oversight changes [--since DATE|CHANGE] [--entity ID])\n");
        return EXIT_USAGE;
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) return cli_exit_for(rc);
    log_ctx x = {.c = c};
    int code = cli_since(c, st, since_s, &x.since);
    ov_entity *e = NULL;
    if (!code && entity) {
        rc = ov_store_get(st, entity, OV_GET_HISTORY, &e);
        if (rc) {
            fprintf(stderr, "oversight changes: --entity ");
            cli_print_text(stderr, entity);
            fprintf(stderr, ": %s\n", rc == OV_ENOTFOUND ? "no such entity" : ov_strerror(rc));
            code = cli_exit_for(rc);
        }
        x.e = e;
    }
    if (!code) {
        if (c->json) {
            printf("{\"since\":%lld,\"entity\":", (long long)x.since);
            cli_json_str(stdout, entity);
            printf(",\"changes\":[");
        }
        rc = ov_store_changes(st, e ? e->id : NULL, log_cb, &x);
        if (c->json) printf("]}\n");
        else if (!x.n) printf("no changes%s\n", since_s ? " since then" : "");
        code = cli_exit_for(rc);
    }
    ov_entity_free(e);
    ov_store_close(st);
    return code;
}
