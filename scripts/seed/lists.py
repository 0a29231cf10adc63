#!/usr/bin/env python3
"""Writes data/seed/10_... to 22_...: the official lists and curated files of
../shared/data as statements, each citing its list file (a Document) with the
row as locator, or for curated files the row's own source.

Row numbers in locators count data rows from 1 (the header is not counted).
"""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Bundle, HRIC_SCHEMA, company_id, norm_name, read_csv,  # noqa: E402
                    short_hash, slug, us_date)

MANIFEST = "src-shared-manifest"
MAN_LOC = "shared/data/MANIFEST.md, row "

# ----------------------------------------------------- list file documents --
FILES = [
    # id, path, title, publisher/origin, licence (all from MANIFEST.md)
    ("src-list-us-dod-1260h", "lists/us_dod_chinese_milcorps_1260h.csv",
     "Section 1260H \"Chinese military companies\"", "opensanctions/opensanctions datasets/us/dod_chinese_milcorps",
     "CC BY-NC 4.0 (compilation); US DoD list"),
    ("src-list-us-fcc-covered", "lists/us_fcc_covered_list.csv", "FCC Covered List",
     "opensanctions datasets/us/fcc_covered_list", "CC BY-NC 4.0; FCC text"),
    ("src-list-us-sec889", "lists/us_special_leg_section_889.csv", "NDAA FY2019 Sec. 889",
     "opensanctions datasets/us/special_leg", "CC BY-NC 4.0"),
    ("src-list-us-bis-mieu", "lists/us_bis_mieu.csv", "BIS Military End-User list excerpt",
     "opensanctions datasets/us/bis_mieu", "CC BY-NC 4.0"),
    ("src-list-cn-sasac-mof", "ownership/china/prc_central_soes_sasac_mof.csv",
     "central state-owned enterprises (official SASAC and MOF lists, transcribed)",
     "official SASAC (2025-07-29) and MOF lists, transcribed", "facts"),
    ("src-curated-restricted-list-events", "lists/restricted_list_events.csv",
     "dated listing events (curated)", "curated from Federal Register, Treasury, FCC, DoD, UK and Australian sources (URL per row)", "facts"),
    ("src-curated-surveillance-ownership", "ownership/china/surveillance_ownership_seed.csv",
     "ownership edges of surveillance companies (curated)", "curated from cited reporting (annual reports, Reuters, SCMP ...)", "facts"),
    ("src-curated-camera-brands", "brands/camera_brand_relations_seed.csv",
     "camera brands and their upstream makers (curated)", "curated from public issue/PR evidence", "facts"),
]
srcs = Bundle("shared_data_manifest")
srcs.add(MANIFEST, "Document", "name", "shared/data/MANIFEST.md", MANIFEST, "shared/data/MANIFEST.md")
srcs.add(MANIFEST, "Document", "fileName", "MANIFEST.md", MANIFEST, "shared/data/MANIFEST.md")
srcs.add(MANIFEST, "Document", "description",
         "The manifest of ../shared/data: origin, licence and content of each data file.", MANIFEST, "shared/data/MANIFEST.md")
for did, path, title, origin, licence in FILES:
    loc = MAN_LOC + path
    srcs.add(did, "Document", "name", os.path.basename(path), MANIFEST, loc)
    srcs.add(did, "Document", "fileName", path, MANIFEST, loc)
    srcs.add(did, "Document", "title", title, MANIFEST, loc)
    srcs.add(did, "Document", "publisher", origin, MANIFEST, loc)
    srcs.add(did, "Document", "notes", f"licence: {licence}", MANIFEST, loc)
srcs.write("10_list_sources.csv")


def row_doc(b, path, source_text, urls, fallback):
    """A Document for a curated row's own source; returns its id (or the
    curated file's Document when the row names no source)."""
    urls = [u for u in urls if re.match(r"^https?://", u)]
    if not urls and not source_text:
        return fallback
    key = (source_text or "") + "|" + " ".join(urls)
    did = f"src-row-{short_hash(key)}"
    loc = f"{os.path.basename(path)}: source named on the row"
    b.add(did, "Document", "name", source_text or urls[0], fallback, loc)
    if source_text:
        b.add(did, "Document", "title", source_text, fallback, loc)
    for u in urls:
        b.add(did, "Document", "sourceUrl", u, fallback, loc)
    return did


