"""School-year and statutory date arithmetic (DOMAIN.md, "Age and school year").

Expected dates are worked out by hand from DOMAIN.md and a printed calendar, not from the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.rules import calendar as cal

D = date


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        pytest.param(D(2015, 8, 31), 2014, id="31-aug-youngest-of-earlier-cohort"),
        pytest.param(D(2015, 9, 1), 2015, id="1-sep-oldest-of-next-cohort"),
        pytest.param(D(2015, 1, 1), 2014, id="1-jan"),
        pytest.param(D(2015, 12, 31), 2015, id="31-dec"),
        pytest.param(D(2012, 2, 29), 2011, id="leap-day"),
    ],
)
def test_cohort(dob: date, expected: int) -> None:
    assert cal.cohort(dob) == expected


@pytest.mark.parametrize(
    ("cohort", "year_group", "expected"),
    [
        pytest.param(2014, 0, D(2019, 9, 1), id="reception"),
        pytest.param(2014, 7, D(2026, 9, 1), id="year-7"),
        pytest.param(2014, 13, D(2032, 9, 1), id="year-13"),
        pytest.param(2014, -1, D(2018, 9, 1), id="nursery"),
    ],
)
def test_year_start(cohort: int, year_group: int, expected: date) -> None:
    assert cal.year_start(cohort, year_group) == expected


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        pytest.param(D(2015, 8, 31), D(2025, 9, 1), 6, id="31-aug-born-in-year-6"),
        pytest.param(D(2015, 9, 1), D(2025, 9, 1), 5, id="1-sep-born-in-year-5"),
        pytest.param(D(2015, 8, 31), D(2025, 8, 31), 5, id="last-day-of-school-year"),
        pytest.param(D(2019, 10, 1), D(2025, 1, 10), 0, id="reception"),
        pytest.param(D(2022, 6, 10), D(2026, 1, 10), -1, id="nursery"),
        pytest.param(D(2023, 6, 10), D(2026, 1, 10), -2, id="two-before-reception"),
        pytest.param(D(2024, 6, 10), D(2026, 1, 10), None, id="too-young"),
        pytest.param(D(2007, 10, 1), D(2025, 10, 1), 13, id="year-13"),
        pytest.param(D(2006, 10, 1), D(2025, 10, 1), None, id="left-school"),
    ],
)
def test_year_group_on(dob: date, on: date, expected: int | None) -> None:
    assert cal.year_group_on(dob, on) == expected


def test_cohort_for_year_group_matches_override_today() -> None:
    # Born 10 October 2012 is in Year 8 in January 2026; taught in Year 7 means the 2013 cohort.
    assert cal.year_group_on(D(2012, 10, 10), D(2026, 1, 10)) == 8
    assert cal.cohort_for_year_group(7, D(2026, 1, 10)) == 2013


@pytest.mark.parametrize(
    ("year_group", "expected"),
    [
        (None, None),
        (-2, "EYFS"),
        (-1, "EYFS"),
        (0, "EYFS"),
        (1, "KS1"),
        (2, "KS1"),
        (3, "KS2"),
        (6, "KS2"),
        (7, "KS3"),
        (9, "KS3"),
        (10, "KS4"),
        (11, "KS4"),
        (12, "post-16"),
        (13, "post-16"),
    ],
    ids=lambda v: repr(v),
)
def test_key_stage(year_group: int | None, expected: str | None) -> None:
    assert cal.key_stage(year_group) == expected


@pytest.mark.parametrize(
    ("dob", "age", "expected"),
    [
        pytest.param(D(2012, 2, 29), 14, D(2026, 3, 1), id="leap-day-in-common-year"),
        pytest.param(D(2012, 2, 29), 16, D(2028, 2, 29), id="leap-day-in-leap-year"),
        pytest.param(D(2012, 2, 28), 14, D(2026, 2, 28), id="28-feb"),
        pytest.param(D(2014, 3, 15), 18, D(2032, 3, 15), id="ordinary"),
    ],
)
def test_birthday(dob: date, age: int, expected: date) -> None:
    assert cal.birthday(dob, age) == expected


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        pytest.param(D(2012, 2, 29), D(2026, 2, 28), 13, id="leap-day-eve-of-birthday"),
        pytest.param(D(2012, 2, 29), D(2026, 3, 1), 14, id="leap-day-birthday-1-march"),
        pytest.param(D(2012, 2, 29), D(2028, 2, 29), 16, id="leap-day-in-leap-year"),
        pytest.param(D(2014, 3, 15), D(2026, 3, 14), 11, id="day-before-birthday"),
        pytest.param(D(2014, 3, 15), D(2026, 3, 15), 12, id="on-birthday"),
        pytest.param(D(2025, 12, 1), D(2026, 1, 10), 0, id="baby"),
        pytest.param(D(2025, 12, 1), D(2025, 12, 1), 0, id="born-today"),
    ],
)
def test_age_on(dob: date, on: date, expected: int) -> None:
    assert cal.age_on(dob, on) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(D(2026, 1, 31), 1, D(2026, 2, 28), id="31-jan-plus-1-common-year"),
        pytest.param(D(2028, 1, 31), 1, D(2028, 2, 29), id="31-jan-plus-1-leap-year"),
        pytest.param(D(2025, 12, 31), 2, D(2026, 2, 28), id="31-dec-plus-2"),
        pytest.param(D(2025, 8, 31), 1, D(2025, 9, 30), id="31-aug-plus-1"),
        pytest.param(D(2026, 3, 5), 2, D(2026, 5, 5), id="same-day"),
        pytest.param(D(2025, 11, 15), 2, D(2026, 1, 15), id="across-new-year"),
        pytest.param(D(2028, 2, 29), 12, D(2029, 2, 28), id="leap-day-plus-12"),
        pytest.param(D(2026, 3, 31), -1, D(2026, 2, 28), id="minus-1"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert cal.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        pytest.param(D(2015, 8, 31), D(2020, 8, 31), id="5th-birthday-on-31-aug"),
        pytest.param(D(2015, 9, 1), D(2020, 12, 31), id="5th-birthday-1-sep"),
        pytest.param(D(2015, 1, 1), D(2020, 3, 31), id="5th-birthday-1-jan"),
        pytest.param(D(2015, 12, 31), D(2020, 12, 31), id="5th-birthday-31-dec"),
        pytest.param(D(2015, 4, 1), D(2020, 8, 31), id="5th-birthday-1-apr"),
        pytest.param(D(2012, 2, 29), D(2017, 3, 31), id="leap-day"),
    ],
)
def test_compulsory_school_age_start(dob: date, expected: date) -> None:
    assert cal.compulsory_school_age_start(dob) == expected


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        # 16 on 31 Aug 2031: school year 2030/31; 30 June 2031 is a Monday.
        pytest.param(D(2015, 8, 31), D(2031, 6, 27), id="31-aug-born"),
        # 16 on 1 Sep 2031: school year 2031/32; 30 June 2032 is a Wednesday.
        pytest.param(D(2015, 9, 1), D(2032, 6, 25), id="1-sep-born"),
        # 16 on 29 Feb 2028: school year 2027/28; 30 June 2028 is itself a Friday.
        pytest.param(D(2012, 2, 29), D(2028, 6, 30), id="leap-day-friday-30-june"),
        # 16 on 15 Mar 2030; 30 June 2030 is a Sunday.
        pytest.param(D(2014, 3, 15), D(2030, 6, 28), id="march-born"),
        # Summer-born: leaves school before the 16th birthday.
        pytest.param(D(2014, 7, 20), D(2030, 6, 28), id="summer-born-before-birthday"),
    ],
)
def test_compulsory_school_age_end(dob: date, expected: date) -> None:
    assert cal.compulsory_school_age_end(dob) == expected
    assert expected.weekday() == 4


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 4, 6), False, id="easter-monday-2026"),
        pytest.param(D(2026, 4, 3), False, id="good-friday-2026"),
        pytest.param(D(2026, 5, 25), False, id="spring-bank-holiday-2026"),
        pytest.param(D(2026, 12, 28), False, id="boxing-day-substitute-2026"),
        pytest.param(D(2028, 1, 3), False, id="new-year-substitute-2028"),
        pytest.param(D(2022, 9, 19), False, id="queens-funeral-2022"),
        pytest.param(D(2026, 3, 7), False, id="saturday"),
        pytest.param(D(2026, 3, 8), False, id="sunday"),
        pytest.param(D(2026, 3, 9), True, id="monday"),
        pytest.param(D(2026, 5, 5), True, id="day-after-may-day"),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert cal.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("nominal", "expected"),
    [
        pytest.param(D(2026, 5, 5), D(2026, 5, 5), id="working-day-unchanged"),
        pytest.param(D(2026, 4, 6), D(2026, 4, 7), id="easter-monday"),
        pytest.param(D(2026, 5, 25), D(2026, 5, 26), id="late-may-bank-holiday"),
        pytest.param(D(2026, 3, 7), D(2026, 3, 9), id="saturday-to-monday"),
        pytest.param(D(2026, 2, 28), D(2026, 3, 2), id="28-feb-saturday"),
        pytest.param(D(2026, 8, 10), D(2026, 9, 1), id="august-bank-holiday-31-aug"),
        pytest.param(D(2027, 8, 15), D(2027, 9, 1), id="august-2027"),
        pytest.param(D(2029, 8, 20), D(2029, 9, 3), id="august-1-sep-saturday"),
        pytest.param(D(2026, 8, 1), D(2026, 9, 1), id="1-august"),
        pytest.param(D(2026, 7, 31), D(2026, 7, 31), id="31-july-friday-unchanged"),
        pytest.param(D(2026, 12, 25), D(2027, 1, 4), id="christmas-2-jan-saturday"),
        pytest.param(D(2025, 12, 31), D(2026, 1, 2), id="new-years-eve"),
        pytest.param(D(2028, 1, 1), D(2028, 1, 4), id="1-jan-3-jan-substitute"),
        pytest.param(D(2026, 12, 24), D(2026, 12, 24), id="24-dec-unchanged"),
    ],
)
def test_tribunal_deadline(nominal: date, expected: date) -> None:
    assert cal.tribunal_deadline(nominal) == expected


def test_first_august_31() -> None:
    assert cal.first_august_31_on_or_after(D(2031, 8, 31)) == D(2031, 8, 31)
    assert cal.first_august_31_on_or_after(D(2031, 9, 1)) == D(2032, 8, 31)
