/*
 * main.c - the `oversight` command: a thin layer over liboversight that parses
 * arguments, prints results as text or JSON, and decides exit codes.
 *
 * Exit codes (README):
 *   0 success        1 invalid input data    2 usage error
 *   3 not found      4 store or I/O error    5 out of memory / internal error
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/oversight.h"
#include "cli.h"
#include "util/banned.h"

/* ---- dispatch -------------------------------------------------------------- */

typedef struct command {
    const char *name;
    int (*run)(cli *c);
    const char *usage;
    const char *formats; /* formats beyond text and json, comma-separated, or NULL */
    bool no_json;        /* the command has no JSON form: --format json is refused (exit 2) */
} command;

static bool format_allowed(const char *list, const char *f)
{
    if (!list) return false;
    size_t n = strlen(f);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, f, n) == 0) return true;
        if (!end) break;
        p = end + 1;
    }
    return false;
}

static const command commands[] = {
    {"init", cmd_init,
     "oversight init [--db PATH]\n  Creates the store (or migrates an older one forward).\n", NULL, false},
    {"load", cmd_load,
     "oversight load FILE... [--dataset NAME] [--input-format entities|delta|statements]\n"
     "               [--source ID|URL] [--locator TEXT] [--status asserted|verified|alleged|disputed|retracted|unverified]\n"
     "               [--skip-invalid] [--max-line BYTES] [--note TEXT] [--shares percent|fraction]\n"
     "  Loads FtM entity JSON lines (plain or OpenSanctions envelope), deltas or an FtM 4\n"
     "  statements CSV in one transaction: any invalid record and nothing is written,\n"
     "  unless --skip-invalid, which loads the rest and lists every rejected line.\n"
     "  --dataset defaults to the file name; --source/--locator/--status apply to\n"
     "  statements that carry no citation of their own. FtM's percentage is a percent (0.68 is\n"
     "  0.68 %); --shares fraction declares a source whose shares are fractions (0.68 is 68 %:\n"
     "  written as 68%, the original kept). A progress bar is drawn on a terminal.\n", NULL, false},
    {"copy", cmd_copy,
     "oversight copy SRC DST\n"
     "  Copies a whole record into a new store, between SQLite files and PostgreSQL\n"
     "  (postgresql://...) either way: statements with history and citations, the change\n"
     "  log, API token hashes, judgements. DST is created and must be empty; all or nothing.\n",
     NULL, false},
    {"validate", cmd_validate,
     "oversight validate FILE... [--input-format ...] [--max-line BYTES]\n"
     "  Checks files as load would, without a store.\n", NULL, false},
    {"export", cmd_export,
     "oversight export [--output-format entities|plain|delta|statements|bods] [--ftm full|standard]\n"
     "                 [--since CHANGE] [-o FILE]\n"
     "  Writes the current record: entities (OpenSanctions envelope, the default), plain\n"
     "  {id, schema, properties}, delta (ADD/MOD/DEL since a change), the FtM 4 statements CSV\n"
     "  with source, locator and status columns (lossless: load it back and nothing is lost), or\n"
     "  a BODS 0.4 package (statuses as annotations). --ftm standard writes only what stock FtM\n"
     "  3.8.4 reads (extensions mapped or left out, counted on stderr); full (the default) needs\n"
     "  the model of `oversight model --format json`. Statuses the format cannot carry are\n"
     "  counted on stderr.\n", NULL, false},
    {"model", cmd_model,
     "oversight model [--format text|json]\n"
     "  The data model: FtM 3.8.4 and Oversight's extension schemata. json is FtM's own model.json\n"
     "  format (what FtM libraries load to read a full export); the API serves it at /api/model.\n",
     NULL, false},
    {"get", cmd_get,
     "oversight get ID [--history] [--format text|json]\n"
     "  Shows one entity with the citation and status of every statement.\n", NULL, false},
    {"search", cmd_search,
     "oversight search WORDS... [--schema S] [--country CC] [--topic T] [--dataset D] [--limit N]\n"
     "  Ranked full-text search over names, aliases, notes and identifiers, any script;\n"
     "  Chinese matches by characters, so one- and two-character queries work.\n", NULL, false},
    {"changes", cmd_changes,
     "oversight changes [--since DATE|CHANGE] [--entity ID] [--format text|json]\n"
     "  The record's change log: each change's number, time, kind, the file or token it came\n"
     "  from, and what it changed (entities, statements added and retired; with --entity, that\n"
     "  entity's statements). --since: a date (changes at or after it) or a change number\n"
     "  (changes after it), as export --since takes.\n", NULL, false},
    {"history", cmd_history,
     "oversight history ID [--format text|json]\n"
     "  Every change that touched the entity: statements added (+) and retired (-).\n", NULL, false},
    {"exposure", cmd_exposure,
     "oversight exposure ID [--as-of DATE] [--rules FILE] [--format text|json]\n"
     "oversight exposure --all [--format table|json|md]\n"
     "oversight exposure --test NAME [ID]      (e.g. --test uk-2022)\n"
     "  The obligations of the record's legal provisions that reach an entity, each with its\n"
     "  reason chain (facts -> class of subject -> provision -> obligation), the provision's\n"
     "  text and every citation. Classes and tests are rules in data/rules/applicability.rules.\n", "table,md", false},
    {"deployments", cmd_deployments,
     "oversight deployments [--country NAME|CODE] [--supplier ID|NAME] [--by country|supplier] [--as-of DATE]\n"
     "                      [--format text|json]\n"
     "  Where suppliers' surveillance technology is deployed (Deployment entities: Carnegie's AI\n"
     "  Global Surveillance Index 2022, contracts, projects): per country, the technologies the\n"
     "  source records for it and the suppliers it names there; per supplier (--by supplier), its\n"
     "  nationality and the obligations reaching it, from its own record, and its countries.\n", NULL, false},
    {"report", cmd_report,
     "oversight report ID [--format md|html|json] [-o FILE]\n"
     "  A dossier in the style of the submission: facts with numbered footnotes, ownership and\n"
     "  control with the picture (inline in HTML; FILE.svg beside a Markdown FILE), typology with\n"
     "  its evidence, legal exposure, deployments, lists and measured facts. JSON: the dossier's\n"
     "  data (its statements and the explanation objects behind it).\n", "md,html", false},
    {"assess", cmd_assess,
     "oversight assess [--framework F] [--company ID] [--year Y] [--format text|json]\n"
     "  Every element's answer under an indicator framework (yes, partial, no, no disclosure found,\n"
     "  not applicable), its score, and the citation it rests on.\n", NULL, false},
    {"scores", cmd_scores,
     "oversight scores [--framework F] [--company ID] [--year Y] [--compare Y2] [--format text|json|md]\n"
     "                 [--rdr DIR [--check]]\n"
     "  Indicator, category and total scores per company (rounded half up; json exact), with the\n"
     "  change since --compare. --rdr reads Ranking Digital Rights' published CSVs instead of the\n"
     "  store; --check compares with RDR's published category and total scores (exit 1 on a mismatch).\n", "md", false},
    {"import", cmd_import,
     "oversight import bods|gleif FILE... [--dataset D] [--source URL] [--status S] [--kind lei|rr|repex]\n"
     "                 [--skip-invalid] [--validate] [--note TEXT]\n"
     "  Maps BODS packages (0.4 and 0.2, JSON array or lines) or GLEIF LEI-CDF, RR-CDF and\n"
     "  reporting exceptions (XML or golden-copy CSV) to FtM and loads them, one transaction per\n"
     "  file; accounting consolidation becomes Control, never Ownership. --validate checks only.\n", NULL, false},
    {"stats", cmd_stats, "oversight stats [--format text|json]\n  Counts by schema and dataset.\n", NULL, false},
    {"owners", cmd_owners,
     "oversight owners ID [--as-of DATE] [--format text|json]\n"
     "  Everyone who holds a share of ID, directly or through others: integrated ownership\n"
     "  (shares multiplied along paths, summed over paths, cycles handled), the strongest path,\n"
     "  the citations of every edge, and the holdings whose unknown or banded shares make a\n"
     "  band, with what its ends assume. Parallel, conflicting claims are reported.\n", NULL, false},
    {"controllers", cmd_controllers,
     "oversight controllers ID [--as-of DATE] [--format text|json]\n"
     "  Who controls ID: the majority chain to an ultimate parent (none recorded when no owner\n"
     "  holds a majority), the state's share through ownership chains (a state designation is\n"
     "  shown beside it, never read as a share), and control without shares (the links\n"
     "  data/rules/analyses.json counts as control; customers never). Each conclusion with its\n"
     "  status, rule and cited evidence; --format json is the API's /api/controllers/ID.\n", NULL, false},
    {"control", cmd_control,
     "oversight control --seeds FILE --rule ofac|eu|uk [--as-of DATE] [--format text|json]\n"
     "  Entities controlled by the seeds (one id per line) under a threshold rule\n"
     "  (data/rules/control_rules.json): certainly (bands at their minimum) or possibly (maximum).\n", NULL, false},
    {"typology", cmd_typology,
     "oversight typology [--as-of DATE] [--format table|json|md]\n"
     "  Classifies every company: state-owned, state-invested, party-embedded private,\n"
     "  foreign-invested, private, or undetermined (with what is missing), with the evidence\n"
     "  and its citations (md: a table with footnotes). Criteria: data/rules/typology.json.\n", "table,md", false},
    {"match", cmd_match,
     "oversight match \"NAME\" [--country CC] [--schema S] [--identifier ID] [--limit N] [--threshold T]\n"
     "                [--cutoff C] [--settings FILE] [--format text|json]\n"
     "oversight match --json FILE   (the yente /match request; answers in its response shape)\n"
     "  Ranked candidates from the record for a name in any script (Chinese, pinyin, English;\n"
     "  traditional and simplified), each with its score and per-feature explanation.\n", NULL, false},
    {"screen", cmd_screen,
     "oversight screen vendors.csv [--column NAME] [--country-column NAME] [--rule ofac|eu|uk]\n"
     "                             [--encoding NAME] [--settings FILE] [--format text|json|csv|html]\n"
     "  A report with one row per vendor: a verdict (listed, controlled by a listed party, made by\n"
     "  a listed maker, state-controlled, legally exposed, clear, needs review; data/rules/\n"
     "  screening.json) and the strongest reason first, then the evidence: the match and score,\n"
     "  the list entries grouped by list (official entries, then curated events as history, each\n"
     "  with its date, status and confidence), the maker behind a camera brand with the link's\n"
     "  confidence, ownership paths by name, and the obligations in brief. Names the list versions.\n"
     "  A listed holder's entries extend to the row only when the listed parties control it under\n"
     "  --rule (default ofac: 50 % or more, aggregated); smaller listed stakes are shown as such.\n"
     "  The file is UTF-8, or UTF-16 with a byte-order mark, or as --encoding declares (latin1,\n"
     "  windows-1252, gb18030 ...); anything else is refused with its line.\n", "csv,html", false},
    {"load-csl", cmd_load_csl,
     "oversight load-csl FILE [--dataset D]\n"
     "  Loads a US Consolidated Screening List CSV (its 29 columns), keeping dates, programmes\n"
     "  and sources, as Sanction entities linked to the listed parties.\n", NULL, false},
    {"serve", cmd_serve,
     "oversight serve [--db PATH] [--listen 127.0.0.1:8080] [--allow-remote] [--threads N]\n"
     "                [--max-connections N] [--per-ip N] [--timeout SECONDS] [--max-body-mb N]\n"
     "                [--max-nodes N] [--header-timeout SECONDS] [--body-timeout SECONDS]\n"
     "                [--max-expensive N] [--log-requests] [--cors ORIGIN[,ORIGIN...]|*]\n"
     "  Serves the JSON API (/api/..., described at /api/openapi.json) and the web interface\n"
     "  (search, dossiers with footnotes, ownership pictures, typology, legal exposure) until\n"
     "  SIGTERM or SIGINT. Loopback only unless --allow-remote; read-only: writes need a token\n"
     "  (oversight token create). Port 0 picks a free port; the URL is printed on start.\n"
     "  Also yente's API (/match/default, /search/default, /entities/ID, /catalog, /algorithms,\n"
     "  /healthz, /readyz) and OpenRefine's reconciliation service (/reconcile/default).\n"
     "  --cors lets pages of those origins (* for any) read the responses; off by default.\n", NULL, false},
    {"token", cmd_token,
     "oversight token create [NAME] | list | revoke NAME\n"
     "  API tokens for writes through the server (load, add or retract a statement). create\n"
     "  prints the token once; the store keeps only its SHA-256.\n", NULL, false},
    {"xref", cmd_xref,
     "oversight xref [--against DATASET] [--threshold T] [--limit N] [--budget N] [--format text|json]\n"
     "  Candidate pairs of the record that may be one entity: each matchable entity's names,\n"
     "  countries and identifiers (LEI, registration and tax numbers, ISIN ...) matched against\n"
     "  the rest, pairs not yet judged, strongest first, each with the matcher's explanation.\n"
     "  Blocked by the name index: --budget is how many postings each entity's query walks\n"
     "  (default the matcher's block_budget; fewer is faster, at the cost of recall).\n"
     "  --against DATASET: only pairs of an entity of that loaded dataset with one of the rest\n"
     "  of the record (a file: load it as its own dataset first).\n",
     NULL, false},
    {"resolve", cmd_resolve,
     "oversight resolve ID ID same|different|unsure --reason TEXT [--source ID|URL] [--locator TEXT]\n"
     "                  [--author NAME] [--status S]\n"
     "  Records a judgement of entity resolution as record data (a Judgement entity: its reason,\n"
     "  author, time and citation); the newest judgement of a pair holds, so undoing one is a new\n"
     "  judgement. A judgement that contradicts earlier ones (the same as an entity judged different,\n"
     "  directly or through a chain) is refused with them named; so are unknown ids, an entity with\n"
     "  itself, a Person and a Company, and a judgement without a reason (exit 1, nothing written).\n",
     NULL, false},
    {"judgements", cmd_judgements,
     "oversight judgements [ID] [--format text|json]\n"
     "  The judgements that hold (of ID), and ID's canonical id and referents (its cluster).\n", NULL,
     false},
    {"graph", cmd_graph,
     "oversight graph ID [--format svg|dot] [--depth N] [--max-nodes N] [-o FILE] [--as-of DATE]\n"
     "  A Graphviz picture of the ownership and control neighbourhood (default svg, depth 3,\n"
     "  at most 300 nodes).\n", "svg,dot", true},
};


