#!/usr/bin/env python3
"""Writes data/seed/01_hric_sources.csv and 02_hric_record.csv: the HRIC
submission (../shared/seed/hric-submission.txt) as FtM entities and statements.

The rows are held here as data, written by hand from the submission. Every
quoted locator is checked against the submission's text (footnote markers,
markdown emphasis and line breaks ignored); a quote cited to footnote N must
also carry marker N in the submission (inside the quote or right after it) or
be words of footnote N itself, or the run stops. Every footnote's verbatim
text is read from the submission, so nothing here comes from memory.
"""
import os
import re
import sys

sys.dont_write_bytecode = True

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Bundle  # noqa: E402

from submission import FN, SUP, TEXT, check, check_cited, markers_of, norm  # noqa: E402,F401


def F(n, quote):
    """Cites footnote n's document; quote is the sentence it supports (it
    must carry marker n, or be the words of footnote n)."""
    check_cited(n, quote)
    return (f"hric-fn-{n:02d}", f'fn. {n}: "{quote}"')


def H(section, quote):
    """Cites the submission itself (HRIC's own assertion)."""
    check(quote)
    return ("hric-submission", f'hric-submission, {section}: "{quote}"')


S1 = "section 1"
S2 = "section 2"
INTRO = "introduction"

src = Bundle("hric_submission")
rec = Bundle("hric_submission")


def st(b, eid, schema, prop, value, cite, status="asserted", lang="", orig=""):
    b.add(eid, schema, prop, value, cite[0], cite[1], status, lang, orig)


def quoted(cite):
    m = re.search(r'"(.*)"$', cite[1], re.S)
    return m.group(1) if m else ""


def put(eid, schema, cite, status="asserted", **props):
    """Several properties of one entity with one citation. Values may be
    lists; a tuple (value, original) keeps the source's wording."""
    for prop, vals in props.items():
        if not isinstance(vals, list):
            vals = [vals]
        for v in vals:
            orig, lang = "", ""
            if isinstance(v, tuple):
                v, orig = v[0], v[1]
            # the source's wording of a value, and a qualifier, must be words
            # of the cited passage: nothing added ("exactly")
            said = orig if orig else (v if prop == "qualifier" else None)
            if said is not None and norm(said).lower() not in norm(quoted(cite)).lower():
                raise SystemExit(f"{eid}.{prop}: {said!r} is not in the passage cited: {cite[1]!r}")
            if re.search(r"[\u4e00-\u9fff]", str(v)) and prop in ("title", "name", "alias", "originalText"):
                lang = "zho"
            st(rec, eid, schema, prop, v, cite, status, lang, orig)


# ---------------------------------------------------------------- sources --
# The submission, and one Document (Article for news reports) per footnote.
SUBCITE = ("hric-submission", "hric-submission.txt (the submission's text)")
src.add("hric-submission", "Document", "name", "HRIC submission on surveillance technology",
        *SUBCITE)
src.add("hric-submission", "Document", "title", "HRIC submission on surveillance technology",
        *SUBCITE)
src.add("hric-submission", "Document", "author", "HRIC", "hric-submission",
        'hric-submission, introduction: "HRIC respectfully advances the following recommendations"')
src.add("hric-submission", "Document", "fileName", "hric-submission.txt", *SUBCITE)
src.add("hric-submission", "Document", "notes",
        "The submission's own assertions (claims without a footnote) cite this document.", *SUBCITE)

ARTICLES = {8, 9, 10, 11, 12, 13, 14, 15, 24}
# Bibliographic fields of each footnote, as written in the footnote. A tuple
# (value, as written) normalises a date; the as-written form is checked.
BIB = {
    1: dict(title="State Council Notice on the Issuance of the Next Generation Artificial Intelligence Development Plan",
            publisher=["State Council of the People's Republic of China", "China Copyright and Media"],
            date=("2017-07-08", "July 8, 2017"), publishedAt=("2017-07-20", "July 20, 2017"),
            sourceUrl="https://chinacopyrightandmedia.wordpress.com/2017/07/20/a-next-generation-artificial-intelligence-development-plan/"),
    2: dict(title="HRIC conducted a survey, using publicly available information, of a number of key companies.",
            author="HRIC"),
    3: dict(title="About Us", author="Dahua", publisher="Dahua",
            sourceUrl="https://www.dahuasecurity.com/aboutUs/introduction/0",
            retrievedAt=("2019-02-11", "Feb. 11, 2019")),
    4: dict(title=["中国共产党政法工作条例", "Regulation on the Communist Party of China's Political-Legal Work"],
            publisher=["Central Committee of the Communist Party of China", "China Law Translate"],
            date=("2019-01-18", "Jan. 18, 2019"),
            sourceUrl=["http://www.gov.cn/zhengce/2019-01/18/content_5359135.htm",
                       "https://www.chinalawtranslate.com/en/中国共产党政法工作条例"],
            retrievedAt=("2019-02-15", "Feb. 15, 2019")),
    5: dict(title=["中国共产党政法工作条例", "Regulation on the Communist Party of China's Political-Legal Work"],
            description="Id. (the regulation cited in fn. 4); the footnote gives Article 3 in the original Chinese."),
    6: dict(title=["《受权发布》2017年中国共产党党内统计公报", "(Authorized to Publish) 2017 Statistical Communiqué of the Communist Party of China"],
            publisher="Xinhua", publishedAt=("2018-06-30", "Jun. 30, 2018"),
            sourceUrl="http://www.xinhuanet.com/politics/2018-06/30/c_1123059570.htm"),
    7: dict(title=["《受权发布》2017年中国共产党党内统计公报", "(Authorized to Publish) 2017 Statistical Communiqué of the Communist Party of China"],
            publisher="Xinhua", publishedAt=("2018-06-30", "Jun. 30, 2018"),
            sourceUrl="http://www.xinhuanet.com/politics/2018-06/30/c_1123059570.htm",
            description="Id. (the communiqué cited in fn. 6)."),
    8: dict(author="Michael Martina",
            title="Exclusive: In China, the Party’s Push for Influence Inside Foreign Firms Stirs Fears",
            publisher="Reuters", publishedAt=("2017-08-24", "Aug. 24, 2017"),
            sourceUrl="https://www.reuters.com/article/us-china-congress-companies/exclusive-in-china-the-partys-push-for-influence-inside-foreign-firms-stirs-fears-idUSKCN1B40JU"),
    9: dict(author="John Honovich", title="Hikvision CEO Admits Hikvision is a State-Owned Company",
            publisher="IP Video Market Info Inc.", publishedAt=("2016-10-06", "Oct. 6, 2016"),
            sourceUrl="https://ipvm.com/reports/hik-state"),
    10: dict(author=["Dylan Welch", "Kyle Taylor"],
             title="Chinese Video Surveillance Network Used by the Australian Government",
             publisher="Australian Broadcasting Corporation", publishedAt=("2018-09-12", "Sep. 12, 2018"),
             sourceUrl="https://www.abc.net.au/news/2018-09-12/chinese-video-surveillance-network-used-by-australian-government/10212600"),
    11: dict(title="China’s Hi-Tech Police State in Fractious Xinjiang a Boon for Security Firms",
             publisher="Agence France-Presse", publishedAt=("2018-06-27", "Jun. 27, 2018"),
             sourceUrl="https://www.scmp.com/news/china/diplomacy-defence/article/2152749/chinas-hi-tech-police-state-fractious-xinjiang-boon"),
    12: dict(author=["David Ramli", "Mark Bergen"],
             title="This Company Is Helping Build China’s Panopticon. It Won’t Stop There",
             publisher="Bloomberg", publishedAt=("2018-11-20", "Nov. 20, 2018"),
             sourceUrl="https://www.bloomberg.com/news/articles/2018-11-19/this-company-is-helping-build-china-s-panopticon-it-won-t-stop-there"),
    13: dict(author="Bien Perez", title="Meet SenseTime, Hong Kong’s First Hi-Tech Unicorn that No One’s Heard Of",
             publisher="South China Morning Post", publishedAt=("2017-10-23", "Oct. 23, 2017"),
             sourceUrl="https://www.scmp.com/tech/start-ups/article/2116490/meet-sensetime-hong-kongs-first-hi-tech-unicorn-no-ones-heard"),
    14: dict(author="Li Xu", title="Making Sense of SenseTime", publisher="Jump Start Magazine",
             publishedAt=("2018-04-06", "Apr. 6, 2018"),
             sourceUrl="https://jumpstartmag.com/blog/making-sense-of-sensetime"),
    15: dict(author="Josh Horwitz",
             title="The billion-dollar, Alibaba-backed AI company that’s quietly watching people in China",
             publisher="Quartz", publishedAt=("2018-04-16", "Apr. 16, 2018"),
             sourceUrl="https://qz.com/1248493/sensetime-the-billion-dollar-alibaba-backed-ai-company-thats-quietly-watching-everyone-in-china/"),
    16: dict(title=["中华人民共和国国家安全法", "National Security Law of the People’s Republic of China"],
             publisher=["Standing Committee of the 12th National People’s Congress", "China Law Translate"],
             date=("2015-07-01", "July. 1, 2015"), sourceUrl="http://www.chinalawtranslate.com/2015nsl/?lang=en",
             retrievedAt=("2019-02-15", "Feb. 15, 2019")),
    17: dict(title=["中华人民共和国国家安全法", "National Security Law of the People’s Republic of China"],
             description="Id. (the law cited in fn. 16)."),
    18: dict(title=["中华人民共和国反恐怖主义法", "Counterterrorism Law of the People’s Republic of China"],
             publisher=["Standing Committee of the 12th National People’s Congress", "China Law Translate"],
             date=("2015-12-27", "Dec. 27, 2015"), sourceUrl="https://www.chinalawtranslate.com/en/反恐主义法",
             retrievedAt=("2019-02-15", "Feb. 15, 2019")),
    19: dict(title=["中华人民共和国网络安全法", "Cybersecurity Law of the People’s Republic of China"],
             publisher=["Meeting 24 of the 12th Standing Committee of the People’s Republic of China", "China Law Translate"],
             date=("2016-11-07", "Nov. 7, 2016"), sourceUrl="http://www.chinalawtranslate.com/cybersecuritylaw/?lang=en",
             retrievedAt=("2019-02-15", "Feb. 15, 2019")),
    20: dict(title=["中华人民共和国国家情报法(2018 修正)", "National Intelligence Law of the People’s Republic of China (2018 Amendment)"],
             publisher=["President of the People’s Republic of China", "Peking University Law"],
             date=("2017-06-27", "Jun. 27, 2017"), sourceUrl="http://en.pkulaw.cn/display.aspx?cgid=313975&lib=law",
             retrievedAt=("2019-02-15", "Feb. 15, 2019")),
    21: dict(title="Cybersecurity Law, Art.76"),
    22: dict(title=["互联网信息内容管理行政执法程序规定", "Regulations for Internet Content Management Administration Law Enforcement Procedures"],
             publisher=["Cyberspace Admin. of China", "China Copyright and Media"],
             date=("2018-05-02", "May 2, 2018"),
             sourceUrl="https://chinacopyrightandmedia.wordpress.com/2017/05/02/regulations-for-internet-content-management-administration-law-enforcement-procedures/",
             retrievedAt=("2019-02-14", "Feb. 14, 2019")),
    23: dict(title="“Unit” in Chinese is “单位,” which includes private enterprises."),
    24: dict(author="Alfred Ng", title="Chinese Facial Recognition Company Left Database of People’s Locations Exposed",
             publisher="CNet", publishedAt=("2019-02-13", "Feb. 13, 2019"),
             sourceUrl="https://www.cnet.com/news/chinese-facial-recognition-company-left-database-of-peoples-location-exposed/"),
    25: dict(title=["Cybersecurity Law", "Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social Mobilization Capacity"]),
    26: dict(title="《全国人民代表大会常务委员会执法检查组关于检查《中华人民共和国网络安全法》《全国人民代表大会常务委员会关于加强<网络信息保护的>决定》实施情况的报告》",
             date=("2017-12-24", "Dec. 24, 2017"),
             sourceUrl="http://www.npc.gov.cn/npc/zfjc/zfjcelys/2017-12/24/content_2036037.htm"),
    27: dict(title=["互联新闻信息服务管理规定", "Internet News Service Management Regulations",
                    "互联网跟帖评论服务管理规定", "Internet Post and Comments Service Management Regulations",
                    "互联网用户公众账号信息服务管理规定", "Internet Group Information Service Management Regulations",
                    "Internet User Public Account Information Service Management Regulations",
                    "互联网域名管理办法", "Internet Domain Name Management Measures"],
             publisher=["Cyberspace Admin. of China", "Ministry of Indus. and Info. Tech.",
                        "China Copyright and Media", "China Law Translate"],
             sourceUrl=["https://chinacopyrightandmedia.wordpress.com/2017/05/02/internet-news-information-service-management-regulations-2",
                        "https://www.chinalawtranslate.com/互联网跟帖评论服务管理规定/?lang=en",
                        "https://www.chinalawtranslate.com/互联网群组信息服务管理规定/?lang=en",
                        "https://www.chinalawtranslate.com/互联网域名管理办法/?lang=en"],
             retrievedAt=("2019-02-15", "Feb. 15, 2019")),
    28: dict(author=["Fan Liang et al.", "Rogier Creemers"],
             title=["Constructing a Data-Driven Society: China’s Social Credit System as a State Surveillance Infrastructure",
                    "China’s Social Credit System: An Evolving Practice of Control"],
             publisher="Policy and Internet", date=("2018", "(2018)"),
             sourceUrl="https://papers.ssrn.com/sol3/papers.cfm?abstract_id=3175792"),
}

