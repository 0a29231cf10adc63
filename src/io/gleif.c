/*
 * gleif.c - imports GLEIF Level 1 and Level 2 data into FtM: LEI-CDF entity
 * records, RR-CDF relationship records and reporting exceptions, as XML (read
 * as a stream with libxml2's xmlReader: no network, no DTD, no entity
 * expansion) or as golden-copy CSV (columns by name, src/util/csv.c).
 *
 * Both forms are first flattened into one record of (path, value) fields
 * whose paths are the XML element paths below the record element
 * ("Entity.LegalAddress.City"); golden-copy column names are rewritten to the
 * same paths ("Relationship.Period.1.startDate" is field
 * "Relationship.RelationshipPeriods.RelationshipPeriod.StartDate" of group 1),
 * so one mapping serves both.
 *
 * Meaning, not just shape: accounting consolidation (IS_DIRECTLY / _ULTIMATELY_
 * CONSOLIDATED_BY) is not a shareholding and becomes Control with controlType
 * "accounting-consolidation-direct|ultimate", never Ownership; a
 * consolidation percentage stays in the summary. Reporting exceptions are kept
 * as notes on the child entity. docs/internals/imports.md has the tables.
 */
#include <ctype.h>
#include <strings.h>
#include <libxml/xmlreader.h>
#include "import_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/csv.h"
#include "../util/banned.h"

#define G_MAX_FIELDS 4096
#define G_MAX_VALUE 65536
#define G_MAX_DEPTH 16
#define G_DEFAULT_MAX_LINE ((size_t)16 << 20)

int ov_gleif_kind_parse(const char *name)
{
    static const struct { const char *n; ov_gleif_kind k; } names[] = {
        {"auto", OV_GLEIF_AUTO}, {"lei", OV_GLEIF_LEI}, {"lei-cdf", OV_GLEIF_LEI}, {"rr", OV_GLEIF_RR},
        {"rr-cdf", OV_GLEIF_RR}, {"repex", OV_GLEIF_REPEX}, {"exceptions", OV_GLEIF_REPEX}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].n) == 0) return (int)names[i].k;
    return -1;
}

/* One value of a record. */
typedef struct gfield {
    const char *key;    /* path below the record element, '.'-separated */
    const char *value;
    const char *type;   /* the element's "type" attribute (other names), or NULL */
    long group;         /* fields of one repeated element (a period) share it */
} gfield;

typedef struct grec {
    gfield *f;
    size_t n, cap;
} grec;

typedef struct gleif {
    imp im;
    ov_gleif_kind kind;
    grec rec;
} gleif;

static const char *const kind_name[] = {"auto", "LEI-CDF", "RR-CDF", "reporting exception"};

static int rec_add(gleif *g, const char *key, size_t klen, const char *value, size_t vlen, const char *type,
                   long group)
{
    grec *r = &g->rec;
    if (r->n == G_MAX_FIELDS) return imp_reject(&g->im, "more than %d fields in one record", G_MAX_FIELDS);
    if (vlen > G_MAX_VALUE) return imp_reject(&g->im, "a value of %.*s is longer than %d bytes", (int)klen, key, G_MAX_VALUE);
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        gfield *nf = ov_arena_alloc(&g->im.arena, cap * sizeof *nf);
        if (!nf) return OV_ENOMEM;
        if (r->n) memcpy(nf, r->f, r->n * sizeof *nf);
        r->f = nf;
        r->cap = cap;
    }
    gfield *f = &r->f[r->n++];
    f->key = ov_arena_strndup(&g->im.arena, key, klen);
    f->value = ov_arena_strndup(&g->im.arena, value, vlen);
    f->type = type ? ov_arena_strdup(&g->im.arena, type) : NULL;
    f->group = group;
    return f->key && f->value ? OV_OK : OV_ENOMEM;
}

/* The first value of key (case-insensitive), or NULL. */
static const char *get(const gleif *g, const char *key)
{
    for (size_t i = 0; i < g->rec.n; i++)
        if (strcasecmp(g->rec.f[i].key, key) == 0 && g->rec.f[i].value[0]) return g->rec.f[i].value;
    return NULL;
}

