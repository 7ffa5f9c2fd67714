"""Answers + today + the council's directory -> a Plan (schema plan/v1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.rules import calendar as cal
from planner.rules.answers import MAX_AGE_YEARS, years_before
from planner.rules.i18n import N_, EnglishLocalizer
from planner.rules.milestones import DEFAULT_LEAD_TIMES, build_milestones
from planner.rules.next_steps import build_next_steps
from planner.rules.sections import build_sections
from planner.rules.types import (
    Answers,
    Context,
    LeadTimes,
    Localizer,
    Plan,
    ServiceRecord,
    YoungPerson,
)

_YEAR_LABELS = {-2: N_("Nursery"), -1: N_("Nursery"), 0: N_("Reception")}


def year_label(year_group: int | None, raw_year: int, loc: Localizer) -> str:
    """The school year in words: "Year 9", "Reception", "Nursery", "Left school" or "Not yet at
    school" (`raw_year` is the unbounded year number, used only when `year_group` is None)."""
    if year_group is None:
        return loc.gettext(
            N_("Left school") if raw_year > cal.LAST_YEAR_GROUP else N_("Not yet at school")
        )
    if year_group in _YEAR_LABELS:
        return loc.gettext(_YEAR_LABELS[year_group])
    return loc.gettext(N_("Year %(number)d")) % {"number": year_group}


def phase(year_group: int | None, raw_year: int) -> str:
    """The phase of education: early_years, primary (Reception to Year 6), secondary (7–11),
    post16 (12–13) or adult (after Year 13)."""
    n = raw_year if year_group is None else year_group
    # Participation in education or training runs to 18 (Education and Skills Act 2008 s.2) and
    # adult services take over at 18 (Care Act 2014 s.58): after Year 13 the phase is adult.
    if n < 0:
        return "early_years"
    if n <= 6:
        return "primary"
    if n <= 11:
        return "secondary"
    if n <= cal.LAST_YEAR_GROUP:
        return "post16"
    return "adult"


def young_person(answers: Answers, today: date, loc: Localizer) -> YoungPerson:
    """Age and school year on `today`; the `year_group` answer overrides the computed year."""
    raw = cal.school_year_number(cal.cohort(answers.date_of_birth), today)
    if answers.year_group is not None:
        raw = answers.year_group
    year_group = raw if cal.FIRST_YEAR_GROUP <= raw <= cal.LAST_YEAR_GROUP else None
    return YoungPerson(
        age=cal.age_on(answers.date_of_birth, today),
        year_group=year_group,
        year_label=year_label(year_group, raw, loc),
        key_stage=cal.key_stage(year_group),
        phase=phase(year_group, raw),
    )


def check_dates(answers: Answers, today: date) -> None:
    """Raise ValueError when `today` is before the date of birth or more than 26 years after it."""
    dob = answers.date_of_birth
    if today < dob:
        raise ValueError("date_of_birth is after the plan's date")
    # The same test as the answers validator, so a valid answer never fails here: the plan covers
    # people up to the end of an EHC plan's life (CFA 2014 s.46).
    if dob < years_before(today, MAX_AGE_YEARS):
        raise ValueError("date_of_birth is more than 26 years before the plan's date")


def build_plan(
    answers: Answers,
    today: date,
    loc: Localizer | None = None,
    services: Sequence[ServiceRecord] = (),
    lead_times: LeadTimes = DEFAULT_LEAD_TIMES,
) -> Plan:
    """Build the personalised plan for `answers` as it stands on `today`.

    Pure: the same answers, date, language, directory and lead times always give the same plan.
    Raises ValueError when the date of birth is after `today` or more than 26 years before it.
    """
    check_dates(answers, today)
    loc = loc if loc is not None else EnglishLocalizer()
    person = young_person(answers, today, loc)
    # The respondent decides the voice: a young person who answered is "you" (issue 19).
    speaks_to_young_person = answers.respondent == "young_person"
    milestones = build_milestones(
        answers, today, loc, lead_times, speak_to_young_person=speaks_to_young_person
    )
    ctx = Context(
        answers=answers,
        today=today,
        age=person.age,
        year_group=person.year_group,
        key_stage=person.key_stage,
        # The last Friday in June is still within compulsory school age (EA 1996 s.8(3)); the
        # young person's own rights begin the day after (CFA 2014 s.83(2)).
        over_compulsory_school_age=today > cal.compulsory_school_age_end(answers.date_of_birth),
        milestones=milestones,
    )
    return Plan(
        generated_on=today,
        language=loc.language,
        young_person=person,
        milestones=milestones,
        sections=build_sections(ctx, loc, services),
        next_steps=build_next_steps(
            milestones,
            answers,
            today,
            person.year_group,
            loc,
            speak_to_young_person=speaks_to_young_person,
        ),
    )
