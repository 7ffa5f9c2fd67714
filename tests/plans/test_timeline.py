"""Dates grouped by when they matter (planner/plans/timeline.py): this school year, next school
year, later by stage; and the next steps every rendering opens with."""

from __future__ import annotations

from datetime import date

import pytest

from planner.i18n import BabelLocalizer
from planner.plans import timeline
from planner.rules.milestones import MILESTONE_IDS
from planner.rules.types import Milestone, NextStep

TODAY = date(2025, 3, 1)  # spring term of the 2024-25 school year


def milestone(id: str, day: date) -> Milestone:
    return Milestone(id, day, id, "", "", ("CoP 1.1",), (), "age")


@pytest.mark.parametrize(
    ("day", "group"),
    [
        (date(2024, 9, 1), "this_year"),  # first day of this school year
        (date(2025, 2, 14), "this_year"),  # late: still due now
        (date(2023, 6, 1), "this_year"),  # late from an earlier year: due now
        (date(2025, 3, 1), "this_year"),  # today
        (date(2025, 8, 31), "this_year"),  # last day of this school year
        (date(2025, 9, 1), "next_year"),
        (date(2026, 8, 31), "next_year"),
        (date(2026, 9, 1), "later"),
        (date(2041, 5, 4), "later"),
    ],
)
def test_school_year_groups(day: date, group: str) -> None:
    got = timeline.group_dates([milestone("year9_pfa_review", day)], TODAY, age=13)
    groups = {
        "this_year": got.this_year,
        "next_year": got.next_year,
        "later": tuple(m for g in got.later for m in g.milestones),
    }
    assert [name for name, ms in groups.items() if ms] == [group]


@pytest.mark.parametrize(
    ("id", "stage"),
    [
        ("csa_start", "starting_school"),
        ("reception_application", "starting_school"),
        ("phase_ey_school", "starting_school"),
        ("secondary_application", "moving_to_secondary"),
        ("phase_primary_secondary", "moving_to_secondary"),
        ("year7_careers", "moving_to_secondary"),
        ("year8_careers", "year9"),
        ("year9_pfa_review", "year9"),
        ("health_transition_planning", "year9"),
        ("continuing_care_14", "year9"),
        ("phase_post16", "at_16"),
        ("post16_transport_statement", "at_16"),
        ("september_guarantee", "at_16"),
        ("csa_end", "at_16"),
        ("pip_claim", "at_16"),
        ("child_benefit_16", "at_16"),
        ("adult_care_assessment", "at_18"),
        ("age18_adult_services", "at_18"),
        ("plan_end_25", "to_25"),
    ],
)
def test_stage_table(id: str, stage: str) -> None:
    assert timeline.stage_of(milestone(id, date(2040, 1, 1)), TODAY, age=3) == stage


@pytest.mark.parametrize(
    ("age", "years_ahead", "stage"),
    [
        (2, 2, "starting_school"),
        (3, 5, "moving_to_secondary"),
        (8, 5, "year9"),
        (12, 4, "at_16"),
        (14, 4, "at_18"),
        (17, 5, "to_25"),
    ],
)
def test_an_unknown_milestone_takes_the_stage_of_its_age(
    age: int, years_ahead: int, stage: str
) -> None:
    day = date(TODAY.year + years_ahead, 6, 1)
    assert timeline.stage_of(milestone("a_new_rule", day), TODAY, age) == stage


def test_every_age_and_year_milestone_has_a_stage() -> None:
    """Each milestone that can lie years ahead is in the stage table; the EHC process steps are
    weeks or months ahead, so they are never "later"."""
    ehc = {
        "annual_review_due",
        "ehcna_decision",
        "ehcna_no_plan_notice",
        "ehcna_final_plan",
        "draft_response",
        "review_report_due",
        "review_decision_due",
        "amendment_response",
        "amended_plan_due",
        "mediation_adviser",
        "appeal_deadline",
    }
    ids = set(MILESTONE_IDS)
    assert ids - ehc <= set(timeline.STAGE_OF)


def test_later_dates_group_by_stage_in_life_order() -> None:
    """A three-year-old: starting school is this year; the rest are later, by stage."""
    ms = [
        milestone("plan_end_25", date(2047, 7, 31)),
        milestone("age18_adult_services", date(2039, 5, 4)),
        milestone("csa_start", date(2026, 8, 31)),
        milestone("child_benefit_16", date(2037, 8, 31)),
        milestone("csa_end", date(2037, 6, 26)),
        milestone("reception_application", date(2025, 1, 15)),
        milestone("secondary_application", date(2032, 10, 31)),
    ]
    got = timeline.group_dates(ms, TODAY, age=3)
    assert [m.id for m in got.this_year] == ["reception_application"]
    assert [m.id for m in got.next_year] == ["csa_start"]
    assert [(g.stage, [m.id for m in g.milestones]) for g in got.later] == [
        ("moving_to_secondary", ["secondary_application"]),
        ("at_16", ["csa_end", "child_benefit_16"]),
        ("at_18", ["age18_adult_services"]),
        ("to_25", ["plan_end_25"]),
    ]
    assert got.later_count == 5


def test_no_dates_no_groups() -> None:
    got = timeline.group_dates([], TODAY, age=10)
    assert got == timeline.Timeline((), (), ())


@pytest.mark.parametrize(
    ("language", "day", "expected_text", "late"),
    [
        ("en", date(2025, 3, 14), "14 March 2025", False),
        ("en", date(2025, 2, 1), "1 February 2025", True),
        ("pl", date(2025, 3, 14), "14 marca 2025", False),
        ("ar", date(2025, 3, 14), "14 مارس 2025", False),
    ],
)
def test_next_steps_dates_in_the_locale(
    language: str, day: date, expected_text: str, late: bool
) -> None:
    (step,) = timeline.shown_steps(
        [NextStep("Ask the school", day, "year9_pfa_review")], TODAY, BabelLocalizer(language)
    )
    assert (step.date_text, step.late, step.milestone_id) == (
        expected_text,
        late,
        "year9_pfa_review",
    )


def test_at_most_five_next_steps_in_order_and_undated_ones_kept() -> None:
    steps = [NextStep(f"step {n}", date(2025, 4, n) if n % 2 else None) for n in range(1, 8)]
    shown = timeline.shown_steps(steps, TODAY, BabelLocalizer("en"))
    assert [s.text for s in shown] == ["step 1", "step 2", "step 3", "step 4", "step 5"]
    assert shown[1].date is None and shown[1].date_text is None and not shown[1].late
