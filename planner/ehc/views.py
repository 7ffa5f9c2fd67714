"""The family's page for a late council duty: the letter to copy, and the same letter as a PDF.

Opened from the plan, so the same rule applies: only a browser that may open the plan may open
its letters; anything else is "Page not found".
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import get_locale
from werkzeug.wrappers import Response

from planner.ehc import stages
from planner.ehc.letters import letter_for, letter_pdf
from planner.i18n import text_direction
from planner.plans import service
from planner.plans.views import owned_plan, private
from planner.questionnaire.views import NOTICE, error_list
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


@ehc_letters.app_template_global("ehc_update_page")
def update_page_for(support: str | None) -> str | None:
    """The one-step update question for a family on this path, if there is one."""
    return stages.page_for(support)


@ehc_letters.route("/plan/<plan_id>/ehc/<page_id>", methods=["GET", "POST"])
def update(plan_id: str, page_id: str) -> Response | str:
    """ "What has the council told you?" answered in one step: the plan is saved at once, and its
    dates and reminders follow (linked from a late duty and from the day-after reminder)."""
    record = owned_plan(plan_id)
    if page_id not in stages.STAGES:
        abort(404)
    form, saved = stages.answer(record, page_id)
    if saved is not None:
        session[NOTICE] = "updated"
        return redirect(url_for("plans.show", plan_id=record.id))
    return render_template(
        "ehc/update.html",
        page=None,
        form=form,
        back_url=url_for("plans.show", plan_id=record.id),
        errors=error_list(form),
    )
