"""Short and plain (issue 19, point 3), measured on real plans for a table of varied families.

The plan's own text is what we write: milestone titles, summaries and actions, next steps, and
section items that are not services. For every family, with every topic (no topics chosen means
all that apply): at most 1,500 words, Flesch-Kincaid grade at most 6, no sentence over 25 words,
every acronym spelled out on first use in each section (each milestone, and the next steps, count
as a section of their own), and a young person who answered is never called "your child".
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.rules.answers import parse_answers
from planner.rules.plan import build_plan
from planner.rules.types import Plan
from tests.rules.readability import measure, sentences, words

TODAY = date(2026, 12, 2)
MAX_WORDS = 1500
MAX_GRADE = 6.0
MAX_SENTENCE_WORDS = 25
# Well known enough to stand alone (GOV.UK style guide: "NHS" needs no spelling out).
KNOWN = {"NHS"}

EVERY_EHC_DATE = {
    "last_review_date": "2026-05-01",
    "assessment_requested_on": "2026-10-01",
    "draft_served_on": "2026-11-25",
    "decision_sent_on": "2026-11-20",
}

FAMILIES = {
    "baby with an EHC plan and DLA": {
        "date_of_birth": "2025-06-01",
        "support": "ehc_plan",
        "receives_dla": True,
    },
    "summer-born 3-year-old, SEN support": {
        "date_of_birth": "2023-07-10",
        "setting": "early_years",
        "support": "sen_support",
    },
    "4-year-old with a plan and a review": {
        "date_of_birth": "2022-05-01",
        "setting": "early_years",
        "support": "ehc_plan",
        "ehc": {"last_review_date": "2026-06-01"},
    },
    "Year 2 at an infant school, EHC plan": {
        "date_of_birth": "2019-01-10",
        "setting": "mainstream_primary",
        "support": "ehc_plan",
        "school_type": "infant",
    },
    "Year 5 at a first school, plan, DLA": {
        "date_of_birth": "2016-02-10",
        "setting": "mainstream_primary",
        "support": "ehc_plan",
        "school_type": "first",
        "receives_dla": True,
    },
    "Year 6 after the secondary deadline": {
        "date_of_birth": "2016-03-10",
        "setting": "mainstream_primary",
        "support": "sen_support",
    },
    "Year 9, plan, DLA, every EHC date": {
        "date_of_birth": "2012-10-10",
        "support": "ehc_plan",
        "receives_dla": True,
        "needs": ["cognition_learning", "social_emotional_mental_health"],
        "ehc": EVERY_EHC_DATE,
    },
    "14-year-old answering for themselves": {
        "date_of_birth": "2012-10-10",
        "respondent": "young_person",
        "support": "sen_support",
        "receives_dla": True,
    },
    "Year 10, assessment asked for": {
        "date_of_birth": "2011-01-10",
        "support": "assessment_requested",
        "receives_dla": True,
        "ehc": {"assessment_requested_on": "2026-11-01"},
    },
    # The EHC process's late council duties (issue 15) read as plainly as the rest.
    "Year 9, the council late with four EHC duties": {
        "date_of_birth": "2012-10-10",
        "support": "ehc_plan",
        "ehc": {"assessment_requested_on": "2026-06-01", "last_review_date": "2026-10-01"},
    },
    "Year 5, an amended plan late after the review": {
        "date_of_birth": "2016-02-10",
        "support": "ehc_plan",
        "ehc": {
            "last_review_date": "2026-09-01",
            "review_decision": "amend",
            "review_decision_on": "2026-09-25",
            "amendments_served_on": "2026-09-25",
        },
    },
    "Year 11, plan, wants a job": {
        "date_of_birth": "2010-12-10",
        "setting": "mainstream_secondary",
        "support": "ehc_plan",
        "receives_dla": True,
        "goals": ["employment"],
    },
    "taught a year behind, plan": {
        "date_of_birth": "2011-12-10",
        "year_group": 9,
        "support": "ehc_plan",
        "respondent": "professional",
    },
    "17 at college, answering, plan": {
        "date_of_birth": "2009-10-10",
        "respondent": "young_person",
        "setting": "college",
        "support": "ehc_plan",
        "receives_dla": True,
    },
    "17 at college, parent not sure": {
        "date_of_birth": "2009-04-10",
        "setting": "college",
        "support": "not_sure",
    },
    "19 at university, plan": {
        "date_of_birth": "2007-05-10",
        "setting": "higher_education",
        "support": "ehc_plan",
        "goals": ["higher_education"],
    },
    "22, apprentice, answering": {
        "date_of_birth": "2004-05-10",
        "respondent": "young_person",
        "setting": "apprenticeship",
        "support": "ehc_plan",
        "goals": ["apprenticeship", "volunteering"],
    },
    "25 with a plan, no support answer": {
        "date_of_birth": "2001-12-20",
        "setting": "college",
    },
}


def plan_for(answers: dict[str, object]) -> Plan:
    return build_plan(parse_answers(answers, TODAY), TODAY)


def blocks(plan: Plan) -> list[list[str]]:
    """The plan's own text in reading units: the next steps, each milestone, each section."""
    out = [[step.text for step in plan.next_steps]]
    out += [[m.title, m.summary, m.action] for m in plan.milestones]
    out += [[i.text for i in s.items if i.kind != "service"] for s in plan.sections]
    return out


