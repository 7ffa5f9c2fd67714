"""The questionnaire on a family's behalf. Consent comes first (who agreed, how, when, and the
words they agreed to); then the family questionnaire's own pages, forms and rules run here
under /caseworker/families/<id>/questions/..., with answers (and the consent giver's name) kept
as a server-side draft of their own (planner.drafts: encrypted, the cookie holds only its id) so
a caseworker's work never mixes with a family's; "Check answers" creates or updates the plan.

`<fid>` is a plan id, or "new" for a family without a plan yet.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, cast

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from planner import crypto, drafts
from planner.caseworker import audit, forms, search
from planner.caseworker.models import Consent
from planner.caseworker.views import NOTICE, caseworker, errors_of, family_or_404
from planner.extensions import db
from planner.models import PlanRecord, utcnow
from planner.plans import service as plans
from planner.plans import sharing
from planner.questionnaire import flow
from planner.questionnaire.forms import SubmitForm
from planner.questionnaire.views import build_form, error_list
from planner.rules.answers import AnswersError, answers_to_dict, parse_answers

WORK = "cw_questionnaire"
NEW = "new"


def _work(fid: str) -> dict[str, Any] | None:
    """The answers in progress for this family, when consent has been recorded for it."""
    work = drafts.load(WORK)
    return work if isinstance(work, dict) and work.get("fid") == fid else None


def _save_work(work: dict[str, Any]) -> None:
    drafts.save(WORK, work)


def _record_for(fid: str) -> PlanRecord | None:
    return None if fid == NEW else family_or_404(fid)


def _question_url(fid: str, page: flow.Page | None, *, change: bool = False) -> str:
    if page is None:
        return url_for("caseworker.check", fid=fid)
    return url_for("caseworker.question", fid=fid, page_id=page.id, change=1 if change else None)


@caseworker.route("/families/<fid>/consent", methods=["GET", "POST"])
def consent(fid: str) -> Any:
    """Record consent before answering for the family (required every time)."""
    record = _record_for(fid)
    today = plans.today_in_london()
    initial = {"given_on": today, "language": "en", "variant": "standard"}
    if record is not None:
        initial.update(language=record.language, variant=record.variant)
    form = forms.ConsentForm(data=initial if request.method == "GET" else None)
    if form.validate_on_submit():
        given_on = cast(date, form.given_on.data)  # validated, and the field is required
        if given_on > today:
            form.given_on.errors = [_l("The date they agreed must be today or in the past")]
        else:
            answers: dict[str, Any] = {}
            seen: list[str] = []
            if record is not None:
                answers = answers_to_dict(plans.load_answers(record))
                answers.pop("schema", None)
                seen = [page.id for page in flow.applicable(answers, today)]
            answers["language"] = form.language.data
            answers["variant"] = form.variant.data
            _save_work(
                {
                    "fid": fid,
                    "answers": answers,
                    "seen": seen,
                    "consent": {
                        "name": form.given_by.data.strip(),
                        "relationship": form.relationship.data,
                        "method": form.method.data,
                        "given_on": given_on.isoformat(),
                        "wording": str(forms.CONSENT_WORDING),
                    },
                }
            )
            if record is None:
                return redirect(_question_url(fid, flow.PAGES[0]))
            return redirect(url_for("caseworker.check", fid=fid))
    return render_template(
        "caseworker/consent.html",
        form=form,
        record=record,
        fid=fid,
        wording=forms.CONSENT_WORDING,
        errors=errors_of(form),
    )


@caseworker.route("/families/<fid>/questions/<page_id>", methods=["GET", "POST"])
def question(fid: str, page_id: str) -> Response | str:
    """One of the family questionnaire's pages, answered by the caseworker."""
    record = _record_for(fid)
    work = _work(fid)
    if work is None:
        return redirect(url_for("caseworker.consent", fid=fid))
    page = flow.BY_ID.get(page_id) or abort(404)
    today = plans.today_in_london()
    answers, seen = dict(work["answers"]), set(work["seen"])
    pages = flow.applicable(answers, today)
    change = request.args.get("change") == "1"
    if page not in pages:
        target = flow.first_unfinished(answers, seen, today)
        return redirect(_question_url(fid, target, change=change))
    for earlier in pages[: pages.index(page)]:
        if earlier.required and not earlier.answered(answers):
            return redirect(_question_url(fid, earlier, change=change))
    form = build_form(page, answers, today)
    if form.validate_on_submit():
        page.save(form, answers)
        seen.add(page.id)
        flow.prune(answers, seen, today)
        _save_work({**work, "answers": answers, "seen": sorted(seen)})
        if change:
            target = flow.first_unfinished(answers, seen, today)
            return redirect(_question_url(fid, target, change=True))
        return redirect(_question_url(fid, flow.next_page(page.id, answers, today)))
    earlier_page = flow.previous_page(page.id, answers, today)
    if change or earlier_page is None:
        back = url_for("caseworker.check" if change else "caseworker.consent", fid=fid)
    else:
        back = _question_url(fid, earlier_page)
    return render_template(
        "caseworker/question.html",
        form=form,
        page=page,
        record=record,
        back_url=back,
        errors=error_list(form),
        ehc=page.id == "ehc-dates",
    )


