"""The "Send my plan" page, the delivery status page and, in development, the outbox.

Access follows the plans pages: the plan id must be in this browser's session (`owned_plan`).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.delivery import fallback, forms, messages, recipients, requests, service
from planner.delivery import settings as delivery_settings
from planner.delivery.outbox import OutboxSender
from planner.limits import limit_link_requests
from planner.plans import service as plans_service
from planner.plans.views import owned_plan, private

delivery = Blueprint("delivery", __name__)


def _language() -> str:
    return str(get_locale() or "en")


@delivery.route("/plan/<plan_id>/send", methods=["GET", "POST"])
@limit_link_requests
def send(plan_id: str) -> Any:
    """Choose a channel, give contact details and consent; queue the delivery."""
    record = owned_plan(plan_id)
    form = forms.SendForm(variant=record.variant)
    language = _language()
    if form.validate_on_submit():
        data: dict[str, Any] = {
            "channel": form.channel.data,
            "language": language,
            "variant": form.variant.data,
        }
        if form.channel.data == "email":
            data["email_address"] = form.email_address.data or ""
        elif form.channel.data == "sms":
            data["phone_number"] = form.phone_number.data or ""
        elif form.channel.data == "letter":
            data["address_lines"] = (form.address.data or "").splitlines()
            data["postage"] = form.postage.data
        data.update(form.fallback_data())
        try:
            req = requests.parse(data, default_language=language, default_variant=record.variant)
            recipient = recipients.check(req.channel, req.contact)
            # A link of its own for this message, so it opens the plan on any device.
            token = plans_service.issue_link(record, "delivery")
            link = messages.plan_link(delivery_settings.load().public_url, plan_id, token, language)
            requests.check_sms_fits(req, record.council.name, link, record.reference)
        except requests.DeliveryRequestError as exc:
            for key in exc.errors:
                name = forms.FIELD_FOR.get(key, "channel")
                getattr(form, name).errors = [
                    forms.FIELD_MESSAGES.get(key, forms.FIELD_MESSAGES["channel"])
                ]
        except recipients.Refused as exc:
            field = getattr(form, forms.FIELD_FOR.get(exc.field, "channel"))
            field.errors = [forms.REFUSED_MESSAGES[exc.reason]]
        else:
            row = service.create(
                record,
                channel=req.channel,
                contact={**req.contact, "link": link},
                language=req.language,
                variant=req.variant,
                postage=req.postage,
                fallback=req.fallback,
                recipient=recipient,
            )
            return redirect(url_for("delivery.status", plan_id=plan_id, delivery_id=row.id))
    html = render_template(
        "delivery/send.html",
        form=form,
        record=record,
        errors=[
            {"text": str(field.errors[0]), "href": f"#{field.id}"} for field in form if field.errors
        ],
    )
    return private(current_app.make_response(html))


@delivery.get("/plan/<plan_id>/deliveries/<delivery_id>")
def status(plan_id: str, delivery_id: str) -> Response:
    """How the delivery is going, in plain words."""
    record = owned_plan(plan_id)
    row = service.for_plan(delivery_id, record.id)
    if row is None:
        abort(404)
    html = render_template(
        "delivery/status.html", record=record, delivery=row, routes=fallback.routes(row)
    )
    return private(current_app.make_response(html))


def _outbox() -> OutboxSender:
    """The outbox holds every message, secret plan links included: only a signed-in admin may
    read it, and never in production. Anyone else gets "Page not found", as if it were not
    there."""
    if current_app.config["PLANNER_ENV"] == "production":
        abort(404)
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(404)
    return OutboxSender(delivery_settings.load().outbox_dir)


@delivery.get("/dev/outbox")
def outbox() -> str:
    """Development only, signed-in admins only: every message the outbox has written, newest
    first."""
    entries = list(reversed(_outbox().entries()))
    return render_template("delivery/outbox.html", entries=entries)


@delivery.get("/dev/outbox/<path:name>")
def outbox_file(name: str) -> Response:
    """Development only: one outbox file."""
    return send_from_directory(_outbox().folder, name)


# The "I did not ask for this" pages add their routes to this blueprint.
from planner.delivery import not_me  # noqa: E402, F401
