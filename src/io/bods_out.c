/*
 * bods_out.c - writes the record as a BODS 0.4 package: a JSON array of
 * statements, entity and person records first (Company, Organization,
 * PublicBody, LegalEntity; Person), then one relationship record per
 * Ownership (shareholding), Control (otherInfluenceOrControl) and Directorship
 * (boardMember) whose two ends are in the package.
 *
 * Every statement carries the record's citations as its `source` (type
 * thirdParty, plus verified when every fact of the record is; the citations in
 * the description, the first URL as url) and the record's statuses as
 * annotations: one per fact that is not simply asserted, motivation
 * "commenting", pointing at the field it became where there is one, with the
 * status, property and value in the custom fields oversightStatus,
 * oversightProperty and oversightValue. Dates FtM keeps partial (2017,
 * 2017-07) are rounded to the first day, as BODS asks. Everything else of the
 * record (documents, sanctions, ...) has no BODS form: counted, not written.
 */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <nettle/sha1.h>
#include "export_internal.h"
#include "ftm_standard.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/hmap.h"
#include "../util/banned.h"

extern const char ov__model_base[], ov__model_base_end[];

#define BODS_MAX_CITATIONS 20 /* listed in a source description; the rest counted */

typedef struct bods_out {
    FILE *out;
    const ov_model *m;
    ov_store *st;
    cJSON *countries;      /* FtM's country codes -> names (the model's type values) */
    char **change_at;      /* change id -> time */
    int64_t n_changes;
    char pub_date[11];     /* the last change's date: the package's publication date */
    ov_hmap written;       /* ids of the entity and person records written */
    char **rels;           /* relationship statements, JSON text (ov__malloc), written last */
    char **rel_ends;       /* per relationship: subject and interested party ids (2 per) */
    size_t n_rels, cap_rels;
    bool first;
    int64_t count;
    ov__tally *notes;
    int rc;
} bods_out;

/* ---- small helpers ------------------------------------------------------------ */

static const char *first_value(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && strcmp(e->stmts[i].prop, prop) == 0) return e->stmts[i].value;
    return NULL;
}

/* A date as BODS's full-date: YYYY-MM-DD, partial dates rounded to the first
 * day (YYYY -> YYYY-01-01). false when v is not a date FtM would write. */
static bool full_date(const char *v, char out[11])
{
    size_t n = strlen(v);
    if (n < 4) return false;
    for (int i = 0; i < 4; i++)
        if (v[i] < '0' || v[i] > '9') return false;
    memcpy(out, v, 4);
    memcpy(out + 4, "-01-01", 7);
    if (n >= 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '1' && v[6] >= '0' && v[6] <= '9') {
        out[5] = v[5];
        out[6] = v[6];
        if (n >= 10 && v[7] == '-' && v[8] >= '0' && v[8] <= '3' && v[9] >= '0' && v[9] <= '9') {
            out[8] = v[8];
            out[9] = v[9];
        }
    }
    int mo = (out[5] - '0') * 10 + (out[6] - '0'), d = (out[8] - '0') * 10 + (out[9] - '0');
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/* A URL an RFC 3986 parser takes: http(s), printable ASCII, no spaces. */
static bool plain_url(const char *s)
{
    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == '^' ||
            *p == '`' || *p == '{' || *p == '|' || *p == '}')
            return false;
    return true;
}

static const char *change_time(const bods_out *b, int64_t id)
{
    return id > 0 && id < b->n_changes ? b->change_at[id] : NULL;
}

static int note(bods_out *b, const char *msg) { return ov__tally_add(b->notes, msg, 1); }

/* ---- the parts of a statement ---------------------------------------------------- */

static cJSON *country_obj(const bods_out *b, const char *code)
{
    char up[8];
    size_t n = strlen(code);
    if (n != 2) return NULL;
    up[0] = (char)(code[0] >= 'a' && code[0] <= 'z' ? code[0] - 32 : code[0]);
    up[1] = (char)(code[1] >= 'a' && code[1] <= 'z' ? code[1] - 32 : code[1]);
    up[2] = 0;
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b->countries, code));
    if (!name) return NULL; /* FtM's pseudo-countries (zz, suhh ...) have no ISO code */
    cJSON *c = cJSON_CreateObject();
    if (!c) return NULL;
    cJSON_AddStringToObject(c, "name", name);
    cJSON_AddStringToObject(c, "code", up);
    return c;
}

/* The BODS field a property became, as a JSON pointer below the statement
 * root, or "" (the whole statement). */
