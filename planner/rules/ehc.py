"""Where a family is in the EHC process, and the statutory date of each step (DOMAIN.md, "The EHC
process").

The family tells us what has happened (the `ehc` answers); each function here says whether a step
still lies ahead, or is owed and overdue, and the last day on which it is met. The functions are
pure and small so that each can be read against the regulation it cites. Decision dates are the
dates the letters were sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from planner.rules import calendar as cal
from planner.rules.params import in_force
from planner.rules.types import EhcDates

DATE_KEYS: tuple[str, ...] = (
    "assessment_requested_on",
    "assessment_decision_on",
    "plan_decision_on",
    "draft_served_on",
    "final_plan_on",
    "last_review_date",
    "review_decision_on",
    "amendments_served_on",
    "decision_sent_on",
    "mediation_certificate_on",
)
CHOICES: Mapping[str, tuple[str, ...]] = {
    "assessment_decision": ("assess", "refuse"),
    "plan_decision": ("issue", "refuse"),
    "review_decision": ("keep", "amend", "cease", "waiting"),
}
KEYS: tuple[str, ...] = (*DATE_KEYS, *CHOICES)

# A council duty whose date has passed stays in the plan this long, marked late (DOMAIN.md).
LATE_FOR = timedelta(weeks=26)
# With no decision recorded, a review this recent is still waiting for its report and decision.
_RECENT_REVIEW = timedelta(weeks=12)


# --- Answers --------------------------------------------------------------------------------------


def check_order(ehc: EhcDates) -> dict[str, str]:
    """Combinations of EHC answers that cannot be true, keyed by the field to fix.

    Each message names the other field involved, so a family or a caseworker knows what to check.
    """
    errors: dict[str, str] = {}
    requested = ehc.assessment_requested_on

    def not_before(field: str, value: date | None, other: str, bound: date | None) -> None:
        if value is not None and bound is not None and value < bound and field not in errors:
            errors[f"ehc.{field}"] = f"must be on or after ehc.{other} ({bound.isoformat()})"

    not_before("assessment_decision_on", ehc.assessment_decision_on, "assessment_requested_on",
               requested)  # fmt: skip
    not_before("plan_decision_on", ehc.plan_decision_on, "assessment_requested_on", requested)
    not_before("plan_decision_on", ehc.plan_decision_on, "assessment_decision_on",
               ehc.assessment_decision_on)  # fmt: skip
    not_before("draft_served_on", ehc.draft_served_on, "assessment_requested_on", requested)
    not_before("final_plan_on", ehc.final_plan_on, "assessment_requested_on", requested)
    not_before("review_decision_on", ehc.review_decision_on, "last_review_date",
               ehc.last_review_date)  # fmt: skip
    for choice, when in (
        ("assessment_decision", "assessment_decision_on"),
        ("plan_decision", "plan_decision_on"),
        ("review_decision", "review_decision_on"),
    ):
        if getattr(ehc, when) is not None and getattr(ehc, choice) is None:
            errors[f"ehc.{when}"] = f"needs ehc.{choice}: say what was decided on that date"
    if ehc.assessment_decision is not None and requested is None:
        errors["ehc.assessment_decision"] = "needs ehc.assessment_requested_on"
    if ehc.plan_decision is not None and ehc.assessment_decision == "refuse":
        errors["ehc.plan_decision"] = (
            "cannot be given when ehc.assessment_decision is refuse: no assessment was carried out"
        )
    if ehc.review_decision is not None and ehc.last_review_date is None:
        errors["ehc.review_decision"] = "needs ehc.last_review_date (the review meeting)"
    return errors


def parse(raw: Any, today: date, dob: date | None, errors: dict[str, str]) -> EhcDates:
    """Validate the `ehc` answers object, adding to `errors` (field path -> what is wrong)."""
    if raw is None:
        return EhcDates()
    if not isinstance(raw, Mapping):
        errors["ehc"] = "must be an object of dates and decisions"
        return EhcDates()
    for key in raw:
        if key not in KEYS:
            errors[f"ehc.{key}"] = "is not a known EHC answer (check the spelling)"
    values: dict[str, Any] = {}
    for key in DATE_KEYS:
        values[key] = _date(f"ehc.{key}", raw.get(key), today, dob, errors)
    for key, allowed in CHOICES.items():
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or value not in allowed):
            errors[f"ehc.{key}"] = f"must be one of: {', '.join(allowed)}"
            value = None
        values[key] = value
    ehc = EhcDates(**values)
    if not any(k.startswith("ehc.") for k in errors):
        errors.update(check_order(ehc))
    return ehc


def _date(
    field: str, value: Any, today: date, dob: date | None, errors: dict[str, str]
) -> date | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        errors[field] = "must be a real date written as YYYY-MM-DD"
        return None
    if day > today:
        errors[field] = "must be today or in the past"
    elif dob is not None and day < dob:
        errors[field] = "must be after the date of birth"
    return day


def to_dict(ehc: EhcDates) -> dict[str, str]:
    """The canonical `ehc` answers object (absent values left out)."""
    out: dict[str, str] = {}
    for key in KEYS:
        value = getattr(ehc, key)
        if value is not None:
            out[key] = value.isoformat() if isinstance(value, date) else value
    return out


# --- Clocks ---------------------------------------------------------------------------------------


def _weeks(param: str, start: date) -> date | None:
    amount = in_force(param, start)
    return None if amount is None else start + timedelta(weeks=amount)


def _months(param: str, start: date) -> date | None:
    amount = in_force(param, start)
    return None if amount is None else cal.add_months(start, amount)


def _days_beginning_with(param: str, start: date) -> date | None:
    # "At least 15 days, beginning with the day on which the draft was served": the day served is
    # day 1, so the last day is the start + 14 (SEND Regs 2014 reg 13(1)(a), reg 22(2)(c)).
    amount = in_force(param, start)
    return None if amount is None else start + timedelta(days=amount - 1)


def _on_or_after(value: date | None, start: date) -> bool:
    return value is not None and value >= start


# --- Steps ----------------------------------------------------------------------------------------


def assessment_decision_due(ehc: EhcDates) -> date | None:
    """`ehcna_decision`: the council must decide whether to assess within 6 weeks of the request,
    unless something later shows it has decided (SEND Regs 2014 reg 5(1))."""
    requested = ehc.assessment_requested_on
    if requested is None:
        return None
    decided = (
        _decided(ehc.assessment_decision, ehc.assessment_decision_on, requested)
        or _decided(ehc.plan_decision, ehc.plan_decision_on, requested)
        or any(
            _on_or_after(d, requested)
            for d in (ehc.draft_served_on, ehc.final_plan_on, ehc.decision_sent_on)
        )
    )
    return None if decided else _weeks("ehc.assessment_decision_weeks", requested)


def _decided(choice: str | None, on: date | None, requested: date) -> bool:
    # A decision the family recorded without its date still counts as made.
    return choice is not None and (on is None or on >= requested)


def no_plan_notice_due(ehc: EhcDates) -> date | None:
    """`ehcna_no_plan_notice`: after agreeing to assess, the latest the council may say it will not
    issue a plan is 16 weeks from the request (SEND Regs 2014 reg 10(1))."""
    requested = ehc.assessment_requested_on
    if requested is None or ehc.assessment_decision != "assess":
        return None
    if ehc.plan_decision is not None or ehc.draft_served_on or ehc.final_plan_on:
        return None
    return _weeks("ehc.no_plan_decision_weeks", requested)


def final_plan_due(ehc: EhcDates) -> date | None:
    """`ehcna_final_plan`: the final plan within 20 weeks of the request (SEND Regs 2014 reg 13(2)),
    unless the council refused to assess or to make a plan."""
    requested = ehc.assessment_requested_on
    if requested is None or ehc.final_plan_on is not None:
        return None
    if "refuse" in (ehc.assessment_decision, ehc.plan_decision):
        return None
    return _weeks("ehc.final_plan_weeks", requested)


def draft_response_due(ehc: EhcDates) -> date | None:
    """`draft_response`: the family's 15 days to comment on a draft plan (reg 13(1)(a))."""
    draft = ehc.draft_served_on
    if draft is None or _on_or_after(ehc.final_plan_on, draft):
        return None
    return _days_beginning_with("ehc.draft_response_days", draft)


