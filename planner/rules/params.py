"""Statutory values as dated parameters, in the style of OpenFisca and PolicyEngine UK.

Each value the rules depend on is a `Parameter`: what it is, the date it took effect, the date it
stopped (if it has), and the law that sets it. When the law changes, add a new period here and close
the old one with `effective_to`; no rule code changes. Looking a value up for a date no period
covers raises `ParameterPeriodError`: the engine must never guess what the law was or will be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from planner.rules.types import LeadTimes

ParameterValue = int | date | tuple[int, ...]


class ParameterError(LookupError):
    """A parameter lookup that cannot be answered from the table below."""


class UnknownParameterError(ParameterError):
    """No parameter has this name."""


class ParameterPeriodError(ParameterError):
    """The parameter exists, but no period of it covers the date asked about."""


@dataclass(frozen=True)
class Parameter:
    """One period of one statutory value.

    `effective_to` is the last day the value applied (inclusive); None means it still applies.
    """

    name: str
    value: ParameterValue
    effective_from: date
    reference: str
    description: str
    effective_to: date | None = None

    def covers(self, on: date) -> bool:
        """True when this period of the parameter was in force on `on`."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


# The SEND Regulations 2014 and Part 3 of the Children and Families Act 2014 started together.
_SEND_2014 = date(2014, 9, 1)
# Reminder lead times are the planner's own policy, not law, so they apply to any date.
_POLICY_SINCE = date.min

