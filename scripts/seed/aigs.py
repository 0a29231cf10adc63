#!/usr/bin/env python3
"""Carnegie AI Global Surveillance Index 2022 -> data/seed/30_aigs_2022.csv.

The index (AIGS_2022_97countries.csv, the EDA copy of Feldstein's workbook
AI_Global_Surveillance_Index_09Mar2022.xlsx) has one row per country: the AI
surveillance technologies it records for the country (Safe City System,
Facial Recognition System, Smart Policing, Social Media Surveillance) and up
to five companies (Company 1 ... Company 5). It does not say which company
supplied which technology, so the record keeps that structure:

- one country-level Deployment per country (`dep-aigs-<cc>`): the country and
  the technologies the index records for it, no supplier;
- one Deployment per (country, company) (`dep-aigs-<cc>-<company>`): the
  supplier and the country, no technology (the summary points to the
  country's record).

Cells that are not company names are not made into companies: "Mult" (China,
Saudi Arabia, Russia, the United States) is kept as written in a note on the
country's record. The workbook has, in some rows, further cells to the right
of "Company 5" under no header; the CSV copy drops them. They are noted on
the country's record (unverified: no header says what they are), not made
into deployments. The CSV's headed cells are checked against the workbook.

Suppliers are matched to the record's companies by exact name or alias
(letters and digits, any case); the others become companies of their own.
Every statement cites the index and its row.

A supplier's nationality: the index says, per country, where its AI
surveillance technology comes from (China Tech, US Tech, Other Countries).
Where a row names one origin only, every company of that row comes from it;
a supplier whose record gives no country gets that origin as its country,
unverified (Oversight's reading of the index's columns, the row cited), when
all such rows agree. Its legal exposure then follows from its record.
"""
import csv
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Bundle, SEED, SHARED, ROOT, read_csv, norm_name, slug  # noqa: E402

FILE = "deployments/aigs-2022/AIGS_2022_97countries.csv"
XLSX = "deployments/aigs-2022/AI_Global_Surveillance_Index_09Mar2022.xlsx"
SRC = "src-aigs-2022"
DATASET = "carnegie_aigs_2022"
TECH = {"Safe City System": "safe city", "Facial Recognition System": "facial recognition",
        "Smart Policing": "smart policing", "Social Media Surveillance": "social media surveillance"}
# AIGS spellings that differ from the FtM model's country labels
ALIASES = {"burma/myanmar": "mm", "hong kong": "hk", "ivory coast": "ci", "turkey": "tr",
           "czech republic": "cz"}
