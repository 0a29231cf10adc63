#!/usr/bin/env python3
"""Deterministic generator of synthetic FollowTheMoney entities for the load
benchmark.

    python3 bench/gen_entities.py N OUT.jsonl [SEED]

Writes N entities as JSON lines {"id", "schema", "properties": {prop: [values]}}:
about 45% Company, 30% Person and 25% Ownership. Names are a mix of Latin,
Chinese (random CJK characters, e.g. 杭州某某科技有限公司) and Cyrillic text;
every Ownership points at a Person or Company (owner) and a Company (asset)
generated earlier in the file. Only FtM 3.8 property names and valid values
(lower-case ISO country codes, topics from the model, YYYY-MM-DD dates) are
used. The output is identical for the same N and SEED (default 20240501);
stdlib only, nothing is downloaded.
"""
import json
import random
import sys

COUNTRIES = ["cn", "us", "gb", "ru", "de", "hk", "fr", "jp", "ua", "kz", "sg",
             "ch", "nl", "cy", "vg", "ky", "pa", "ae", "in", "br", "it", "es"]
# Weighted towards the places the names come from.
COUNTRY_W = [18, 12, 10, 12, 6, 8, 4, 3, 4, 3, 3, 2, 2, 3, 3, 2, 2, 2, 3, 2, 2, 2]

LATIN_ADJ = ["Northern", "Golden", "Pacific", "Atlas", "Silver", "Blue", "Eastern",
             "Western", "Royal", "United", "Global", "Prime", "Green", "Alpine",
             "Baltic", "Crescent", "Summit", "Harbor", "Granite", "Imperial",
             "Meridian", "Orion", "Phoenix", "Sterling", "Vanguard", "Zenith"]
LATIN_NOUN = ["Star", "River", "Bridge", "Capital", "Energy", "Shipping", "Mining",
              "Logistics", "Trading", "Ventures", "Resources", "Telecom", "Foods",
              "Metals", "Pharma", "Realty", "Systems", "Partners", "Minerals",
              "Petroleum", "Aviation", "Textiles", "Chemicals", "Finance"]
LATIN_SUFFIX = ["Ltd", "Limited", "LLC", "Inc.", "GmbH", "S.A.", "B.V.", "PLC",
                "Holdings Ltd", "Corp.", "AG", "S.p.A.", "Pte. Ltd."]
CN_CITY = ["杭州", "上海", "北京", "深圳", "广州", "南京", "成都", "武汉", "天津",
           "重庆", "西安", "苏州", "厦门", "青岛", "大连", "香港"]
CN_TRADE = ["科技", "贸易", "投资", "实业", "能源", "物流", "矿业", "医药", "电子",
            "建设", "控股", "咨询", "航运", "化工"]
CN_FORM = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"]
CN_SURNAME = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",
              "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"]
RU_FORM = ["ООО", "АО", "ПАО", "ЗАО"]
RU_SYL = ["ро", "ма", "ни", "ка", "то", "ле", "св", "ет", "ра", "ди", "он", "ал",
          "ми", "ер", "ус", "ва", "бо", "ги", "ду", "жи", "за", "кр", "по", "ст"]
RU_FIRST_M = ["Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Игорь",
              "Михаил", "Владимир", "Николай", "Олег"]
RU_FIRST_F = ["Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Анна", "Мария",
              "Светлана"]
RU_LAST = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов",
           "Лебедев", "Козлов", "Новиков", "Морозов", "Волков", "Фёдоров"]
LATIN_FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael",
               "Linda", "William", "Elizabeth", "David", "Susan", "Thomas", "Sarah",
               "Hans", "Anna", "Pierre", "Marie", "José", "François", "Søren",
               "Zoë", "Jürgen", "Chloé", "Ahmed", "Fatima", "Luca", "Giulia"]
LATIN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
              "Davis", "Müller", "Schmidt", "Dubois", "Lefèvre", "Rossi", "Bianchi",
              "Nowak", "Kowalski", "Jensen", "Hansen", "O'Brien", "García", "Öztürk",
              "Van der Berg", "Nakamura", "Tanaka", "Khan", "Haddad"]
NOTE_WORDS = ["company", "registered", "offshore", "director", "shareholder",
              "beneficial", "owner", "subsidiary", "contract", "procurement",
              "sanctioned", "vessel", "transfer", "account", "bank", "fund",
              "holding", "nominee", "trust", "address", "filing", "annual", "report",
              "上市", "公司", "股东", "компания", "владелец", "контракт", "Gesellschaft",
              "société", "filiale"]
TOPICS = ["gov.soe", "sanction"]


def cjk(rng, k):
    # CJK Unified Ideographs, the common block.
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(k))


def ru_word(rng, k):
    return "".join(rng.choice(RU_SYL) for _ in range(k))


def other_country(rng, c):
    while True:
        o = rng.choice(COUNTRIES)
        if o != c:
            return o


