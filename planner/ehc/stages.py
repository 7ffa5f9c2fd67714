"""Recording where the family is in the EHC process in one step, from the family's plan, a
reminder's link or the caseworker console: the same two questions, saved straight to the plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import request

from planner.models import PlanRecord
from planner.plans import service
from planner.questionnaire import ehc_stage
from planner.rules.answers import AnswersError, answers_to_dict, parse_answers
from planner.rules.types import Answers


@dataclass(frozen=True)
class Stage:
    form: type[ehc_stage._StageForm]
    form_args: Callable[[Mapping[str, Any], Any], dict[str, Any]]
    load: Callable[[Mapping[str, Any]], dict[str, Any]]
    save: Callable[[Any, dict[str, Any]], None]


# The questions that can be answered this way, by page id (the questionnaire's own ids).
STAGES: dict[str, Stage] = {
    "ehc-assessment-stage": Stage(
        ehc_stage.EhcAssessmentStageForm,
        ehc_stage.assessment_form_args,
        ehc_stage.load_assessment,
        ehc_stage.save_assessment,
    ),
    "ehc-review-outcome": Stage(
        ehc_stage.EhcReviewOutcomeForm,
        ehc_stage.review_form_args,
        ehc_stage.load_review,
        ehc_stage.save_review,
    ),
}


def page_for(support: str | None) -> str | None:
    """The one-step question for a family on this path, if there is one."""
    return {"assessment_requested": "ehc-assessment-stage", "ehc_plan": "ehc-review-outcome"}.get(
        support or ""
    )


def answer(
    record: PlanRecord, page_id: str, *, young_person: bool | None = None
) -> tuple[ehc_stage._StageForm, Answers | None]:
    """The question's form for this plan (filled from the plan on GET, from the request on POST)
    and, when a valid answer came, the plan's answers with it, already saved (dates and
    reminders follow). A contradiction with an earlier answer is shown on the form, and nothing
    is saved. Raises KeyError for a page that cannot be answered this way."""
    stage = STAGES[page_id]
    today = service.today_in_london()
    answers = answers_to_dict(service.load_answers(record))
    answers.pop("schema", None)
    kwargs: dict[str, Any] = dict(stage.form_args(answers.get("ehc") or {}, today))
    if young_person is None:
        young_person = answers.get("respondent") == "young_person"
    kwargs["young_person"] = young_person
    if request.method == "GET":
        kwargs["data"] = stage.load(answers)
    form = stage.form(**kwargs)
    if not form.validate_on_submit():
        return form, None
    stage.save(form, answers)
    try:
        parsed = parse_answers(answers, today)
    except AnswersError as exc:
        form.answer.errors = [*form.answer.errors, *exc.errors.values()]
        return form, None
    service.update_answers(record, parsed)
    return form, parsed
