/*
 * bods_check.c - checks one BODS statement against the rules of the BODS 0.4
 * JSON Schema (tests/fixtures/bods/schema: statement.json, entity-,
 * person- and relationship-record.json, components.json) before it is mapped:
 * required fields, types (a name given as a number), closed codelists, string
 * lengths (statementId 32-64), dates (full-date or date-time; birth dates may
 * be YYYY or YYYY-MM), share percentages within 0..100, and the package's
 * version (a statement in the 0.4 form must say bodsVersion "0.4"). One rule
 * beyond the schema: a country code (nationality, address, jurisdiction) must
 * be one FtM knows, as the schema's description asks for ISO 3166-1 ("XX" is
 * refused, not dropped).
 *
 * Statements in the 0.2/0.3 form (statementType) are only checked for their
 * version: their schema is not the one bundled here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "bods_check.h"
#include "../util/banned.h"

#define MAX_PROBLEMS 6

typedef struct chk {
    const ov_model *m;
    char *out;
    size_t cap, len;
    int n;
} chk;

static void problem(chk *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(chk *c, const char *fmt, ...)
{
    c->n++;
    if (c->n > MAX_PROBLEMS || c->len + 8 >= c->cap) return;
    if (c->len) c->len += (size_t)snprintf(c->out + c->len, c->cap - c->len, "; ");
    if (c->len >= c->cap) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(c->out + c->len, c->cap - c->len, fmt, ap);
    va_end(ap);
    if (w > 0) c->len += (size_t)w < c->cap - c->len ? (size_t)w : c->cap - c->len - 1;
}

static const char *kind(const cJSON *v)
{
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "an array";
    return "an object";
}

static const cJSON *get(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }

/* ---- value rules ---------------------------------------------------------------- */

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* RFC 3339 full-date (YYYY-MM-DD), a real day of the month. */
static bool full_date(const char *s, size_t n)
{
    if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2)) return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
    return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

/* full-date, or an RFC 3339 date-time (T, time, zone). */
static bool date_or_time(const char *s, bool time_ok)
{
    size_t n = strlen(s);
    if (n == 10) return full_date(s, n);
    if (!time_ok || n < 20 || !full_date(s, 10) || (s[10] != 'T' && s[10] != 't')) return false;
    const char *t = s + 11;
    if (!digits(t, 2) || t[2] != ':' || !digits(t + 3, 2) || t[5] != ':' || !digits(t + 6, 2)) return false;
    t += 8;
    if (*t == '.') {
        t++;
        if (!digits(t, 1)) return false;
        while (*t >= '0' && *t <= '9') t++;
    }
    if (*t == 'Z' || *t == 'z') return t[1] == '\0';
    return (*t == '+' || *t == '-') && digits(t + 1, 2) && t[3] == ':' && digits(t + 4, 2) && t[6] == '\0';
}

static bool in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0) return true;
    return false;
}

/* A field that must be a string, when present (required: must be present). */
static const char *str_field(chk *c, const cJSON *o, const char *k, const char *where, bool required)
{
    const cJSON *v = get(o, k);
    if (!v) {
        if (required) problem(c, "%s%s is missing", where, k);
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        problem(c, "%s%s must be a string, not %s", where, k, kind(v));
        return NULL;
    }
    return v->valuestring;
}

static void enum_field(chk *c, const cJSON *o, const char *k, const char *where, bool required,
                       const char *const *allowed)
{
    const char *v = str_field(c, o, k, where, required);
    if (v && !in_list(v, allowed)) problem(c, "%s%s '%.40s' is not in its codelist", where, k, v);
}

static void date_field(chk *c, const cJSON *o, const char *k, const char *where, bool required, bool time_ok)
{
    const char *v = str_field(c, o, k, where, required);
    if (v && !date_or_time(v, time_ok))
        problem(c, "%s%s '%.40s' is not a %s", where, k, v, time_ok ? "date (YYYY-MM-DD) or date-time" : "date (YYYY-MM-DD)");
}

