/* owners.c - a small program on liboversight: who holds a company, with the
 * rule, the status of the weakest evidence and every citation, as the
 * `oversight owners` command answers it.
 *
 *   cc owners.c $(pkg-config --cflags --libs oversight) -o owners
 *   ./owners STORE ENTITY-ID
 */
#include <stdio.h>
#include <oversight/explain.h>
#include <oversight/graph.h>
#include <oversight/model.h>
#include <oversight/store.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: owners STORE ENTITY-ID\n");
        return 2;
    }
    char err[512];
    ov_model *m = NULL;
    ov_store *st = NULL;
    ov_graph *g = NULL;
    ov_answer *a = NULL;
    int rc = ov_model_load_default(&m, err, sizeof err);
    if (!rc) rc = ov_store_open(&st, argv[1], OV_OPEN_READONLY, m);
    if (!rc) rc = ov_graph_build(st, m, NULL, &g);
    uint32_t node;
    if (!rc && !ov_graph_find(g, argv[2], &node)) rc = OV_ENOTFOUND;
    if (!rc) rc = ov_explain_owners(st, g, node, &a);
    if (!rc) {
        /* the same words as the CLI's text, then each holder from the structure */
        ov_answer_text(a, stdout);
        for (size_t i = 0; i < a->n_items; i++)
            printf("holder=%s share=%s status=%s evidence=%zu\n", a->items[i].object, a->items[i].value,
                   ov_status_name(a->items[i].status), a->items[i].n_steps);
    } else {
        fprintf(stderr, "owners: %s\n", ov_strerror(rc));
    }
    ov_answer_free(a);
    ov_graph_free(g);
    ov_store_close(st);
    ov_model_free(m);
    return rc ? 1 : 0;
}
