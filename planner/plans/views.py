"""The family's plan pages: the plan itself, the secret "return to your plan" link, changing the
answers, deleting everything, and the PDF.

A browser may open a plan when the plan's id is in its session: put there when the plan was made
in this browser, or when the secret link was opened. Anything else is "Page not found", the same
answer for a plan that does not exist, so ids cannot be probed.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, refresh
from werkzeug.wrappers import Response

from planner.i18n import BabelLocalizer
from planner.models import PlanRecord
from planner.plans import service, sharing, timeline
from planner.questionnaire import flow
from planner.questionnaire.forms import SubmitForm
from planner.questionnaire.views import (
    EDITING,
    NEW_LINK,
    NOTICE,
    PLANS,
    clear_answers,
    save_session,
)
from planner.rules.answers import answers_to_dict
from planner.rules.types import LANGUAGES, VARIANTS, Plan

plans = Blueprint("plans", __name__)
# How often the "your PDF is being made" page reloads itself (a worker takes a few seconds).
PDF_REFRESH_SECONDS = 3


def owned_plan(plan_id: str) -> PlanRecord:
    """The plan when this browser may open it, else 404."""
    if plan_id not in (session.get(PLANS) or []):
        abort(404)
    record = service.get_plan(plan_id)
    if record is None:
        forget(plan_id)
        abort(404)
    return on_this_host(record)


def on_this_host(record: PlanRecord | None) -> PlanRecord:
    """The plan when this host serves its council (its own hosts, or one no council claims),
    shown as its own council's; 404 on another council's host."""
    from planner.councils.service import serves, use_council

    if record is None or not serves(record.council_id):
        abort(404)
    use_council(record.council)
    return record


def remember(plan_id: str) -> None:
    if plan_id not in (session.get(PLANS) or []):
        session[PLANS] = [*(session.get(PLANS) or []), plan_id]


def forget(plan_id: str) -> None:
    session[PLANS] = [p for p in session.get(PLANS) or [] if p != plan_id]
    if session.get(EDITING) == plan_id:
        clear_answers()


def pdf_available() -> bool:
    """True when the PDF renderer is installed in this build (planner.plans.render)."""
    return importlib.util.find_spec("planner.plans.render") is not None


def private(response: Response) -> Response:
    """Plans are personal: never cached by the browser or anything in between."""
    response.headers["Cache-Control"] = "no-store"
    return response


def dates_context(plan: Plan) -> dict[str, Any]:
    """The next steps and the grouped dates, as the PDF and the letter show them."""
    return {
        "next_steps": timeline.shown_steps(
            plan.next_steps, plan.generated_on, BabelLocalizer(plan.language)
        ),
        "timeline": timeline.group_dates(plan.milestones, plan.generated_on, plan.young_person.age),
        "stage_titles": timeline.STAGE_TITLES,
        "school_year": timeline.school_year_of(plan.generated_on),
    }


@plans.get("/plan/<plan_id>")
def show(plan_id: str) -> Response:
    """The plan as it stands today, in the page's language."""
    record = owned_plan(plan_id)
    answers = service.load_answers(record)
    plan = service.build(answers, record.council, language=str(get_locale() or "en"))
    service.touch(record)
    new_link = session.pop(NEW_LINK, None)
    return_url = None
    if new_link and new_link.get("id") == plan_id:
        return_url = url_for(
            "plans.open_link", plan_id=plan_id, token=new_link["token"], _external=True
        )
    html = render_template(
        "plan/show.html",
        record=record,
        plan=plan,
        answers=answers,
        council=record.council,
        return_url=return_url,
        notice=session.pop(NOTICE, None),
        stop_form=SubmitForm(),
        pdf=pdf_available(),
        young_person=plan.young_person,
        speaks_to_young_person=answers.respondent == "young_person",
        **dates_context(plan),
    )
    return private(make_response(html))


@plans.get("/plan/<plan_id>/open/<token>")
def open_link(plan_id: str, token: str) -> Response:
    """The secret "return to your plan" link: remember the plan in this browser, then show it
    at an address without the secret (so it is not kept in history or shared by accident)."""
    record = on_this_host(service.open_plan(plan_id, token))
    # A `?lang=` on the link wins and is remembered; otherwise the plan opens in the language
    # the family chose for it (links in messages carry no `?lang=`).
    if request.args.get("lang") in LANGUAGES:
        get_locale()
    else:
        session["lang"] = record.language
        refresh()
    remember(record.id)
    service.touch(record)
    return private(redirect(url_for("plans.show", plan_id=record.id)))


