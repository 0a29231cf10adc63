/* test_imports.c - the BODS and GLEIF importers: real mappings from the
 * fixtures (tests/fixtures/bods, tests/fixtures/gleif), rejections with
 * reasons, and nothing written when a package is invalid. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "oversight/imports.h"

#include "tmpstore.h"

static void setup(void) { tmpstore_setup("imports"); }
static void teardown(void) { tmpstore_teardown(); }

static const char *fixture(const char *rel)
{
    static char path[1024];
    const char *dir = getenv("OV_FIXTURES");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/fixtures", rel);
    return path;
}

/* Collects error messages for checks. */
typedef struct errs {
    int n;
    long last_line;
    char text[4096];
} errs;

static void on_error(const char *file, long line, const char *msg, void *ud)
{
    (void)file;
    errs *e = ud;
    e->n++;
    e->last_line = line;
    size_t len = strlen(e->text);
    snprintf(e->text + len, sizeof e->text - len, "%ld: %s\n", line, msg);
}

enum { BODS, GLEIF };

static int import(ov_store *st, int which, const char *rel, bool skip, errs *e, ov_ingest_stats *s)
{
    FILE *in = fopen(fixture(rel), "rb");
    CHECK(in != NULL);
    if (!in) return OV_EIO;
    ov_ingest_opts o = {.skip_invalid = skip, .on_error = on_error, .ud = e};
    int rc = which == BODS ? ov_import_bods(st, M, rel, in, &o, s)
                           : ov_import_gleif(st, M, rel, in, OV_GLEIF_AUTO, &o, s);
    fclose(in);
    return rc;
}

/* The current value of prop on entity id ("" when none; NULL when no entity). */
static char value_buf[1024];
static const char *val(ov_store *st, const char *id, const char *prop)
{
    ov_entity *e = NULL;
    if (ov_store_get(st, id, 0, &e) != OV_OK) return NULL;
    value_buf[0] = '\0';
    for (size_t i = 0; i < e->n_stmts; i++)
        if (strcmp(e->stmts[i].prop, prop) == 0 && e->stmts[i].status != OV_ST_RETRACTED) {
            snprintf(value_buf, sizeof value_buf, "%s", e->stmts[i].value);
            break;
        }
    ov_entity_free(e);
    return value_buf;
}

/* True when entity id has prop = value. */
static bool has(ov_store *st, const char *id, const char *prop, const char *value)
{
    ov_entity *e = NULL;
    if (ov_store_get(st, id, 0, &e) != OV_OK) return false;
    bool found = false;
    for (size_t i = 0; i < e->n_stmts; i++)
        if (!strcmp(e->stmts[i].prop, prop) && !strcmp(e->stmts[i].value, value)) found = true;
    ov_entity_free(e);
    return found;
}

static const char *schema_of(ov_store *st, const char *id)
{
    static char buf[64];
    ov_entity *e = NULL;
    if (ov_store_get(st, id, 0, &e) != OV_OK) return "(none)";
    snprintf(buf, sizeof buf, "%s", e->schema);
    ov_entity_free(e);
    return buf;
}

/* Counts entities of a schema. */
typedef struct count { const char *schema; int n; } count;
static int count_cb(const ov_entity *e, void *ud)
{
    count *c = ud;
    if (!c->schema || !strcmp(e->schema, c->schema)) c->n++;
    return 0;
}
static int n_of(ov_store *st, const char *schema)
{
    count c = {schema, 0};
    ov_store_scan(st, count_cb, &c);
    return c.n;
}

/* ---- BODS ------------------------------------------------------------------- */