def split_urls(text):
    return [u.strip() for u in re.split(r"\s;\s|\s+", text or "") if u.strip()]


def status_of(conf):
    return "asserted" if conf.strip().lower() == "high" else "unverified"


def authority(b, sid, name, src, loc, status="asserted", name_src=None):
    """The listing authority, as written in the file, as a PublicBody linked
    by Sanction.sanctioningBody (see docs/seed.md on Sanction.authority)."""
    pid = f"pb-{slug(name)}"
    if name_src:  # the list file does not name its authority: the manifest does
        b.add(pid, "PublicBody", "name", name, MANIFEST, name_src, status)
    else:
        b.add(pid, "PublicBody", "name", name, src, loc, status)
    b.add(sid, "Sanction", "sanctioningBody", pid, src, loc, status)


def name_company(b, cid, name, src, loc, status="asserted", prop="name", schema=None):
    schema = schema or HRIC_SCHEMA.get(cid, "Company")
    # the submission's companies keep their submission name as `name`;
    # a list's spelling is an alias of them
    if cid in HRIC_SCHEMA and prop == "name":
        prop = "alias"
    b.add(cid, schema, prop, name, src, loc, status)


# --------------------------------------------------------------- 1260H ------
b = Bundle("us_dod_1260h")
SRC = "src-list-us-dod-1260h"
FN = "us_dod_chinese_milcorps_1260h.csv"
rows = read_csv("lists/us_dod_chinese_milcorps_1260h.csv")
for i, r in enumerate(rows, 1):
    loc = f"{FN} row {i}"
    cid = company_id(r["Clean Name"])
    name_company(b, cid, r["Clean Name"], SRC, loc)
    if r["Alias"]:
        b.add(cid, HRIC_SCHEMA.get(cid, "Company"), "alias", r["Alias"], SRC, loc)
    if r["Previous Name"]:
        b.add(cid, HRIC_SCHEMA.get(cid, "Company"), "previousName", r["Previous Name"], SRC, loc)
    b.add(cid, HRIC_SCHEMA.get(cid, "Company"), "topics", "mil", SRC, loc)
    if r["Parent Name"]:
        pid = company_id(r["Parent Name"])
        b.add(cid, HRIC_SCHEMA.get(cid, "Company"), "parent", pid, SRC, loc)
        name_company(b, pid, r["Parent Name"], SRC, loc)
    sid = f"sanc-1260h-r{i:03d}"
    b.add(sid, "Sanction", "entity", cid, SRC, loc)
    b.add(sid, "Sanction", "program", "Section 1260H list of Chinese military companies", SRC, loc)
    authority(b, sid, "US DoD", SRC, loc, name_src=MAN_LOC + "lists/us_dod_chinese_milcorps_1260h.csv: \"US DoD list\"")
    b.add(sid, "Sanction", "namesMentioned", r["Name"], SRC, loc)
    b.add(sid, "Sanction", "startDate", r["Start date"], SRC, loc)
    b.add(sid, "Sanction", "endDate", r["End date"], SRC, loc)
    b.add(sid, "Sanction", "summary", r["Note"], SRC, loc)
    b.add(sid, "Sanction", "sourceUrl", r["Source Url"], SRC, loc)
b.write("11_us_dod_1260h.csv")

# ----------------------------------------------------------- FCC covered ----
b = Bundle("us_fcc_covered_list")
SRC = "src-list-us-fcc-covered"
FN = "us_fcc_covered_list.csv"
BY = re.compile(r"(?:produced|provided|supplied, directly or indirectly,) by (?!such entity)(.+?)"
                r"(?:, including| including|,? subject to|, to the extent| or any|$)")
