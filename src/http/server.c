/*
 * server.c - the libmicrohttpd adapter: the only file that knows the HTTP
 * library. It listens (loopback unless allowed otherwise), caps connections,
 * header memory, request bodies and idle time, reads each request into an
 * ov__req, lets app.c answer it, and sends the ov__resp with the security
 * headers every response carries (see docs/internals/server.md).
 *
 * Threads: libmicrohttpd's internal thread pool with epoll; app.c gives each
 * request its own store connection from a pool.
 *
 * Deadlines: libmicrohttpd's --timeout is an idle timeout, reset by every
 * byte, so a client sending a header byte every few seconds (slowloris) or a
 * body byte (slow POST) keeps its connection for ever. Every connection is
 * therefore tracked (conn_track) with what it waits for and since when: its
 * request's headers (from the connection's start or its previous response),
 * then the body (from the end of the headers). A reaper thread shuts down
 * the socket of a connection past its deadline, whatever its pace; the
 * library then sees the end of the stream and closes it. Connections per
 * client address are capped too (an eighth of the total by default), and
 * when the connections near the total limit, headers get 1 s.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "http_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

/* What a connection waits for (deadlines above). */
enum { TRACK_HEADERS, TRACK_BODY, TRACK_ANSWER };

typedef struct conn_track {
    struct conn_track *prev, *next; /* the server's list, under track_mu */
    int fd;                         /* the socket (libmicrohttpd's; open while listed) */
    int phase;                      /* TRACK_* */
    struct timespec since;          /* when the phase began (monotonic) */
    bool cut;                       /* shut down by the reaper */
    char peer[64];                  /* the client's address, for logs */
} conn_track;

struct ov_server {
    struct MHD_Daemon *d;
    ov__app app;
    int port;
    char url[96];
    size_t max_body;
    unsigned header_timeout, body_timeout; /* seconds */
    pthread_mutex_t track_mu;
    pthread_cond_t track_cv;        /* wakes the reaper to stop */
    conn_track *tracked;            /* every open connection */
    unsigned n_tracked, max_conns;  /* how many; the connection limit */
    bool reaper_started, reaper_stop;
    pthread_t reaper;
    uint64_t cut_headers, cut_body; /* connections closed at a deadline (under track_mu) */
};

/* What one request accumulates between libmicrohttpd's calls. */
typedef struct conn_req {
    char *target;        /* the raw request target, as sent */
    conn_track *track;   /* its connection's (NULL when not tracked) */
    ov_buf body;         /* capped at max_body */
    bool started, too_big, bad_target;
    struct timespec t0;
} conn_req;

static const char *const csp =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

/* A reconciliation preview is shown in OpenRefine's own page: it may be framed. */
static const char *const csp_frameable =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'";

static void add_security_headers(struct MHD_Response *r, bool cacheable, bool frameable)
{
    MHD_add_response_header(r, "Content-Security-Policy", frameable ? csp_frameable : csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (!frameable) MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    MHD_add_response_header(r, "Cache-Control", cacheable ? "public, max-age=3600" : "no-store");
}

static conn_track *track_of(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void track_phase(ov_server *s, conn_track *t, int phase)
{
    if (!t) return;
    pthread_mutex_lock(&s->track_mu);
    t->phase = phase;
    clock_gettime(CLOCK_MONOTONIC, &t->since);
    pthread_mutex_unlock(&s->track_mu);
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
    ov_server *s = cls;
    conn_req *cr = ov__calloc(1, sizeof *cr);
    /* The query is parsed by our own parser (route.c) from this copy of the
     * target. libmicrohttpd would parse it too, right after this call, into
     * its 64 KiB connection pool: a target with about 960 parameters or more
     * used it up, and the request got no answer at all (not even its 431).
     * So the query is cut from the library's copy here: it parses nothing,
     * and ours answers 400 past OV__MAX_PARAMS. (The buffer is the
     * library's read buffer, writable; it is documented to pass the URI
     * before any processing.) */
    char *q = strchr(uri, '?');
    size_t n = strnlen(uri, OV__MAX_TARGET + 1);
    if (cr) {
        cr->bad_target = n > OV__MAX_TARGET;
        cr->target = ov__strndup(uri, cr->bad_target ? 0 : n);
        cr->track = track_of(con);
    }
    if (q) q[1] = '\0';
    if (!cr) return NULL;
    ov_buf_init(&cr->body, s->max_body);
    clock_gettime(CLOCK_MONOTONIC, &cr->t0);
    if (!cr->target) {
        ov__free(cr);
        return NULL;
    }
    return cr;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)con;
    (void)toe;
    conn_req *cr = *con_cls;
    if (!cr) return;
    track_phase(cls, cr->track, TRACK_HEADERS); /* the next request's headers, from now */
    ov_buf_release(&cr->body);
    ov__free(cr->target);
    ov__free(cr);
    *con_cls = NULL;
}

/* ---- CORS (off unless --cors): which origins may read responses from a browser ---- */

/* The Access-Control-Allow-Origin value for a request's Origin: "*" when any
 * origin is allowed, the origin itself when it is one of the list, else NULL. */
static const char *cors_origin(const ov_server *s, const char *origin)
{
    const char *list = s->app.opts.cors;
    if (!list || !*list || !origin || !*origin) return NULL;
    if (!strcmp(list, "*")) return "*";
    size_t n = strlen(origin);
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && !strncmp(p, origin, n)) return origin;
        p += len + (comma ? 1 : 0);
    }
    return NULL;
}