static const char *get_in(const gleif *g, const char *key, long group)
{
    for (size_t i = 0; i < g->rec.n; i++)
        if (g->rec.f[i].group == group && strcasecmp(g->rec.f[i].key, key) == 0 && g->rec.f[i].value[0])
            return g->rec.f[i].value;
    return NULL;
}

/* The date part (YYYY-MM-DD) of a GLEIF timestamp: offsets such as +02:00
 * are not FtM dates. */
static int add_date(gleif *g, const char *prop, const char *ts)
{
    if (!ts) return OV_OK;
    size_t n = strlen(ts);
    return imp_addn(&g->im, true, prop, ts, n > 10 ? 10 : n);
}

/* A country from an ISO 3166-1 or -2 code ("US-MA" gives "US"). */
static int add_country(gleif *g, const char *prop, const char *code)
{
    if (!code) return OV_OK;
    size_t n = strcspn(code, "-");
    return n == 2 ? imp_addn(&g->im, false, prop, code, n) : OV_OK;
}

/* ISO 17442: 18 letters/digits and two check digits, mod 97 == 1. */
static bool valid_lei(const char *s)
{
    if (!s || strlen(s) != 20) return false;
    unsigned rem = 0;
    for (int i = 0; i < 20; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c)) rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else if (isupper(c)) rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
        else return false;
    }
    return rem == 1;
}

static bool deleted(const gleif *g) { return get(g, "Extension.Deletion.DeletedAt") != NULL; }

/* ---- LEI-CDF ------------------------------------------------------------ */

static int add_address(gleif *g, const char *base)
{
    static const char *const parts[] = {"FirstAddressLine", "AddressNumber", "AddressNumberWithinBuilding",
                                        "AdditionalAddressLine", "City", "Region", "PostalCode", "Country"};
    ov_buf t;
    ov_buf_init(&t, 8192);
    char key[128];
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        snprintf(key, sizeof key, "%s.%s", base, parts[p]);
        for (size_t i = 0; i < g->rec.n; i++) {
            if (strcasecmp(g->rec.f[i].key, key) || !g->rec.f[i].value[0]) continue;
            if (t.len) ov_buf_adds(&t, ", ");
            ov_buf_adds(&t, g->rec.f[i].value);
        }
    }
    int rc = imp_add(&g->im, "address", ov_buf_str(&t));
    ov_buf_release(&t);
    return rc;
}

