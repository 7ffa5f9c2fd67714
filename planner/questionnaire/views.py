"""The questionnaire: a start page, one question per page, then "Check your answers".

Answers in progress are an `answers/v1` dict, with the ids of the pages already shown, kept
encrypted on the server (planner.drafts): the session cookie holds only the draft's random id,
never a name, date of birth or need. No plan is stored until the family submits "Check your
answers"; then the one validator (`parse_answers`) checks everything and a plan is created.

Also here: the site-wide helpers every page template needs (language links, the council's name)
and the short content pages linked from the footer.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, lazy_gettext
from werkzeug.wrappers import Response

from planner import drafts
from planner.councils.service import council_code_for_request
from planner.limits import limit_plan_creation
from planner.models import Council
from planner.plans import service
from planner.questionnaire import ehc_stage, flow
from planner.questionnaire.forms import DateInputField, QuestionForm, SubmitForm
from planner.rules.answers import AnswersError, parse_answers

questionnaire = Blueprint("questionnaire", __name__)


# Session keys. "plans" (the plans this browser may open) is shared with planner.plans.views.
# DRAFT holds the id of the answers in progress (planner.drafts), never the answers.
DRAFT, EDITING, PLANS, NEW_LINK, NOTICE = (
    "answers_draft",
    "editing",
    "plans",
    "new_link",
    "plan_notice",
)


# ---------------------------------------------------------------------------------------------
# Site-wide template helpers


def current_council() -> Council | None:
    """This request's council (by its Host header; the default council when no council claims
    the host), for the header and contact details; None when it is not set up yet or the
    database is away (error pages must still render)."""
    from planner.councils.service import council_for_request

    return council_for_request()


def language_url(code: str) -> str:
    """This page in another language (`?lang=`, keeping the other query parameters)."""
    args = request.args.to_dict()
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"


@questionnaire.app_context_processor
def page_helpers() -> dict[str, Any]:
    return {"language_url": language_url, "current_council": current_council}


@questionnaire.app_template_filter("long_date")
def long_date(value: date) -> str:
    """A date in the page's language, e.g. "1 September 2027"."""
    return flow.format_day(value)


def current_language() -> str:
    return str(get_locale() or "en")


# ---------------------------------------------------------------------------------------------
# Answers in the session


def _draft() -> dict[str, Any]:
    return drafts.load(DRAFT) or {}


def session_answers() -> dict[str, Any]:
    return dict(_draft().get("answers") or {})


def session_seen() -> set[str]:
    return set(_draft().get("seen") or ())


def save_session(answers: dict[str, Any], seen: set[str]) -> None:
    drafts.save(DRAFT, {"answers": answers, "seen": sorted(seen)})


def clear_answers() -> None:
    drafts.drop(DRAFT)
    session.pop(EDITING, None)


def question_url(page: flow.Page | None, *, change: bool = False) -> str:
    if page is None:
        return url_for("questionnaire.check")
    return url_for("questionnaire.question", page_id=page.id, change=1 if change else None)


def error_list(form: QuestionForm) -> list[dict[str, str]]:
    """The error summary: each message linking to the first box to fix (GOV.UK pattern)."""
    items = []
    for field in form.question_fields():
        if not field.errors:
            continue
        if isinstance(field, DateInputField):
            href = f"#{field.name}-{(field.error_parts or ('day',))[0]}"
        else:
            href = f"#{field.id}"
        items.append({"text": str(field.errors[0]), "href": href})
    return items


def build_form(page: flow.Page, answers: dict[str, Any], today: date) -> QuestionForm:
    """The page's form, filled from the session on GET and from the request on POST."""
    facts = flow.Facts.of(answers, today)
    kwargs: dict[str, Any] = {"young_person": facts.young_person}
    if request.method == "GET":
        kwargs["data"] = page.load(answers)
    if page.id == "date-of-birth":
        kwargs["today"] = today
    if page.id == "ehc-dates":
        kwargs.update(today=today, date_of_birth=facts.date_of_birth, keys=flow.ehc_keys_for(facts))
    if page.id == "ehc-assessment-stage":
        kwargs.update(ehc_stage.assessment_form_args(answers.get("ehc") or {}, today))
    if page.id == "ehc-review-outcome":
        kwargs.update(ehc_stage.review_form_args(answers.get("ehc") or {}, today))
    form = page.form(**kwargs)
    if page.id == "topics":
        allowed = flow.topics_for(facts)
        form.answer.choices = [c for c in form.answer.choices if c.value in allowed]
    if page.id == "setting":
        allowed = flow.settings_for(facts)
        form.answer.choices = [c for c in form.answer.choices if c.value in allowed]
    return form


# ---------------------------------------------------------------------------------------------
# Pages


