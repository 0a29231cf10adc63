#!/bin/sh
# The main job (`make run`): builds a fresh store from the bundled, sourced
# record (data/seed/*.csv, in name order), prints a summary of it (companies,
# state ties, listings, measured facts, provisions by obligation, indicator
# scores, each with its citation), then starts the server and prints its URL.
# The store is ./oversight.db unless $OVERSIGHT_DB says otherwise; LISTEN sets
# the address (default 127.0.0.1:8080). Ctrl-C (or SIGTERM) stops the server.
set -eu
BUILD=${1:-build}
OV="$BUILD/oversight"
DB=${OVERSIGHT_DB:-oversight.db}
LISTEN=${LISTEN:-127.0.0.1:8080}
rm -f "$DB" "$DB-wal" "$DB-shm"
"$OV" --db "$DB" init >/dev/null
for f in data/seed/*.csv; do
  "$OV" --db "$DB" load "$f" >/dev/null
done
"$OV" --db "$DB" stats | tail -5
echo
python3 scripts/summary.py "$OV" "$DB"
echo
echo "Indicator scores under the framework drawn from the submission's recommendations"
echo "(every answer is a sourced statement: $OV --db $DB assess --company co-hikvision):"
"$OV" --db "$DB" scores
echo
echo "On the command line, try:"
echo "  $OV --db $DB get co-sensetime              # every fact with its footnote"
echo "  $OV --db $DB owners co-hikvision           # who owns it, through any chain"
echo "  $OV --db $DB exposure co-hikvision         # the obligations that reach it, and why"
echo "  $OV --db $DB report co-sensetime --format html -o sensetime.html"
echo "  $OV --help"
echo
echo "In the browser: search 海康 or Hikvision, open a dossier, follow a footnote, see the typology;"
echo "the API is described at /api/openapi.json. Writes need: $OV --db $DB token create"
exec "$OV" --db "$DB" serve --listen "$LISTEN"
