"""The EHC process (DOMAIN.md, "The EHC process"): each step's applicability and date, the
appealable decision, the mediation-certificate route, late council duties and bad combinations."""

from __future__ import annotations

from datetime import date
from datetime import date as D
from typing import Any

import pytest

from planner.rules import ehc
from planner.rules.answers import AnswersError, answers_to_dict, parse_answers
from planner.rules.ehc_milestones import EHC_RULES, LATE_ACTION
from planner.rules.i18n import EnglishLocalizer
from planner.rules.milestones import build_milestones
from planner.rules.types import Answers, EhcDates

EN = EnglishLocalizer()
DOB = D(2015, 5, 5)
REQUEST = D(2026, 2, 2)  # a Monday


def milestones(today: date, **answers: Any) -> dict[str, Any]:
    ms = build_milestones(Answers(date_of_birth=DOB, ehc=EhcDates(**answers)), today, EN)
    return {m.id: m for m in ms}


def dates(today: date, **answers: Any) -> dict[str, date]:
    return {k: m.date for k, m in milestones(today, **answers).items() if k in EHC_IDS}


EHC_IDS = {rule.id for rule in EHC_RULES}


# --- Each step: applies when, and its date ------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "today", "expected"),
    [
        pytest.param(
            {"assessment_requested_on": REQUEST},
            D(2026, 2, 10),
            {"ehcna_decision": D(2026, 3, 16), "ehcna_final_plan": D(2026, 6, 22)},
            id="request-only:-6-and-20-weeks",
        ),
        pytest.param(
            {
                "assessment_requested_on": REQUEST,
                "assessment_decision": "assess",
                "assessment_decision_on": D(2026, 3, 10),
            },
            D(2026, 3, 20),
            {"ehcna_no_plan_notice": D(2026, 5, 25), "ehcna_final_plan": D(2026, 6, 22)},
            id="agreed-to-assess:-16-week-notice",
        ),  # fmt: skip
        pytest.param(
            {"assessment_requested_on": REQUEST, "assessment_decision": "assess"},
            D(2026, 3, 20),
            {"ehcna_no_plan_notice": D(2026, 5, 25), "ehcna_final_plan": D(2026, 6, 22)},
            id="a-decision-without-its-date-still-counts",
        ),
        pytest.param(
            {
                "assessment_requested_on": REQUEST,
                "assessment_decision": "refuse",
                "assessment_decision_on": D(2026, 3, 10),
            },
            D(2026, 3, 20),
            {"mediation_adviser": D(2026, 5, 10), "appeal_deadline": D(2026, 5, 11)},
            id="refused-to-assess:-appeal-not-final-plan",
        ),  # fmt: skip
        pytest.param(
            {
                "assessment_requested_on": REQUEST,
                "assessment_decision": "assess",
                "plan_decision": "refuse",
                "plan_decision_on": D(2026, 5, 1),
            },
            D(2026, 5, 2),
            {"mediation_adviser": D(2026, 7, 1), "appeal_deadline": D(2026, 7, 1)},
            id="refused-to-make-a-plan",
        ),  # fmt: skip
        pytest.param(
            {
                "assessment_requested_on": REQUEST,
                "assessment_decision": "assess",
                "plan_decision": "issue",
                "draft_served_on": D(2026, 5, 20),
            },
            D(2026, 5, 21),
            {"draft_response": D(2026, 6, 3), "ehcna_final_plan": D(2026, 6, 22)},
            id="draft-served:-15-days-beginning-that-day",
        ),  # fmt: skip
        pytest.param(
            {
                "assessment_requested_on": REQUEST,
                "draft_served_on": D(2026, 5, 20),
                "final_plan_on": D(2026, 6, 15),
            },
            D(2026, 6, 16),
            {
                "annual_review_due": D(2027, 6, 14),
                "mediation_adviser": D(2026, 8, 15),
                "appeal_deadline": D(2026, 9, 1),
            },
            id="final-plan:-review-clock-and-appeal-moved-out-of-august",
        ),  # fmt: skip
        pytest.param(
            {"final_plan_on": D(2024, 3, 1), "last_review_date": D(2026, 1, 20)},
            D(2026, 1, 21),
            {
                "annual_review_due": D(2027, 1, 19),
                "review_report_due": D(2026, 2, 3),
                "review_decision_due": D(2026, 2, 17),
            },
            id="recent-review,-nothing-recorded",
        ),  # fmt: skip
        pytest.param(
            {"final_plan_on": D(2024, 3, 1), "last_review_date": D(2025, 9, 1)},
            D(2026, 1, 21),
            {"annual_review_due": D(2026, 8, 31)},
            id="review-over-12-weeks-ago,-nothing-recorded",
        ),
        pytest.param(
            {"last_review_date": D(2025, 9, 1), "review_decision": "waiting"},
            D(2025, 9, 2),
            {
                "annual_review_due": D(2026, 8, 31),
                "review_report_due": D(2025, 9, 15),
                "review_decision_due": D(2025, 9, 29),
            },
            id="waiting-for-the-decision",
        ),  # fmt: skip
        pytest.param(
            {
                "last_review_date": D(2026, 1, 12),
                "review_decision": "keep",
                "review_decision_on": D(2026, 2, 2),
            },
            D(2026, 2, 3),
            {
                "annual_review_due": D(2027, 1, 11),
                "mediation_adviser": D(2026, 4, 2),
                "appeal_deadline": D(2026, 4, 2),
            },
            id="kept-unchanged:-appealable",
        ),  # fmt: skip
        pytest.param(
            {
                "last_review_date": D(2026, 1, 12),
                "review_decision": "amend",
                "review_decision_on": D(2026, 2, 2),
                "amendments_served_on": D(2026, 2, 2),
            },
            D(2026, 2, 3),
            {
                "annual_review_due": D(2027, 1, 11),
                "amendment_response": D(2026, 2, 16),
                "amended_plan_due": D(2026, 3, 30),
            },
            id="amend:-8-weeks-from-the-notice",
        ),  # fmt: skip
        pytest.param(
            {
                "last_review_date": D(2026, 1, 12),
                "review_decision": "amend",
                "amendments_served_on": D(2026, 3, 2),
            },
            D(2026, 3, 3),
            {
                "annual_review_due": D(2027, 1, 11),
                "amendment_response": D(2026, 3, 16),
                "amended_plan_due": D(2026, 4, 6),
            },
            id="amend:-12-weeks-from-the-review-when-earlier",
        ),  # fmt: skip
        pytest.param(
            {"last_review_date": D(2026, 1, 12), "review_decision": "amend"},
            D(2026, 1, 13),
            {"annual_review_due": D(2027, 1, 11), "amended_plan_due": D(2026, 4, 6)},
            id="amend-without-a-notice-date",
        ),
        pytest.param(
            {
                "last_review_date": D(2026, 1, 12),
                "review_decision": "amend",
                "amendments_served_on": D(2026, 2, 2),
                "final_plan_on": D(2026, 3, 20),
            },
            D(2026, 3, 21),
            {
                "annual_review_due": D(2027, 1, 11),
                "mediation_adviser": D(2026, 5, 20),
                "appeal_deadline": D(2026, 5, 20),
            },
            id="amended-plan-issued",
        ),  # fmt: skip
        pytest.param(
            {
                "last_review_date": D(2026, 1, 12),
                "review_decision": "cease",
                "review_decision_on": D(2026, 2, 2),
            },
            D(2026, 2, 3),
            {"annual_review_due": D(2027, 1, 11)},
            id="cease-is-a-proposal:-no-appeal-yet",
        ),  # fmt: skip
    ],
)
def test_each_step(answers: dict[str, Any], today: date, expected: dict[str, date]) -> None:
    assert dates(today, **answers) == expected


