"""What a milestone rule is: the facts it reads and the shape of one rule.

Shared by planner.rules.milestones (ages, school years, phase transfers) and
planner.rules.ehc_milestones (the EHC process), so each table can live in its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from planner.rules import calendar as cal
from planner.rules.conditions import Cond, always
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

    @property
    def school_year(self) -> int:
        """The unbounded school year the child is taught in on `today` (negative before school)."""
        return cal.school_year_number(self.school_cohort, self.today)


def effective_cohort(answers: Answers, today: date) -> int:
    """The cohort for year-based milestones: the `year_group` answer overrides the date of birth."""
    if answers.year_group is not None:
        return cal.cohort_for_year_group(answers.year_group, today)
    return cal.cohort(answers.date_of_birth)


@dataclass(frozen=True)
class MilestoneRule:
    """One milestone: its id, reminder kind, legal references, English text and date rule.

    `applies` says (in code and in words) which families get it; `when` returns its date, or None
    when there is none for these answers (`date_text` says how it is worked out, for the content
    register). Text may use `%(start)s`, the date the clock started from; the milestone's own
    date is shown beside it by every renderer, so the text does not repeat it.
    """

    id: str
    kind: MilestoneKind
    refs: tuple[str, ...]
    title: str
    summary: str
    action: str
    when: Callable[[Facts], date | None]
    date_text: str
    # The short, dateless next step for plan/v1 `next_steps` ("Apply for a secondary school place").
    step: str
    applies: Cond[Facts] = field(default_factory=always)
    start: Callable[[Facts], date | None] = lambda f: None
    # Used instead when the young person answered for themselves (the respondent decides).
    title_yp: str | None = None
    summary_yp: str | None = None
    action_yp: str | None = None
    step_yp: str | None = None
    # Days the milestone stays listed after its date (pip_claim: the window in DWP's letter).
    listed_days_after: int = 0
    # An extra, earlier reminder (adult_care_assessment: from the 17th birthday).
    first_reminder: Callable[[Facts], date | None] | None = None
    # Council duties only: what the plan says once the date has passed and nothing was recorded.
    # A rule with a `late_summary` stays listed, marked late, for 26 weeks after its date.
    late_title: str | None = None
    late_summary: str | None = None
    late_step: str | None = None
