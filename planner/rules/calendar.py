"""School-year and statutory date arithmetic for England.

Everything the milestones need to turn a date of birth or a decision letter into "the last day":
cohorts and year groups, compulsory school age, birthdays, calendar months, and working days for the
Tribunal's time limits. Pure functions; bank holidays come from the `holidays` package, offline.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Year groups the plan names: two years before Reception (nursery) to Year 13 (DOMAIN.md).
FIRST_YEAR_GROUP = -2
LAST_YEAR_GROUP = 13

_FRIDAY = 4


def school_year_start(on: date) -> int:
    """The calendar year in which the school year containing `on` began (1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def cohort(date_of_birth: date) -> int:
    """The cohort year: birth year if born September–December, else the year before.

    Children born 1 September to 31 August start school together, so a child born on 31 August is
    the youngest of one cohort and a child born on 1 September the oldest of the next.
    """
    return school_year_start(date_of_birth)


def year_start(cohort_year: int, year_group: int) -> date:
    """1 September on which Year `year_group` starts for a cohort (Reception 0, nursery −1)."""
    return date(cohort_year + 5 + year_group, 9, 1)


def school_year_number(cohort_year: int, on: date) -> int:
    """The year group a cohort is in on `on`, without limits (negative before school, >13 after)."""
    return school_year_start(on) - cohort_year - 5


def year_group_on(date_of_birth: date, on: date) -> int | None:
    """The year group (−2 to 13) of a child born on `date_of_birth` on the day `on`, else None."""
    n = school_year_number(cohort(date_of_birth), on)
    return n if FIRST_YEAR_GROUP <= n <= LAST_YEAR_GROUP else None


def cohort_for_year_group(year_group: int, on: date) -> int:
    """The cohort that is in `year_group` on `on`: used when a child is taught out of year group."""
    return school_year_start(on) - 5 - year_group


def key_stage(year_group: int | None) -> str | None:
    """The key stage of a year group (National Curriculum; EYFS up to Reception), else None."""
    if year_group is None:
        return None
    if year_group <= 0:
        return "EYFS"
    if year_group <= 2:
        return "KS1"
    if year_group <= 6:
        return "KS2"
    if year_group <= 9:
        return "KS3"
    if year_group <= 11:
        return "KS4"
    if year_group <= 13:
        return "post-16"
    return None


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person turns `age`. A 29 February birthday falls on 1 March in other years."""
    year = date_of_birth.year + age
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not _stdlib_calendar.isleap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on the day `on` (the birthday itself counts)."""
    years = on.year - date_of_birth.year
    if years > 0 and on < birthday(date_of_birth, years):
        years -= 1
    return years


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months: the same day of the month, or the month's last day if it has
    none (31 January + 1 month = 28 or 29 February)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last_day))


def compulsory_school_age_start(date_of_birth: date) -> date:
    """The first 31 December, 31 March or 31 August on or after the 5th birthday.

    EA 1996 s.8(2) and the Education (Start of Compulsory School Age) Order 1998.
    """
    fifth = birthday(date_of_birth, 5)
    candidates = (
        date(fifth.year, 3, 31),
        date(fifth.year, 8, 31),
        date(fifth.year, 12, 31),
    )
    return min(d for d in candidates if d >= fifth)


def last_friday_in_june(year: int) -> date:
    """The last Friday in June of `year` (the school leaving date, EA 1996 s.8(3))."""
    june_30 = date(year, 6, 30)
    return june_30 - timedelta(days=(june_30.weekday() - _FRIDAY) % 7)


def compulsory_school_age_end(date_of_birth: date) -> date:
    """The last Friday in June of the school year in which the child turns 16.

    EA 1996 s.8(3) and the Education (School Leaving Date) Order 1997. A summer-born child reaches
    this date before their 16th birthday.
    """
    return last_friday_in_june(school_year_start(birthday(date_of_birth, 16)) + 1)


def first_august_31_on_or_after(day: date) -> date:
    """The first 31 August on or after `day`."""
    aug_31 = date(day.year, 8, 31)
    return aug_31 if aug_31 >= day else date(day.year + 1, 8, 31)


@lru_cache(maxsize=128)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list of bank holidays (Banking and Financial Dealings Act 1971
    # sch 1 and royal proclamations); the `holidays` package includes one-off days such as the
    # Queen's state funeral on 19 September 2022. Built once per year and cached.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    """A working day in England and Wales: not a Saturday, Sunday or bank holiday (HESC r.12)."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day_on_or_after(day: date) -> date:
    """`day` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def first_working_day_after(day: date) -> date:
    """The first working day strictly after `day`."""
    return next_working_day_on_or_after(day + timedelta(days=1))


def tribunal_deadline(nominal: date) -> date:
    """Adjust a First-tier Tribunal (SEND) time limit for holidays.

    Tribunal Procedure (HESC) Rules 2008 r.20(1)(c) and r.12: the days from 25 December to 1 January
    and the whole of August do not count for appeals in special educational needs cases, so a
    deadline in those periods moves to the first working day after 1 January or 31 August; any other
    deadline on a day that is not a working day moves to the next working day.
    """
    if (nominal.month == 12 and nominal.day >= 25) or (nominal.month == 1 and nominal.day == 1):
        year = nominal.year + 1 if nominal.month == 12 else nominal.year
        return first_working_day_after(date(year, 1, 1))
    if nominal.month == 8:
        return first_working_day_after(date(nominal.year, 8, 31))
    return next_working_day_on_or_after(nominal)


def add_working_days(day: date, count: int) -> date:
    """The date `count` working days after `day` (England and Wales: not weekends or bank
    holidays). Used for "reply within 10 working days" in the letters families send."""
    out = day
    for _ in range(count):
        out = first_working_day_after(out)
    return out