def review_base(ehc: EhcDates) -> date | None:
    """The date the 12-month review clock runs from: the last review, or else the final plan."""
    return ehc.last_review_date or ehc.final_plan_on


def annual_review_due(ehc: EhcDates) -> date | None:
    """`annual_review_due`: a review "in the period of 12 months starting with" the date the plan
    was made, then the date of the last review (CFA 2014 s.44(1)): the day before the anniversary.
    """
    base = review_base(ehc)
    if base is None:
        return None
    anniversary = _months("ehc.review_interval_months", base)
    return None if anniversary is None else anniversary - timedelta(days=1)


def _awaiting_review_outcome(ehc: EhcDates, today: date) -> date | None:
    review = ehc.last_review_date
    if review is None:
        return None
    if ehc.review_decision == "waiting":
        return review
    if ehc.review_decision is None and today - review <= _RECENT_REVIEW:
        return review
    return None


def review_report_due(ehc: EhcDates, today: date) -> date | None:
    """`review_report_due`: the report of the review meeting within 2 weeks (Regs 20(7), 21(7))."""
    review = _awaiting_review_outcome(ehc, today)
    return None if review is None else _weeks("ehc.review_report_weeks", review)


def review_decision_due(ehc: EhcDates, today: date) -> date | None:
    """`review_decision_due`: keep, amend or cease within 4 weeks of the meeting (Regs 20(10);
    R (L) v Devon CC [2022] EWHC 493 (Admin))."""
    review = _awaiting_review_outcome(ehc, today)
    return None if review is None else _weeks("ehc.review_decision_weeks", review)