FCC_SKIPPED = []
for i, r in enumerate(read_csv("lists/us_fcc_covered_list.csv"), 1):
    loc = f"{FN} row {i}"
    text = r["covered_equipment_or_services"]
    m = BY.search(text)
    if not m:
        FCC_SKIPPED.append(i)
        continue
    names = [n.strip().rstrip(",") for n in m.group(1).split(" and its wholly-owned subsidiary ")]
    date = us_date(r["date_of_inclusion_on_covered_list"])
    sid = f"sanc-fcc-covered-r{i:02d}"
    for n in names:
        cid = company_id(n)
        name_company(b, cid, n, SRC, loc)
        b.add(sid, "Sanction", "entity", cid, SRC, loc)
    b.add(sid, "Sanction", "program", "FCC Covered List", SRC, loc)
    authority(b, sid, "FCC", SRC, loc, name_src=MAN_LOC + "lists/us_fcc_covered_list.csv: \"FCC Covered List\"")
    b.add(sid, "Sanction", "description", text, SRC, loc)
    if date:
        b.add(sid, "Sanction", "startDate", date, SRC, loc, original=r["date_of_inclusion_on_covered_list"])
        b.add(sid, "Sanction", "listingDate", date, SRC, loc, original=r["date_of_inclusion_on_covered_list"])
b.write("12_us_fcc_covered_list.csv")

# -------------------------------------------------------------- Sec. 889 ----
b = Bundle("us_sec889")
SRC = "src-list-us-sec889"
FN = "us_special_leg_section_889.csv"
for i, r in enumerate(read_csv("lists/us_special_leg_section_889.csv"), 1):
    loc = f"{FN} row {i}"
    cid = company_id(r["name"])
    name_company(b, cid, r["name"], SRC, loc, schema=HRIC_SCHEMA.get(cid, r["schema"]))
    for t in r["topics"].split(";"):
        b.add(cid, HRIC_SCHEMA.get(cid, r["schema"]), "topics", t.strip(), SRC, loc)
    sid = f"sanc-sec889-r{i}"
    b.add(sid, "Sanction", "entity", cid, SRC, loc)
    b.add(sid, "Sanction", "program", r["program"], SRC, loc)
    authority(b, sid, r["authority"], SRC, loc)
    b.add(sid, "Sanction", "reason", r["reason"], SRC, loc)
    b.add(sid, "Sanction", "startDate", r["start-date"], SRC, loc)
    b.add(sid, "Sanction", "endDate", r["end-date"], SRC, loc)
    b.add(sid, "Sanction", "sourceUrl", r["source_url"], SRC, loc)
b.write("13_us_sec889.csv")

# --------------------------------------------------------------- BIS MEU ----
b = Bundle("us_bis_mieu")
SRC = "src-list-us-bis-mieu"
FN = "us_bis_mieu.csv"
for i, r in enumerate(read_csv("lists/us_bis_mieu.csv"), 1):
    loc = f"{FN} row {i}"
    oid = f"org-{slug(r['Name'])}"
    sch = r["Type"]
    b.add(oid, sch, "name", r["Name"], SRC, loc)
    b.add(oid, sch, "alias", r["Alias"], SRC, loc)
    b.add(oid, sch, "country", r["Country"].lower(), SRC, loc, original=r["Country"] if r["Country"] != r["Country"].lower() else "")
    b.add(oid, sch, "topics", r["Topics"], SRC, loc)
    sid = f"sanc-bis-mieu-r{i:02d}"
    b.add(sid, "Sanction", "entity", oid, SRC, loc)
    b.add(sid, "Sanction", "program", r["Program"], SRC, loc)
    authority(b, sid, "BIS", SRC, loc, name_src=MAN_LOC + "lists/us_bis_mieu.csv: \"BIS Military End-User list excerpt\"")
    b.add(sid, "Sanction", "startDate", r["Date"], SRC, loc)
    b.add(sid, "Sanction", "endDate", r["End date"], SRC, loc)
    b.add(sid, "Sanction", "sourceUrl", r["Source URL"], SRC, loc)