@questionnaire.get("/")
def start() -> str:
    """The start page. Leaving a half-finished change to a saved plan starts afresh."""
    if session.get(EDITING):
        clear_answers()
    return render_template("questionnaire/start.html", first=question_url(flow.PAGES[0]))


@questionnaire.route("/questions/<page_id>", methods=["GET", "POST"])
def question(page_id: str) -> Response | str:
    """One question. A valid answer goes to the next page that applies (or back to "Check your
    answers" after a change); a wrong one shows the page again with the errors."""
    page = flow.BY_ID.get(page_id) or abort(404)
    today = service.today_in_london()
    answers, seen = session_answers(), session_seen()
    pages = flow.applicable(answers, today)
    change = request.args.get("change") == "1"
    if page not in pages:
        return redirect(question_url(flow.first_unfinished(answers, seen, today), change=change))
    for earlier in pages[: pages.index(page)]:
        if earlier.required and not earlier.answered(answers):
            return redirect(question_url(earlier, change=change))

    form = build_form(page, answers, today)
    if form.validate_on_submit():
        page.save(form, answers)
        answers["language"] = current_language()
        seen.add(page.id)
        flow.prune(answers, seen, today)
        save_session(answers, seen)
        if change:
            return redirect(question_url(flow.first_unfinished(answers, seen, today), change=True))
        return redirect(question_url(flow.next_page(page.id, answers, today)))

    if change:
        back = url_for("questionnaire.check")
    else:
        earlier_page = flow.previous_page(page.id, answers, today)
        back = question_url(earlier_page) if earlier_page else url_for("questionnaire.start")
    template = (
        "questionnaire/ehc_dates.html" if page.id == "ehc-dates" else "questionnaire/question.html"
    )
    return render_template(template, form=form, page=page, back_url=back, errors=error_list(form))


def check_rows(answers: dict[str, Any], today: date) -> list[dict[str, Any]]:
    """The summary list rows, each with a "Change" link that comes back here."""
    rows = []
    for page in flow.applicable(answers, today):
        for key, value in page.rows(answers, today):
            empty = lazy_gettext("Everything that applies") if page.id == "topics" else None
            rows.append(
                {
                    "key": {"text": key},
                    "value": {"html": value}
                    if value
                    else {"text": empty or lazy_gettext("Not given")},
                    "actions": {
                        "items": [
                            {
                                "href": question_url(page, change=True),
                                "text": lazy_gettext("Change"),
                                "visuallyHiddenText": key,
                            }
                        ]
                    },
                }
            )
    return rows


@questionnaire.route("/check", methods=["GET", "POST"])
@limit_plan_creation
def check() -> Response | str:
    """Check your answers, then create the plan (or update the one being changed)."""
    today = service.today_in_london()
    answers, seen = session_answers(), session_seen()
    unfinished = flow.first_unfinished(answers, seen, today)
    if unfinished is not None:
        return redirect(question_url(unfinished))
    form = SubmitForm()
    problems: dict[str, str] = {}
    if form.validate_on_submit():
        answers["language"] = current_language()
        try:
            validated = parse_answers(answers, today)
        except AnswersError as exc:
            problems = exc.errors
        else:
            return redirect(save_plan(validated))
    editing = session.get(EDITING)
    return render_template(
        "questionnaire/check.html",
        form=form,
        rows=check_rows(answers, today),
        problems=problems,
        editing=bool(editing),
        back_url=question_url(flow.applicable(answers, today)[-1]),
    )


def save_plan(answers: Any) -> str:
    """Store the answers as a new plan, or over the plan being changed; return where to go."""
    plan_id = session.get(EDITING)
    mine = isinstance(plan_id, str) and plan_id in (session.get(PLANS) or [])
    record = service.get_plan(str(plan_id)) if mine else None
    if record is not None:
        service.update_answers(record, answers)
        session[NOTICE] = "updated"
    else:
        council = service.get_or_create_council(council_code_for_request())
        record, token = service.create_plan(answers, council)
        session[PLANS] = [*(session.get(PLANS) or []), record.id]
        # Shown once on the plan page, then dropped: we keep only a hash of the token.
        session[NEW_LINK] = {"id": record.id, "token": token}
    clear_answers()
    return url_for("plans.show", plan_id=record.id)


# ---------------------------------------------------------------------------------------------
# Content pages linked from every page


@questionnaire.get("/privacy")
def privacy() -> str:
    return render_template("pages/privacy.html")


@questionnaire.get("/accessibility")
def accessibility() -> str:
    return render_template("pages/accessibility.html")


@questionnaire.get("/cookies")
def cookies() -> str:
    return render_template("pages/cookies.html")


@questionnaire.get("/feedback")
def feedback() -> str:
    return render_template("pages/feedback.html")