static const char *pointer_of(const char *record_type, const char *prop)
{
    static const struct {
        const char *type, *prop, *ptr;
    } ptrs[] = {
        {"entity", "name", "/recordDetails/name"},
        {"entity", "alias", "/recordDetails/alternateNames"},
        {"entity", "jurisdiction", "/recordDetails/jurisdiction"},
        {"entity", "incorporationDate", "/recordDetails/foundingDate"},
        {"entity", "dissolutionDate", "/recordDetails/dissolutionDate"},
        {"entity", "address", "/recordDetails/addresses"},
        {"entity", "registrationNumber", "/recordDetails/identifiers"},
        {"entity", "leiCode", "/recordDetails/identifiers"},
        {"person", "name", "/recordDetails/names"},
        {"person", "nationality", "/recordDetails/nationalities"},
        {"person", "birthDate", "/recordDetails/birthDate"},
        {"relationship", "owner", "/recordDetails/interestedParty"},
        {"relationship", "asset", "/recordDetails/subject"},
        {"relationship", "percentage", "/recordDetails/interests/0/share"},
        {"relationship", "ownershipType", "/recordDetails/interests/0/details"},
        {"relationship", "controlType", "/recordDetails/interests/0/details"},
        {"relationship", "role", "/recordDetails/interests/0/details"},
        {"relationship", "controller", "/recordDetails/interestedParty"},
        {"relationship", "controlled", "/recordDetails/subject"},
        {"relationship", "director", "/recordDetails/interestedParty"},
        {"relationship", "organization", "/recordDetails/subject"},
        {"relationship", "startDate", "/recordDetails/interests/0/startDate"},
        {"relationship", "endDate", "/recordDetails/interests/0/endDate"},
    };
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
        if (strcmp(ptrs[i].type, record_type) == 0 && strcmp(ptrs[i].prop, prop) == 0) return ptrs[i].ptr;
    return "";
}

/* source: the record's citations; annotations: its statuses. */
static int add_provenance(bods_out *b, cJSON *stmt, const ov_entity *e, const char *record_type)
{
    cJSON *src = cJSON_AddObjectToObject(stmt, "source");
    cJSON *types = src ? cJSON_AddArrayToObject(src, "type") : NULL;
    if (!types) return OV_ENOMEM;
    cJSON_AddItemToArray(types, cJSON_CreateString("thirdParty"));
    bool all_verified = e->n_stmts > 0;
    const char *url = NULL;
    ov_buf desc;
    ov_buf_init(&desc, (size_t)1 << 20);
    int rc = ov_buf_adds(&desc, "Oversight record; citations: ");
    size_t listed = 0, more = 0;
    ov_hmap seen;
    ov_hmap_init(&seen);
    cJSON *notes = NULL;
    for (size_t i = 0; !rc && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        if (s->status != OV_ST_VERIFIED) all_verified = false;
        if (s->source) {
            char key[1024];
            snprintf(key, sizeof key, "%s\x1f%s", s->source, s->locator ? s->locator : "");
            int added;
            if (!ov_hmap_upsert(&seen, key, strlen(key), &added)) rc = OV_ENOMEM;
            if (!rc && added) {
                if (!url && plain_url(s->source)) url = s->source;
                if (listed < BODS_MAX_CITATIONS) {
                    if (listed++) rc = ov_buf_adds(&desc, "; ");
                    if (!rc) rc = ov_buf_adds(&desc, s->source);
                    if (!rc && s->locator) rc = ov_buf_printf(&desc, " (%s)", s->locator);
                } else {
                    more++;
                }
            }
        }
        if (rc || s->status == OV_ST_ASSERTED) continue;
        if (!notes && !(notes = cJSON_AddArrayToObject(stmt, "annotations"))) rc = OV_ENOMEM;
        cJSON *a = rc ? NULL : cJSON_CreateObject();
        if (!a || !cJSON_AddItemToArray(notes, a)) {
            cJSON_Delete(a);
            rc = OV_ENOMEM;
            break;
        }
        char d[512];
        snprintf(d, sizeof d, "Oversight status: %s (%s)%s%s", ov_status_name(s->status), s->prop,
                 s->source ? "; cited: " : "", s->source ? s->source : "");
        cJSON_AddStringToObject(a, "statementPointerTarget", pointer_of(record_type, s->prop));
        cJSON_AddStringToObject(a, "motivation", "commenting");
        cJSON_AddStringToObject(a, "description", d);
        cJSON *by = cJSON_AddObjectToObject(a, "createdBy");
        if (by) cJSON_AddStringToObject(by, "name", "Oversight");
        cJSON_AddStringToObject(a, "oversightStatus", ov_status_name(s->status));
        cJSON_AddStringToObject(a, "oversightProperty", s->prop);
        cJSON_AddStringToObject(a, "oversightValue", s->value);
    }
    if (!rc && !listed) rc = ov_buf_adds(&desc, "none");
    if (!rc && more) rc = ov_buf_printf(&desc, "; and %zu more", more);
    if (!rc && all_verified) cJSON_AddItemToArray(types, cJSON_CreateString("verified"));
    if (!rc && !cJSON_AddStringToObject(src, "description", ov_buf_str(&desc))) rc = OV_ENOMEM;
    if (!rc && url && !cJSON_AddStringToObject(src, "url", url)) rc = OV_ENOMEM;
    ov_buf_release(&desc);
    ov_hmap_release(&seen);
    return rc;
}

