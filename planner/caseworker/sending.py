"""Sending a plan by email or text from the console, with an optional second way to reach the
family (a text after a bounced email, the address on file after either), and what a text costs
in each language, shown before anything is sent (here and on the council's settings page).

Contact details are checked by the delivery feature's rules (planner.delivery.requests), so the
console, the family's page and the API agree with GOV.UK Notify.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, session, url_for

# `lazy_gettext` by its full name: `make extract` looks for that keyword (not the `_l` alias).
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from planner.caseworker import audit, letters
from planner.caseworker.views import NOTICE, caseworker, errors_of, family_or_404
from planner.delivery import forms as delivery_forms
from planner.delivery import messages, requests
from planner.delivery import service as deliveries
from planner.delivery import settings as delivery_settings
from planner.i18n import LANGUAGE_NAMES
from planner.models import Council, PlanRecord
from planner.plans.service import issue_link, today_in_london
from planner.reminders import messages as reminder_messages
from planner.rules.types import LANGUAGES

SAMPLE_REFERENCE = "ABCD-EFGH"  # references are 8 letters and a dash


class SendMessageForm(FlaskForm):  # type: ignore[misc]
    """Email or text, the contact detail, and the family's consent to each way."""

    channel = RadioField(
        lazy_gettext("How should the family get the plan?"),
        choices=[
            SelectChoice("email", lazy_gettext("Email, with the plan attached")),
            SelectChoice("sms", lazy_gettext("Text message with a link to the plan")),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message=lazy_gettext("Choose email or text message"))],
    )
    email_address = StringField(
        lazy_gettext("Email address"),
        widget=GovTextInput(),
        description=lazy_gettext("Only for email"),
    )
    phone_number = StringField(
        lazy_gettext("UK mobile phone number"),
        widget=GovTextInput(),
        description=lazy_gettext("Only for a text"),
    )
    consent = BooleanField(
        lazy_gettext("The family agreed to us using these contact details to send the plan"),
        widget=GovCheckboxInput(),
        validators=[InputRequired(message=lazy_gettext("Confirm the family agreed"))],
    )
    fallback_phone_number = StringField(
        lazy_gettext("If the email does not arrive, text the plan to this number (optional)"),
        widget=GovTextInput(),
        description=lazy_gettext("Only for email"),
    )
    fallback_post = BooleanField(
        lazy_gettext("If it does not arrive, post the plan to the address on file"),
        widget=GovCheckboxInput(),
    )
    fallback_consent = BooleanField(
        lazy_gettext("The family agreed to be reached the second way if the first does not work"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(lazy_gettext("Send the plan"), widget=GovSubmitInput())

    def validate_fallback_consent(self, field: BooleanField) -> None:
        """A second way to reach the family needs its own consent."""
        if ((self.fallback_phone_number.data or "").strip() or self.fallback_post.data) and (
            not field.data
        ):
            raise ValidationError(lazy_gettext("Confirm the family agreed to the second way"))


FIELD_FOR = {
    "email_address": "email_address",
    "phone_number": "phone_number",
    "fallback_phone_number": "fallback_phone_number",
    "fallback_address_lines": "fallback_post",
    "fallback_consent": "fallback_consent",
}


def text_costs(council: Council) -> list[dict[str, Any]]:
    """Characters and fragments of the plan's text and a typical reminder, in each language."""
    cfg = delivery_settings.load()
    plan = messages.sms_costs(
        council=council.name, public_url=cfg.public_url, reference=SAMPLE_REFERENCE
    )
    reminder = reminder_messages.sms_costs(
        public_url=cfg.public_url, reference=SAMPLE_REFERENCE, when=today_in_london()
    )
    return [
        {
            "language": language,
            "name": LANGUAGE_NAMES[language],
            "plan": plan[language],
            "reminder": reminder[language],
        }
        for language in LANGUAGES
    ]


def _request_data(form: SendMessageForm, record: PlanRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"channel": form.channel.data, "language": record.language}
    if form.channel.data == "email":
        data["email_address"] = form.email_address.data or ""
        if (form.fallback_phone_number.data or "").strip():
            data["fallback_phone_number"] = form.fallback_phone_number.data
    else:
        data["phone_number"] = form.phone_number.data or ""
    address = letters.address_for(record.id)
    if form.fallback_post.data and address:
        data["fallback_address_lines"] = address
    if "fallback_phone_number" in data or "fallback_address_lines" in data:
        data["fallback_consent"] = bool(form.fallback_consent.data)
    return data


@caseworker.route("/families/<plan_id>/send", methods=["GET", "POST"])
def send_message(plan_id: str) -> Any:
    """Send the plan by email or text, with an optional second way; the cost of a text shown."""
    record = family_or_404(plan_id)
    address = letters.address_for(record.id)
    form = SendMessageForm()
    if form.validate_on_submit():
        if form.fallback_post.data and not address:
            form.fallback_post.errors = [lazy_gettext("Add the family's postal address first")]
        else:
            try:
                req = requests.parse(
                    _request_data(form, record),
                    default_language=record.language,
                    default_variant=record.variant,
                )
                cfg = delivery_settings.load()
                link = messages.plan_link(
                    cfg.public_url, record.id, issue_link(record, "delivery"), record.language
                )
                requests.check_sms_fits(req, record.council.name, link, record.reference)
            except requests.DeliveryRequestError as exc:
                for key, message in exc.errors.items():
                    words = delivery_forms.FIELD_MESSAGES.get(key, message)
                    getattr(form, FIELD_FOR.get(key, "channel")).errors = [words]
            else:
                delivery = deliveries.create(
                    record,
                    channel=req.channel,
                    contact={**req.contact, "link": link},
                    language=req.language,
                    variant=req.variant,
                    postage=None,
                    fallback=req.fallback,
                )
                audit.record(
                    "message.send",
                    plan_id=record.id,
                    delivery_id=delivery.id,
                    channel=req.channel,
                    fallback=",".join(sorted(req.fallback)),
                )
                session[NOTICE] = "message"
                return redirect(url_for("caseworker.family", plan_id=record.id))
    return render_template(
        "caseworker/send.html",
        form=form,
        record=record,
        address=address,
        costs=text_costs(record.council),
        errors=errors_of(form),
    )
