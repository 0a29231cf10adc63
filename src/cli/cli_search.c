/* cli_search.c - how `oversight search` shows its results: each with its
 * schema, country, the lists naming it and a snippet of what matched, the
 * match marked ([...] in text, JSON gives the marks' offsets as the text with
 * "\u0001"/"\u0002" removed and "highlights"); when nothing is found, the
 * names the matcher finds close to the query ("did you mean"). */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "oversight/search.h"
#include "../util/termesc.h"
#include "../util/banned.h"

/* the snippet with its marks as [ ] (text) */
static void snippet_text(const char *s)
{
    char buf[1024];
    size_t k = 0;
    for (; s && *s && k + 4 < sizeof buf; s++) buf[k++] = *s == '\x01' ? '[' : *s == '\x02' ? ']' : *s;
    buf[k] = 0;
    cli_print_text(stdout, buf);
}

/* the snippet as JSON: "snippet" without marks and "highlights" [[start,end] ...] in bytes */
static void snippet_json(const char *s)
{
    char buf[1024];
    size_t k = 0;
    int spans[32][2], ns = 0;
    for (; s && *s && k + 1 < sizeof buf; s++) {
        if (*s == '\x01' && ns < 32) spans[ns][0] = (int)k;
        else if (*s == '\x02' && ns < 32) spans[ns++][1] = (int)k;
        else if (*s != '\x01' && *s != '\x02') buf[k++] = *s;
    }
    buf[k] = 0;
    printf(",\"snippet\":");
    cli_json_str(stdout, buf);
    printf(",\"highlights\":[");
    for (int i = 0; i < ns; i++) printf("%s[%d,%d]", i ? "," : "", spans[i][0], spans[i][1]);
    printf("]");
}

void cli_search_print(cli *c, ov_store *st, const ov_resolver *r, const char *query, const ov_search_hit *hits,
                      size_t n)
{
    char sugg[5][512];
    int ns = 0;
    if (!n && query && *query) ns = cli_did_you_mean(c, st, query, sugg, 5);
    if (c->json) {
        printf("{\"query\":");
        cli_json_str(stdout, query);
        printf(",\"results\":[");
    }
    for (size_t i = 0; i < n; i++) {
        ov_search_info info;
        if (ov_search_describe(st, hits[i].id, query, &info)) memset(&info, 0, sizeof info);
        const char *cap = hits[i].caption ? hits[i].caption : hits[i].id;
        if (c->json) {
            printf("%s{\"id\":", i ? "," : "");
            cli_json_str(stdout, hits[i].id);
            printf(",\"schema\":");
            cli_json_str(stdout, hits[i].schema);
            printf(",\"caption\":");
            cli_json_str(stdout, cap);
            printf(",\"score\":%.4f,\"country\":", hits[i].score);
            cli_json_str(stdout, info.country);
            printf(",\"country_name\":");
            cli_json_str(stdout, info.country_name);
            printf(",\"lists\":[");
            /* the lists, one a line in info.lists */
            const char *p = info.lists;
            int k = 0;
            while (p && *p) {
                const char *e = strchr(p, '\n');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                char one[512];
                snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), p);
                printf("%s", k++ ? "," : "");
                cli_json_str(stdout, one);
                p = e ? e + 1 : NULL;
            }
            printf("],\"matched_property\":");
            cli_json_str(stdout, info.prop);
            if (info.snippet) snippet_json(info.snippet);
            else printf(",\"snippet\":null,\"highlights\":[]");
            char *res = NULL;
            if (r && !ov_resolution_json(st, r, hits[i].id, 0, &res) && res[0] == '{' && res[1] != '}')
                printf(",%s", res + 1); /* "canonical_id", "referents", ... and the closing brace */
            else
                printf("}");
            ov_free(res);
        } else {
            printf("%2zu. ", i + 1);
            cli_print_text(stdout, cap);
            printf("  (%s", hits[i].schema);
            if (info.country) printf(", %s", info.country_name ? info.country_name : info.country);
            printf(")  ");
            cli_print_text(stdout, hits[i].id);
            printf("\n");
            const char **ids;
            size_t k;
            if (r && !ov_resolver_referents(r, hits[i].id, &ids, &k)) {
                if (k > 1) { /* one of several ids judged the same company */
                    printf("    canonical ");
                    cli_print_text(stdout, ov_resolver_canonical(r, hits[i].id));
                    printf("; referents");
                    for (size_t x = 0; x < k; x++) {
                        printf(x ? ", " : " ");
                        cli_print_text(stdout, ids[x]);
                    }
                    printf("\n");
                }
                ov_free(ids);
            }
            if (info.lists) {
                printf("    lists: ");
                for (char *p = info.lists, *nl; p; p = nl ? nl + 1 : NULL) {
                    nl = strchr(p, '\n');
                    if (nl) *nl = 0;
                    cli_print_text(stdout, p);
                    if (nl) printf(" | ");
                }
                printf("\n");
            }
            if (info.snippet) {
                printf("    %s: ", info.prop ? info.prop : "match");
                snippet_text(info.snippet);
                printf("\n");
            }
        }
        ov_search_info_release(&info);
    }
    /* each suggestion: caption, schema, id, and whether the matcher calls it a match */
    char *cap[5], *schema[5], *id[5];
    bool match[5];
    int nv = 0;
    for (int i = 0; i < ns; i++) {
        char *t1 = strchr(sugg[i], '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL, *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
        if (!t1 || !t2 || !t3) continue;
        *t1 = *t2 = *t3 = 0;
        cap[nv] = sugg[i], schema[nv] = t1 + 1, id[nv] = t2 + 1, match[nv++] = t3[1] == '1';
    }
    if (c->json) {
        printf("],\"did_you_mean\":[");
        for (int i = 0; i < nv; i++) {
            printf("%s{\"caption\":", i ? "," : "");
            cli_json_str(stdout, cap[i]);
            printf(",\"schema\":");
            cli_json_str(stdout, schema[i]);
            printf(",\"id\":");
            cli_json_str(stdout, id[i]);
            printf(",\"match\":%s}", match[i] ? "true" : "false");
        }
        printf("]}\n");
    } else if (!n) {
        printf("no results\n");
        /* the name matcher's matches first: the same party under another spelling, script or
         * transliteration (pinyin, traditional characters); then its weaker suggestions */
        for (int pass = 1; pass >= 0; pass--) {
            int k = 0;
            for (int i = 0; i < nv; i++) {
                if (match[i] != (pass == 1)) continue;
                printf("%s", k++ ? ", " : pass ? "found by the name matcher (another spelling, script or "
                                                 "transliteration): " : "did you mean: ");
                cli_print_text(stdout, cap[i]);
                printf(" (%s, ", schema[i]);
                cli_print_text(stdout, id[i]);
                printf(")");
            }
            if (k) printf(pass ? "\n" : "?\n");
        }
    }
}