static void add_cors_headers(const ov_server *s, struct MHD_Response *r, const char *origin)
{
    const char *allow = cors_origin(s, origin);
    if (s->app.opts.cors && *s->app.opts.cors && strcmp(s->app.opts.cors, "*"))
        MHD_add_response_header(r, "Vary", "Origin"); /* the answer depends on the Origin */
    if (!allow) return;
    MHD_add_response_header(r, "Access-Control-Allow-Origin", allow);
    MHD_add_response_header(r, "Access-Control-Expose-Headers", "Content-Disposition, Retry-After, X-Batch-Size");
}

static enum MHD_Result send_resp(ov_server *s, struct MHD_Connection *con, conn_req *cr, const char *method,
                                 ov__resp *resp)
{
    struct MHD_Response *r = NULL;
    size_t bytes = 0;
    if (resp->file) {
        long size = ftell(resp->file);
        int fd = size >= 0 ? dup(fileno(resp->file)) : -1;
        fclose(resp->file);
        resp->file = NULL;
        if (fd >= 0) {
            r = MHD_create_response_from_fd_at_offset64((uint64_t)size, fd, 0);
            if (!r) close(fd);
            bytes = (size_t)size;
        }
    } else if (resp->static_body) {
        r = MHD_create_response_from_buffer(resp->static_len, (void *)(uintptr_t)resp->static_body,
                                            MHD_RESPMEM_PERSISTENT);
        bytes = resp->static_len;
    } else {
        bytes = resp->body.len;
        char *data = ov_buf_detach(&resp->body);
        if (data) {
            r = MHD_create_response_from_buffer_with_free_callback(bytes, data, ov__free);
            if (!r) ov__free(data);
        } else {
            r = MHD_create_response_from_buffer(0, (void *)(uintptr_t) "", MHD_RESPMEM_PERSISTENT);
        }
    }
    if (!r) return MHD_NO;
    add_security_headers(r, resp->cacheable, resp->frameable);
    const char *origin = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Origin");
    add_cors_headers(s, r, origin);
    if (!strcmp(method, "OPTIONS") && resp->status == 204 && cors_origin(s, origin)) {
        MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
        MHD_add_response_header(r, "Access-Control-Allow-Headers", "Authorization, Content-Type");
        MHD_add_response_header(r, "Access-Control-Max-Age", "600");
    }
    if (resp->content_type) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    if (resp->disposition[0]) MHD_add_response_header(r, "Content-Disposition", resp->disposition);
    if (resp->allow[0]) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
    if (resp->status == 401) MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"oversight\"");
    if (resp->retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", resp->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    enum MHD_Result ok = MHD_queue_response(con, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    if (s->app.opts.log_requests && s->app.log) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - cr->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - cr->t0.tv_nsec) / 1e6;
        /* the target is logged escaped: it may hold anything a client sent */
        ov_buf line;
        ov_buf_init(&line, 1 << 14);
        ov__json(&line, cr->target);
        fprintf(s->app.log, "%s %s %d %zu %.2fms\n", method, ov_buf_str(&line), resp->status, bytes, ms);
        ov_buf_release(&line);
    }
    return ok;
}