def _rows(fid: str, answers: dict[str, Any], today: date) -> list[dict[str, Any]]:
    rows = []
    for page in flow.applicable(answers, today):
        for key, value in page.rows(answers, today):
            rows.append(
                {
                    "key": {"text": key},
                    "value": {"html": value} if value else {"text": _l("Not given")},
                    "actions": {
                        "items": [
                            {
                                "href": _question_url(fid, page, change=True),
                                "text": _l("Change"),
                                "visuallyHiddenText": key,
                            }
                        ]
                    },
                }
            )
    return rows


@caseworker.route("/families/<fid>/check", methods=["GET", "POST"])
def check(fid: str) -> Response | str:
    """Check the answers with the family, then make or update their plan."""
    record = _record_for(fid)
    work = _work(fid)
    if work is None:
        return redirect(url_for("caseworker.consent", fid=fid))
    today = plans.today_in_london()
    answers, seen = dict(work["answers"]), set(work["seen"])
    unfinished = flow.first_unfinished(answers, seen, today)
    if unfinished is not None:
        return redirect(_question_url(fid, unfinished))
    form = SubmitForm()
    problems: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            validated = parse_answers(answers, today)
        except AnswersError as exc:
            problems = exc.errors
        else:
            record = save(record, validated, work["consent"])
            drafts.drop(WORK)
            session[NOTICE] = "saved"
            return redirect(url_for("caseworker.family", plan_id=record.id))
    return render_template(
        "caseworker/check.html",
        form=form,
        fid=fid,
        record=record,
        rows=_rows(fid, answers, today),
        problems=problems,
        back_url=_question_url(fid, flow.applicable(answers, today)[-1]),
    )


def _when(day: date) -> datetime:
    """Consent given today is stamped now; an earlier day (a letter) at the start of that day."""
    return utcnow() if day == plans.today_in_london() else datetime.combine(day, time.min)


def save(record: PlanRecord | None, answers: Any, given: dict[str, Any]) -> PlanRecord:
    """Create or update the plan, index it for search, store the consent and audit it all."""
    if record is None:
        # The family's secret link is not kept: they reach the plan through the caseworker,
        # letters, or by asking for a link later.
        record, _token = plans.create_plan(answers, current_user.council)
        # Made with the family, consent recorded below: the council's staff may see it (until
        # the family stops sharing it from their plan page).
        sharing.share(record, via="caseworker", commit=False)
        action = "family.create"
    else:
        plans.update_answers(record, answers)
        from planner.reminders import service as reminders

        # The plan's dates may have moved: bring its reminders in line (DESIGN.md "Reminders").
        reminders.rebuild(record)
        action = "family.change"
    creator = current_user.id if action == "family.create" else None
    search.index_plan(record, answers, created_by=creator)
    consent_row = Consent(
        plan_id=record.id,
        given_by_enc=crypto.encrypt_json(
            {"name": given["name"], "relationship": given["relationship"]}
        ),
        method=given["method"],
        given_at=_when(date.fromisoformat(given["given_on"])),
        wording=given["wording"],
        recorded_by=current_user.id,
    )
    db.session.add(consent_row)
    db.session.flush()
    audit.record("consent.record", plan_id=record.id, consent_id=consent_row.id, commit=False)
    audit.record(action, plan_id=record.id, version=record.version)
    return record
