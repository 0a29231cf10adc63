#!/bin/sh
# The main job (`make run`): builds a fresh store from the bundled sample
# record and shows what is in it. The store is ./oversight.db unless
# $OVERSIGHT_DB says otherwise; it is rebuilt from scratch each run.
set -eu
BUILD=${1:-build}
OV="$BUILD/oversight"
DB=${OVERSIGHT_DB:-oversight.db}
rm -f "$DB" "$DB-wal" "$DB-shm"
"$OV" --db "$DB" init
for f in tests/fixtures/ftm/zala_entities.ftm.json tests/fixtures/ftm/donations.ijson \
         tests/fixtures/cn/cn_sanctions_sample.ijson; do
  "$OV" --db "$DB" load "$f" 2>/dev/null
done
echo
"$OV" --db "$DB" stats
echo
echo "search 民主 (two Chinese characters):"
"$OV" --db "$DB" search 民主 --limit 5
echo
echo "search osetrova --schema Person:"
"$OV" --db "$DB" search osetrova --schema Person
echo
echo "The store is $DB. Try: $OV --db $DB get NK-2Tbri3s6GgNtAwsSXh4qpL"
echo "                       $OV --db $DB history NK-2Tbri3s6GgNtAwsSXh4qpL"
echo "                       $OV --help"
