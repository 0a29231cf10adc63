/* cli_check.c - option values checked at the door: a date that is not a
 * date, a schema the model does not have, a country that is neither a code
 * nor a name, an address that cannot be listened on are refused with a
 * message naming the value (and the closest good one), exit 2, before the
 * command reads anything. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "cli.h"
#include "oversight/search.h"
#include "util/banned.h"

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

bool cli_valid_date(const char *s)
{
    size_t len = strlen(s);
    if (len < 4 || !digits(s, 4)) return false;
    if (len == 4) return true;
    if (s[4] != '-' || len < 7 || !digits(s + 5, 2)) return false;
    int y = num(s, 4), m = num(s + 5, 2);
    if (m < 1 || m > 12) return false;
    if (len == 7) return true;
    if (s[7] != '-' || len < 10 || !digits(s + 8, 2)) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int d = num(s + 8, 2), dm = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d < 1 || d > dm) return false;
    if (len == 10) return true;
    /* a time: THH:MM[:SS][Z] */
    const char *t = s + 10;
    if ((*t != 'T' && *t != ' ') || strlen(t) < 6 || !digits(t + 1, 2) || t[3] != ':' || !digits(t + 4, 2)) return false;
    if (num(t + 1, 2) > 23 || num(t + 4, 2) > 59) return false;
    t += 6;
    if (*t == ':') {
        if (!digits(t + 1, 2) || num(t + 1, 2) > 60) return false;
        t += 3;
    }
    return !*t || !strcmp(t, "Z");
}

static const char *bad(cli *c, const char *name, const char *value, const char *why, const char *hint)
{
    fprintf(stderr, "oversight%s%s: %s ", c->cmd ? " " : "", c->cmd ? c->cmd : "", name);
    cli_print_text(stderr, value);
    fprintf(stderr, ": %s", why);
    if (hint && *hint) {
        fputs(" (did you mean ", stderr);
        cli_print_text(stderr, hint);
        fputs("?)", stderr);
    }
    fputc('\n', stderr);
    c->bad_input = true;
    return NULL;
}

/* The model's schema closest to name, for a suggestion. */
static const char *near_schema(const ov_model *m, const char *name)
{
    const char *best = NULL;
    int bd = 99;
    for (int i = 0; i < ov_model_schema_count(m); i++) {
        const char *s = ov_schema_name(ov_model_schema_at(m, i));
        int d = ov_edit_distance(s, name);
        if (d < bd) bd = d, best = s;
    }
    return bd <= 3 ? best : NULL;
}

/* Whether HOST:PORT can be listened on; the reason when not. */
static const char *listen_problem(const char *spec, char *why, size_t len)
{
    const char *colon = strrchr(spec, ':');
    if (!colon) return NULL; /* the server says what shape it wants */
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (errno || *end || colon[1] == 0 || port < 0 || port > 65535) {
        snprintf(why, len, "the port must be a number from 0 to 65535");
        return why;
    }
    if (port == 0) return NULL; /* any free port */
    char host[256];
    size_t hl = (size_t)(colon - spec);
    if (hl >= sizeof host) return NULL;
    memcpy(host, spec, hl);
    host[hl] = 0;
    if (host[0] == '[' && hl > 1 && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = 0;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai = NULL;
    char ps[8];
    snprintf(ps, sizeof ps, "%ld", port);
    if (getaddrinfo(*host ? host : NULL, ps, &hints, &ai) || !ai) {
        snprintf(why, len, "%s is not an address of this machine", *host ? host : "the host");
        return why;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    const char *res = NULL;
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen)) {
            if (errno == EADDRINUSE) snprintf(why, len, "port %ld is already in use", port), res = why;
            else if (errno == EACCES) snprintf(why, len, "port %ld needs privileges to listen on", port), res = why;
            else if (errno == EADDRNOTAVAIL) snprintf(why, len, "%s is not an address of this machine", host), res = why;
        }
        close(fd);
    }
    freeaddrinfo(ai);
    return res;
}

const char *cli_check_opt(cli *c, const char *name, const char *value)
{
    if (!value) return NULL;
    if (!strcmp(name, "--as-of") || !strcmp(name, "--from") || !strcmp(name, "--to")) {
        if (!cli_valid_date(value))
            return bad(c, name, value, "not a date: give YYYY-MM-DD (or YYYY-MM, YYYY)", NULL);
    } else if (!strcmp(name, "--schema")) {
        if (c->model && !ov_model_schema(c->model, value))
            return bad(c, name, value, "no such schema", c->model ? near_schema(c->model, value) : NULL);
    } else if (!strcmp(name, "--country")) {
        char code[8], sugg[128];
        if (ov_country_resolve(value, code, sizeof code, sugg, sizeof sugg))
            return bad(c, name, value, "not a country code or name", sugg);
        if (c->n_country == 4) return value;
        snprintf(c->country[c->n_country], sizeof c->country[0], "%s", code);
        return c->country[c->n_country++];
    } else if (!strcmp(name, "--listen")) {
        char why[512];
        if (listen_problem(value, why, sizeof why)) return bad(c, name, value, why, NULL);
    }
    return value;
}