for n in range(1, 29):
    eid, schema = f"hric-fn-{n:02d}", ("Article" if n in ARTICLES else "Document")
    text = FN[n]
    base = f"fn. {n}"
    ref = {5: 4, 7: 6, 17: 16}.get(n)
    if ref:  # "Id.": the fields are those of the footnote it refers to
        text = FN[n] + " " + FN[ref]
    src.add(eid, schema, "name", f"HRIC submission, footnote {n}", "hric-submission", base)
    src.add(eid, schema, "footnote", str(n), "hric-submission", base)
    src.add(eid, schema, "description", text, "hric-submission", base)
    for prop, vals in BIB.get(n, {}).items():
        if not isinstance(vals, list):
            vals = [vals]
        for v in vals:
            value, written = (v if isinstance(v, tuple) else (v, v))
            if prop == "description":  # our reading of an "Id.": a note, not the footnote's text
                src.add(eid, schema, "notes", value, "hric-submission", base)
                continue
            chk = written.strip("《》") if prop == "title" else written
            if norm(chk) not in norm(text):
                raise SystemExit(f"fn {n}: {prop} {written!r} not in footnote")
            lang = "zho" if re.search(r"[\u4e00-\u9fff]", value) and prop == "title" else ""
            orig = written if written != value else ""
            val = value.strip("《》") if prop == "title" and value.startswith("《") and value.count("《") == 1 else value
            if prop == "title" and val != value:
                orig = value
            loc = f'{base} (Id., fn. {ref}): "{written}"' if ref else f'{base}: "{written}"'
            src.add(eid, schema, prop, val, "hric-submission", loc, "asserted", lang, orig)
    src.add(eid, schema, "proof", "hric-submission", "hric-submission", base)

# ------------------------------------------------------------- party-state --
c = H(INTRO, "China, an authoritarian state ruled by the Communist Party of China (CPC) whose priorities are often at odds with international human rights standards, presents a particularly challenging case.")
put("org-cpc", "Organization", c, name="Communist Party of China", alias="CPC", country="cn", topics="pol.party")
put("org-cpc", "Organization", H(S1, "The overall regulatory framework in China is shaped by and subordinate to the interests of the Communist Party of China (CPC or Party)."),
    alias="Party")
put("org-cpc", "Organization", H(S1, "The authorities have not only placed the CPC above the law, but have created a fundamental conflict in the state's responsibility to create an enabling environment for the exercise of rights guaranteed by international law and the state's international obligations."),
    notes="The authorities have placed the CPC above the law (HRIC).")
put("org-cpc", "Organization", F(8, "According to media reports, these Party committees have put \"political pressure\" on joint ventures to allow the CPC final authority in major decisions."),
    status="alleged", notes="According to media reports, Party committees have put \"political pressure\" on joint ventures to allow the CPC final authority in major decisions.")

put("org-cpc-central-committee", "Organization",
    F(4, "Regulation on the Communist Party of China's Political-Legal Work, promulgated by the Central Committee of the Communist Party of China"),
    name="Central Committee of the Communist Party of China", parent="org-cpc", country="cn")

put("pb-state-council", "PublicBody", F(1, "State Council of the People's Republic of China (July 8, 2017)"),
    name="State Council of the People's Republic of China", country="cn")
put("pb-npcsc", "PublicBody", H(S2 + ", Real name registration", "According to the National People's Congress Standing Committee Cybersecurity Law 2017 enforcement report"),
    name="National People's Congress Standing Committee", country="cn")
put("pb-npcsc", "PublicBody", F(16, "promulgated by the Standing Committee of the 12th National People’s Congress"),
    alias="Standing Committee of the 12th National People’s Congress")
put("pb-npcsc", "PublicBody", F(20, "amended according to the Decision of the Standing Committee of the National People’s Congress (Apr. 27, 2018)"),
    alias="Standing Committee of the National People’s Congress")
put("pb-cac", "PublicBody", H(S2 + ", Collection of Content Data & Metadata", "Under the Cyberspace Administration of China’s (CAC) Regulations for Internet Content Management Administration Law Enforcement Procedures, effective June 1, 2017"),
    name="Cyberspace Administration of China", alias="CAC", country="cn")
put("pb-cac", "PublicBody", F(22, "promulgated by the Cyberspace Admin. of China (May 2, 2018)"), alias="Cyberspace Admin. of China")
put("pb-miit", "PublicBody", F(27, "Internet Domain Name Management Measures, promulgated by the Ministry of Indus. and Info. Tech. (Aug. 24, 2017)"),
    name="Ministry of Indus. and Info. Tech.", country="cn")
