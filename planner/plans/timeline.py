"""The plan's dates grouped by when they matter: this school year, next school year, and later.

A family reads the dates that are close in full; the later ones are a short list grouped by the
stage of life they belong to (starting school, moving to secondary, Year 9, at 16, at 18, to 25),
so a three-year-old's plan does not spell out what happens at 17. The web page, the PDF and the
posted letter all group dates here, so they agree. Pure and typed: no Flask, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, Protocol, TypeVar

from planner.rules.types import Localizer, NextStep

Stage = Literal["starting_school", "moving_to_secondary", "year9", "at_16", "at_18", "to_25"]
STAGES: tuple[Stage, ...] = (
    "starting_school",
    "moving_to_secondary",
    "year9",
    "at_16",
    "at_18",
    "to_25",
)
MAX_NEXT_STEPS = 5  # plan/v1: at most five next steps, first on every rendering


def N_(message: str) -> str:  # noqa: N802 - the conventional name Babel extracts
    """Mark a string for translation; the renderers translate it in the plan's language."""
    return message


# The headings of the later dates, translated where they are shown.
STAGE_TITLES: dict[Stage, str] = {
    "starting_school": N_("Starting school"),
    "moving_to_secondary": N_("Moving to secondary school"),
    "year9": N_("Year 9: planning for adult life"),
    "at_16": N_("At 16"),
    "at_18": N_("At 18"),
    "to_25": N_("Up to 25"),
}

# Milestone id -> the stage it belongs to (ids from DOMAIN.md). The one table of stages.
STAGE_OF: dict[str, Stage] = {
    "csa_start": "starting_school",
    "reception_application": "starting_school",
    "phase_ey_school": "starting_school",
    "secondary_application": "moving_to_secondary",
    "phase_primary_secondary": "moving_to_secondary",
    "year7_careers": "moving_to_secondary",
    # Careers encounters in Year 8 lead into the Year 9 review.
    "year8_careers": "year9",
    "year9_pfa_review": "year9",
    "health_transition_planning": "year9",
    "continuing_care_14": "year9",
    "phase_post16": "at_16",
    "post16_transport_statement": "at_16",
    "september_guarantee": "at_16",
    "csa_end": "at_16",
    "pip_claim": "at_16",
    "child_benefit_16": "at_16",
    "adult_care_assessment": "at_18",
    "age18_adult_services": "at_18",
    "plan_end_25": "to_25",
    # Other phase transfers (infant to junior, first to middle, middle to high school).
    "junior_middle_application": "moving_to_secondary",
    "phase_infant_junior": "moving_to_secondary",
    "phase_first_middle": "moving_to_secondary",
    "phase_middle_high": "moving_to_secondary",
}

# For a milestone the table does not know yet (new rules arrive often): its stage from the age
# the young person will be on its date. (upper age bound, stage), first match wins.
_STAGE_BY_AGE: tuple[tuple[int, Stage], ...] = (
    (5, "starting_school"),
    (12, "moving_to_secondary"),
    (15, "year9"),
    (17, "at_16"),
    (19, "at_18"),
)


class Dated(Protocol):
    """What grouping needs of a milestone: a plan's `Milestone`, or the letter's view of one."""

    @property
    def id(self) -> str: ...

    @property
    def date(self) -> date: ...


M = TypeVar("M", bound=Dated)


@dataclass(frozen=True)
class StageGroup(Generic[M]):
    """Later dates of one stage, in date order."""

    stage: Stage
    milestones: tuple[M, ...]


@dataclass(frozen=True)
class Timeline(Generic[M]):
    """The plan's milestones, each in exactly one group, in date order within each."""

    this_year: tuple[M, ...]
    next_year: tuple[M, ...]
    later: tuple[StageGroup[M], ...]

    @property
    def later_count(self) -> int:
        return sum(len(g.milestones) for g in self.later)


def school_year_of(day: date) -> int:
    """The calendar year in which the school year holding `day` starts (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def stage_of(milestone: Dated, today: date, age: int) -> Stage:
    """The stage a milestone belongs to: from the table, else from the age on its date."""
    known = STAGE_OF.get(milestone.id)
    if known is not None:
        return known
    age_then = age + (milestone.date - today).days // 365
    for below, stage in _STAGE_BY_AGE:
        if age_then < below:
            return stage
    return "to_25"


def group_dates(milestones: Sequence[M], today: date, age: int) -> Timeline[M]:
    """Split `milestones` into this school year (late ones included: they are due now), next
    school year, and later dates grouped by stage in the order of `STAGES`."""
    this_year = school_year_of(today)
    now: list[M] = []
    soon: list[M] = []
    later: dict[Stage, list[M]] = {}
    for milestone in sorted(milestones, key=lambda m: (m.date, m.id)):
        year = school_year_of(milestone.date)
        if year <= this_year:
            now.append(milestone)
        elif year == this_year + 1:
            soon.append(milestone)
        else:
            later.setdefault(stage_of(milestone, today, age), []).append(milestone)
    return Timeline(
        this_year=tuple(now),
        next_year=tuple(soon),
        later=tuple(StageGroup(s, tuple(later[s])) for s in STAGES if s in later),
    )


@dataclass(frozen=True)
class ShownStep:
    """A next step as every rendering shows it: its text and its date written for the locale.
    `late` when the date has passed (a council duty that is overdue, or a step to take now)."""

    text: str
    date: date | None
    date_text: str | None
    late: bool
    milestone_id: str | None


def shown_steps(
    steps: Sequence[NextStep], today: date, localizer: Localizer
) -> tuple[ShownStep, ...]:
    """The next steps every rendering opens with: at most five, in the plan's order, each with
    its date formatted for the plan's language."""
    return tuple(
        ShownStep(
            text=step.text,
            date=step.date,
            date_text=localizer.format_date(step.date) if step.date is not None else None,
            late=step.date is not None and step.date < today,
            milestone_id=step.milestone_id,
        )
        for step in steps[:MAX_NEXT_STEPS]
    )
