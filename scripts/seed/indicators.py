#!/usr/bin/env python3
"""Writes data/seed/40_hric_framework.csv and data/seed/41_hric_assessments.csv.

40: an indicator framework drawn from the recommendations of the HRIC submission
(../shared/seed/hric-submission.txt): each indicator quotes the sentence it comes
from (its `sourceText`, cited to the submission), each element is a question
that sentence asks of a company.

41: Oversight's assessment of each company of footnote 2 and China Mobile on
every element, from the facts on record (data/seed). Where the record holds
nothing for an element the answer is "no disclosure found" - never a blank,
and never a disclosure the record does not hold.

The framework's choices (indicator wording, elements, weights, scoring) cite
Oversight's framework Document (doc-oversight-ifw-hric-v1); every answer
cites the assessment round's Document (doc-oversight-asmt-hric-2019-r1: date,
method, assessor, framework version), and an answer resting on a fact of the
record also cites that fact's footnote (a `description` statement). The
submission is cited only for what it says: the recommendation each indicator
quotes (`sourceText`).

Every quote is checked against the submission. Python 3 standard library only;
the output is committed, so the tests need neither this script nor ../shared.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
from common import Bundle  # noqa: E402

from submission import check, check_cited  # noqa: E402


def REC(quote):
    check(quote)
    return ("hric-submission", f'hric-submission, recommendations: "{quote}"')


def FN(n, quote):
    check_cited(n, quote)
    return (f"hric-fn-{n:02d}", f'fn. {n}: "{quote}"')


FW = "ifw-hric-2019"
YEAR = "2019"  # the record assessed is the submission's (its sources run to Feb. 2019)

# Oversight's own work, as Documents: the framework (its indicators, element
# wording, weights and scoring are Oversight's choices) and each assessment
# round (who assessed, when, how, against which version). The submission is
# cited only for what it says: the recommendation each indicator quotes.
FW_DOC = "doc-oversight-ifw-hric-v1"
FW_VERSION = "1"
FW_DATE = "2026-11-27"  # first written (git history of scripts/seed/indicators.py)
ROUND_DOC = "doc-oversight-asmt-hric-2019-r1"
ROUND_DATE = "2026-12-07"  # this round's answers, re-checked against the corrected record
ROUND_METHOD = (
    "Desk review of the bundled record (data/seed: the HRIC submission, its footnotes and the list and curated "
    "files) for each company of fn. 2 and China Mobile, on every element of framework ifw-hric-2019 version 1. "
    "An element is answered from a fact the record holds about the company (the answer cites this document; the "
    "fact's own footnote is cited beside it); where the record holds nothing on the element the answer is "
    "\"no disclosure found\". No company website, report or other source outside the record was consulted, "
    "so \"no disclosure found\" means none in the record, not that the company discloses nothing.")
FW_SELF = (FW_DOC, "scripts/seed/indicators.py (the framework's definition)")
ROUND_SELF = (ROUND_DOC, "scripts/seed/indicators.py (the assessment round's definition)")

# ---- the framework ------------------------------------------------------------

R1 = ("Further research, conceptual work and analysis should be conducted on the conflicts and tensions "
      "presented by surveillance industry regulatory frameworks in authoritarian restrictive states, including "
      "developing a typology of the different forms of companies, including ownership structures and effective "
      "control elements.")
R3 = ("States should set clear guidelines for all judicial and law enforcement agencies on the primacy of "
      "adhering to international standards on the protection of freedom of expression and privacy rights in "
      "relation to surveillance, including safeguards to prevent political interference in the judicial and "
      "criminal justice processes.")
R4A = ("Companies, including private, state-owned, or companies with significant state investment should "
       "formulate company policies and operational guidelines to include human rights impact assessments during "
       "development and deployment of any surveillance technologies to ensure safeguarding individuals' right to "
       "opinion, expression and privacy in accordance with international standards.")
R4B = "These policies, guidelines and results of HRIAs should be publicly available."

CATEGORIES = {
    "P": "Policy and due diligence",
    "T": "Transparency",
    "S": "Safeguards in relation to surveillance",
}

# code, category, label, what it asks of a company, source sentence, note on the derivation, elements
# element: (code, question, reversed)
INDICATORS = [
    ("H1", "P", "Human rights policy",
     "The company should formulate company policies to ensure safeguarding individuals' right to opinion, "
     "expression and privacy in accordance with international standards.", R4A, None, [
         ("H1.1", "Does the company have a company policy committing it to safeguard individuals' right to opinion "
                  "and expression in accordance with international standards?", False),
         ("H1.2", "Does the company have a company policy committing it to safeguard individuals' right to privacy "
                  "in accordance with international standards?", False),
         ("H1.3", "Does the policy apply to the development and deployment of the company's surveillance "
                  "technologies?", False),
     ]),
    ("H2", "P", "Operational guidelines",
     "The company should formulate operational guidelines that include human rights impact assessments during "
     "development and deployment of any surveillance technologies.", R4A, None, [
         ("H2.1", "Does the company have operational guidelines that put its human rights policy into practice?", False),
         ("H2.2", "Do the operational guidelines include human rights impact assessments during the development and "
                  "deployment of surveillance technologies?", False),
     ]),
    ("H3", "P", "Human rights impact assessments of surveillance technologies",
     "The company should conduct human rights impact assessments during development and deployment of any "
     "surveillance technologies.", R4A, None, [
         ("H3.1", "Does the company conduct human rights impact assessments during the development of its "
                  "surveillance technologies?", False),
         ("H3.2", "Does the company conduct human rights impact assessments during the deployment of its "
                  "surveillance technologies?", False),
         ("H3.3", "Do the assessments cover any surveillance technology the company develops or deploys, not only "
                  "some?", False),
     ]),
    ("H4", "T", "Public availability of policies, guidelines and HRIA results",
     "The company's human rights policies, operational guidelines and the results of its HRIAs should be publicly "
     "available.", R4B, None, [
         ("H4.1", "Is the company's human rights policy publicly available?", False),
         ("H4.2", "Are the company's operational guidelines publicly available?", False),
         ("H4.3", "Are the results of the company's human rights impact assessments publicly available?", False),
     ]),
    ("H5", "T", "Ownership structure and effective control",
     "The company should disclose its ownership structure and the elements of effective control over it.", R1,
     "The recommendation asks for a typology of companies by ownership structure and effective control "
     "elements; the elements ask the company for the disclosure such a typology needs.", [
         ("H5.1", "Does the company disclose its ownership structure, including any shareholding of the state?", False),
         ("H5.2", "Does the company disclose the elements of effective control over it, such as a Party "
                  "organization within the company or management appointed by the state?", False),
     ]),
    ("H6", "S", "Government demands and safeguards against political interference",
     "The company should disclose how it handles demands of judicial and law enforcement agencies in relation to "
     "surveillance, adhering to international standards on freedom of expression and privacy, with safeguards "
     "against political interference.", R3,
     "The recommendation is addressed to states; the elements ask the corresponding disclosure of a company that "
     "receives the demands of those agencies.", [
         ("H6.1", "Does the company disclose how it responds to demands of judicial and law enforcement agencies for "
                  "user data or technical assistance?", False),
         ("H6.2", "Does the company disclose that in responding to such demands it adheres to international "
                  "standards on freedom of expression and privacy?", False),
         ("H6.3", "Does the company disclose safeguards against political interference in how it handles such "
                  "demands?", False),
     ]),
    ("H7", "S", "Privacy safeguarded in practice",
     "The company's surveillance technologies should safeguard individuals' right to privacy.", R4A,
     "Reversed elements: a yes counts against the company; only a disclosed and credible no would earn credit.", [
         ("H7.1", "Do the company's products give the government access to data without user permission?", True),
         ("H7.2", "Has personal data held by the company been left exposed without protection?", True),
     ]),
]

# ---- the companies and the facts on record that answer an element -------------

COMPANIES = [
    ("co-hikvision", "Hikvision"), ("co-dahua", "Dahua Technology"), ("co-sensetime", "SenseTime"),
    ("co-megvii", "Megvii"), ("co-yitu", "Yitu Technology"), ("co-eyecool", "Eyecool"),
    ("co-intellifusion", "Intellifusion"), ("co-isvision", "Isvision Technologies"),
    ("co-seetatech", "SeetaTech"), ("co-china-mobile", "China Mobile"),
]

# (company, element) -> (answer, citation, status, why)
ON_RECORD = {
    ("co-hikvision", "H5.1"): (
        "partial", FN(9, "Hikvision CEO Admits Hikvision is a State-Owned Company"), "asserted",
        "Hikvision's CEO acknowledged that it is a state-owned company (the report of fn. 9); the record holds no "
        "disclosure of its ownership structure or shareholders by the company."),
    ("co-dahua", "H5.1"): (
        "partial", FN(3, "Dahua Technology is a publicly listed company on the Shenzhen Stock Exchange based in "
                         "Zhejiang"), "asserted",
        "Dahua's own \"About Us\" page (fn. 3) says it is listed on the Shenzhen Stock Exchange; the record holds "
        "no disclosure of its shareholders or of any state shareholding by the company."),
    ("co-hikvision", "H7.1"): (
        "yes", FN(10, "According to media reports, Hikvision technology is alleged to include deliberate security "
                      "flaws that allow the PRC government access to data without user permission"), "alleged",
        "Alleged, according to media reports (fn. 10): deliberate security flaws that allow the PRC government "
        "access to data without user permission."),
    ("co-sensetime", "H7.2"): (
        "yes", FN(24, "The company had reportedly left more than 2.5 million records containing personal "
                      "information and locations logged (more than 6.8 million in a 24 hour period) without any "
                      "password protection."), "alleged",
        "Reportedly (fn. 24): a facial recognition database maintained by SenseTime left more than 2.5 million "
        "records with personal information and locations without any password protection."),
}

def fw_doc(b):
    """The framework as a Document of Oversight's."""
    b.add(FW_DOC, "Document", "name", "Oversight indicator framework ifw-hric-2019, version 1", *FW_SELF)
    b.add(FW_DOC, "Document", "title",
          "Indicators for companies and surveillance technologies, drawn from the HRIC submission's recommendations",
          *FW_SELF)
    b.add(FW_DOC, "Document", "author", "Oversight", *FW_SELF)
    b.add(FW_DOC, "Document", "date", FW_DATE, *FW_SELF)
    b.add(FW_DOC, "Document", "generator", "scripts/seed/indicators.py", *FW_SELF)
    b.add(FW_DOC, "Document", "summary", f"framework {FW}, version {FW_VERSION}", *FW_SELF)
    b.add(FW_DOC, "Document", "description",
          "Oversight's framework: seven indicators, each quoting the recommendation of the HRIC submission it is "
          "drawn from; the indicators' wording, the element questions, the categories, the weights (1 per element) "
          "and the scoring (yes, partial, no, no disclosure found, not applicable: 100, 50, 0, 0, excluded; "
          "reversed elements yes 0, no 100) are Oversight's choices, not HRIC's.", *FW_SELF)