static enum MHD_Result quick_error(ov_server *s, struct MHD_Connection *con, conn_req *cr, const char *method,
                                   int status, const char *msg)
{
    ov__resp resp = {0};
    ov_buf_init(&resp.body, 1 << 16);
    ov__req r = {.method = method};
    r.path = (char *)(uintptr_t)(strncmp(cr->target, "/api/", 5) == 0 ? "/api/" : "/");
    if (ov__yente_path(cr->target)) r.path = (char *)(uintptr_t) "/healthz"; /* {"detail": ...} */
    ov__error(&r, &resp, status, "%s", msg);
    enum MHD_Result ok = send_resp(s, con, cr, method, &resp);
    ov_buf_release(&resp.body);
    return ok;
}

/* A CORS preflight (OPTIONS, CORS on): 204 with what a browser may send from an
 * allowed origin (send_resp adds Access-Control-Allow-Origin); without an
 * allowed origin, 204 without it, and the browser refuses. */
static void preflight(ov_server *s, struct MHD_Connection *con, ov__resp *resp)
{
    resp->status = 204;
    snprintf(resp->allow, sizeof resp->allow, "GET, HEAD, POST, OPTIONS");
    (void)s;
    (void)con;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **con_cls)
{
    (void)url;
    (void)version;
    ov_server *s = cls;
    conn_req *cr = *con_cls;
    if (!cr) return MHD_NO;
    if (!cr->started) {
        cr->started = true;
        track_phase(s, cr->track, TRACK_BODY);
        const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            unsigned long long v = strtoull(cl, &end, 10);
            if (*end || v > s->max_body) cr->too_big = true;
        }
        if (cr->too_big)
            return quick_error(s, con, cr, method, 413, "the request body is larger than the server accepts");
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!cr->too_big && ov_buf_add(&cr->body, upload_data, *upload_data_size)) cr->too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    track_phase(s, cr->track, TRACK_ANSWER);
    if (cr->too_big) return quick_error(s, con, cr, method, 413, "the request body is larger than the server accepts");
    ov_arena arena;
    ov_arena_init(&arena, 4096, (size_t)1 << 20);
    ov__req r = {.method = method, .arena = &arena};
    ov__resp resp = {.status = 200};
    ov_buf_init(&resp.body, OV__MAX_RESPONSE);
    if (cr->bad_target || ov__req_parse_target(&r, cr->target)) {
        r.path = (char *)(uintptr_t)(strncmp(cr->target, "/api/", 5) == 0 ? "/api/" : "/");
        if (ov__yente_path(cr->target)) r.path = (char *)(uintptr_t) "/healthz"; /* {"detail": ...} */
        ov__error(&r, &resp, 400, "the request target is malformed (bad escape, not UTF-8, too long or too many "
                                  "parameters)");
    } else {
        r.body = cr->body.data;
        r.body_len = cr->body.len;
        r.content_type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        r.authorization = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        r.peer = cr->track ? cr->track->peer : "?";
        r.host = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
        if (!strcmp(method, "OPTIONS") && s->app.opts.cors && *s->app.opts.cors) preflight(s, con, &resp);
        else ov__app_handle(&s->app, &r, &resp);
    }
    enum MHD_Result ok = send_resp(s, con, cr, method, &resp);
    ov_buf_release(&resp.body);
    if (resp.file) fclose(resp.file);
    ov_arena_release(&arena);
    return ok;
}

static void format_peer(const struct sockaddr *sa, char *out, size_t n)
{
    snprintf(out, n, "?");
    if (!sa) return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

/* Lists a connection when it opens, unlists it when it closes (before the
 * library closes its socket, so a listed descriptor is always this one). */
static void notify_conn(void *cls, struct MHD_Connection *con, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
    ov_server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_track *t = ov__calloc(1, sizeof *t);
        *socket_context = t;
        if (!t) return; /* untracked: only the idle timeout applies */
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        t->fd = fd ? fd->connect_fd : -1;
        format_peer(ad ? ad->client_addr : NULL, t->peer, sizeof t->peer);
        t->phase = TRACK_HEADERS;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
        pthread_mutex_lock(&s->track_mu);
        t->next = s->tracked;
        if (s->tracked) s->tracked->prev = t;
        s->tracked = t;
        s->n_tracked++;
        pthread_mutex_unlock(&s->track_mu);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conn_track *t = *socket_context;
        *socket_context = NULL;
        if (!t) return;
        pthread_mutex_lock(&s->track_mu);
        if (t->prev) t->prev->next = t->next;
        else s->tracked = t->next;
        if (t->next) t->next->prev = t->prev;
        s->n_tracked--;
        pthread_mutex_unlock(&s->track_mu);
        ov__free(t);
    }
}

