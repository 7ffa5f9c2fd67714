"""Reminder pages: opt in or out on the plan (/plan/<id>/reminders) and the stop link that every
reminder carries (/reminders/stop/<token>, GET confirms, POST stops: RFC 8058 one-click)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, session

from planner import crypto
from planner.delivery import recipients
from planner.extensions import csrf
from planner.limits import limit_link_requests
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.reminders import service
from planner.reminders.forms import CONSENT_LABEL, ReminderForm, StopForm

reminders = Blueprint("reminders", __name__)


def _own_plan(plan_id: str) -> PlanRecord:
    """The plan when this browser may open it (its id is in the session), else 404: the same
    answer for someone else's plan and a plan that does not exist."""
    if plan_id not in (session.get("plans") or []):
        abort(404)
    record = plans.get_plan(plan_id)
    if record is None:
        abort(404)
    return record


def _errors(form: Any) -> list[dict[str, str]]:
    """The error summary's list: each message linking to its field."""
    return [
        {"text": str(message), "href": f"#{field.id}"} for field in form for message in field.errors
    ]


@reminders.route("/plan/<plan_id>/reminders", methods=["GET", "POST"])
@limit_link_requests
def opt_in(plan_id: str) -> Any:
    """Choose a channel, give the contact detail and consent; or see and stop reminders."""
    record = _own_plan(plan_id)
    sub = service.subscription_for(record)
    form = ReminderForm()
    if form.validate_on_submit():
        sub = service.opt_in(
            record,
            form.channel.data,
            form.contact,
            wording=str(CONSENT_LABEL),
            given_by=f"family:{plans.load_answers(record).respondent or 'unknown'}:web",
        )
        return render_template(
            "reminders/confirmed.html",
            record=record,
            reminders=service.reminders_for(record),
        )
    return render_template(
        "reminders/opt_in.html",
        form=form,
        record=record,
        subscription=sub,
        errors=_errors(form),
    )


@reminders.post("/plan/<plan_id>/reminders/off")
def opt_out(plan_id: str) -> Any:
    """Turn reminders off for this plan (CSRF-protected form on the reminders page)."""
    record = _own_plan(plan_id)
    service.opt_out(record)
    return render_template("reminders/stopped.html", record=record)


@reminders.route("/reminders/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # type: ignore[untyped-decorator]  # flask_wtf ships no types
def stop(token: str) -> Any:
    """GET shows a confirm button (link scanners only GET, so they never stop anything); POST
    stops every future reminder for the plan at once, including Notify's one-click POST."""
    sub = service.subscription_for_token(token)
    if sub is None:
        abort(404)
    # Any POST stops: our confirm button and a provider's `List-Unsubscribe=One-Click` alike.
    if request.method == "POST":
        # "I did not ask for these": the recipient, not just this plan (the contact is read
        # before stopping, which forgets it).
        key = None
        if request.form.get("not_me") and sub.contact_enc is not None:
            key = recipients.recipient_key(sub.channel, crypto.decrypt_json(sub.contact_enc))
        service.stop(token)
        if key is not None:
            recipients.block(key)
            return render_template("delivery/not_me_done.html")
        return render_template("reminders/stopped.html", record=None)
    return render_template("reminders/stop.html", form=StopForm())