b.write("14_us_bis_mieu.csv")

# ---------------------------------------------- SASAC / MOF central SOEs ----
b = Bundle("cn_sasac_central_soes")
SRC = "src-list-cn-sasac-mof"
FN = "prc_central_soes_sasac_mof.csv"
LISTNAME = {
    "SASAC_central_enterprises": ("sasac", "SASAC central enterprises"),
    "MOF_authorised_enterprises": ("mof-authorised", "MOF authorised enterprises"),
    "MOF_central_cultural_enterprises": ("mof-cultural", "MOF central cultural enterprises"),
    "MOF_central_financial_enterprises": ("mof-financial", "MOF central financial enterprises"),
}
b.add("pb-sasac", "PublicBody", "name", "SASAC", SRC, f"{FN}: list SASAC_central_enterprises")
for i, r in enumerate(read_csv("ownership/china/prc_central_soes_sasac_mof.csv"), 1):
    loc = f"{FN} row {i}"
    short, label = LISTNAME[r["list"]]
    k = norm_name(r["name_zh"])
    cid = company_id(r["name_zh"]) if k in {norm_name("中国电子科技集团有限公司"), norm_name("中国移动通信集团有限公司")} \
        else f"co-{short}-{int(r['seq']):03d}"
    b.add(cid, "Company", "name", r["name_zh"], SRC, loc, lang="zho")
    b.add(cid, "Company", "website", r["website"], SRC, loc)
    b.add(cid, "Company", "country", "cn", SRC, loc)
    b.add(cid, "Company", "topics", "gov.soe", SRC, loc)
    b.add(cid, "Company", "classification", f"{label}, no. {r['seq']}", SRC, loc)
    b.add(cid, "Company", "program", label, SRC, loc)
    b.add(cid, "Company", "sourceUrl", r["list_source_url"] if r["list_source_url"].startswith("http") else "", SRC, loc)
    if r["supervising_dept"]:
        b.add(cid, "Company", "summary", f"supervising department: {r['supervising_dept']}", SRC, loc)
    if r["list"] == "SASAC_central_enterprises":
        oid = f"own-sasac-{int(r['seq']):03d}"
        b.add(oid, "Ownership", "owner", "pb-sasac", SRC, loc)
        b.add(oid, "Ownership", "asset", cid, SRC, loc)
        b.add(oid, "Ownership", "role", "central enterprise under SASAC", SRC, loc)
        b.add(oid, "Ownership", "date", r["list_date"], SRC, loc)
        b.add(oid, "Ownership", "sourceUrl", r["list_source_url"], SRC, loc)
b.write("15_cn_sasac_central_soes.csv")

# ------------------------------------------------ curated: listing events ---
b = Bundle("curated_restricted_list_events")
FALLBACK = "src-curated-restricted-list-events"
FN = "restricted_list_events.csv"
# company keys of the file -> our ids and the name the file lists them under
KEYS = {
    "dahua": ("co-dahua", "Zhejiang Dahua Technology Co. Ltd."),
    "hikvision": ("co-hikvision", "Hangzhou Hikvision Digital Technology Co. Ltd."),
    "iflytek": ("co-iflytek", "IFLYTEK"),
    "megvii": ("co-megvii", "Megvii Technology"),
    "sensetime": ("co-sensetime", "Sense Time"),
    "meiya-pico": ("co-meiya-pico", "Xiamen Meiya Pico Information Co. Ltd."),
    "yitu": ("co-yitu", "Yitu Technologies"),
    "yixin": ("co-yixin", "Yixin Science and Technology Co. Ltd."),
    "cloudwalk": ("co-cloudwalk", "CloudWalk Technology"),
    "fiberhome": ("co-fiberhome", "FiberHome Technologies Group"),
    "netposa": ("co-netposa", "NetPosa"),
    "sensenets": ("co-sensenets", "SenseNets"),
    "intellifusion": ("co-intellifusion", "Intellifusion"),
    "isvision": ("co-isvision", "IS'Vision"),
    "dji": ("co-dji", "SZ DJI Technology Co. Ltd."),
    "china-mobile": ("co-china-mobile", "China Mobile"),
    "china-mobile-usa": ("co-china-mobile-usa", "China Mobile USA"),
    "china-mobile-international-usa": ("co-china-mobile-international-usa", "China Mobile International USA Inc."),
    "huawei": ("co-huawei", "Huawei"),
    "sugon": ("co-sugon", "Dawning Information Industry Co. Ltd."),
    "leon": ("co-leon", "Leon Technology Company Limited"),
    "zte": ("co-zte", "ZTE"),
    "hytera": ("co-hytera", "Hytera"),
}
# keys that name no company (the rule applies to all listed affiliates, or
# to entities the row does not name): an Event without a Sanction
NO_COMPANY = {"all-listed-affiliates", "various"}
# The key `china-mobile` stands for the group in the file; where the row lists
# the group's legal persons by name, each listed one is its own entity.
CHINA_MOBILE_LISTED = {
    "China Mobile Communications Group Co. Ltd.": "co-cmcc",
    "China Mobile Ltd.": "co-china-mobile-ltd",
    "China Mobile": "co-china-mobile",
}