/* Every 250 ms: shuts down the sockets of connections past their deadline
 * (headers or body); logs how many, at most once a second. */
static void *reaper(void *arg)
{
    ov_server *s = arg;
    uint64_t logged_h = 0, logged_b = 0;
    struct timespec last_log = {0};
    pthread_mutex_lock(&s->track_mu);
    while (!s->reaper_stop) {
        struct timespec wake;
        clock_gettime(CLOCK_REALTIME, &wake);
        wake.tv_nsec += 250 * 1000 * 1000;
        if (wake.tv_nsec >= 1000000000L) {
            wake.tv_sec++;
            wake.tv_nsec -= 1000000000L;
        }
        int w = pthread_cond_timedwait(&s->track_cv, &s->track_mu, &wake);
        if (s->reaper_stop) break;
        if (w && w != ETIMEDOUT) continue;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        /* Under pressure (the connections within a sixteenth of the limit,
         * e.g. slow clients from many addresses, each under its cap), new
         * connections wait in the listen queue: headers then get 1 s, which
         * a client that means to ask takes a few milliseconds of. */
        bool pressure = s->max_conns && s->n_tracked >= s->max_conns - s->max_conns / 16;
        unsigned header_limit = pressure && s->header_timeout > 1 ? 1 : s->header_timeout;
        for (conn_track *t = s->tracked; t; t = t->next) {
            if (t->cut || t->fd < 0 || t->phase == TRACK_ANSWER) continue;
            unsigned limit = t->phase == TRACK_HEADERS ? header_limit : s->body_timeout;
            int64_t ms = (int64_t)(now.tv_sec - t->since.tv_sec) * 1000 + (now.tv_nsec - t->since.tv_nsec) / 1000000;
            if (ms < (int64_t)limit * 1000) continue;
            shutdown(t->fd, SHUT_RDWR);
            t->cut = true;
            if (t->phase == TRACK_HEADERS) s->cut_headers++;
            else s->cut_body++;
        }
        if ((s->cut_headers != logged_h || s->cut_body != logged_b) && now.tv_sec > last_log.tv_sec && s->app.log) {
            fprintf(s->app.log,
                    "oversight serve: closed %llu connections whose headers took over %u s (1 s near the "
                    "connection limit) and %llu whose body took over %u s (so far)\n",
                    (unsigned long long)s->cut_headers, s->header_timeout, (unsigned long long)s->cut_body,
                    s->body_timeout);
            fflush(s->app.log);
            logged_h = s->cut_headers;
            logged_b = s->cut_body;
            last_log = now;
        }
    }
    pthread_mutex_unlock(&s->track_mu);
    return NULL;
}

/* The library's messages, at most 10 a second: clients cause most of them
 * (a closed socket, a malformed request), and a flood of clients must not
 * become a flood of log lines. What was dropped is counted in the next
 * line that passes. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    ov_server *s = cls;
    if (!s->app.log) return;
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static time_t second;
    static int in_second;
    static unsigned long dropped;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&mu);
    if (now.tv_sec != second) {
        second = now.tv_sec;
        in_second = 0;
    }
    bool show = ++in_second <= 10;
    unsigned long gone = 0;
    if (!show) dropped++;
    else {
        gone = dropped;
        dropped = 0;
    }
    pthread_mutex_unlock(&mu);
    if (!show) return;
    if (gone) fprintf(s->app.log, "oversight serve: libmicrohttpd: (%lu more messages not shown)\n", gone);
    fputs("oversight serve: libmicrohttpd: ", s->app.log);
    vfprintf(s->app.log, fmt, ap);
    fflush(s->app.log);
}

/* Splits "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT". */
static int split_listen(const char *spec, char *host, size_t hn, char *port, size_t pn)
{
    const char *colon;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':') return -1;
        snprintf(host, hn, "%.*s", (int)(close - spec - 1), spec + 1);
        colon = close + 1;
    } else {
        colon = strrchr(spec, ':');
        if (!colon) {
            snprintf(host, hn, "127.0.0.1");
            snprintf(port, pn, "%s", spec);
            return 0;
        }
        snprintf(host, hn, "%.*s", (int)(colon - spec), spec);
        if (!host[0]) snprintf(host, hn, "127.0.0.1");
    }
    snprintf(port, pn, "%s", colon + 1);
    if (!port[0] || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5) return -1;
    return 0;
}

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) ||
               (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return false;
}

