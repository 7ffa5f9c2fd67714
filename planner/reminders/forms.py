"""The opt-in form: channel, the one contact detail that channel needs, and consent.

Fields render through govuk-frontend-wtf widgets; every label, hint and message is lazy_gettext.
Contact details are checked by the delivery feature's validators (planner.reminders.service).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from planner.reminders.service import ReminderError, validate_contact

# flask_wtf, wtforms and govuk_frontend_wtf ship no type information, so to mypy their classes
# are Any: each class built on one carries `# type: ignore[misc]` (subclassing Any).

# The same English source as service.CONSENT_WORDING; the page stores the wording it showed,
# in the language it showed it.
CONSENT_LABEL = _l(
    "I agree to get reminders about the dates in this plan by the way I chose. I can stop them at "
    "any time."
)


class ReminderForm(FlaskForm):  # type: ignore[misc]
    """Opt in to reminders for one plan."""

    channel = RadioField(
        _l("How do you want to get reminders?"),
        choices=[
            SelectChoice("email", _l("Email")),
            SelectChoice("sms", _l("Text message")),
            SelectChoice("letter", _l("Letter by post")),
        ],
        validators=[InputRequired(message=_l("Select how you want to get reminders"))],
        widget=GovRadioInput(),
    )
    email_address = StringField(
        _l("Email address"), widget=GovTextInput(), render_kw={"autocomplete": "email"}
    )
    phone_number = StringField(
        _l("UK mobile phone number"), widget=GovTextInput(), render_kw={"autocomplete": "tel"}
    )
    address = TextAreaField(
        _l("Postal address"),
        description=_l("Put each line of the address on a new line, with the postcode last."),
        widget=GovTextArea(),
    )
    consent = BooleanField(
        CONSENT_LABEL,
        validators=[InputRequired(message=_l("You must agree before we can send reminders"))],
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Turn on reminders"), widget=GovSubmitInput())

    contact: dict[str, Any]

    def validate(self, extra_validators: Any = None) -> bool:
        """The standard checks, then the contact detail for the chosen channel."""
        ok: bool = super().validate(extra_validators)
        if not self.channel.data or self.channel.errors:
            return False
        data = {
            "email_address": self.email_address.data or "",
            "phone_number": self.phone_number.data or "",
            "address_lines": (self.address.data or "").splitlines(),
        }
        try:
            self.contact = validate_contact(self.channel.data, data)
        except ReminderError as exc:
            names = {"address_lines": "address"}
            for name, message in exc.errors.items():
                getattr(self, names.get(name, name)).errors.append(_l(message))
            return False
        return ok


class StopForm(FlaskForm):  # type: ignore[misc]
    """A single button: confirm stopping reminders (GET shows it, POST acts).

    No CSRF token: RFC 8058 one-click POSTs come from mail providers without one, and the signed
    token in the URL is already the secret that proves the right to stop."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Stop reminders"), widget=GovSubmitInput())
    # Texts have no room for an "I did not ask for this" link of their own, so it is here.
    not_me = SubmitField(
        lazy_gettext("I did not ask for these: stop all messages to me"), widget=GovSubmitInput()
    )
