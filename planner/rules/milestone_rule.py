"""What a milestone rule is: the facts it reads and the shape of one rule.

Shared by planner.rules.milestones (ages, school years, phase transfers) and
planner.rules.ehc_milestones (the EHC process), so each table can live in its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from planner.rules import calendar as cal
from planner.rules.types import Answers, MilestoneKind


@dataclass(frozen=True)
class Facts:
    """What the date rules read: the answers, the plan's date and the cohorts to count from."""

    answers: Answers
    today: date
    # Year-based milestones follow the year the child is taught in: a `year_group` answer shifts the
    # cohort so that it matches on `today`. Age-based milestones use the date of birth alone.
    school_cohort: int

    @property
    def dob(self) -> date:
        return self.answers.date_of_birth

    def year_start(self, year_group: int) -> date:
        """1 September at the start of `year_group` for the class the child is taught in."""
        return cal.year_start(self.school_cohort, year_group)


def effective_cohort(answers: Answers, today: date) -> int:
    """The cohort for year-based milestones: the `year_group` answer overrides the date of birth."""
    if answers.year_group is not None:
        return cal.cohort_for_year_group(answers.year_group, today)
    return cal.cohort(answers.date_of_birth)


@dataclass(frozen=True)
class MilestoneRule:
    """One milestone: its id, reminder kind, legal references, English text and date rule.

    `when` returns the milestone's date, or None when it does not apply to these answers. Text may
    use `%(date)s` (the milestone date) and `%(start)s` (the date the clock started from).
    """

    id: str
    kind: MilestoneKind
    refs: tuple[str, ...]
    title: str
    summary: str
    action: str
    when: Callable[[Facts], date | None]
    start: Callable[[Facts], date | None] = lambda f: None
    # Used instead when a young person aged 16 or over answered for themselves (DOMAIN.md).
    title_yp: str | None = None
    summary_yp: str | None = None
    action_yp: str | None = None
    # Council duties only: what the plan says once the date has passed and nothing was recorded.
    # A rule with a `late_summary` stays listed, marked late, for 26 weeks after its date.
    late_title: str | None = None
    late_summary: str | None = None