static void usage(FILE *out)
{
    fprintf(out,
            "usage: oversight [--db PATH] [--format text|json] COMMAND [ARGS]\n\n"
            "commands:\n"
            "  init       create or migrate the store\n"
            "  copy       copy a whole record between stores (SQLite, PostgreSQL)\n"
            "  load       load FtM entities, deltas or statements\n"
            "  validate   check files without loading\n"
            "  export     write the record as FtM entities, deltas, statements or BODS\n"
            "  model      the data model in FtM's model.json format\n"
            "  get        show one entity with its citations\n"
            "  search     full-text search\n"
            "  history    what changed, when, for one entity\n"
            "  stats      counts\n"
            "  import     map BODS packages or GLEIF files to FtM and load them\n"
            "  exposure   which legal obligations reach an entity, and why\n"
            "  deployments where suppliers' technology is deployed, and what binds them\n"
            "  report     a company dossier with footnotes (Markdown or HTML)\n"
            "  match      ranked candidates for a name, with explanations\n"
            "  screen     screen a vendor list (CSV)\n"
            "  load-csl   load a US Consolidated Screening List CSV\n"
            "  serve      the HTTP API and web interface\n"
            "  token      API tokens for writes through the server\n"
            "  assess     answers under an indicator framework, with their citations\n"
            "  scores     indicator, category and total scores\n"
            "  owners     who owns an entity, through any chain\n"
            "  controllers who controls an entity, and how much the state holds\n"
            "  control    entities controlled by a list of seeds under the OFAC, EU or UK rule\n"
            "  typology   the company typology with its evidence\n"
            "  graph      a picture of the ownership and control neighbourhood\n"
            "  xref       candidate pairs that may be one entity\n"
            "  resolve    judge two entities the same, different or unsure\n"
            "  judgements the judgements that hold, canonical ids and referents\n\n"
            "--db defaults to $OVERSIGHT_DB, else ./oversight.db. `oversight COMMAND --help` for details.\n"
            "exit codes: 0 ok, 1 invalid input data, 2 usage, 3 not found, 4 store or I/O error, 5 internal\n");
}

