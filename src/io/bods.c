/*
 * bods.c - imports Beneficial Ownership Data Standard packages into FtM.
 *
 * BODS 0.4 statements (recordType entity | person | relationship, keyed by
 * recordId) and BODS 0.2/0.3 statements (statementType entityStatement |
 * personStatement | ownershipOrControlStatement, keyed by statementID) become
 * Company / Organization / PublicBody / LegalEntity / Person entities and one
 * interest entity per BODS interest: Ownership (shareholding and other
 * economic rights, percentage "76.5%" or "25-50%"), Control (voting rights,
 * board appointment, other influence, trusts, nominees ...), Directorship
 * (board member or chair) or UnknownLink. docs/internals/imports.md has the
 * full table. Every statement cites the package (source) and the BODS
 * statementId (locator).
 *
 * A JSON array is read whole (bounded) and walked twice: first to learn what
 * each record is (so a state's shareholding can mark its subject gov.soe
 * whatever the order), then to map. JSON lines are read one statement at a
 * time. Invalid statements are rejected with file, line, index and reason.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "bods_check.h"
#include "import_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/json_check.h"
#include "../util/banned.h"

#define BODS_MAX_PACKAGE ((size_t)256 << 20)
#define BODS_DEFAULT_MAX_LINE ((size_t)16 << 20)
#define BODS_MAX_DEPTH 24

/* What a record is, as far as relationships need to know. */
enum { K_NONE = 0, K_PERSON, K_COMPANY, K_ORG, K_LEGAL, K_STATE, K_STATEBODY };

static const char *kind_schema(int k)
{
    switch (k) {
    case K_PERSON: return "Person";
    case K_COMPANY: return "Company";
    case K_ORG: return "Organization";
    case K_STATE:
    case K_STATEBODY: return "PublicBody";
    default: return "LegalEntity";
    }
}

typedef struct bods {
    imp im;
    ov_hmap kinds;      /* record key -> K_* */
    ov_hmap sids;       /* statementId -> the statement number that had it first */
    long index;         /* statement number, 1-based */
} bods;

/* ---- small JSON helpers --------------------------------------------------- */

