"""The "Send my plan" form. Fields render through govuk-frontend-wtf widgets; every label, hint,
choice and message is a lazy_gettext string. Contact details are checked by the same rules as the
API (planner.delivery.requests), so the page and the API agree with Notify."""

from __future__ import annotations

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
from wtforms.validators import InputRequired, ValidationError

# flask_wtf, wtforms and govuk_frontend_wtf ship no type information, so to mypy their classes
# are Any: each class built on one carries `# type: ignore[misc]` (subclassing Any).

CHANNEL_CHOICES = [
    SelectChoice("email", _l("Email, with the plan attached")),
    SelectChoice("sms", _l("Text message with a link to the plan")),
    SelectChoice("letter", _l("Posted letter")),
    SelectChoice("pdf", _l("Download a PDF")),
]
POSTAGE_CHOICES = [
    SelectChoice("second", _l("Second class (usually 2 to 3 working days)")),
    SelectChoice("first", _l("First class (usually the next working day)")),
    SelectChoice("economy", _l("Economy (up to 8 working days)")),
]
VARIANT_CHOICES = [
    SelectChoice("standard", _l("Standard print")),
    SelectChoice("large-print", _l("Large print")),
]


class SendForm(FlaskForm):  # type: ignore[misc]
    """How the family wants their plan, and where to send it."""

    channel = RadioField(
        _l("How do you want to get your plan?"),
        choices=CHANNEL_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose how you want to get your plan"))],
    )
    email_address = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        description=_l("Only if you chose email"),
    )
    phone_number = StringField(
        _l("UK mobile phone number"),
        widget=GovTextInput(),
        description=_l("Only if you chose a text message. For example, 07700 900 982"),
    )
    address = TextAreaField(
        _l("Postal address"),
        widget=GovTextArea(),
        description=_l(
            "Only if you chose a letter. Put each line on a new line, ending with the postcode"
        ),
    )
    postage = RadioField(
        _l("Postage"), choices=POSTAGE_CHOICES, default="second", widget=GovRadioInput()
    )
    variant = RadioField(
        _l("Print size"), choices=VARIANT_CHOICES, default="standard", widget=GovRadioInput()
    )
    consent = BooleanField(
        _l("I agree to the council using these contact details to send my plan"),
        widget=GovCheckboxInput(),
    )
    # A second way to reach the family, used only if the first one does not exist. These use
    # `lazy_gettext` by its full name, the keyword `make extract` looks for.
    fallback_phone_number = StringField(
        lazy_gettext("If the email does not arrive, text it to this mobile number (optional)"),
        widget=GovTextInput(),
        description=lazy_gettext("Only if you chose email. For example, 07700 900 982"),
    )
    fallback_address = TextAreaField(
        lazy_gettext("If the email or text does not arrive, post it to this address (optional)"),
        widget=GovTextArea(),
        description=lazy_gettext("Put each line on a new line, ending with the postcode"),
    )
    fallback_consent = BooleanField(
        lazy_gettext("I agree to the council using these details if the first way does not work"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Send my plan"), widget=GovSubmitInput())

    def validate_consent(self, field: BooleanField) -> None:
        """Consent is needed when we keep contact details: not for a download."""
        if self.channel.data in ("email", "sms", "letter") and not field.data:
            raise ValidationError(_l("Agree to us using your contact details"))

    def validate_fallback_consent(self, field: BooleanField) -> None:
        """A second way to reach the family needs its own consent."""
        given = (self.fallback_phone_number.data or "").strip() or (
            self.fallback_address.data or ""
        ).strip()
        if given and not field.data:
            raise ValidationError(lazy_gettext("Agree to us using the second way to reach you"))

    def fallback_data(self) -> dict[str, object]:
        """The fallback fields in the API's words, for the channels that can use them."""
        data: dict[str, object] = {}
        phone = (self.fallback_phone_number.data or "").strip()
        lines = [line for line in (self.fallback_address.data or "").splitlines() if line.strip()]
        if phone and self.channel.data == "email":
            data["fallback_phone_number"] = phone
        if lines and self.channel.data in ("email", "sms"):
            data["fallback_address_lines"] = lines
        if data:
            data["fallback_consent"] = bool(self.fallback_consent.data)
        return data


FIELD_FOR = {
    "email_address": "email_address",
    "phone_number": "phone_number",
    "address_lines": "address",
    "fallback_phone_number": "fallback_phone_number",
    "fallback_address_lines": "fallback_address",
    "fallback_consent": "fallback_consent",
}
FIELD_MESSAGES = {
    "email_address": _l("Enter an email address in the correct format, like name@example.com"),
    "phone_number": _l("Enter a UK mobile phone number, like 07700 900 982"),
    "address_lines": _l(
        "Enter an address of 3 to 7 lines ending with a real UK postcode, with no line "
        "starting with a symbol"
    ),
    "fallback_phone_number": _l("Enter a UK mobile phone number, like 07700 900 982"),
    "fallback_address_lines": _l(
        "Enter an address of 3 to 7 lines ending with a real UK postcode, with no line "
        "starting with a symbol"
    ),
    "fallback_consent": lazy_gettext("Agree to us using the second way to reach you"),
    "postage": _l("Choose a postage"),
    "variant": _l("Choose a print size"),
    "language": _l("Choose a language"),
    "channel": _l("Choose how you want to get your plan"),
}

# When planner.delivery.recipients refuses the recipient, by its reason. (`lazy_gettext` by its
# own name: `make extract` does not look for `_l`.)
REFUSED_MESSAGES = {
    "blocked": lazy_gettext(
        "The person at this address has asked us not to send them messages. Choose another way "
        "to get your plan"
    ),
    "limit": lazy_gettext(
        "We have sent 5 messages to this address in the last 24 hours. Try again tomorrow, or "
        "download a PDF"
    ),
}