# --- The appealable decision and the mediation certificate ---------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param({}, None, id="none"),
        pytest.param({"decision_sent_on": D(2026, 1, 5)}, D(2026, 1, 5), id="any-decision-letter"),
        pytest.param(
            {
                "assessment_requested_on": D(2025, 12, 1),
                "assessment_decision": "assess",
                "assessment_decision_on": D(2026, 1, 5),
            },
            None,
            id="agreeing-to-assess-is-not-appealable",
        ),  # fmt: skip
        pytest.param(
            {
                "last_review_date": D(2026, 1, 1),
                "review_decision": "amend",
                "review_decision_on": D(2026, 1, 20),
            },
            None,
            id="deciding-to-amend-is-not-appealable-yet",
        ),  # fmt: skip
        pytest.param(
            {"final_plan_on": D(2025, 6, 1), "decision_sent_on": D(2026, 2, 1)},
            D(2026, 2, 1),
            id="the-latest-wins",
        ),
        pytest.param(
            {"final_plan_on": D(2026, 3, 1), "decision_sent_on": D(2026, 2, 1)},
            D(2026, 3, 1),
            id="the-latest-wins-either-way",
        ),
    ],
)
def test_appealable_decision(answers: dict[str, Any], expected: date | None) -> None:
    assert ehc.appealable_decision(EhcDates(**answers)) == expected