static const cJSON *jget(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = jget(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The string a key names, treating "" as absent. */
static const char *jstrz(const cJSON *o, const char *k)
{
    const char *s = jstr(o, k);
    return s && *s ? s : NULL;
}

static bool jtrue(const cJSON *o, const char *k) { return cJSON_IsTrue(jget(o, k)); }

/* ---- ids ------------------------------------------------------------------ */

/* The FtM id for a BODS record key: "bods-KEY" when that is a valid id, else
 * "bods-h" and a hash of the key. out holds at least 224 bytes. */
static void node_id(const char *key, char *out, size_t n)
{
    snprintf(out, n, "bods-%s", key);
    if (strlen(key) <= 190 && ov_model_valid_id(out, strlen(out))) return;
    snprintf(out, n, "bods-h%016llx", (unsigned long long)ov_hmap_hash(key, strlen(key)));
}

/* ---- share -------------------------------------------------------------- */

typedef struct share {
    bool has_exact, has_min, has_max, min_excl, max_excl;
    double exact, min, max;
} share;

static void fmt_num(double v, char *out, size_t n) { snprintf(out, n, "%.6g", v); }

/* Reads interest.share; rejects values that are not numbers in 0..100 or a
 * minimum above the maximum. */
static int read_share(bods *b, const cJSON *js, share *sh)
{
    memset(sh, 0, sizeof *sh);
    if (!js || cJSON_IsNull(js)) return OV_OK;
    if (!cJSON_IsObject(js)) return imp_reject(&b->im, "interest \"share\" must be an object");
    static const char *const keys[] = {"exact", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"};
    for (int i = 0; i < 5; i++) {
        const cJSON *v = jget(js, keys[i]);
        if (!v || cJSON_IsNull(v)) continue;
        if (cJSON_IsBool(v) && (i == 2 || i == 4)) {
            /* BODS 0.2: a flag saying the minimum/maximum is exclusive */
            if (i == 2) sh->min_excl = cJSON_IsTrue(v);
            else sh->max_excl = cJSON_IsTrue(v);
            continue;
        }
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
            return imp_reject(&b->im, "share \"%s\" must be a number", keys[i]);
        double d = v->valuedouble;
        if (d < 0 || d > 100)
            return imp_reject(&b->im, "share \"%s\" is %g, outside 0..100 percent", keys[i], d);
        switch (i) {
        case 0: sh->has_exact = true; sh->exact = d; break;
        case 1: case 2:
            if (!sh->has_min || d > sh->min) sh->min = d;
            sh->has_min = true;
            sh->min_excl = sh->min_excl || i == 2;
            break;
        default:
            if (!sh->has_max || d < sh->max) sh->max = d;
            sh->has_max = true;
            sh->max_excl = sh->max_excl || i == 4;
        }
    }
    if (sh->has_min && sh->has_max && sh->min > sh->max)
        return imp_reject(&b->im, "share minimum %g is above the maximum %g", sh->min, sh->max);
    if (sh->has_exact && ((sh->has_min && sh->exact < sh->min) || (sh->has_max && sh->exact > sh->max)))
        return imp_reject(&b->im, "share exact %g lies outside its minimum/maximum", sh->exact);
    return OV_OK;
}

/* "76.5%", "25-50%", "25-100%" (a minimum only), "0-50%" (a maximum only). */
static bool share_text(const share *sh, char *out, size_t n)
{
    char a[32], z[32];
    if (sh->has_exact) {
        fmt_num(sh->exact, a, sizeof a);
        snprintf(out, n, "%s%%", a);
        return true;
    }
    if (!sh->has_min && !sh->has_max) return false;
    fmt_num(sh->has_min ? sh->min : 0, a, sizeof a);
    fmt_num(sh->has_max ? sh->max : 100, z, sizeof z);
    snprintf(out, n, "%s-%s%%", a, z);
    return true;
}

/* The share in words, exclusive bounds kept: "more than 25% and less than 50%". */
static void share_words(const share *sh, char *out, size_t n)
{
    char a[32], z[32];
    out[0] = '\0';
    if (sh->has_exact) {
        fmt_num(sh->exact, a, sizeof a);
        snprintf(out, n, "exactly %s%%", a);
        return;
    }
    fmt_num(sh->min, a, sizeof a);
    fmt_num(sh->max, z, sizeof z);
    if (sh->has_min && sh->has_max)
        snprintf(out, n, "%s %s%% and %s %s%%", sh->min_excl ? "more than" : "at least", a,
                 sh->max_excl ? "less than" : "at most", z);
    else if (sh->has_min)
        snprintf(out, n, "%s %s%%", sh->min_excl ? "more than" : "at least", a);
    else if (sh->has_max)
        snprintf(out, n, "%s %s%%", sh->max_excl ? "less than" : "at most", z);
}

/* ---- interest types --------------------------------------------------- */

enum { M_OWNERSHIP, M_CONTROL, M_DIRECTORSHIP, M_UNKNOWN };

typedef struct itype {
    const char *code;       /* BODS 0.4 code */
    const char *old;        /* BODS 0.2/0.3 code, or NULL */
    int map;                /* M_* */
    const char *what;       /* ownershipType / controlType / Directorship role / UnknownLink role */
} itype;

static const itype itypes[] = {
    {"shareholding", "shareholding", M_OWNERSHIP, "shareholding"},
    {"votingRights", "voting-rights", M_CONTROL, "voting"},
    {"appointmentOfBoard", "appointment-of-board", M_CONTROL, "appointment"},
    {"otherInfluenceOrControl", "other-influence-or-control", M_CONTROL, "other"},
    {"seniorManagingOfficial", "senior-managing-official", M_CONTROL, "management"},
    {"settlor", "settlor-of-trust", M_CONTROL, "trust"},
    {"trustee", "trustee-of-trust", M_CONTROL, "trust"},
    {"protector", "protector-of-trust", M_CONTROL, "trust"},
    {"beneficiaryOfLegalArrangement", "beneficiary-of-trust", M_CONTROL, "trust"},
    {"otherInfluenceOrControl", "other-influence-or-control-of-trust", M_CONTROL, "trust"},
    {"rightsToSurplusAssetsOnDissolution", "rights-to-surplus-assets-on-dissolution", M_OWNERSHIP,
     "rights to surplus assets on dissolution"},
    {"rightsToProfitOrIncome", "rights-to-profit-or-income", M_OWNERSHIP, "rights to profit or income"},
    {"rightsGrantedByContract", "rights-granted-by-contract", M_CONTROL, "contractual"},
    {"conditionalRightsGrantedByContract", "conditional-rights-granted-by-contract", M_CONTROL, "contractual"},
    {"controlViaCompanyRulesOrArticles", NULL, M_CONTROL, "articles"},
    {"controlByLegalFramework", NULL, M_CONTROL, "legal-framework"},
    {"boardMember", NULL, M_DIRECTORSHIP, "board member"},
    {"boardChair", NULL, M_DIRECTORSHIP, "board chair"},
    {"enjoymentAndUseOfAssets", NULL, M_OWNERSHIP, "enjoyment and use of assets"},
    {"rightToProfitOrIncomeFromAssets", NULL, M_OWNERSHIP, "rights to profit or income from assets"},
    {"nominee", NULL, M_CONTROL, "nominee"},
    {"nominator", NULL, M_CONTROL, "nominee"},
    {"unknownInterest", NULL, M_UNKNOWN, "unknown interest"},
    {"unpublishedInterest", NULL, M_UNKNOWN, "unpublished interest"},
};

static const itype *find_itype(const char *code)
{
    static const itype unknown = {"unknownInterest", NULL, M_UNKNOWN, "unknown interest"};
    if (!code) return &unknown;
    for (size_t i = 0; i < sizeof itypes / sizeof itypes[0]; i++)
        if (strcmp(code, itypes[i].code) == 0 || (itypes[i].old && strcmp(code, itypes[i].old) == 0))
            return &itypes[i];
    return NULL;
}

/* ---- nodes: entities and persons ------------------------------------- */

/* The country code of a BODS {name, code} object: "US-DE" gives "US". */
static int add_country(bods *b, const char *prop, const cJSON *c)
{
    const char *code = jstrz(c, "code");
    if (!code) return OV_OK;
    size_t n = strcspn(code, "-");
    if (n == 0 || n > 8) return OV_OK;
    return imp_addn(&b->im, false, prop, code, n);
}

static int add_addresses(bods *b, const cJSON *arr)
{
    const cJSON *a;
    int rc;
    cJSON_ArrayForEach(a, arr)
    {
        if (!cJSON_IsObject(a)) continue;
        ov_buf t;
        ov_buf_init(&t, 4096);
        const char *parts[] = {jstrz(a, "address"), jstrz(a, "postCode"), NULL};
        const cJSON *country = jget(a, "country");
        if (cJSON_IsObject(country)) parts[2] = jstrz(country, "name");
        else if (cJSON_IsString(country)) parts[2] = country->valuestring;
        for (int i = 0; i < 3; i++) {
            if (!parts[i] || (t.len && strstr(t.data, parts[i]))) continue; /* the post code is often in the address */
            if (t.len) ov_buf_adds(&t, ", ");
            ov_buf_adds(&t, parts[i]);
        }
        rc = imp_add(&b->im, "address", ov_buf_str(&t));
        ov_buf_release(&t);
        if (rc) return rc;
        if (cJSON_IsObject(country) && (rc = add_country(b, "country", country))) return rc;
        if (cJSON_IsString(country) && strlen(country->valuestring) == 2 &&
            (rc = imp_try(&b->im, "country", country->valuestring)))
            return rc;
    }
    return OV_OK;
}

static int add_identifiers(bods *b, const cJSON *arr, bool person)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, arr)
    {
        const char *id = jstrz(x, "id");
        if (!id) continue;
        const char *scheme = jstrz(x, "scheme");
        size_t sl = scheme ? strlen(scheme) : 0;
        bool lei = scheme && (strcmp(scheme, "LEI") == 0 || (sl > 4 && strcmp(scheme + sl - 4, "-LEI") == 0));
        int rc = imp_add(&b->im, lei ? "leiCode" : person ? "idNumber" : "registrationNumber", id);
        if (rc) return rc;
    }
    return OV_OK;
}

/* Common to entities and persons of both versions: d holds the details. */
static int add_node_common(bods *b, const cJSON *st, const cJSON *d)
{
    int rc;
    const cJSON *pub = jget(st, "publicationDetails");
    const cJSON *publisher = jget(pub, "publisher");
    if ((rc = imp_add(&b->im, "modifiedAt", jstrz(st, "statementDate")))) return rc;
    if ((rc = imp_try(&b->im, "publisher", jstrz(publisher, "name")))) return rc;
    if ((rc = imp_try(&b->im, "publisherUrl", jstrz(publisher, "url")))) return rc;
    if ((rc = add_addresses(b, jget(d, "addresses")))) return rc;
    const char *status = jstrz(st, "recordStatus");
    if (status && strcmp(status, "closed") == 0 && (rc = imp_add(&b->im, "status", "closed"))) return rc;
    return OV_OK;
}

static int unspecified_note(bods *b, const cJSON *u, const char *what)
{
    if (!cJSON_IsObject(u)) return OV_OK;
    const char *reason = jstrz(u, "reason"), *desc = jstrz(u, "description");
    if (!reason && !desc) return OV_OK;
    return imp_addf(&b->im, "notes", "BODS: %s (%s)%s%s", what, reason ? reason : "no reason given",
                    desc ? ": " : "", desc ? desc : "");
}

/* The K_* kind of an entity statement's details. */
static int entity_kind(const cJSON *d, const char **type_out, const char **subtype_out, const char **details_out)
{
    const cJSON *et = jget(d, "entityType");
    const char *type = cJSON_IsString(et) ? et->valuestring : jstr(et, "type");
    *type_out = type;
    *subtype_out = cJSON_IsObject(et) ? jstrz(et, "subtype") : NULL;
    *details_out = cJSON_IsObject(et) ? jstrz(et, "details") : NULL;
    if (!type) return K_LEGAL; /* entityType is optional in 0.2 */
    if (!strcmp(type, "registeredEntity") || !strcmp(type, "legalEntity")) return K_COMPANY;
    if (!strcmp(type, "arrangement") || !strcmp(type, "anonymousEntity") || !strcmp(type, "unknownEntity"))
        return K_LEGAL;
    if (!strcmp(type, "state")) return K_STATE;
    if (!strcmp(type, "stateBody")) return K_STATEBODY;
    return K_NONE;
}

static ov_load_mode record_mode(const cJSON *st)
{
    const char *s = jstrz(st, "recordStatus");
    return s && (!strcmp(s, "updated") || !strcmp(s, "closed")) ? OV_LOAD_REPLACE : OV_LOAD_MERGE;
}

static int map_entity(bods *b, const cJSON *st, const cJSON *d, const char *key)
{
    const char *type, *subtype, *details;
    int kind = entity_kind(d, &type, &subtype, &details);
    if (kind == K_NONE)
        return imp_reject(&b->im, "unknown entityType '%.40s' (registeredEntity, legalEntity, arrangement, "
                          "anonymousEntity, unknownEntity, state, stateBody)", type);
    char id[224];
    node_id(key, id, sizeof id);
    int rc;
    if ((rc = imp_entity(&b->im, kind_schema(kind), id, record_mode(st)))) return rc;
    if ((rc = imp_add(&b->im, "name", jstrz(d, "name")))) return rc;
    const cJSON *x;
    cJSON_ArrayForEach(x, jget(d, "alternateNames"))
        if (cJSON_IsString(x) && (rc = imp_add(&b->im, "alias", x->valuestring))) return rc;
    const cJSON *jur = jget(d, "jurisdiction");
    if ((rc = add_country(b, "jurisdiction", jur))) return rc;
    if ((rc = add_country(b, "country", jur))) return rc;
    if ((rc = add_country(b, "jurisdiction", jget(d, "incorporatedInJurisdiction")))) return rc; /* 0.2 */
    if ((rc = add_identifiers(b, jget(d, "identifiers"), false))) return rc;
    if ((rc = imp_add(&b->im, "incorporationDate", jstrz(d, "foundingDate")))) return rc;
    if ((rc = imp_add(&b->im, "dissolutionDate", jstrz(d, "dissolutionDate")))) return rc;
    if ((rc = imp_try(&b->im, "sourceUrl", jstrz(d, "uri")))) return rc;
    if (kind == K_STATE) {
        if ((rc = imp_add(&b->im, "topics", "gov")) || (rc = imp_add(&b->im, "topics", "gov.national")))
            return rc;
    } else if (kind == K_STATEBODY) {
        if ((rc = imp_add(&b->im, "topics", "gov"))) return rc;
        if (subtype && !strcmp(subtype, "governmentDepartment") && (rc = imp_add(&b->im, "topics", "gov.executive")))
            return rc;
        if (subtype && !strcmp(subtype, "stateAgency") && (rc = imp_add(&b->im, "topics", "gov.admin")))
            return rc;
    }
    /* legal form: the BODS type where it says more than the schema does */
    if (type && (kind == K_STATE || kind == K_STATEBODY || kind == K_LEGAL)) {
        const char *label = !strcmp(type, "stateBody") ? "state body" : type;
        if (subtype && details) rc = imp_addf(&b->im, "legalForm", "%s: %s (%s)", label, subtype, details);
        else if (subtype || details) rc = imp_addf(&b->im, "legalForm", "%s: %s", label, subtype ? subtype : details);
        else rc = imp_add(&b->im, "legalForm", label);
        if (rc) return rc;
    }
    if ((rc = unspecified_note(b, jget(d, "unspecifiedEntityDetails"), "entity not disclosed"))) return rc;
    const cJSON *pl = jget(d, "publicListing");
    if (jtrue(pl, "hasPublicListing") && (rc = imp_add(&b->im, "topics", "corp.public"))) return rc;
    cJSON_ArrayForEach(x, jget(pl, "securitiesListings"))
    {
        const cJSON *sec = jget(x, "security");
        const char *scheme = jstrz(sec, "idScheme");
        if (scheme && !strcmp(scheme, "isin") && (rc = imp_try(&b->im, "isinCode", jstrz(sec, "id")))) return rc;
        if ((rc = imp_try(&b->im, "ticker", jstrz(sec, "ticker")))) return rc;
    }
    if ((rc = add_node_common(b, st, d))) return rc;
    return OV_OK;
}

static int map_person(bods *b, const cJSON *st, const cJSON *d, const char *key)
{
    char id[224];
    node_id(key, id, sizeof id);
    int rc;
    if ((rc = imp_entity(&b->im, "Person", id, record_mode(st)))) return rc;
    const char *ptype = jstrz(d, "personType");
    if (ptype && strcmp(ptype, "knownPerson") && strcmp(ptype, "anonymousPerson") && strcmp(ptype, "unknownPerson"))
        return imp_reject(&b->im, "unknown personType '%.40s' (knownPerson, anonymousPerson, unknownPerson)", ptype);
    const cJSON *names = jget(d, "names"), *n, *primary = NULL;
    cJSON_ArrayForEach(n, names)
    {
        const char *t = jstrz(n, "type");
        if (!primary || (t && !strcmp(t, "legal") && !jstrz(primary, "type"))) primary = n;
    }
    cJSON_ArrayForEach(n, names)
    {
        if (!cJSON_IsObject(n)) continue;
        const char *full = jstrz(n, "fullName");
        char built[512];
        if (!full) {
            const char *g = jstrz(n, "givenName"), *f = jstrz(n, "familyName");
            if (!g && !f) continue;
            snprintf(built, sizeof built, "%s%s%s", g ? g : "", g && f ? " " : "", f ? f : "");
            full = built;
        }
        if ((rc = imp_add(&b->im, n == primary ? "name" : "alias", full))) return rc;
        if (n == primary) {
            if ((rc = imp_add(&b->im, "firstName", jstrz(n, "givenName")))) return rc;
            if ((rc = imp_add(&b->im, "lastName", jstrz(n, "familyName")))) return rc;
        }
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, jget(d, "nationalities"))
        if ((rc = add_country(b, "nationality", x))) return rc;
    if ((rc = imp_add(&b->im, "birthDate", jstrz(d, "birthDate")))) return rc;
    if ((rc = imp_add(&b->im, "deathDate", jstrz(d, "deathDate")))) return rc;
    if ((rc = add_identifiers(b, jget(d, "identifiers"), true))) return rc;
    /* politically exposed: 0.4 politicalExposure.status, 0.3 pepStatus, 0.2 hasPepStatus */
    const cJSON *pe = jget(d, "politicalExposure");
    const char *pep = jstrz(pe, "status");
    if (!pep) pep = jstrz(d, "pepStatus");
    if ((pep && !strcmp(pep, "isPep")) || jtrue(d, "hasPepStatus"))
        if ((rc = imp_add(&b->im, "topics", "role.pep"))) return rc;
    cJSON_ArrayForEach(x, jget(pe, "details"))
        if ((rc = imp_try(&b->im, "position", jstrz(x, "reason")))) return rc;
    if ((rc = unspecified_note(b, jget(d, "unspecifiedPersonDetails"), "person not disclosed"))) return rc;
    return add_node_common(b, st, d);
}

/* ---- relationships -------------------------------------------------------- */

static int kind_of(bods *b, const char *key)
{
    uintptr_t v = 0;
    return key && ov_hmap_get(&b->kinds, key, strlen(key), &v) ? (int)v : K_NONE;
}

static const char *direction_of(bods *b, const cJSON *in, int *dir /* OUT: 0 unknown, 1 direct, 2 indirect */)
{
    const char *d = jstrz(in, "directOrIndirect");
    if (!d) d = jstrz(in, "interestLevel"); /* 0.2/0.3 */
    *dir = 0;
    if (!d || !strcmp(d, "unknown")) return NULL;
    if (!strcmp(d, "direct")) *dir = 1;
    else if (!strcmp(d, "indirect")) *dir = 2;
    else return d; /* the caller rejects */
    return NULL;
}

/* Maps one interest of a relationship to an entity. */
static int map_interest(bods *b, const cJSON *st, const cJSON *in, const char *rel_key, const char *rel_id,
                        const char *subj_key, const char *party_key, const itype *t, int nth, bool *soe)
{
    int rc, dir;
    const char *bad = direction_of(b, in, &dir);
    if (bad) return imp_reject(&b->im, "directOrIndirect '%.40s' is not direct, indirect or unknown", bad);
    share sh;
    if ((rc = read_share(b, jget(in, "share"), &sh))) return rc;
    char id[256], subj[224], party[224];
    char code[64];
    size_t ci = 0;
    for (const char *c = t->code; *c && ci < sizeof code - 1; c++) code[ci++] = *c;
    code[ci] = '\0';
    if (nth > 1) snprintf(id, sizeof id, "%s-%s-%d", rel_id, code, nth);
    else snprintf(id, sizeof id, "%s-%s", rel_id, code);
    node_id(subj_key, subj, sizeof subj);
    node_id(party_key, party, sizeof party);
    static const char *const schema[] = {"Ownership", "Control", "Directorship", "UnknownLink"};
    static const char *const from[] = {"owner", "controller", "director", "subject"};
    static const char *const to[] = {"asset", "controlled", "organization", "object"};
    if ((rc = imp_entity(&b->im, schema[t->map], id, record_mode(st)))) return rc;
    if ((rc = imp_add(&b->im, from[t->map], party)) || (rc = imp_add(&b->im, to[t->map], subj))) return rc;
    const char *type_code = jstrz(in, "type");
    if ((rc = imp_add(&b->im, "role", type_code ? type_code : "unknownInterest"))) return rc;
    char pct[80];
    bool has_pct = share_text(&sh, pct, sizeof pct);
    switch (t->map) {
    case M_OWNERSHIP:
        if (dir == 2) rc = imp_addf(&b->im, "ownershipType", "%s (indirect)", t->what);
        else if (dir == 0) rc = imp_addf(&b->im, "ownershipType", "%s (directness unknown)", t->what);
        else rc = imp_add(&b->im, "ownershipType", t->what);
        if (!rc && has_pct) rc = imp_add(&b->im, "percentage", pct);
        break;
    case M_CONTROL:
        rc = imp_add(&b->im, "controlType", t->what);
        if (!rc && dir == 2) rc = imp_add(&b->im, "controlType", "indirect");
        break;
    default:
        break;
    }
    if (rc) return rc;
    if ((rc = imp_add(&b->im, "startDate", jstrz(in, "startDate")))) return rc;
    if ((rc = imp_add(&b->im, "endDate", jstrz(in, "endDate")))) return rc;
    if ((rc = imp_add(&b->im, "description", jstrz(in, "details")))) return rc;
    if ((rc = imp_add(&b->im, "recordId", rel_key))) return rc;
    if ((rc = imp_add(&b->im, "modifiedAt", jstrz(st, "statementDate")))) return rc;
    const char *status = jstrz(st, "recordStatus");
    if (status && !strcmp(status, "closed") && (rc = imp_add(&b->im, "status", "closed"))) return rc;
    /* the interest in words, so nothing BODS said is lost */
    char words[96];
    share_words(&sh, words, sizeof words);
    bool bo = jtrue(in, "beneficialOwnershipOrControl");
    if ((rc = imp_addf(&b->im, "summary", "BODS %s, %s%s%s%s", type_code ? type_code : "interest of unknown type",
                       dir == 1 ? "direct" : dir == 2 ? "indirect" : "directness unknown",
                       bo ? ", beneficial ownership or control" : "", words[0] ? ", share " : "", words)))
        return rc;
    /* a state or state body holding a majority makes its subject state-owned */
    int pk = kind_of(b, party_key);
    if ((pk == K_STATE || pk == K_STATEBODY) && t->map == M_OWNERSHIP && !strcmp(t->code, "shareholding") &&
        ((sh.has_exact && sh.exact >= 50) || (sh.has_min && sh.min >= 50)))
        *soe = true;
    return OV_OK;
}

static int map_relationship(bods *b, const cJSON *st, const cJSON *d, const char *key, bool v04)
{
    const char *subj_key, *party_key = NULL;
    const cJSON *unspecified = NULL;
    const cJSON *subject = jget(d, "subject"), *party = jget(d, "interestedParty");
    if (v04) {
        subj_key = cJSON_IsString(subject) && *subject->valuestring ? subject->valuestring : NULL;
        if (cJSON_IsString(party) && *party->valuestring) party_key = party->valuestring;
        else if (cJSON_IsObject(party)) unspecified = party;
    } else {
        subj_key = jstrz(subject, "describedByEntityStatement");
        party_key = jstrz(party, "describedByPersonStatement");
        if (!party_key) party_key = jstrz(party, "describedByEntityStatement");
        if (!party_key) unspecified = jget(party, "unspecified");
    }
    if (!subj_key) return imp_reject(&b->im, "the relationship has no subject");
    if (!party_key && !cJSON_IsObject(unspecified))
        return imp_reject(&b->im, "the relationship has no interestedParty (a record reference or an unspecified reason)");
    const cJSON *interests = jget(d, "interests");
    if (interests && !cJSON_IsArray(interests) && !cJSON_IsNull(interests))
        return imp_reject(&b->im, "\"interests\" must be an array");
    int rc;
    /* check every interest before mapping any */
    const cJSON *in;
    int i = 0;
    cJSON_ArrayForEach(in, interests)
    {
        i++;
        if (!cJSON_IsObject(in)) return imp_reject(&b->im, "interest %d is not an object", i);
        const char *type = jstrz(in, "type");
        if (type && !find_itype(type)) return imp_reject(&b->im, "interest %d: unknown interest type '%.60s'", i, type);
    }
    char rel_id[224], subj[224];
    node_id(key, rel_id, sizeof rel_id);
    node_id(subj_key, subj, sizeof subj);
    int sk = kind_of(b, subj_key);
    if (!party_key) {
        /* nobody to link: keep what BODS says on the subject */
        if ((rc = imp_entity(&b->im, sk ? kind_schema(sk) : "LegalEntity", subj, OV_LOAD_MERGE))) return rc;
        return unspecified_note(b, unspecified, "interested party not disclosed");
    }
    bool soe = false;
    int n_int = cJSON_IsArray(interests) ? cJSON_GetArraySize(interests) : 0;
    if (n_int == 0) {
        /* a relationship without interests: that they are related, no more */
        static const itype none = {"unknownInterest", NULL, M_UNKNOWN, "unknown interest"};
        cJSON *empty = cJSON_CreateObject();
        if (!empty) return OV_ENOMEM;
        rc = map_interest(b, st, empty, key, rel_id, subj_key, party_key, &none, 1, &soe);
        cJSON_Delete(empty);
        if (rc) return rc;
    }
    i = 0;
    cJSON_ArrayForEach(in, interests)
    {
        const itype *t = find_itype(jstrz(in, "type"));
        /* the same type twice in one relationship gets a second entity */
        int nth = 1;
        const cJSON *prev;
        int k = 0;
        cJSON_ArrayForEach(prev, interests)
        {
            if (k++ >= i) break;
            if (find_itype(jstrz(prev, "type")) == t) nth++;
        }
        i++;
        if ((rc = map_interest(b, st, in, key, rel_id, subj_key, party_key, t, nth, &soe))) return rc;
    }
    if (soe) {
        if ((rc = imp_entity(&b->im, sk ? kind_schema(sk) : "Company", subj, OV_LOAD_MERGE))) return rc;
        if ((rc = imp_add(&b->im, "topics", "gov.soe"))) return rc;
    }
    return OV_OK;
}

/* ---- statements ------------------------------------------------------------- */

/* What a statement is: its key (recordId or statementID), whether it is 0.4,
 * and its kind of record. Rejects what cannot be told. */
typedef enum { R_ENTITY, R_PERSON, R_RELATIONSHIP } rtype;

static int classify(bods *b, const cJSON *st, const char **key, const char **sid, const cJSON **details,
                    rtype *rt, bool *v04)
{
    if (!cJSON_IsObject(st)) return imp_reject(&b->im, "a statement must be a JSON object");
    const cJSON *rtj = jget(st, "recordType"), *stj = jget(st, "statementType");
    if (rtj) {
        *v04 = true;
        *sid = jstrz(st, "statementId");
        if (!*sid) return imp_reject(&b->im, "no statementId");
        snprintf(b->im.what, sizeof b->im.what, "statement %ld (%.80s)", b->index, *sid);
        *key = jstrz(st, "recordId");
        if (!*key) return imp_reject(&b->im, "no recordId");
        const char *t = cJSON_IsString(rtj) ? rtj->valuestring : "";
        if (!strcmp(t, "entity")) *rt = R_ENTITY;
        else if (!strcmp(t, "person")) *rt = R_PERSON;
        else if (!strcmp(t, "relationship")) *rt = R_RELATIONSHIP;
        else return imp_reject(&b->im, "unknown recordType '%.40s' (entity, person, relationship)", t);
        *details = jget(st, "recordDetails");
        if (!cJSON_IsObject(*details)) return imp_reject(&b->im, "no recordDetails object");
        const char *status = jstrz(st, "recordStatus");
        if (status && strcmp(status, "new") && strcmp(status, "updated") && strcmp(status, "closed"))
            return imp_reject(&b->im, "unknown recordStatus '%.40s' (new, updated, closed)", status);
        return OV_OK;
    }
    if (stj) {
        *v04 = false;
        *sid = jstrz(st, "statementID");
        if (!*sid) *sid = jstrz(st, "statementId");
        if (!*sid) return imp_reject(&b->im, "no statementID");
        snprintf(b->im.what, sizeof b->im.what, "statement %ld (%.80s)", b->index, *sid);
        *key = *sid;
        const char *t = cJSON_IsString(stj) ? stj->valuestring : "";
        if (!strcmp(t, "entityStatement")) *rt = R_ENTITY;
        else if (!strcmp(t, "personStatement")) *rt = R_PERSON;
        else if (!strcmp(t, "ownershipOrControlStatement")) *rt = R_RELATIONSHIP;
        else
            return imp_reject(&b->im, "unknown statementType '%.40s' (entityStatement, personStatement, "
                              "ownershipOrControlStatement)", t);
        *details = st;
        return OV_OK;
    }
    return imp_reject(&b->im, "neither recordType (BODS 0.4) nor statementType (BODS 0.2/0.3): not a BODS statement");
}

/* Pass 1: remembers what a record is. Silent: pass 2 reports problems. */
static int learn(bods *b, const cJSON *st)
{
    if (!cJSON_IsObject(st)) return OV_OK;
    const cJSON *rtj = jget(st, "recordType");
    const char *key;
    const cJSON *d;
    int kind = K_NONE;
    if (rtj) {
        key = jstrz(st, "recordId");
        d = jget(st, "recordDetails");
        const char *t = cJSON_IsString(rtj) ? rtj->valuestring : "";
        if (!strcmp(t, "person")) kind = K_PERSON;
        else if (!strcmp(t, "entity")) {
            const char *a, *s, *x;
            kind = entity_kind(d, &a, &s, &x);
        }
    } else {
        key = jstrz(st, "statementID");
        if (!key) key = jstrz(st, "statementId");
        d = st;
        const char *t = jstrz(st, "statementType");
        if (t && !strcmp(t, "personStatement")) kind = K_PERSON;
        else if (t && !strcmp(t, "entityStatement")) {
            const char *a, *s, *x;
            kind = entity_kind(d, &a, &s, &x);
        }
    }
    if (!key || kind == K_NONE) return OV_OK;
    return ov_hmap_put(&b->kinds, key, strlen(key), (uintptr_t)kind);
}

/* Statuses an Oversight BODS export carried as annotations (oversightStatus,
 * oversightProperty, oversightValue: bods_out.c) go back on the facts they
 * name: the value (a record reference as its entity id), else the property's
 * only value. An annotation naming a fact the record does not carry is
 * ignored; an unknown status is refused. */
static int apply_statuses(bods *b, const cJSON *st)
{
    const cJSON *a;
    int i = 0;
    cJSON_ArrayForEach(a, jget(st, "annotations"))
    {
        i++;
        const char *status = jstr(a, "oversightStatus"), *prop = jstr(a, "oversightProperty");
        const char *value = jstr(a, "oversightValue");
        if (!status || !prop) continue;
        int code = ov_status_parse(status);
        if (code < 0) return imp_reject(&b->im, "annotation %d: oversightStatus '%.40s' is not a status", i, status);
        char ref[224];
        node_id(value ? value : "", ref, sizeof ref);
        for (int k = 0; k < b->im.n_ents; k++) {
            ov_entity *e = &b->im.ents[k].e;
            /* the property and value; else the value under another property (a
             * second name is an alternateName, read back as an alias); else the
             * property's only value (a share read back as "41.55%") */
            ov_stmt *same = NULL, *moved = NULL, *only = NULL;
            int n = 0;
            for (size_t j = 0; j < e->n_stmts; j++) {
                ov_stmt *x = &e->stmts[j];
                bool eq = value && (!strcmp(imp_read_as(x), value) || !strcmp(x->value, value) || !strcmp(x->value, ref));
                bool prop_eq = strcmp(x->prop, prop) == 0;
                if (eq && prop_eq) same = x;
                else if (eq && !moved) moved = x;
                if (prop_eq) {
                    n++;
                    only = x;
                }
            }
            ov_stmt *hit = same ? same : moved ? moved : n == 1 ? only : NULL;
            if (hit) hit->status = code;
        }
    }
    return OV_OK;
}

static int map_statement(bods *b, const cJSON *st, long line)
{
    imp_record_begin(&b->im, line, NULL);
    snprintf(b->im.what, sizeof b->im.what, "statement %ld", b->index);
    const char *key = NULL, *sid = NULL;
    const cJSON *d = NULL;
    rtype rt = R_ENTITY;
    bool v04 = false;
    int rc = classify(b, st, &key, &sid, &d, &rt, &v04);
    if (rc == OV_OK) {
        /* a statementId names one statement of the package */
        int added;
        ov_hmap_slot *first = ov_hmap_upsert(&b->sids, sid, strlen(sid), &added);
        if (!first) return OV_ENOMEM;
        if (added) first->value = (uintptr_t)b->index;
        else rc = imp_reject(&b->im, "duplicate statementId: statement %ld has it too", (long)first->value);
    }
    if (rc == OV_OK) {
        b->im.locator = ov_arena_strdup(&b->im.arena, sid);
        if (!b->im.locator) return OV_ENOMEM;
        if (rt == R_ENTITY) rc = map_entity(b, st, d, key);
        else if (rt == R_PERSON) rc = map_person(b, st, d, key);
        else rc = map_relationship(b, st, d, key, v04);
        /* the mapping reports what it cannot map; the schema's other rules after it */
        char why[600];
        if (rc == OV_OK && ov__bods_check(b->im.m, st, v04, why, sizeof why))
            rc = imp_reject(&b->im, "%s", why);
        if (rc == OV_OK) rc = apply_statuses(b, st);
        if (rc == OV_OK && rt != R_RELATIONSHIP && (rc = learn(b, st)) != OV_OK) return rc;
    }
    if (rc == OV_ENOMEM) return rc;
    return imp_record_end(&b->im);
}

/* ---- JSON framing ------------------------------------------------------------ */

/* Checks one statement's text for what cJSON lets through. NULL when fine. */
static const char *prescan(const char *s, size_t n)
{
    return ov__json_precheck(s, n, BODS_MAX_DEPTH, "JSON nested too deeply for a BODS statement");
}

/* Parses one statement's text (at line) and hands it to fn. */
static int with_statement(bods *b, const char *s, size_t n, long line, bool mapping,
                          int (*fn)(bods *, const cJSON *, long))
{
    const char *why = prescan(s, n);
    cJSON *obj = why ? NULL : cJSON_ParseWithLength(s, n);
    if (!obj) {
        if (!mapping) return OV_OK;
        imp_record_begin(&b->im, line, NULL);
        snprintf(b->im.what, sizeof b->im.what, "statement %ld", b->index);
        return imp_reject(&b->im, "%s", why ? why : "malformed JSON") == OV_EINVAL ? OV_OK : OV_ENOMEM;
    }
    int rc = fn(b, obj, line);
    cJSON_Delete(obj);
    return rc;
}

static int learn_cb(bods *b, const cJSON *st, long line)
{
    (void)line;
    return learn(b, st);
}

/* A top-level array element: its bytes and first line. */
typedef struct span {
    size_t start, end;
    long line;
} span;

/* Finds the elements of the top-level array; false (with *at the line) when
 * the text is not an array of objects. */
static bool frame_array(const char *s, size_t n, span **out, size_t *count, long *at)
{
    size_t i = 0, cap = 0;
    long line = 1;
    *out = NULL;
    *count = 0;
#define SKIP_WS() while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) { if (s[i] == '\n') line++; i++; }
    SKIP_WS();
    if (i < n && (unsigned char)s[i] == 0xEF && i + 2 < n) i += 3; /* BOM */
    SKIP_WS();
    if (i >= n || s[i] != '[') goto bad;
    i++;
    SKIP_WS();
    if (i < n && s[i] == ']') {
        i++;
        goto tail;
    }
    for (;;) {
        SKIP_WS();
        if (i >= n || s[i] != '{') goto bad;
        span sp = {.start = i, .line = line};
        int depth = 0;
        bool in_str = false;
        for (; i < n; i++) {
            char c = s[i];
            if (c == '\n') line++;
            if (in_str) {
                if (c == '\\') {
                    if (i + 1 < n && s[i + 1] == '\n') line++;
                    i++;
                } else if (c == '"') in_str = false;
            } else if (c == '"') in_str = true;
            else if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) break;
        }
        if (i >= n) goto bad;
        sp.end = ++i;
        if (*count == cap) {
            size_t nc = cap ? cap * 2 : 64;
            span *ns = ov__realloc(*out, nc * sizeof *ns);
            if (!ns) goto bad;
            *out = ns;
            cap = nc;
        }
        (*out)[(*count)++] = sp;
        SKIP_WS();
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        if (i < n && s[i] == ']') {
            i++;
            break;
        }
        goto bad;
    }
tail:
    SKIP_WS();
    if (i == n) return true;
bad:
    *at = line;
    return false;
#undef SKIP_WS
}

