"""Where the family is in the EHC process: one question page for a family waiting on an
assessment ("What has the council told you?") and one for a family with a plan ("What did the
council decide after the last annual review?"). Each is a single choice, with the date of the
council's letter; "We have not heard yet" is always a choice, so no family is stuck.

A choice maps to the `ehc` answers of DOMAIN.md, "The EHC process". The pages own only their
keys, so saving one never drops the dates another page asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import Any

from flask_babel import lazy_gettext
from markupsafe import escape

from planner.questionnaire.forms import DateInputField, QuestionForm, Radios, options

LazyText = Any

# --- What each choice means in answers -----------------------------------------------------------

# Assessment path: choice -> (fixed answers, the key the letter's date goes in).
ASSESSMENT_STAGES: dict[str, tuple[dict[str, str], str | None]] = {
    "waiting": ({}, None),
    "assess": ({"assessment_decision": "assess"}, "assessment_decision_on"),
    "refuse": ({"assessment_decision": "refuse"}, "assessment_decision_on"),
    "no_plan": ({"assessment_decision": "assess", "plan_decision": "refuse"}, "plan_decision_on"),
    "draft": ({"assessment_decision": "assess", "plan_decision": "issue"}, "draft_served_on"),
    "final": ({"assessment_decision": "assess", "plan_decision": "issue"}, "final_plan_on"),
}
ASSESSMENT_KEYS: tuple[str, ...] = (
    "assessment_decision",
    "assessment_decision_on",
    "plan_decision",
    "plan_decision_on",
    "draft_served_on",
    "final_plan_on",
)
# Plan path: the review decision; for "amend" the letter is also the notice of the proposed
# changes (the Devon judgment: the amendments come with the 4-week decision).
REVIEW_KEYS: tuple[str, ...] = ("review_decision", "review_decision_on", "amendments_served_on")

ASSESSMENT_LABELS: dict[str, LazyText] = {
    "waiting": lazy_gettext("We have not heard yet"),
    "assess": lazy_gettext("The council agreed to carry out an assessment"),
    "refuse": lazy_gettext("The council said no to an assessment"),
    "draft": lazy_gettext("We got a draft EHC plan"),
    "no_plan": lazy_gettext("After the assessment, the council said it will not make a plan"),
    "final": lazy_gettext("We got the final EHC plan"),
}
REVIEW_LABELS: dict[str, LazyText] = {
    "waiting": lazy_gettext("We have not heard yet"),
    "keep": lazy_gettext("Keep the plan as it is"),
    "amend": lazy_gettext("Change the plan"),
    "cease": lazy_gettext("Stop the plan"),
}
REVIEW_HINTS: dict[str, LazyText] = {
    "amend": lazy_gettext("The council sent the changes it wants to make"),
    "cease": lazy_gettext("The council wants to stop the plan"),
}


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# --- Forms ---------------------------------------------------------------------------------------


class _StageForm(QuestionForm):
    """A choice and the date of the council's letter, checked against the earlier dates."""

    decided_on: DateInputField

    def __init__(
        self, *args: Any, today: date, not_before: date | None, not_before_text: str, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.today = today
        self.not_before = not_before
        self.not_before_text = not_before_text

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        ok = super().validate(extra_validators)
        field, day = self.decided_on, self.decided_on.data
        if field.errors or day is None:
            return bool(ok)
        message = None
        if day > self.today:
            message = str(lazy_gettext("%(subject)s must be today or in the past")) % {
                "subject": field.subject
            }
        elif self.not_before is not None and day < self.not_before:
            message = self.not_before_text
        if message:
            field.error_parts = ("day", "month", "year")
            field.errors.append(message)
            return False
        return bool(ok)


class EhcAssessmentStageForm(_StageForm):
    answer = Radios(
        lazy_gettext("What has the council told you about the assessment?"),
        description=lazy_gettext("Choose the latest thing that has happened."),
        required=lazy_gettext("Select what the council has told you, or that you have not heard"),
        choices=options(ASSESSMENT_LABELS),
    )
    decided_on = DateInputField(
        lazy_gettext("When was the council's letter sent?"),
        description=lazy_gettext(
            "The date on the letter or email. Leave this blank if you do not know it or have not "
            "heard yet. For example, 14 3 2026"
        ),
        subject=lazy_gettext("Date of the letter"),
    )


class EhcReviewOutcomeForm(_StageForm):
    answer = Radios(
        lazy_gettext("What did the council decide after the last annual review?"),
        description=lazy_gettext("The council must write to you within 4 weeks of the meeting."),
        required=lazy_gettext("Select what the council decided, or that you have not heard"),
        choices=options(REVIEW_LABELS),
        hints=REVIEW_HINTS,
    )
    decided_on = DateInputField(
        lazy_gettext("When was the council's letter sent?"),
        description=lazy_gettext(
            "The date on the letter or email. Leave this blank if you do not know it or have not "
            "heard yet. For example, 14 3 2026"
        ),
        subject=lazy_gettext("Date of the letter"),
    )


def assessment_form_args(ehc: Mapping[str, Any], today: date) -> dict[str, Any]:
    return {
        "today": today,
        "not_before": _iso(ehc.get("assessment_requested_on")),
        "not_before_text": str(
            lazy_gettext("Date of the letter must be on or after the date you asked")
        ),
    }


def review_form_args(ehc: Mapping[str, Any], today: date) -> dict[str, Any]:
    return {
        "today": today,
        "not_before": _iso(ehc.get("last_review_date")),
        "not_before_text": str(
            lazy_gettext("Date of the letter must be on or after the review meeting")
        ),
    }


# --- Reading and writing the answers ------------------------------------------------------------


def _ehc(answers: Mapping[str, Any]) -> Mapping[str, Any]:
    value = answers.get("ehc")
    return value if isinstance(value, Mapping) else {}


def assessment_stage(ehc: Mapping[str, Any]) -> tuple[str | None, date | None]:
    """The choice and date these answers record, latest step first."""
    for choice in ("final", "draft", "no_plan", "refuse", "assess"):
        fixed, key = ASSESSMENT_STAGES[choice]
        if all(ehc.get(k) == v for k, v in fixed.items()) and (
            choice not in ("final", "draft") or ehc.get(key or "")
        ):
            return choice, _iso(ehc.get(key or ""))
    return ("waiting" if ehc.get("assessment_requested_on") else None), None


def load_assessment(answers: Mapping[str, Any]) -> dict[str, Any]:
    choice, day = assessment_stage(_ehc(answers))
    return {"answer": choice, "decided_on": day}


def save_assessment(form: QuestionForm, answers: MutableMapping[str, Any]) -> None:
    fixed, key = ASSESSMENT_STAGES[form.answer.data]
    updates: dict[str, str] = dict(fixed)
    day = form.decided_on.data
    if key is not None and day is not None:
        updates[key] = day.isoformat()
    replace(answers, ASSESSMENT_KEYS, updates)


def load_review(answers: Mapping[str, Any]) -> dict[str, Any]:
    ehc = _ehc(answers)
    return {"answer": ehc.get("review_decision"), "decided_on": _iso(ehc.get("review_decision_on"))}


def save_review(form: QuestionForm, answers: MutableMapping[str, Any]) -> None:
    choice = form.answer.data
    updates: dict[str, str] = {"review_decision": choice}
    day = form.decided_on.data
    if day is not None and choice != "waiting":
        updates["review_decision_on"] = day.isoformat()
        if choice == "amend":
            updates["amendments_served_on"] = day.isoformat()
    replace(answers, REVIEW_KEYS, updates)


def replace(
    answers: MutableMapping[str, Any], owned: tuple[str, ...], updates: Mapping[str, str]
) -> None:
    """Replace this page's keys in `ehc`, keeping every other page's."""
    ehc = {k: v for k, v in _ehc(answers).items() if k not in owned}
    ehc.update(updates)
    if ehc:
        answers["ehc"] = ehc
    else:
        answers.pop("ehc", None)


def rows(
    label: str, labels: Mapping[str, LazyText], choice: str | None, day: date | None, fmt: Any
) -> list[tuple[str, str]]:
    """The "Check your answers" row: the choice, and the letter's date when given."""
    if choice is None:
        return [(label, "")]
    value = str(labels[choice])
    if day is not None:
        value = f"{value} ({fmt(day)})"
    return [(label, str(escape(value)))]
