"""Milestones and the plan builder, checked against dates worked out by hand from DOMAIN.md.

Each `expected` table lists *every* milestone the child should get, so a milestone that wrongly
applies (or wrongly does not) fails the test as surely as a wrong date.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.rules.i18n import EnglishLocalizer
from planner.rules.milestones import MILESTONE_IDS, RULES, build_milestones, reminder_dates
from planner.rules.types import (
    SUPPORT,
    Answers,
    Context,
    EhcDates,
    Localizer,
    Plan,
    Section,
    ServiceRecord,
)

D = date
EN = EnglishLocalizer()
BuildPlan = Callable[..., Plan]


def dates_of(answers: Answers, today: date) -> dict[str, date]:
    return {m.id: m.date for m in build_milestones(answers, today, EN)}


# --- Every milestone for a few children -----------------------------------------------------------

# Born 15 March 2014 (cohort 2013), in Year 7 on 10 January 2026.
CHILD_A_EHC = {
    "year8_careers": D(2026, 9, 1),
    "health_transition_planning": D(2027, 9, 1),
    "year9_pfa_review": D(2027, 9, 1),
    "continuing_care_14": D(2028, 3, 15),
    "pip_claim": D(2030, 3, 15),  # 16th birthday
    "phase_post16": D(2030, 3, 30),  # before 31 March of the year Year 12 starts
    # No post16_transport_statement below Year 9 (issue 19).
    "csa_end": D(2030, 6, 28),  # 30 June 2030 is a Sunday
    "child_benefit_16": D(2030, 8, 31),
    "september_guarantee": D(2030, 9, 30),
    "adult_care_assessment": D(2032, 3, 14),  # the day before the 18th birthday
    "age18_adult_services": D(2032, 3, 15),
    "plan_end_25": D(2039, 7, 31),  # 25 on 15 March 2039: that academic year ends 31 July
}
CHILD_A_SEN_SUPPORT = {
    k: v
    for k, v in CHILD_A_EHC.items()
    if k not in {"year9_pfa_review", "phase_post16", "pip_claim", "plan_end_25"}
}

# Born 29 February 2012 (cohort 2011), in Year 9 on 10 January 2026.
CHILD_LEAP = {
    "continuing_care_14": D(2026, 3, 1),  # no 29 February in 2026
    "pip_claim": D(2028, 2, 29),  # 2028 is a leap year
    "phase_post16": D(2028, 3, 30),
    "post16_transport_statement": D(2028, 5, 31),
    "csa_end": D(2028, 6, 30),  # 30 June 2028 is a Friday
    "child_benefit_16": D(2028, 8, 31),
    "september_guarantee": D(2028, 9, 30),
    "adult_care_assessment": D(2030, 2, 28),  # 18 on 1 March 2030
    "age18_adult_services": D(2030, 3, 1),
    "plan_end_25": D(2037, 7, 31),  # 25 on 1 March 2037
}

# Born 10 June 2022 (cohort 2021), in nursery on 10 January 2026.
CHILD_NURSERY_NO_PLAN = {
    "reception_application": D(2026, 1, 15),
    "csa_start": D(2027, 8, 31),  # 5th birthday 10 June 2027
    "secondary_application": D(2032, 10, 31),
    "year7_careers": D(2033, 9, 1),
    "year8_careers": D(2034, 9, 1),
    "health_transition_planning": D(2035, 9, 1),
    "continuing_care_14": D(2036, 6, 10),
    "csa_end": D(2038, 6, 25),  # 30 June 2038 is a Wednesday
    "child_benefit_16": D(2038, 8, 31),
    "september_guarantee": D(2038, 9, 30),
    "adult_care_assessment": D(2040, 6, 9),
    "age18_adult_services": D(2040, 6, 10),
}
CHILD_NURSERY_EHC = {
    **{
        k: v
        for k, v in CHILD_NURSERY_NO_PLAN.items()
        if k not in {"reception_application", "secondary_application"}
    },
    "phase_ey_school": D(2026, 2, 14),
    "phase_primary_secondary": D(2033, 2, 14),
    "year9_pfa_review": D(2035, 9, 1),
    "phase_post16": D(2038, 3, 30),
    "plan_end_25": D(2047, 7, 31),  # 25 on 10 June 2047
}

# Born 5 May 2015 (cohort 2014), in Year 6 on 1 March 2026, with an EHC assessment under way.
CHILD_EHC_PROCESS = {
    "draft_response": D(2026, 3, 6),  # 15 days beginning with 20 February (reg 13(1)(a))
    "annual_review_due": D(2026, 3, 14),  # 12 months starting with 15 March 2025 (s.44(1))
    # No ehcna_decision: a draft plan served after the request shows the council decided.
    "appeal_deadline": D(2026, 3, 31),  # 31 January + 2 months, a Tuesday
    "mediation_adviser": D(2026, 3, 31),
    "ehcna_final_plan": D(2026, 6, 22),  # 2 February + 20 weeks
    "year7_careers": D(2026, 9, 1),
    "year8_careers": D(2027, 9, 1),
    "health_transition_planning": D(2028, 9, 1),
    "continuing_care_14": D(2029, 5, 5),
    "csa_end": D(2031, 6, 27),
    "child_benefit_16": D(2031, 8, 31),
    "september_guarantee": D(2031, 9, 30),
    "adult_care_assessment": D(2033, 5, 4),
    "age18_adult_services": D(2033, 5, 5),
}
EHC_PROCESS = EhcDates(
    last_review_date=D(2025, 3, 15),
    assessment_requested_on=D(2026, 2, 2),
    draft_served_on=D(2026, 2, 20),
    decision_sent_on=D(2026, 1, 31),
)


@pytest.mark.parametrize(
    ("answers", "today", "expected"),
    [
        pytest.param(
            Answers(date_of_birth=D(2014, 3, 15), support="ehc_plan", receives_dla=True),
            D(2026, 1, 10),
            CHILD_A_EHC,
            id="year-7-with-ehc-plan-and-dla",
        ),
        pytest.param(
            Answers(date_of_birth=D(2014, 3, 15), support="sen_support"),
            D(2026, 1, 10),
            CHILD_A_SEN_SUPPORT,
            id="year-7-sen-support",
        ),
        pytest.param(
            Answers(date_of_birth=D(2012, 2, 29), support="ehc_plan", receives_dla=True),
            D(2026, 1, 10),
            CHILD_LEAP,
            id="born-29-february",
        ),
        pytest.param(
            Answers(date_of_birth=D(2022, 6, 10)),
            D(2026, 1, 10),
            CHILD_NURSERY_NO_PLAN,
            id="nursery-no-support-answer",
        ),
        pytest.param(
            Answers(date_of_birth=D(2022, 6, 10), support="ehc_plan"),
            D(2026, 1, 10),
            CHILD_NURSERY_EHC,
            id="nursery-with-ehc-plan",
        ),
        pytest.param(
            Answers(date_of_birth=D(2015, 5, 5), support="assessment_requested", ehc=EHC_PROCESS),
            D(2026, 3, 1),
            CHILD_EHC_PROCESS,
            id="ehc-assessment-under-way",
        ),
    ],
)
def test_every_milestone(answers: Answers, today: date, expected: dict[str, date]) -> None:
    assert dates_of(answers, today) == expected


@pytest.mark.parametrize(
    ("dob", "today", "application", "year7"),
    [
        pytest.param(
            D(2015, 8, 31), D(2025, 9, 1), D(2025, 10, 31), D(2026, 9, 1), id="31-aug-in-year-6"
        ),
        pytest.param(
            D(2015, 9, 1), D(2025, 9, 1), D(2026, 10, 31), D(2027, 9, 1), id="1-sep-in-year-5"
        ),
    ],
)
def test_cohort_boundary(dob: date, today: date, application: date, year7: date) -> None:
    got = dates_of(Answers(date_of_birth=dob), today)
    assert got["secondary_application"] == application
    assert got["year7_careers"] == year7


@pytest.mark.parametrize(
    ("dob", "today", "expected"),
    [
        pytest.param(D(2015, 1, 20), D(2025, 9, 10), D(2026, 2, 14), id="year-6-ehc"),
    ],
)
def test_phase_primary_secondary(dob: date, today: date, expected: date) -> None:
    got = dates_of(Answers(date_of_birth=dob, support="ehc_plan"), today)
    assert got["phase_primary_secondary"] == expected
    assert "secondary_application" not in got


# --- Year group override --------------------------------------------------------------------------


def test_year_group_override_moves_year_based_milestones_only() -> None:
    # Born 10 October 2012: Year 8 on 10 January 2026, but taught in Year 7 (a year behind).
    dob, today = D(2012, 10, 10), D(2026, 1, 10)
    own_year = dates_of(Answers(date_of_birth=dob, support="ehc_plan"), today)
    behind = dates_of(Answers(date_of_birth=dob, support="ehc_plan", year_group=7), today)
    assert behind == {
        # Year-based: the 2013 cohort.
        "year8_careers": D(2026, 9, 1),
        "health_transition_planning": D(2027, 9, 1),
        "year9_pfa_review": D(2027, 9, 1),
        "phase_post16": D(2030, 3, 30),
        # Taught in Year 7: no post-16 transport statement yet.
        "september_guarantee": D(2030, 9, 30),
        # Age-based: the date of birth.
        "continuing_care_14": D(2026, 10, 10),
        "csa_end": D(2029, 6, 29),  # 16 in October 2028: June 2029; 30 June 2029 is a Saturday
        "child_benefit_16": D(2029, 8, 31),
        "adult_care_assessment": D(2030, 10, 9),
        "age18_adult_services": D(2030, 10, 10),
        "plan_end_25": D(2038, 7, 31),  # 25 on 10 October 2037
    }
    assert own_year["year9_pfa_review"] == D(2026, 9, 1)
    assert own_year["phase_post16"] == D(2029, 3, 30)
    assert own_year["csa_end"] == behind["csa_end"]
    assert "year8_careers" not in own_year  # already started in September 2025


# --- Applicability --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "today", "present"),
    [
        pytest.param(D(2010, 10, 1), D(2022, 6, 1), True, id="year-7-from-sep-2022"),
        pytest.param(D(2009, 10, 1), D(2021, 6, 1), False, id="year-7-from-sep-2021"),
    ],
)
def test_year7_careers_only_from_september_2022(dob: date, today: date, present: bool) -> None:
    got = dates_of(Answers(date_of_birth=dob), today)
    assert ("year7_careers" in got) is present
    if present:
        assert got["year7_careers"] == D(2022, 9, 1)
    assert got["year8_careers"] == D(today.year + 1, 9, 1)


@pytest.mark.parametrize("support", [*SUPPORT, None], ids=str)
def test_ehc_plan_milestones_follow_support(support: str | None) -> None:
    got = dates_of(Answers(date_of_birth=D(2022, 6, 10), support=support), D(2026, 1, 10))
    with_plan = {"phase_ey_school", "phase_primary_secondary", "year9_pfa_review", "phase_post16"}
    without_plan = {"reception_application", "secondary_application"}
    if support == "ehc_plan":
        assert with_plan | {"plan_end_25"} <= got.keys()
        assert not without_plan & got.keys()
    else:
        assert without_plan <= got.keys()
        assert not (with_plan | {"plan_end_25"}) & got.keys()


def test_pip_claim_only_with_dla() -> None:
    dob, today = D(2014, 3, 15), D(2026, 1, 10)
    assert "pip_claim" not in dates_of(Answers(date_of_birth=dob), today)
    assert dates_of(Answers(date_of_birth=dob, receives_dla=True), today)["pip_claim"] == D(
        2030, 3, 15
    )


def test_ehc_clocks_before_the_2014_reforms_do_not_apply() -> None:
    # Before 1 September 2014 there were statements, with other timescales: no guessed date.
    ehc = EhcDates(assessment_requested_on=D(2014, 8, 1), decision_sent_on=D(2014, 8, 1))
    got = dates_of(Answers(date_of_birth=D(2000, 3, 1), ehc=ehc), D(2014, 8, 2))
    assert not {"ehcna_decision", "ehcna_final_plan", "appeal_deadline"} & got.keys()


# --- Appeal deadline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        pytest.param(D(2026, 3, 5), D(2026, 5, 5), id="5-may-after-bank-holiday-is-fine"),
        pytest.param(D(2026, 2, 6), D(2026, 4, 7), id="easter-monday"),
        pytest.param(D(2026, 3, 25), D(2026, 5, 26), id="late-may-bank-holiday"),
        pytest.param(D(2026, 1, 7), D(2026, 3, 9), id="saturday"),
        pytest.param(D(2025, 12, 31), D(2026, 3, 2), id="month-end-then-saturday"),
        pytest.param(D(2026, 6, 10), D(2026, 9, 1), id="august"),
        pytest.param(D(2026, 6, 30), D(2026, 9, 1), id="august-sunday"),
        pytest.param(D(2029, 6, 20), D(2029, 9, 3), id="august-1-sep-is-saturday"),
        pytest.param(D(2026, 10, 25), D(2027, 1, 4), id="christmas-day"),
        pytest.param(D(2027, 11, 1), D(2028, 1, 4), id="new-years-day-substitute-3-jan"),
        pytest.param(D(2026, 10, 24), D(2026, 12, 24), id="christmas-eve-unchanged"),
    ],
)
def test_appeal_deadline(decision: date, expected: date) -> None:
    ehc = EhcDates(decision_sent_on=decision)
    got = dates_of(Answers(date_of_birth=D(2015, 5, 5), ehc=ehc), decision)
    assert got["appeal_deadline"] == expected


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        pytest.param(D(2025, 12, 31), D(2026, 2, 28), id="month-end-not-moved-off-saturday"),
        pytest.param(D(2026, 6, 10), D(2026, 8, 10), id="august-not-moved"),
        pytest.param(D(2026, 2, 6), D(2026, 4, 6), id="easter-monday-not-moved"),
    ],
)
def test_mediation_adviser_is_plain_calendar_months(decision: date, expected: date) -> None:
    ehc = EhcDates(decision_sent_on=decision)
    got = dates_of(Answers(date_of_birth=D(2015, 5, 5), ehc=ehc), decision)
    assert got["mediation_adviser"] == expected


# --- Today, sorting and reminders -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "present"),
    [
        pytest.param(D(2026, 9, 1), True, id="on-the-day-included"),
        pytest.param(D(2026, 9, 2), False, id="day-after-dropped"),
    ],
)
def test_milestone_on_today_is_included(today: date, present: bool) -> None:
    got = dates_of(Answers(date_of_birth=D(2014, 3, 15)), today)
    assert ("year8_careers" in got) is present


def test_sorted_by_date_then_id() -> None:
    ms = build_milestones(Answers(date_of_birth=D(2015, 5, 5), ehc=EHC_PROCESS), D(2026, 3, 1), EN)
    keys = [(m.date, m.id) for m in ms]
    assert keys == sorted(keys)
    ids = [m.id for m in ms]
    # Same day: ids in alphabetical order.
    assert ids.index("appeal_deadline") + 1 == ids.index("mediation_adviser")
    a = [
        m.id
        for m in build_milestones(Answers(D(2014, 3, 15), support="ehc_plan"), D(2026, 1, 10), EN)
    ]
    assert a.index("health_transition_planning") + 1 == a.index("year9_pfa_review")


@pytest.mark.parametrize(
    ("milestone_id", "today", "expected"),
    [
        # Council deadline: 8 weeks before, 2 weeks before, the day after; 8 weeks is past.
        pytest.param(
            "ehcna_final_plan",
            D(2026, 3, 1),
            (D(2026, 4, 27), D(2026, 6, 8), D(2026, 6, 23)),
            id="council-deadline",
        ),
        # Family action: 6 weeks, 2 weeks, 3 days before; only 3 days is still ahead.
        pytest.param("draft_response", D(2026, 3, 1), (D(2026, 3, 3),), id="family-action-late"),
        pytest.param(
            "appeal_deadline",
            D(2026, 3, 1),
            (D(2026, 3, 17), D(2026, 3, 28)),
            id="family-action-6-weeks-past",
        ),
        # A reminder falling on today is kept.
        pytest.param(
            "mediation_adviser",
            D(2026, 3, 17),
            (D(2026, 3, 17), D(2026, 3, 28)),
            id="reminder-today-kept",
        ),
        # Age milestone: 8 weeks before.
        pytest.param("year7_careers", D(2026, 3, 1), (D(2026, 7, 7),), id="age-8-weeks"),
        pytest.param("year7_careers", D(2026, 7, 8), (), id="age-reminder-past"),
    ],
)
def test_reminders(milestone_id: str, today: date, expected: tuple[date, ...]) -> None:
    # The 6-week decision is only owed while no draft has come since the request.
    ehc = replace(EHC_PROCESS, draft_served_on=None) if milestone_id == "ehcna_decision" else None
    ms = build_milestones(Answers(date_of_birth=D(2015, 5, 5), ehc=ehc or EHC_PROCESS), today, EN)
    assert {m.id: m.reminders for m in ms}[milestone_id] == expected


@pytest.mark.parametrize(
    ("draft", "decision", "listed"),
    [
        (None, None, True),
        (None, D(2026, 1, 31), True),  # a letter from before the request
        (D(2026, 2, 20), None, False),
        (None, D(2026, 2, 2), False),  # a decision on the day of the request
    ],
)
def test_ehcna_decision_only_while_nothing_has_happened(
    draft: date | None, decision: date | None, listed: bool
) -> None:
    ehc = EhcDates(
        assessment_requested_on=D(2026, 2, 2), draft_served_on=draft, decision_sent_on=decision
    )
    got = dates_of(Answers(date_of_birth=D(2015, 5, 5), ehc=ehc), D(2026, 2, 25))
    assert ("ehcna_decision" in got) is listed


def test_council_lead_times_change_reminders() -> None:
    from planner.rules.types import LeadTimes

    lead = LeadTimes(age=(7, 1))
    assert reminder_dates(D(2026, 9, 1), "age", D(2026, 1, 1), lead) == (
        D(2026, 8, 25),
        D(2026, 8, 31),
    )


# --- Structure and text ---------------------------------------------------------------------------


FAMILY_ACTIONS = {
    "reception_application",
    "junior_middle_application",
    "secondary_application",
    "pip_claim",
    "draft_response",
    "appeal_deadline",
    "mediation_adviser",
    "amendment_response",
}
COUNCIL_DEADLINES = {
    "phase_ey_school",
    "phase_infant_junior",
    "phase_first_middle",
    "phase_middle_high",
    "phase_primary_secondary",
    "phase_post16",
    "annual_review_due",
    "ehcna_decision",
    "ehcna_final_plan",
    "ehcna_no_plan_notice",
    "review_report_due",
    "review_decision_due",
    "amended_plan_due",
}


def test_ids_are_the_plan_v1_contract() -> None:
    assert set(MILESTONE_IDS) == {
        "csa_start",
        "reception_application",
        "phase_ey_school",
        "secondary_application",
        "phase_primary_secondary",
        "year7_careers",
        "year8_careers",
        "year9_pfa_review",
        "health_transition_planning",
        "continuing_care_14",
        "phase_post16",
        "post16_transport_statement",
        "september_guarantee",
        "csa_end",
        "pip_claim",
        "child_benefit_16",
        "adult_care_assessment",
        "age18_adult_services",
        "plan_end_25",
        "annual_review_due",
        "ehcna_decision",
        "ehcna_final_plan",
        "draft_response",
        "mediation_adviser",
        "appeal_deadline",
        "ehcna_no_plan_notice",
        "review_report_due",
        "review_decision_due",
        "amendment_response",
        "amended_plan_due",
        # Issue 19: the other phase transfers (SEND Regs 2014 reg 2, 18(1)(b)) and their
        # applications, for families at an infant, first or middle school.
        "junior_middle_application",
        "phase_infant_junior",
        "phase_first_middle",
        "phase_middle_high",
    }
    assert len(MILESTONE_IDS) == len(set(MILESTONE_IDS))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_milestone_has_refs_kind_and_plain_text(rule: Any) -> None:
    assert rule.refs and all(ref.strip() for ref in rule.refs)
    expected_kind = (
        "family_action"
        if rule.id in FAMILY_ACTIONS
        else "council_deadline"
        if rule.id in COUNCIL_DEADLINES
        else "age"
    )
    assert rule.kind == expected_kind
    texts = (rule.title, rule.summary, rule.action, rule.title_yp, rule.summary_yp, rule.action_yp)
    for text in texts:
        if text is not None:
            assert "traineeship" not in text.lower()
    # A summary spells out "EHC" the first time it uses it.
    spelled = "education, health and care ("
    for summary in (rule.summary, rule.summary_yp):
        if summary and "EHC" in summary:
            assert summary.index("EHC") == summary.index(spelled + "EHC") + len(spelled)


class _Shouty:
    """A fake catalogue: proves every string goes through gettext and dates through format_date."""

    language = "xx"

    def gettext(self, message: str) -> str:
        return message.upper().replace("%(DATE)S", "%(date)s").replace("%(START)S", "%(start)s")

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def format_date(self, value: date) -> str:
        return f"<{value.isoformat()}>"


def test_text_is_translated_and_dates_formatted() -> None:
    ms = build_milestones(
        Answers(date_of_birth=D(2015, 5, 5), ehc=EHC_PROCESS), D(2026, 3, 1), _Shouty()
    )
    draft = {m.id: m for m in ms}["draft_response"]
    assert draft.title == draft.title.upper()
    # The milestone's own date is shown beside it, so the text carries only the start date.
    assert draft.date == D(2026, 3, 6)
    assert "<2026-02-20>" in draft.summary
    for m in ms:
        assert "%(" not in m.title + m.summary + m.action


def test_english_text_uses_gov_uk_dates() -> None:
    ms = build_milestones(Answers(date_of_birth=D(2015, 5, 5), ehc=EHC_PROCESS), D(2026, 3, 1), EN)
    draft = {m.id: m for m in ms}["draft_response"]
    assert "20 February 2026" in draft.summary


# --- build_plan -----------------------------------------------------------------------------------


def _stub_build_sections(
    ctx: Context, loc: Localizer, services: Sequence[ServiceRecord]
) -> tuple[Section, ...]:
    return ()


@pytest.fixture(scope="module")
def build_plan() -> Iterator[BuildPlan]:
    """The real build_plan; with a stand-in for sections.py until that module exists."""
    with pytest.MonkeyPatch.context() as mp:
        try:
            import planner.rules.sections  # noqa: F401
        except ModuleNotFoundError:
            stub = types.ModuleType("planner.rules.sections")
            stub.build_sections = _stub_build_sections  # type: ignore[attr-defined]
            mp.setitem(sys.modules, "planner.rules.sections", stub)
            mp.delitem(sys.modules, "planner.rules.plan", raising=False)
        from planner.rules.plan import build_plan as real

        yield real


@pytest.mark.parametrize(
    ("answers", "today", "expected"),
    [
        pytest.param(
            Answers(date_of_birth=D(2014, 3, 15)),
            D(2026, 1, 10),
            (11, 7, "Year 7", "KS3", "secondary"),
            id="year-7",
        ),
        pytest.param(
            Answers(date_of_birth=D(2012, 10, 10), year_group=7),
            D(2026, 1, 10),
            (13, 7, "Year 7", "KS3", "secondary"),
            id="override-a-year-behind",
        ),
        pytest.param(
            Answers(date_of_birth=D(2022, 6, 10)),
            D(2026, 1, 10),
            (3, -1, "Nursery", "EYFS", "early_years"),
            id="nursery",
        ),
        pytest.param(
            Answers(date_of_birth=D(2020, 10, 1)),
            D(2026, 1, 10),
            (5, 0, "Reception", "EYFS", "primary"),
            id="reception",
        ),
        pytest.param(
            Answers(date_of_birth=D(2025, 12, 1)),
            D(2026, 1, 10),
            (0, None, "Not yet at school", None, "early_years"),
            id="baby",
        ),
        pytest.param(
            Answers(date_of_birth=D(2009, 5, 1)),
            D(2026, 1, 10),
            (16, 12, "Year 12", "post-16", "post16"),
            id="year-12",
        ),
        pytest.param(
            Answers(date_of_birth=D(2005, 5, 1)),
            D(2026, 1, 10),
            (20, None, "Left school", None, "adult"),
            id="adult",
        ),
    ],
)
def test_young_person(
    build_plan: BuildPlan, answers: Answers, today: date, expected: tuple[Any, ...]
) -> None:
    yp = build_plan(answers, today).young_person
    assert (yp.age, yp.year_group, yp.year_label, yp.key_stage, yp.phase) == expected


def test_plan_shape(build_plan: BuildPlan) -> None:
    answers = Answers(date_of_birth=D(2014, 3, 15), support="ehc_plan", receives_dla=True)
    plan = build_plan(answers, D(2026, 1, 10))
    out = plan.to_dict()
    assert out["schema"] == "plan/v1"
    assert out["generated_on"] == "2026-01-10"
    assert out["language"] == "en"
    assert [m["id"] for m in out["milestones"]][:3] == [
        "year8_careers",
        "health_transition_planning",
        "year9_pfa_review",
    ]
    assert out["milestones"][0]["reminders"] == ["2026-07-07"]


@pytest.mark.parametrize("dob", [D(2010, 3, 1), D(2012, 3, 1)], ids=["age-16", "age-13"])
def test_young_person_voice_whatever_their_age(build_plan: BuildPlan, dob: date) -> None:
    # Issue 19, point 10: the respondent decides the voice, so a 13-year-old who answered is
    # "you" too, and no milestone calls them "your child".
    today = D(2026, 3, 2)
    parent = build_plan(Answers(date_of_birth=dob, respondent="parent_carer"), today)
    own = build_plan(Answers(date_of_birth=dob, respondent="young_person"), today)
    assert {m.id: m.summary for m in parent.milestones}["csa_end"].startswith(
        "After this date, your child"
    )
    assert {m.id: m.summary for m in own.milestones}["csa_end"].startswith("After this date, you")
    for m in own.milestones:
        assert "your child" not in (m.title + m.summary + m.action).lower(), m.id


@pytest.mark.parametrize(
    ("dob", "today"),
    [
        pytest.param(D(2026, 1, 11), D(2026, 1, 10), id="born-after-today"),
        pytest.param(D(1999, 12, 31), D(2026, 1, 1), id="more-than-26-years"),
    ],
)
def test_build_plan_rejects_dates(build_plan: BuildPlan, dob: date, today: date) -> None:
    with pytest.raises(ValueError, match="date_of_birth"):
        build_plan(Answers(date_of_birth=dob), today)


def test_build_plan_accepts_26_years_to_the_day(build_plan: BuildPlan) -> None:
    plan = build_plan(Answers(date_of_birth=D(2000, 1, 1)), D(2026, 1, 1))
    assert plan.young_person.age == 26
    assert plan.milestones == ()


def test_build_plan_passes_context_to_sections(
    build_plan: BuildPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.rules.plan as plan_module

    seen: list[Context] = []

    def fake(
        ctx: Context, loc: Localizer, services: Sequence[ServiceRecord]
    ) -> tuple[Section, ...]:
        seen.append(ctx)
        return (Section(id="information_advice", title="Help", items=()),)

    monkeypatch.setattr(plan_module, "build_sections", fake)
    answers = Answers(date_of_birth=D(2010, 3, 1))
    plan = plan_module.build_plan(answers, D(2026, 6, 26))  # the last Friday in June 2026
    assert plan.sections[0].id == "information_advice"
    (ctx,) = seen
    assert (ctx.age, ctx.year_group, ctx.key_stage) == (16, 11, "KS4")
    assert ctx.over_compulsory_school_age is False
    assert ctx.milestones == plan.milestones
    plan_module.build_plan(answers, D(2026, 6, 27))
    assert seen[-1].over_compulsory_school_age is True


_dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2045, 12, 31))


@st.composite
def _answers_and_today(draw: st.DrawFn) -> tuple[Answers, date]:
    today = draw(_dates)
    # The validator's limit: the same day 26 years earlier (29 February falls back to 28th).
    leap_day = (today.month, today.day) == (2, 29)
    earliest = D(today.year - 26, 2, 28) if leap_day else today.replace(year=today.year - 26)
    dob = draw(st.dates(min_value=earliest, max_value=today))

    def ehc_date() -> st.SearchStrategy[date | None]:
        return st.none() | st.dates(min_value=dob, max_value=today)

    ehc = EhcDates(
        last_review_date=draw(ehc_date()),
        assessment_requested_on=draw(ehc_date()),
        draft_served_on=draw(ehc_date()),
        decision_sent_on=draw(ehc_date()),
    )
    answers = Answers(
        date_of_birth=dob,
        respondent=draw(st.sampled_from([None, "young_person", "parent_carer", "professional"])),
        year_group=draw(st.none() | st.integers(min_value=-2, max_value=13)),
        support=draw(st.sampled_from([None, *SUPPORT])),
        receives_dla=draw(st.booleans()),
        ehc=ehc,
    )
    return answers, today


@settings(max_examples=300, deadline=None)
@given(_answers_and_today())
def test_build_plan_never_raises_and_sorts(
    build_plan: BuildPlan, case: tuple[Answers, date]
) -> None:
    answers, today = case
    plan = build_plan(answers, today)
    keys = [(m.date, m.id) for m in plan.milestones]
    assert keys == sorted(keys)
    # pip_claim stays listed for 8 weeks after the 16th birthday (the claim window); a late
    # council duty for at most 26 weeks.
    assert all(
        m.date >= today - timedelta(weeks=8 if m.id == "pip_claim" else 26 if m.late else 0)
        for m in plan.milestones
    )
    assert all(r >= today for m in plan.milestones for r in m.reminders)
    assert 1 <= len(plan.next_steps) <= 5
    assert all(m.refs for m in plan.milestones)
    assert len({m.id for m in plan.milestones}) == len(plan.milestones)
    assert 0 <= plan.young_person.age <= 26
    if answers.year_group is not None:
        assert plan.young_person.year_group == answers.year_group


def test_lead_times_default_is_module_constant() -> None:
    from planner.rules.milestones import DEFAULT_LEAD_TIMES
    from planner.rules.types import LeadTimes

    assert LeadTimes() == DEFAULT_LEAD_TIMES
    assert timedelta(days=DEFAULT_LEAD_TIMES.age[0]) == timedelta(weeks=8)