def round_doc(b):
    """The assessment round as a Document of Oversight's."""
    b.add(ROUND_DOC, "Document", "name", "Oversight assessment of the HRIC companies, round 1", *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "title",
          "Assessment of the companies of the HRIC submission (fn. 2) and China Mobile against framework "
          "ifw-hric-2019 version 1", *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "author", "Oversight", *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "date", ROUND_DATE, *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "generator", "scripts/seed/indicators.py", *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "summary", f"framework {FW}, version {FW_VERSION}; record assessed: {YEAR}",
          *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "description", ROUND_METHOD, *ROUND_SELF)
    b.add(ROUND_DOC, "Document", "notes", f"the framework assessed against: {FW_DOC}", *ROUND_SELF)


def main():
    fw = Bundle("oversight_indicators")
    fw_doc(fw)
    fw.add(FW, "IndicatorFramework", "name", "HRIC recommendations: companies and surveillance technologies",
           FW_DOC, f"{FW_DOC}: the framework")
    fw.add(FW, "IndicatorFramework", "description",
           "Indicators drawn from the recommendations of the HRIC submission on surveillance technology; each "
           "indicator quotes the recommendation it comes from. Answers yes, partial, no, no disclosure found, not "
           "applicable score 100, 50, 0, 0, excluded; reversed elements yes 0, no 100.",
           FW_DOC, f"{FW_DOC}: the framework")
    fw.add(FW, "IndicatorFramework", "publisher", "Oversight", FW_DOC, f"{FW_DOC}: the framework")
    head = REC("In that light, HRIC respectfully advances the following recommendations:")
    fw.add(FW, "IndicatorFramework", "notes",
           "Drawn from the recommendations of the HRIC submission (section \"Recommendations\").", *head)
    for code, cat, label, text, sentence, note, elements in INDICATORS:
        iid = f"ind-hric-{code.lower()}"
        mine = (FW_DOC, f"{FW_DOC}: indicator {code}")
        fw.add(iid, "Indicator", "name", f"{code}. {label}", *mine)
        fw.add(iid, "Indicator", "indicatorFramework", FW, *mine)
        fw.add(iid, "Indicator", "indicatorCode", code, *mine)
        fw.add(iid, "Indicator", "categoryCode", cat, *mine)
        fw.add(iid, "Indicator", "categoryLabel", CATEGORIES[cat], *mine)
        fw.add(iid, "Indicator", "scoringScope", "company", *mine)
        fw.add(iid, "Indicator", "description", text, *mine)
        # the one thing the submission says here: the recommendation, quoted
        fw.add(iid, "Indicator", "sourceText", sentence, *REC(sentence))
        if note:
            fw.add(iid, "Indicator", "notes", note, *mine)
        for ecode, question, reversed_ in elements:
            eid = f"iel-hric-{ecode.lower().replace('.', '-')}"
            el = (FW_DOC, f"{FW_DOC}: element {ecode}")
            fw.add(eid, "IndicatorElement", "name", f"{ecode} {question}", *el)
            fw.add(eid, "IndicatorElement", "elementIndicator", iid, *el)
            fw.add(eid, "IndicatorElement", "elementCode", ecode, *el)
            fw.add(eid, "IndicatorElement", "question", question, *el)
            fw.add(eid, "IndicatorElement", "reversedScoring", "true" if reversed_ else "false", *el)
            fw.add(eid, "IndicatorElement", "elementWeight", "1", *el)
    fw.write("40_hric_framework.csv")

    asm = Bundle("oversight_assessments_hric")
    round_doc(asm)
    counts = {}
    for cid, cname in COMPANIES:
        for code, _cat, _label, _text, _sentence, _note, elements in INDICATORS:
            for ecode, _q, _rev in elements:
                eid = f"iel-hric-{ecode.lower().replace('.', '-')}"
                aid = f"asmt-hric-{cid[3:]}-{ecode.lower().replace('.', '-')}"
                cite = (ROUND_DOC, f"{ROUND_DOC}: {cname}, element {ecode}")
                found = ON_RECORD.get((cid, ecode))
                if found:
                    answer, fact, status, why = found
                else:
                    answer, fact, status = "no disclosure found", None, "asserted"
                    why = (f"The record (the HRIC submission and data/seed) holds no disclosure by {cname} on this "
                           "element. Oversight's assessment: no source outside the record was consulted.")
                counts[answer] = counts.get(answer, 0) + 1
                asm.add(aid, "Assessment", "name", f"{cname}: {ecode}", *cite)
                asm.add(aid, "Assessment", "assessedEntity", cid, *cite)
                asm.add(aid, "Assessment", "assessedElement", eid, *cite)
                asm.add(aid, "Assessment", "answer", answer, *cite, status=status)
                asm.add(aid, "Assessment", "assessmentYear", YEAR, *cite)
                asm.add(aid, "Assessment", "summary", why, *cite, status=status)
                if fact:
                    # the fact the answer rests on, with its own footnote
                    asm.add(aid, "Assessment", "description", why, *fact, status=status)
    asm.write("41_hric_assessments.csv")
    print("answers:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