def companies_of(k, listed_text):
    """(sanction suffix, entity id, name as listed) for a company key of a row."""
    if k != "china-mobile":
        cid, listed = KEYS[k]
        return [(k, cid, listed)]
    items = [x.strip() for x in re.split(r";", re.sub(r"^Annex includes ", "", listed_text))]
    out = [(cid[3:], cid, name) for name, cid in CHINA_MOBILE_LISTED.items() if name in items]
    if not out:
        raise SystemExit(f"{FN}: key china-mobile, but no China Mobile name listed: {listed_text!r}")
    return out


# how the file's rows name each company key (lower case): a key makes a listing only
# where the row's "entities as listed" names the company
NAMED_AS = {"sensetime": ["sensetime", "sense time"], "meiya-pico": ["meiya"], "isvision": ["isvision", "is'vision"],
            "china-mobile": ["china mobile"], "china-mobile-usa": ["china mobile usa"],
            "china-mobile-international-usa": ["china mobile international"], "sugon": ["sugon", "dawning"]}


def names_company(k, text):
    """Whether the row's text names company k itself (not as 'implied')."""
    t = text.lower()
    return "implied" not in t and any(n in t for n in NAMED_AS.get(k, [k]))


COUNTRY = {"US": "us", "UK": "gb", "AU": "au", "EU": "eu"}
EVENTS = read_csv("lists/restricted_list_events.csv")
AS_LISTED = {r["event_id"]: r["entities_as_listed"] for r in EVENTS}
for i, r in enumerate(EVENTS, 1):
    status = status_of(r["confidence"])
    src = row_doc(b, FN, "", split_urls(r["source_url"]), FALLBACK)
    loc = f"{FN} row {i} ({r['event_id']}); confidence: {r['confidence']}"
    eid = f"evt-{slug(r['event_id'])}"
    add = lambda ent, sch, p, v, orig="": b.add(ent, sch, p, v, src, loc, status, original=orig)  # noqa: E731
    add(eid, "Event", "name", f"{r['list_name']}: {r['action']} ({r['effective_date']})")
    add(eid, "Event", "startDate", r["effective_date"])
    add(eid, "Event", "date", r["announced_date"])
    add(eid, "Event", "country", COUNTRY.get(r["jurisdiction"], ""), r["jurisdiction"])
    add(eid, "Event", "description", r["entities_as_listed"])
    add(eid, "Event", "summary", r["legal_effect"])
    add(eid, "Event", "notes", r["notes"])
    add(eid, "Event", "keywords", r["list_code"])
    for u in split_urls(r["source_url"]):
        if u.startswith("http"):
            add(eid, "Event", "sourceUrl", u)
    keys = [k.strip() for k in r["company_keys"].split(";") if k.strip()]
    unknown = [k for k in keys if k not in KEYS and k not in NO_COMPANY]
    if unknown:
        raise SystemExit(f"{FN} row {i}: company keys not mapped: {unknown}")
    # "same as EL-..." points at another row's list of entities
    as_listed = r["entities_as_listed"]
    m = re.match(r"same as (\S+)$", as_listed.strip())
    if m and m.group(1) in AS_LISTED:
        as_listed = AS_LISTED[m.group(1)]
    # a company the row's compiler keyed to it but the text does not name (a policy on
    # "companies subject to the National Intelligence Law", "Hikvision/Dahua implied")
    # is not listed by the event: whether the policy reaches it is the exposure rules'
    # question (exposure --test uk-2022), so it is a note here, not a Sanction
    unnamed = [k for k in keys if k in KEYS and not names_company(k, as_listed)]
    if unnamed:
        add(eid, "Event", "notes", "The curated row keys this event to " + ", ".join(unnamed)
            + ", which its text does not name; no listing of them is recorded from it.")
    parties = [c for k in keys if k in KEYS and k not in unnamed for c in companies_of(k, r["entities_as_listed"])]
    for k, cid, listed in parties:
        add(eid, "Event", "involved", cid)
        if cid not in HRIC_SCHEMA:
            add(cid, "Company", "name", listed)
        sid = f"sanc-{slug(r['event_id'])}-{k}"
        add(sid, "Sanction", "entity", cid)
        add(sid, "Sanction", "program", r["list_name"])
        add(sid, "Sanction", "programId", r["list_code"])
        authority(b, sid, r["authority"], src, loc, status)
        add(sid, "Sanction", "country", COUNTRY.get(r["jurisdiction"], ""), r["jurisdiction"])
        add(sid, "Sanction", "status", r["action"])
        add(sid, "Sanction", "startDate", r["effective_date"])
        add(sid, "Sanction", "listingDate", r["announced_date"])
        add(sid, "Sanction", "provisions", r["legal_citation"])
        add(sid, "Sanction", "summary", r["legal_effect"])
        add(sid, "Sanction", "reason", r["reason"])
        add(sid, "Sanction", "recordId", r["event_id"])