static void bool_field(chk *c, const cJSON *o, const char *k, const char *where, bool required)
{
    const cJSON *v = get(o, k);
    if (!v && required) problem(c, "%s%s is missing", where, k);
    else if (v && !cJSON_IsBool(v)) problem(c, "%s%s must be true or false, not %s", where, k, kind(v));
}

static const cJSON *obj_field(chk *c, const cJSON *o, const char *k, const char *where, bool required)
{
    const cJSON *v = get(o, k);
    if (!v && required) problem(c, "%s%s is missing", where, k);
    if (!v) return NULL;
    if (!cJSON_IsObject(v)) {
        problem(c, "%s%s must be an object, not %s", where, k, kind(v));
        return NULL;
    }
    return v;
}

static const cJSON *arr_field(chk *c, const cJSON *o, const char *k, const char *where)
{
    const cJSON *v = get(o, k);
    if (v && !cJSON_IsArray(v)) {
        problem(c, "%s%s must be an array, not %s", where, k, kind(v));
        return NULL;
    }
    return v;
}

/* A country code FtM knows (ISO 3166-1 and FtM's few additions). */
static bool known_country(const ov_model *m, const char *code)
{
    const ov_schema *s = ov_model_schema(m, "Thing");
    const ov_prop *p = s ? ov_schema_prop(s, "country") : NULL;
    char clean[16];
    bool cleaned;
    const char *why;
    return p && ov_model_validate(m, p, code, strlen(code), clean, sizeof clean, &cleaned, &why) == OV_OK;
}

/* components.json Country: {name (required), code (2 letters)}; the code a country. */
static void country(chk *c, const cJSON *v, const char *what)
{
    if (!cJSON_IsObject(v)) {
        problem(c, "%s must be an object with a name, not %s", what, kind(v));
        return;
    }
    char where[96];
    snprintf(where, sizeof where, "%s ", what);
    str_field(c, v, "name", where, true);
    const char *code = str_field(c, v, "code", where, false);
    if (code && strlen(code) != 2) problem(c, "%s code '%.20s' must have 2 letters", what, code);
    else if (code && !known_country(c->m, code)) problem(c, "%s '%.20s' is not a country code", what, code);
}

static void jurisdiction(chk *c, const cJSON *v)
{
    if (!cJSON_IsObject(v)) {
        problem(c, "jurisdiction must be an object with a name, not %s", kind(v));
        return;
    }
    str_field(c, v, "name", "jurisdiction ", true);
    const char *code = str_field(c, v, "code", "jurisdiction ", false);
    if (!code) return;
    size_t n = strlen(code), cc = strcspn(code, "-");
    char two[3] = {0};
    if (cc == 2) memcpy(two, code, 2);
    if (n < 2 || n > 6) problem(c, "jurisdiction code '%.20s' must have 2 to 6 characters", code);
    else if (cc != 2 || !known_country(c->m, two)) problem(c, "jurisdiction '%.20s' is not a country or subdivision code", code);
}

static const char *const address_types[] = {"placeOfBirth", "residence", "registered", "service", "alternative",
                                            "business", NULL};

static void address(chk *c, const cJSON *a, const char *what)
{
    if (!cJSON_IsObject(a)) {
        problem(c, "%s must be an object, not %s", what, kind(a));
        return;
    }
    char where[96];
    snprintf(where, sizeof where, "%s ", what);
    enum_field(c, a, "type", where, false, address_types);
    str_field(c, a, "address", where, false);
    str_field(c, a, "postCode", where, false);
    const cJSON *ctry = get(a, "country");
    if (ctry) {
        char w[112];
        snprintf(w, sizeof w, "%s country", what);
        country(c, ctry, w);
    }
}

static void addresses(chk *c, const cJSON *d)
{
    const cJSON *arr = arr_field(c, d, "addresses", ""), *a;
    int i = 0;
    cJSON_ArrayForEach(a, arr)
    {
        char what[48];
        snprintf(what, sizeof what, "address %d", ++i);
        address(c, a, what);
    }
}

