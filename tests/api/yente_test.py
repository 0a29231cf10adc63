#!/usr/bin/env python3
"""yente's API, OpenRefine's reconciliation service and CORS against a running
`oversight serve --cors https://refine.example` (tests/cli/test_yente.sh).

usage: yente_test.py BASE_URL
Requests are written as yente's and the Reconciliation API's documentation give
them; every parameter is checked to change the answer as documented.
Prints "N passed, N failed" and exits 1 on any failure. Standard library only.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import checks
from checks import check, finish, req


BASE = checks.init(sys.argv[1], timeout=60)
ALLOWED = "https://refine.example"


def get_json(path, **kw):
    return checks.get_json(path, on_bad={}, **kw)


def match(path, queries, **body):
    body["queries"] = queries
    return get_json(path, method="POST", body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def detail(doc, *words):
    """yente's error shape, its message naming the words."""
    return isinstance(doc, dict) and list(doc) == ["detail"] and all(w in doc["detail"] for w in words)


# ---- /match/{dataset}: the request of yente's documentation, unchanged -----------------------------------
# (yente/routers/match.py's docstring, the text of https://api.opensanctions.org/#tag/Matching)
DOC_QUERIES = {
    "entity1": {"schema": "Person", "properties": {"name": ["John Doe"], "birthDate": ["1975-04-21"],
                                                   "nationality": ["us"]}},
    "entity2": {"schema": "Company", "properties": {"name": ["Brilliant Amazing Limited"], "jurisdiction": ["hk"],
                                                    "registrationNumber": ["84BA99810"]}},
}
status, headers, m = match("/match/default", DOC_QUERIES)
check(status == 200 and set(m.get("responses", {})) == {"entity1", "entity2"}, "yente's documented request: %s" % status)
for k in ("entity1", "entity2"):
    r = m["responses"][k]
    check(r["status"] == 200 and r["total"]["relation"] == "eq" and r["query"]["schema"] == DOC_QUERIES[k]["schema"],
          "documented request %s answered with its query" % k)
check(isinstance(m.get("limit"), int), "the response's limit")

HIK = {"q1": {"schema": "Company", "properties": {"name": ["Hikvision Digital Technology"], "country": ["cn"]}}}
status, _, m = match("/match/default", HIK)
res = m["responses"]["q1"]["results"]
check(status == 200 and res and res[0]["id"] == "co-hikvision", "match finds Hikvision")
top = res[0]
for field in ("id", "caption", "schema", "properties", "datasets", "referents", "target", "first_seen", "last_seen",
              "last_change", "score", "match", "features", "explanations"):
    check(field in top, "a result has yente's field %s" % field)
check("Hikvision" in top["properties"].get("name", []) and "cn" in top["properties"].get("country", []),
      "a result's properties are the entity's")
check("us_dod_1260h" in top["datasets"] and any(d.startswith("11_") for d in top["datasets"]),
      "a result's datasets: the sources its statements cite and the files that loaded it")
check(top["target"] is True, "Hikvision is a target (a debarment topic)")
check(top["first_seen"] <= top["last_change"] <= top["last_seen"] and top["first_seen"].startswith("20"),
      "first_seen, last_change, last_seen from the change log, in order")
ex = top["explanations"]
check(ex and all(set(v) >= {"score", "detail"} for v in ex.values()) and
      all(ex[f]["score"] == top["features"][f] for f in ex), "explanations: each feature's score and what it measures")
check(any(v.get("query") == "Hikvision Digital Technology" and v.get("candidate") for v in ex.values()),
      "explanations name the names compared")

# limit, threshold, cutoff
status, _, m = match("/match/default?limit=1", {"q": {"schema": "Company", "properties": {"name": ["Hikvision"]}}})
r = m["responses"]["q"]
check(status == 200 and len(r["results"]) == 1 and r["total"]["value"] >= 1 and m["limit"] == 1, "limit=1: one result")
status, _, m = match("/match/default?limit=10&cutoff=0.3", {"q": {"schema": "Company", "properties": {"name": ["Hikvision Digital"]}}})
r = m["responses"]["q"]["results"]
check(len(r) >= 2 and all(x["score"] >= 0.3 for x in r), "cutoff=0.3: several candidates, none below it")
scores = sorted(x["score"] for x in r)
mid = round((scores[0] + scores[-1]) / 2, 4)
status, _, m = match("/match/default?limit=10&cutoff=0.3&threshold=%s" % mid,
                     {"q": {"schema": "Company", "properties": {"name": ["Hikvision Digital"]}}})