/* roff text: backslashes and leading dots or quotes made literal. */
static void roff(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((i == 0 || s[i - 1] == '\n') && (s[i] == '.' || s[i] == '\'')) fputs("\\&", out);
        if (s[i] == '\\') fputs("\\e", out);
        else if (s[i] == '-') fputs("\\-", out);
        else fputc(s[i], out);
    }
}

/* The man page oversight(1), from the same table as --help (installed by make install). */
static void man_page(FILE *out)
{
    fprintf(out, ".TH OVERSIGHT 1 \"\" \"oversight %s\" \"User Commands\"\n.SH NAME\n"
                 "oversight \\- a sourced record of the surveillance industry, and its analyses\n"
                 ".SH SYNOPSIS\n.B oversight\n[\\-\\-db PATH] [\\-\\-format text|json] COMMAND [ARGS]\n"
                 ".SH DESCRIPTION\nOversight keeps a sourced record in the FollowTheMoney model: every fact is a "
                 "statement with its citation and status, nothing is overwritten. Its analyses (ownership, control, "
                 "the company typology, legal exposure, indicators, screening) answer with the rule they applied, "
                 "the status of their weakest evidence and every citation.\n.SH COMMANDS\n",
            ov_version());
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const char *u = commands[i].usage;
        fprintf(out, ".SS %s\n.nf\n", commands[i].name);
        roff(out, u, strlen(u));
        fputs(".fi\n", out);
    }
    fputs(".SH ENVIRONMENT\n.TP\n.B OVERSIGHT_DB\nthe store when \\-\\-db is not given (else ./oversight.db)\n"
          ".TP\n.B OV_GRAPH_SNAPSHOT\n0 turns off the ownership graph kept beside a large store\n"
          ".SH EXIT STATUS\n0 success, 1 invalid input data, 2 usage error, 3 not found, 4 store or I/O error, "
          "5 out of memory or internal error.\n.SH SEE ALSO\nThe README and docs/ of the source tree.\n",
          out);
}