@pytest.mark.parametrize(
    ("certificate", "expected"),
    [
        pytest.param(None, D(2026, 3, 12), id="no-certificate:-2-months"),
        pytest.param(D(2026, 1, 20), D(2026, 3, 12), id="early-certificate:-2-months-is-later"),
        pytest.param(D(2026, 3, 1), D(2026, 4, 1), id="late-certificate:-1-month-from-it"),
        pytest.param(D(2026, 7, 10), D(2026, 9, 1), id="certificate-route-lands-in-august"),
        pytest.param(D(2026, 11, 28), D(2027, 1, 4), id="certificate-route-lands-at-christmas"),
        pytest.param(D(2025, 12, 1), D(2026, 3, 12), id="certificate-before-decision-ignored"),
    ],
)
def test_appeal_deadline_with_a_mediation_certificate(
    certificate: date | None, expected: date
) -> None:
    answers = EhcDates(decision_sent_on=D(2026, 1, 12), mediation_certificate_on=certificate)
    assert ehc.appeal_deadline(answers) == expected


# --- Late council duties -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "listed", "late"),
    [
        pytest.param(D(2026, 3, 16), True, False, id="on-the-day:-not-late"),
        pytest.param(D(2026, 3, 17), True, True, id="the-day-after:-late"),
        pytest.param(D(2026, 9, 14), True, True, id="26-weeks-after:-still-listed"),
        pytest.param(D(2026, 9, 15), False, False, id="then-it-drops"),
    ],
)
def test_a_late_council_duty_stays_for_26_weeks(today: date, listed: bool, late: bool) -> None:
    got = milestones(today, assessment_requested_on=REQUEST)
    assert ("ehcna_decision" in got) is listed
    if listed:
        m = got["ehcna_decision"]
        assert m.late is late
        assert m.to_dict().get("late", False) is late
        assert m.date == D(2026, 3, 16)


def test_a_late_duty_says_so_and_what_to_do() -> None:
    m = milestones(D(2026, 4, 1), assessment_requested_on=REQUEST)["ehcna_decision"]
    assert "late" in m.title
    # The date is shown beside the text (as for every milestone); the text gives the start.
    assert m.date == D(2026, 3, 16) and "2 February 2026" in m.summary
    assert m.action == LATE_ACTION
    for words in ("in writing", "advice and support service", "Ombudsman", "judicial review"):
        assert words in m.action
    assert "10 working days" in m.action
    assert m.reminders == ()  # every reminder date has passed


def test_family_actions_drop_the_day_after() -> None:
    assert "draft_response" not in milestones(
        D(2026, 6, 4), assessment_requested_on=REQUEST, draft_served_on=D(2026, 5, 20)
    )


@pytest.mark.parametrize("rule", EHC_RULES, ids=lambda r: r.id)
def test_council_duties_and_only_they_can_be_late(rule: Any) -> None:
    assert (rule.late_summary is not None) is (rule.kind == "council_deadline")
    if rule.late_summary:
        assert rule.late_title and "late" in rule.late_title
        assert "education, health and care (EHC)" in rule.late_summary or "EHC" not in (
            rule.late_summary
        )