b.write("20_curated_restricted_list_events.csv")

# ------------------------------------------- curated: ownership edges -------
b = Bundle("curated_surveillance_ownership")
FALLBACK = "src-curated-surveillance-ownership"
FN = "surveillance_ownership_seed.csv"
SCHEMA = {"gong-hongjia": "Person", "fu-liquan-and-chen-ailing-spouses": "LegalEntity",
          "pb-sasac": "PublicBody"}
IDS = {"co-gong-hongjia": "per-gong-hongjia", "co-fu-liquan-and-chen-ailing-spouses": "le-fu-liquan-chen-ailing"}


def party(name):
    base = re.sub(r"\s*\((?:SZSE|HKEX|Cayman|CMCC|CETHIK|CETC).*?\)\s*$", "", name)
    cid = company_id(name)
    if not cid.startswith(("co-hikvision", "co-dahua", "co-sensetime", "co-megvii", "co-cetc", "co-cmcc",
                           "co-china-mobile", "co-cethik", "pb-sasac")):
        cid = company_id(base)
    cid = IDS.get(cid, cid)
    sch = {"per-gong-hongjia": "Person", "le-fu-liquan-chen-ailing": "LegalEntity",
           "pb-sasac": "PublicBody"}.get(cid, HRIC_SCHEMA.get(cid, "Company"))
    return cid, sch


