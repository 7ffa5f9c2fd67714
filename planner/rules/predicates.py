"""When plan content shows: small predicates on the `Context`, each with its own words.

The section tables (planner/rules/sections.py) are built from these, and the content register
prints their words (`Cond.text`), so what a reviewer reads is what the engine runs.
"""

from __future__ import annotations

from datetime import date

from planner.rules.conditions import Cond, always, negate
from planner.rules.types import Context

Predicate = Cond[Context]

# "Year" for people outside nursery-2 .. Year 13: younger children come before nursery, and anyone
# aged 5 or over without a year group has left school.
_BEFORE_NURSERY = -3
_AFTER_SCHOOL = 14
POST16_SETTINGS = ("sixth_form", "college", "apprenticeship")


def school_year(ctx: Context) -> int:
    """The effective school year, with a value for those too young or too old to have one."""
    if ctx.year_group is not None:
        return ctx.year_group
    return _BEFORE_NURSERY if ctx.age < 5 else _AFTER_SCHOOL


def _year_name(n: int) -> str:
    return {-2: "nursery", -1: "nursery", 0: "Reception"}.get(n, f"Year {n}")


# --- Predicates -------------------------------------------------------------------------------

ALWAYS: Predicate = always()


def year_from(first: int) -> Predicate:
    """From school year `first` on (including after leaving school)."""
    return Cond(lambda ctx: school_year(ctx) >= first, f"from {_year_name(first)}")


def year_to(last: int) -> Predicate:
    """Up to and including school year `last`."""
    return Cond(lambda ctx: school_year(ctx) <= last, f"up to {_year_name(last)}")


def in_school_years(first: int, last: int) -> Predicate:
    """In a school year from `first` to `last` (a real year group, not before or after school)."""
    words = (
        f"in {_year_name(first)}"
        if first == last
        else f"in {_year_name(first)} to {_year_name(last)}"
    )
    return Cond(lambda ctx: ctx.year_group is not None and first <= ctx.year_group <= last, words)


def age_from(years: int) -> Predicate:
    """Aged `years` or over."""
    return Cond(lambda ctx: ctx.age >= years, f"aged {years} or over")


def age_under(years: int) -> Predicate:
    """Younger than `years`."""
    return Cond(lambda ctx: ctx.age < years, f"under {years}")


HAS_PLAN: Predicate = Cond(lambda ctx: ctx.answers.has_ehc_plan, "has an EHC plan")
NO_PLAN: Predicate = negate(HAS_PLAN, "has no EHC plan")
ASSESSMENT_REQUESTED: Predicate = Cond(
    lambda ctx: ctx.answers.support == "assessment_requested",
    "an EHC needs assessment was asked for",
)
NOT_ASSESSMENT_REQUESTED = negate(ASSESSMENT_REQUESTED, "no EHC needs assessment asked for yet")
PARENT_VOICE: Predicate = Cond(
    lambda ctx: not ctx.speaks_to_young_person, "a parent, carer or professional answered"
)
RECEIVES_DLA: Predicate = Cond(lambda ctx: ctx.answers.receives_dla, "gets DLA")
NOT_RECEIVES_DLA = negate(RECEIVES_DLA, "does not get DLA")
IN_HIGHER_EDUCATION: Predicate = Cond(
    lambda ctx: ctx.answers.setting == "higher_education", "in higher education"
)
NOT_IN_HIGHER_EDUCATION = negate(IN_HIGHER_EDUCATION, "not in higher education")
OVER_COMPULSORY_SCHOOL_AGE: Predicate = Cond(
    lambda ctx: ctx.over_compulsory_school_age, "past compulsory school age"
)
# School Admissions Code 2021 para 2.17: "summer born" means born from 1 April to 31 August.
SUMMER_BORN: Predicate = Cond(
    lambda ctx: 4 <= ctx.answers.date_of_birth.month <= 8, "born 1 April to 31 August"
)
POST16_LEARNER: Predicate = Cond(
    lambda ctx: school_year(ctx) >= 12 or ctx.answers.setting in POST16_SETTINGS,
    "in Year 12 or later, or at a sixth form, college or apprenticeship",
)


def _secondary_deadline_passed(ctx: Context) -> bool:
    # The secondary application deadline is 31 October of the year before the move (Year 6, or
    # Year 8 from a middle school). After it, and before the move, late applications and appeals
    # are what is left (School Admissions Code 2021; School Admissions Appeals Code 2022).
    three_tier = ctx.answers.school_type in ("first", "middle")
    year = 8 if three_tier else 6
    if ctx.year_group != year:
        return False
    autumn = ctx.today.year if ctx.today.month >= 9 else ctx.today.year - 1
    return ctx.today > date(autumn, 10, 31)


SECONDARY_DEADLINE_PASSED: Predicate = Cond(
    _secondary_deadline_passed,
    "in the year before secondary school (Year 6, or Year 8 at a first or middle school), "
    "after 31 October",
)


def goal(*names: str) -> Predicate:
    """The family chose one of these goals, or chose none, or is not sure yet."""

    def check(ctx: Context) -> bool:
        goals = ctx.answers.goals
        return not goals or "not_sure" in goals or any(n in goals for n in names)

    return Cond(check, "goal is " + " or ".join(names) + " (or no goal, or not sure)")


def chose_goal(name: str) -> Predicate:
    """The family chose this goal (for content that only helps those who want it)."""
    return Cond(lambda ctx: name in ctx.answers.goals, f"goal is {name}")


def need(name: str) -> Predicate:
    """The family named this area of need, or named none."""
    return Cond(
        lambda ctx: not ctx.answers.needs or name in ctx.answers.needs,
        f"need is {name} (or no need named)",
    )


def setting_not(*settings: str) -> Predicate:
    """The current setting is not one of these (an unknown setting passes)."""
    return Cond(
        lambda ctx: ctx.answers.setting not in settings, "setting is not " + ", ".join(settings)
    )