/* The envelope every statement shares. */
static cJSON *statement(bods_out *b, const ov_entity *e, const char *record_type, const char *subject)
{
    cJSON *s = cJSON_CreateObject();
    if (!s) return NULL;
    char key[512], hex[41];
    snprintf(key, sizeof key, "oversight.bods.%s.%s.%lld", record_type, e->id, (long long)e->changed_in);
    struct sha1_ctx c;
    uint8_t d[SHA1_DIGEST_SIZE];
    sha1_init(&c);
    sha1_update(&c, strlen(key), (const uint8_t *)key);
    sha1_digest(&c, sizeof d, d);
    for (int i = 0; i < SHA1_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
    char date[11];
    const char *at = change_time(b, e->changed_in);
    if (!at || !full_date(at, date)) memcpy(date, b->pub_date, sizeof date);
    cJSON_AddStringToObject(s, "statementId", hex);
    cJSON_AddStringToObject(s, "declarationSubject", subject);
    cJSON_AddStringToObject(s, "statementDate", date);
    cJSON_AddStringToObject(s, "recordId", e->id);
    cJSON_AddStringToObject(s, "recordType", record_type);
    cJSON_AddStringToObject(s, "recordStatus", e->added_in == e->changed_in ? "new" : "updated");
    cJSON *pub = cJSON_AddObjectToObject(s, "publicationDetails");
    if (pub) {
        cJSON_AddStringToObject(pub, "publicationDate", b->pub_date);
        cJSON_AddStringToObject(pub, "bodsVersion", "0.4");
        cJSON *who = cJSON_AddObjectToObject(pub, "publisher");
        if (who) cJSON_AddStringToObject(who, "name", "Oversight");
    }
    return s;
}

static int add_identifiers(cJSON *details, const ov_model *m, const ov_entity *e)
{
    const ov_schema *sc = ov_model_schema(m, e->schema);
    cJSON *ids = NULL;
    for (size_t i = 0; sc && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        const ov_prop *p = s->status == OV_ST_RETRACTED ? NULL : ov_schema_prop(sc, s->prop);
        if (!p || ov_prop_type(p) != OV_T_IDENTIFIER) continue;
        if (!ids && !(ids = cJSON_AddArrayToObject(details, "identifiers"))) return OV_ENOMEM;
        cJSON *id = cJSON_CreateObject();
        if (!id || !cJSON_AddItemToArray(ids, id)) {
            cJSON_Delete(id);
            return OV_ENOMEM;
        }
        cJSON_AddStringToObject(id, "id", s->value);
        if (strcmp(s->prop, "leiCode") == 0) cJSON_AddStringToObject(id, "scheme", "XI-LEI");
        cJSON_AddStringToObject(id, "schemeName", ov_prop_label(p));
    }
    return OV_OK;
}

static cJSON *entity_details(bods_out *b, const ov_entity *e, const ov_schema *sc)
{
    cJSON *d = cJSON_CreateObject();
    if (!d) return NULL;
    cJSON_AddBoolToObject(d, "isComponent", false);
    cJSON *et = cJSON_AddObjectToObject(d, "entityType");
    const char *type = "legalEntity";
    if (ov_schema_is_a(sc, ov_model_schema(b->m, "PublicBody"))) type = "stateBody";
    else if (ov_schema_is_a(sc, ov_model_schema(b->m, "Company")) && first_value(e, "registrationNumber"))
        type = "registeredEntity";
    if (et) {
        cJSON_AddStringToObject(et, "type", type);
        cJSON_AddStringToObject(et, "details", e->schema);
    }
    const char *name = first_value(e, "name");
    if (!name) name = e->caption;
    if (name) cJSON_AddStringToObject(d, "name", name);
    cJSON *alt = NULL;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        bool other_name = strcmp(s->prop, "alias") == 0 || strcmp(s->prop, "previousName") == 0 ||
                          (strcmp(s->prop, "name") == 0 && s->value != name);
        if (!other_name) continue;
        if (!alt) alt = cJSON_AddArrayToObject(d, "alternateNames");
        if (alt) cJSON_AddItemToArray(alt, cJSON_CreateString(s->value));
    }
    const char *jur = first_value(e, "jurisdiction");
    if (!jur) jur = first_value(e, "country");
    cJSON *j = jur ? country_obj(b, jur) : NULL;
    if (j) cJSON_AddItemToObject(d, "jurisdiction", j);
    char date[11];
    const char *v = first_value(e, "incorporationDate");
    if (v && full_date(v, date)) cJSON_AddStringToObject(d, "foundingDate", date);
    v = first_value(e, "dissolutionDate");
    if (v && full_date(v, date)) cJSON_AddStringToObject(d, "dissolutionDate", date);
    cJSON *addrs = NULL;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED || strcmp(s->prop, "address") != 0) continue;
        if (!addrs) addrs = cJSON_AddArrayToObject(d, "addresses");
        cJSON *a = cJSON_CreateObject();
        if (!a) break;
        cJSON_AddStringToObject(a, "type", "registered");
        cJSON_AddStringToObject(a, "address", s->value);
        cJSON_AddItemToArray(addrs, a);
    }
    const char *web = first_value(e, "website");
    if (web && plain_url(web)) cJSON_AddStringToObject(d, "uri", web);
    if (add_identifiers(d, b->m, e)) {
        cJSON_Delete(d);
        return NULL;
    }
    return d;
}