PARAMETERS: tuple[Parameter, ...] = (
    # --- EHC needs assessments and plans ----------------------------------------------------------
    Parameter(
        name="ehc.assessment_decision_weeks",
        value=6,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 5(1)",
        description="Weeks the council has, from a request, to decide whether to carry out an "
        "EHC needs assessment.",
    ),
    Parameter(
        name="ehc.no_plan_decision_weeks",
        value=16,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 10(1)",
        description="Weeks the council has, from a request, to say that it will not issue an "
        "EHC plan after an assessment.",
    ),
    Parameter(
        name="ehc.final_plan_weeks",
        value=20,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 13(2)",
        description="Weeks from a request for an EHC needs assessment to the final EHC plan.",
    ),
    Parameter(
        name="ehc.draft_response_days",
        value=15,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 13(1)(a)",
        description="Days the family has to comment on a draft EHC plan and ask for a school or "
        "college to be named, counted from and including the day the draft was served.",
    ),
    Parameter(
        name="ehc.review_report_weeks",
        value=2,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 20(7), reg 21(7)",
        description="Weeks after an annual review meeting to send everyone its report.",
    ),
    Parameter(
        name="ehc.review_decision_weeks",
        value=4,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 20(10), reg 21(8)",
        description="Weeks after an annual review meeting for the council to decide to keep, "
        "amend or cease the EHC plan.",
    ),
    Parameter(
        name="ehc.amendment_response_days",
        value=15,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 22(2)(c)",
        description="Days, beginning with the day of the notice, the family has to comment on "
        "proposed amendments to an EHC plan.",
    ),
    Parameter(
        name="ehc.amended_plan_weeks",
        value=8,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 22(3)",
        description="Weeks from the notice of proposed amendments to the amended EHC plan.",
    ),
    Parameter(
        name="ehc.amended_plan_after_review_weeks",
        value=12,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 20(10), reg 22(3); R (L) v Devon CC [2022] EWHC 493 (Admin)",
        description="Weeks from the review meeting by which an amended EHC plan is due at the "
        "latest: the 4-week decision with its amendments, then 8 weeks.",
    ),
    Parameter(
        name="ehc.review_interval_months",
        value=12,
        effective_from=_SEND_2014,
        reference="CFA 2014 s.44(1)",
        description="Reviews of an EHC plan fall within a period of this many months starting "
        "with the day the plan was made or last reviewed.",
    ),
    Parameter(
        name="ehc.plan_max_age",
        value=25,
        effective_from=_SEND_2014,
        reference="CFA 2014 s.46; SEND Regs 2014 reg 46",
        description="The age in the academic year of which an EHC plan can be kept to the end "
        "(31 July, SEND Regs 2014 reg 46(1)(a)); for an apprentice, to the day before the next "
        "birthday (reg 46(1)(b)).",
    ),
    # --- Disagreements ----------------------------------------------------------------------------
    Parameter(
        name="disagreement.appeal_window_months",
        value=2,
        effective_from=_SEND_2014,
        reference="HESC Rules 2008 r.20(1)(c)",
        description="Months from the council's decision letter to appeal to the First-tier "
        "Tribunal (SEND).",
    ),
    Parameter(
        name="disagreement.certificate_appeal_months",
        value=1,
        effective_from=_SEND_2014,
        reference="HESC Rules 2008 r.20(1)(c)",
        description="Months from the mediation certificate to appeal, when that ends later than "
        "2 months from the decision.",
    ),
    Parameter(
        name="disagreement.mediation_adviser_months",
        value=2,
        effective_from=_SEND_2014,
        reference="CFA 2014 s.55; SEND Regs 2014 reg 33",
        description="Months from the council's decision to contact a mediation adviser before "
        "an appeal, within the appeal window.",
    ),
    # --- Phase transfers --------------------------------------------------------------------------
    Parameter(
        name="phase_transfer.post16_day_of_march",
        value=31,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 18(1)(a)",
        description="The EHC plan must be amended before this day of March in the year a young "
        "person moves from secondary school to post-16 education.",
    ),
    Parameter(
        name="phase_transfer.other_day_of_february",
        value=15,
        effective_from=_SEND_2014,
        reference="SEND Regs 2014 reg 18(1)(b)",
        description="For any other move between phases, the EHC plan must be amended before this "
        "day of February in the year of the move.",
    ),
    # --- Careers guidance -------------------------------------------------------------------------
    Parameter(
        name="careers.first_year_group",
        value=9,
        effective_from=date(2012, 9, 1),
        effective_to=date(2013, 8, 31),
        reference="EA 1997 s.42A (inserted by EA 2011 s.29)",
        description="The first school year in which schools must secure independent careers "
        "guidance.",
    ),
    Parameter(
        name="careers.first_year_group",
        value=8,
        effective_from=date(2013, 9, 1),
        effective_to=date(2022, 8, 31),
        reference="EA 1997 s.42A; Careers Guidance in Schools Regs 2013",
        description="The first school year in which schools must secure independent careers "
        "guidance.",
    ),
    Parameter(
        name="careers.first_year_group",
        value=7,
        effective_from=date(2022, 9, 1),
        reference="EA 1997 s.42A; Education (Careers Guidance in Schools) Act 2022 s.1",
        description="The first school year in which schools must secure independent careers "
        "guidance.",
    ),
    # --- Preparing for adulthood ------------------------------------------------------------------
    Parameter(
        name="work.traineeships_available",
        value=1,
        effective_from=date(2013, 8, 1),
        effective_to=date(2023, 7, 31),
        reference="DfE Traineeships framework",
        description="1 while traineeships were funded in England; they ended on 31 July 2023.",
    ),
    Parameter(
        name="work.traineeships_available",
        value=0,
        effective_from=date(2023, 8, 1),
        reference="DfE Traineeships framework",
        description="0: traineeships ended in England on 31 July 2023. Do not offer them.",
    ),
    # --- School transport -------------------------------------------------------------------------
    Parameter(
        name="transport.walking_distance_under_8_miles",
        value=2,
        effective_from=date(1996, 11, 1),
        reference="EA 1996 s.444(5); s.508B",
        description="Statutory walking distance, in miles, for a child under 8.",
    ),
    Parameter(
        name="transport.walking_distance_from_8_miles",
        value=3,
        effective_from=date(1996, 11, 1),
        reference="EA 1996 s.444(5); s.508B",
        description="Statutory walking distance, in miles, for a child aged 8 or over.",
    ),
    Parameter(
        name="transport.post16_statement_day_of_may",
        value=31,
        effective_from=date(2008, 11, 26),
        reference="EA 1996 s.509AA, s.509AB",
        description="Councils must publish their post-16 transport policy statement by this day "
        "of May each year.",
    ),
    # --- Reminder lead times (defaults a council can change) --------------------------------------
    Parameter(
        name="reminders.council_deadline_days",
        value=(56, 14, -1),
        effective_from=_POLICY_SINCE,
        reference="Planner policy (DOMAIN.md, Reminder lead times)",
        description="Days before a deadline the council must meet to remind the family: 8 weeks, "
        "2 weeks, and the day after (negative) to chase it.",
    ),
    Parameter(
        name="reminders.family_action_days",
        value=(42, 14, 3),
        effective_from=_POLICY_SINCE,
        reference="Planner policy (DOMAIN.md, Reminder lead times)",
        description="Days before something the family must do: 6 weeks, 2 weeks and 3 days.",
    ),
    Parameter(
        name="reminders.age_days",
        value=(56,),
        effective_from=_POLICY_SINCE,
        reference="Planner policy (DOMAIN.md, Reminder lead times)",
        description="Days before a birthday milestone or the start of a school year: 8 weeks.",
    ),
)


