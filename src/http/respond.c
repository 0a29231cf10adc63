/* respond.c - the responses every handler shares: the page frame, errors (JSON
 * for /api/ paths, a page otherwise), the HTTP status for a library result, and
 * an explained answer (explain.h) as the API's JSON: the bytes the CLI's
 * --format json prints. api.c, web.c and screen.c answer through these and never
 * call back into app.c's dispatch. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "http_internal.h"
#include "oversight/explain.h"
#include "../util/banned.h"

/* ---- the page frame ------------------------------------------------------------ */

void ov__page_start(ov_buf *b, const char *title)
{
    ov_buf_adds(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    ov__html(b, title);
    ov_buf_adds(b, " — Oversight</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\n<body>\n"
                   "<header><a class=\"brand\" href=\"/\">Oversight</a>"
                   "<form class=\"quick\" action=\"/search\" method=\"get\" role=\"search\">"
                   "<input type=\"search\" name=\"q\" placeholder=\"Search companies, people, laws… 海康\" "
                   "aria-label=\"Search\"><button type=\"submit\">Search</button></form>"
                   "<nav><a href=\"/typology\">Typology</a> <a href=\"/screen\">Screening</a> "
                   "<a href=\"/review\">Review</a> <a href=\"/deployments\">Deployments</a> <a href=\"/changes\">Changes</a> "
                   "<a href=\"/api/openapi.json\">API</a></nav></header>\n<main>\n");
}

void ov__page_end(ov_buf *b)
{
    ov_buf_adds(b, "</main>\n<footer>Oversight — a sourced record of the surveillance industry. Every fact "
                   "carries its citation.</footer>\n</body></html>\n");
}

/* ---- errors ------------------------------------------------------------------ */

int ov__status_for(int rc)
{
    switch (rc) {
    case OV_OK: return 200;
    case OV_ENOTFOUND: return 404;
    case OV_EINVAL: return 422;
    case OV_ETOOBIG: return 413;
    case OV_EBUSY: return 503;
    default: return 500;
    }
}

static const char *reason(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

void ov__error(const ov__req *r, ov__resp *resp, int status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    resp->status = status;
    resp->static_body = NULL;
    if (resp->file) {
        fclose(resp->file);
        resp->file = NULL;
    }
    ov_buf_reset(&resp->body);
    bool api = !r->path || strncmp(r->path, "/api/", 5) == 0;
    if (r->path && ov__yente_path(r->path)) {
        /* yente's error shape, for its routes and the reconciliation service */
        resp->content_type = "application/json; charset=utf-8";
        ov_buf_adds(&resp->body, "{\"detail\":");
        ov__json(&resp->body, msg);
        ov_buf_adds(&resp->body, "}\n");
    } else if (api) {
        resp->content_type = "application/json; charset=utf-8";
        ov_buf_printf(&resp->body, "{\"error\":{\"status\":%d,\"reason\":\"%s\",\"message\":", status, reason(status));
        ov__json(&resp->body, msg);
        ov_buf_adds(&resp->body, "}}\n");
    } else {
        char title[64];
        snprintf(title, sizeof title, "%d %s", status, reason(status));
        resp->content_type = "text/html; charset=utf-8";
        ov__page_start(&resp->body, title);
        ov_buf_adds(&resp->body, "<h1>");
        ov__html(&resp->body, title);
        ov_buf_adds(&resp->body, "</h1>\n<p class=\"error\">");
        ov__html(&resp->body, msg);
        ov_buf_adds(&resp->body, "</p>\n<p><a href=\"/\">Back to the search</a></p>\n");
        ov__page_end(&resp->body);
    }
}

/* ---- answers ----------------------------------------------------------------------- */

void ov__respond_answer(ov__req *r, ov__resp *resp, ov_answer *a, int rc)
{
    char *j = NULL;
    if (!rc) rc = ov_answer_json(a, &j);
    ov_answer_free(a);
    if (rc) {
        ov__error(r, resp, ov__status_for(rc), "%s", rc == OV_ETOOBIG ? OV_OWN_TOOBIG_MSG : ov_strerror(rc));
        return;
    }
    resp->content_type = "application/json; charset=utf-8";
    ov_buf_adds(&resp->body, j);
    ov_free(j);
}