/* A bash completion script: the commands, then each one's options (from its usage). */
static void completion(FILE *out)
{
    fputs("# bash completion for oversight (generated by `oversight --completion`)\n"
          "_oversight() {\n  local cur=${COMP_WORDS[COMP_CWORD]} cmd=\"\" w\n"
          "  for w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do case $w in -*) ;; *) cmd=$w; break ;; esac; done\n"
          "  case $cmd in\n    \"\") COMPREPLY=($(compgen -W \"",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) fprintf(out, "%s%s", i ? " " : "", commands[i].name);
    fputs(" --db --format --help --version\" -- \"$cur\")) ;;\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "    %s) COMPREPLY=($(compgen -W \"", commands[i].name);
        /* every --option the usage names, once */
        const char *u = commands[i].usage;
        int n = 0;
        for (const char *p = strstr(u, "--"); p; p = strstr(p + 2, "--")) {
            size_t len = 2;
            while ((p[len] >= 'a' && p[len] <= 'z') || p[len] == '-') len++;
            if (len <= 2) continue;
            bool seen = false;
            for (const char *q = strstr(u, "--"); q && q < p && !seen; q = strstr(q + 2, "--"))
                seen = !strncmp(q, p, len) && !((q[len] >= 'a' && q[len] <= 'z') || q[len] == '-');
            if (!seen) fprintf(out, "%s%.*s", n++ ? " " : "", (int)len, p);
        }
        static const char *const common[] = {"--db", "--format", "--help"};
        for (int k = 0; k < 3; k++)
            if (!strstr(u, common[k])) fprintf(out, "%s%s", n++ ? " " : "", common[k]);
        fputs("\" -- \"$cur\") $(compgen -f -- \"$cur\")) ;;\n", out);
    }
    fputs("  esac\n}\ncomplete -o filenames -F _oversight oversight\n", out);
}

