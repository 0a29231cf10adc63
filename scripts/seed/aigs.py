#!/usr/bin/env python3
"""Carnegie AI Global Surveillance Index 2022 -> data/seed/30_aigs_2022.csv.

Each (country, supplier company) of AIGS_2022_97countries.csv becomes a
Deployment (extension schema): supplier -> country, with the technologies AIGS
records for the country (safe city, facial recognition, smart policing, social
media surveillance; AIGS gives them per country, not per supplier, and the
statement says so). Suppliers are matched to the record's companies by exact
name or alias (letters and digits, any case); the others become companies of
their own. Every statement cites the file and its row.
"""
import csv, json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Bundle, SEED, ROOT, read_csv, norm_name, slug  # noqa: E402

FILE = "deployments/aigs-2022/AIGS_2022_97countries.csv"
SRC = "src-aigs-2022"
DATASET = "carnegie_aigs_2022"
TECH = {"Safe City System": "safe city", "Facial Recognition System": "facial recognition",
        "Smart Policing": "smart policing", "Social Media Surveillance": "social media surveillance"}
# AIGS spellings that differ from the FtM model's country labels
ALIASES = {"burma/myanmar": "mm", "hong kong": "hk", "ivory coast": "ci", "turkey": "tr",
           "czech republic": "cz"}


def record_names():
    """name/alias -> entity id from the seed files already written."""
    names = {}
    for f in sorted(os.listdir(SEED)):
        if not f.endswith(".csv") or f.startswith("30_"):
            continue
        with open(os.path.join(SEED, f), newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["prop"] in ("name", "alias") and r["schema"] in ("Company", "Organization", "LegalEntity"):
                    names.setdefault(norm_name(r["value"]), r["entity_id"])
    return names


def main():
    model = json.load(open(os.path.join(ROOT, "data", "model", "ftm-model-3.8.4.json")))
    labels = {v.lower(): k for k, v in model["types"]["country"]["values"].items()}
    names = record_names()
    b = Bundle(DATASET)
    b.add(SRC, "Document", "title", "AI Global Surveillance Index 2022", SRC, "MANIFEST.md: deployments/aigs-2022")
    b.add(SRC, "Document", "author", "Steven Feldstein", SRC, "MANIFEST.md: deployments/aigs-2022")
    b.add(SRC, "Document", "publisher", "Carnegie Endowment for International Peace", SRC, "MANIFEST.md: deployments/aigs-2022")
    b.add(SRC, "Document", "fileName", "AIGS_2022_97countries.csv", SRC, "MANIFEST.md: deployments/aigs-2022")
    b.add(SRC, "Document", "notes", "via irene-glez/Digital-Repression-EDA; licence CC BY 4.0", SRC,
          "MANIFEST.md: deployments/aigs-2022")
    rows = read_csv(FILE)
    matched = new = 0
    for i, r in enumerate(rows, start=2):  # line 1 is the header
        name = r["Country"].strip()
        loc = f"AIGS_2022_97countries.csv row {i - 1} (line {i}): {name}"
        status, original, note = "asserted", "", ""
        cc = labels.get(name.lower()) or ALIASES.get(name.lower())
        if not cc and name.startswith("Unit") and "States of Ameri" in name:
            # the EDA copy replaced "ed" and "ca" inside "United States of America"
            # with regime-type labels; the region (WHA) and the data fit the US
            cc, status, original = "us", "unverified", name
            note = ("country name garbled in the source file ('" + name +
                    "'); read as United States of America, region WHA")
        if not cc:
            print(f"skipping row {i - 1}: unknown country {name!r}", file=sys.stderr)
            continue
        techs = [t for col, t in TECH.items() if r.get(col, "").strip() in ("1", "1.0")]
        for k in range(1, 6):
            company = r.get(f"Company {k}", "").strip()
            if not company or company == "0":
                continue
            key = norm_name(company)
            sid = names.get(key)
            if sid:
                matched += 1
            else:
                sid = f"co-aigs-{slug(company)}"
                if sid not in b.entities:
                    new += 1
                b.add(sid, "Company", "name", company, SRC, loc)
            did = f"dep-aigs-{cc}-{slug(company)}"
            b.add(did, "Deployment", "supplier", sid, SRC, loc, status)
            b.add(did, "Deployment", "country", cc, SRC, loc, status, original=original)
            b.add(did, "Deployment", "supplierName", company, SRC, loc)
            for t in techs:
                b.add(did, "Deployment", "technology", t, SRC, loc + " (technologies recorded for the country)")
            b.add(did, "Deployment", "date", "2022", SRC, loc)
            if note:
                b.add(did, "Deployment", "summary", note, SRC, loc, status)
    b.write("30_aigs_2022.csv")
    print(f"suppliers matched to the record: {matched}; new companies: {new}")


if __name__ == "__main__":
    main()
