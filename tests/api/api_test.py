#!/usr/bin/env python3
"""API tests against a running `oversight serve` over loopback.

usage: api_test.py BASE_URL TOKEN
Prints "N passed, N failed" and exits 1 on any failure. The standard library, and
jsonschema (Debian's python3-jsonschema) for the contract test of every route against the spec.
"""
import json
import re
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

import jsonschema  # Debian: python3-jsonschema (scripts/deps.sh)

import checks
from checks import check, finish, get_json, req

BASE = checks.init(sys.argv[1], timeout=30)
TOKEN = sys.argv[2]
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port


def raw(request_bytes, read=65536):
    """Sends bytes as they are (no client normalisation) and returns the status line and the rest."""
    s = socket.create_connection((HOST, PORT), timeout=10)
    s.sendall(request_bytes)
    data = b""
    try:
        while len(data) < read:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and b"Content-Length: " in data:
                head, _, rest = data.partition(b"\r\n\r\n")
                n = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                if len(rest) >= n:
                    break
    except socket.timeout:
        pass
    s.close()
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return line, data


def is_error(doc, status):
    return isinstance(doc, dict) and doc.get("error", {}).get("status") == status and doc["error"].get("message")


# ---- entity: statements, citations, history; headers -----------------------------------
status, headers, e = get_json("/api/entities/co-hikvision")
check(status == 200, "entity status %s" % status)
check(headers.get("Content-Type", "").startswith("application/json"), "entity content type")
check("default-src 'none'" in headers.get("Content-Security-Policy", ""), "CSP header")
check(headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
check(headers.get("X-Frame-Options") == "DENY", "X-Frame-Options")
check(headers.get("Referrer-Policy") == "no-referrer", "Referrer-Policy")
check(e["id"] == "co-hikvision" and e["schema"] == "Company", "entity id/schema")
check("杭州海康威视数字技术股份有限公司" in e["properties"].get("alias", []), "Chinese alias in properties")
check(any(s["citation"] and s["citation"]["source"] for s in e["statements"]), "statements carry citations")
check(all(s["status"] in ("asserted", "verified", "alleged", "disputed", "retracted", "unverified") for s in e["statements"]),
      "statement statuses")
check(len(e["history"]) >= 1 and "change" in e["history"][0] and "at" in e["history"][0], "history")
status, _, doc = get_json("/api/entities/no-such-entity")
check(status == 404 and is_error(doc, 404), "unknown entity: 404 JSON error")
status, _, _ = req("/api/entities/co-hikvision", method="HEAD")
check(status == 200, "HEAD entity")

# ---- search with filters, Chinese --------------------------------------------------------
status, _, s = get_json("/api/search?q=" + urllib.parse.quote("海康"))
check(status == 200 and any(h["id"] == "co-hikvision" for h in s["results"]), "search 海康 finds Hikvision")
status, _, s = get_json("/api/search?q=hikvision&schema=Company&country=cn&limit=5")
check(status == 200 and s["results"] and all(h["schema"] == "Company" for h in s["results"]) and len(s["results"]) <= 5,
      "search with schema and country filters")
check(s["filters"]["schema"] == "Company" and s["filters"]["country"] == "cn", "filters echoed")
status, _, s = get_json("/api/search?q=Hikvision")
h = s["results"][0] if status == 200 and s["results"] else {}
check(h.get("id") == "co-hikvision" and h.get("country") == "cn" and "FCC Covered List" in h.get("lists", []) and
      h.get("snippet", "")[h["highlights"][0][0]:h["highlights"][0][1]] == "Hikvision",
      "search: the party first, with its country, lists and the match in a snippet")
status, _, s = get_json("/api/search?q=Hikvisoin")
check(status == 200 and s["results"] == [] and s["did_you_mean"] and s["did_you_mean"][0]["id"] == "co-hikvision",
      "search: nothing found, did you mean Hikvision")
status, _, body = req("/search?q=Hikvisoin")
check(b'id="did-you-mean"' in body and b'/entity/co-hikvision' in body, "web search: did you mean")
status, _, body = req("/search?q=Hikvision")
check(b"<mark>Hikvision</mark>" in body and b"China" in body and b"FCC Covered List" in body,
      "web search: country, lists and the match marked")
status, _, s = get_json("/api/search?q=hikvision&schema=Person")
check(status == 200 and not any(h["id"] == "co-hikvision" for h in s["results"]), "schema filter excludes")
status, _, doc = get_json("/api/search")
check(status == 400 and is_error(doc, 400), "search without a query: 400")
status, _, doc = get_json("/api/search?q=a&limit=5000")
check(status == 400 and is_error(doc, 400), "search limit out of range: 400")

# ---- analyses -----------------------------------------------------------------------------
status, _, o = get_json("/api/owners/co-hikvision")
check(status == 200 and o["question"] == "owners" and o["conclusions"] and
      all(h["rule"]["id"] == "integrated-ownership" for h in o["conclusions"]), "owners")
check(any(p["citations"] for h in o["conclusions"] for p in h["evidence"]), "owners: edges carry citations")
status, _, c = get_json("/api/controllers/co-hikvision")
check(status == 200 and [x["question"] for x in c["conclusions"]] ==
      ["ultimate-parent", "state-share", "control-without-shares"] and
      c["conclusions"][0]["rule"]["id"] == "majority-chain", "controllers")
status, _, doc = get_json("/api/owners/no-such-entity")
check(status == 404 and is_error(doc, 404), "owners of unknown: 404")
status, _, t = get_json("/api/typology")
check(status == 200 and any(x["subject"]["id"] == "co-hikvision" for x in t["companies"]), "typology lists Hikvision")
check(all(x["conclusions"][0]["question"] == "typology" and x["conclusions"][0]["value"] and
          x["conclusions"][1]["question"] == "state-share" for x in t["companies"]), "typology: class, reason, state share")
cls0 = t["companies"][0]["conclusions"][0]["value"]
status, _, t2 = get_json("/api/typology?class=" + cls0)
check(status == 200 and all(x["conclusions"][0]["value"] == cls0 for x in t2["companies"]), "typology class filter")
check(t2["total"] == len(t2["companies"]) < t["total"] == len(t["companies"]), "typology: totals of the whole and of a class")
# a page at a time: the same rows as the whole list, in order
status, _, p = get_json("/api/typology?limit=7&offset=5")
check(status == 200 and p["limit"] == 7 and p["offset"] == 5 and p["total"] == t["total"] and
      [x["subject"]["id"] for x in p["companies"]] == [x["subject"]["id"] for x in t["companies"][5:12]], "typology page")
status, _, p = get_json("/api/typology?offset=%d" % t["total"])
check(status == 200 and p["companies"] == [], "typology: past the end, no rows")
for bad in ["limit=0", "limit=10001", "offset=-1", "limit=x"]:
    status, _, doc = get_json("/api/typology?" + bad)
    check(is_error(doc, 400) and status == 400, "typology: %s refused" % bad)
status, _, x = get_json("/api/exposure/co-hikvision")
check(status == 200 and x["question"] == "exposure" and x["subject"]["id"] == "co-hikvision" and
      len(x["conclusions"]) >= 4, "exposure: an answer, one conclusion per obligation")
check(all(y["question"] == "exposure" and y["object"]["id"].startswith("prov-") and y["rule"]["authority"] and
          y["evidence"][0]["role"] == "provision" and y["evidence"][0]["citations"] for y in x["conclusions"]),
      "exposure: each obligation with its provision, its statute and citations")
check(all(any(s["role"] == "fact" and s["citations"] for s in y["evidence"]) for y in x["conclusions"]),
      "exposure: the facts behind each, cited")
status, _, doc = get_json("/api/exposure/no-such-entity")
check(status == 404 and is_error(doc, 404), "exposure of unknown: 404")
status, _, st = get_json("/api/stats")
check(status == 200 and st["entities"] > 1000, "stats")

# ---- export ---------------------------------------------------------------------------------
status, headers, body = req("/api/export")
lines = body.decode().splitlines()
check(status == 200 and len(lines) > 1000 and all(json.loads(l)["id"] for l in lines[:50]), "export entities")
check("attachment" in headers.get("Content-Disposition", ""), "export is an attachment")
status, headers, body = req("/api/export?format=statements")
check(status == 200 and headers.get("Content-Type", "").startswith("text/csv") and b"source" in body.split(b"\n")[0],
      "export statements CSV with provenance")
status, _, doc = get_json("/api/export?format=bogus")
check(status == 400 and is_error(doc, 400), "export bad format: 400")

# ---- OpenAPI ----------------------------------------------------------------------------------
status, _, spec = get_json("/api/openapi.json")
check(status == 200 and spec["openapi"].startswith("3."), "openapi")
for p in ["/api/entities/{id}", "/api/search", "/api/owners/{id}", "/api/controllers/{id}", "/api/typology",
          "/api/exposure/{id}", "/api/export", "/api/match", "/api/screen", "/api/load", "/api/statements",
          "/api/statements/retract", "/api/xref", "/api/judgements", "/api/judgements/{id}"]:
    check(p in spec["paths"], "openapi documents " + p)


def conforms(doc, schema, where="$"):
    """The problems of doc against an OpenAPI schema (the subset the spec uses: $ref, type,
    required, properties, items, enum), as a list of strings."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if doc is None and schema.get("nullable"):
        return []
    t = schema.get("type")
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}
    if t and (not isinstance(doc, kinds[t]) or (t in ("integer", "number") and isinstance(doc, bool))):
        return ["%s: %s is not %s" % (where, type(doc).__name__, t)]
    if "enum" in schema and doc not in schema["enum"]:
        return ["%s: %r not in %r" % (where, doc, schema["enum"])]
    out = []
    if t == "object":
        out += ["%s: %s missing" % (where, k) for k in schema.get("required", []) if k not in doc]
        for k, v in doc.items():
            if k in schema.get("properties", {}):
                out += conforms(v, schema["properties"][k], where + "." + k)
    if t == "array" and "items" in schema:
        for i, v in enumerate(doc):
            out += conforms(v, schema["items"], "%s[%d]" % (where, i))
    return out


# the answers as the spec types them (a contract test of the explained routes)
for path, route in (("/api/owners/co-hikvision", "/api/owners/{id}"), ("/api/controllers/co-hikvision", "/api/controllers/{id}"),
                    ("/api/controllers/co-sensetime", "/api/controllers/{id}"), ("/api/exposure/co-hikvision", "/api/exposure/{id}"),
                    ("/api/typology?limit=50", "/api/typology")):
    status, _, doc = get_json(path)
    schema = spec["paths"][route]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    problems = conforms(doc, schema)
    check(status == 200 and not problems, "%s conforms to the spec: %s" % (path, problems[:5]))
check(conforms({"question": "x", "conclusions": [{"question": "y", "status": "maybe", "rule": {"id": "r"}, "evidence": []}]},
               {"$ref": "#/components/schemas/Answer"}), "the contract check refuses a bad status")

# ---- match (yente shape) and screen ----------------------------------------------------------------
q = {"queries": {"q1": {"schema": "Company", "properties": {"name": ["海康威视"], "country": ["cn"]}},
                 "q2": {"schema": "Company", "properties": {"name": ["Hikvision Digital Technology"]}}}}
status, _, m = get_json("/api/match", method="POST", body=json.dumps(q).encode(), headers={"Content-Type": "application/json"})
check(status == 200 and "responses" in m, "match: %s" % status)
for k in ("q1", "q2"):
    res = m["responses"][k]["results"]
    check(res and res[0]["id"] == "co-hikvision", "match %s finds Hikvision" % k)
# the URL's parameters are honoured or refused, never ignored
one = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Hikvision Digital"]}}}}
status, _, m = get_json("/api/match?limit=1&cutoff=0.3", method="POST", body=json.dumps(one).encode())
check(status == 200 and len(m["responses"]["q"]["results"]) == 1 and m["limit"] == 1, "/api/match?limit=1: one result")
status, _, m = get_json("/api/match?limit=10&cutoff=0.3&threshold=0.99", method="POST", body=json.dumps(one).encode())
res = m["responses"]["q"]["results"]
check(res and all(r["match"] == (r["score"] >= 0.99) for r in res) and any(not r["match"] for r in res),
      "/api/match?threshold=0.99: lower scores are not matches")
for bad, word in [("algorithm=bogus", "bogus"), ("limit=0", "limit"), ("threshold=1.5", "threshold"), ("topics=x", "topics")]:
    status, _, doc = get_json("/api/match?" + bad, method="POST", body=json.dumps(one).encode())
    check(status == 400 and is_error(doc, 400) and word in doc["error"]["message"], "/api/match?%s: 400 naming it" % bad)
status, _, doc = get_json("/api/match", method="POST", body=b"{not json")
check(status == 400 and is_error(doc, 400), "match: malformed request 400")
status, headers, doc = get_json("/api/match")
check(status == 405 and headers.get("Allow") == "POST", "GET /api/match: 405")
# this server's seed has no judgements: Dawning's three list rows are three parties to it, and a
# short name they share is offered, not matched (with the judgements: test_resolve_graph.sh)
dq = {"queries": {"d": {"schema": "Company", "properties": {"name": ["Dawning"]}}}}
status, _, m = get_json("/api/match", method="POST", body=json.dumps(dq).encode(), headers={"Content-Type": "application/json"})
res = m["responses"]["d"]["results"]
check(status == 200 and len(res) >= 2 and not any(r["match"] for r in res) and
      all(r["features"]["part"] == -1 for r in res if "dawning" in r["id"] or "sugon" in r["id"]),
      "match: a short name three unjudged list rows share is offered, not matched")
vendors = "name,country\nHikvision,cn\n海康威视,cn\nNo Such Vendor Anywhere Ltd,us\n".encode()
status, _, sc = get_json("/api/screen", method="POST", body=vendors, headers={"Content-Type": "text/csv"})
check(status == 200 and len(sc["rows"]) == 3, "screen: one row per vendor")
check(sc["rows"][0]["match"]["id"] == "co-hikvision" and sc["rows"][1]["match"]["id"] == "co-hikvision",
      "screen: Hikvision and 海康威视 match the same company")
check(sc["rows"][0]["match"]["typology"], "screen: the typology class of the match")
hik = sc["rows"][0]
check(sc.get("rule") == "ofac" and hik["verdict"] == "listed" and
      any(g["key"] == "US-DOD-1260H" and g["official"][0]["id"].startswith("sanc-1260h") for g in hik["lists"]),
      "screen: a verdict, the list entries grouped by list, and the control rule used")
check(any(x["kind"] == "listed-holder" and x["holder"]["id"] == "co-cetc" and x["holder"]["name"] for x in hik["control"]) and
      hik["exposure"] and hik["exposure"][0]["href"] == "/api/exposure/co-hikvision" and
      hik["exposure"][0]["count"] > 0 and "conclusions" not in hik["exposure"][0],
      "screen: listed holders by name with paths, and the obligations in brief with a link to the whole answer")
check(len(json.dumps(hik)) < 20000, "screen: a row is compact (%d bytes)" % len(json.dumps(hik)))
check(sc["rows"][2]["lists"] == [] and sc["rows"][2]["match"]["status"] != "match" and
      sc["rows"][2]["verdict"] in ("clear", "needs-review"), "screen: no match, nothing applied")
check([v["id"] for v in sc["verdicts"]] == ["listed", "controlled-by-listed", "made-by-listed-maker", "state-controlled",
                                           "legally-exposed", "clear", "needs-review"], "screen: the verdicts with their rules")
# uploads in UTF-16 (by their byte-order mark) and in a declared encoding are read as the CLI reads files
utf16 = "\ufeffname\n海康威视\nHikvision\n".encode("utf-16-le")
status, _, sc16 = get_json("/api/screen", method="POST", body=utf16, headers={"Content-Type": "text/csv"})
check(status == 200 and [r["match"]["id"] for r in sc16["rows"]] == ["co-hikvision", "co-hikvision"],
      "screen: a UTF-16 upload (byte-order mark) is read")
latin1 = "name\nHikvision\nSoci\u00e9t\u00e9 Inconnue\n".encode("latin-1")
status, _, sc1 = get_json("/api/screen?encoding=latin1", method="POST", body=latin1, headers={"Content-Type": "text/csv"})
check(status == 200 and len(sc1["rows"]) == 2 and sc1["rows"][1]["input"] == "Soci\u00e9t\u00e9 Inconnue",
      "screen: a declared Latin-1 upload is read")
status, _, bad = get_json("/api/screen", method="POST", body=latin1, headers={"Content-Type": "text/csv"})
check(status == 400 and is_error(bad, 400), "screen: undeclared bytes that are not UTF-8 are refused, not read as nothing")
status, headers, body = req("/api/screen?format=csv", method="POST", body=vendors)
check(status == 200 and headers.get("Content-Type", "").startswith("text/csv") and
      body.startswith(b"line,input,country,verdict,reason") and b"co-hikvision" in body, "screen as CSV")
status, _, body = req("/api/screen?format=csv", method="POST", body=b"name\n=1+2\n")
check(b'"\'=1+2"' in body, "screen CSV: formulas neutralised")
boundary = "----ovtest"
form = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        % boundary).encode() + vendors + ("\r\n--%s--\r\n" % boundary).encode()
status, _, body = req("/screen", method="POST", body=form,
                      headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
check(status == 200 and b"3 rows screened" in body and b"/entity/co-hikvision" in body and
      b"Section 1260H list" in body and b"<details>" in body, "screening upload page, with the list entries")
# the report downloads from the page itself, without sending the file again: the same CSV as the API's
import base64, re
mm = re.search(rb'id="download-csv" download="screening.csv" href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)"', body)
_, _, api_csv = req("/api/screen?format=csv", method="POST", body=vendors)
check(mm is not None and base64.b64decode(mm.group(1)) == api_csv, "screening page: the CSV download is embedded and equals the API's")
# and kept on the server for an hour under a random id, the CSV and the JSON
mk = re.search(rb'id="kept-csv" href="(/screen/report/[0-9a-f]{32}\.csv)"', body)
status, headers, kept_csv = req(mk.group(1).decode()) if mk else (0, {}, b"")
check(status == 200 and kept_csv == api_csv and "attachment" in headers.get("Content-Disposition", ""),
      "screening page: the kept CSV equals the API's")
status, _, kept_json = req(mk.group(1).decode()[:-4] + ".json") if mk else (0, {}, b"")
check(status == 200 and json.loads(kept_json)["rows"][0]["match"]["id"] == "co-hikvision", "screening page: the kept JSON")
status, _, _ = req("/screen/report/" + "0" * 32 + ".csv")
check(status == 404, "an unknown kept report: 404")
status, _, sc = get_json("/api/screen?rule=uk", method="POST", body=vendors, headers={"Content-Type": "text/csv"})
check(status == 200 and sc.get("rule") == "uk" and sc["rows"][0]["match"]["id"] == "co-hikvision",
      "screen under the UK rule: the rule is the one asked for")
status, _, doc = get_json("/api/screen?rule=nope", method="POST", body=vendors, headers={"Content-Type": "text/csv"})
check(status == 400 and is_error(doc, 400) and "ofac, eu, uk" in doc["error"]["message"],
      "screen: an unknown control rule is a 400 naming the rules")
form_eu = ("--%s\r\nContent-Disposition: form-data; name=\"rule\"\r\n\r\neu\r\n" % boundary).encode() + form
status, _, body = req("/screen", method="POST", body=form_eu,
                      headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
check(status == 200 and b"EU ownership criterion (since July 2024) rule" in body and
      b'<option value="eu" selected>' in body, "screening upload page under the rule chosen in the form")
status, _, body = req("/screen")
check(b'<select name="rule"' in body and b'<option value="ofac" selected>' in body, "screening page offers the rules")
status, _, body = req("/screen", method="POST", body=b"garbage",
                      headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
check(status == 400, "screening upload without a file part: 400")

# ---- methods ---------------------------------------------------------------------------------------
status, headers, doc = get_json("/api/entities/co-hikvision", method="DELETE")
check(status == 405 and is_error(doc, 405) and "GET" in headers.get("Allow", ""), "DELETE: 405 with Allow")
status, headers, doc = get_json("/api/load")
check(status == 405 and headers.get("Allow") == "POST", "GET /api/load: 405")
status, _, doc = get_json("/api/search?q=x", method="POST", body=b"x")
check(status == 405, "POST to a read endpoint: 405")

# ---- writes need a token --------------------------------------------------------------------------
add = json.dumps({"entity": "co-hikvision", "prop": "notes", "value": "added through the API 测试",
                  "source": "https://example.org/api-test", "locator": "p. 1", "status": "alleged"}).encode()
status, headers, doc = get_json("/api/statements", method="POST", body=add)
check(status == 401 and is_error(doc, 401) and "Bearer" in headers.get("WWW-Authenticate", ""), "write without token: 401")
status, _, doc = get_json("/api/statements", method="POST", body=add, headers={"Authorization": "Bearer ovt_wrong"})
check(status == 401 and is_error(doc, 401), "write with a wrong token: 401")
status, _, doc = get_json("/api/statements", method="POST", body=add,
                          headers={"Authorization": "Bearer " + TOKEN[:-1] + ("A" if TOKEN[-1] != "A" else "B")})
check(status == 401, "write with a token differing in its last character: 401")
auth = {"Authorization": "Bearer " + TOKEN}
status, _, doc = get_json("/api/statements", method="POST", body=add, headers=auth)
check(status == 200 and doc["added"] == 1, "add a statement with the token: %s %s" % (status, doc))
status, _, e = get_json("/api/entities/co-hikvision")
mine = [s for s in e["statements"] if s["value"] == "added through the API 测试"]
check(len(mine) == 1 and mine[0]["status"] == "alleged" and mine[0]["citation"]["locator"] == "p. 1",
      "the added statement is served at once (cache invalidated)")
check(e["history"][-1]["note"].startswith("via the API"), "history records the API write")
retract = json.dumps({"entity": "co-hikvision", "prop": "notes", "value": "added through the API 测试"}).encode()
status, _, doc = get_json("/api/statements/retract", method="POST", body=retract, headers=auth)
check(status == 200 and doc["retired"] == 1, "retract: %s %s" % (status, doc))
status, _, e = get_json("/api/entities/co-hikvision")
mine = [s for s in e["statements"] if s["value"] == "added through the API 测试"]
check(any(s["status"] == "retracted" and "retired_in" not in s for s in mine) and
      any("retired_in" in s for s in mine), "retraction is a new row; the old one stays in the history")
check("added through the API 测试" not in e["properties"].get("notes", []), "retracted value leaves the properties")
status, _, doc = get_json("/api/statements/retract", method="POST", body=retract, headers=auth)
check(status == 404, "retracting again: 404")
status, _, doc = get_json("/api/statements", method="POST", body=b"not json", headers=auth)
check(status == 400 and is_error(doc, 400), "bad JSON body: 400")
# a load: any invalid record and nothing is written
bad = b'{"id":"api-new","schema":"Company","properties":{"name":["New"]}}\n{"id":"x","schema":"NoSuchSchema","properties":{}}\n'
status, _, doc = get_json("/api/load?format=entities", method="POST", body=bad, headers=auth)
check(status == 422 and doc["error"]["records"], "invalid load: 422 with the records")
status, _, _ = req("/api/entities/api-new")
check(status == 404, "nothing of an invalid load is written")
good = b'{"id":"api-new","schema":"Company","properties":{"name":["API New Co"],"country":["cn"]}}\n'
status, _, doc = get_json("/api/load?format=entities&source=https%3A%2F%2Fexample.org&locator=p.%202", method="POST",
                          body=good, headers=auth)
check(status == 200 and doc["entities"] == 1, "load with the token")
status, _, s = get_json("/api/search?q=" + urllib.parse.quote("API New Co"))
check(any(h["id"] == "api-new" for h in s["results"]), "the loaded entity is searchable")

# ---- escaping: names are XSS payloads ----------------------------------------------------------------
status, _, body = req("/api/entities/xss-json")
check(status == 200 and b"<" not in body and b"\\u003c/script\\u003e" in body and b"\\u2028" in body,
      "JSON escapes < > & and U+2028")
for eid in ["xss-script", "xss-img", "xss-attr", "xss-json"]:
    status, headers, body = req("/entity/" + eid)
    text = body.decode()
    check(status == 200 and headers.get("Content-Type", "").startswith("text/html"), "dossier of " + eid)
    for bad_s in ["<script>window", "<img src=x", "<svg/onload", "onmouseover='", "</script><script>"]:
        check(bad_s not in text, "%s: raw payload %r in the page" % (eid, bad_s))
status, _, body = req("/search?q=" + urllib.parse.quote("<script>alert(1)</script>\"'"))
check(b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;" in body,
      "the query is escaped in the search page")
status, _, body = req("/graph/xss-script")
check(status == 200 and b"<svg" in body and b"<script>window" not in body, "SVG labels escaped")
status, _, body = req("/typology")
check(status == 200 and b"<script>window" not in body and b"<img src=x" not in body, "typology page escaped")
rows = body.count(b"<tr><td>")
status, _, now = get_json("/api/typology?limit=1")  # loads above may have added companies
status, _, body2 = req("/typology?offset=%d" % (now["total"] - 3))
check(status == 200 and body2.count(b"<tr><td>") == 3 and b'rel="prev"' in body2 and b'rel="next"' not in body2 and
      rows == min(500, now["total"]), "typology page: 500 rows a page, the last 3 on their own")

# ---- pages ------------------------------------------------------------------------------------------
status, _, body = req("/entity/co-hikvision")
text = body.decode()
check(status == 200 and "杭州海康威视" in text and 'href="#fn1"' in text and 'id="fn1"' in text,
      "dossier with Chinese names and numbered footnotes")
check('id="history"' in text and 'class="status' in text, "dossier: history and the status of each claim")
check("<figure class=\"graph\">" in text, "dossier: the ownership picture")
status, _, body = req("/search?q=" + urllib.parse.quote("深圳市测试") + "&schema=Company")
check(status == 200 and b"/entity/cn-name" in body, "web search in Chinese with a filter")
status, headers, body = req("/svg/co-hikvision")
check(status == 200 and headers.get("Content-Type") == "image/svg+xml" and b"<svg" in body, "SVG download")
status, _, body = req("/screen")
check(status == 200 and b'enctype="multipart/form-data"' in body, "screening page with the upload form")
status, _, body = req("/exposure/co-hikvision")
check(status == 200 and b"Legal exposure" in body and b"support intelligence work" in body and
      b"fn. 20" in body, "exposure page: the obligations with their citations")
status, headers, body = req("/static/style.css")
check(status == 200 and headers.get("Content-Type", "").startswith("text/css"), "stylesheet")
status, _, body = req("/no/such/page")
check(status == 404 and b"<h1>404" in body, "404 page")

# ---- entity resolution: candidates, judgements, the review queue ----------------------------------------
def spec_of(route, method="get", code="200"):
    return spec["paths"][route][method]["responses"][code]["content"]["application/json"]["schema"]


def jpost(doc, token=TOKEN, raw_body=None):
    body = raw_body if raw_body is not None else json.dumps(doc).encode()
    hdrs = {"Content-Type": "application/json"}
    if token:
        hdrs["Authorization"] = "Bearer " + token
    return get_json("/api/judgements", method="POST", body=body, headers=hdrs)


def written():
    """Judgement entities and changes of the store: a refusal leaves both as they were."""
    _, _, st = get_json("/api/stats")
    return st["schema"].get("Judgement", 0), st["changes"]


INTL, INTL_INC, CM_USA = "co-china-mobile-international-usa", "co-china-mobile-international-usa-inc", "co-china-mobile-usa"
status, _, xr = get_json("/api/xref?limit=10")
check(status == 200 and not conforms(xr, spec_of("/api/xref")), "xref conforms to the spec: %s" % conforms(xr, spec_of("/api/xref"))[:5])
cands = xr["candidates"]
check(xr["total"] > 50 and len(cands) == 10 and [c["rank"] for c in cands] == list(range(1, 11)), "xref: ranked candidates")
check(all(a["score"] >= b["score"] for a, b in zip(cands, cands[1:])) and all(c["score"] >= 0.7 for c in cands),
      "xref: strongest first, at the threshold or above")
check(all(c["left"]["id"] < c["right"]["id"] and c["left"]["names"] and c["right"]["names"] and c["explanation"] and
          c["features"] for c in cands), "xref: each side with its names, and the matcher's explanation")
check(all(c["left"]["sources"] and c["right"]["datasets"] for c in cands), "xref: each side with its sources and datasets")
status, _, xp = get_json("/api/xref?limit=4&offset=3")
check(status == 200 and [(c["left"]["id"], c["right"]["id"]) for c in xp["candidates"]] ==
      [(c["left"]["id"], c["right"]["id"]) for c in cands[3:7]] and xp["candidates"][0]["rank"] == 4, "xref: a page")
status, _, xe = get_json("/api/xref?entity=" + INTL + "&limit=100")
pairs = [(c["left"]["id"], c["right"]["id"]) for c in xe["candidates"]]
check(status == 200 and (INTL, INTL_INC) in pairs and (INTL, CM_USA) in pairs and
      all(INTL in p for p in pairs) and xe["total"] == len(pairs) and xe["filters"]["entity"] == INTL,
      "xref: the candidates of one entity (the two China Mobile International USA among them)")
status, _, xo = get_json("/api/xref?schema=Organization&limit=100")
check(status == 200 and xo["candidates"] and
      all({c["left"]["schema"], c["right"]["schema"]} & {"Organization", "Company", "PublicBody"} for c in xo["candidates"]),
      "xref: a schema filter takes its descendants")
status, _, xb = get_json("/api/xref?schema=Brand&limit=100")
check(status == 200 and xb["total"] < xr["total"] and all("Brand" in (c["left"]["schema"], c["right"]["schema"])
                                                          for c in xb["candidates"]), "xref: schema=Brand")
for bad in ["limit=0", "limit=101", "offset=-1", "threshold=0", "threshold=1.5", "threshold=x", "schema=NoSuchSchema"]:
    status, _, doc = get_json("/api/xref?" + bad)
    check(status == 400 and is_error(doc, 400), "xref: %s refused" % bad)
status, headers, doc = get_json("/api/judgements")
check(status == 405 and headers.get("Allow") == "POST", "GET /api/judgements: 405")

status, _, res = get_json("/api/judgements/" + INTL)
check(status == 200 and not conforms(res, spec_of("/api/judgements/{id}")) and res["canonical"] == INTL and
      res["referents"] == [INTL] and res["judgements"] == [], "an unjudged entity is its own canonical id")
status, _, doc = get_json("/api/judgements/no-such-entity")
check(status == 404 and is_error(doc, 404), "judgements of an unknown id: 404")

same = {"left": INTL, "right": INTL_INC, "verdict": "same", "reason": "one company: the same name at the same address",
        "source": "src-curated-restricted-list-events", "locator": "rows 12 and 13"}
before = written()
status, headers, doc = jpost(same, token=None)
check(status == 401 and is_error(doc, 401) and "Bearer" in headers.get("WWW-Authenticate", ""), "judgement without a token: 401")
status, _, doc = jpost(same, token="ovt_wrong")
check(status == 401, "judgement with a wrong token: 401")
check(written() == before, "nothing written without a token")
status, _, jr = jpost(same)
check(status == 200 and not conforms(jr, spec_of("/api/judgements", "post")), "judgement recorded: %s %s" % (status, jr))
check(jr["author"] == "tests" and jr["verdict"] == "same" and jr["judgement"].startswith("jdg-"),
      "the author is the token's owner")
check(jr["left"]["canonical"] == jr["right"]["canonical"] == INTL and jr["left"]["referents"] == [INTL, INTL_INC],
      "one canonical id and both referents after 'same'")
status, _, res = get_json("/api/judgements/" + INTL_INC)
j = res["judgements"][0] if res.get("judgements") else {}
check(status == 200 and res["canonical"] == INTL and res["referents"] == [INTL, INTL_INC] and j.get("id") == jr["judgement"]
      and j["reason"] == same["reason"] and j["author"] == "tests" and j["citation"]["source"] == same["source"] and
      "judged by tests" in j["citation"]["locator"] and "rows 12 and 13" in j["citation"]["locator"],
      "the judgement behind the referents, with its reason, author and citation: %s" % res)
status, _, xe = get_json("/api/xref?entity=" + INTL + "&limit=100")
check((INTL, INTL_INC) not in [(c["left"]["id"], c["right"]["id"]) for c in xe["candidates"]], "a judged pair leaves the queue")
status, _, dj = jpost({"left": INTL_INC, "right": CM_USA, "verdict": "different", "reason": "different legal persons"})
check(status == 200 and dj["right"]["referents"] == [CM_USA], "a 'different' judgement")
status, _, xe = get_json("/api/xref?entity=" + CM_USA + "&limit=100")
check(status == 200 and not any(INTL in (c["left"]["id"], c["right"]["id"]) for c in xe["candidates"]),
      "clusters judged different are no longer proposed")

# refusals: 400 for bad input, 409 for a contradiction; nothing written either way
before = written()
status, _, doc = jpost({"left": INTL, "right": CM_USA, "verdict": "same", "reason": "the same group"})
check(status == 409 and is_error(doc, 409) and dj["judgement"] in doc["error"]["message"],
      "a contradiction is 409 naming the conflicting judgement: %s" % doc)
for what, body in [("an entity with itself", {"left": INTL, "right": INTL, "verdict": "same", "reason": "r"}),
                   ("an unknown id", {"left": INTL, "right": "no-such-entity", "verdict": "same", "reason": "r"}),
                   ("a Person and a Company", {"left": "xss-attr", "right": "co-hikvision", "verdict": "same", "reason": "r"}),
                   ("no reason", {"left": INTL, "right": CM_USA, "verdict": "unsure"}),
                   ("an empty reason", {"left": INTL, "right": CM_USA, "verdict": "unsure", "reason": ""}),
                   ("no right", {"left": INTL, "verdict": "same", "reason": "r"}),
                   ("a bad verdict", {"left": INTL, "right": CM_USA, "verdict": "maybe", "reason": "r"}),
                   ("a bad status", {"left": INTL, "right": CM_USA, "verdict": "unsure", "reason": "r", "status": "retracted"}),
                   ("a 5,000-byte reason", {"left": INTL, "right": CM_USA, "verdict": "unsure", "reason": "x" * 5000})]:
    status, _, doc = jpost(body)
    check(status == 400 and is_error(doc, 400), "%s: 400 (%s %s)" % (what, status, doc))
status, _, doc = jpost(None, raw_body=b"[1, 2")
check(status == 400 and is_error(doc, 400), "a body that is not a JSON object: 400")
status, _, doc = jpost(None, raw_body=b'{"reason": "' + b"x" * 70000 + b'"}')
check(status == 413 and is_error(doc, 413), "a judgement body over 64 KB: 413")
check(written() == before, "nothing written by the refusals")
# a "different" inside a cluster is refused with the chain of "same" judgements named
chain = []
for l, r in [("cn-name", "xss-json"), ("xss-json", "api-new")]:
    status, _, doc = jpost({"left": l, "right": r, "verdict": "same", "reason": "test fixtures judged one"})
    chain.append(doc.get("judgement") if status == 200 else None)
status, _, doc = jpost({"left": "cn-name", "right": "api-new", "verdict": "different", "reason": "r"})
check(status == 409 and all(c and c in doc["error"]["message"] for c in chain), "'different' inside a cluster: 409 naming the chain: %s" % doc)
# undo: a newer judgement of the pair replaces it (left out of the check)
status, _, doc = jpost({"left": "xss-json", "right": "api-new", "verdict": "different", "reason": "undo: judged in error"})
check(status == 200 and doc["right"]["referents"] == ["api-new"] and doc["left"]["referents"] == ["cn-name", "xss-json"],
      "an undo is a new judgement of the pair: %s" % doc)

# the review queue and its form: the token from the form's body, never from the URL
status, headers, body = req("/review")
text = body.decode()
check(status == 200 and headers.get("Content-Type", "").startswith("text/html") and text.count('<li class="candidate"') == 20
      and text.count('name="verdict" value="same"') == 20 and 'type="password" name="token"' in text, "review page: 20 candidates with forms")
check("token=" not in text and 'method="post" action="/review"' in text, "review page: the token is posted, never in a link")
status, _, body = req("/review?entity=" + CM_USA)
check(status == 200 and b"China Mobile USA" in body and b"Score <strong>" in body, "review page of one entity")
status, _, body = req("/review?entity=xss-script")
text = body.decode()
check(status == 200 and text.count('<li class="candidate"') >= 1 and "&lt;script&gt;window.__xss=1" in text and
      not any(b in text for b in ["<script>window", "<svg/onload", "<b onmouseover"]),
      "review page: hostile names and identifiers of a candidate pair are escaped")
status, _, xx = get_json("/api/xref?entity=xss-twin")
check(status == 200 and xx["candidates"] and b"<" not in req("/api/xref?entity=xss-twin")[2],
      "xref JSON: hostile names escaped")
status, _, body = req("/review?schema=Nope")
check(status == 400, "review page: unknown schema 400")
form = urllib.parse.urlencode({"left": "co-china-mobile", "right": "co-cmcc", "verdict": "unsure",
                               "reason": "<b>group or listed company?</b>"}).encode()
ctype = {"Content-Type": "application/x-www-form-urlencoded"}
before = written()
status, _, body = req("/review", method="POST", body=form, headers=ctype)
check(status == 401 and b"token" in body, "review form without a token: 401")
status, _, body = req("/review?token=" + urllib.parse.quote(TOKEN), method="POST", body=form, headers=ctype)
check(status == 401, "review form: a token in the URL is not taken")
check(written() == before, "nothing written without a token in the form")
status, _, body = req("/review", method="POST", body=form + b"&token=" + urllib.parse.quote(TOKEN).encode(), headers=ctype)
check(status == 200 and b'id="recorded"' in body and b"&lt;b&gt;group or listed company?&lt;/b&gt;" in body and
      b"<b>group" not in body, "review form with the token: recorded, the reason escaped")
status, _, res = get_json("/api/judgements/co-cmcc")
check(res["judgements"] and res["judgements"][-1]["verdict"] == "unsure" and res["judgements"][-1]["author"] == "tests",
      "the form's judgement is record data, by the token's owner")
bad_form = urllib.parse.urlencode({"left": INTL, "right": CM_USA, "verdict": "same", "reason": "<i>r</i>",
                                   "token": TOKEN}).encode()
status, _, body = req("/review", method="POST", body=bad_form, headers=ctype)
check(status == 409 and b'id="refused"' in body and dj["judgement"].encode() in body and b"<i>r</i>" not in body and
      TOKEN.encode() not in body, "review form: a contradiction refused with its message, the token not echoed")
status, _, body = req("/review?left=co-hikvision&verdict=same", method="POST", body=bad_form, headers=ctype)
check(status == 409 and b"co-hikvision" not in body, "review form: the fields come from the body, not the URL")
status, _, body = req("/review", method="POST", body=b"left=a", headers={"Content-Type": "text/plain"})
check(status in (400, 401), "review form not sent as a form: refused")
status, _, body = req("/entity/" + INTL_INC)
text = body.decode()
check(status == 200 and 'id="resolution"' in text and 'href="/entity/' + INTL + '"' in text and same["reason"] in text and
      jr["judgement"] in text and "rows 12 and 13" in text, "dossier: canonical id, referents and the judgements behind them")

# ---- the contract: real responses of every route against the spec ------------------------------------
# Each response is checked with a real JSON Schema validator (Debian's python3-jsonschema) against
# the schema the spec declares for its route, method, status and content type. The spec's schemas
# are OpenAPI 3.0 (nullable); they are rewritten as JSON Schema, with the components kept in the
# root so that the local #/components/... references resolve.


def as_json_schema(s):
    if isinstance(s, list):
        return [as_json_schema(x) for x in s]
    if not isinstance(s, dict):
        return s
    out = {k: as_json_schema(v) for k, v in s.items() if k not in ("nullable", "example", "style", "explode")}
    if s.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


COMPONENTS = as_json_schema(spec["components"])
ROUTES = sorted(spec["paths"], key=lambda p: (p.count("{"), -len(p)))


def route_of(path):
    """The spec's path template for a concrete path (fixed paths before templates)."""
    for r in ROUTES:
        if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(r)), path):
            return r
    return None


