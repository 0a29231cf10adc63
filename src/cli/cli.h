/* cli.h - what the command files of `oversight` share: the parsed command
 * line, option helpers and exit codes. Each cmd_*.c file implements commands
 * over the public library API; main.c dispatches. */
#ifndef OV_CLI_H
#define OV_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "oversight/model.h"
#include "oversight/io.h"
#include "oversight/store.h"
#include "oversight/resolve.h"

/* Exit codes (README): */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_NOTFOUND = 3, EXIT_STORE = 4, EXIT_INTERNAL = 5 };

typedef struct cli {
    const char *db;
    bool json;       /* --format json */
    const char *format; /* the --format value ("text" by default) */
    int argc;        /* command arguments, options removed */
    char **argv;
    ov_model *model;
    const char *cmd;     /* the command's name, for messages */
    bool bad_input;      /* an option's value was refused (cli_check.c): cli_reject_unknown says exit 2 */
    char country[4][8];  /* --country values as ISO codes (a name given is resolved) */
    int n_country;
} cli;

/* The exit code for a library result code. */
int cli_exit_for(int rc);
/* Writes s as a JSON string literal. */
void cli_json_str(FILE *out, const char *s);
/* Writes s (NULL: nothing) for a terminal: control characters (ESC, BEL, C1 ...)
 * and bytes that are not UTF-8 shown as \xNN (util/termesc.h). Every text
 * output of a stored or given value, and every message echoing one, goes
 * through it. */
void cli_print_text(FILE *out, const char *s);
/* The readers' error callback (ov_error_cb) of every loading command: prints
 * "file:line: message" on stderr through cli_print_text. */
void cli_on_error(const char *file, long line, const char *msg, void *ud);
/* Removes "--name VALUE" or "--name=VALUE" from the arguments and returns VALUE. */
const char *cli_take_opt(cli *c, const char *name);
bool cli_take_flag(cli *c, const char *name);
/* EXIT_USAGE (after a message) when an unknown --option is left, else 0. */
int cli_reject_unknown(cli *c, const char *cmd);
struct ov_answer;
/* Prints an explained answer in the command's format: the library's one JSON writer
 * (the API prints the same bytes) or its one text writer. OV_ENOMEM, OV_EIO. */
int cli_print_answer(cli *c, const struct ov_answer *a);
/* An answer as one element of a JSON list: its JSON without the newline, after a
 * comma unless first. */
int cli_print_answer_row(const struct ov_answer *a, bool first);
/* Opens the store named by --db; prints the reason and returns non-zero on failure. */
int cli_open_store(cli *c, int flags, ov_store **st);

/* Reports on stderr what a load or import of one file did wrong or warns of:
 * invalid records (nothing written unless skip_invalid; "see above" when only
 * validating), dangling references, skipped records. Returns EXIT_DATA when the
 * file was refused, else 0. */
int cli_report_ingest(const char *cmd, const char *path, int rc, const ov_ingest_stats *s, bool wrote);

int cmd_init(cli *c);
int cmd_copy(cli *c);
int cmd_load(cli *c);
int cmd_validate(cli *c);
int cmd_export(cli *c);
int cmd_model(cli *c);
int cmd_get(cli *c);
int cmd_history(cli *c);
int cmd_search(cli *c);
int cmd_stats(cli *c);
int cmd_owners(cli *c);
int cmd_controllers(cli *c);
int cmd_control(cli *c);
int cmd_typology(cli *c);
int cmd_graph(cli *c);
int cmd_import(cli *c);
int cmd_exposure(cli *c);
int cmd_deployments(cli *c);
int cmd_report(cli *c);
/* Checks an option's value at the door (cli_check.c): --as-of and other dates, --schema,
 * --country (a name or a code; the code is returned), --listen. On a bad value prints
 * what is wrong with it (and the closest good one), sets c->bad_input and returns NULL. */
const char *cli_check_opt(cli *c, const char *name, const char *value);
int cmd_changes(cli *c);
/* --since as a change number (what came after it) or a date (what came at or after it:
 * after the last change before it) into *out; prints why and returns EXIT_USAGE when it
 * is neither (cmd_changes.c). */
int cli_since(cli *c, ov_store *st, const char *since, int64_t *out);
/* A date as the record writes them (YYYY, YYYY-MM, YYYY-MM-DD, or a date and time). */
bool cli_valid_date(const char *s);
/* Up to max names the matcher finds close to query, each "caption\tschema\tid" (cmd_match.c). */
int cli_did_you_mean(cli *c, ov_store *st, const char *query, char (*out)[512], int max);
/* The results of a search, described (country, lists, snippet), or a "did you mean" (cli_search.c). */
/* r (may be NULL): the judgements, for each result's canonical id and referents */
void cli_search_print(cli *c, ov_store *st, const ov_resolver *r, const char *query, const ov_search_hit *hits,
                      size_t n);
int cmd_serve(cli *c);
int cmd_token(cli *c);
int cmd_match(cli *c);
int cmd_screen(cli *c);
int cmd_load_csl(cli *c);
int cmd_assess(cli *c);
int cmd_scores(cli *c);
int cmd_resolve(cli *c);
int cmd_judgements(cli *c);
int cmd_xref(cli *c);
#endif
