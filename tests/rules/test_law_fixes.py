"""Issue 19's law fixes (points 1-8, 12, 14), each as a table of cases worked out by hand from the
legislation cited beside it and from DOMAIN.md's corrected milestones."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from planner.rules.i18n import EnglishLocalizer
from planner.rules.matching import services_for
from planner.rules.milestones import RULES, build_milestones
from planner.rules.plan import build_plan
from planner.rules.sections import SECTIONS, source_strings
from planner.rules.types import Answers, EhcDates, Plan, ServiceRecord

D = date
EN = EnglishLocalizer()
RULE = {r.id: r for r in RULES}


def milestones(answers: Answers, today: date) -> dict[str, date]:
    return {m.id: m.date for m in build_milestones(answers, today, EN)}


def section_text(plan: Plan, section_id: str | None = None) -> str:
    return "\n".join(i.text for s in plan.sections if section_id in (None, s.id) for i in s.items)


# --- 1. plan_end_25: the end of the academic year in which the young person turns 25 ------------


@pytest.mark.parametrize(
    ("dob", "setting", "expected"),
    [
        # CFA 2014 s.46 and SEND Regs 2014 reg 46(1)(a): 31 July of the 1 Aug - 31 Jul year.
        pytest.param(D(2001, 3, 15), None, D(2026, 7, 31), id="25-in-march"),
        pytest.param(D(2000, 8, 1), None, D(2026, 7, 31), id="25-on-1-august-next-july"),
        pytest.param(D(2000, 7, 31), None, D(2025, 7, 31), id="25-on-31-july-that-day"),
        pytest.param(D(2004, 2, 29), "college", D(2029, 7, 31), id="29-february"),
        # reg 46(1)(b): an apprentice, the day before the 26th birthday at the latest.
        pytest.param(D(2001, 3, 15), "apprenticeship", D(2027, 3, 14), id="apprentice"),
    ],
)
def test_plan_end_25(dob: date, setting: str | None, expected: date) -> None:
    answers = Answers(date_of_birth=dob, support="ehc_plan", setting=setting)
    assert milestones(answers, D(2024, 1, 1))["plan_end_25"] == expected


# --- 2 and 14: draft response and annual review -------------------------------------------------


@pytest.mark.parametrize(
    ("served", "expected"),
    [
        # "at least 15 days, beginning with the day on which the draft plan was served": + 14.
        pytest.param(D(2026, 2, 20), D(2026, 3, 6), id="february"),
        pytest.param(D(2026, 1, 31), D(2026, 2, 14), id="month-end"),
        pytest.param(D(2026, 12, 20), D(2027, 1, 3), id="over-new-year"),
    ],
)
def test_draft_response_is_draft_plus_14_days(served: date, expected: date) -> None:
    answers = Answers(date_of_birth=D(2015, 5, 5), ehc=EhcDates(draft_served_on=served))
    assert milestones(answers, served)["draft_response"] == expected


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        # CFA 2014 s.44(1): within "the period of 12 months starting with" the last review.
        pytest.param(D(2025, 3, 15), D(2026, 3, 14), id="mid-month"),
        pytest.param(D(2025, 1, 1), D(2025, 12, 31), id="new-year"),
        pytest.param(D(2025, 3, 1), D(2026, 2, 28), id="1-march"),
    ],
)
def test_annual_review_is_the_day_before_the_anniversary(review: date, expected: date) -> None:
    answers = Answers(
        date_of_birth=D(2015, 5, 5), support="ehc_plan", ehc=EhcDates(last_review_date=review)
    )
    assert milestones(answers, review)["annual_review_due"] == expected


# --- 3. adult care assessment and the PIP claim window -------------------------------------------


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        pytest.param(D(2027, 6, 15), True, id="17th-birthday"),
        pytest.param(D(2028, 6, 14), True, id="the-day-before-18"),
        pytest.param(D(2028, 6, 15), False, id="18th-birthday"),
    ],
)
def test_adult_care_assessment_by_the_day_before_18(today: date, listed: bool) -> None:
    got = milestones(Answers(date_of_birth=D(2010, 6, 15)), today)
    assert ("adult_care_assessment" in got) is listed
    if listed:
        assert got["adult_care_assessment"] == D(2028, 6, 14)


def test_adult_care_reminders_start_at_the_17th_birthday() -> None:
    ms = build_milestones(Answers(date_of_birth=D(2010, 6, 15)), D(2026, 6, 1), EN)
    m = next(m for m in ms if m.id == "adult_care_assessment")
    assert m.reminders == (D(2027, 6, 15), D(2028, 6, 14) - timedelta(weeks=8))


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        pytest.param(D(2026, 6, 15), True, id="16th-birthday"),
        pytest.param(D(2026, 8, 10), True, id="8-weeks-after"),
        pytest.param(D(2026, 8, 11), False, id="8-weeks-and-a-day"),
    ],
)
def test_pip_claim_listed_for_8_weeks_after_16(today: date, listed: bool) -> None:
    got = milestones(Answers(date_of_birth=D(2010, 6, 15), receives_dla=True), today)
    assert ("pip_claim" in got) is listed
    if listed:
        assert got["pip_claim"] == D(2026, 6, 15)


# --- Reminders only within two years (issue 19, "what must exist" point 2) ------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # A 3-year-old: the 14th birthday is years away, so no reminder yet...
        pytest.param(D(2026, 12, 2), (), id="years-away"),
        # ...until its reminder date (8 weeks before) is within two years.
        pytest.param(D(2035, 5, 14), (), id="a-day-too-early"),
        pytest.param(D(2035, 5, 15), (D(2037, 5, 15),), id="exactly-two-years"),
    ],
)
def test_reminders_only_within_two_years(today: date, expected: tuple[date, ...]) -> None:
    ms = build_milestones(Answers(date_of_birth=D(2023, 7, 10)), today, EN)
    m = next(m for m in ms if m.id == "continuing_care_14")
    assert m.date == D(2037, 7, 10)  # the milestone itself is always listed
    assert m.reminders == expected


def test_no_plan_has_a_reminder_after_two_years() -> None:
    for age in range(0, 26):
        plan = build_plan(
            Answers(date_of_birth=D(2026 - age, 3, 1), receives_dla=True, support="ehc_plan"),
            D(2026, 12, 2),
        )
        assert all(r <= D(2028, 12, 2) for m in plan.milestones for r in m.reminders)


# --- 4 and 5: what DLA does at 16, and whose rights, from when ------------------------------------


def test_dla_carries_on_until_the_pip_decision() -> None:
    summary = RULE["pip_claim"].summary
    assert "DLA carries on until the decision" in summary
    assert "Claim by the date in it" in summary


@pytest.mark.parametrize(
    ("rule_id", "cited", "not_cited"),
    [
        ("csa_end", "CFA 2014 s.83(2)", "CFA 2014 s.80"),
        ("year8_careers", "EA 1997 s.42B", "EA 1997 s.42A"),
        ("draft_response", "SEND Regs 2014 reg 13(1)(a)", None),
        ("annual_review_due", "CFA 2014 s.44(1)", None),
        ("plan_end_25", "SEND Regs 2014 reg 46", None),
        ("adult_care_assessment", "Care Act 2014 s.59", None),
    ],
)
def test_milestone_cites(rule_id: str, cited: str, not_cited: str | None) -> None:
    assert cited in RULE[rule_id].refs
    if not_cited:
        assert not_cited not in RULE[rule_id].refs


def test_rights_pass_at_the_end_of_compulsory_school_age_not_year_11() -> None:
    # Taught a year behind: aged 16 and past compulsory school age, but in Year 10.
    plan = build_plan(Answers(date_of_birth=D(2009, 10, 10), year_group=10), D(2026, 9, 10))
    said = section_text(plan, "information_advice")
    assert "After compulsory school age, your child makes most choices" in said
    assert "Year 11" not in said
    item = next(i for i in SECTIONS[-1].items if i.id == "decisions_pass")
    assert "CFA 2014 s.83(2)" in item.refs


# --- 6. the post-16 transport statement --------------------------------------------------------


@pytest.mark.parametrize(
    ("year_group", "shown"),
    [(-1, False), (6, False), (8, False), (9, True), (10, True), (11, True)],
)
def test_post16_transport_statement_from_year_9(year_group: int, shown: bool) -> None:
    answers = Answers(date_of_birth=D(2012, 10, 10), year_group=year_group)
    assert ("post16_transport_statement" in milestones(answers, D(2026, 12, 2))) is shown


# --- 7. one wording, the right day -------------------------------------------------------------


def test_phase_transfer_days_are_the_last_day() -> None:
    # SEND Regs 2014 reg 18: "before 15 February" / "before 31 March" is "by" the day before.
    every = " ".join(
        [*source_strings()] + [t for r in RULES for t in (r.title, r.summary, r.action)]
    )
    assert "15 February" not in every and "31 March" not in every
    assert "14 February" in every and "30 March" in every
    assert not re.search(r"before %\(date\)s", every)


# --- 8. the missing transfers and admissions ---------------------------------------------------

CHILD = D(2019, 1, 10)  # cohort 2018: Year 2 on 1 December 2025, Year 3 from September 2026
ON = D(2025, 12, 1)


@pytest.mark.parametrize(
    ("school_type", "support", "expected", "absent"),
    [
        (
            "infant",
            "ehc_plan",
            {"phase_infant_junior": D(2026, 2, 14), "phase_primary_secondary": D(2030, 2, 14)},
            {"phase_first_middle", "phase_middle_high", "junior_middle_application"},
        ),
        (
            "infant",
            "sen_support",
            {"junior_middle_application": D(2026, 1, 15), "secondary_application": D(2029, 10, 31)},
            {"phase_infant_junior"},
        ),
        (
            "first",
            "ehc_plan",
            {"phase_first_middle": D(2028, 2, 14), "phase_middle_high": D(2032, 2, 14)},
            {"phase_primary_secondary", "phase_infant_junior", "secondary_application"},
        ),
        (
            "first",
            "sen_support",
            # High school from Year 9: apply by 31 October in Year 8.
            {"junior_middle_application": D(2028, 1, 15), "secondary_application": D(2031, 10, 31)},
            {"phase_first_middle", "phase_middle_high"},
        ),
        (
            "primary",
            "ehc_plan",
            {"phase_primary_secondary": D(2030, 2, 14)},
            {"phase_infant_junior", "phase_first_middle", "phase_middle_high"},
        ),
        (
            None,
            "none",
            {"secondary_application": D(2029, 10, 31)},
            {"junior_middle_application"},
        ),
    ],
)
def test_school_moves(
    school_type: str | None, support: str, expected: dict[str, date], absent: set[str]
) -> None:
    got = milestones(Answers(date_of_birth=CHILD, support=support, school_type=school_type), ON)
    for mid, when in expected.items():
        assert got.get(mid) == when, mid
    assert not absent & got.keys()


@pytest.mark.parametrize(
    ("answers", "today", "section", "phrase", "shown"),
    [
        # reg 18(2): a move between post-16 places.
        (
            Answers(date_of_birth=D(2008, 10, 1), support="ehc_plan", setting="college"),
            D(2026, 12, 2),
            "phase_transitions",
            "at least 5 months before",
            True,
        ),
        (
            Answers(date_of_birth=D(2014, 10, 1), support="ehc_plan"),
            D(2026, 12, 2),
            "phase_transitions",
            "at least 5 months before",
            False,
        ),
        # After 31 October in Year 6: late applications and appeals.
        (
            Answers(date_of_birth=D(2016, 3, 10)),
            D(2026, 12, 2),
            "phase_transitions",
            "Late applications",
            True,
        ),
        (
            Answers(date_of_birth=D(2016, 3, 10)),
            D(2026, 10, 20),
            "phase_transitions",
            "Late applications",
            False,
        ),
        (
            Answers(date_of_birth=D(2016, 3, 10), support="ehc_plan"),
            D(2026, 12, 2),
            "phase_transitions",
            "Late applications",
            False,
        ),
        # Summer-born (1 April - 31 August): Reception can be deferred or delayed.
        (
            Answers(date_of_birth=D(2023, 7, 10)),
            D(2026, 12, 2),
            "phase_transitions",
            "start Reception a year later",
            True,
        ),
        (
            Answers(date_of_birth=D(2023, 1, 10)),
            D(2026, 12, 2),
            "phase_transitions",
            "start Reception a year later",
            False,
        ),
        (
            Answers(date_of_birth=D(2023, 4, 1)),
            D(2026, 12, 2),
            "phase_transitions",
            "start Reception a year later",
            True,
        ),
    ],
)
def test_transfer_and_admission_content(
    answers: Answers, today: date, section: str, phrase: str, shown: bool
) -> None:
    assert (phrase in section_text(build_plan(answers, today), section)) is shown


# --- 9. every statement carries its reference ---------------------------------------------------


def test_every_item_and_milestone_has_a_reference() -> None:
    for spec in SECTIONS:
        for item in spec.items:
            assert item.refs and all(r.strip() for r in item.refs), (spec.id, item.id)
    for rule in RULES:
        assert rule.refs, rule.id
    ids = [(spec.id, item.id) for spec in SECTIONS for item in spec.items]
    assert len(ids) == len(set(ids))


# --- 12. services that fit the family -----------------------------------------------------------


def svc(sid: str, **kw: object) -> ServiceRecord:
    kw.setdefault("name", sid.title())
    kw.setdefault("sections", frozenset({"information_advice"}))
    return ServiceRecord(id=sid, **kw)  # type: ignore[arg-type]


DIRECTORY = (
    svc("iass", name="Exampleshire SENDIASS", distance_km=5.0),
    svc("virtual", name="Virtual School for children in care", distance_km=0.5),
    svc("yj", name="Youth Justice Service education support", distance_km=0.6),
    svc(
        "yp",
        name="SENDIASS young people's service",
        description="Advice for young people aged 16 to 25 who want to decide",
        sections=frozenset({"ehc_assessment"}),
        distance_km=0.7,
    ),
    svc("early", name="Portage", max_age=5, distance_km=8.0),
    svc("open1", name="Advice line", distance_km=1.0),
    svc("open2", name="Drop-in", distance_km=2.0),
    svc("open3", name="Helpdesk", distance_km=3.0),
)


@pytest.mark.parametrize(
    ("age", "section", "expected"),
    [
        # A 4-year-old: SENDIASS first (CFA 2014 s.32), but not its 16-25 service; then the
        # under-5 service fits best; no care or youth justice services.
        (4, "information_advice", ["iass", "early", "open1", "open2"]),
        (10, "information_advice", ["iass", "open1", "open2", "open3"]),
        (17, "information_advice", ["yp", "iass", "open1", "open2", "open3"]),
        # A 16-25 service is not for the parent of a 3-year-old, but is for a 17-year-old.
        (3, "ehc_assessment", []),
        (17, "ehc_assessment", ["yp"]),
    ],
)
def test_services_fit_the_answers(age: int, section: str, expected: list[str]) -> None:
    from tests.rules.test_sections import make_ctx

    got = [s.id for s in services_for(section, make_ctx(age, None), DIRECTORY)]
    assert got == expected