# cells of the Company columns that are not a company's name
NOT_A_COMPANY = {"Mult"}
# a company name misspelt in the index, read as the company it names
# (unverified: a reading of ours, the source does not say so)
MISSPELT = {"Hikvsion": "Hikvision"}

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_rows(path):
    """The first sheet of the workbook as {row number: {column index: text}}."""
    z = zipfile.ZipFile(path)
    strings = ["".join(t.text or "" for t in si.iter(NS + "t"))
               for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(NS + "si")]
    rows = {}
    for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(NS + "row"):
        cells = {}
        for c in row.findall(NS + "c"):
            v = c.find(NS + "v")
            if v is None:
                continue
            letters = re.match(r"[A-Z]+", c.get("r")).group(0)
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            cells[col - 1] = strings[int(v.text)] if c.get("t") == "s" else v.text
        rows[int(row.get("r"))] = cells
    return rows


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def record_countries():
    """entity ids that the seed files already written give a country."""
    have = set()
    for f in sorted(os.listdir(SEED)):
        if not f.endswith(".csv") or f.startswith(("30_", "4")):
            continue
        with open(os.path.join(SEED, f), newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["prop"] in ("country", "jurisdiction") and r["status"] != "retracted":
                    have.add(r["entity_id"])
    return have


def origins(r, labels):
    """The countries the row says its AI surveillance technology comes from (codes), or None
    when a cell cannot be read as a country."""
    out = []
    if r.get("China Tech", "").strip() in ("1", "1.0"):
        out.append("cn")
    if r.get("US Tech", "").strip() in ("1", "1.0"):
        out.append("us")
    other = r.get("Other Countries", "").strip()
    if other and other != "0":
        for o in other.split(","):
            cc = labels.get(o.strip().lower()) or ALIASES.get(o.strip().lower())
            if not cc:
                return None
            out.append(cc)
    return out


def record_names():
    """name/alias -> entity id from the seed files already written."""
    names = {}
    for f in sorted(os.listdir(SEED)):
        if not f.endswith(".csv") or f.startswith(("30_", "4")):
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
    have_country = record_countries()
    nationality = {}  # supplier id -> {code: first row's locator}
    b = Bundle(DATASET)
    man = "MANIFEST.md: deployments/aigs-2022"
    b.add(SRC, "Document", "title", "AI Global Surveillance Index 2022", SRC, man)
    b.add(SRC, "Document", "author", "Steven Feldstein", SRC, man)
    b.add(SRC, "Document", "publisher", "Carnegie Endowment for International Peace", SRC, man)
    b.add(SRC, "Document", "fileName", "AIGS_2022_97countries.csv", SRC, man)
    b.add(SRC, "Document", "fileName", "AI_Global_Surveillance_Index_09Mar2022.xlsx", SRC, man)
    b.add(SRC, "Document", "notes", "via irene-glez/Digital-Repression-EDA; licence CC BY 4.0", SRC, man)
    b.add(SRC, "Document", "notes",
          "The index records AI surveillance technologies per country and names up to five companies per "
          "country; it does not say which company supplied which technology.", SRC, man)
    rows = read_csv(FILE)
    book = xlsx_rows(os.path.join(SHARED, "data", XLSX))
    head = book[1]
    first_co = [k for k, v in head.items() if v == "Company 1"][0]
    last_co = [k for k, v in head.items() if v == "Company 5"][0]
    matched = new = 0
    for i, r in enumerate(rows, start=2):  # line 1 is the header
        name = r["Country"].strip()
        xrow = book[i]
        # the CSV copy and the workbook agree on the country and its companies
        assert xrow.get(0, "").strip() == name, (i, name, xrow.get(0))
        for k in range(1, 6):
            a = r.get(f"Company {k}", "").strip()
            x = (xrow.get(first_co + k - 1) or "").strip()
            assert (a if a != "0" else "") == x, (name, k, a, x)
        loc = f"AIGS_2022_97countries.csv row {i - 1} (line {i}): {name}"
        status, original, note = "asserted", "", ""
        cc = labels.get(name.lower()) or ALIASES.get(name.lower())
        if not cc and name.startswith("Unit") and "States of Ameri" in name:
            # the country name is garbled in both files (regime-type labels
            # replaced "ed" and "ca" in "United States of America"); the
            # region (WHA) and the data fit the US
            cc, status, original = "us", "unverified", name
            note = ("country name garbled in the source file ('" + name +
                    "'); read as United States of America, region WHA")
        if not cc:
            print(f"skipping row {i - 1}: unknown country {name!r}", file=sys.stderr)
            continue
        # the country's record: the technologies the index records for it
        cid = f"dep-aigs-{cc}"
        b.add(cid, "Deployment", "country", cc, SRC, loc, status, original=original)
        b.add(cid, "Deployment", "summary",
              f"AI surveillance technologies the index records for {name if not note else 'the United States'} "
              "(per country: the index does not say which company supplied which)", SRC, loc, status)
        for col, t in TECH.items():
            if r.get(col, "").strip() in ("1", "1.0"):
                b.add(cid, "Deployment", "technology", t, SRC, f"{loc}, column {col}", status)
        b.add(cid, "Deployment", "date", "2022", SRC, loc, status)
        if note:
            b.add(cid, "Deployment", "description", note, SRC, loc, status)
        extra = [(k, v.strip()) for k, v in sorted(xrow.items()) if k > last_co and v and v.strip()]
        if extra:
            cells = "; ".join(f"{col_name(k)}{i}: {v}" for k, v in extra)
            b.add(cid, "Deployment", "description",
                  "The workbook has cells to the right of the Company 5 column, under no header, that the CSV copy "
                  f"drops: {cells}. Not loaded as deployments: no header says what they are.",
                  SRC, f"AI_Global_Surveillance_Index_09Mar2022.xlsx, sheet AIGS 2022, row {i}: {name}", "unverified")
        for k in range(1, 6):
            company = r.get(f"Company {k}", "").strip()
            if not company or company == "0":
                continue
            if company in NOT_A_COMPANY:
                b.add(cid, "Deployment", "description",
                      f"The index gives \"{company}\" in column Company {k}; it does not say what it stands for, so it "
                      "is kept as written and not made a company.", SRC, f"{loc}, column Company {k}", status)
                continue
            sstatus, reading = status, ""
            key = norm_name(MISSPELT.get(company, company))
            if company in MISSPELT:
                sstatus = "unverified"
                reading = f"supplier name as written in the index: '{company}', read as {MISSPELT[company]}"
            sid = names.get(key)
            if sid:
                matched += 1
            else:
                sid = f"co-aigs-{slug(company)}"
                if sid not in b.entities:
                    new += 1
                b.add(sid, "Company", "name", company, SRC, loc)
            orig = origins(r, labels)
            if orig and len(orig) == 1 and sid not in have_country:
                cols = ", ".join(f"{c}={r.get(c, '').strip() or '0'}" for c in ("China Tech", "US Tech", "Other Countries"))
                nationality.setdefault(sid, {}).setdefault(orig[0], f"{loc}, columns {cols}")
            did = f"dep-aigs-{cc}-{slug(company)}"
            cloc = f"{loc}, column Company {k}"
            b.add(did, "Deployment", "supplier", sid, SRC, cloc, sstatus)
            b.add(did, "Deployment", "country", cc, SRC, cloc, status, original=original)
            b.add(did, "Deployment", "supplierName", company, SRC, cloc)
            b.add(did, "Deployment", "date", "2022", SRC, cloc)
            b.add(did, "Deployment", "summary",
                  f"named by the index among the companies for this country; the technologies are recorded for "
                  f"the country ({cid}), not for this company", SRC, cloc, status)
            if note:
                b.add(did, "Deployment", "description", note, SRC, cloc, status)
            if reading:
                b.add(did, "Deployment", "description", reading, SRC, cloc, "unverified")
    # nationalities read from rows of one origin, when every such row agrees
    agreed = 0
    for sid, found in sorted(nationality.items()):
        if len(found) != 1:
            continue
        code, where = next(iter(found.items()))
        b.add(sid, "Company", "country", code, SRC,
              f"{where}: the index names one origin of AI surveillance technology for this country, so each "
              "company it names there comes from it (Oversight's reading of the index's columns)", "unverified")
        agreed += 1
    b.write("30_aigs_2022.csv")
    print(f"supplier nationalities read from the index's origin columns: {agreed}")
    print(f"suppliers matched to the record: {matched}; new companies: {new}")


if __name__ == "__main__":
    main()
