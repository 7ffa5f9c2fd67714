"""The family's page for a late council duty: the letter to copy, and the same letter as a PDF.

Opened from the plan, so the same rule applies: only a browser that may open the plan may open
its letters; anything else is "Page not found".
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template
from flask_babel import get_locale
from werkzeug.wrappers import Response

from planner.ehc.letters import letter_for, letter_pdf
from planner.i18n import text_direction
from planner.plans import service
from planner.plans.views import owned_plan, private
from planner.rules.ehc_letter import DutyLetter, LetterError

ehc_letters = Blueprint("ehc_letters", __name__)


def _letter(plan_id: str, milestone_id: str) -> tuple[DutyLetter, str]:
    record = owned_plan(plan_id)
    answers = service.load_answers(record)
    today = service.today_in_london()
    plan = service.build(answers, record.council, language=str(get_locale() or "en"), today=today)
    try:
        return letter_for(answers, plan, record.council, milestone_id, today), record.id
    except LetterError:
        # Not late (any more), or not in this plan: the page does not exist for it.
        abort(404)


@ehc_letters.get("/plan/<plan_id>/letters/<milestone_id>")
def show(plan_id: str, milestone_id: str) -> Response:
    """The letter on screen, ready to copy into an email or print."""
    letter, record_id = _letter(plan_id, milestone_id)
    html = render_template(
        "ehc/letter.html",
        letter=letter,
        plan_id=record_id,
        direction=text_direction(letter.language),
    )
    return private(make_response(html))


@ehc_letters.get("/plan/<plan_id>/letters/<milestone_id>.pdf")
def pdf(plan_id: str, milestone_id: str) -> Response:
    """The same letter as a one-page PDF to print and post."""
    letter, _ = _letter(plan_id, milestone_id)
    response = make_response(letter_pdf(letter))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="letter-{letter.milestone_id}.pdf"'
    return private(response)