static int read_array(bods *b, FILE *in)
{
    ov_buf text;
    ov_buf_init(&text, BODS_MAX_PACKAGE);
    char block[65536];
    size_t got;
    int rc = OV_OK;
    while ((got = fread(block, 1, sizeof block, in)) > 0)
        if ((rc = ov_buf_add(&text, block, got))) break;
    if (!rc && ferror(in)) rc = OV_EIO;
    if (rc) {
        ov_buf_release(&text);
        if (rc == OV_ETOOBIG) {
            imp_record_begin(&b->im, 1, NULL);
            imp_reject(&b->im, "a JSON array package past %zu MiB: give it as JSON lines instead", BODS_MAX_PACKAGE >> 20);
        }
        return rc;
    }
    span *spans;
    size_t n;
    long at;
    if (!frame_array(ov_buf_str(&text), text.len, &spans, &n, &at)) {
        ov__free(spans);
        ov_buf_release(&text);
        imp_record_begin(&b->im, at, NULL);
        imp_reject(&b->im, "not a BODS package: expected a JSON array of statement objects (malformed near line %ld)", at);
        return OV_OK;
    }
    const char *s = ov_buf_str(&text);
    for (size_t i = 0; i < n && !rc; i++)
        rc = with_statement(b, s + spans[i].start, spans[i].end - spans[i].start, spans[i].line, false, learn_cb);
    for (size_t i = 0; i < n && !rc && !b->im.store_failed; i++) {
        b->index = (long)i + 1;
        rc = with_statement(b, s + spans[i].start, spans[i].end - spans[i].start, spans[i].line, true, map_statement);
    }
    ov__free(spans);
    ov_buf_release(&text);
    return rc;
}