static cJSON *person_details(bods_out *b, const ov_entity *e)
{
    cJSON *d = cJSON_CreateObject();
    if (!d) return NULL;
    cJSON_AddBoolToObject(d, "isComponent", false);
    cJSON_AddStringToObject(d, "personType", "knownPerson");
    cJSON *names = cJSON_AddArrayToObject(d, "names");
    bool first = true;
    for (size_t i = 0; names && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED || (strcmp(s->prop, "name") != 0 && strcmp(s->prop, "alias") != 0)) continue;
        cJSON *n = cJSON_CreateObject();
        if (!n) break;
        cJSON_AddStringToObject(n, "type", first && strcmp(s->prop, "name") == 0 ? "legal" : "alternative");
        cJSON_AddStringToObject(n, "fullName", s->value);
        cJSON_AddItemToArray(names, n);
        first = false;
    }
    cJSON *nat = NULL;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED || strcmp(s->prop, "nationality") != 0) continue;
        cJSON *c = country_obj(b, s->value);
        if (!c) continue;
        if (!nat) nat = cJSON_AddArrayToObject(d, "nationalities");
        cJSON_AddItemToArray(nat, c);
    }
    char date[11];
    const char *v = first_value(e, "birthDate");
    if (v && full_date(v, date)) cJSON_AddStringToObject(d, "birthDate", strlen(v) == 4 || strlen(v) == 7 ? v : date);
    if (add_identifiers(d, b->m, e)) {
        cJSON_Delete(d);
        return NULL;
    }
    return d;
}

/* A percentage as BODS's share: "68", "68%" exact; "25-50%" a range. */
static cJSON *share_obj(const char *v)
{
    char *end;
    double a = strtod(v, &end);
    if (end == v || a < 0 || a > 100) return NULL;
    while (*end == ' ' || *end == '%') end++;
    cJSON *sh = cJSON_CreateObject();
    if (!sh) return NULL;
    if (*end == '-') {
        const char *p = end + 1;
        double z = strtod(p, &end);
        while (*end == ' ' || *end == '%') end++;
        if (end == p || *end || z < a || z > 100) {
            cJSON_Delete(sh);
            return NULL;
        }
        cJSON_AddNumberToObject(sh, "minimum", a);
        cJSON_AddNumberToObject(sh, "maximum", z);
    } else if (!*end) {
        cJSON_AddNumberToObject(sh, "exact", a);
    } else {
        cJSON_Delete(sh);
        return NULL;
    }
    return sh;
}

