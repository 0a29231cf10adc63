# Load -> export -> load -> export is lossless on the FtM samples: the two
# exports are byte-identical and the first equals the original (as FtM data).
. "$TESTS/cli/lib.sh"
F="$FIXTURES/ftm"
for spec in zala_entities.ftm.json:entities donations.ijson:plain t1_entities.ftm.json:entities \
            zala_statements.csv:statements; do
  file=${spec%%:*}; fmt=${spec##*:}
  rm -f a.db b.db
  expect_exit 0 "$OV" --db a.db init
  expect_exit 0 "$OV" --db a.db load "$F/$file"
  expect_exit 0 "$OV" --db a.db export --output-format "$fmt" -o a.out
  expect_exit 0 "$OV" --db b.db init
  expect_exit 0 "$OV" --db b.db load a.out --dataset "$(echo "$file" | cut -d. -f1)"
  expect_exit 0 "$OV" --db b.db export --output-format "$fmt" -o b.out
  expect_same a.out b.out
  if python3 "$TESTS/cli/compare_ftm.py" "$fmt" "$F/$file" a.out >cmp.txt; then pass; else fail "$file: $(cat cmp.txt)"; fi
done
# the zala sample has 91 entities, 14 Ownership edges, and the FtM 4 Company.abbreviation
rm -f a.db
"$OV" --db a.db init >/dev/null && "$OV" --db a.db load "$F/zala_entities.ftm.json" >/dev/null 2>&1
"$OV" --db a.db --format json stats >stats.json
python3 -c 'import json,sys; s=json.load(open("stats.json")); sys.exit(0 if s["entities"]==91 and s["schemas"]["Ownership"]==14 else 1)' && pass || fail "zala counts: $(cat stats.json)"
"$OV" --db a.db export --output-format plain | grep -q '"abbreviation"' && pass || fail "abbreviation lost"
finish