static void test_bods_state_owned(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e = {0};
    ov_ingest_stats s;
    CHECK_EQ_INT(import(st, BODS, "bods/bods-package-fi-soe.json", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.records, 9);
    CHECK_EQ_INT(s.entities, 11); /* 4 nodes, 5 interests, 2 gov.soe marks */
    CHECK_EQ_INT(e.n, 0);
    /* the Republic of Finland and its ministry are public bodies */
    CHECK_EQ_STR(schema_of(st, "bods-05ce06ec97b1"), "PublicBody");
    CHECK(has(st, "bods-05ce06ec97b1", "topics", "gov.national"));
    CHECK_EQ_STR(schema_of(st, "bods-7ff95ba3682c"), "PublicBody");
    CHECK(has(st, "bods-7ff95ba3682c", "topics", "gov"));
    CHECK(has(st, "bods-7ff95ba3682c", "alias", "Finansministeriet"));
    /* the ministry owns 23.5% of Gasgrid directly */
    const char *own = "bods-10643ee6d6fa-shareholding";
    CHECK_EQ_STR(schema_of(st, own), "Ownership");
    CHECK_EQ_STR(val(st, own, "owner"), "bods-7ff95ba3682c");
    CHECK_EQ_STR(val(st, own, "asset"), "bods-19f1c5afe9d7");
    CHECK_EQ_STR(val(st, own, "percentage"), "23.5%");
    CHECK_EQ_STR(val(st, own, "ownershipType"), "shareholding");
    CHECK_EQ_STR(val(st, own, "startDate"), "2020-01-01");
    /* the state's 100% is declared indirect */
    CHECK_EQ_STR(val(st, "bods-e8ddaee2a7a4-shareholding", "ownershipType"), "shareholding (indirect)");
    CHECK_EQ_STR(val(st, "bods-e8ddaee2a7a4-shareholding", "percentage"), "100%");
    /* state-owned enterprises */
    CHECK(has(st, "bods-19f1c5afe9d7", "topics", "gov.soe"));
    CHECK(has(st, "bods-0199c515a699", "topics", "gov.soe"));
    CHECK_EQ_STR(schema_of(st, "bods-19f1c5afe9d7"), "Company");
    CHECK_EQ_STR(val(st, "bods-19f1c5afe9d7", "registrationNumber"), "3007894-1");
    CHECK_EQ_STR(val(st, "bods-19f1c5afe9d7", "jurisdiction"), "fi");
    /* the state's other influence over the ministry is Control */
    CHECK_EQ_STR(schema_of(st, "bods-324d0f570675-otherInfluenceOrControl"), "Control");
    CHECK_EQ_STR(val(st, "bods-324d0f570675-otherInfluenceOrControl", "controlType"), "other");
    /* every statement cites the package and the BODS statementId */
    ov_entity *ent = NULL;
    CHECK_EQ_INT(ov_store_get(st, own, 0, &ent), OV_OK);
    if (ent) {
        CHECK(ent->n_stmts > 0);
        for (size_t i = 0; i < ent->n_stmts; i++) {
            CHECK_EQ_STR(ent->stmts[i].source, "bods/bods-package-fi-soe.json");
            CHECK_EQ_STR(ent->stmts[i].locator, "xregi-oocs-00007980570744606044606");
            CHECK_EQ_STR(ent->stmts[i].dataset, "bods");
        }
        ov_entity_free(ent);
    }
    ov_store_close(st);
}

static void test_bods_joint_and_indirect(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e = {0};
    ov_ingest_stats s;
    CHECK_EQ_INT(import(st, BODS, "bods/joint-ownership.json", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 7);
    /* the joint shareholding arrangement owns 100%, each person half of it */
    CHECK_EQ_STR(schema_of(st, "bods-91b4236a7d89"), "LegalEntity");
    CHECK_EQ_STR(val(st, "bods-2670f25aee62-shareholding", "percentage"), "100%");
    CHECK_EQ_STR(val(st, "bods-a86c50f8b3dd-shareholding", "owner"), "bods-1accb8b18b99");
    CHECK_EQ_STR(val(st, "bods-a86c50f8b3dd-shareholding", "asset"), "bods-91b4236a7d89");
    CHECK_EQ_STR(val(st, "bods-a86c50f8b3dd-shareholding", "percentage"), "50%");
    CHECK_EQ_STR(val(st, "bods-b391a41da07e-shareholding", "percentage"), "50%");
    CHECK_EQ_INT(n_of(st, "Ownership"), 3);
    CHECK_EQ_INT(n_of(st, "Person"), 2);

    /* an indirect chain: person -> C and D (unknown interests) -> B (50% each);
     * the person's 60% of B is declared indirect */
    CHECK_EQ_INT(import(st, BODS, "bods/multiple-indirect-ownership.json", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 9);
    CHECK_EQ_STR(val(st, "bods-40b9a74c70c4-shareholding", "owner"), "bods-d177864a8b39");
    CHECK_EQ_STR(val(st, "bods-40b9a74c70c4-shareholding", "percentage"), "50%");
    CHECK_EQ_STR(schema_of(st, "bods-e351a9247e22-unknownInterest"), "UnknownLink");
    CHECK_EQ_STR(val(st, "bods-e351a9247e22-unknownInterest", "subject"), "bods-92ebf964a1f6");
    CHECK_EQ_STR(val(st, "bods-e351a9247e22-unknownInterest", "object"), "bods-d177864a8b39");
    CHECK_EQ_STR(val(st, "bods-8af302e17272-shareholding", "ownershipType"), "shareholding (indirect)");
    CHECK_EQ_STR(val(st, "bods-8af302e17272-shareholding", "percentage"), "60%");
    ov_store_close(st);
}

static void test_bods_ranges_voting_board(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e = {0};
    ov_ingest_stats s;
    /* minimum 25, exclusiveMaximum 50 for both shares and votes; a PEP */
    CHECK_EQ_INT(import(st, BODS, "bods/simple-pep-declaration.json", false, &e, &s), OV_OK);
    CHECK_EQ_STR(val(st, "bods-b317970cb37c-shareholding", "percentage"), "25-50%");
    CHECK_EQ_STR(schema_of(st, "bods-b317970cb37c-votingRights"), "Control");
    CHECK_EQ_STR(val(st, "bods-b317970cb37c-votingRights", "controlType"), "voting");
    CHECK_EQ_STR(val(st, "bods-b317970cb37c-votingRights", "summary"),
                 "BODS votingRights, direct, beneficial ownership or control, share at least 25% and less than 50%");
    CHECK(has(st, "bods-c9ceb68d7241", "topics", "role.pep"));

    /* BODS 0.2: appointment of board, a range with exclusive flags, indirect votes */
    CHECK_EQ_INT(import(st, BODS, "bods/bods-0.2-sample.json", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.records, 5);
    CHECK_EQ_INT(s.entities, 8);
    const char *app = "bods-oversight-test-oocs-0001-appointmentOfBoard";
    CHECK_EQ_STR(schema_of(st, app), "Control");
    CHECK_EQ_STR(val(st, app, "controlType"), "appointment");
    CHECK_EQ_STR(val(st, app, "controller"), "bods-oversight-test-ps-0001");
    CHECK_EQ_STR(val(st, app, "controlled"), "bods-oversight-test-es-0001");
    CHECK_EQ_STR(val(st, "bods-oversight-test-oocs-0001-shareholding", "percentage"), "25-50%");
    CHECK(has(st, "bods-oversight-test-oocs-0002-votingRights", "controlType", "indirect"));
    CHECK(has(st, "bods-oversight-test-oocs-0002-votingRights", "controlType", "voting"));
    CHECK(has(st, "bods-oversight-test-es-0001", "topics", "gov.soe")); /* a state body holds 51% */
    CHECK_EQ_STR(schema_of(st, "bods-oversight-test-es-0002"), "PublicBody");

    /* board chair, record updates (recordStatus updated replaces), nominees, trusts */
    CHECK_EQ_INT(import(st, BODS, "bods/tecido.json", false, &e, &s), OV_OK);
    CHECK_EQ_STR(schema_of(st, "bods-022EBEB66B-boardChair"), "Directorship");
    CHECK_EQ_STR(val(st, "bods-022EBEB66B-boardChair", "role"), "boardChair");
    CHECK_EQ_STR(val(st, "bods-022EBEB66B-shareholding", "percentage"), "30%"); /* the last update */
    CHECK(!has(st, "bods-022EBEB66B-shareholding", "percentage", "100%"));
    CHECK_EQ_INT(import(st, BODS, "bods/nomination.json", false, &e, &s), OV_OK);
    CHECK_EQ_STR(val(st, "bods-106AB1984A-nominee", "controlType"), "nominee");
    CHECK(has(st, "bods-108AC1984E-otherInfluenceOrControl", "controlType", "indirect"));
    CHECK_EQ_INT(import(st, BODS, "bods/levent.json", false, &e, &s), OV_OK);
    CHECK_EQ_STR(val(st, "bods-ee2a8c79-settlor", "controlType"), "trust");
    CHECK(strstr(val(st, "bods-81337a6e", "notes"), "interestedPartyExemptFromDisclosure") != NULL);
    /* no interested party: the reason stays on the subject */
    CHECK_EQ_INT(import(st, BODS, "bods/listed-company-exempt-from-disclosure.json", false, &e, &s), OV_OK);
    CHECK(strstr(val(st, "bods-4c7ea3bfbe6c", "notes"), "subjectExemptFromDisclosure") != NULL);
    CHECK_EQ_INT(e.n, 0);
    ov_store_close(st);
}

static void test_bods_invalid(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e = {0};
    ov_ingest_stats s;
    CHECK_EQ_INT(import(st, BODS, "bods/bods-invalid-share.json", false, &e, &s), OV_EINVAL);
    CHECK_EQ_INT(e.n, 1);
    CHECK_EQ_INT(s.rejected, 1);
    CHECK(strstr(e.text, "statement 7 (xregi-oocs-00007980570744606044606)") != NULL);
    CHECK(strstr(e.text, "123.5, outside 0..100") != NULL);
    CHECK(e.last_line > 200); /* the line where statement 7 starts */
    CHECK_EQ_INT(n_of(st, NULL), 0); /* nothing written */

    errs e2 = {0};
    CHECK_EQ_INT(import(st, BODS, "bods/bods-invalid.jsonl", false, &e2, &s), OV_EINVAL);
    CHECK_EQ_INT(e2.n, 3);
    CHECK(strstr(e2.text, "3: statement 3 (xregi-es-00001461827397290944606): unknown recordType 'organisation'") != NULL);
    CHECK(strstr(e2.text, "4: statement 4 (xregi-es-00000683117111100044606): no recordId") != NULL);
    CHECK(strstr(e2.text, "share minimum 60 is above the maximum 40") != NULL);
    CHECK_EQ_INT(n_of(st, NULL), 0);

    /* --skip-invalid loads the rest */
    errs e3 = {0};
    CHECK_EQ_INT(import(st, BODS, "bods/bods-invalid.jsonl", true, &e3, &s), OV_OK);
    CHECK_EQ_INT(s.rejected, 3);
    CHECK_EQ_INT(s.entities, 6);
    CHECK_EQ_INT(n_of(st, NULL), 6);
    ov_store_close(st);

    /* validation without a store; text that is not BODS */
    const char *bad[] = {"", "[1]", "{\"a\":1}\n", "[{\"recordType\":\"entity\"}]", "[{]", "nonsense",
                         "[{\"statementId\":\"s\",\"recordId\":\"r\",\"recordType\":\"relationship\","
                         "\"recordDetails\":{\"subject\":\"x\",\"interestedParty\":\"y\",\"interests\":"
                         "[{\"type\":\"shareholding\",\"share\":{\"exact\":\"50\"}}]}}]",
                         "[{\"statementId\":\"s\",\"recordId\":\"r\",\"recordType\":\"relationship\","
                         "\"recordDetails\":{\"subject\":\"x\",\"interestedParty\":\"y\",\"interests\":"
                         "[{\"type\":\"ownsABit\"}]}}]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *in = fmemopen((void *)bad[i], strlen(bad[i]) ? strlen(bad[i]) : 1, "rb");
        ov_ingest_opts o = {0};
        int rc = ov_import_bods(NULL, M, "mem", in, &o, &s);
        if (i == 0) CHECK_EQ_INT(rc, OV_EINVAL); /* a NUL byte */
        else CHECK_EQ_INT(rc, OV_EINVAL);
        fclose(in);
    }
}

/* ---- GLEIF --------------------------------------------------------------- */

static void test_gleif_lei(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e = {0};
    ov_ingest_stats s;
    CHECK_EQ_INT(import(st, GLEIF, "gleif/lei-data.xml", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.records, 13);
    CHECK_EQ_INT(s.entities, 13);
    CHECK_EQ_INT(e.n, 0);
    const char *id = "lei-001GPB6A9XPE8XJICC14";
    CHECK_EQ_STR(schema_of(st, id), "Company");
    CHECK_EQ_STR(val(st, id, "name"), "Fidelity Advisor Leveraged Company Stock Fund");
    CHECK_EQ_STR(val(st, id, "leiCode"), "001GPB6A9XPE8XJICC14");
    CHECK_EQ_STR(val(st, id, "registrationNumber"), "S000005113");
    CHECK_EQ_STR(val(st, id, "jurisdiction"), "us");
    CHECK(has(st, id, "topics", "fin.fund"));
    CHECK(has(st, id, "previousName", "FIDELITY ADVISOR SERIES I - Fidelity Advisor Leveraged Company Stock Fund"));
    CHECK(has(st, id, "address", "245 SUMMER STREET, BOSTON, US-MA, 02210, US"));
    CHECK_EQ_STR(val(st, id, "incorporationDate"), "2012-11-29");
    ov_store_close(st);

    /* the golden-copy CSV gives the same entities */
    st = new_store();
    if (!st) return;
    CHECK_EQ_INT(import(st, GLEIF, "gleif/lei-data.csv", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 13);
    CHECK_EQ_INT(n_of(st, "Company"), 13);
    CHECK_EQ_STR(val(st, "lei-004L5FPTUREIWK9T2N63", "name"), "Hutchin Hill Capital, LP");
    CHECK_EQ_STR(val(st, "lei-004L5FPTUREIWK9T2N63", "registrationNumber"), "4386463");
    CHECK_EQ_STR(val(st, "lei-004L5FPTUREIWK9T2N63", "legalForm"), "ELF T91T");
    CHECK_EQ_INT(e.n, 0);
    ov_store_close(st);
}

static void test_gleif_rr_repex(void)
{
    ov_store *st = new_store();
    if (!st) return;
    errs e = {0};
    ov_ingest_stats s;
    CHECK_EQ_INT(import(st, GLEIF, "gleif/rr-updates-data2.xml", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 11);
    /* accounting consolidation is Control, never Ownership */
    CHECK_EQ_INT(n_of(st, "Ownership"), 0);
    const char *rel = "lei-097900BHF50000076475-is_directly_consolidated_by-549300JB1P61FUTPEZ75";
    CHECK_EQ_STR(schema_of(st, rel), "Control");
    CHECK_EQ_STR(val(st, rel, "controlType"), "accounting-consolidation-direct");
    CHECK_EQ_STR(val(st, rel, "legalBasis"), "GLEIF RR-CDF IS_DIRECTLY_CONSOLIDATED_BY");
    CHECK_EQ_STR(val(st, rel, "controller"), "lei-549300JB1P61FUTPEZ75"); /* the parent */
    CHECK_EQ_STR(val(st, rel, "controlled"), "lei-097900BHF50000076475");
    CHECK_EQ_STR(val(st, rel, "startDate"), "2022-10-24");
    CHECK(strstr(val(st, rel, "summary"), "ACCOUNTING_PERIOD 2022-01-01 to 2022-12-31") != NULL);
    const char *ult = "lei-2138002YAB7Z9KO21397-is_ultimately_consolidated_by-984500501A1B1045PB30";
    CHECK_EQ_STR(val(st, ult, "controlType"), "accounting-consolidation-ultimate");
    CHECK_EQ_STR(val(st, ult, "percentage"), ""); /* a consolidation percentage is no share */
    CHECK(strstr(val(st, ult, "summary"), "ACCOUNTING_CONSOLIDATION 100.00 PERCENTAGE") != NULL);
    CHECK_EQ_STR(val(st, "lei-097900BEJX0000002337-is_fund-managed_by-097900BHF50000076475", "controlType"),
                 "fund-management");
    ov_store_close(st);

    st = new_store();
    if (!st) return;
    CHECK_EQ_INT(import(st, GLEIF, "gleif/rr-data.csv", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 10);
    CHECK_EQ_INT(n_of(st, "Ownership"), 0);
    CHECK_EQ_INT(n_of(st, "UnknownLink"), 3); /* IS_SUBFUND_OF */
    CHECK_EQ_STR(val(st, "lei-001GPB6A9XPE8XJICC14-is_subfund_of-C7J4FOV6ELAVE39B7M82", "role"),
                 "subfund of umbrella fund");
    CHECK_EQ_STR(val(st, "lei-001GPB6A9XPE8XJICC14-is_fund-managed_by-5493001Z012YSB2A0K51", "startDate"), "2012-11-29");
    /* the XML gives the same relationships */
    CHECK_EQ_INT(import(st, GLEIF, "gleif/rr-data.xml", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 10);
    CHECK_EQ_INT(n_of(st, NULL), 10);
    /* a deleted relationship record retires the entity */
    const char *gone = "lei-98450051BS9C610A8T78-is_ultimately_consolidated_by-984500501A1B1045PB30";
    CHECK_EQ_INT(import(st, GLEIF, "gleif/rr-updates-data2.xml", false, &e, &s), OV_OK);
    CHECK_EQ_STR(schema_of(st, gone), "Control");
    CHECK_EQ_INT(import(st, GLEIF, "gleif/rr-updates-data2-new.xml", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.load.deleted_entities, 1);
    CHECK_EQ_STR(schema_of(st, gone), "(none)");

    /* reporting exceptions stay on the child entity, with category and reason */
    CHECK_EQ_INT(import(st, GLEIF, "gleif/lei-data.xml", false, &e, &s), OV_OK);
    CHECK_EQ_INT(import(st, GLEIF, "gleif/repex-data.xml", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 10);
    CHECK_EQ_STR(schema_of(st, "lei-004L5FPTUREIWK9T2N63"), "Company");
    CHECK_EQ_STR(val(st, "lei-004L5FPTUREIWK9T2N63", "notes"),
                 "GLEIF reporting exception: DIRECT_ACCOUNTING_CONSOLIDATION_PARENT: NON_CONSOLIDATING");
    CHECK_EQ_STR(val(st, "lei-004L5FPTUREIWK9T2N63", "name"), "Hutchin Hill Capital, LP");
    CHECK_EQ_INT(import(st, GLEIF, "gleif/repex-data.csv", false, &e, &s), OV_OK);
    CHECK_EQ_INT(s.entities, 10);
    CHECK_EQ_STR(val(st, "lei-001GPB6A9XPE8XJICC14", "notes"),
                 "GLEIF reporting exception: DIRECT_ACCOUNTING_CONSOLIDATION_PARENT: NO_KNOWN_PERSON");
    CHECK_EQ_INT(e.n, 0);
    ov_store_close(st);
}

static void test_gleif_invalid(void)
{
    static const char *const bad[] = {
        /* a DTD with entities: refused, not expanded */
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><LEIData><LEIRecords>"
        "<LEIRecord><LEI>&a;</LEI></LEIRecord></LEIRecords></LEIData>",
        "<LEIData><LEIRecords><LEIRecord><LEI>001GPB6A9XPE8XJICC15</LEI><Entity><LegalName>X</LegalName>"
        "</Entity></LEIRecord></LEIRecords></LEIData>", /* bad check digits */
        "<LEIData><LEIRecords><LEIRecord><LEI>001GPB6A9XPE8XJICC14</LEI></LEIRecord>", /* no name, truncated */
        "<Other/>",
        "<RelationshipData><RelationshipRecords><RelationshipRecord><Relationship><StartNode><NodeID>"
        "001GPB6A9XPE8XJICC14</NodeID></StartNode></Relationship></RelationshipRecord></RelationshipRecords>"
        "</RelationshipData>",
        "LEI,ExceptionCategory,ExceptionReason\n001GPB6A9XPE8XJICC14,SOMETHING_ELSE,NO_LEI\n",
        "a,b\n1,2\n",
    };
    static const char *const why[] = {"DTD", "not an LEI", "no Entity.LegalName", "root element <Other>",
                                      "EndNode", "unknown ExceptionCategory", "not a GLEIF golden-copy CSV"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *in = fmemopen((void *)bad[i], strlen(bad[i]), "rb");
        errs e = {0};
        ov_ingest_opts o = {.on_error = on_error, .ud = &e};
        ov_ingest_stats s;
        CHECK_EQ_INT(ov_import_gleif(NULL, M, "mem", in, OV_GLEIF_AUTO, &o, &s), OV_EINVAL);
        if (!strstr(e.text, why[i])) fprintf(stderr, "case %zu: %s", i, e.text);
        CHECK(strstr(e.text, why[i]) != NULL);
        fclose(in);
    }
    /* the kind asked for must be the kind found */
    FILE *in = fopen(fixture("gleif/repex-data.xml"), "rb");
    errs e = {0};
    ov_ingest_opts o = {.on_error = on_error, .ud = &e};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_import_gleif(NULL, M, "repex", in, OV_GLEIF_RR, &o, &s), OV_EINVAL);
    CHECK(strstr(e.text, "RR-CDF file was expected") != NULL);
    fclose(in);
    CHECK_EQ_INT(ov_gleif_kind_parse("rr"), OV_GLEIF_RR);
    CHECK_EQ_INT(ov_gleif_kind_parse("x"), -1);
}

static void run_all(void)
{
    setup();
    test_bods_state_owned();
    test_bods_joint_and_indirect();
    test_bods_ranges_voting_board();
    test_bods_invalid();
    test_gleif_lei();
    test_gleif_rr_repex();
    test_gleif_invalid();
    teardown();
}

TEST_MAIN(run_all)