# --- Answers: every key, and combinations that cannot be true ------------------------------------

TODAY = D(2026, 6, 1)


def parse(ehc_answers: dict[str, Any]) -> Answers:
    return parse_answers({"date_of_birth": "2015-05-05", "ehc": ehc_answers}, TODAY)


def test_every_ehc_key_round_trips() -> None:
    raw = {
        "assessment_requested_on": "2026-01-05",
        "assessment_decision": "assess",
        "assessment_decision_on": "2026-02-10",
        "plan_decision": "issue",
        "plan_decision_on": "2026-04-01",
        "draft_served_on": "2026-04-01",
        "final_plan_on": "2026-05-15",
        "last_review_date": "2026-05-20",
        "review_decision": "waiting",
        "review_decision_on": "2026-05-28",
        "amendments_served_on": "2026-05-28",
        "decision_sent_on": "2026-05-15",
        "mediation_certificate_on": "2026-05-30",
    }
    answers = parse(raw)
    assert answers_to_dict(answers)["ehc"] == raw
    assert parse(answers_to_dict(answers)["ehc"]) == answers


@pytest.mark.parametrize(
    ("ehc_answers", "field", "words"),
    [
        pytest.param(
            {"final_plan_on": "2026-01-01", "assessment_requested_on": "2026-02-01"},
            "ehc.final_plan_on",
            "ehc.assessment_requested_on",
            id="final-plan-before-the-request",
        ),  # fmt: skip
        pytest.param(
            {
                "assessment_decision_on": "2026-06-02",
                "assessment_decision": "assess",
                "assessment_requested_on": "2026-01-01",
            },
            "ehc.assessment_decision_on",
            "today or in the past",
            id="decision-in-the-future",
        ),  # fmt: skip
        pytest.param(
            {"review_decision": "keep"},
            "ehc.review_decision",
            "ehc.last_review_date",
            id="review-decision-without-a-review",
        ),  # fmt: skip
        pytest.param(
            {"review_decision_on": "2026-05-01", "last_review_date": "2026-04-01"},
            "ehc.review_decision_on",
            "ehc.review_decision",
            id="decision-date-without-the-decision",
        ),  # fmt: skip
        pytest.param(
            {
                "last_review_date": "2026-04-01",
                "review_decision": "keep",
                "review_decision_on": "2026-03-01",
            },
            "ehc.review_decision_on",
            "ehc.last_review_date",
            id="review-decision-before-the-review",
        ),  # fmt: skip
        pytest.param(
            {"assessment_decision": "assess"},
            "ehc.assessment_decision",
            "ehc.assessment_requested_on",
            id="decision-without-a-request",
        ),  # fmt: skip
        pytest.param(
            {
                "assessment_requested_on": "2026-01-01",
                "assessment_decision": "refuse",
                "plan_decision": "issue",
            },
            "ehc.plan_decision",
            "refuse",
            id="plan-decision-after-refusing-to-assess",
        ),  # fmt: skip
        pytest.param(
            {"assessment_decision": "maybe", "assessment_requested_on": "2026-01-01"},
            "ehc.assessment_decision",
            "assess, refuse",
            id="unknown-choice",
        ),  # fmt: skip
        pytest.param(
            {"review_decision": 3},
            "ehc.review_decision",
            "keep, amend, cease, waiting",
            id="choice-not-text",
        ),  # fmt: skip
        pytest.param(
            {"mediation_certificate_on": "2026-02-30"},
            "ehc.mediation_certificate_on",
            "real date",
            id="not-a-real-date",
        ),  # fmt: skip
        pytest.param(
            {"plan_decided": "issue"},
            "ehc.plan_decided",
            "not a known EHC answer",
            id="unknown-key",
        ),  # fmt: skip
        pytest.param(
            {"draft_served_on": "2014-01-01"},
            "ehc.draft_served_on",
            "after the date of birth",
            id="before-birth",
        ),  # fmt: skip
    ],
)
def test_bad_combinations_name_the_field(
    ehc_answers: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        parse(ehc_answers)
    assert field in caught.value.errors, caught.value.errors
    assert words in caught.value.errors[field]