int ov_server_start(ov_server **out, const ov_model *m, const ov_server_opts *opts, char *err, size_t errlen)
{
    *out = NULL;
    char host[128], port[16];
    const char *spec = opts->listen && *opts->listen ? opts->listen : "127.0.0.1:8080";
    if (split_listen(spec, host, sizeof host, port, sizeof port)) {
        snprintf(err, errlen, "--listen must be HOST:PORT, [IPV6]:PORT or :PORT, not '%s'", spec);
        return OV_EINVAL;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV}, *ai;
    int gai = getaddrinfo(host, port, &hints, &ai);
    if (gai) {
        snprintf(err, errlen, "cannot resolve %s: %s", host, gai_strerror(gai));
        return OV_EINVAL;
    }
    struct sockaddr_storage addr;
    memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
    freeaddrinfo(ai);
    if (!is_loopback((struct sockaddr *)&addr) && !opts->allow_remote) {
        snprintf(err, errlen,
                 "%s is not a loopback address: the server is for this machine unless --allow-remote is given "
                 "(and then put a TLS reverse proxy in front)",
                 host);
        return OV_EINVAL;
    }
    ov_server *s = ov__calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return OV_ENOMEM;
    }
    int rc = ov__app_init(&s->app, m, opts, err, errlen);
    if (rc) {
        ov__app_release(&s->app);
        ov__free(s);
        return rc;
    }
    s->max_body = opts->max_body ? opts->max_body : (size_t)8 << 20;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = opts->threads > 0 ? (unsigned)opts->threads : (unsigned)(cpus > 2 ? cpus : 2);
    unsigned conns = opts->max_connections > 0 ? (unsigned)opts->max_connections : 4096;
    unsigned timeout = opts->timeout_seconds > 0 ? (unsigned)opts->timeout_seconds : 30;
    unsigned per_ip = opts->per_ip_connections > 0 ? (unsigned)opts->per_ip_connections : (conns / 8 > 16 ? conns / 8 : 16);
    s->header_timeout = opts->header_timeout_seconds > 0 ? (unsigned)opts->header_timeout_seconds : 15;
    s->body_timeout = opts->body_timeout_seconds > 0 ? (unsigned)opts->body_timeout_seconds : 60;
    pthread_mutex_init(&s->track_mu, NULL);
    pthread_cond_init(&s->track_cv, NULL);
    s->max_conns = conns;
    ov__app_set_expensive(&s->app, opts->max_expensive > 0 ? opts->max_expensive : (int)(threads / 2 > 1 ? threads / 2 : 1),
                          (int)threads);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, handler, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, conns,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_NOTIFY_CONNECTION, notify_conn, s,
                            MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                            (size_t)64 * 1024, MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u, MHD_OPTION_URI_LOG_CALLBACK,
                            uri_log, s, MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s (in use, or not an address of this machine)", spec);
        ov__app_release(&s->app);
        pthread_mutex_destroy(&s->track_mu);
        pthread_cond_destroy(&s->track_cv);
        ov__free(s);
        return OV_EIO;
    }
    s->reaper_started = pthread_create(&s->reaper, NULL, reaper, s) == 0;
    if (!s->reaper_started && s->app.log)
        fprintf(s->app.log, "oversight serve: no request deadlines (cannot start a thread): only --timeout applies\n");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : (int)strtol(port, NULL, 10);
    snprintf(s->url, sizeof s->url, addr.ss_family == AF_INET6 ? "http://[%s]:%d/" : "http://%s:%d/", host, s->port);
    *out = s;
    return OV_OK;
}

int ov_server_port(const ov_server *s) { return s->port; }
const char *ov_server_url(const ov_server *s) { return s->url; }

void ov_server_stop(ov_server *s)
{
    if (!s) return;
    MHD_quiesce_daemon(s->d);
    if (s->reaper_started) {
        pthread_mutex_lock(&s->track_mu);
        s->reaper_stop = true;
        pthread_cond_signal(&s->track_cv);
        pthread_mutex_unlock(&s->track_mu);
        pthread_join(s->reaper, NULL);
    }
    MHD_stop_daemon(s->d);
    /* the library reports every connection closed; free any it did not */
    for (conn_track *t = s->tracked, *next; t; t = next) {
        next = t->next;
        ov__free(t);
    }
    s->tracked = NULL;
    ov__app_release(&s->app);
    pthread_mutex_destroy(&s->track_mu);
    pthread_cond_destroy(&s->track_cv);
    ov__free(s);
}