r = m["responses"]["q"]["results"]
check(r and all(x["match"] == (x["score"] >= mid) for x in r) and any(x["match"] for x in r) and
      any(not x["match"] for x in r), "threshold: match is score >= threshold (%s)" % mid)
status, _, m = match("/match/default?cutoff=%s" % mid, {"q": {"schema": "Company", "properties": {"name": ["Hikvision Digital"]}}})
check(all(x["score"] >= mid for x in m["responses"]["q"]["results"]), "cutoff drops lower scores")
# the body's and a query's own parameters
status, _, m = match("/match/default", {"q": {"schema": "Company", "properties": {"name": ["Hikvision"]}, "limit": 1}})
check(len(m["responses"]["q"]["results"]) == 1, "a query's own limit")

# exclusions and filters
Q = {"q": {"schema": "Company", "properties": {"name": ["Hikvision Digital"]}}}
status, _, base = match("/match/default?limit=10&cutoff=0.3", Q)
base = base["responses"]["q"]["results"]
ids = [x["id"] for x in base]
status, _, m = match("/match/default?limit=10&cutoff=0.3&exclude_entity_ids=co-hikvision", Q)
got = [x["id"] for x in m["responses"]["q"]["results"]]
check("co-hikvision" in ids and "co-hikvision" not in got and got == [i for i in ids if i != "co-hikvision"],
      "exclude_entity_ids removes that entity only")
status, _, m = match("/match/default?limit=10&cutoff=0.3&exclude_schema=Company", Q)
check(status == 200 and all(x["schema"] != "Company" for x in m["responses"]["q"]["results"]), "exclude_schema")
status, _, m = match("/match/default?limit=10&cutoff=0.3&include_dataset=us_fcc_covered_list", Q)
r = m["responses"]["q"]["results"]
check(r and all("us_fcc_covered_list" in x["datasets"] for x in r) and len(r) < len(base), "include_dataset")
status, _, m = match("/match/default?limit=10&cutoff=0.3&exclude_dataset=us_fcc_covered_list", Q)
r = m["responses"]["q"]["results"]
check(r and all("us_fcc_covered_list" not in x["datasets"] for x in r) and "co-hikvision" not in [x["id"] for x in r],
      "exclude_dataset")
status, _, m = match("/match/us_fcc_covered_list?limit=10&cutoff=0.3", Q)
r = m["responses"]["q"]["results"]
check(r and all("us_fcc_covered_list" in x["datasets"] for x in r), "/match/{dataset} scopes the candidates")
status, _, m = match("/match/default?limit=10&cutoff=0.3&topics=debarment", Q)
r = m["responses"]["q"]["results"]
check(r and all("debarment" in x["properties"].get("topics", []) for x in r) and len(r) < len(base), "topics")
status, _, m = match("/match/default?limit=10&cutoff=0.3&changed_since=2999-01-01", Q)
check(status == 200 and m["responses"]["q"]["results"] == [], "changed_since in the future: nothing")
status, _, m = match("/match/default?limit=10&cutoff=0.3&changed_since=2000-01-01T00:00", Q)
check(len(m["responses"]["q"]["results"]) == len(base), "changed_since long ago: everything")
status, _, m = match("/match/default?algorithm=best", Q)
check(status == 200, "algorithm=best")
status, _, m = match("/match/default?algorithm=oversight-names", Q)
check(status == 200, "algorithm=oversight-names")

# refusals: 400 naming the parameter (or 404 the dataset), in yente's shape
for path, words in [("/match/default?algorithm=logic-v2", ["logic-v2"]), ("/match/default?algorithm=bogus", ["bogus"]),
                    ("/match/default?limit=0", ["limit"]), ("/match/default?limit=x", ["limit"]),
                    ("/match/default?threshold=2", ["threshold"]), ("/match/default?cutoff=-1", ["cutoff"]),
                    ("/match/default?exclude_schema=Nope", ["exclude_schema", "Nope"]),
                    ("/match/default?changed_since=last-week", ["changed_since"]),
                    ("/match/default?frobnicate=1", ["frobnicate"])]:
    status, _, doc = match(path, Q)
    check(status == 400 and detail(doc, *words), "%s: 400 naming %s: %s %s" % (path, words, status, doc))