static int read_lines(bods *b, FILE *in)
{
    size_t max = b->im.o->max_line ? b->im.o->max_line : BODS_DEFAULT_MAX_LINE;
    ov_buf line;
    ov_buf_init(&line, max);
    long lineno = 0;
    int rc = OV_OK;
    for (;;) {
        ov_buf_reset(&line);
        bool too_long = false, any = false;
        int c;
        while ((c = getc(in)) != EOF) {
            any = true;
            if (c == '\n') break;
            char ch = (char)c;
            if (!too_long && ov_buf_add(&line, &ch, 1)) too_long = true;
        }
        if (!any) break;
        lineno++;
        size_t n = line.len;
        while (n && (line.data[n - 1] == '\r' || line.data[n - 1] == ' ' || line.data[n - 1] == '\t')) n--;
        if (!too_long && n == 0) continue;
        b->index++;
        if (too_long) {
            imp_record_begin(&b->im, lineno, NULL);
            snprintf(b->im.what, sizeof b->im.what, "statement %ld", b->index);
            imp_reject(&b->im, "line longer than %zu bytes", max);
            continue;
        }
        rc = with_statement(b, line.data, n, lineno, true, map_statement);
        if (rc || b->im.store_failed) break;
    }
    if (!rc && ferror(in)) rc = OV_EIO;
    ov_buf_release(&line);
    return rc;
}

