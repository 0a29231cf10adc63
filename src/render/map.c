/*
 * map.c - a world map as SVG (deploy.h, ov_render_world_map): Natural Earth's
 * country outlines (data/map/world-110m.tsv, embedded by map_data.S), each
 * country shaded by its value in five steps, with a <title> naming it (what a
 * screen reader and a hover read) and, when it has a value, a link to its
 * list. No script, no style sheet needed: the colours are attributes.
 */
#include <stdio.h>
#include <string.h>
#include "oversight/deploy.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

extern const char ov__world_map_tsv[];

#define MAP_LIMIT (1 << 22)

static void esc(ov_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        switch (s[i]) {
        case '<': ov_buf_adds(b, "&lt;"); break;
        case '>': ov_buf_adds(b, "&gt;"); break;
        case '&': ov_buf_adds(b, "&amp;"); break;
        case '"': ov_buf_adds(b, "&quot;"); break;
        default: ov_buf_addc(b, s[i]);
        }
    }
}

/* light to dark; step 0 is a country without a value */
static const char *const FILL[] = {"#e9ecef", "#fde0c5", "#f9b384", "#f0804f", "#d6452b", "#9e1b1b"};

static int step_of(int v, int max)
{
    if (v <= 0 || max <= 0) return 0;
    int s = 1 + (int)((double)(v - 1) * 5 / max);
    return s > 5 ? 5 : s;
}

int ov_render_world_map(const ov_map_value *v, size_t n, const char *href_prefix, const char *title, const char *desc,
                        char **out)
{
    *out = NULL;
    int max = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].value > max) max = v[i].value;
    ov_buf b;
    ov_buf_init(&b, MAP_LIMIT);
    ov_buf_adds(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"world-map\" viewBox=\"0 0 900 400\" role=\"img\" "
                    "aria-labelledby=\"map-title map-desc\"><title id=\"map-title\">");
    esc(&b, title ? title : "World map", (size_t)-1);
    ov_buf_adds(&b, "</title><desc id=\"map-desc\">");
    esc(&b, desc ? desc : "", (size_t)-1);
    ov_buf_adds(&b, "</desc>\n<rect width=\"900\" height=\"400\" fill=\"#f7fbff\"/>\n");
    for (const char *line = ov__world_map_tsv; *line;) {
        const char *end = strchr(line, '\n');
        if (!end) end = line + strlen(line);
        const char *t1 = memchr(line, '\t', (size_t)(end - line));
        const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
        if (*line != '#' && t1 && t2) {
            char cc[4] = "";
            if (t1 - line < 4) memcpy(cc, line, (size_t)(t1 - line)), cc[t1 - line] = 0;
            const ov_map_value *m = NULL;
            for (size_t i = 0; i < n && !m; i++)
                if (v[i].cc && !strcmp(v[i].cc, cc)) m = &v[i];
            int s = m ? step_of(m->value, max) : 0;
            if (s && href_prefix) {
                ov_buf_adds(&b, "<a href=\"");
                esc(&b, href_prefix, (size_t)-1);
                esc(&b, cc, 3);
                ov_buf_adds(&b, "\">");
            }
            ov_buf_printf(&b, "<path data-cc=\"%s\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.4\" d=\"", cc, FILL[s]);
            ov_buf_add(&b, t2 + 1, (size_t)(end - t2 - 1));
            ov_buf_adds(&b, "\"><title>");
            esc(&b, t1 + 1, (size_t)(t2 - t1 - 1));
            if (m && m->note) {
                ov_buf_adds(&b, ": ");
                esc(&b, m->note, (size_t)-1);
            }
            ov_buf_adds(&b, "</title></path>");
            ov_buf_adds(&b, s && href_prefix ? "</a>\n" : "\n");
        }
        line = *end ? end + 1 : end;
    }
    /* the legend: what each shade stands for */
    ov_buf_adds(&b, "<g class=\"legend\" font-size=\"11\" font-family=\"sans-serif\">");
    int lo[6] = {0}, hi[6] = {0};
    for (int x = 1; x <= max && x <= 100000; x++) {
        int s = step_of(x, max);
        if (!lo[s]) lo[s] = x;
        hi[s] = x;
    }
    for (int s = 0, k = 0; s <= 5 && max > 0; s++) {
        if (s && !lo[s]) continue;
        ov_buf_printf(&b, "<rect x=\"%d\" y=\"372\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#999\" "
                          "stroke-width=\"0.5\"/>", 10 + k * 80, FILL[s]);
        if (s == 0) ov_buf_printf(&b, "<text x=\"%d\" y=\"383\">none</text>", 28 + k * 80);
        else if (lo[s] == hi[s]) ov_buf_printf(&b, "<text x=\"%d\" y=\"383\">%d</text>", 28 + k * 80, lo[s]);
        else ov_buf_printf(&b, "<text x=\"%d\" y=\"383\">%d–%d</text>", 28 + k * 80, lo[s], hi[s]);
        k++;
    }
    ov_buf_adds(&b, "</g></svg>\n");
    *out = ov_buf_detach(&b);
    return *out ? OV_OK : OV_ENOMEM;
}
