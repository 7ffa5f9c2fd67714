"""plan/v1 `next_steps`: at most five things to do first, each with its date (issue 19, point 1)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.rules.answers import parse_answers
from planner.rules.milestones import RULES
from planner.rules.next_steps import CONTACT_ADVICE, TALK_TO_SENCO
from planner.rules.plan import build_plan
from planner.rules.types import NextStep

TODAY = date(2026, 12, 2)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def steps(answers: dict[str, object], today: date = TODAY) -> tuple[NextStep, ...]:
    return build_plan(parse_answers(answers, today), today).next_steps


@pytest.mark.parametrize(
    ("answers", "today", "expected"),
    [
        pytest.param(
            {"date_of_birth": "2016-03-10", "support": "sen_support"},
            date(2026, 9, 10),
            [
                ("Apply for a secondary school place", date(2026, 10, 31), "secondary_application"),
                ("Ask the school who leads on careers", date(2027, 9, 1), "year7_careers"),
            ],
            id="year-6-before-the-deadline",
        ),
        pytest.param(
            {
                "date_of_birth": "2012-10-10",
                "support": "ehc_plan",
                "ehc": {
                    "last_review_date": "2026-05-01",
                    "draft_served_on": "2026-11-25",
                    "decision_sent_on": "2026-11-20",
                },
            },
            TODAY,
            [
                ("Reply to the draft plan", date(2026, 12, 9), "draft_response"),
                ("Get your appeal to the tribunal in time", date(2027, 1, 20), "appeal_deadline"),
                ("Contact a mediation adviser", date(2027, 1, 20), "mediation_adviser"),
                ("Check the date of the next review", date(2027, 4, 30), "annual_review_due"),
            ],
            id="ehc-dates-in-date-order",
        ),
        pytest.param(
            {"date_of_birth": "2010-10-10", "receives_dla": True},
            date(2026, 11, 20),
            [
                # Still in the claim window (16th birthday + 8 weeks): first, though dated earlier.
                ("Claim Personal Independence Payment", date(2026, 10, 10), "pip_claim"),
                (
                    "Read the council's statement on travel after 16",
                    date(2027, 5, 31),
                    "post16_transport_statement",
                ),
                (
                    "Talk with your child about making their own choices",
                    date(2027, 6, 25),
                    "csa_end",
                ),
                (
                    "Tell the Child Benefit Office about plans after 16",
                    date(2027, 8, 31),
                    "child_benefit_16",
                ),
                (
                    "Check for an offer of a place after Year 11",
                    date(2027, 9, 30),
                    "september_guarantee",
                ),
            ],
            id="at-most-five",
        ),
        pytest.param(
            {"date_of_birth": "2010-10-10", "respondent": "young_person"},
            date(2027, 6, 1),
            [
                ("Choose who will help you make choices", date(2027, 6, 25), "csa_end"),
                (
                    "Tell the Child Benefit Office about plans after 16",
                    date(2027, 8, 31),
                    "child_benefit_16",
                ),
                (
                    "Check for an offer of a place after Year 11",
                    date(2027, 9, 30),
                    "september_guarantee",
                ),
            ],
            id="young-person-voice",
        ),
    ],
)
def test_next_steps(
    answers: dict[str, object], today: date, expected: list[tuple[str, date, str]]
) -> None:
    got = [(s.text, s.date, s.milestone_id) for s in steps(answers, today)]
    assert got == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Nothing in the next 12 months: one undated step, the most useful thing to do.
        ({"date_of_birth": "2018-05-01", "support": "sen_support"}, TALK_TO_SENCO),
        ({"date_of_birth": "2018-05-01", "support": "ehc_plan"}, CONTACT_ADVICE),
        ({"date_of_birth": "2003-05-01"}, CONTACT_ADVICE),
    ],
)
def test_nothing_due_gives_one_useful_step(answers: dict[str, object], expected: str) -> None:
    assert steps(answers) == (NextStep(text=expected),)


@pytest.mark.parametrize("age", range(0, 26))
def test_always_one_to_five_in_date_order_within_12_months(age: int) -> None:
    for support in ("ehc_plan", "sen_support"):
        got = steps(
            {"date_of_birth": f"{2026 - age}-06-15", "support": support, "receives_dla": True}
        )
        assert 1 <= len(got) <= 5
        dated = [s.date for s in got if s.date is not None]
        assert dated == sorted(dated)
        assert all(d <= date(2027, 12, 2) for d in dated)


def test_step_text_is_short_imperative_and_dateless() -> None:
    for rule in RULES:
        for text in (rule.step, rule.step_yp):
            if text is None:
                continue
            assert len(text.split()) <= 10, text
            assert not re.search(MONTHS, text), text
            assert text[0].isupper() and not text.endswith("."), text
            assert "your child" not in text.lower() or rule.step_yp, rule.id


def test_next_steps_are_in_the_json() -> None:
    plan = build_plan(parse_answers({"date_of_birth": "2016-03-10"}, TODAY), TODAY)
    assert plan.to_dict()["next_steps"][0] == {
        "text": "Ask the school who leads on careers",
        "date": "2027-09-01",
        "milestone_id": "year7_careers",
    }