def periods(name: str, table: Iterable[Parameter] = PARAMETERS) -> tuple[Parameter, ...]:
    """Every period of the parameter `name`, oldest first; raises if there is none."""
    found = tuple(sorted((p for p in table if p.name == name), key=lambda p: p.effective_from))
    if not found:
        raise UnknownParameterError(f"No parameter named {name!r}.")
    return found


def parameter_at(name: str, on: date, table: Iterable[Parameter] = PARAMETERS) -> Parameter:
    """The period of parameter `name` in force on `on`.

    Raises `ParameterPeriodError` when no period covers that date, rather than guessing.
    """
    for period in periods(name, table):
        if period.covers(on):
            return period
    raise ParameterPeriodError(
        f"Parameter {name!r} has no value on {on.isoformat()}: it is only defined for "
        + ", ".join(
            f"{p.effective_from.isoformat()} to "
            f"{p.effective_to.isoformat() if p.effective_to else 'now'}"
            for p in periods(name, table)
        )
        + "."
    )


def value_at(name: str, on: date) -> ParameterValue:
    """The value of parameter `name` on `on`; raises `ParameterError` if unknown or not covered."""
    return parameter_at(name, on).value


def int_at(name: str, on: date) -> int:
    """`value_at` for a whole-number parameter; raises TypeError if the value is not one."""
    value = value_at(name, on)
    if not isinstance(value, int):
        raise TypeError(f"Parameter {name!r} is not a whole number.")
    return value


def in_force(name: str, on: date) -> int | None:
    """The whole-number parameter on `on`, or None when `on` is before the law that sets it existed.

    A date before the first period means the duty did not exist yet (for example an EHC clock
    before the SEND reforms of September 2014), so the rule does not apply. Any other gap still
    raises: we never guess a value.
    """
    if on < periods(name)[0].effective_from:
        return None
    return int_at(name, on)


def days_at(name: str, on: date) -> tuple[int, ...]:
    """`value_at` for a list-of-days parameter such as reminder lead times."""
    value = value_at(name, on)
    if not isinstance(value, tuple):
        raise TypeError(f"Parameter {name!r} is not a list of days.")
    return value


def default_lead_times(on: date) -> LeadTimes:
    """The default reminder lead times in force on `on`, as the `LeadTimes` the plan uses."""
    return LeadTimes(
        council_deadline=days_at("reminders.council_deadline_days", on),
        family_action=days_at("reminders.family_action_days", on),
        age=days_at("reminders.age_days", on),
    )


def validate(table: Iterable[Parameter] = PARAMETERS) -> None:
    """Check the table's shape: references, descriptions, and no overlapping periods per name.

    Raises ValueError naming the first problem found.
    """
    by_name: dict[str, list[Parameter]] = {}
    for p in table:
        if not p.reference.strip() or not p.description.strip():
            raise ValueError(f"Parameter {p.name!r} needs a reference and a description.")
        if p.effective_to is not None and p.effective_to < p.effective_from:
            raise ValueError(f"Parameter {p.name!r} ends before it starts.")
        by_name.setdefault(p.name, []).append(p)
    for name, ps in by_name.items():
        ps.sort(key=lambda p: p.effective_from)
        for earlier, later in zip(ps, ps[1:], strict=False):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise ValueError(f"Parameter {name!r} has overlapping periods.")