static int map_lei(gleif *g)
{
    const char *lei = get(g, "LEI");
    if (!lei) return imp_reject(&g->im, "the record has no LEI");
    snprintf(g->im.what, sizeof g->im.what, "LEI %.40s", lei);
    if (!valid_lei(lei)) return imp_reject(&g->im, "'%.40s' is not an LEI (20 characters, ISO 17442 check digits)", lei);
    char id[64], loc[64];
    snprintf(id, sizeof id, "lei-%s", lei);
    snprintf(loc, sizeof loc, "LEI %s", lei);
    g->im.locator = ov_arena_strdup(&g->im.arena, loc);
    const char *cat = get(g, "Entity.EntityCategory");
    const char *schema = "Company";
    if (cat && !strcmp(cat, "SOLE_PROPRIETOR")) schema = "LegalEntity";
    else if (cat && (!strcmp(cat, "RESIDENT_GOVERNMENT_ENTITY") || !strcmp(cat, "INTERNATIONAL_ORGANIZATION")))
        schema = "PublicBody";
    int rc;
    if (deleted(g)) return imp_entity(&g->im, schema, id, OV_LOAD_DELETE);
    if ((rc = imp_entity(&g->im, schema, id, OV_LOAD_MERGE))) return rc;
    const char *name = get(g, "Entity.LegalName");
    if (!name) return imp_reject(&g->im, "no Entity.LegalName");
    if ((rc = imp_add(&g->im, "name", name)) || (rc = imp_add(&g->im, "leiCode", lei))) return rc;
    for (size_t i = 0; i < g->rec.n; i++) {
        const gfield *f = &g->rec.f[i];
        if (!strcasecmp(f->key, "Entity.OtherEntityNames.OtherEntityName"))
            rc = imp_add(&g->im, f->type && !strcmp(f->type, "PREVIOUS_LEGAL_NAME") ? "previousName" : "alias", f->value);
        else if (!strcasecmp(f->key, "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName"))
            rc = imp_add(&g->im, "weakAlias", f->value);
        if (rc) return rc;
    }
    if ((rc = add_address(g, "Entity.LegalAddress")) || (rc = add_address(g, "Entity.HeadquartersAddress"))) return rc;
    if ((rc = add_country(g, "country", get(g, "Entity.LegalAddress.Country")))) return rc;
    if ((rc = add_country(g, "mainCountry", get(g, "Entity.HeadquartersAddress.Country")))) return rc;
    if ((rc = add_country(g, "jurisdiction", get(g, "Entity.LegalJurisdiction")))) return rc;
    if ((rc = imp_add(&g->im, "registrationNumber", get(g, "Entity.RegistrationAuthority.RegistrationAuthorityEntityID"))))
        return rc;
    const char *other = get(g, "Entity.LegalForm.OtherLegalForm");
    const char *elf = get(g, "Entity.LegalForm.EntityLegalFormCode");
    if (other) rc = imp_add(&g->im, "legalForm", other);
    else if (elf && strcmp(elf, "8888") && strcmp(elf, "9999")) rc = imp_addf(&g->im, "legalForm", "ELF %s", elf);
    if (rc) return rc;
    if ((rc = imp_add(&g->im, "status", get(g, "Entity.EntityStatus")))) return rc;
    if ((rc = add_date(g, "incorporationDate", get(g, "Entity.EntityCreationDate")))) return rc;
    if ((rc = add_date(g, "modifiedAt", get(g, "Registration.LastUpdateDate")))) return rc;
    if (cat && !strcmp(cat, "FUND") && (rc = imp_add(&g->im, "topics", "fin.fund"))) return rc;
    if (cat && !strcmp(cat, "RESIDENT_GOVERNMENT_ENTITY") && (rc = imp_add(&g->im, "topics", "gov"))) return rc;
    if (cat && !strcmp(cat, "INTERNATIONAL_ORGANIZATION") && (rc = imp_add(&g->im, "topics", "gov.igo"))) return rc;
    const char *reg = get(g, "Registration.RegistrationStatus");
    if (reg && (rc = imp_addf(&g->im, "summary", "LEI registration %s%s%s", reg, cat ? "; category " : "", cat ? cat : "")))
        return rc;
    return OV_OK;
}

/* ---- RR-CDF ------------------------------------------------------------- */

#define RR_PERIOD "Relationship.RelationshipPeriods.RelationshipPeriod."
#define RR_QUAL "Relationship.RelationshipQualifiers.RelationshipQualifier."
#define RR_QUANT "Relationship.RelationshipQuantifiers.RelationshipQuantifier."

typedef struct rr_type {
    const char *type;
    const char *schema;     /* Control or UnknownLink */
    const char *what;       /* controlType or UnknownLink role */
} rr_type;

static const rr_type rr_types[] = {
    {"IS_DIRECTLY_CONSOLIDATED_BY", "Control", "accounting-consolidation-direct"},
    {"IS_ULTIMATELY_CONSOLIDATED_BY", "Control", "accounting-consolidation-ultimate"},
    {"IS_FUND-MANAGED_BY", "Control", "fund-management"},
    {"IS_SUBFUND_OF", "UnknownLink", "subfund of umbrella fund"},
    {"IS_FEEDER_TO", "UnknownLink", "feeder fund to master fund"},
    {"IS_INTERNATIONAL_BRANCH_OF", "UnknownLink", "international branch of"},
};

