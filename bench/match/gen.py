#!/usr/bin/python3
"""Synthetic multilingual entities and queries for the matching benchmark.
gen.py N OUTDIR -> OUTDIR/entities.tsv (id, schema, country, names |-separated)
and OUTDIR/queries.tsv (query, expected id or empty). Deterministic."""
import random, sys, os
n = int(sys.argv[1]); out = sys.argv[2]
rng = random.Random(7)
ons = "b c d f g h j k l m n p r s t v w x z br dr kr st tr ch sh th".split()
nuc = "a e i o u ai ao ei ou ia".split()
cod = ["", "", "n", "r", "s", "x", "l", "m"]
syl = [o + v + c for o in ons for v in nuc for c in cod]
words = ("Advanced Allied Applied Blue Bright Central Civil Coastal Delta Digital Eagle East Electric Energy First "
         "Global Golden Green Harbor Horizon Imperial Iron Lake Liberty Marine Metro Modern North Ocean Orient "
         "Pacific Peak Pioneer Prime Quantum Rapid Red River Royal Silver Smart South Star Summit Sun Union United "
         "Vision West").split()
sectors = "Technology Electronics Optics Security Systems Networks Trading Logistics Machinery Aerospace Instruments Software Robotics Materials".split()
legal = ["Co., Ltd.", "Inc.", "Limited", "Corporation", "LLC", "GmbH", "S.A.", "Holdings"]
han = "华海康威视大中天安信达星光明东方新科电子通讯智能数据云网安防芯微创联合金宝龙飞鹏远航盛世长城" \
      "博晶锐泰瑞嘉恒宏源盈丰德荣鑫兴旺隆昌祥和瀚宇辰睿航驰腾骏凯卓越汇聚鼎盛"
places = ["杭州", "深圳", "北京", "上海", "广州", "成都", "武汉", "南京"]
cyr = [c + v for c in "бвгджзклмнпрстфхцчш" for v in "аеиоуяю"]
first = "Wei Jing Li Ming Hua Anna Maria John David Olga Ivan Sergei Elena Peter Paul".split()
last = "Zhang Wang Chen Liu Yang Smith Jones Brown Ivanov Petrov Garcia Muller".split()
def brand():
    return "".join(rng.choice(syl) for _ in range(rng.randint(2, 4))).capitalize()
with open(os.path.join(out, "entities.tsv"), "w") as f:
    ents = []
    for i in range(n):
        r = rng.random()
        if r < 0.05:
            names = [f"{rng.choice(first)} {rng.choice(last)} {brand()}"]
            schema, cc = "Person", rng.choice(["cn", "us", "ru", "de"])
        else:
            b = brand()
            names = [f"{rng.choice(words)} {b} {rng.choice(sectors)} {rng.choice(legal)}"]
            schema, cc = "Company", rng.choice(["cn", "us", "gb", "de", "ru", "fr", "jp"])
            if r < 0.35:
                names.append(rng.choice(places) + "".join(rng.choice(han) for _ in range(rng.randint(2, 4))) + rng.choice(["科技有限公司", "股份有限公司", "集团", "电子有限公司"]))
            elif r < 0.45:
                names.append("".join(rng.choice(cyr) for _ in range(3)).capitalize() + " " + rng.choice(["ООО", "АО", "ПАО"]))
        ents.append(names)
        f.write(f"e{i}\t{schema}\t{cc}\t{'|'.join(names)}\n")
def typo(s):
    k = rng.randrange(1, max(2, len(s) - 1))
    return s[:k] + s[k + 1:]
with open(os.path.join(out, "queries.tsv"), "w") as f:
    for q in range(50000):
        if rng.random() < 0.2:
            f.write(f"{rng.choice(words)} {brand()} {rng.choice(sectors)}\t\n")
            continue
        i = rng.randrange(n)
        name = rng.choice(ents[i])
        v = rng.random()
        if v < 0.3:
            name = typo(name)
        elif v < 0.5 and name.split()[-1] in ("Inc.", "Limited", "LLC", "GmbH", "Corporation"):
            name = " ".join(name.split()[:-1])
        f.write(f"{name}\te{i}\n")