put("pb-most", "PublicBody", H(S1, "is now entrusted by the PRC's Ministry of Science and Technology to establish China's National Open Innovation Platform of Next-Generation Artificial Intelligence on Intelligent Vision"),
    name="Ministry of Science and Technology", country="cn")
put("pb-prc-president", "PublicBody", F(20, "promulgated by Order No. 69 of the President of the People’s Republic of China (Jun. 27, 2017)"),
    name="President of the People’s Republic of China", country="cn")

# Party committees in companies (fn. 6, 7, 8)
c6 = F(6, "The Party committee requirement extends to private and foreign companies operating in China.")
put("prov-party-committee-requirement", "LegalProvision", c6,
    name="Party committee requirement in companies",
    summary="The Party committee requirement extends to private and foreign companies operating in China.",
    obligation="party-organization", subjectClass="enterprise",
    subjectDescription="private and foreign companies operating in China",
    notes="The submission names no law or article for this requirement.")
put("prov-party-committee-requirement", "LegalProvision", H(S1, "Government and CPC control is made possible, informally, through opaque shareholding structures, more formally through state protection and support of these companies, and through Party committees that must be established within private firms and SOEs."),
    description="Government and CPC control is made possible, informally, through opaque shareholding structures, more formally through state protection and support of these companies, and through Party committees that must be established within private firms and SOEs.",
    summary="Party committees must be established within private firms and SOEs.",
    subjectDescription="private firms and SOEs")
c7 = F(7, "According to official government data, over 91% of publicly-owned companies and over 73% of private companies in China have established these Party organizations.")
cdate = F(6, "2017 Statistical Communiqué of the Communist Party of China")
for mid, val, scope in (("m-party-orgs-public-2017", ("91", "over 91%"), "publicly-owned companies in China"),
                        ("m-party-orgs-private-2017", ("73", "over 73%"), "private companies in China")):
    put(mid, "Measurement", c7, subject="org-cpc", metric="party_organization_share", value=val,
        unit="percent", qualifier="over", scope=scope,
        description=f"Share of {scope} that have established Party organizations (official government data)")
    put(mid, "Measurement", cdate, date="2017")

# State Council AI plan (fn. 1)
c1 = F(1, "From \"State Council Notice on the Issuance of the Next Generation Artificial Intelligence Development Plan,\" State Council of the People's Republic of China (July 8, 2017) released July 20, 2017")
put("law-ai-plan", "Law", c1, name="Next Generation Artificial Intelligence Development Plan",
    title="State Council Notice on the Issuance of the Next Generation Artificial Intelligence Development Plan",
    promulgatingBody="pb-state-council", promulgationDate=("2017-07-08", "July 8, 2017"),
    publishedAt=("2017-07-20", "July 20, 2017"), lawType="State Council notice", country="cn",
    translationUrl="https://chinacopyrightandmedia.wordpress.com/2017/07/20/a-next-generation-artificial-intelligence-development-plan/")
put("prov-ai-plan-2030", "LegalProvision", F(1, "[B]y 2030, China's AI theories, technologies, and applications should achieve world-leading levels, making China the world's primary AI innovation center, achieving visible results in intelligent economy and intelligent society applications, and laying an important foundation for becoming a leading innovation-style nation and an economic power."),
    name="Next Generation AI Development Plan: goal for 2030", law="law-ai-plan",
    text="[B]y 2030, China's AI theories, technologies, and applications should achieve world-leading levels, making China the world's primary AI innovation center, achieving visible results in intelligent economy and intelligent society applications, and laying an important foundation for becoming a leading innovation-style nation and an economic power.",
    obligation="policy-goal", subjectClass="state")
put("prov-ai-plan-2030", "LegalProvision", F(1, "As China accelerates its drive to lead the world in artificial intelligence “theories, technologies, and applications” by 2030,"),
    summary="China's drive to lead the world in artificial intelligence “theories, technologies, and applications” by 2030")

# ------------------------------------------------------------ companies ---
FN2_LEAD = "Chinese companies that develop, market, export, deploy, and facilitate surveillance technologies include: manufacturers of cameras, drones, and other hardware; database owners and operators, including cloud servers; manufacturers and developers of biometrics identification systems; artificial intelligence developers, including facial recognition and gait recognition; and urban transport management systems."
SURVEYED = [
    ("co-hikvision", "Hikvision", "https://www.hikvision.com/en"),
    ("co-dahua", "Dahua Technology", "https://www.dahuatech.com"),
    ("co-yitu", "Yitu Technology", "http://www.yitutech.com/en"),
    ("co-megvii", "Megvii", "https://megvii.com"),
    ("co-sensetime", "SenseTime", "https://www.sensetime.com"),
    ("co-eyecool", "Eyecool", "http://www.eyecool.cn"),
    ("co-intellifusion", "Intellifusion", "http://www.intellif.com"),
    ("co-isvision", "Isvision Technologies", "http://www.isvision.com"),
    ("co-seetatech", "SeetaTech", "http://www.seetatech.com"),
]
for cid, name, url in SURVEYED:
    put(cid, "Company", F(2, f"{name}, <{url}>"), name=name, website=url)
    put(cid, "Company", F(2, FN2_LEAD), country="cn", keywords="surveillance technologies")

# Hikvision
put("co-hikvision", "Company", H(S1, "One example is Hikvision Digital Technology, a Hangzhou-based SOE that manufactures security cameras and other video surveillance products."),
    alias="Hikvision Digital Technology", address="Hangzhou",
    description="manufactures security cameras and other video surveillance products")
put("co-hikvision", "Company", F(9, "One example is Hikvision Digital Technology, a Hangzhou-based SOE that manufactures security cameras and other video surveillance products."),
    classification="state-owned enterprise (SOE)", topics="gov.soe")
put("co-hikvision", "Company", H(S1, "It began as a Chinese government research institute, and then was transformed into an SOE."),
    summary="It began as a Chinese government research institute, and then was transformed into an SOE.")
put("co-hikvision", "Company", H(S1, "Hikvision has global partners including branch R&D offices in the United Kingdom and Canada."),
    addressEntity=["addr-hikvision-rd-gb", "addr-hikvision-rd-ca"])
c = H(S1, "For the past five years, Hikvision is the world's largest supplier of video surveillance equipment, used in at least 150 countries in both public and private sectors.")
put("co-hikvision", "Company", c, summary="For the past five years, Hikvision is the world's largest supplier of video surveillance equipment, used in at least 150 countries in both public and private sectors.")
put("m-hikvision-countries", "Measurement", c, subject="co-hikvision", metric="countries_reached",
    value=("150", "at least 150 countries"), qualifier="at least", unit="countries",
    scope="used in both public and private sectors",
    description="Countries in which Hikvision's video surveillance equipment is used")
put("m-hikvision-largest-supplier", "Measurement", c, subject="co-hikvision", metric="years_largest_supplier",
    value=("5", "For the past five years"), qualifier="for the past", unit="years",
    description="Years as the world's largest supplier of video surveillance equipment")
put("co-hikvision", "Company", H(S1, "Its products are equipped with AI technology and are linked with cloud data-sharing."),
    summary="Its products are equipped with AI technology and are linked with cloud data-sharing.",
    keywords=["AI technology", "cloud data-sharing"])
put("co-hikvision", "Company", F(10, "According to media reports, Hikvision technology is alleged to include deliberate security flaws that allow the PRC government access to data without user permission"),
    status="alleged", notes="Alleged to include deliberate security flaws that allow the PRC government access to data without user permission (according to media reports).")
put("co-hikvision", "Company", H(S1, "Hikvision provides an example of a publicly-listed SOE that designs and manufactures equipment specifically for surveillance purposes by governments."),
    classification="publicly-listed SOE")
put("co-hikvision", "Company", H(S1, "The company has aggressively expanded its services over time to provide not only the hardware, but also the entire surveillance package, including AI algorithms and analytics systems."),
    summary="Provides not only the hardware, but also the entire surveillance package, including AI algorithms and analytics systems.")
put("addr-hikvision-rd-gb", "Address", H(S1, "Hikvision has global partners including branch R&D offices in the United Kingdom and Canada."),
    name="Hikvision branch R&D office, United Kingdom", full="United Kingdom", country=("gb", "United Kingdom"),
    summary="branch R&D office")
put("addr-hikvision-rd-ca", "Address", H(S1, "Hikvision has global partners including branch R&D offices in the United Kingdom and Canada."),
    name="Hikvision branch R&D office, Canada", full="Canada", country=("ca", "Canada"), summary="branch R&D office")
c11 = F(11, "According to media reports, Hikvision technology is alleged to include deliberate security flaws that allow the PRC government access to data without user permission and is involved in the grid-style surveillance systems used in Xinjiang, and also possibly used in surveillance in the Xinjiang arbitrary detention camps.")
put("proj-xinjiang-grid-surveillance", "Project", c11, status="alleged",
    name="Grid-style surveillance systems used in Xinjiang", address="Xinjiang")
put("proj-xinjiang-detention-camp-surveillance", "Project", c11, status="alleged",
    name="Surveillance in the Xinjiang arbitrary detention camps", address="Xinjiang")
put("link-hikvision-xinjiang-grid", "UnknownLink", c11, status="alleged", subject="co-hikvision",
    object="proj-xinjiang-grid-surveillance", role="technology involved in (according to media reports)")
