/* cmd_serve.c - `oversight serve`: the HTTP API and web interface over the
 * store, until SIGTERM or SIGINT; and `oversight token create|list|revoke`,
 * the API tokens that writes need. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "oversight/server.h"
#include "cli.h"
#include "util/banned.h"

/* declared in cli.h too, once main.c registers the commands */
int cmd_serve(cli *c);
int cmd_token(cli *c);

static int num_opt(cli *c, const char *name, long lo, long hi, long *out)
{
    const char *s = cli_take_opt(c, name);
    if (!s) return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        fprintf(stderr, "oversight serve: %s needs a number from %ld to %ld\n", name, lo, hi);
        return EXIT_USAGE;
    }
    *out = v;
    return 0;
}

/* --cors: "*" or a comma-separated list of origins (scheme://host[:port], no path). */
static bool cors_ok(const char *s)
{
    if (!strcmp(s, "*")) return true;
    if (!*s) return false;
    for (const char *p = s; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        size_t scheme = !strncmp(p, "https://", 8) ? 8 : !strncmp(p, "http://", 7) ? 7 : 0;
        if (!scheme || n <= scheme) return false;
        for (size_t i = scheme; i < n; i++) {
            char ch = p[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                  ch == '-' || ch == ':' || ch == '[' || ch == ']'))
                return false;
        }
        p += n + (comma ? 1 : 0);
        if (comma && !*p) return false;
    }
    return true;
}

int cmd_serve(cli *c)
{
    ov_server_opts o = {0};
    o.listen = cli_take_opt(c, "--listen");
    o.allow_remote = cli_take_flag(c, "--allow-remote");
    o.log_requests = cli_take_flag(c, "--log-requests");
    o.cors = cli_take_opt(c, "--cors");
    if (o.cors && !cors_ok(o.cors)) {
        fprintf(stderr, "oversight serve: --cors takes * or origins like https://example.org[:PORT], comma-separated, "
                        "not '%s'\n",
                o.cors);
        return EXIT_USAGE;
    }
    long threads = 0, conns = 0, per_ip = 0, timeout = 0, body_mb = 0, nodes = 0, htimeout = 0, btimeout = 0,
         expensive = 0;
    int bad;
    if ((bad = num_opt(c, "--threads", 1, 256, &threads)) || (bad = num_opt(c, "--max-connections", 1, 100000, &conns)) ||
        (bad = num_opt(c, "--per-ip", 1, 100000, &per_ip)) || (bad = num_opt(c, "--timeout", 1, 3600, &timeout)) ||
        (bad = num_opt(c, "--max-body-mb", 1, 1024, &body_mb)) || (bad = num_opt(c, "--max-nodes", 5, 1000, &nodes)) ||
        (bad = num_opt(c, "--header-timeout", 1, 3600, &htimeout)) ||
        (bad = num_opt(c, "--body-timeout", 1, 3600, &btimeout)) ||
        (bad = num_opt(c, "--max-expensive", 1, 256, &expensive)) ||
        (bad = cli_reject_unknown(c, "serve")))
        return bad;
    if (c->argc) {
        fprintf(stderr, "oversight serve: unexpected argument %s (see oversight serve --help)\n", c->argv[0]);
        return EXIT_USAGE;
    }
    o.db_path = c->db;
    o.threads = (int)threads;
    o.max_connections = (int)conns;
    o.per_ip_connections = (int)per_ip;
    o.timeout_seconds = (int)timeout;
    o.header_timeout_seconds = (int)htimeout;
    o.body_timeout_seconds = (int)btimeout;
    o.max_expensive = (int)expensive;
    o.max_body = (size_t)body_mb << 20;
    o.max_graph_nodes = (int)nodes;
    o.log = stderr;

    /* every connection is a descriptor: use what the hard limit allows */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    /* the signals are taken by sigwait below, in this thread only; the server's
     * threads inherit the mask */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    ov_server *s;
    char err[512];
    int rc = ov_server_start(&s, c->model, &o, err, sizeof err);
    if (rc) {
        fprintf(stderr, "oversight serve: %s\n", err);
        return rc == OV_EINVAL ? EXIT_USAGE : cli_exit_for(rc);
    }
    printf("Oversight is serving %s at %s\n", c->db, ov_server_url(s));
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "oversight serve: %s, stopping\n", sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "SIGHUP");
    ov_server_stop(s);
    fprintf(stderr, "oversight serve: stopped\n");
    return EXIT_OK;
}

static int list_cb(const char *name, const char *created, bool revoked, void *ud)
{
    cli *c = ud;
    if (c->json) {
        printf("%s{\"name\":", c->argc < 0 ? "," : "");
        cli_json_str(stdout, name);
        printf(",\"created\":");
        cli_json_str(stdout, created);
        printf(",\"revoked\":%s}", revoked ? "true" : "false");
        c->argc = -1;
    } else {
        printf("%-24s %s%s\n", name, created, revoked ? "  revoked" : "");
    }
    return 0;
}

int cmd_token(cli *c)
{
    const char *name = cli_take_opt(c, "--name");
    int bad = cli_reject_unknown(c, "token");
    if (bad) return bad;
    const char *verb = c->argc ? c->argv[0] : NULL;
    if (!verb || (strcmp(verb, "create") && strcmp(verb, "list") && strcmp(verb, "revoke"))) {
        fprintf(stderr, "oversight token: create [NAME] | list | revoke NAME\n");
        return EXIT_USAGE;
    }
    if (!name && c->argc > 1) name = c->argv[1];
    ov_store *st;
    int rc = cli_open_store(c, strcmp(verb, "list") ? 0 : OV_OPEN_READONLY, &st);
    if (rc) return cli_exit_for(rc);
    if (!strcmp(verb, "create")) {
        char token[128];
        rc = ov_token_create(st, name ? name : "default", token, sizeof token);
        if (rc) fprintf(stderr, "oversight token: %s\n", ov_store_errmsg(st));
        else if (c->json) {
            printf("{\"name\":");
            cli_json_str(stdout, name ? name : "default");
            printf(",\"token\":\"%s\"}\n", token);
        }
        else {
            printf("%s\n", token);
            fprintf(stderr, "oversight token: keep this token now: the store keeps only its hash. Send it as\n"
                            "  Authorization: Bearer TOKEN\n");
        }
    } else if (!strcmp(verb, "revoke")) {
        if (!name) {
            fprintf(stderr, "oversight token revoke: which token? (oversight token revoke NAME)\n");
            ov_store_close(st);
            return EXIT_USAGE;
        }
        rc = ov_token_revoke(st, name);
        if (rc) fprintf(stderr, "oversight token: %s\n", ov_store_errmsg(st));
    } else {
        int argc = c->argc;
        c->argc = 0;
        if (c->json) printf("[");
        rc = ov_token_list(st, list_cb, c);
        if (c->json) printf("]\n");
        c->argc = argc;
    }
    ov_store_close(st);
    return cli_exit_for(rc);
}