exercised = set()


def contract(method, path, body=None, headers=None, want=None):
    """Sends the request and checks the response against the spec; returns (status, doc)."""
    status, rh, raw_body = req(path, method=method, body=body, headers=headers)
    route = route_of(path.split("?")[0])
    where = "%s %s -> %s" % (method, path[:80], status)
    if want is not None:
        check(status == want, "%s: expected %s" % (where, want))
    op = spec["paths"].get(route, {}).get(method.lower()) if route else None
    check(op is not None, "%s: the spec has no such operation" % where)
    if op is None:
        return status, None
    exercised.add((route, method.lower()))
    resp = op["responses"].get(str(status))
    check(resp is not None, "%s: status %s is not documented" % (where, status))
    if resp is None:
        return status, None
    if "$ref" in resp:
        resp = spec["components"]["responses"][resp["$ref"].rsplit("/", 1)[1]]
    ctype = rh.get("Content-Type", "").split(";")[0].strip()
    content = resp.get("content", {})
    check(ctype in content, "%s: content type %s is not documented (%s)" % (where, ctype, list(content)))
    doc = None
    if ctype == "application/json":
        doc = json.loads(raw_body)
        schema = dict(as_json_schema(content[ctype]["schema"]))
        schema["components"] = COMPONENTS
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
        check(not errors, "%s: %s" % (where, "; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message[:200])
                                                        for e in errors[:3])))
    return status, doc