put("link-hikvision-xinjiang-camps", "UnknownLink", c11, status="alleged", subject="co-hikvision",
    object="proj-xinjiang-detention-camp-surveillance", role="possibly used in (according to media reports)")

# SenseTime
c = H(S1, "For comparison, SenseTime is a private, Hong Kong based, startup AI developer and algorithm provider that focuses on facial recognition software and machinery.")
put("co-sensetime", "Company", c, classification="private", address="Hong Kong",
    description="startup AI developer and algorithm provider that focuses on facial recognition software and machinery")
put("co-sensetime", "Company", H(S1, "It was begun by professors and researchers"),
    summary="It was begun by professors and researchers.")
c = H(S1, "It has partners around the world, including branch offices in Beijing, Shenzhen, Kyoto, Tokyo, and Singapore.")
for city in ("Beijing", "Shenzhen", "Kyoto", "Tokyo", "Singapore"):
    aid = f"addr-sensetime-{city.lower()}"
    put("co-sensetime", "Company", c, addressEntity=aid)
    put(aid, "Address", c, name=f"SenseTime branch office, {city}", city=city, full=city, summary="branch office")
c = H(S1, "is now entrusted by the PRC's Ministry of Science and Technology to establish China's National Open Innovation Platform of Next-Generation Artificial Intelligence on Intelligent Vision")
put("proj-ai-open-platform-vision", "Project", c,
    name="National Open Innovation Platform of Next-Generation Artificial Intelligence on Intelligent Vision", country="cn")
put("pp-sensetime-ai-platform", "ProjectParticipant", c, participant="co-sensetime",
    project="proj-ai-open-platform-vision", role="entrusted to establish the platform")
put("pp-most-ai-platform", "ProjectParticipant", c, participant="pb-most",
    project="proj-ai-open-platform-vision", role="entrusted SenseTime to establish the platform")
c12 = F(12, "According to media reports, PRC government contracts make up 40% of SenseTime's revenue, and its co-founder attended a Politburo study session on leading global AI development, calling for closer ties between SOEs and private companies.")
put("m-sensetime-gov-revenue-share", "Measurement", c12, status="alleged", subject="co-sensetime",
    metric="revenue_share_government", value=("40", "40%"), unit="percent",
    scope="PRC government contracts", description="Share of SenseTime's revenue from PRC government contracts (according to media reports)")
put("evt-politburo-ai-study-session", "Event", c12, status="alleged",
    name="Politburo study session on leading global AI development", involved="co-sensetime",
    description="SenseTime's co-founder attended, calling for closer ties between SOEs and private companies (according to media reports).")
c13 = F(13, "China Mobile, one of China's top three telecommunications SOEs, has contracted with SenseTime to develop its facial recognition applications;")
put("co-china-mobile", "Company", c13, name="China Mobile", classification="telecommunications SOE",
    description="one of China's top three telecommunications SOEs", topics="gov.soe", country="cn")
put("contract-china-mobile-sensetime", "Contract", c13,
    title="China Mobile contract with SenseTime to develop its facial recognition applications",
    name="China Mobile – SenseTime facial recognition contract", authority="co-china-mobile",
    description="to develop its facial recognition applications")
put("award-china-mobile-sensetime", "ContractAward", c13, contract="contract-china-mobile-sensetime",
    supplier="co-sensetime", description="SenseTime contracted to develop China Mobile's facial recognition applications")
c14 = F(14, "a high-security prison in Inner Mongolia uses its facial recognition technology;")
put("org-inner-mongolia-prison", "Organization", c14, name="High-security prison in Inner Mongolia", address="Inner Mongolia")
put("link-inner-mongolia-prison-sensetime", "UnknownLink", c14, subject="org-inner-mongolia-prison",
    object="co-sensetime", role="uses SenseTime facial recognition technology")
c15 = F(15, "the security bureaus of Guangzhou, Shenzhen, and Yunnan use SenseTime technology, supplying their data back to SenseTime to train its algorithms.")
for place in ("Guangzhou", "Shenzhen", "Yunnan"):
    bid = f"pb-{place.lower()}-security-bureau"
    put(bid, "PublicBody", c15, name=f"{place} security bureau", address=place, country="cn")
    put(f"link-{place.lower()}-security-bureau-sensetime", "UnknownLink", c15, subject=bid, object="co-sensetime",
        role="uses SenseTime technology, supplying its data back to SenseTime to train its algorithms")
put("co-sensetime", "Company", H(S1, "SenseTime is an example of a private company that has increased its PRC ties dramatically and worked in cooperation with the PRC government for market share."),
    summary="An example of a private company that has increased its PRC ties dramatically and worked in cooperation with the PRC government for market share.")
put("co-sensetime", "Company", H(S1, "In addition, the AI algorithms that SenseTime provides are not inherently surveillance technology, but are developed and applied expressly for that purpose."),
    summary="The AI algorithms that SenseTime provides are not inherently surveillance technology, but are developed and applied expressly for that purpose.")
c24 = F(24, "The company had reportedly left more than 2.5 million records containing personal information and locations logged (more than 6.8 million in a 24 hour period) without any password protection.")
put("evt-sensetime-database-exposure", "Event", c24, status="alleged",
    name="Online exposure of a facial recognition database maintained by SenseTime", involved="co-sensetime",
    description="The company had reportedly left more than 2.5 million records containing personal information and locations logged without any password protection.")
put("evt-sensetime-database-exposure", "Event", F(24, "Despite legal requirements to ensure data security, the recent incident of an online exposure of a facial recognition database maintained by SenseTime, highlights the actual risks in maintaining these massive databases without rigorous attention to ensuring privacy protection for individuals tracked."),
    summary="The recent incident of an online exposure of a facial recognition database maintained by SenseTime highlights the actual risks in maintaining these massive databases without rigorous attention to ensuring privacy protection for individuals tracked.")
put("m-sensetime-db-records", "Measurement", c24, status="alleged", subject="evt-sensetime-database-exposure",
    metric="records_exposed", value=("2500000", "more than 2.5 million records"), qualifier="more than",
    unit="records", description="Records containing personal information and locations left without any password protection")
put("m-sensetime-db-locations", "Measurement", c24, status="alleged", subject="evt-sensetime-database-exposure",
    metric="locations_tracked_24h", value=("6800000", "more than 6.8 million in a 24 hour period"),
    qualifier="more than", unit="locations", period="24 hours", description="Locations logged in a 24 hour period")

# Dahua (fn. 3)
put("co-dahua", "Company", F(3, "For example, Dahua Technology is a publicly listed company on the Shenzhen Stock Exchange based in Zhejiang, with more than 16,000 employees, over 50% of which are engaged in R&D."),
    classification="publicly listed company on the Shenzhen Stock Exchange", address="Zhejiang")
put("co-dahua", "Company", F(3, "Chinese companies engaged in the surveillance industry are also some of the major actors marketing and exporting these technologies around the world."),
    summary="An example of Chinese companies engaged in the surveillance industry that are some of the major actors marketing and exporting these technologies around the world.")
c3a = F(3, "For example, Dahua Technology is a publicly listed company on the Shenzhen Stock Exchange based in Zhejiang, with more than 16,000 employees, over 50% of which are engaged in R&D.")
c3b = F(3, "Dahua Technology has more than 200 provincial offices as well as 54 overseas subsidiaries and representative offices covering the Asia Pacific, North America, Europe, Africa and other regions, with its products and services applied in over 180 countries and regions.")
c3d = F(3, "Dahua, \"About Us,\" <https://www.dahuasecurity.com/aboutUs/introduction/0>, last visited Feb. 11, 2019.")
DAHUA = [
    ("m-dahua-employees", c3a, "employees", ("16000", "more than 16,000 employees"), "more than", "employees", ""),
    ("m-dahua-rd-share", c3a, "rd_employee_share", ("50", "over 50%"), "over", "percent", "employees engaged in R&D"),
    ("m-dahua-provincial-offices", c3b, "provincial_offices", ("200", "more than 200 provincial offices"), "more than", "offices", ""),
    ("m-dahua-overseas-subsidiaries", c3b, "overseas_subsidiaries", ("54", "54 overseas subsidiaries and representative offices"), "",
     "overseas subsidiaries and representative offices", "covering the Asia Pacific, North America, Europe, Africa and other regions"),
    ("m-dahua-countries", c3b, "countries_reached", ("180", "over 180 countries and regions"), "over", "countries and regions",
     "products and services applied in"),
]
for mid, cite, metric, val, qual, unit, scope in DAHUA:
    put(mid, "Measurement", cite, subject="co-dahua", metric=metric, value=val, qualifier=qual, unit=unit, scope=scope)
    put(mid, "Measurement", c3d, date=("2019-02-11", "last visited Feb. 11, 2019"))

# ----------------------------------------------------------------- laws ---
# (law, effective date as written) -> the citation that states it: a
# provision's effective date is its law's, cited to the sentence that gives it
EFFC = {}


def law(lid, cite, **props):
    props.setdefault("country", "cn")
    if isinstance(props.get("effectiveDate"), tuple):
        EFFC.setdefault((lid, props["effectiveDate"][1]), cite)
    put(lid, "Law", cite, **props)