static void identifiers(chk *c, const cJSON *d)
{
    const cJSON *arr = arr_field(c, d, "identifiers", ""), *x;
    int i = 0;
    cJSON_ArrayForEach(x, arr)
    {
        char where[48];
        snprintf(where, sizeof where, "identifier %d ", ++i);
        if (!cJSON_IsObject(x)) {
            problem(c, "identifier %d must be an object, not %s", i, kind(x));
            continue;
        }
        str_field(c, x, "id", where, false);
        const char *s = str_field(c, x, "scheme", where, false), *sn = str_field(c, x, "schemeName", where, false);
        if (!s && !sn && !get(x, "scheme") && !get(x, "schemeName")) problem(c, "identifier %d has no scheme or schemeName", i);
        str_field(c, x, "uri", where, false);
    }
}

static void countries(chk *c, const cJSON *d, const char *k, const char *what)
{
    const cJSON *arr = arr_field(c, d, k, ""), *x;
    cJSON_ArrayForEach(x, arr) country(c, x, what);
}

/* ---- the record kinds ---------------------------------------------------------------- */

static void entity(chk *c, const cJSON *d)
{
    static const char *const types[] = {"registeredEntity", "legalEntity", "arrangement", "anonymousEntity",
                                        "unknownEntity", "state", "stateBody", NULL};
    static const char *const subtypes[] = {"governmentDepartment", "stateAgency", "other", "trust", "nomination", NULL};
    bool_field(c, d, "isComponent", "", true);
    const cJSON *et = obj_field(c, d, "entityType", "", true);
    if (et) {
        enum_field(c, et, "type", "entityType ", true, types);
        enum_field(c, et, "subtype", "entityType ", false, subtypes);
        str_field(c, et, "details", "entityType ", false);
    }
    str_field(c, d, "name", "", false);
    const cJSON *alt = arr_field(c, d, "alternateNames", ""), *x;
    cJSON_ArrayForEach(x, alt) if (!cJSON_IsString(x)) problem(c, "alternateNames must hold strings, not %s", kind(x));
    const cJSON *j = get(d, "jurisdiction");
    if (j) jurisdiction(c, j);
    identifiers(c, d);
    date_field(c, d, "foundingDate", "", false, false);
    date_field(c, d, "dissolutionDate", "", false, false);
    addresses(c, d);
    str_field(c, d, "uri", "", false);
}

static void person_date(chk *c, const cJSON *d, const char *k)
{
    const char *v = str_field(c, d, k, "", false);
    if (!v) return;
    size_t n = strlen(v);
    bool ok = (n == 4 && digits(v, 4)) ||
              (n == 7 && digits(v, 4) && v[4] == '-' && digits(v + 5, 2) && v[5] <= '1' &&
               (v[5] == '1' ? v[6] <= '2' : v[6] >= '1')) ||
              full_date(v, n);
    if (!ok) problem(c, "%s '%.40s' is not YYYY, YYYY-MM or YYYY-MM-DD", k, v);
}

static void person(chk *c, const cJSON *d)
{
    static const char *const types[] = {"anonymousPerson", "unknownPerson", "knownPerson", NULL};
    static const char *const name_types[] = {"legal", "translation", "transliteration", "former", "alternative",
                                             "birth", NULL};
    bool_field(c, d, "isComponent", "", true);
    enum_field(c, d, "personType", "", true, types);
    const cJSON *names = arr_field(c, d, "names", ""), *n;
    int i = 0;
    cJSON_ArrayForEach(n, names)
    {
        char where[48];
        snprintf(where, sizeof where, "name %d ", ++i);
        if (!cJSON_IsObject(n)) {
            problem(c, "name %d must be an object with a fullName, not %s", i, kind(n));
            continue;
        }
        enum_field(c, n, "type", where, false, name_types);
        str_field(c, n, "fullName", where, true);
        str_field(c, n, "familyName", where, false);
        str_field(c, n, "givenName", where, false);
        str_field(c, n, "patronymicName", where, false);
    }
    identifiers(c, d);
    countries(c, d, "nationalities", "nationality");
    countries(c, d, "taxResidencies", "tax residency");
    const cJSON *pob = get(d, "placeOfBirth");
    if (pob) address(c, pob, "placeOfBirth");
    person_date(c, d, "birthDate");
    person_date(c, d, "deathDate");
    addresses(c, d);
}