status, _, doc = match("/match/no_such_dataset", Q)
check(status == 404 and detail(doc, "no_such_dataset"), "unknown dataset: 404")
status, _, doc = match("/match/default", Q, weights={"name_literal": 0.8})
check(status == 400 and detail(doc, "name_literal"), "weights a server cannot apply: 400 naming them")
status, _, doc = match("/match/default", Q, config={"nm_number_mismatch": 0.4})
check(status == 400 and detail(doc, "nm_number_mismatch"), "config: 400 naming it")
status, _, doc = match("/match/default", {})
check(status == 400 and detail(doc), "no queries: 400")
status, _, doc = get_json("/match/default", method="POST", body=b"{not json")
check(status == 400 and detail(doc), "malformed body: 400 in yente's shape")
status, headers, doc = get_json("/match/default")
check(status == 405 and headers.get("Allow") == "POST" and detail(doc), "GET /match: 405")
status, _, m = match("/match/default", {"bad": {"schema": "NoSuchSchema", "properties": {"name": ["x"]}}, **HIK})
check(status == 200 and m["responses"]["bad"]["status"] == 400 and m["responses"]["q1"]["results"],
      "a bad query gets its own status; the others are answered")

# ---- /search/{dataset}: as yente's documentation writes it ----------------------------------------------------
status, _, s = get_json("/search/default?q=hikvision&schema=Company&countries=cn&limit=5")
check(status == 200 and s["results"] and s["results"][0]["id"] == "co-hikvision" and s["limit"] == 5 and
      s["offset"] == 0 and len(s["results"]) <= 5, "yente's search request")
check(all(x["schema"] == "Company" and "cn" in x["properties"].get("country", []) for x in s["results"]),
      "search: schema and countries honoured")
check(set(s["facets"]) == {"countries", "topics", "datasets"} and
      any(v["name"] == "cn" and v["count"] == s["total"]["value"] for v in s["facets"]["countries"]["values"]),
      "search facets count every result")
status, _, all_ = get_json("/search/default?q=china&limit=20")
status, _, p1 = get_json("/search/default?q=china&limit=5&offset=0")
status, _, p2 = get_json("/search/default?q=china&limit=5&offset=5")
check(all_["total"]["value"] > 10 and p1["total"] == all_["total"] and
      [x["id"] for x in p1["results"] + p2["results"]] == [x["id"] for x in all_["results"][:10]], "search pages")
status, _, t = get_json("/search/default?q=china&topics=gov.soe&limit=50")
check(t["results"] and all("gov.soe" in x["properties"].get("topics", []) for x in t["results"]) and
      t["total"]["value"] < all_["total"]["value"], "search topics")
status, _, t = get_json("/search/default?q=china&datasets=cn_sasac_central_soes&limit=50")
check(t["results"] and all("cn_sasac_central_soes" in x["datasets"] for x in t["results"]), "search datasets")
status, _, t = get_json("/search/default?q=china&filter=country:cn&limit=50")
check(t["results"] and all("cn" in x["properties"].get("country", []) for x in t["results"]), "search filter=prop:value")
status, _, t = get_json("/search/default?q=china&exclude_schema=Company&limit=50")
check(all(x["schema"] != "Company" for x in t["results"]), "search exclude_schema")
status, _, t = get_json("/search/default?q=hikvision&target=true")
check(t["results"] and all(x["target"] for x in t["results"]), "search target=true")
status, _, t = get_json("/search/default?q=hikvision&facets=countries")
check(list(t["facets"]) == ["countries"], "search facets=countries")
status, _, t = get_json("/search/default?q=hikvsion&schema=Company")
status, _, f = get_json("/search/default?q=hikvsion&schema=Company&fuzzy=true")
check(not any(x["id"] == "co-hikvision" for x in t["results"]) and any(x["id"] == "co-hikvision" for x in f["results"]),
      "fuzzy=true finds a misspelt name that the plain search does not")
status, _, t = get_json("/search/us_fcc_covered_list?q=technology")
check(t["results"] and all("us_fcc_covered_list" in x["datasets"] for x in t["results"]), "/search/{dataset} scopes")
for path, words in [("/search/default?q=x&sort=caption", ["sort"]), ("/search/default?q=x&schema=Nope", ["Nope"]),
                    ("/search/default?q=x&limit=501", ["limit"]), ("/search/default?q=x&fuzzy=perhaps", ["fuzzy"]),
                    ("/search/default?q=x&facets=colours", ["colours"]), ("/search/default?q=x&filter=nocolon", ["filter"]),
                    ("/search/default?q=x&offset=990&limit=20", ["offset"]), ("/search/default?q=x&bogus=1", ["bogus"])]:
    status, _, doc = get_json(path)
    check(status == 400 and detail(doc, *words), "%s: 400 naming %s: %s %s" % (path, words, status, doc))