def prov(pid, lid, article, cite, lawname, article_cite=None, **props):
    """article_cite: the citation of the article number, where another
    passage than the provision's own gives it."""
    props.setdefault("name", f"{lawname}, Art. {article}" if article else lawname)
    eff = props.pop("effectiveDate", None)
    if article_cite:
        put(pid, "LegalProvision", article_cite, article=article)
    put(pid, "LegalProvision", cite, law=lid, article=article, **props)
    if eff:
        if (lid, eff[1]) not in EFFC:
            raise SystemExit(f"{pid}: no citation of {lid} gives {eff[1]!r}")
        put(pid, "LegalProvision", EFFC[(lid, eff[1])], effectiveDate=eff)


# Political-Legal Work Regulation (fn. 4, 5)
c4 = F(4, "《中国共产党政法工作条例》 Regulation on the Communist Party of China's Political-Legal Work, promulgated by the Central Committee of the Communist Party of China, Jan. 18, 2019, http://www.gov.cn/zhengce/2019-01/18/content_5359135.htm")
law("law-plw", c4, name="Regulation on the Communist Party of China's Political-Legal Work",
    title=["中国共产党政法工作条例", "Regulation on the Communist Party of China's Political-Legal Work"],
    promulgatingBody="org-cpc-central-committee", promulgationDate=("2019-01-18", "Jan. 18, 2019"),
    lawType="Party regulation", sourceUrl="http://www.gov.cn/zhengce/2019-01/18/content_5359135.htm",
    translationUrl="https://www.chinalawtranslate.com/en/中国共产党政法工作条例")
c = F(4, "The recently issued Regulation on the Communist Party of China's Political-Legal Work (effective January 13, 2019) highlights the policy that all political and legal work done by the government must heed the guidance of the CPC.")
law("law-plw", c, effectiveDate=("2019-01-13", "effective January 13, 2019"),
    summary="Highlights the policy that all political and legal work done by the government must heed the guidance of the CPC.")
law("law-plw", H(S1, "The recently issued Regulation on the Communist Party of China's Political-Legal Work (effective January 13, 2019)"),
    notes="The submission gives the effective date (January 13, 2019) as earlier than the promulgation date in fn. 4 (Jan. 18, 2019); both are kept as given.")
c5 = F(5, "Article 3 states: \"Political and legal units are the specialized forces that carry out political and legal work under the leadership of the Party, chiefly, including judicial organs, procuratorial organs, public security organs, national security organs, judicial and administrative organs, etc.\"")
prov("prov-plw-art-3", "law-plw", "3", c5, "Political-Legal Work Regulation",
     text="Political and legal units are the specialized forces that carry out political and legal work under the leadership of the Party, chiefly, including judicial organs, procuratorial organs, public security organs, national security organs, judicial and administrative organs, etc.",
     obligation="work-under-party-leadership", subjectClass="political-legal-unit",
     subjectDescription="judicial organs, procuratorial organs, public security organs, national security organs, judicial and administrative organs, etc.",
     effectiveDate=("2019-01-13", "effective January 13, 2019"))
prov("prov-plw-art-3", "law-plw", "3", F(5, "政法单位是党领导下从事政法工作的专门力量，主要包括审判机关、检察机关、公安机关、国家安全机关、司法行政机关等单位。"), "Political-Legal Work Regulation",
     originalText="政法单位是党领导下从事政法工作的专门力量，主要包括审判机关、检察机关、公安机关、国家安全机关、司法行政机关等单位。")

# National Security Law (fn. 16, 17)
c16 = F(16, "《中华人民共和国国家安全法》 National Security Law of the People’s Republic of China, promulgated by the Standing Committee of the 12th National People’s Congress (July. 1, 2015), effective July. 1, 2015")
law("law-nsl", c16, name="National Security Law", title=["中华人民共和国国家安全法", "National Security Law of the People’s Republic of China"],
    promulgatingBody="pb-npcsc", promulgationDate=("2015-07-01", "July. 1, 2015"), effectiveDate=("2015-07-01", "effective July. 1, 2015"),
    lawType="law", translationUrl="http://www.chinalawtranslate.com/2015nsl/?lang=en")
law("law-nsl", F(17, "the National Security Law (effective July 1, 2015)"), effectiveDate=("2015-07-01", "effective July 1, 2015"))
law("law-nsl", F(16, "China's legal regulatory framework applicable to surveillance technologies is premised on an over broad concept of national security that provides the rationale for a comprehensive scope for surveillance regulation."),
    summary="Premised on an over broad concept of national security that provides the rationale for a comprehensive scope for surveillance regulation (HRIC).")
prov("prov-nsl-art-79", "law-nsl", "79", H(S2, "The National Security Law states: “enterprises and public institutions should, according to the demands of national security work, cooperate with relevant departments in adopting relevant security measures” (Art. 79)."),
     "National Security Law",
     text="enterprises and public institutions should, according to the demands of national security work, cooperate with relevant departments in adopting relevant security measures",
     obligation="cooperate-with-security-work", subjectClass="enterprise-or-public-institution",
     subjectDescription="enterprises and public institutions", authorityServed="relevant departments",
     effectiveDate=("2015-07-01", "effective July 1, 2015"))
NSL_DOMAINS = [("16", "political security"), ("17", "homeland security"), ("18", "military security"),
               ("19", "economic security"), ("20", "financial infrastructure security"), ("21", "energy security"),
               ("22", "food security"), ("23", "cultural security"),
               ("24", "scientific and technological information security"), ("26", "ethnic security"),
               ("27", "religious security"), ("29", "societal security"), ("30", "ecological security"),
               ("31", "nuclear security"), ("28", "security against terrorism"),
               ("32", "security of outer space, deep sea, and polar regions")]
for art, dom in NSL_DOMAINS:
    prov(f"prov-nsl-art-{art}", "law-nsl", art, F(16, f"{dom} (Art. {art})"), "National Security Law",
         summary=dom, obligation="defines-security-domain", subjectClass="state")

# Counterterrorism Law (fn. 18)
c18 = F(18, "《中华人民共和国反恐怖主义法》 Counterterrorism Law of the People’s Republic of China, promulgated by the Standing Committee of the 12th National People’s Congress (Dec. 27, 2015), effective Jan. 1, 2016")
law("law-ctl", c18, name="Counterterrorism Law", title=["中华人民共和国反恐怖主义法", "Counterterrorism Law of the People’s Republic of China"],
    promulgatingBody="pb-npcsc", promulgationDate=("2015-12-27", "Dec. 27, 2015"), effectiveDate=("2016-01-01", "effective Jan. 1, 2016"),
    lawType="law", translationUrl="https://www.chinalawtranslate.com/en/反恐主义法")
law("law-ctl", F(18, "the Counterterrorism Law (effective January 1, 2016)"), effectiveDate=("2016-01-01", "effective January 1, 2016"))
prov("prov-ctl-art-18", "law-ctl", "18", H(S2, "Under the Counterterrorism Law, “telecommunications operators and Internet service providers shall provide technical interfaces, decryption, and other technical support assistance to public security organs and state security organs conducting prevention and investigation of terrorist activities in accordance with law” (Art. 18)."),
     "Counterterrorism Law",
     text="telecommunications operators and Internet service providers shall provide technical interfaces, decryption, and other technical support assistance to public security organs and state security organs conducting prevention and investigation of terrorist activities in accordance with law",
     obligation=["provide-interfaces-and-decryption", "provide-technical-support"], subjectClass="telecom-operator-or-isp",
     subjectDescription="telecommunications operators and Internet service providers",
     authorityServed="public security organs and state security organs", effectiveDate=("2016-01-01", "effective January 1, 2016"))

# Cybersecurity Law (fn. 19, 21, 25, 26)
c19 = F(19, "《中华人民共和国网络安全法》 Cybersecurity Law of the People’s Republic of China, promulgated by the Meeting 24 of the 12th Standing Committee of the People’s Republic of China (Nov. 7, 2016), effective June 1, 2017")
law("law-csl", c19, name="Cybersecurity Law", title=["中华人民共和国网络安全法", "Cybersecurity Law of the People’s Republic of China"],
    promulgatingBody="pb-npcsc", promulgationDate=("2016-11-07", "Nov. 7, 2016"), effectiveDate=("2017-06-01", "effective June 1, 2017"),
    lawType="law", translationUrl="http://www.chinalawtranslate.com/cybersecuritylaw/?lang=en",
    notes="fn. 19 names the promulgating body as “the Meeting 24 of the 12th Standing Committee of the People’s Republic of China”.")
CSL_EFF = ("2017-06-01", "effective June 1, 2017")
prov("prov-csl-art-28", "law-csl", "28", H(S2, "The Cybersecurity Law states that “network operators” must “provide technical support and assistance to public security organs’ and state security organs’ lawful activities preserving national security and investigating crimes” (Art. 28)."),
     "Cybersecurity Law",
     text="provide technical support and assistance to public security organs’ and state security organs’ lawful activities preserving national security and investigating crimes",
     obligation="provide-technical-support", subjectClass="network-operator", subjectDescription="network operators",
     authorityServed="public security organs’ and state security organs’", effectiveDate=CSL_EFF)