static int map_rr(gleif *g)
{
    const char *start = get(g, "Relationship.StartNode.NodeID"), *end = get(g, "Relationship.EndNode.NodeID");
    const char *type = get(g, "Relationship.RelationshipType");
    snprintf(g->im.what, sizeof g->im.what, "relationship %.24s %.40s %.24s", start ? start : "?",
             type ? type : "?", end ? end : "?");
    if (!start || !end) return imp_reject(&g->im, "the relationship needs a StartNode and an EndNode NodeID");
    if (!type) return imp_reject(&g->im, "no RelationshipType");
    const char *st_t = get(g, "Relationship.StartNode.NodeIDType"), *en_t = get(g, "Relationship.EndNode.NodeIDType");
    if ((st_t && strcmp(st_t, "LEI")) || (en_t && strcmp(en_t, "LEI")))
        return imp_reject(&g->im, "node id type %.40s: only LEI nodes are supported",
                          st_t && strcmp(st_t, "LEI") ? st_t : en_t);
    if (!valid_lei(start) || !valid_lei(end)) return imp_reject(&g->im, "a node id is not a valid LEI");
    for (const char *c = type; *c; c++)
        if (!(isupper((unsigned char)*c) || *c == '_' || *c == '-') || c - type > 60)
            return imp_reject(&g->im, "RelationshipType '%.60s' is not a GLEIF code", type);
    const rr_type *t = NULL;
    for (size_t i = 0; i < sizeof rr_types / sizeof rr_types[0]; i++)
        if (!strcmp(rr_types[i].type, type)) t = &rr_types[i];
    char id[160], lower[72], loc[160];
    size_t k = 0;
    for (const char *c = type; *c && k < sizeof lower - 1; c++) lower[k++] = (char)tolower((unsigned char)*c);
    lower[k] = '\0';
    snprintf(id, sizeof id, "lei-%s-%s-%s", start, lower, end);
    snprintf(loc, sizeof loc, "RR %s %s %s", start, type, end);
    g->im.locator = ov_arena_strdup(&g->im.arena, loc);
    const char *schema = t ? t->schema : "UnknownLink";
    int rc;
    if (deleted(g)) return imp_entity(&g->im, schema, id, OV_LOAD_DELETE);
    if ((rc = imp_entity(&g->im, schema, id, OV_LOAD_MERGE))) return rc;
    char child[40], parent[40];
    snprintf(child, sizeof child, "lei-%s", start);
    snprintf(parent, sizeof parent, "lei-%s", end);
    /* the start node is the child (consolidated, fund, subfund, feeder); the
     * end node the parent, manager, umbrella or master */
    if (t && !strcmp(t->schema, "Control")) {
        if ((rc = imp_add(&g->im, "controller", parent)) || (rc = imp_add(&g->im, "controlled", child)) ||
            (rc = imp_add(&g->im, "controlType", t->what)) ||
            (rc = imp_addf(&g->im, "legalBasis", "GLEIF RR-CDF %s", type)))
            return rc;
    } else {
        if ((rc = imp_add(&g->im, "subject", child)) || (rc = imp_add(&g->im, "object", parent))) return rc;
        if (t) rc = imp_add(&g->im, "role", t->what);
        if (rc) return rc;
    }
    if ((rc = imp_add(&g->im, "role", type))) return rc;
    if ((rc = imp_add(&g->im, "status", get(g, "Relationship.RelationshipStatus")))) return rc;
    if ((rc = add_date(g, "modifiedAt", get(g, "Registration.LastUpdateDate")))) return rc;
    if ((rc = imp_try(&g->im, "sourceUrl", get(g, "Registration.ValidationReference")))) return rc;
    if ((rc = imp_add(&g->im, "recordId", loc + 3))) return rc;
    /* periods: the relationship's own gives start and end; the others (accounting,
     * document filing) go into the summary */
    ov_buf sum;
    ov_buf_init(&sum, 4096);
    ov_buf_printf(&sum, "GLEIF %s", type);
    const char *reg = get(g, "Registration.RegistrationStatus");
    if (reg) ov_buf_printf(&sum, "; registration %s", reg);
    for (size_t i = 0; i < g->rec.n && !rc; i++) {
        const gfield *f = &g->rec.f[i];
        if (strcasecmp(f->key, RR_PERIOD "PeriodType") == 0) {
            const char *s = get_in(g, RR_PERIOD "StartDate", f->group), *e = get_in(g, RR_PERIOD "EndDate", f->group);
            if (!strcmp(f->value, "RELATIONSHIP_PERIOD")) {
                if (!(rc = add_date(g, "startDate", s))) rc = add_date(g, "endDate", e);
            } else {
                ov_buf_printf(&sum, "; %s %.10s to %.10s", f->value, s ? s : "?", e ? e : "open");
            }
        } else if (strcasecmp(f->key, RR_QUAL "QualifierDimension") == 0) {
            const char *c = get_in(g, RR_QUAL "QualifierCategory", f->group);
            ov_buf_printf(&sum, "; %s %s", f->value, c ? c : "?");
        } else if (strcasecmp(f->key, RR_QUANT "MeasurementMethod") == 0) {
            /* an accounting consolidation percentage is not a share of ownership */
            const char *a = get_in(g, RR_QUANT "QuantifierAmount", f->group);
            const char *u = get_in(g, RR_QUANT "QuantifierUnits", f->group);
            ov_buf_printf(&sum, "; %s %s %s", f->value, a ? a : "?", u ? u : "");
        }
    }
    if (!rc) rc = imp_add(&g->im, "summary", ov_buf_str(&sum));
    ov_buf_release(&sum);
    return rc;
}