# ---- /entities/{id} ---------------------------------------------------------------------------------------------
status, _, e = get_json("/entities/co-hikvision")
sanctions = e["properties"].get("sanctions", [])
check(status == 200 and sanctions and all(isinstance(x, dict) and x["schema"] == "Sanction" for x in sanctions) and
      any(x["id"].startswith("sanc-1260h") for x in sanctions), "nested: the sanctions pointing at it, as entities")
addr = e["properties"].get("addressEntity", [])
check(addr and all(isinstance(x, dict) and x["schema"] == "Address" for x in addr), "nested: its entity values, as entities")
check(all(v == "co-hikvision" for x in sanctions for v in x["properties"]["entity"]), "nested one level only")
status, _, flat = get_json("/entities/co-hikvision?nested=false")
check("sanctions" not in flat["properties"] and all(isinstance(v, str) for vs in flat["properties"].values() for v in vs),
      "nested=false: values only")
status, _, doc = get_json("/entities/no-such-entity")
check(status == 404 and detail(doc), "unknown entity: 404 in yente's shape")

# ---- /catalog, /algorithms, /healthz, /readyz -----------------------------------------------------------------------
status, _, cat = get_json("/catalog")
names = {d["name"] for d in cat["datasets"]}
status, _, stats = get_json("/api/stats")
check(set(stats["dataset"]) <= names and any(n.startswith("02_") for n in names), "catalog: the sources and the loaded files")
default = [d for d in cat["datasets"] if d["name"] == "default"]
check(default and set(default[0]["children"]) == names - {"default"} and not default[0]["load"], "catalog: default holds all")
check(set(cat["current"]) == names and cat["outdated"] == [], "catalog: current")
status, _, alg = get_json("/algorithms")
check(alg["default"] == alg["best"] == "oversight-names" and alg["algorithms"][0]["features"]["jaro_winkler"]["description"],
      "algorithms: the matcher and its features")
for p in ("/healthz", "/readyz"):
    status, _, doc = get_json(p)
    check(status == 200 and doc == {"status": "ok"}, p)

# ---- OpenRefine: the Reconciliation Service API 0.2 ------------------------------------------------------------------
status, _, man = get_json("/reconcile/default")
check(status == 200 and "0.2" in man["versions"] and man["identifierSpace"].endswith("/entities/") and
      {t["id"] for t in man["defaultTypes"]} >= {"Company", "Person", "Organization"}, "reconciliation manifest")
check(man["preview"]["url"].endswith("/reconcile/default/preview?id={{id}}") and
      man["suggest"]["entity"]["service_path"] == "/reconcile/default/suggest/entity", "manifest: preview and suggest")
