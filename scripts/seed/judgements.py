"""Entity resolution in the seed (issue 16): judgements that two ids of the
seed are one legal person (same), two (different), or cannot be told from the
sources (unsure), each citing the list rows that show it.

Reads the seed files lists.py wrote (which id each list row became) and the
source files of ../shared/data (what each row says); writes
data/seed/50_judgements.csv: one Judgement entity per pair (left, right,
verdict, reason, author, date), every statement citing the list Document and a
locator that quotes the rows. Run after lists.py (see data/seed/README.md).

The rules, each resting on what the list rows say:

- same, one legal name: two ids whose list rows give one legal name (letters
  and digits compared; the 1260H list writes "Name (Short name)", and a row
  whose clean name keeps the "(Short name)" is the same name). The rows are
  quoted.
- same, SASAC's own enterprise: the 1260H note says "X is directly owned and
  controlled by SASAC" (or "directly controlled"), and the SASAC list of
  central enterprises has exactly one row whose website's host is X's short
  name (www.avic.com.cn for AVIC): the DoD's English legal name and SASAC's
  Chinese one name one enterprise. Both rows are quoted.
- different, parent and child: a 1260H row names the other id as the row's
  parent company (a company and its parent are two legal persons).
- unsure (REVIEWED below): pairs the cross-referencing proposes that no row
  decides, each with why.

Every judgement is checked against the rows it quotes; the run stops on the
first that does not hold.
"""
import csv
import os
import re

from common import SEED, Bundle, company_id, norm_name, read_csv, short_hash

DATASET = "oversight_judgements"
AUTHOR = "Oversight seed review (scripts/seed/judgements.py)"
DATE = "2026-12-07"  # when the judgements were made
F1260 = "us_dod_chinese_milcorps_1260h.csv"
FSASAC = "prc_central_soes_sasac_mof.csv"
FFCC = "us_fcc_covered_list.csv"
FEVENTS = "restricted_list_events.csv"


def seed_rows(name):
    """(entity id, prop, value, locator) of a seed file."""
    with open(os.path.join(SEED, name), newline="", encoding="utf-8") as f:
        return [(r["entity_id"], r["prop"], r["value"], r["locator"], r["schema"]) for r in csv.DictReader(f)]


def row_of(locator, fn):
    """The row number a seed locator cites in source file fn, or None."""
    m = re.match(re.escape(fn) + r" row (\d+)", locator)
    return int(m.group(1)) if m else None


def ids_by_row(seed_file, fn, prop="name"):
    """Source row -> the Company id the seed gave it (the entity named at that row)."""
    out = {}
    for eid, p, _, loc, schema in seed_rows(seed_file):
        n = row_of(loc, fn)
        if n and p == prop and schema == "Company" and n not in out:
            out[n] = eid
    return out


def legal_name(clean, alias):
    """The 1260H clean name without a trailing "(Short name)" (the list's convention)."""
    m = re.match(r"^(.*\S)\s*\(([^()]*)\)\s*\*?$", clean)
    if m and (not alias or norm_name(m.group(2)) == norm_name(alias) or len(m.group(2)) <= 24):
        return m.group(1)
    return clean


L1260 = read_csv("lists/" + F1260)
LSASAC = read_csv("ownership/china/" + FSASAC)
LEVENTS = read_csv("lists/" + FEVENTS)
ID1260 = {i: company_id(r["Clean Name"]) for i, r in enumerate(L1260, 1)}  # as lists.py names them
IDSASAC = ids_by_row("15_cn_sasac_central_soes.csv", FSASAC)
# ids of the seed's Companies, to check every judgement names two of them
COMPANIES = {eid for name in sorted(os.listdir(SEED)) if name.endswith(".csv") and name[:2].isdigit()
             and name < "50" for eid, _, _, _, schema in seed_rows(name) if schema == "Company"}

b = Bundle(DATASET)
made = {}  # (left, right) sorted -> verdict


