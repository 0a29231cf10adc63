/* cmd_model.c - `oversight model`: the data model, as text (each schema with
 * its label, marked when it is Oversight's extension) or as FtM's model.json
 * (ov_model_json), the file FtM libraries load to read a full export. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "util/banned.h"

int cmd_model(cli *c)
{
    int bad = cli_reject_unknown(c, "model");
    if (bad) return bad;
    if (c->argc) {
        fprintf(stderr, "oversight model: takes no arguments\n");
        return EXIT_USAGE;
    }
    if (c->json) {
        char *text;
        size_t len;
        int rc = ov_model_json(c->model, &text, &len);
        if (rc) {
            fprintf(stderr, "oversight model: %s\n", ov_strerror(rc));
            return cli_exit_for(rc);
        }
        bool ok = fwrite(text, 1, len, stdout) == len && putchar('\n') != EOF && fflush(stdout) == 0;
        ov_free(text);
        return ok ? EXIT_OK : EXIT_STORE;
    }
    char err[256];
    ov_model *stock;
    int rc = ov_model_load_stock(&stock, err, sizeof err);
    if (rc) {
        fprintf(stderr, "oversight model: %s\n", err);
        return cli_exit_for(rc);
    }
    for (int i = 0; i < ov_model_schema_count(c->model); i++) {
        const ov_schema *s = ov_model_schema_at(c->model, i);
        printf("%-22s %s%s%s\n", ov_schema_name(s), ov_schema_label(s), ov_schema_abstract(s) ? " (abstract)" : "",
               ov_model_schema(stock, ov_schema_name(s)) ? "" : "  [Oversight extension]");
    }
    ov_model_free(stock);
    return EXIT_OK;
}