prov("prov-csl-art-76", "law-csl", "76", F(21, "“Network operators refers to network owners and managers, and network service providers,” Cybersecurity Law, Art.76."),
     "Cybersecurity Law", text="Network operators refers to network owners and managers, and network service providers",
     obligation="definition", subjectClass="network-operator", effectiveDate=CSL_EFF)
prov("prov-csl-art-21", "law-csl", "21", F(25, "For example, Article 21 of the Cybersecurity Law requires network operators to “adopt technological measures for monitoring and recording network operational statuses and cybersecurity incidents, and follow relevant provisions to store network logs for at least six months.”"),
     "Cybersecurity Law",
     text="adopt technological measures for monitoring and recording network operational statuses and cybersecurity incidents, and follow relevant provisions to store network logs for at least six months.",
     obligation="retain-logs", minimumPeriod=("6 months", "at least six months"), subjectClass="network-operator",
     subjectDescription="network operators", effectiveDate=CSL_EFF)
prov("prov-csl-art-21", "law-csl", "21", F(25, "The purpose of these regulations is to ensure that backend data is accessible to the government."),
     "Cybersecurity Law", summary="Cited as an example of regulations whose purpose is to ensure that backend data is accessible to the government.")
prov("prov-csl-art-24", "law-csl", "24", H(S2 + ", Real name registration", "The Cybersecurity Law requires network operators to implement real name registration and request identity information from users before they provide network access, domain name registration, landline and mobile phone network access, instant messaging and communication services (Art. 24)."),
     "Cybersecurity Law",
     summary="requires network operators to implement real name registration and request identity information from users before they provide network access, domain name registration, landline and mobile phone network access, instant messaging and communication services",
     obligation="real-name-registration", subjectClass="network-operator", subjectDescription="network operators", effectiveDate=CSL_EFF)
prov("prov-csl-art-47", "law-csl", "47", H(S2 + ", Internet Filtering and Censorship", "Network operators who discover prohibited information must “immediately stop transmission of that information, adopt handling measures such as deleting it to prevent the information from spreading, keep relevant records, and report to the relevant competent departments” (Cybersecurity Law, Art. 47)."),
     "Cybersecurity Law",
     text="immediately stop transmission of that information, adopt handling measures such as deleting it to prevent the information from spreading, keep relevant records, and report to the relevant competent departments",
     obligation="stop-delete-record-report", subjectClass="network-operator",
     subjectDescription="Network operators who discover prohibited information", authorityServed="the relevant competent departments",
     effectiveDate=CSL_EFF)
c26 = F(26, "According to the National People's Congress Standing Committee Cybersecurity Law 2017 enforcement report, over 300 million users who had not been registered previously were registered within the preceding five years to fulfill the legal requirement of real name registration.")
put("m-npcsc-2017-newly-registered-users", "Measurement", c26, subject="prov-csl-art-24", metric="newly_registered_users",
    value=("300000000", "over 300 million users"), qualifier="over", unit="users", period="preceding five years",
    date="2017", description="Users not registered previously who were registered to fulfill the legal requirement of real name registration (NPC Standing Committee Cybersecurity Law 2017 enforcement report)")
put("m-npcsc-2017-suspended-users", "Measurement", H(S2 + ", Real name registration", "In addition, services for over 10 million users who refused to register were suspended."),
    subject="prov-csl-art-24", metric="suspended_users", value=("10000000", "over 10 million users"), qualifier="over",
    unit="users", description="Users who refused to register and whose services were suspended")

# National Intelligence Law (fn. 20)
c20 = F(20, "《中华人民共和国国家情报法(2018 修正)》 National Intelligence Law of the People’s Republic of China (2018 Amendment), promulgated by Order No. 69 of the President of the People’s Republic of China (Jun. 27, 2017), amended according to the Decision of the Standing Committee of the National People’s Congress (Apr. 27, 2018), effective Apr. 27, 2018")
law("law-nil", c20, name="National Intelligence Law",
    title=["中华人民共和国国家情报法(2018 修正)", "National Intelligence Law of the People’s Republic of China (2018 Amendment)"],
    promulgatingBody="pb-prc-president", promulgationDate=("2017-06-27", "Jun. 27, 2017"),
    amendingBody="pb-npcsc", amendmentDate=("2018-04-27", "Apr. 27, 2018"), effectiveDate=("2018-04-27", "effective Apr. 27, 2018"),
    lawType="law", translationUrl="http://en.pkulaw.cn/display.aspx?cgid=313975&lib=law")
law("law-nil", F(20, "the National Intelligence Law (effective June 28, 2017)."), effectiveDate=("2017-06-28", "effective June 28, 2017"))
law("law-nil", H(S2, "the National Intelligence Law (effective June 28, 2017)."),
    notes="The body gives the effective date June 28, 2017; fn. 20 (the 2018 Amendment) gives Apr. 27, 2018. Both are kept, each with its locator.")
prov("prov-nil-art-14", "law-nil", "14", H(S2, "The National Intelligence Law authorizes national intelligence work institutions lawfully carrying out intelligence efforts to “request that relevant organs, organizations, and citizens provide necessary support, assistance, and cooperation” (Art. 14)."),
     "National Intelligence Law",
     text="request that relevant organs, organizations, and citizens provide necessary support, assistance, and cooperation",
     obligation="support-intelligence-work", subjectClass="organ-organization-or-citizen",
     subjectDescription="relevant organs, organizations, and citizens",
     authorityServed="national intelligence work institutions lawfully carrying out intelligence efforts")

# Overarching framework (section 2)
cgen = H(S2, "These overarching laws lay out general requirements for private companies to cooperate with and provide necessary technological and law enforcement support for the state in the name of national security.")
for lid in ("law-nsl", "law-ctl", "law-csl", "law-nil"):
    law(lid, cgen, summary="One of the overarching laws that lay out general requirements for private companies to cooperate with and provide necessary technological and law enforcement support for the state in the name of national security.")

# CAC law enforcement procedures (fn. 22, 23)
c22 = F(22, "《互联网信息内容管理行政执法程序规定》 Regulations for Internet Content Management Administration Law Enforcement Procedures, promulgated by the Cyberspace Admin. of China (May 2, 2018), effective Jun. 1, 2017")
law("law-cac-enforcement", c22, name="Regulations for Internet Content Management Administration Law Enforcement Procedures",
    title=["互联网信息内容管理行政执法程序规定", "Regulations for Internet Content Management Administration Law Enforcement Procedures"],
    promulgatingBody="pb-cac", promulgationDate=("2018-05-02", "May 2, 2018"), effectiveDate=("2017-06-01", "effective Jun. 1, 2017"),
    lawType="departmental regulation",
    translationUrl="https://chinacopyrightandmedia.wordpress.com/2017/05/02/regulations-for-internet-content-management-administration-law-enforcement-procedures/",
    notes="fn. 22 gives a promulgation date (May 2, 2018) later than the effective date (Jun. 1, 2017); both are kept as given.")
law("law-cac-enforcement", F(22, "effective June 1, 2017"), effectiveDate=("2017-06-01", "effective June 1, 2017"))
law("law-cac-enforcement", F(22, "Under the Cyberspace Administration of China’s (CAC) Regulations for Internet Content Management Administration Law Enforcement Procedures, effective June 1, 2017, China’s Internet regulators are authorized to gather certain “digital evidence” from relevant “units,” which includes electronic data, audio-visual materials, documentary evidence, etc."),
    summary="China’s Internet regulators are authorized to gather certain “digital evidence” from relevant “units,” which includes electronic data, audio-visual materials, documentary evidence, etc.")
prov("prov-cac-enforcement-art-20", "law-cac-enforcement", "20", H(S2 + ", Collection of Content Data & Metadata", "Electronic data includes, but is not limited to, web pages, blogs, microblogs, instant messaging tools, forums, stickers, webs, E-mail, network background, and other means of carrying electronic information or documents (Art. 20)."),
     "Regulations for Internet Content Management Administration Law Enforcement Procedures",
     summary="Electronic data includes, but is not limited to, web pages, blogs, microblogs, instant messaging tools, forums, stickers, webs, E-mail, network background, and other means of carrying electronic information or documents.",
     obligation="definition", effectiveDate=("2017-06-01", "effective June 1, 2017"))
prov("prov-cac-enforcement-art-18", "law-cac-enforcement", "18", H(S2 + ", Collection of Content Data & Metadata", "Units are required to assist and cooperate with any investigation, including by providing information published by ISPs and users, and daily logs (Art. 18)."),
     "Regulations for Internet Content Management Administration Law Enforcement Procedures",
     summary="Units are required to assist and cooperate with any investigation, including by providing information published by ISPs and users, and daily logs.",
     obligation="provide-data-on-request", subjectClass="unit",
     effectiveDate=("2017-06-01", "effective June 1, 2017"))
prov("prov-cac-enforcement-art-18", "law-cac-enforcement", "18", F(22, "Under the Cyberspace Administration of China’s (CAC) Regulations for Internet Content Management Administration Law Enforcement Procedures, effective June 1, 2017, China’s Internet regulators are authorized to gather certain “digital evidence” from relevant “units,” which includes electronic data, audio-visual materials, documentary evidence, etc."),
     "Regulations for Internet Content Management Administration Law Enforcement Procedures",
     subjectDescription="relevant “units”")