def judge(a, b_, verdict, reason, source, locator, status="asserted"):
    left, right = sorted((a, b_))
    if left == right:
        return
    assert left in COMPANIES and right in COMPANIES, (left, right)
    key = (left, right)
    if key in made:
        assert made[key] == verdict, (key, made[key], verdict)
        return
    made[key] = verdict
    # a curated row is a lead: its confidence goes with the citation, and below "high" the
    # judgement is unverified (as lists.py loads the row itself)
    m = re.search(re.escape(FEVENTS) + r" row (\d+)", locator)
    if m:
        conf = LEVENTS[int(m.group(1)) - 1]["confidence"]
        locator += f"; confidence: {conf}"
        status = "asserted" if conf.strip() == "high" else "unverified"
    jid = f"jdg-seed-{short_hash(left + '|' + right, 12)}"
    for prop, value in (("left", left), ("right", right), ("verdict", verdict), ("reason", reason),
                        ("author", AUTHOR), ("date", DATE)):
        b.add(jid, "Judgement", prop, value, source, locator, status)


def q(text, n=160):
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- same: one legal name on the lists --------------------------------------------------
# every Company name a list row gives (the 1260H rows' clean names and parent names, the
# FCC, Sec. 889, BIS and curated listing rows), by its legal name; a name without a legal
# form ("China Mobile", "Huawei") names no one legal person and is left out
LEGAL_FORM = re.compile(r"\b(inc|ltd|limited|corp|corporation|co|company|llc|plc|gmbh|sa|ag)\b\.?", re.I)
LIST_FILES = [("11_us_dod_1260h.csv", F1260), ("12_us_fcc_covered_list.csv", FFCC),
              ("13_us_sec889.csv", "us_special_leg_section_889.csv"), ("14_us_bis_mieu.csv", "us_bis_mieu.csv"),
              ("20_curated_restricted_list_events.csv", FEVENTS)]
SOURCE_OF = {"11": "src-list-us-dod-1260h", "12": "src-list-us-fcc-covered", "13": "src-list-us-sec889",
             "14": "src-list-us-bis-mieu", "20": "src-curated-restricted-list-events"}
named = []  # (legal name key, id, seed file, locator, name as given)
for seed_file, fn in LIST_FILES:
    for eid, p, v, loc, schema in seed_rows(seed_file):
        if schema == "Company" and p == "name" and row_of(loc, fn) and LEGAL_FORM.search(v):
            named.append((norm_name(legal_name(v, "")), eid, seed_file, loc, v))
for i, r in enumerate(L1260, 1):  # parent names, which the seed gives to the parent's own id
    if r["Parent Name"] and LEGAL_FORM.search(r["Parent Name"]):
        named.append((norm_name(legal_name(r["Parent Name"], "")), company_id(r["Parent Name"]), "11_us_dod_1260h.csv",
                      f"{F1260} row {i} (parent)", r["Parent Name"]))
by_name = {}
for key, eid, seed_file, loc, v in named:
    by_name.setdefault(key, []).append((eid, seed_file, loc, v))
for key, rows in sorted(by_name.items()):
    first = rows[0]
    for eid, seed_file, loc, v in rows[1:]:
        if eid == first[0] or (min(first[0], eid), max(first[0], eid)) in made:
            continue
        judge(first[0], eid, "same",
              f"the list rows give one legal name: \"{legal_name(first[3], '')}\"",
              SOURCE_OF[first[1][:2]],
              f"{first[2]}: \"{q(first[3])}\"; {loc}: \"{q(v)}\"")

# ---- same: the SASAC central enterprise the DoD says SASAC owns directly ---------------
DIRECT = re.compile(r"^(.+?) is directly (?:owned and controlled|controlled) by (?:SASAC|the State-Owned Assets)")


def host_label(url):
    m = re.match(r"^https?://(?:www\.)?([a-z0-9\-]+)\.", url.strip().lower())
    return m.group(1) if m else ""


sasac_rows = [(i, r) for i, r in enumerate(LSASAC, 1) if r["list"] == "SASAC_central_enterprises"]
for i, r in enumerate(L1260, 1):
    m = DIRECT.match(r["Note"] or "")
    cid = ID1260.get(i)
    if not m or not cid or not r["Alias"]:
        continue
    short = re.sub(r"[^a-z0-9]", "", r["Alias"].lower())
    hits = [(k, s) for k, s in sasac_rows if host_label(s["website"]) in (short, short + "group")]
    if len(hits) != 1 or IDSASAC.get(hits[0][0]) is None:
        continue
    k, s = hits[0]
    judge(cid, IDSASAC[k], "same",
          f"the Section 1260H list says {r['Alias']} is directly owned by SASAC, and SASAC's list of its central "
          f"enterprises has one enterprise at {r['Alias']}'s web address: {s['name_zh']} ({s['website']})",
          "src-list-us-dod-1260h",
          f"{F1260} row {i}: \"{q(r['Clean Name'])}\", alias \"{r['Alias']}\", note \"{q(m.group(0))}\"; "
          f"{FSASAC} row {k}: \"{s['name_zh']}\", website {s['website']}")