def own_text(plan: Plan) -> list[str]:
    return [text for block in blocks(plan) for text in block]


@pytest.mark.parametrize("name", FAMILIES)
def test_plan_is_short(name: str) -> None:
    reading = measure(own_text(plan_for(FAMILIES[name])))
    assert reading.words <= MAX_WORDS, f"{name}: {reading.words} words"


@pytest.mark.parametrize("name", FAMILIES)
def test_plan_reads_at_grade_6_or_below(name: str) -> None:
    reading = measure(own_text(plan_for(FAMILIES[name])))
    assert reading.grade <= MAX_GRADE, f"{name}: grade {reading.grade:.2f}"


@pytest.mark.parametrize("name", FAMILIES)
def test_no_sentence_over_25_words(name: str) -> None:
    for text in own_text(plan_for(FAMILIES[name])):
        for sentence in sentences(text):
            assert len(words(sentence)) <= MAX_SENTENCE_WORDS, sentence


@pytest.mark.parametrize("name", FAMILIES)
def test_acronyms_spelled_out_on_first_use_in_each_section(name: str) -> None:
    plan = plan_for(FAMILIES[name])
    titles = [""] * (1 + len(plan.milestones)) + [s.title for s in plan.sections]
    for title, block in zip(titles, blocks(plan), strict=True):
        text = " ".join([title, *block])
        seen: set[str] = set()
        for found in re.finditer(r"\b[A-Z]{2,}\b", text):
            acronym = found.group()
            if acronym in KNOWN or acronym in seen:
                continue
            seen.add(acronym)
            # First use: right after its words, in brackets ("special educational needs (SEN)").
            assert text[found.start() - 1 : found.end() + 1] == f"({acronym})", (acronym, text)


@pytest.mark.parametrize("name", FAMILIES)
def test_send_is_spelled_out(name: str) -> None:
    text = " ".join(own_text(plan_for(FAMILIES[name])))
    if re.search(r"\bSEND\b", text):
        assert "special educational needs and disabilities (SEND)" in text


@pytest.mark.parametrize(
    "name", [n for n, a in FAMILIES.items() if a.get("respondent") == "young_person"]
)
def test_a_young_person_who_answered_is_you(name: str) -> None:
    text = " ".join(own_text(plan_for(FAMILIES[name]))).lower()
    assert "your child" not in text
    assert " you " in text


def test_the_meter_measures() -> None:
    # The meter itself: a plain sentence scores low, a heavy one high, and words are counted.
    plain = measure(["You can ask the school for help. It is free."])
    heavy = measure(
        [
            "Notwithstanding applicable statutory considerations, individualised "
            "educational accommodations necessitate comprehensive multidisciplinary "
            "documentation."
        ]
    )
    assert plain.words == 10 and plain.sentences == 2
    assert plain.grade < 3 < MAX_GRADE < heavy.grade