@plans.get("/p/<token>")
def open_short_link(token: str) -> Response:
    """The short secret link in a message (a text has little room): it opens the plan it was
    issued for, in the plan's own language."""
    record = on_this_host(service.open_link(token))
    session["lang"] = record.language
    refresh()
    remember(record.id)
    service.touch(record)
    # A reminder may link straight to one EHC question ("has the council written to you?");
    # only those named pages, so the link can never send anyone elsewhere.
    from planner.ehc.stages import STAGES

    update = request.args.get("update")
    if update in STAGES:
        return private(redirect(url_for("ehc_letters.update", plan_id=record.id, page_id=update)))
    return private(redirect(url_for("plans.show", plan_id=record.id)))


@plans.get("/plan/<plan_id>/change")
def change(plan_id: str) -> Response:
    """Load the plan's answers into the questionnaire and go to "Check your answers"."""
    record = owned_plan(plan_id)
    answers = answers_to_dict(service.load_answers(record))
    answers.pop("schema", None)
    today = service.today_in_london()
    save_session(answers, {page.id for page in flow.applicable(answers, today)})
    session[EDITING] = record.id
    return redirect(url_for("questionnaire.check"))


@plans.route("/plan/<plan_id>/delete", methods=["GET", "POST"])
def delete(plan_id: str) -> Response | str:
    """Ask first; then erase the plan, its answers and anything hanging off it."""
    record = owned_plan(plan_id)
    form = SubmitForm()
    if form.validate_on_submit():
        service.erase_plan(record)
        forget(plan_id)
        return redirect(url_for("plans.deleted"))
    return render_template("plan/delete.html", form=form, record=record)


@plans.route("/plan/<plan_id>/sharing", methods=["GET", "POST"])
def share(plan_id: str) -> Response | str:
    """Say what the council's SEND team would see and why; share when the family agrees."""
    record = owned_plan(plan_id)
    form = SubmitForm()
    if form.validate_on_submit():
        sharing.share(record)
        session[NOTICE] = "shared"
        return redirect(url_for("plans.show", plan_id=record.id, _anchor="sharing"))
    return render_template(
        "plan/sharing.html", form=form, record=record, wording=sharing.SHARE_WORDING
    )


@plans.post("/plan/<plan_id>/sharing/stop")
def stop_sharing(plan_id: str) -> Response:
    """Stop sharing: the council's staff cannot find or open the plan from now on."""
    record = owned_plan(plan_id)
    if not SubmitForm().validate_on_submit():
        abort(400)
    sharing.unshare(record)
    session[NOTICE] = "unshared"
    return redirect(url_for("plans.show", plan_id=record.id, _anchor="sharing"))


@plans.get("/plan-deleted")
def deleted() -> str:
    return render_template("plan/deleted.html")


@plans.get("/plan/<plan_id>/pdf")
def pdf(plan_id: str) -> Response:
    """The plan as an accessible PDF (`?variant=large-print` for large print), as a worker
    rendered it. The PDF is never made in this request: when it is not ready yet the worker is
    asked for it and the page says so, refreshing itself until the file is there."""
    record = owned_plan(plan_id)
    if not pdf_available():
        abort(404)
    from planner.pdf import storage

    variant = request.args.get("variant", record.variant)
    if variant not in VARIANTS:
        abort(404)
    language = str(get_locale() or "en")
    path = storage.request_render(record, language, variant)
    if path is None:
        html = render_template(
            "plan/pdf_wait.html",
            record=record,
            variant=variant,
            refresh_seconds=PDF_REFRESH_SECONDS,
        )
        response = make_response(html, 202)
        response.headers["Retry-After"] = str(PDF_REFRESH_SECONDS)
        return private(response)
    response = make_response(path.read_bytes())
    response.headers["Content-Type"] = "application/pdf"
    name = "plan-large-print.pdf" if variant == "large-print" else "plan.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return private(response)
