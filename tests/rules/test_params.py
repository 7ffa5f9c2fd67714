"""Statutory parameters: each value is dated and referenced, and lookups never guess."""

from __future__ import annotations

from datetime import date

import pytest

from planner.rules import params
from planner.rules.params import Parameter, ParameterPeriodError, UnknownParameterError
from planner.rules.types import LeadTimes

D = date


@pytest.mark.parametrize("parameter", params.PARAMETERS, ids=lambda p: p.name)
def test_every_parameter_has_reference_and_description(parameter: Parameter) -> None:
    assert parameter.reference.strip()
    assert len(parameter.description.strip()) > 10
    assert parameter.effective_to is None or parameter.effective_to >= parameter.effective_from


def test_table_is_valid() -> None:
    params.validate()


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        pytest.param("ehc.assessment_decision_weeks", D(2026, 1, 1), 6, id="ehcna-6-weeks"),
        pytest.param("ehc.final_plan_weeks", D(2026, 1, 1), 20, id="final-plan-20-weeks"),
        pytest.param("ehc.draft_response_days", D(2026, 1, 1), 15, id="draft-15-days"),
        pytest.param("ehc.no_plan_decision_weeks", D(2026, 1, 1), 16, id="no-plan-16-weeks"),
        pytest.param("ehc.plan_max_age", D(2026, 1, 1), 25, id="plan-to-25"),
        pytest.param("disagreement.appeal_window_months", D(2026, 1, 1), 2, id="appeal-2-months"),
        pytest.param(
            "disagreement.mediation_adviser_months", D(2026, 1, 1), 2, id="mediation-2-months"
        ),
        pytest.param("careers.first_year_group", D(2022, 8, 31), 8, id="careers-year-8-to-2022"),
        pytest.param("careers.first_year_group", D(2022, 9, 1), 7, id="careers-year-7-from-2022"),
        pytest.param("work.traineeships_available", D(2023, 7, 31), 1, id="traineeships-last-day"),
        pytest.param("work.traineeships_available", D(2023, 8, 1), 0, id="traineeships-ended"),
        pytest.param("transport.walking_distance_under_8_miles", D(2026, 1, 1), 2, id="walk-u8"),
        pytest.param("transport.walking_distance_from_8_miles", D(2026, 1, 1), 3, id="walk-8+"),
        pytest.param("phase_transfer.other_day_of_february", D(2026, 1, 1), 15, id="15-feb"),
        pytest.param("phase_transfer.post16_day_of_march", D(2026, 1, 1), 31, id="31-mar"),
    ],
)
def test_value_at(name: str, on: date, expected: int) -> None:
    assert params.value_at(name, on) == expected


def test_date_before_any_period_raises() -> None:
    with pytest.raises(ParameterPeriodError, match="ehc.final_plan_weeks"):
        params.value_at("ehc.final_plan_weeks", D(2014, 8, 31))


def test_unknown_parameter_raises() -> None:
    with pytest.raises(UnknownParameterError):
        params.value_at("ehc.no_such_thing", D(2026, 1, 1))


def test_gap_between_periods_raises() -> None:
    table = (
        Parameter("x", 1, D(2020, 1, 1), "ref", "a value", effective_to=D(2020, 12, 31)),
        Parameter("x", 2, D(2022, 1, 1), "ref", "a value"),
    )
    assert params.parameter_at("x", D(2020, 6, 1), table).value == 1
    assert params.parameter_at("x", D(2030, 6, 1), table).value == 2
    with pytest.raises(ParameterPeriodError):
        params.parameter_at("x", D(2021, 6, 1), table)


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(
            (
                Parameter("x", 1, D(2020, 1, 1), "ref", "a value"),
                Parameter("x", 2, D(2022, 1, 1), "ref", "a value"),
            ),
            id="open-period-overlaps",
        ),
        pytest.param((Parameter("x", 1, D(2020, 1, 1), "", "a value"),), id="no-reference"),
        pytest.param((Parameter("x", 1, D(2020, 1, 1), "ref", " "),), id="no-description"),
    ],
)
def test_validate_rejects_bad_tables(table: tuple[Parameter, ...]) -> None:
    with pytest.raises(ValueError, match="'x'"):
        params.validate(table)


def test_default_lead_times_match_plan_defaults() -> None:
    assert params.default_lead_times(D(2026, 1, 1)) == LeadTimes()
    assert LeadTimes() == LeadTimes(
        council_deadline=(56, 14, -1), family_action=(42, 14, 3), age=(56,)
    )


def test_typed_lookups_check_the_kind_of_value() -> None:
    with pytest.raises(TypeError):
        params.int_at("reminders.age_days", D(2026, 1, 1))
    with pytest.raises(TypeError):
        params.days_at("ehc.final_plan_weeks", D(2026, 1, 1))