def date(rng, y0, y1):
    return "%04d-%02d-%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def company(rng, i):
    kind = rng.random()
    names = []
    aliases = []
    if kind < 0.5:
        country = rng.choices(COUNTRIES, COUNTRY_W)[0]
        name = "%s %s %s" % (rng.choice(LATIN_ADJ), rng.choice(LATIN_NOUN),
                             rng.choice(LATIN_SUFFIX))
        names.append(name)
        if rng.random() < 0.7:
            aliases.append(name.upper())
        if rng.random() < 0.3:
            aliases.append(name.rsplit(" ", 1)[0])
    elif kind < 0.8:
        country = "hk" if rng.random() < 0.15 else "cn"
        city = rng.choice(CN_CITY)
        core = cjk(rng, rng.randint(2, 3))
        trade = rng.choice(CN_TRADE)
        names.append(city + core + trade + rng.choice(CN_FORM))
        if rng.random() < 0.8:
            aliases.append(core + trade)
        if rng.random() < 0.5:
            names.append("%s %s Co., Ltd." % (rng.choice(["Hangzhou", "Shanghai", "Beijing",
                                                          "Shenzhen", "Guangzhou"]),
                                              rng.choice(LATIN_NOUN)))
    else:
        country = rng.choice(["ru", "ru", "ru", "kz", "ua"])
        word = ru_word(rng, rng.randint(2, 4)).capitalize()
        form = rng.choice(RU_FORM)
        names.append("%s «%s»" % (form, word))
        if rng.random() < 0.8:
            aliases.append('%s "%s"' % (form, word.upper()))
        if rng.random() < 0.3:
            names.append("%s %s" % (rng.choice(["OOO", "AO", "PAO"]), rng.choice(LATIN_NOUN)))
    props = {"name": names}
    if aliases:
        props["alias"] = aliases
    props["country"] = [country] if rng.random() < 0.85 else [country, other_country(rng, country)]
    props["jurisdiction"] = [country if rng.random() < 0.8 else rng.choice(["vg", "ky", "cy", "pa"])]
    props["registrationNumber"] = ["%s%09d" % (country.upper(), rng.randint(0, 999999999))
                                   for _ in range(1 if rng.random() < 0.7 else 2)]
    props["incorporationDate"] = [date(rng, 1950, 2023)]
    r = rng.random()
    if r < 0.15:
        props["topics"] = [rng.choice(TOPICS)]
    if rng.random() < 0.45:
        props["notes"] = [" ".join(rng.choice(NOTE_WORDS) for _ in range(rng.randint(6, 18)))]
    if rng.random() < 0.35:
        props["leiCode"] = ["%018d%02d" % (rng.randint(0, 10 ** 18 - 1), rng.randint(0, 99))]
    return {"id": "co-%07d" % i, "schema": "Company", "properties": props}


def person(rng, i):
    kind = rng.random()
    if kind < 0.5:
        first, last = rng.choice(LATIN_FIRST), rng.choice(LATIN_LAST)
        names = ["%s %s" % (first, last)]
        nat = rng.choices(COUNTRIES, COUNTRY_W)[0]
        if rng.random() < 0.6:
            names.append("%s %s" % (last.upper(), first))
    elif kind < 0.8:
        last, first = rng.choice(CN_SURNAME), cjk(rng, rng.randint(1, 2))
        names = [last + first]
        nat = "hk" if rng.random() < 0.1 else "cn"
        if rng.random() < 0.6:
            names.append("%s %s" % (rng.choice(["Wang", "Li", "Zhang", "Liu", "Chen"]),
                                    rng.choice(["Wei", "Fang", "Min", "Jing", "Lei"])))
    else:
        if rng.random() < 0.6:
            first, last = rng.choice(RU_FIRST_M), rng.choice(RU_LAST)
        else:
            first, last = rng.choice(RU_FIRST_F), rng.choice(RU_LAST) + "а"
        names = ["%s %s" % (first, last)]
        nat = rng.choice(["ru", "ru", "ua", "kz"])
        if rng.random() < 0.6:
            names.append("%s %s" % (last, first))
    props = {"name": names, "firstName": [first], "lastName": [last],
             "nationality": [nat] if rng.random() < 0.75 else [nat, other_country(rng, nat)], "birthDate": [date(rng, 1940, 2000)]}
    if rng.random() < 0.1:
        props["topics"] = [rng.choice(TOPICS)]
    return {"id": "pe-%07d" % i, "schema": "Person", "properties": props}


def ownership(rng, i, owners, assets):
    owner = owners[rng.randrange(len(owners))]
    asset = assets[rng.randrange(len(assets))]
    pct = str(rng.randint(1, 100)) if rng.random() < 0.7 else "%d.%d" % (rng.randint(0, 99), rng.randint(1, 9))
    props = {"owner": [owner], "asset": [asset], "percentage": [pct],
             "startDate": [date(rng, 1995, 2023)]}
    return {"id": "ow-%07d" % i, "schema": "Ownership", "properties": props}


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: gen_entities.py N OUT.jsonl [SEED]\n")
        return 2
    n = int(argv[1])
    seed = int(argv[3]) if len(argv) > 3 else 20240501
    rng = random.Random(seed)
    owners, assets = [], []
    nvalues = 0
    with open(argv[2], "w", encoding="utf-8", newline="\n") as out:
        buf = []
        for i in range(n):
            r = rng.random()
            if r < 0.45 or not assets:
                e = company(rng, i)
                assets.append(e["id"])
                owners.append(e["id"])
            elif r < 0.75:
                e = person(rng, i)
                owners.append(e["id"])
            else:
                e = ownership(rng, i, owners, assets)
            nvalues += sum(len(v) for v in e["properties"].values())
            buf.append(json.dumps(e, ensure_ascii=False, separators=(",", ":")))
            if len(buf) >= 10000:
                out.write("\n".join(buf))
                out.write("\n")
                buf.clear()
        if buf:
            out.write("\n".join(buf))
            out.write("\n")
    sys.stderr.write("gen_entities: %d entities, %d property values (%.2f per entity)\n"
                     % (n, nvalues, nvalues / max(n, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
