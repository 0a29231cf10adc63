#!/bin/sh
# The main job (`make run`): builds a fresh store from the bundled, sourced
# record of the HRIC submission and the official lists (data/seed/), then shows
# the companies, their state ties, listings and measured facts, and the legal
# provisions by obligation, each with its citation. The store is ./oversight.db
# unless $OVERSIGHT_DB says otherwise; it is rebuilt from scratch each run.
set -eu
BUILD=${1:-build}
OV="$BUILD/oversight"
DB=${OVERSIGHT_DB:-oversight.db}
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
echo "(every answer is a sourced statement: oversight assess --company co-hikvision):"
"$OV" --db "$DB" scores
echo
echo "The store is $DB. Try:"
echo "  $OV --db $DB get co-sensetime              # every fact with its footnote"
echo "  $OV --db $DB owners co-hikvision           # who owns it, through any chain"
echo "  $OV --db $DB typology --format md          # the typology with footnotes"
echo "  $OV --db $DB exposure co-hikvision         # the obligations that reach it, and why"
echo "  $OV --db $DB report co-sensetime --format html -o sensetime.html"
echo "  $OV --db $DB graph co-hikvision -o hikvision.svg"
echo "  $OV --db $DB search 海康"
echo "  $OV --help"