form = lambda d: urllib.parse.urlencode(d).encode()
yq = {"queries": {"entity1": {"schema": "Person", "properties": {"name": ["John Doe"], "birthDate": ["1975-04-21"],
                                                                  "nationality": ["us"]}},
                  "entity2": {"schema": "Company", "properties": {"name": ["Hikvision Digital Technology"],
                                                                   "jurisdiction": ["cn"]}}}}
rq = json.dumps({"q0": {"query": "Hikvision", "type": "Company", "limit": 3,
                        "properties": [{"pid": "country", "v": "cn"}]}})
jsonh = {"Content-Type": "application/json"}
for method, path, body, headers, want in [
        ("GET", "/api/entities/co-hikvision", None, None, 200), ("GET", "/api/entities/no-such", None, None, 404),
        ("GET", "/api/search?q=hikvision", None, None, 200), ("GET", "/api/search", None, None, 400),
        ("GET", "/api/owners/co-hikvision", None, None, 200), ("GET", "/api/owners/no-such", None, None, 404),
        ("GET", "/api/controllers/co-hikvision", None, None, 200), ("GET", "/api/typology?limit=20", None, None, 200),
        ("GET", "/api/typology?limit=0", None, None, 400), ("GET", "/api/exposure/co-hikvision", None, None, 200),
        ("GET", "/api/exposure/no-such", None, None, 404), ("GET", "/api/export?format=statements", None, None, 200),
        ("GET", "/api/export", None, None, 200), ("GET", "/api/export?format=bogus", None, None, 400),
        ("GET", "/api/stats", None, None, 200), ("GET", "/api/openapi.json", None, None, 200),
        ("GET", "/api/model", None, None, 200),
        ("GET", "/api/xref?limit=5", None, None, 200), ("GET", "/api/xref?schema=Nope", None, None, 400),
        ("GET", "/api/judgements/co-cmcc", None, None, 200), ("GET", "/api/judgements/no-such", None, None, 404),
        ("POST", "/api/judgements", b"{}", None, 401),
        ("GET", "/api/deployments?country=sa", None, None, 200), ("GET", "/api/deployments?country=Narnia", None, None, 400),
        ("POST", "/api/match", json.dumps(yq).encode(), jsonh, 200), ("POST", "/api/match", b"{", jsonh, 400),
        ("POST", "/api/screen", b"name,country\nHikvision,cn\nNo Such Vendor Ltd,us\n", {"Content-Type": "text/csv"}, 200),
        ("POST", "/api/screen?format=csv", b"name\nHikvision\n", {"Content-Type": "text/csv"}, 200),
        ("POST", "/api/screen?rule=nope", b"name\nHikvision\n", {"Content-Type": "text/csv"}, 400),
        ("POST", "/api/load", b"{}", None, 401), ("POST", "/api/statements", b"{}", None, 401),
        ("POST", "/api/statements/retract", b"{}", None, 401),
        ("POST", "/api/load?format=entities", b'{"id":"contract-co","schema":"Company","properties":{"name":["Contract Co"]}}\n',
         {"Authorization": "Bearer " + TOKEN}, 200),
        ("POST", "/api/statements", json.dumps({"entity": "contract-co", "prop": "notes", "value": "contract"}).encode(),
         {"Authorization": "Bearer " + TOKEN}, 200),
        ("POST", "/api/statements/retract", json.dumps({"entity": "contract-co", "prop": "notes", "value": "contract"}).encode(),
         {"Authorization": "Bearer " + TOKEN}, 200),
        ("POST", "/match/default", json.dumps(yq).encode(), jsonh, 200),
        ("POST", "/match/us_fcc_covered_list?limit=1&threshold=0.9&algorithm=best", json.dumps(yq).encode(), jsonh, 200),
        ("POST", "/match/default?algorithm=bogus", json.dumps(yq).encode(), jsonh, 400),
        ("POST", "/match/no-such-dataset", json.dumps(yq).encode(), jsonh, 404),
        ("GET", "/search/default?q=hikvision&schema=Company&countries=cn&limit=5", None, None, 200),
        ("GET", "/search/default?sort=name", None, None, 400), ("GET", "/search/no-such-dataset?q=x", None, None, 404),
        ("GET", "/entities/co-hikvision", None, None, 200), ("GET", "/entities/co-hikvision?nested=false", None, None, 200),
        ("GET", "/entities/co-hikvision?nested=maybe", None, None, 400), ("GET", "/entities/no-such", None, None, 404),
        ("GET", "/catalog", None, None, 200), ("GET", "/algorithms", None, None, 200), ("GET", "/healthz", None, None, 200),
        ("GET", "/readyz", None, None, 200), ("GET", "/healthz?x=1", None, None, 400),
        ("GET", "/reconcile/default", None, None, 200),
        ("GET", "/reconcile/default?" + urllib.parse.urlencode({"queries": rq}), None, None, 200),
        ("GET", "/reconcile/default?queries=%7B", None, None, 400), ("GET", "/reconcile/no-such", None, None, 404),
        ("POST", "/reconcile/default", form({"queries": rq}), {"Content-Type": "application/x-www-form-urlencoded"}, 200),
        ("POST", "/reconcile/default", form({"queries": json.dumps({"q0": {"query": "x", "type": "NoSuchType"}})}),
         {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        ("GET", "/reconcile/default/preview?id=co-hikvision", None, None, 200),
        ("GET", "/reconcile/default/preview?id=no-such", None, None, 404),
        ("GET", "/reconcile/default/suggest/entity?prefix=hikv", None, None, 200),
        ("GET", "/reconcile/default/suggest/type?prefix=comp", None, None, 200),
        ("GET", "/reconcile/default/suggest/property?prefix=coun", None, None, 200),
        ("GET", "/reconcile/default/suggest/entity", None, None, 400)]:
    contract(method, path, body, headers, want)
for p, ops in spec["paths"].items():
    for m in ops:
        if m in ("get", "post", "put", "delete", "patch"):
            check((p, m) in exercised, "the contract test exercises %s %s" % (m.upper(), p))
# the validator is not blind: a response that breaks the spec is caught
bad = {"responses": {"q": {"status": "200", "results": [], "total": {"value": 0, "relation": "eq"}, "query": {}}}, "limit": 5}
schema = {"$ref": "#/components/schemas/YenteMatchResponse", "components": COMPONENTS}
check(list(jsonschema.Draft7Validator(schema).iter_errors(bad)), "the contract check refuses a status that is a string")
bad = {"id": "x", "caption": "x", "schema": "Company", "properties": {}, "datasets": [], "referents": [], "target": False,
       "first_seen": None, "last_seen": None}
schema = {"$ref": "#/components/schemas/YenteEntity", "components": COMPONENTS}
check(list(jsonschema.Draft7Validator(schema).iter_errors(bad)), "the contract check refuses an entity without last_change")

# ---- hostile requests --------------------------------------------------------------------------------
for target in ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
               "/static//etc/passwd", "/../../etc/passwd"]:
    line, data = raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % target).encode())
    check((" 404 " in line or " 400 " in line) and b"root:" not in data, "path traversal %s: %s" % (target, line))
for target in ["/api/entities/%ZZ", "/api/entities/%00x", "/api/entities/%ff%fe", "/api/search?q=%"]:
    line, data = raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % target).encode())
    check(" 400 " in line and b'"status":400' in data, "malformed target %s: %s" % (target, line))
line, data = raw(("GET /api/search?%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" %
                  "&".join("p%d=1" % i for i in range(40))).encode())
check(" 400 " in line, "too many parameters: " + line)
line, data = raw(("GET /api/search?q=%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % ("a" * 9000)).encode())
check(" 400 " in line or " 414 " in line or " 431 " in line, "over-long target: " + line)
line, data = raw(b"POST /api/load HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode() +
                 b"\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\nxxxx")
check(" 413 " in line, "body over the cap: " + line)
line, data = raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n")
check(" 431 " in line or " 400 " in line or line == "", "huge header refused: %r" % line)
# idle connections do not block others
idle = [socket.create_connection((HOST, PORT)) for _ in range(200)]
status, _, _ = req("/api/entities/co-hikvision")
check(status == 200, "answers with 200 idle connections open")
for s in idle:
    s.close()

finish()