def amendment_response_due(ehc: EhcDates) -> date | None:
    """`amendment_response`: 15 days, beginning with the notice, to reply to proposed amendments
    (SEND Regs 2014 reg 22(2)(c))."""
    served = ehc.amendments_served_on
    if served is None or _on_or_after(ehc.final_plan_on, served):
        return None
    return _days_beginning_with("ehc.amendment_response_days", served)


def amended_plan_due(ehc: EhcDates) -> date | None:
    """`amended_plan_due`: after deciding to amend, the amended plan within 8 weeks of the notice
    of proposed amendments (reg 22(3)), and no later than 12 weeks after the review (the Devon
    judgment: amendments come with the 4-week decision)."""
    review = ehc.last_review_date
    if ehc.review_decision != "amend" or review is None or _on_or_after(ehc.final_plan_on, review):
        return None
    latest = _weeks("ehc.amended_plan_after_review_weeks", review)
    served = ehc.amendments_served_on
    after_notice = _weeks("ehc.amended_plan_weeks", served) if served is not None else None
    candidates = [d for d in (latest, after_notice) if d is not None]
    return min(candidates) if candidates else None


def appealable_decision(ehc: EhcDates) -> date | None:
    """The latest decision the family can appeal to the First-tier Tribunal (CFA 2014 s.51(2)).

    A decision to keep the plan unchanged after a review (including a decision not to amend after
    proposing amendments, reg 22(4)) can be appealed; a decision to cease is only a proposal until
    the council's notice, whose date is `decision_sent_on` (reg 31).
    """
    candidates = [
        ehc.decision_sent_on,
        ehc.assessment_decision_on if ehc.assessment_decision == "refuse" else None,
        ehc.plan_decision_on if ehc.plan_decision == "refuse" else None,
        ehc.final_plan_on,
        ehc.review_decision_on if ehc.review_decision == "keep" else None,
    ]
    dates = [d for d in candidates if d is not None]
    return max(dates) if dates else None


def mediation_adviser_due(ehc: EhcDates) -> date | None:
    """`mediation_adviser`: contact a mediation adviser within 2 months of the decision (reg 33)."""
    decision = appealable_decision(ehc)
    return None if decision is None else _months("disagreement.mediation_adviser_months", decision)


def appeal_deadline(ehc: EhcDates) -> date | None:
    """`appeal_deadline`: the later of 2 months from the decision and 1 month from the mediation
    certificate, moved for the Christmas days, August and non-working days (HESC Rules 2008
    r.20(1)(c), r.12). The Tribunal must *receive* the appeal by this day."""
    decision = appealable_decision(ehc)
    if decision is None:
        return None
    nominal = _months("disagreement.appeal_window_months", decision)
    if nominal is None:
        return None
    certificate = ehc.mediation_certificate_on
    if certificate is not None and certificate >= decision:
        after_certificate = _months("disagreement.certificate_appeal_months", certificate)
        if after_certificate is not None:
            nominal = max(nominal, after_certificate)
    return cal.tribunal_deadline(nominal)


def is_late(due: date, today: date) -> bool:
    """A council duty still shown, marked late: its date has passed, by at most 26 weeks."""
    return due < today <= due + LATE_FOR