static void share(chk *c, const cJSON *sh, int i)
{
    if (!cJSON_IsObject(sh)) {
        problem(c, "interest %d share must be an object, not %s", i, kind(sh));
        return;
    }
    static const char *const keys[] = {"exact", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *v = get(sh, keys[k]);
        if (!v || cJSON_IsBool(v)) continue; /* 0.2's boolean exclusive bounds: bods.c reads them */
        if (!cJSON_IsNumber(v)) problem(c, "interest %d share %s must be a number, not %s", i, keys[k], kind(v));
        else if (v->valuedouble < 0 || v->valuedouble > 100)
            problem(c, "interest %d share \"%s\" is %g, outside 0..100 percent", i, keys[k], v->valuedouble);
    }
}

static void relationship(chk *c, const cJSON *d)
{
    static const char *const itypes[] = {
        "shareholding", "votingRights", "appointmentOfBoard", "otherInfluenceOrControl", "seniorManagingOfficial",
        "settlor", "trustee", "protector", "beneficiaryOfLegalArrangement", "rightsToSurplusAssetsOnDissolution",
        "rightsToProfitOrIncome", "rightsGrantedByContract", "conditionalRightsGrantedByContract",
        "controlViaCompanyRulesOrArticles", "controlByLegalFramework", "boardMember", "boardChair",
        "unknownInterest", "unpublishedInterest", "enjoymentAndUseOfAssets", "rightToProfitOrIncomeFromAssets",
        "nominee", "nominator", NULL};
    static const char *const dirs[] = {"direct", "indirect", "unknown", NULL};
    bool_field(c, d, "isComponent", "", true);
    static const char *const ends[] = {"subject", "interestedParty"};
    for (int k = 0; k < 2; k++) {
        const cJSON *v = get(d, ends[k]);
        if (!v) problem(c, "%s is missing", ends[k]);
        else if (!cJSON_IsString(v) && !cJSON_IsObject(v))
            problem(c, "%s must be a recordId or an unspecified record, not %s", ends[k], kind(v));
    }
    const cJSON *comp = arr_field(c, d, "componentRecords", ""), *x;
    cJSON_ArrayForEach(x, comp) if (!cJSON_IsString(x)) problem(c, "componentRecords must hold recordIds, not %s", kind(x));
    const cJSON *ints = arr_field(c, d, "interests", ""), *in;
    int i = 0;
    cJSON_ArrayForEach(in, ints)
    {
        char where[48];
        snprintf(where, sizeof where, "interest %d ", ++i);
        if (!cJSON_IsObject(in)) {
            problem(c, "interest %d must be an object, not %s", i, kind(in));
            continue;
        }
        enum_field(c, in, "type", where, false, itypes);
        enum_field(c, in, "directOrIndirect", where, false, dirs);
        bool_field(c, in, "beneficialOwnershipOrControl", where, false);
        str_field(c, in, "details", where, false);
        const cJSON *sh = get(in, "share");
        if (sh) share(c, sh, i);
        date_field(c, in, "startDate", where, false, false);
        date_field(c, in, "endDate", where, false, false);
    }
}

/* ---- the statement ---------------------------------------------------------------------- */

static void version(chk *c, const cJSON *st, bool v04)
{
    const cJSON *pub = get(st, "publicationDetails");
    const cJSON *v = cJSON_IsObject(pub) ? get(pub, "bodsVersion") : NULL;
    if (!v) return;
    if (!cJSON_IsString(v)) {
        problem(c, "bodsVersion must be a string such as \"0.4\", not %s", kind(v));
        return;
    }
    const char *s = v->valuestring;
    if (v04 && strcmp(s, "0.4") != 0) {
        bool older = strcmp(s, "0.1") == 0 || strcmp(s, "0.2") == 0 || strcmp(s, "0.3") == 0;
        problem(c, "bodsVersion '%.20s' %s", s,
                older ? "on a statement in the 0.4 form (recordType, recordDetails): the package claims an older "
                        "version than it is written in"
                      : "is not supported (0.4 is read, and 0.2 and 0.3 in their own form)");
    } else if (!v04 && strcmp(s, "0.2") != 0 && strcmp(s, "0.3") != 0 && strcmp(s, "0.1") != 0) {
        problem(c, "bodsVersion '%.20s' on a statement in the 0.2/0.3 form (statementType): %s", s,
                strcmp(s, "0.4") == 0 ? "0.4 statements have recordType and recordDetails" : "not a supported version");
    }
}