int main(int argc, char **argv)
{
    cli c = {0};
    c.db = getenv("OVERSIGHT_DB");
    if (!c.db || !*c.db) c.db = "oversight.db";
    c.argv = calloc((size_t)argc + 1, sizeof(char *));
    if (!c.argv) return EXIT_INTERNAL;
    for (int i = 1; i < argc; i++) c.argv[c.argc++] = argv[i];

    const char *db = cli_take_opt(&c, "--db");
    if (db) c.db = db;
    const char *fmt = cli_take_opt(&c, "--format");
    c.format = fmt ? fmt : "text";
    c.json = strcmp(c.format, "json") == 0;
    if (cli_take_flag(&c, "--man")) {
        man_page(stdout);
        free(c.argv);
        return EXIT_OK;
    }
    if (cli_take_flag(&c, "--completion")) {
        completion(stdout);
        free(c.argv);
        return EXIT_OK;
    }
    if (cli_take_flag(&c, "--version")) {
        printf("oversight %s\n", ov_version());
        free(c.argv);
        return EXIT_OK;
    }
    bool help = cli_take_flag(&c, "--help") || cli_take_flag(&c, "-h");
    if (c.argc == 0 || (strcmp(c.argv[0], "help") == 0 && c.argc == 1)) {
        usage(help || c.argc ? stdout : stderr);
        free(c.argv);
        return help || c.argc ? EXIT_OK : EXIT_USAGE;
    }
    const command *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, c.argv[0]) == 0) cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "oversight: unknown command '%s'\n\n", c.argv[0]);
        usage(stderr);
        free(c.argv);
        return EXIT_USAGE;
    }
    /* text and json everywhere; some commands take more (typology md, graph svg) */
    if (strcmp(c.format, "text") != 0 && !c.json && !format_allowed(cmd->formats, c.format)) {
        fprintf(stderr, "oversight %s: --format must be text or json%s%s\n", cmd->name,
                cmd->formats ? " or one of " : "", cmd->formats ? cmd->formats : "");
        free(c.argv);
        return EXIT_USAGE;
    }
    if (c.json && cmd->no_json) {
        fprintf(stderr, "oversight %s: there is no JSON form; --format must be %s\n", cmd->name, cmd->formats);
        free(c.argv);
        return EXIT_USAGE;
    }
    if (help) {
        fputs(cmd->usage, stdout);
        free(c.argv);
        return EXIT_OK;
    }
    c.argv++;
    c.argc--;
    c.cmd = cmd->name;
    char err[512];
    int rc = ov_model_load_default(&c.model, err, sizeof err);
    if (rc) {
        fprintf(stderr, "oversight: cannot load the model: %s\n", err);
        free(c.argv - 1);
        return EXIT_INTERNAL;
    }
    int code = cmd->run(&c);
    ov_model_free(c.model);
    free(c.argv - 1);
    return code;
}