prov("prov-cac-enforcement-art-18", "law-cac-enforcement", "18", F(23, "“Unit” in Chinese is “单位,” which includes private enterprises."),
     "Regulations for Internet Content Management Administration Law Enforcement Procedures",
     notes="“Unit” in Chinese is “单位,” which includes private enterprises.")

# Public-opinion security assessment regulation (fn. 25)
c25 = F(25, "Under the Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social Mobilization Capacity (effective November 30, 2018), Internet information service providers with “public opinion nature and social mobilization capacity” must keep “log information for user accounts, operation times, operation types, network source and destination addresses, network source ports, client terminal hardware specifications, and so forth, as well as measures for retaining records of user-published information” (Art.5).")
law("law-public-opinion-assessment", c25,
    name="Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social Mobilization Capacity",
    title="Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social Mobilization Capacity",
    effectiveDate=("2018-11-30", "effective November 30, 2018"), lawType="regulation")
prov("prov-public-opinion-assessment-art-5", "law-public-opinion-assessment", "5", c25,
     "Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social Mobilization Capacity",
     text="log information for user accounts, operation times, operation types, network source and destination addresses, network source ports, client terminal hardware specifications, and so forth, as well as measures for retaining records of user-published information",
     obligation="retain-logs", subjectClass="public-opinion-service-provider",
     subjectDescription="Internet information service providers with “public opinion nature and social mobilization capacity”",
     effectiveDate=("2018-11-30", "effective November 30, 2018"))
# Section 2's metadata sentence carries marker 24 (fn. 24 is the CNet report on
# SenseTime's exposed database); it names no law, so it is a provision of its own
# (like the Party committee requirement) and not one of fn. 25's examples.
c24m = F(24, "Private companies are also required to keep a record of metadata and to store the data for specified periods of time.")
put("prov-metadata-retention-requirement", "LegalProvision", c24m,
    name="Requirement on private companies to keep a record of metadata",
    summary="Private companies are also required to keep a record of metadata and to store the data for specified periods of time.",
    obligation="retain-logs", subjectDescription="Private companies",
    notes="The submission names no law or article for this requirement; the sentence carries footnote 24.")

# The CAC regulations of fn. 27 and the forum regulations (no footnote)
c27 = F(27, "Other service providers of news, online forums, microblogs, are also subject to regulations that impose on them the responsibility to implement real name registration.")
REGS27 = [
    ("law-news-service", "互联新闻信息服务管理规定", "Internet News Service Management Regulations", "pb-cac",
     ("2017-05-02", "May 2, 2017"), ("2017-06-01", "effective Jun. 1, 2017"),
     "https://chinacopyrightandmedia.wordpress.com/2017/05/02/internet-news-information-service-management-regulations-2",
     "《互联新闻信息服务管理规定》 Internet News Service Management Regulations, promulgated by the Cyberspace Admin. of China (May 2, 2017), effective Jun. 1, 2017"),
    ("law-post-comments", "互联网跟帖评论服务管理规定", "Internet Post and Comments Service Management Regulations", "pb-cac",
     ("2017-08-25", "Aug. 25, 2017"), ("2017-10-01", "effective Oct. 1, 2017"),
     "https://www.chinalawtranslate.com/互联网跟帖评论服务管理规定/?lang=en",
     "《互联网跟帖评论服务管理规定》 Internet Post and Comments Service Management Regulations, promulgated by the Cyberspace Admin. of China (Aug. 25, 2017), effective Oct. 1, 2017"),
    ("law-group-info", "互联网用户公众账号信息服务管理规定", "Internet Group Information Service Management Regulations", "pb-cac",
     ("2017-09-07", "Sep. 7, 2017"), ("2017-10-08", "effective Oct. 8, 2017"),
     "https://www.chinalawtranslate.com/互联网群组信息服务管理规定/?lang=en",
     "《互联网用户公众账号信息服务管理规定》 Internet Group Information Service Management Regulations, promulgated by the Cyberspace Admin. of China (Sep. 7, 2017), effective Oct. 8, 2017"),
    ("law-public-account", "互联网用户公众账号信息服务管理规定", "Internet User Public Account Information Service Management Regulations", "pb-cac",
     ("2017-09-07", "Sep. 7, 2017"), ("2017-10-08", "effective Oct. 8, 2017"), None,
     "《互联网用户公众账号信息服务管理规定》 Internet User Public Account Information Service Management Regulations, promulgated by the Cyberspace Admin. of China (Sep. 7, 2017), effective Oct. 8, 2017"),
    ("law-domain-names", "互联网域名管理办法", "Internet Domain Name Management Measures", "pb-miit",
     ("2017-08-24", "Aug. 24, 2017"), ("2017-11-01", "effective Nov. 1, 2017"),
     "https://www.chinalawtranslate.com/互联网域名管理办法/?lang=en",
     "《互联网域名管理办法》 Internet Domain Name Management Measures, promulgated by the Ministry of Indus. and Info. Tech. (Aug. 24, 2017), effective Nov. 1, 2017"),
]
EFF = {}
for lid, zh, en, body, prom, eff, url, quote in REGS27:
    EFF[lid] = eff
    law(lid, F(27, quote), name=en, title=[zh, en], promulgatingBody=body, promulgationDate=prom,
        effectiveDate=eff, lawType=("measures" if "Measures" in en else "departmental regulation"), translationUrl=url)
law("law-group-info", F(27, "HRIC has modified the translation of the names of some of these regulations and passages quoted."),
    notes="fn. 27 gives this regulation the same Chinese title as the Public Account regulations (互联网用户公众账号信息服务管理规定); the translation URL it cites reads 互联网群组信息服务管理规定. Both are kept as given.")
law("law-forum-community", H(S2 + ", Internet Filtering and Censorship", "The Internet Forum Community Service Regulations also set the requirement for inspection systems including “real-time public information patrol” (Art. 5)."),
    name="Internet Forum Community Service Regulations", title="Internet Forum Community Service Regulations",
    notes="The submission gives no footnote, promulgating body or dates for these regulations.")

ART27 = {lid: F(27, q) for lid, q in (
    ("law-news-service", "Internet News Service Management Regulations, promulgated by the Cyberspace Admin. of China (May 2, 2017), effective Jun. 1, 2017, P.R.C., Art. 13"),
    ("law-post-comments", "Internet Post and Comments Service Management Regulations, promulgated by the Cyberspace Admin. of China (Aug. 25, 2017), effective Oct. 1, 2017, P.R.C., Art. 5"),
    ("law-public-account", "Internet User Public Account Information Service Management Regulations, promulgated by the Cyberspace Admin. of China (Sep. 7, 2017), effective Oct. 8, 2017, P.R.C., Art. 6"),
    ("law-domain-names", "Internet Domain Name Management Measures, promulgated by the Ministry of Indus. and Info. Tech. (Aug. 24, 2017), effective Nov. 1, 2017, P.R.C., Art. 30"))}
prov("prov-news-service-art-13", "law-news-service", "13", c27, "Internet News Service Management Regulations", ART27["law-news-service"],
     summary="Real name registration for news service users", obligation="real-name-registration",
     subjectClass="news-service-provider", subjectDescription="service providers of news", effectiveDate=EFF["law-news-service"])
prov("prov-post-comments-art-5", "law-post-comments", "5", c27, "Internet Post and Comments Service Management Regulations", ART27["law-post-comments"],
     obligation="real-name-registration", subjectClass="comment-service-provider",
     effectiveDate=EFF["law-post-comments"])
prov("prov-post-comments-art-5", "law-post-comments", "5", H(S2 + ", Internet Filtering and Censorship", "For example, the Internet Post and Comments Service Management Regulations require service providers to establish such a system for posts and comments, and implement “a screen-before-publishing system” for posts and comments of Internet news information (Art. 5)."),
     "Internet Post and Comments Service Management Regulations",
     text="a screen-before-publishing system", obligation=["real-time-inspection", "screen-before-publishing"],
     subjectDescription="service providers",
     summary="Service providers must establish a “real-time inspection” system for posts and comments, and implement “a screen-before-publishing system” for posts and comments of Internet news information.")
prov("prov-post-comments-art-9", "law-post-comments", "9", H(S2 + ", Credit systems", "For example, providers of Internet services with post and comment functionalities are required to “carry out credit assessments of users’ conduct,” blacklist “seriously untrustworthy” users, and prohibit them from re-registration to access the services again (Internet Post and Comments Service Management Regulations, Art. 9)."),
     "Internet Post and Comments Service Management Regulations",
     text="carry out credit assessments of users’ conduct",
     summary="Providers must carry out credit assessments of users’ conduct, blacklist “seriously untrustworthy” users, and prohibit them from re-registration to access the services again.",
     obligation="credit-assessment-and-blacklisting", subjectClass="comment-service-provider",
     subjectDescription="providers of Internet services with post and comment functionalities", effectiveDate=EFF["law-post-comments"])
prov("prov-public-account-art-6", "law-public-account", "6", c27, "Internet User Public Account Information Service Management Regulations", ART27["law-public-account"],
     obligation="real-name-registration", subjectClass="public-account-service-provider",
     effectiveDate=EFF["law-public-account"])
