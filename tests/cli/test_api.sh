#!/bin/sh
# The HTTP API and the pages over loopback against a real running server
# (tests/api/: api_test.py, the XSS fixture, server.sh), then its clean
# shutdown on SIGTERM and its refusals (non-loopback address, bad options).
. "$TESTS/cli/lib.sh"
. "$TESTS/api/server.sh"
if python3 "$TESTS/api/api_test.py" "$URL" "$TOKEN" >"$WORK/api.out" 2>&1; then pass
else fail "api_test.py: $(cat "$WORK/api.out")"; fi
tail -1 "$WORK/api.out"
# one question, one answer: the CLI's JSON and the API's are the same bytes, for
# owners and controllers of every organisation with ownership or links (and a few others)
"$OV" --format json typology > typ.json
python3 - "$OV" "${URL%/}" <<'PY' && pass || fail "the CLI and the API answer differently"
import json, subprocess, sys, urllib.request
ov, url = sys.argv[1], sys.argv[2]
rows = json.load(open("typ.json"))
tied = [r["subject"]["id"] for r in rows if any(c["evidence"] for c in r["conclusions"])]
ids = tied + [r["subject"]["id"] for r in rows if r["subject"]["id"] not in tied][:10]
assert len(tied) >= 20, len(tied)
n = 0
for i in ids:
    for q in ("controllers", "owners"):
        cli = subprocess.run([ov, "--format", "json", q, i], capture_output=True, check=True).stdout
        api = urllib.request.urlopen("%s/api/%s/%s" % (url, q, urllib.request.quote(i))).read()
        assert cli == api, (q, i, cli[:200], api[:200])
        n += 1
print("%d answers compared" % n, file=sys.stderr)
PY
# the typology: every row of /api/typology is the bytes of `oversight typology --format json`
"$OV" --format json typology > cli.json
python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
  "${URL%/}/api/typology?limit=10000" > api.json
python3 - <<'PY' && pass || fail "typology: the CLI's rows and the API's differ"
cli, api = open("cli.json", "rb").read(), open("api.json", "rb").read()
assert cli.startswith(b"[") and len(cli) > 1000, cli[:100]
assert api.endswith(b'"companies":' + cli.rstrip(b"\n") + b"}\n"), (cli[:300], api[:300])
PY
# cross-referencing: /api/xref lists `oversight xref`'s candidates (after the judgements api_test.py made),
# in the same order, with the same scores, names and explanations
"$OV" --format json xref --limit 100 > cli.json
python3 - "${URL%/}" <<'PY' && pass || fail "xref: the CLI's candidates and the API's differ"
import json, sys, urllib.request
cli = json.load(open("cli.json"))
api = [json.load(urllib.request.urlopen(sys.argv[1] + "/api/xref?limit=100&offset=%d" % o)) for o in (0, 100)]
assert api[0]["total"] == cli["candidates"] > 100, (api[0]["total"], cli["candidates"])
rows = [(c["left"]["id"], c["right"]["id"], "%.4f" % c["score"], c["left"]["matched_name"], c["right"]["matched_name"],
         c["explanation"]) for c in api[0]["candidates"]]
want = [(p["a"], p["b"], "%.4f" % p["score"], p["a_name"], p["b_name"], p["explanation"]) for p in cli["pairs"]]
assert rows == want, [(a, b) for a, b in zip(rows, want) if a != b][:3]
assert api[1]["candidates"][0]["rank"] == 101
PY
# legal exposure: the same bytes from `oversight exposure ID --format json` and /api/exposure/ID
fetch() { python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' "$1"; }
for id in co-hikvision co-china-mobile co-sensetime pb-cac brand-ezviz; do
  "$OV" --format json exposure "$id" > cli.json
  fetch "${URL%/}/api/exposure/$id" > api.json
  [ -s cli.json ] && pass || fail "exposure $id: no JSON"
  expect_same cli.json api.json
done
# a 4 KB locator survives every output: statements citing 4,096-byte locators, added through the
# API on a provision (NIL Art. 14's obligation) and on a fact (Hikvision's country)
python3 - "$URL" "$TOKEN" <<'PY' || fail "adding statements with 4 KB locators"
import json, sys, urllib.request
url, token = sys.argv[1].rstrip("/"), sys.argv[2]
loc = lambda tag: (tag + " " + "y" * 4096)[:4090] + " [END]"
open("loc.txt", "w").write(loc("PROVISION-LOCATOR") + "\n" + loc("FACT-LOCATOR") + "\n")
for entity, prop, value, tag in [("prov-nil-art-14", "obligation", "support-intelligence-work", "PROVISION-LOCATOR"),
                                 ("co-hikvision", "country", "cn", "FACT-LOCATOR")]:
    body = json.dumps({"entity": entity, "prop": prop, "value": value, "source": "https://example.org/long",
                       "locator": loc(tag), "status": "asserted"}).encode()
    r = urllib.request.Request(url + "/api/statements", data=body, method="POST",
                               headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    assert json.load(urllib.request.urlopen(r))["added"] == 1
PY
"$OV" --format json exposure co-hikvision > cli.json
"$OV" exposure co-hikvision > cli.txt
fetch "${URL%/}/api/exposure/co-hikvision" > api.json
fetch "${URL%/}/exposure/co-hikvision" > page.html
expect_same cli.json api.json
python3 - <<'PY' && pass || fail "a 4 KB locator is cut in the CLI, the API or the page"
import json
prov_loc, fact_loc = open("loc.txt").read().splitlines()
assert len(prov_loc) == len(fact_loc) == 4096
a = json.load(open("api.json"))
nil = next(c for c in a["conclusions"] if c["object"]["id"] == "prov-nil-art-14")
prov = next(s for s in nil["evidence"] if s["role"] == "provision")
assert prov_loc in [c["locator"] for c in prov["citations"]], [len(c["locator"]) for c in prov["citations"]]
assert any(c["locator"] == fact_loc for s in nil["evidence"] if s["role"] == "fact" for c in s["citations"])
for f in ("cli.txt", "page.html"):
    t = open(f).read()
    assert prov_loc in t and fact_loc in t, f
PY
stop_server
# loopback only unless told otherwise
expect_exit 2 "$OV" serve --listen 0.0.0.0:0
expect_contains "$WORK/err" "not a loopback address"
expect_exit 2 "$OV" serve --listen nonsense
expect_exit 2 "$OV" serve --threads 0
# tokens: listed by name, never shown again; revoked tokens no longer work
"$OV" token list >"$WORK/tokens"
expect_contains "$WORK/tokens" "tests"
expect_not_contains "$WORK/tokens" "$TOKEN"
expect_exit 0 "$OV" token revoke tests
"$OV" token list >"$WORK/tokens"
expect_contains "$WORK/tokens" "revoked"
expect_exit 3 "$OV" token revoke tests
expect_exit 2 "$OV" token frobnicate
finish