/* ---- reporting exceptions ----------------------------------------------- */

static int map_repex(gleif *g)
{
    const char *lei = get(g, "LEI");
    if (!lei) return imp_reject(&g->im, "the exception has no LEI");
    snprintf(g->im.what, sizeof g->im.what, "exception for LEI %.40s", lei);
    if (!valid_lei(lei)) return imp_reject(&g->im, "'%.40s' is not a valid LEI", lei);
    const char *cat = get(g, "ExceptionCategory");
    if (!cat) return imp_reject(&g->im, "no ExceptionCategory");
    if (strcmp(cat, "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT") && strcmp(cat, "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT"))
        return imp_reject(&g->im, "unknown ExceptionCategory '%.60s'", cat);
    char loc[128], id[40];
    snprintf(loc, sizeof loc, "repex %s %s", lei, cat);
    snprintf(id, sizeof id, "lei-%s", lei);
    g->im.locator = ov_arena_strdup(&g->im.arena, loc);
    ov_buf note;
    ov_buf_init(&note, 8192);
    ov_buf_printf(&note, "GLEIF reporting exception: %s: ", cat);
    int reasons = 0;
    for (size_t i = 0; i < g->rec.n; i++)
        if (!strcasecmp(g->rec.f[i].key, "ExceptionReason") && g->rec.f[i].value[0])
            ov_buf_printf(&note, "%s%s", reasons++ ? ", " : "", g->rec.f[i].value);
    int refs = 0;
    for (size_t i = 0; i < g->rec.n; i++)
        if (!strcasecmp(g->rec.f[i].key, "ExceptionReference") && g->rec.f[i].value[0])
            ov_buf_printf(&note, "%s%s", refs++ ? "; " : " (reference: ", g->rec.f[i].value);
    if (refs) ov_buf_adds(&note, ")");
    int rc;
    if (!reasons) rc = imp_reject(&g->im, "no ExceptionReason");
    else rc = imp_entity(&g->im, "LegalEntity", id, OV_LOAD_MERGE);
    if (!rc) rc = imp_add(&g->im, "notes", ov_buf_str(&note));
    /* a deleted exception is retracted, not forgotten */
    if (!rc && deleted(g)) imp_retract_last(&g->im);
    ov_buf_release(&note);
    return rc;
}

static int map_record(gleif *g)
{
    int rc;
    switch (g->kind) {
    case OV_GLEIF_LEI: rc = map_lei(g); break;
    case OV_GLEIF_RR: rc = map_rr(g); break;
    default: rc = map_repex(g); break;
    }
    if (rc == OV_ENOMEM) return rc;
    return imp_record_end(&g->im);
}

/* ---- XML ------------------------------------------------------------------ */

typedef struct xml_state {
    gleif *g;
    FILE *in;
    char err[200];
    long err_line;
} xml_state;

static int xml_read(void *ctx, char *buf, int len)
{
    xml_state *x = ctx;
    size_t n = fread(buf, 1, (size_t)len, x->in);
    if (n == 0 && ferror(x->in)) return -1;
    return (int)n;
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
    xml_state *x = arg;
    if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR) return;
    if (x->err[0]) return;
    snprintf(x->err, sizeof x->err, "%s", msg ? msg : "malformed XML");
    size_t n = strlen(x->err);
    while (n && (x->err[n - 1] == '\n' || x->err[n - 1] == ' ')) x->err[--n] = '\0';
    x->err_line = loc ? xmlTextReaderLocatorLineNumber(loc) : 0;
}