static cJSON *relationship_details(const ov_entity *e, const char *subject, const char *party, const char *itype)
{
    cJSON *d = cJSON_CreateObject();
    if (!d) return NULL;
    cJSON_AddBoolToObject(d, "isComponent", false);
    cJSON_AddStringToObject(d, "subject", subject);
    cJSON_AddStringToObject(d, "interestedParty", party);
    cJSON *ints = cJSON_AddArrayToObject(d, "interests");
    cJSON *in = cJSON_CreateObject();
    if (!ints || !in || !cJSON_AddItemToArray(ints, in)) {
        cJSON_Delete(in);
        cJSON_Delete(d);
        return NULL;
    }
    cJSON_AddStringToObject(in, "type", itype);
    cJSON_AddStringToObject(in, "directOrIndirect", "unknown");
    const char *det = first_value(e, "ownershipType");
    if (!det) det = first_value(e, "controlType");
    if (!det) det = first_value(e, "role");
    if (det) cJSON_AddStringToObject(in, "details", det);
    const char *pct = first_value(e, "percentage");
    cJSON *sh = pct ? share_obj(pct) : NULL;
    if (sh) cJSON_AddItemToObject(in, "share", sh);
    char date[11];
    const char *v = first_value(e, "startDate");
    if (v && full_date(v, date)) cJSON_AddStringToObject(in, "startDate", date);
    v = first_value(e, "endDate");
    if (v && full_date(v, date)) cJSON_AddStringToObject(in, "endDate", date);
    return d;
}

/* ---- writing -------------------------------------------------------------------- */

static int emit(bods_out *b, cJSON *s)
{
    char *text = cJSON_PrintUnformatted(s);
    if (!text) return OV_ENOMEM;
    fputs(b->first ? "[\n" : ",\n", b->out);
    fputs(text, b->out);
    cJSON_free(text);
    b->first = false;
    b->count++;
    return ferror(b->out) ? OV_EIO : OV_OK;
}

static int keep_relationship(bods_out *b, cJSON *s, const char *subject, const char *party)
{
    if (b->n_rels == b->cap_rels) {
        size_t cap = b->cap_rels ? b->cap_rels * 2 : 64;
        char **r = ov__realloc(b->rels, cap * sizeof *r);
        if (!r) return OV_ENOMEM;
        b->rels = r;
        char **ends = ov__realloc(b->rel_ends, 2 * cap * sizeof *ends);
        if (!ends) return OV_ENOMEM;
        b->rel_ends = ends;
        b->cap_rels = cap;
    }
    char *text = cJSON_PrintUnformatted(s);
    char *sub = ov__strdup(subject), *par = ov__strdup(party);
    char *copy = text ? ov__strdup(text) : NULL;
    cJSON_free(text);
    if (!copy || !sub || !par) {
        ov__free(copy);
        ov__free(sub);
        ov__free(par);
        return OV_ENOMEM;
    }
    b->rels[b->n_rels] = copy;
    b->rel_ends[2 * b->n_rels] = sub;
    b->rel_ends[2 * b->n_rels + 1] = par;
    b->n_rels++;
    return OV_OK;
}

static int entity_cb(const ov_entity *e, void *ud)
{
    bods_out *b = ud;
    const ov_schema *sc = ov_model_schema(b->m, e->schema);
    const ov_schema *legal = ov_model_schema(b->m, "LegalEntity"), *person = ov_model_schema(b->m, "Person");
    const char *record_type = NULL, *subject = e->id, *party = NULL, *itype = NULL;
    if (sc && person && ov_schema_is_a(sc, person)) record_type = "person";
    else if (sc && legal && ov_schema_is_a(sc, legal)) record_type = "entity";
    else if (strcmp(e->schema, "Ownership") == 0) {
        record_type = "relationship", subject = first_value(e, "asset"), party = first_value(e, "owner");
        itype = "shareholding";
    } else if (strcmp(e->schema, "Control") == 0) {
        record_type = "relationship", subject = first_value(e, "controlled"), party = first_value(e, "controller");
        itype = "otherInfluenceOrControl";
    } else if (strcmp(e->schema, "Directorship") == 0) {
        record_type = "relationship", subject = first_value(e, "organization"), party = first_value(e, "director");
        itype = "boardMember";
    }
    char msg[200];
    if (!record_type || !subject || (itype && !party)) {
        snprintf(msg, sizeof msg, "%s entities left out: %s", e->schema,
                 record_type ? "a relationship without both ends" : "no BODS record type");
        return (b->rc = note(b, msg)) ? 1 : 0;
    }
    cJSON *s = statement(b, e, record_type, subject);
    cJSON *d = !s ? NULL
               : itype ? relationship_details(e, subject, party, itype)
               : strcmp(record_type, "person") == 0 ? person_details(b, e)
               : entity_details(b, e, sc);
    if (!s || !d || !cJSON_AddItemToObject(s, "recordDetails", d)) {
        cJSON_Delete(d);
        b->rc = OV_ENOMEM;
    }
    if (!b->rc) b->rc = add_provenance(b, s, e, record_type);
    if (!b->rc && itype) {
        b->rc = keep_relationship(b, s, subject, party);
    } else if (!b->rc) {
        b->rc = emit(b, s);
        if (!b->rc) b->rc = ov_hmap_put(&b->written, e->id, strlen(e->id), 1);
    }
    cJSON_Delete(s);
    return b->rc ? 1 : 0;
}

