# One question, one answer (issue 13): on the bundled record and on random
# registries, typology, controllers, owners, the dossier and screening agree on
# the state's share, the ultimate parent and control (tests/cli/consistency.py).
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
"$OV" init >/dev/null
for f in "$ROOT"/data/seed/*.csv; do "$OV" load "$f" >/dev/null 2>&1 || fail "load $f"; done
# the bundled record: the organisations with ownership or links, then others, 160 in all
if python3 "$TESTS/cli/consistency.py" "$OV" "$OVERSIGHT_DB" --sample 160 >cons.out 2>&1; then pass
else fail "seed: $(tail -20 cons.out)"; fi
tail -1 cons.out
# random registries: companies with owners (shares exact, as bands, unstated,
# parallel claims that disagree, below 1 %), public bodies and state-designated
# companies, customers (links that are not control), Control edges and cycles
for seed in 1 2 3; do
  python3 - "$seed" > reg.ijson <<'PY'
import json, random, sys
rng = random.Random(int(sys.argv[1]))
n = 90
ents = []
def add(i, schema, **props):
    ents.append({"id": i, "schema": schema, "properties": {k: v for k, v in props.items() if v}})
for k in range(n):
    topics = ["gov.soe"] if rng.random() < 0.08 else []
    add("c%d" % k, "Company", name=["Company %s %d" % (rng.choice(["Alpha", "Beta", "Gamma", "Delta"]), k)],
        country=[rng.choice(["cn", "cn", "us", "gb"])], topics=topics)
for k in range(4):
    add("pb%d" % k, "PublicBody", name=["Public Body %d" % k], country=["cn"])
for k in range(12):
    add("p%d" % k, "Person", name=["Person %d" % k])
shares = ["100%", "60%", "51%", "50%", "49%", "30%", "25-50%", "more than 50%", "10%", "0.68", "", "5%", "75-100%"]
e = 0
for k in range(n):
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        r = rng.random()
        owner = "pb%d" % rng.randrange(4) if r < 0.15 else "p%d" % rng.randrange(12) if r < 0.35 else "c%d" % rng.randrange(n)
        if owner == "c%d" % k:
            continue
        pct = rng.choice(shares)
        add("o%d" % e, "Ownership", owner=[owner], asset=["c%d" % k], percentage=[pct] if pct else [])
        e += 1
        if rng.random() < 0.1:  # a parallel claim about the same holding
            add("o%d" % e, "Ownership", owner=[owner], asset=["c%d" % k], percentage=[rng.choice(shares[:6])])
            e += 1
    if rng.random() < 0.1:  # a customer: never control
        add("l%d" % e, "UnknownLink", subject=["pb%d" % rng.randrange(4)], object=["c%d" % k],
            role=["uses its technology"])
        e += 1
    if rng.random() < 0.05:
        add("k%d" % e, "Control", controller=["pb%d" % rng.randrange(4)], controlled=["c%d" % k],
            controlType=[rng.choice(["state", "party-organization", "designation"])])
        e += 1
for x in ents:
    print(json.dumps(x))
PY
  db="reg$seed.db"
  "$OV" --db "$db" init >/dev/null
  expect_exit 0 "$OV" --db "$db" load reg.ijson
  if python3 "$TESTS/cli/consistency.py" "$OV" "$db" >cons.out 2>&1; then pass
  else fail "registry $seed: $(tail -20 cons.out)"; fi
  tail -1 cons.out
done
finish
