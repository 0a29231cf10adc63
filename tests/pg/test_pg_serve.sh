# PostgreSQL: the server's entity GET answers as on SQLite. The bundled record
# (its judgements included) is loaded into both; every entity's
# /api/entities/ID through a server on each, with ?fresh=1 (the store read on
# every request: on PostgreSQL one round trip for the entity, its change log
# and current form answered from that read's rows) and without, is the same
# JSON but for the change log's times. Then a write by another process: the
# next GET on PostgreSQL shows it (the retired statement in the history, the
# new change in the log). Run by tests/pg/pg_cluster.sh.
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
PG="$OV_PG_URL"
TOP=$(cd "$TESTS/.." && pwd)
SQ="$WORK/s.db"
expect_exit 0 "$OV" --db "$PG" init
expect_exit 0 "$OV" --db "$SQ" init
for f in "$TOP"/data/seed/*.csv; do
  "$OV" --db "$PG" load "$f" >/dev/null 2>&1 || fail "PostgreSQL: load $f"
  "$OV" --db "$SQ" load "$f" >/dev/null 2>&1 || fail "SQLite: load $f"
done
"$OV" --db "$SQ" export --output-format plain | python3 -c '
import json, sys, urllib.parse
for line in sys.stdin: print(urllib.parse.quote(json.loads(line)["id"], safe=""))' > ids.txt
[ "$(wc -l < ids.txt)" -gt 1000 ] && pass || fail "the record's ids: $(wc -l < ids.txt)"
OVERSIGHT_DB="$PG"; start_server pg
UP=${URL%/}; PP=$SERVER_PID
OVERSIGHT_DB="$SQ"; start_server sq
US=${URL%/}; PS=$SERVER_PID
OVERSIGHT_DB="$WORK/test.db"
cat > get_all.py <<'PY'
import http.client, json, sys, urllib.parse
def get_all(base, suffix):
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    out = {}
    for line in open("ids.txt"):
        i = line.strip()
        c.request("GET", f"/api/entities/{i}{suffix}")
        r = c.getresponse()
        body = r.read()
        assert r.status == 200, (base, i, r.status, body[:200])
        d = json.loads(body)
        for h in d.get("history", []):
            h.pop("at", None)  # the two loads ran at their own times
        out[i] = d
    return out
PY
python3 - "$UP" "$US" <<'PY' && pass || fail "entity GET on PostgreSQL and SQLite differ"
import sys
sys.path.insert(0, ".")
from get_all import get_all
pg, sq = sys.argv[1], sys.argv[2]
for suffix in ("?fresh=1", "", "?fresh=1"):
    a, b = get_all(pg, suffix), get_all(sq, suffix)
    bad = [i for i in a if a[i] != b[i]]
    assert not bad, (suffix, len(bad), bad[:3], a[bad[0]], b[bad[0]])
judged = [i for i in a if len(a[i].get("resolution", {}).get("referents", [])) > 1]
assert judged, "no entity of the record is in a cluster of judged referents"
print(len(a), "entities alike,", len(judged), "in judged clusters")
PY
# a write by another process (a MOD delta): the entity's statements retired, its change in the history
id=co-hikvision
curl -sf "$UP/api/entities/$id?fresh=1" > before.json || fail "GET $id"
n_before=$(python3 -c 'import json,sys; print(len(json.load(open("before.json"))["history"]))')
python3 - > upd.json <<'PY'
import json
d = json.load(open("before.json"))
print(json.dumps({"op": "MOD", "entity": {"id": d["id"], "schema": d["schema"],
                                          "properties": {"name": ["Test Renamed Hikvision"]}}}))
PY
expect_exit 0 "$OV" --db "$PG" load --input-format delta upd.json
curl -sf "$UP/api/entities/$id?fresh=1" > after.json || fail "GET $id after the write"
python3 - "$n_before" <<'PY' && pass || fail "the write is not in the next GET: $(head -c 400 after.json)"
import json, sys
d = json.load(open("after.json"))
assert d["properties"].get("name") == ["Test Renamed Hikvision"], d["properties"].get("name")
assert len(d["history"]) == int(sys.argv[1]) + 1, (len(d["history"]), sys.argv[1])
assert any(s.get("retired_in") for s in d["statements"]), "no retired statement in the history"
# the resolution's properties are the current entity's: no retired value
names = [v["value"] for v in d["resolution"]["properties"].get("name", [])]
assert names == ["Test Renamed Hikvision"], names
# its dataset is new to the server's connection (named after the file): read by name
new = [s for s in d["statements"] if s["value"] == "Test Renamed Hikvision"]
assert [s["dataset"] for s in new] == ["upd"] and new[0]["prop"] == "name" and new[0]["schema"] == d["schema"], new
PY
kill $PP $PS 2>/dev/null
wait $PP $PS 2>/dev/null
finish