# a spreadsheet column of company names, as OpenRefine posts it (a form with queries=)
column = ["Hikvision", "海康威视", "Zhejiang Dahua Technology", "No Such Vendor Anywhere Ltd", "Ltd.", ""]
queries = {"q%d" % i: {"query": n, "type": "Company", "limit": 3, "type_strict": "should"} for i, n in enumerate(column)}
queries["q0"]["properties"] = [{"pid": "country", "v": "cn"}]
status, _, rec = get_json("/reconcile/default", method="POST", body=urllib.parse.urlencode({"queries": json.dumps(queries)}).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
check(status == 200 and set(rec) == set(queries), "reconcile: one answer per cell: %s" % status)
check(rec["q0"]["result"][0]["id"] == "co-hikvision" and rec["q0"]["result"][0]["match"] and
      rec["q0"]["result"][0]["score"] > 90 and rec["q0"]["result"][0]["type"][0]["id"] == "Company",
      "reconcile: Hikvision, a match scored on 0-100")
check(rec["q1"]["result"] and rec["q1"]["result"][0]["id"] == "co-hikvision", "reconcile: 海康威视 is Hikvision")
check(all(len(r["result"]) <= 3 for r in rec.values()), "reconcile: limit")
check(not any(x["match"] for x in rec["q3"]["result"]), "reconcile: no match for a name the record lacks")
check(rec["q4"]["result"] == [] and rec["q5"]["result"] == [],
      "reconcile: a cell with only a legal form, or empty, has no candidates and fails nothing")
check(rec["q2"]["result"] and rec["q2"]["result"][0]["id"] == "co-dahua", "reconcile: Dahua")
status, _, rec2 = get_json("/reconcile/default?" + urllib.parse.urlencode({"queries": json.dumps({"q0": queries["q0"]})}))
check(status == 200 and rec2["q0"] == rec["q0"], "reconcile by GET, the same answer")
status, _, rec3 = get_json("/reconcile/us_fcc_covered_list?" + urllib.parse.urlencode(
    {"queries": json.dumps({"q0": {"query": "Hikvision Digital", "limit": 10}})}))
status, _, ent = get_json("/search/us_fcc_covered_list?q=&limit=500")
scope = {x["id"] for x in ent["results"]}
check(rec3["q0"]["result"] and all(x["id"] in scope for x in rec3["q0"]["result"]), "reconcile within a dataset")
status, _, doc = get_json("/reconcile/default?" + urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": "x", "type": "Nope"}})}))
check(status == 400 and detail(doc, "Nope"), "reconcile: an unknown type is a 400 naming it")
status, _, doc = get_json("/reconcile/default?" + urllib.parse.urlencode(
    {"queries": json.dumps({"q0": {"query": "x", "type": "Company", "properties": [{"pid": "colour", "v": "red"}]}})}))
check(status == 400 and detail(doc, "colour"), "reconcile: an unknown property is a 400 naming it")
status, headers, body = req("/reconcile/default?callback=cb_1")
check(status == 200 and body.startswith(b"cb_1({") and body.rstrip().endswith(b");") and
      headers.get("Content-Type", "").startswith("text/javascript"), "JSONP callback")
status, _, doc = get_json("/reconcile/default?callback=alert(1)")
check(status == 400 and detail(doc, "callback"), "a JSONP callback that is code: 400")
status, headers, body = req("/reconcile/default/preview?id=co-hikvision")
check(status == 200 and b"<h1>Hikvision</h1>" in body and "X-Frame-Options" not in headers and
      "frame-ancestors" not in headers.get("Content-Security-Policy", ""), "preview: HTML that OpenRefine may frame")
status, headers, _ = req("/entity/co-hikvision")
check(headers.get("X-Frame-Options") == "DENY", "other pages may not be framed")
status, _, sg = get_json("/reconcile/default/suggest/entity?prefix=hikv")
check(any(x["id"] == "co-hikvision" for x in sg["result"]) and
      not any(x["notable"][0]["id"] in ("Address", "Sanction") for x in sg["result"]),
      "suggest entity: the matchable entities (not the addresses or sanctions naming them)")
status, _, sg = get_json("/reconcile/default/suggest/type?prefix=comp")
check([x["id"] for x in sg["result"]] == ["Company"], "suggest type")
status, _, sg = get_json("/reconcile/default/suggest/property?prefix=coun")
check("country" in [x["id"] for x in sg["result"]], "suggest property")

# ---- CORS (this server: --cors https://refine.example) ----------------------------------------------------------------
status, headers, body = req("/match/default", method="OPTIONS",
                            headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST",
                                     "Access-Control-Request-Headers": "content-type"})
check(status == 204 and headers.get("Access-Control-Allow-Origin") == ALLOWED and
      "POST" in headers.get("Access-Control-Allow-Methods", "") and
      "content-type" in headers.get("Access-Control-Allow-Headers", "").lower() and body == b"",
      "preflight from an allowed origin: %s %s" % (status, headers))
status, headers, _ = req("/match/default", method="OPTIONS",
                         headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
check("Access-Control-Allow-Origin" not in headers and "Access-Control-Allow-Methods" not in headers,
      "preflight from another origin: no permission")
status, headers, _ = req("/healthz", headers={"Origin": ALLOWED})
check(headers.get("Access-Control-Allow-Origin") == ALLOWED and "Origin" in headers.get("Vary", ""), "GET from the allowed origin")
status, headers, _ = req("/healthz", headers={"Origin": "https://evil.example"})
check("Access-Control-Allow-Origin" not in headers, "GET from another origin: no permission")
status, headers, _ = req("/api/entities/co-hikvision", headers={"Origin": ALLOWED})
check(headers.get("Access-Control-Allow-Origin") == ALLOWED, "CORS covers the /api routes too")

finish()