typedef struct changes_ctx {
    bods_out *b;
    int rc;
} changes_ctx;

static int change_cb(const ov_change *c, void *ud)
{
    changes_ctx *cc = ud;
    bods_out *b = cc->b;
    if (c->id <= 0 || c->id > ((int64_t)1 << 40) || !c->at) return 0;
    if (c->id >= b->n_changes) {
        int64_t n = b->n_changes ? b->n_changes : 16;
        while (n <= c->id) n *= 2;
        char **v = ov__realloc(b->change_at, (size_t)n * sizeof *v);
        if (!v) return cc->rc = OV_ENOMEM;
        memset(v + b->n_changes, 0, (size_t)(n - b->n_changes) * sizeof *v);
        b->change_at = v;
        b->n_changes = n;
    }
    if (!(b->change_at[c->id] = ov__strdup(c->at))) return cc->rc = OV_ENOMEM;
    char d[11];
    if (full_date(c->at, d) && strcmp(d, b->pub_date) > 0) memcpy(b->pub_date, d, sizeof d);
    return 0;
}

int ov__export_bods(ov_store *st, const ov_model *m, FILE *out, ov_export_note_cb on_note, void *ud,
                    int64_t *count)
{
    bods_out b = {.out = out, .m = m, .st = st, .first = true};
    memcpy(b.pub_date, "1970-01-01", 11);
    ov_hmap_init(&b.written);
    cJSON *base = cJSON_ParseWithLength(ov__model_base, (size_t)(ov__model_base_end - ov__model_base));
    b.countries = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(base, "types"), "country"), "values");
    int rc = base && b.countries ? OV_OK : OV_ECORRUPT;
    if (!rc && !(b.notes = ov__tally_new())) rc = OV_ENOMEM;
    changes_ctx cc = {.b = &b};
    if (!rc) rc = ov_store_changes(st, NULL, change_cb, &cc);
    if (rc == OV_ESTOP) rc = cc.rc;
    if (!rc) rc = ov_store_scan(st, entity_cb, &b);
    if (rc == OV_ESTOP) rc = b.rc;
    /* relationships whose ends are both records of the package */
    for (size_t i = 0; !rc && i < b.n_rels; i++) {
        const char *sub = b.rel_ends[2 * i], *par = b.rel_ends[2 * i + 1];
        if (!ov_hmap_get(&b.written, sub, strlen(sub), NULL) || !ov_hmap_get(&b.written, par, strlen(par), NULL)) {
            rc = note(&b, "relationships left out: an end is not a person or entity of the record");
            continue;
        }
        fputs(b.first ? "[\n" : ",\n", out);
        fputs(b.rels[i], out);
        b.first = false;
        b.count++;
    }
    if (!rc) fputs(b.first ? "[]\n" : "\n]\n", out);
    if (!rc && ferror(out)) rc = OV_EIO;
    if (!rc) ov__tally_report(b.notes, on_note, ud);
    for (size_t i = 0; i < b.n_rels; i++) {
        ov__free(b.rels[i]);
        ov__free(b.rel_ends[2 * i]);
        ov__free(b.rel_ends[2 * i + 1]);
    }
    ov__free(b.rels);
    ov__free(b.rel_ends);
    for (int64_t i = 0; i < b.n_changes; i++) ov__free(b.change_at[i]);
    ov__free(b.change_at);
    ov_hmap_release(&b.written);
    ov__tally_free(b.notes);
    cJSON_Delete(base);
    if (count) *count = b.count;
    return rc;
}
