"""Shared helpers for the seed generators (stdlib only).

A Bundle collects statements entity by entity and writes them as an Oversight
statements CSV (entity_id,prop,schema,value,dataset,lang,original_value,source,
locator,status) with the rows of each entity consecutive, in insertion order.
"""
import csv
import hashlib
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SEED = os.path.join(ROOT, "data", "seed")
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))

HEADER = ["entity_id", "prop", "schema", "value", "dataset", "lang",
          "original_value", "source", "locator", "status"]
STATUSES = {"asserted", "verified", "alleged", "disputed", "retracted", "unverified"}
ID_RE = re.compile(r"^[A-Za-z0-9.\-_:]+$")


class Bundle:
    def __init__(self, dataset):
        self.dataset = dataset
        self.entities = {}  # id -> [schema, [rows]]
        self.order = []

    def add(self, eid, schema, prop, value, source, locator, status="asserted",
            lang="", original="", dataset=None):
        if value is None or str(value).strip() == "":
            return
        assert ID_RE.match(eid), eid
        assert status in STATUSES, status
        assert source, (eid, prop)
        if eid not in self.entities:
            self.entities[eid] = [schema, []]
            self.order.append(eid)
        ent = self.entities[eid]
        assert ent[0] == schema, f"{eid}: schema {ent[0]} vs {schema}"
        row = [eid, prop, schema, str(value), dataset or self.dataset, lang,
               original or "", source, locator, status]
        # the store keeps one statement per (entity, prop, value, dataset):
        # the first citation of a value wins, later repeats are dropped,
        # unless the first was unverified and this one is asserted: then the
        # citation that asserts it is kept
        for r in ent[1]:
            if r[1] == prop and r[3] == row[3] and r[4] == row[4]:
                if r[9] == "unverified" and status == "asserted":
                    r[:] = row
                return
        ent[1].append(row)

    def write(self, name):
        path = os.path.join(SEED, name)
        os.makedirs(SEED, exist_ok=True)
        n = 0
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            for eid in self.order:
                for row in self.entities[eid][1]:
                    w.writerow(row)
                    n += 1
        print(f"{name}: {len(self.order)} entities, {n} statements")
        return path


def slug(text, maxlen=60):
    text = unicodedata.normalize("NFKD", text)
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:maxlen].strip("-")


def norm_name(text):
    """Key for matching company names across files: letters and digits only."""
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "", text.lower())


def short_hash(text, n=10):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def read_csv(relpath):
    path = os.path.join(SHARED, "data", relpath)
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# Identity of companies named in several files. Every pairing rests on a data
# file or the submission (see docs/seed.md, "Identity"): the key is the
# normalised name as written in a file, the value our id.
KNOWN = {
    # the submission's companies (fn. 2 and section 1) under their list names
    "hangzhouhikvisiondigitaltechnologycoltd": "co-hikvision",
    "hangzhouhikvisiondigitaltechnologycompany": "co-hikvision",
    "hangzhouhikvisiondigitaltechnology": "co-hikvision",
    "hangzhouhikvisiondigitaltechnologycoltdszse002415": "co-hikvision",
    "zhejiangdahuatechnologycoltd": "co-dahua",
    "zhejiangdahuatechnologycoltdszse002236": "co-dahua",
    "zhejiangdahuatechnology": "co-dahua",
    "dahuatechnologycompany": "co-dahua",
    "sensetimegroupinc": "co-sensetime",
    "sensetimegroupinccaymanhkex0020": "co-sensetime",
    "beijingmegviitechnologycoltd": "co-megvii",
    "beijingmegviitechnologycoltdmegviitechnologyltdcayman": "co-megvii",
    "shanghaiyitunetworktechnologycoltd": "co-yitu",
    # state-owned groups: English names (1260H, ownership seed) and Chinese
    # names (SASAC list) paired by surveillance_ownership_seed.csv rows
    "chinaelectronicstechnologygroupcorporation": "co-cetc",
    "chinaelectronicstechnologygroupcorporationcetc": "co-cetc",
    "中国电子科技集团有限公司": "co-cetc",
    "chinamobilecommunicationsgroupcoltd": "co-cmcc",
    "chinamobilecommunicationsgroupcoltdcmcc": "co-cmcc",
    "中国移动通信集团有限公司": "co-cmcc",
    "chinamobilelimited": "co-china-mobile-ltd",
    "chinamobilelimitedhkex0941sse600941": "co-china-mobile-ltd",
    "chinamobilehongkongbvilimited": "co-china-mobile-hk-bvi",
    "chinaelectronicstechnologyhikgroupcoltdcethik": "co-cethik",
    "huaweitechnologiescompany": "co-huawei",
    "ztecorporation": "co-zte",
    "hyteracommunicationscorporation": "co-hytera",
    "stateownedassetssupervisionandadministrationcommissionofthestatecouncilsasac": "pb-sasac",
    "sasac": "pb-sasac",
    "chinamobile": "co-china-mobile",
    "chinamobileviachinamobilecapitalholdingcoltd": "co-china-mobile-capital",
}

# Entities the submission's files (01-03) define; list files do not redefine
# their schema but add the names the lists give them.
HRIC_SCHEMA = {
    "co-hikvision": "Company", "co-dahua": "Company", "co-sensetime": "Company",
    "co-megvii": "Company", "co-yitu": "Company", "co-china-mobile": "Company",
    "co-eyecool": "Company", "co-intellifusion": "Company",
    "co-isvision": "Company", "co-seetatech": "Company",
}


def company_id(name, prefix="co"):
    k = norm_name(name)
    if k in KNOWN:
        return KNOWN[k]
    return f"{prefix}-{slug(name)}"


MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"])}


def us_date(text):
    """'March 12, 2021' -> '2021-03-12' (None when it is not that shape)."""
    m = re.match(r"^\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s*$", text)
    if not m or m.group(1).lower() not in MONTHS:
        return None
    return f"{m.group(3)}-{MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