# ---- different: a company and the parent its 1260H row names ---------------------------
for i, r in enumerate(L1260, 1):
    cid = ID1260.get(i)
    if not cid or not r["Parent Name"]:
        continue
    pkey = norm_name(legal_name(r["Parent Name"], ""))
    parents = {c for c, _, _, _ in by_name.get(pkey, [])} | {company_id(r["Parent Name"])}
    for pid in sorted(parents):
        if pid == cid:
            continue
        # only pairs a reader could take for one: a shared word of four letters or more in their names
        words = lambda t: {w for w in re.findall(r"[a-z]{4,}", t.lower())} - {"group", "corporation", "company",  # noqa: E731
                                                                                "limited", "china", "technology"}
        if not (words(r["Clean Name"] + " " + r["Alias"]) & words(r["Parent Name"] + " " + pid)):
            continue
        judge(cid, pid, "different",
              f"the Section 1260H list names \"{r['Parent Name']}\" as the parent company of \"{r['Clean Name']}\": "
              f"two legal persons",
              "src-list-us-dod-1260h",
              f"{F1260} row {i}: \"{q(r['Clean Name'])}\", parent \"{r['Parent Name']}\"")

# ---- reviewed: what no row decides (each checked against the rows it quotes) ------------
def row1260(i, *must):
    r = L1260[i - 1]
    for text in must:
        assert text in (r["Clean Name"] + r["Alias"] + r["Parent Name"] + r["Note"]), (i, text)
    return r


row1260(27, "China Mobile Limited", "China Mobile Communications Group")
ev17 = LEVENTS[16]
assert ev17["event_id"] == "FCC-214-2019-05" and ev17["entities_as_listed"] == "China Mobile USA", ev17
REVIEWED = [
    # the submission's China Mobile (fn. 13) and the group's legal persons on the lists
    ("co-china-mobile", "co-cmcc", "unsure",
     "the submission names \"China Mobile, one of China's top three telecommunications SOEs\" (fn. 13) without its "
     "legal person; the group (China Mobile Communications Group Co., Ltd., a SASAC central enterprise) and its listed "
     "company China Mobile Limited, which the 1260H list calls \"China Mobile\", are both state-owned: either may be "
     "meant",
     "src-list-us-dod-1260h", f"{F1260} row 27: \"China Mobile Limited\", alias \"China Mobile\", parent "
     "\"China Mobile Communications Group Co., Ltd.\""),
    ("co-china-mobile", "co-china-mobile-ltd", "unsure",
     "the 1260H list gives \"China Mobile\" as the short name of China Mobile Limited, but the submission's \"China "
     "Mobile, one of China's top three telecommunications SOEs\" (fn. 13) may mean the group: no source names the "
     "party to the SenseTime contract",
     "src-list-us-dod-1260h", f"{F1260} row 27: \"China Mobile Limited\", alias \"China Mobile\""),
    ("co-china-mobile-usa", "co-china-mobile-international-usa", "unsure",
     "the curated row names only \"China Mobile USA\" (FCC 19-38, marked \"verify\", confidence low); no source of "
     "the record gives that applicant's legal name",
     "src-curated-restricted-list-events", f"{FEVENTS} row 17 (FCC-214-2019-05): \"China Mobile USA\"; "
     "notes: \"Source not verified: a lead, not a fact.\""),
]
for a, b_, verdict, reason, src, loc in REVIEWED:
    judge(a, b_, verdict, reason, src, loc)

# the judgements agree: no pair judged different inside a cluster of "same" ones
parent = {}


def find(x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x


for (l, r), v in made.items():
    if v == "same":
        parent[find(l)] = find(r)
for (l, r), v in made.items():
    assert v != "different" or find(l) != find(r), f"{l} and {r} judged different inside one cluster"

b.write("50_judgements.csv")
for (l, r), v in sorted(made.items()):
    print(f"  {v:9} {l} ~ {r}")