prov("prov-public-account-art-6", "law-public-account", "6", H(S2 + ", Credit systems", "Similarly, providers of public account information services are obligated to “establish a credit level management system for Internet user public account information service users, and provide services corresponding to credit levels (Internet User Public Account Information Service Management Regulations, Art.6).”"),
     "Internet User Public Account Information Service Management Regulations",
     text="establish a credit level management system for Internet user public account information service users, and provide services corresponding to credit levels",
     obligation="credit-level-management", subjectDescription="providers of public account information services")
prov("prov-public-account-art-12", "law-public-account", "12", H(S2 + ", Internet Filtering and Censorship", "The Internet User Public Account Information Service Management Regulations require service providers to “conduct real-time management of user public accounts’ messages, posts, comments, and other interactive elements” (Art. 12)."),
     "Internet User Public Account Information Service Management Regulations",
     text="conduct real-time management of user public accounts’ messages, posts, comments, and other interactive elements",
     obligation="real-time-inspection", subjectClass="public-account-service-provider",
     subjectDescription="service providers", effectiveDate=EFF["law-public-account"])
prov("prov-group-info-art-7", "law-group-info", "7", H(S2 + ", Tiered management system", "Companies are obligated to implement “hierarchical and categorical management” of Internet groups based on their nature, type, membership scale, and activity level (Internet Group Information Service Management Regulations, Art. 7)."),
     "Internet Group Information Service Management Regulations",
     text="hierarchical and categorical management",
     summary="Companies are obligated to implement “hierarchical and categorical management” of Internet groups based on their nature, type, membership scale, and activity level.",
     obligation="tiered-group-management", subjectClass="group-service-provider",
     subjectDescription="Companies", effectiveDate=EFF["law-group-info"])
prov("prov-group-info-art-8", "law-group-info", "8", H(S2 + ", Tiered management system", "For groups that reach a certain scale, the provisions require an information page listing the group's name, number of members, and its type (Art. 8)."),
     "Internet Group Information Service Management Regulations",
     summary="For groups that reach a certain scale, the provisions require an information page listing the group's name, number of members, and its type.",
     obligation="group-information-page", subjectClass="group-service-provider", effectiveDate=EFF["law-group-info"])
law("law-group-info", H(S2 + ", Tiered management system", "Each group must have a unique identification code."),
    summary="Internet service providers are tasked with monitoring Internet groups through a “tiered management system”; each group must have a unique identification code.")
prov("prov-domain-names-art-30", "law-domain-names", "30", c27, "Internet Domain Name Management Measures", ART27["law-domain-names"],
     obligation="real-name-registration", effectiveDate=EFF["law-domain-names"],
     notes="The submission cites this article for real name registration without naming the bound subject.")
prov("prov-forum-community-art-5", "law-forum-community", "5", H(S2 + ", Internet Filtering and Censorship", "The Internet Forum Community Service Regulations also set the requirement for inspection systems including “real-time public information patrol” (Art. 5)."),
     "Internet Forum Community Service Regulations",
     text="real-time public information patrol", obligation="real-time-inspection", subjectClass="forum-service-provider",
)
prov("prov-forum-community-art-5", "law-forum-community", "5", H(S2 + ", Internet Filtering and Censorship", "Internet service providers are tasked with closely monitoring content on their platforms, often by implementing a “real-time inspection” system."),
     "Internet Forum Community Service Regulations", subjectDescription="Internet service providers")

# Social credit (fn. 28)
c28 = F(28, "The system, often described by Western media as “big brother,” “aims to centralize data platforms into a big data-enabled surveillance infrastructure to manage, monitor, and predict the trustworthiness of citizens, firms, organizations, and governments in China.”")
put("proj-social-credit-system", "Project", c28, country="cn",
    summary="aims to centralize data platforms into a big data-enabled surveillance infrastructure to manage, monitor, and predict the trustworthiness of citizens, firms, organizations, and governments in China.")
csc = H(S2 + ", Credit systems", "In addition to these credit systems, China has announced the construction of a national social credit system, reportedly on track for deployment on the country's 1.4 billion citizens by 2020.")
put("proj-social-credit-system", "Project", csc, name="National social credit system")
put("proj-social-credit-system", "Project", csc, status="alleged",
    notes="Reportedly on track for deployment on the country's 1.4 billion citizens by 2020.")
put("m-social-credit-coverage", "Measurement", csc, status="alleged", subject="proj-social-credit-system",
    metric="population_covered", value=("1400000000", "1.4 billion citizens"), unit="citizens",
    period="by 2020", description="Citizens the national social credit system is reportedly on track to cover by 2020")

# ---------------------------------------------- claims without an entity --
# What the submission says of the industry, the party-state and the framework
# as a whole is kept as a Note with the sentence quoted (and its keywords in
# the submission's words), not spread over entities the sentence does not name.
c2cat = F(2, FN2_LEAD)
put("note-hric-company-categories", "Note", c2cat,
    name="Chinese companies that develop, market, export, deploy, and facilitate surveillance technologies",
    description=FN2_LEAD,
    keywords=["manufacturers of cameras, drones, and other hardware",
              "database owners and operators, including cloud servers",
              "manufacturers and developers of biometrics identification systems",
              "artificial intelligence developers, including facial recognition and gait recognition",
              "urban transport management systems"],
    country="cn")
croles = H(S1, "Within an international human rights framework that treats states and companies as distinct actors with different responsibilities, the multiple roles of China's party-state as regulator, investor, and owner of companies in the surveillance sector also create tensions for all types of companies operating in China.")
put("note-party-state-roles", "Note", croles,
    name="The multiple roles of China's party-state as regulator, investor, and owner",
    description="Within an international human rights framework that treats states and companies as distinct actors with different responsibilities, the multiple roles of China's party-state as regulator, investor, and owner of companies in the surveillance sector also create tensions for all types of companies operating in China.",
    keywords=["regulator", "investor", "owner"], country="cn")
put("note-party-state-roles", "Note", H(INTRO, "The Chinese state, tasked with advancing CPC interests, plays a significant role in the development and domestic deployment of surveillance technologies."),
    summary="The Chinese state, tasked with advancing CPC interests, plays a significant role in the development and domestic deployment of surveillance technologies.")
ccomp = H(S2, "Specifically, companies must comply with various provisions related to collecting, storing and analyzing data; real name registration for users; monitoring and removing user-generated content deemed illegal; and specific technological requirements.")
put("note-compliance-provisions", "Note", ccomp,
    name="Provisions companies must comply with (section 2)",
    description="Specifically, companies must comply with various provisions related to collecting, storing and analyzing data; real name registration for users; monitoring and removing user-generated content deemed illegal; and specific technological requirements.",
    keywords=["collecting, storing and analyzing data", "real name registration for users",
              "monitoring and removing user-generated content deemed illegal", "specific technological requirements"],
    country="cn")
put("note-compliance-provisions", "Note", H(S2, "In performing their roles, companies must develop and deploy a range of surveillance technologies including hardware, software, and code expertise such as algorithmic engineering and other AI applications."),
    summary="In performing their roles, companies must develop and deploy a range of surveillance technologies including hardware, software, and code expertise such as algorithmic engineering and other AI applications.")

# The credit-system paragraph and the censored-content procedure name no one
# law: provisions of their own (no `law`, no `subjectClass`: the submission
# says "certain Internet service providers" / "the Internet service providers"
# without saying which), with the examples it gives as notes.
ccr = H(S2 + ", Credit systems", "Certain Internet service providers are obligated to establish a credit system for their users based on their online behavior. Users are divided into categories based on their credit scores and are then provided with different levels of access to services and functionalities according to their scores.")
put("prov-isp-credit-systems", "LegalProvision", ccr,
    name="Credit systems for users of certain Internet service providers",
    summary="Certain Internet service providers are obligated to establish a credit system for their users based on their online behavior. Users are divided into categories based on their credit scores and are then provided with different levels of access to services and functionalities according to their scores.",
    obligation="establish-user-credit-system", subjectDescription="Certain Internet service providers",
    notes="The submission names no single law for this paragraph; it gives the Internet Post and Comments Service Management Regulations, Art. 9, and the Internet User Public Account Information Service Management Regulations, Art. 6, as examples.")
ccen = H(S2 + ", Internet Filtering and Censorship", "In addition to monitoring, regulatory provisions place primary responsibility on the Internet service providers to control the dissemination of “illegal content.” Service providers are responsible for keeping a record of censored content and reporting it to relevant departments. The process often follows a procedure in which service providers delete information, stop its transmission, create a record, and report it to relevant departments.")
put("prov-isp-censored-content-procedure", "LegalProvision", ccen,
    name="Control of “illegal content”: delete, stop transmission, keep a record, report",
    summary="Regulatory provisions place primary responsibility on the Internet service providers to control the dissemination of “illegal content.” Service providers are responsible for keeping a record of censored content and reporting it to relevant departments. The process often follows a procedure in which service providers delete information, stop its transmission, create a record, and report it to relevant departments.",
    obligation="stop-delete-record-report", subjectDescription="the Internet service providers",
    authorityServed="relevant departments",
    notes="The submission names no single law for this procedure; it quotes the Cybersecurity Law, Art. 47, for network operators who discover prohibited information.")

src.write("01_hric_sources.csv")
rec.write("02_hric_record.csv")