static ov_gleif_kind root_kind(const char *local, const char **record)
{
    if (!strcmp(local, "LEIData")) { *record = "LEIRecord"; return OV_GLEIF_LEI; }
    if (!strcmp(local, "RelationshipData")) { *record = "RelationshipRecord"; return OV_GLEIF_RR; }
    if (!strcmp(local, "ReportingExceptionData")) { *record = "Exception"; return OV_GLEIF_REPEX; }
    return OV_GLEIF_AUTO;
}

/* A file-level problem: reported as a record of its own. */
static void file_error(gleif *g, long line, const char *msg)
{
    imp_record_begin(&g->im, line, NULL);
    imp_reject(&g->im, "%s", msg);
}

static int read_xml(gleif *g, FILE *in)
{
    xml_state x = {.g = g, .in = in};
    xmlInitParser();
    /* no network, no DTD loading or defaults, no entity substitution; errors to us */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlTextReaderPtr r = xmlReaderForIO(xml_read, NULL, &x, g->im.path, NULL, options);
    if (!r) return OV_ENOMEM;
    xmlTextReaderSetErrorHandler(r, xml_error, &x);
    const char *record = NULL;
    struct { const char *name; long id; const char *type; } stack[G_MAX_DEPTH];
    int depth = 0, rec_depth = -1;
    long next_id = 1;
    bool in_rec = false, rec_ok = true;
    int rc = OV_OK, ret;
    ov_buf key;
    ov_buf_init(&key, 4096);
    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        int d = xmlTextReaderDepth(r);
        long line = xmlTextReaderGetParserLineNumber(r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
            type == XML_READER_TYPE_ENTITY) {
            file_error(g, line, "a DTD or entity reference: GLEIF files have none, and we do not expand them");
            goto out;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *local = (const char *)xmlTextReaderConstLocalName(r);
            bool empty = xmlTextReaderIsEmptyElement(r);
            if (d == 0) {
                ov_gleif_kind k = root_kind(local, &record);
                if (k == OV_GLEIF_AUTO) {
                    char msg[200];
                    snprintf(msg, sizeof msg, "root element <%.60s> is not LEIData, RelationshipData or "
                             "ReportingExceptionData", local);
                    file_error(g, line, msg);
                    goto out;
                }
                if (g->kind != OV_GLEIF_AUTO && g->kind != k) {
                    char msg[200];
                    snprintf(msg, sizeof msg, "a %s file was expected, this is %s", kind_name[g->kind], kind_name[k]);
                    file_error(g, line, msg);
                    goto out;
                }
                g->kind = k;
                continue;
            }
            if (!in_rec) {
                if (record && !strcmp(local, record) && !empty) {
                    in_rec = true;
                    rec_ok = true;
                    rec_depth = d;
                    depth = 0;
                    imp_record_begin(&g->im, line, NULL);
                    memset(&g->rec, 0, sizeof g->rec);
                }
                continue;
            }
            if (!rec_ok) continue;
            if (depth == G_MAX_DEPTH) {
                imp_reject(&g->im, "elements nested deeper than %d", G_MAX_DEPTH);
                rec_ok = false;
                continue;
            }
            char *tattr = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"type");
            stack[depth].name = ov_arena_strdup(&g->im.arena, local);
            stack[depth].type = tattr ? ov_arena_strdup(&g->im.arena, tattr) : NULL;
            stack[depth].id = next_id++;
            xmlFree(tattr);
            if (!stack[depth].name) { rc = OV_ENOMEM; goto out; }
            if (!empty) depth++;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) && in_rec && rec_ok && depth > 0) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            ov_buf_reset(&key);
            for (int i = 0; i < depth; i++) {
                if (i) ov_buf_addc(&key, '.');
                ov_buf_adds(&key, stack[i].name);
            }
            long group = depth >= 2 ? stack[depth - 2].id : 0;
            int arc = rec_add(g, ov_buf_str(&key), key.len, v ? v : "", v ? strlen(v) : 0, stack[depth - 1].type, group);
            if (arc == OV_ENOMEM) { rc = arc; goto out; }
            if (arc) rec_ok = false;
        } else if (type == XML_READER_TYPE_END_ELEMENT && in_rec) {
            if (d == rec_depth) {
                in_rec = false;
                if (rec_ok && (rc = map_record(g))) goto out;
                if (g->im.store_failed) goto out;
            } else if (depth > 0) {
                depth--;
            }
        }
    }
    if (ret < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "malformed XML: %s", x.err[0] ? x.err : "parse error");
        file_error(g, x.err_line ? x.err_line : xmlTextReaderGetParserLineNumber(r), msg);
    } else if (g->kind == OV_GLEIF_AUTO || !record) {
        file_error(g, 1, "no GLEIF root element");
    }
