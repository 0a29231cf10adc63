#!/usr/bin/env python3
"""API tests against a running `oversight serve` over loopback.

usage: api_test.py BASE_URL TOKEN
Prints "N passed, N failed" and exits 1 on any failure. Standard library only.
"""
import json
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
TOKEN = sys.argv[2]
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def req(path, method="GET", body=None, headers=None):
    r = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(r, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_json(path, **kw):
    status, headers, body = req(path, **kw)
    try:
        return status, headers, json.loads(body)
    except ValueError:
        check(False, "%s: not JSON: %r" % (path, body[:200]))
        return status, headers, None


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
          "/api/statements/retract"]:
    check(p in spec["paths"], "openapi documents " + p)


def conforms(doc, schema, where="$"):
    """The problems of doc against an OpenAPI schema (the subset the spec uses: $ref, type,
    required, properties, items, enum), as a list of strings."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
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
status, _, doc = get_json("/api/match", method="POST", body=b"{not json")
check(status == 400 and is_error(doc, 400), "match: malformed request 400")
status, headers, doc = get_json("/api/match")
check(status == 405 and headers.get("Allow") == "POST", "GET /api/match: 405")
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

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