int ov__bods_check(const ov_model *m, const cJSON *st, bool v04, char *why, size_t n)
{
    chk c = {.m = m, .out = why, .cap = n};
    if (n) why[0] = '\0';
    version(&c, st, v04);
    if (!v04) return c.n;
    static const char *const rtypes[] = {"entity", "person", "relationship", NULL};
    static const char *const statuses[] = {"new", "updated", "closed", NULL};
    static const char *const motivations[] = {"commenting", "correcting", "identifying", "linking", "transformation", NULL};
    static const char *const stypes[] = {"selfDeclaration", "officialRegister", "thirdParty", "primaryResearch",
                                         "verified", NULL};
    const char *sid = str_field(&c, st, "statementId", "", true);
    if (sid && (strlen(sid) < 32 || strlen(sid) > 64))
        problem(&c, "statementId '%.70s' must have 32 to 64 characters, not %zu", sid, strlen(sid));
    str_field(&c, st, "declarationSubject", "", true);
    str_field(&c, st, "recordId", "", true);
    str_field(&c, st, "declaration", "", false);
    enum_field(&c, st, "recordType", "", true, rtypes);
    enum_field(&c, st, "recordStatus", "", false, statuses);
    date_field(&c, st, "statementDate", "", true, true);
    const cJSON *pub = obj_field(&c, st, "publicationDetails", "", false);
    if (pub) {
        date_field(&c, pub, "publicationDate", "publicationDetails ", true, true);
        if (!get(pub, "bodsVersion")) problem(&c, "publicationDetails bodsVersion is missing");
        str_field(&c, pub, "license", "publicationDetails ", false);
        const cJSON *who = obj_field(&c, pub, "publisher", "publicationDetails ", true);
        if (who) {
            const char *nm = str_field(&c, who, "name", "publisher ", false), *url = str_field(&c, who, "url", "publisher ", false);
            if (!nm && !url && !get(who, "name") && !get(who, "url")) problem(&c, "publisher has neither a name nor a url");
        }
    }
    const cJSON *src = obj_field(&c, st, "source", "", false);
    if (src) {
        const cJSON *types = arr_field(&c, src, "type", "source "), *t;
        cJSON_ArrayForEach(t, types)
        {
            if (!cJSON_IsString(t)) problem(&c, "source type must hold strings, not %s", kind(t));
            else if (!in_list(t->valuestring, stypes)) problem(&c, "source type '%.40s' is not in its codelist", t->valuestring);
        }
        str_field(&c, src, "description", "source ", false);
        str_field(&c, src, "url", "source ", false);
        date_field(&c, src, "retrievedAt", "source ", false, true);
    }
    const cJSON *notes = arr_field(&c, st, "annotations", ""), *a;
    int i = 0;
    cJSON_ArrayForEach(a, notes)
    {
        char where[48];
        snprintf(where, sizeof where, "annotation %d ", ++i);
        if (!cJSON_IsObject(a)) {
            problem(&c, "annotation %d must be an object, not %s", i, kind(a));
            continue;
        }
        enum_field(&c, a, "motivation", where, true, motivations);
        str_field(&c, a, "statementPointerTarget", where, true);
        str_field(&c, a, "description", where, false);
    }
    const cJSON *d = obj_field(&c, st, "recordDetails", "", true);
    const char *rt = cJSON_GetStringValue(get(st, "recordType"));
    if (d && rt && strcmp(rt, "entity") == 0) entity(&c, d);
    else if (d && rt && strcmp(rt, "person") == 0) person(&c, d);
    else if (d && rt && strcmp(rt, "relationship") == 0) relationship(&c, d);
    if (c.n > MAX_PROBLEMS && c.len + 24 < c.cap)
        snprintf(why + c.len, c.cap - c.len, "; and %d more", c.n - MAX_PROBLEMS);
    return c.n;
}