/* A name that says JSON lines (.jsonl, .ndjson, .jsonlines). */
static bool json_lines_name(const char *path)
{
    static const char *const ext[] = {".jsonl", ".ndjson", ".jsonlines"};
    size_t n = path ? strlen(path) : 0;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && strcmp(path + n - k, ext[i]) == 0) return true;
    }
    return false;
}

/* Text that opens with '{' in a file not named as JSON lines: JSON lines, or
 * one statement object where a package (an array) belongs - refused, as the
 * schema refuses it, rather than read as a package of one. */
static int read_lines_or_object(bods *b, FILE *in)
{
    ov_buf text;
    ov_buf_init(&text, BODS_MAX_PACKAGE);
    char block[65536];
    size_t got;
    int rc = OV_OK;
    while ((got = fread(block, 1, sizeof block, in)) > 0)
        if ((rc = ov_buf_add(&text, block, got))) break;
    if (!rc && ferror(in)) rc = OV_EIO;
    if (rc) {
        ov_buf_release(&text);
        if (rc == OV_ETOOBIG) {
            imp_record_begin(&b->im, 1, NULL);
            imp_reject(&b->im, "a JSON text past %zu MiB: give it as JSON lines (.jsonl) instead", BODS_MAX_PACKAGE >> 20);
        }
        return rc;
    }
    const char *s = ov_buf_str(&text), *end = NULL;
    cJSON *one = prescan(s, text.len) ? NULL : cJSON_ParseWithLengthOpts(s, text.len, &end, false);
    bool single = one && cJSON_IsObject(one) && end && strspn(end, " \t\r\n") == (size_t)(s + text.len - end);
    cJSON_Delete(one);
    if (single) {
        imp_record_begin(&b->im, 1, NULL);
        imp_reject(&b->im, "a single JSON object, not a BODS package: a package is a JSON array of statements "
                           "([{...}, {...}]), or JSON lines (one statement per line, in a .jsonl file)");
    } else {
        FILE *lines = fmemopen(text.data ? text.data : block, text.len ? text.len : 1, "rb");
        if (!lines) rc = OV_ENOMEM;
        else {
            rc = read_lines(b, lines);
            fclose(lines);
        }
    }
    ov_buf_release(&text);
    return rc;
}

int ov_import_bods(ov_store *st, const ov_model *m, const char *path, FILE *in, const ov_ingest_opts *opts,
                   ov_ingest_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    ov_load *ld;
    int rc = imp_load_begin(st, "import-bods", path, opts, "bods", &ld);
    if (rc) return rc;
    bods b;
    imp_init(&b.im, m, path, opts, stats, ld);
    ov_hmap_init(&b.kinds);
    ov_hmap_init(&b.sids);
    b.index = 0;
    int c = imp_sniff(in);
    if (c == '[') {
        rc = read_array(&b, in);
    } else if (c == '{' && json_lines_name(path)) {
        rc = read_lines(&b, in);
    } else if (c == '{') {
        rc = read_lines_or_object(&b, in);
    } else if (c != EOF) {
        imp_record_begin(&b.im, 1, NULL);
        imp_reject(&b.im, "not a BODS package: expected a JSON array of statements or JSON lines");
    }
    rc = imp_load_end(&b.im, rc);
    ov_hmap_release(&b.kinds);
    ov_hmap_release(&b.sids);
    imp_release(&b.im);
    return rc;
}