out:
    ov_buf_release(&key);
    xmlFreeTextReader(r);
    if (!rc && ferror(in)) rc = OV_EIO;
    return rc;
}

/* ---- golden-copy CSV ------------------------------------------------------ */

typedef struct gcol {
    char *key;          /* owned: the XML path for the column */
    long group;         /* the number in the column name, 0 without */
    int type_of;        /* this column is the "type" of column type_of, or -1 */
} gcol;

/* Turns a golden-copy column name into its XML path and group:
 * "Relationship.Period.1.startDate" -> RR_PERIOD "startDate", group 1. */
static char *column_key(const char *name, long *group)
{
    static const struct { const char *csv, *xml; } prefixes[] = {
        {"Relationship.Period.", RR_PERIOD},
        {"Relationship.Qualifiers.", RR_QUAL},
        {"Relationship.Quantifiers.", RR_QUANT},
    };
    ov_buf b;
    ov_buf_init(&b, 1024);
    *group = 0;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i].csv);
        if (!strncasecmp(name, prefixes[i].csv, n)) {
            ov_buf_adds(&b, prefixes[i].xml);
            name += n;
            break;
        }
    }
    /* drop numeric components (they number repeated elements) */
    const char *p = name;
    bool first = b.len == 0 || b.data[b.len - 1] == '.';
    while (*p) {
        size_t n = strcspn(p, ".");
        bool num = n > 0;
        for (size_t k = 0; k < n; k++)
            if (!isdigit((unsigned char)p[k])) num = false;
        if (num) {
            *group = strtol(p, NULL, 10);
        } else if (n > 0) {
            if (!first) ov_buf_addc(&b, '.');
            ov_buf_add(&b, p, n);
            first = false;
        }
        p += n;
        if (*p == '.') p++;
    }
    if (!b.data) return ov__strdup("");
    return ov_buf_detach(&b);
}