for i, r in enumerate(read_csv("ownership/china/surveillance_ownership_seed.csv"), 1):
    status = status_of(r["confidence"])
    src = row_doc(b, FN, r["source"], split_urls(r["source_url"]), FALLBACK)
    loc = f"{FN} row {i}; confidence: {r['confidence']}"
    add = lambda ent, sch, p, v, orig="", lang="": b.add(ent, sch, p, v, src, loc, status, original=orig, lang=lang)  # noqa: E731
    sid, ssch = party(r["subject"])
    oid, osch = party(r["owner"])
    owner_en = r["owner"]
    # "X (via Y)": the row names the holder X and the vehicle Y it holds
    # through (the Chinese column names Y): Y holds the stake, and X holds Y,
    # both stated by this row.
    via = re.match(r"^(.*\S)\s*\(via (.*)\)\s*$", r["owner"])
    if via:
        owner_en = via.group(2)
        hid, hsch = party(via.group(1))
        add(hid, hsch, "alias" if hid in HRIC_SCHEMA else "name", via.group(1))
        hw = f"own-seed-r{i:02d}-via"
        add(hw, "Ownership", "owner", hid)
        add(hw, "Ownership", "asset", oid)
        add(hw, "Ownership", "description", f"holder of the stake below through this vehicle, as the row's owner column states: {r['owner']}")
        add(hw, "Ownership", "date", r["as_of"])
    for ent, sch, en, zh in ((sid, ssch, r["subject"], r["subject_zh"]), (oid, osch, owner_en, r["owner_zh"])):
        prop = "alias" if ent in HRIC_SCHEMA else "name"
        add(ent, sch, prop, en)
        add(ent, sch, "alias" if prop == "alias" else "name", zh, lang="zho")
    wid = f"own-seed-r{i:02d}"
    add(wid, "Ownership", "owner", oid)
    add(wid, "Ownership", "asset", sid)
    add(wid, "Ownership", "percentage", r["share_exact"])
    add(wid, "Ownership", "ownershipType", r["bods_interest_type"])
    add(wid, "Ownership", "description", r["share_note"])
    add(wid, "Ownership", "date", r["as_of"])
    add(wid, "Ownership", "summary", r["notes"])
    for u in split_urls(r["source_url"]):
        add(wid, "Ownership", "sourceUrl", u)
b.write("21_curated_surveillance_ownership.csv")

# ----------------------------------------------- curated: camera brands -----
b = Bundle("curated_camera_brands")
FALLBACK = "src-curated-camera-brands"
FN = "camera_brand_relations_seed.csv"
MAKERS = {
    "Hangzhou Hikvision Digital Technology": "co-hikvision",
    "Zhejiang Dahua Technology": "co-dahua",
    "Zhejiang Uniview Technologies": "co-uniview",
    "Hangzhou Xiongmai Technology": "co-xiongmai",
}
for i, r in enumerate(read_csv("brands/camera_brand_relations_seed.csv"), 1):
    status = status_of(r["confidence"])
    urls = [u for u in re.findall(r"https?://[^\s;]+", r["evidence_locator"])]
    src = row_doc(b, FN, r["evidence"], urls, FALLBACK)
    loc = f"{FN} row {i}; evidence locator: {r['evidence_locator']}; confidence: {r['confidence']}"
    add = lambda ent, sch, p, v: b.add(ent, sch, p, v, src, loc, status)  # noqa: E731
    bid = f"brand-{slug(r['brand'])}"
    add(bid, "Brand", "name", r["brand"])
    for part in r["upstream_manufacturer"].split(" / "):
        base = re.sub(r"\s*\(.*?\)\s*$", "", part).strip()
        mid = MAKERS[base]
        if mid not in HRIC_SCHEMA:
            add(mid, "Company", "name", base)
        add(bid, "Brand", "upstreamManufacturer", mid)
    if r["upstream_manufacturer"] != re.sub(r"\s*\(.*?\)", "", r["upstream_manufacturer"]):
        add(bid, "Brand", "notes", f"upstream manufacturer as given: {r['upstream_manufacturer']}")
    add(bid, "Brand", "brandRelation", r["relation"])
    add(bid, "Brand", "productLine", r["scope_or_product_line"])
    add(bid, "Brand", "sec889Status", r["sec889_named_or_affiliate"])
    add(bid, "Brand", "description", r["evidence"])
    add(bid, "Brand", "notes", r["notes"])
b.write("22_curated_camera_brands.csv")

if FCC_SKIPPED:
    print(f"FCC covered list rows naming no company (not loaded): {FCC_SKIPPED}")