static int read_csv(gleif *g, FILE *in)
{
    size_t max = g->im.o->max_line ? g->im.o->max_line : G_DEFAULT_MAX_LINE;
    ov_csv c;
    ov_csv_init(&c, in, max);
    int rc = ov_csv_next(&c);
    gcol *cols = NULL;
    int ncols = 0;
    if (rc <= 0) {
        if (rc == OV_EIO) {
            ov_csv_release(&c);
            return rc;
        }
        file_error(g, c.line ? c.line : 1, rc == 0 ? "empty file" : c.err);
        ov_csv_release(&c);
        return OV_OK;
    }
    ncols = c.nfields;
    cols = ov__calloc((size_t)ncols, sizeof *cols);
    if (!cols) {
        ov_csv_release(&c);
        return OV_ENOMEM;
    }
    bool has_lei = false, has_name = false, has_rr = false, has_cat = false;
    rc = OV_OK;
    for (int i = 0; i < ncols && !rc; i++) {
        const char *name = ov_csv_field(&c, i);
        cols[i].key = column_key(name, &cols[i].group);
        cols[i].type_of = -1;
        if (!cols[i].key) rc = OV_ENOMEM;
        else if (!strcmp(cols[i].key, "LEI")) has_lei = true;
        else if (!strcasecmp(cols[i].key, "Entity.LegalName")) has_name = true;
        else if (!strcasecmp(cols[i].key, "Relationship.StartNode.NodeID")) has_rr = true;
        else if (!strcasecmp(cols[i].key, "ExceptionCategory")) has_cat = true;
    }
    for (int i = 0; i < ncols && !rc; i++) {
        size_t n = strlen(cols[i].key);
        if (n < 5 || strcasecmp(cols[i].key + n - 5, ".type")) continue;
        for (int k = 0; k < ncols; k++)
            if (k != i && cols[k].group == cols[i].group && strlen(cols[k].key) == n - 5 &&
                !strncasecmp(cols[k].key, cols[i].key, n - 5))
                cols[i].type_of = k;
    }
    ov_gleif_kind k = has_rr ? OV_GLEIF_RR : has_lei && has_cat ? OV_GLEIF_REPEX : has_lei && has_name ? OV_GLEIF_LEI
                                                                                     : OV_GLEIF_AUTO;
    if (!rc && k == OV_GLEIF_AUTO) {
        file_error(g, 1, "not a GLEIF golden-copy CSV: the header needs LEI and Entity.LegalName (LEI-CDF), "
                         "Relationship.StartNode.NodeID (RR-CDF) or LEI and ExceptionCategory (reporting exceptions)");
        goto done;
    }
    if (!rc && g->kind != OV_GLEIF_AUTO && g->kind != k) {
        char msg[160];
        snprintf(msg, sizeof msg, "a %s file was expected, this header is %s", kind_name[g->kind], kind_name[k]);
        file_error(g, 1, msg);
        goto done;
    }
    g->kind = k;
    while (!rc) {
        int got = ov_csv_next(&c);
        if (got == 0) break;
        if (got == OV_EIO) {
            rc = got;
            break;
        }
        imp_record_begin(&g->im, c.line, NULL);
        if (got < 0) {
            imp_reject(&g->im, "%s", c.err);
            if (got == OV_EINVAL) break; /* the rest cannot be framed reliably */
            continue;
        }
        if (c.nfields == 1 && ov_csv_field_len(&c, 0) == 0) {
            g->im.stats->records--;
            continue;
        }
        memset(&g->rec, 0, sizeof g->rec);
        bool ok = true;
        for (int i = 0; i < c.nfields && i < ncols && ok; i++) {
            const char *v = ov_csv_field(&c, i);
            size_t vl = ov_csv_field_len(&c, i), bad;
            if (!vl || cols[i].type_of >= 0) continue;
            if (!ov_utf8_valid(v, vl, &bad)) {
                imp_reject(&g->im, "column %s: invalid UTF-8 (or a NUL byte) at byte %zu", cols[i].key, bad + 1);
                ok = false;
                break;
            }
            const char *type = NULL;
            for (int t = 0; t < ncols; t++)
                if (cols[t].type_of == i && t < c.nfields && ov_csv_field_len(&c, t)) type = ov_csv_field(&c, t);
            int arc = rec_add(g, cols[i].key, strlen(cols[i].key), v, vl, type, cols[i].group);
            if (arc == OV_ENOMEM) {
                rc = arc;
                break;
            }
            if (arc) ok = false;
        }
        if (!rc && ok) rc = map_record(g);
        if (g->im.store_failed) break;
    }
done:
    for (int i = 0; i < ncols; i++) ov__free(cols[i].key);
    ov__free(cols);
    ov_csv_release(&c);
    return rc;
}

int ov_import_gleif(ov_store *st, const ov_model *m, const char *path, FILE *in, ov_gleif_kind kind,
                    const ov_ingest_opts *opts, ov_ingest_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    ov_load *ld;
    int rc = imp_load_begin(st, "import-gleif", path, opts, "gleif", &ld);
    if (rc) return rc;
    gleif g;
    memset(&g.rec, 0, sizeof g.rec);
    g.kind = kind;
    imp_init(&g.im, m, path, opts, stats, ld);
    int c = imp_sniff(in);
    if (c == '<') rc = read_xml(&g, in);
    else if (c != EOF) rc = read_csv(&g, in);
    rc = imp_load_end(&g.im, rc);
    imp_release(&g.im);
    return rc;
}
