"""The console's forms. Fields render through govuk-frontend-wtf widgets; every label, hint,
choice and message is a lazy_gettext string. Dates reuse the questionnaire's GOV.UK date field."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from planner.caseworker.auth import MIN_PASSWORD_LENGTH
from planner.delivery.forms import POSTAGE_CHOICES
from planner.i18n import LANGUAGE_NAMES
from planner.questionnaire.forms import DateInputField
from planner.rules.types import LANGUAGES

# flask_wtf, wtforms and govuk_frontend_wtf ship no type information, so to mypy their classes
# are Any: each class built on one carries `# type: ignore[misc]` (subclassing Any).

UUID = r"^$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def options(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3's SelectChoice (tuples are deprecated)."""
    return [p if isinstance(p, SelectChoice) else SelectChoice(p[0], p[1]) for p in pairs]


class RealEmail:
    """An email address GOV.UK Notify would accept (the delivery feature's rules)."""

    def __call__(self, form: Any, field: Any) -> None:
        from planner.delivery.validation import InvalidContact, normalise_email

        try:
            field.data = normalise_email(field.data or "")
        except InvalidContact:
            raise ValidationError(_l("Enter a real email address")) from None


class PasswordWidget(GovPasswordInput):  # type: ignore[misc]
    """GOV.UK password input with its show/hide words in the page's language."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        params.update(
            showPasswordText=str(_l("Show")),
            hidePasswordText=str(_l("Hide")),
            showPasswordAriaLabelText=str(_l("Show password")),
            hidePasswordAriaLabelText=str(_l("Hide password")),
            passwordShownAnnouncementText=str(_l("Your password is visible")),
            passwordHiddenAnnouncementText=str(_l("Your password is hidden")),
        )
        return params


class LoginForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter your email address"))],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        widget=PasswordWidget(),
        validators=[InputRequired(message=_l("Enter your password"))],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class CodeForm(FlaskForm):  # type: ignore[misc]
    code = StringField(
        _l("Security code"),
        widget=GovTextInput(),
        description=_l("The 6-digit code from your authenticator app"),
        validators=[InputRequired(message=_l("Enter the security code"))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


def _current_password() -> PasswordField:
    return PasswordField(
        _l("Your current password"),
        widget=PasswordWidget(),
        validators=[InputRequired(message=_l("Enter your current password"))],
        render_kw={"autocomplete": "current-password"},
    )


def _current_code() -> StringField:
    # Required only when the account has a second factor: the view checks it then.
    return StringField(
        _l("Your current security code"),
        widget=GovTextInput(),
        description=_l("The 6-digit code from your authenticator app"),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )


class PasswordChangeForm(FlaskForm):  # type: ignore[misc]
    """A new password: the current password and security code first (issue 16, B5)."""

    password = _current_password()
    current_code = _current_code()
    new_password = PasswordField(
        _l("New password"),
        widget=PasswordWidget(),
        description=_l("At least %(n)s characters", n=MIN_PASSWORD_LENGTH),
        validators=[
            InputRequired(message=_l("Enter a new password")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("The password is too short")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class TwoFactorForm(FlaskForm):  # type: ignore[misc]
    """Set up or replace the security code: the password and current code first (B5)."""

    password = _current_password()
    current_code = _current_code()
    code = StringField(
        _l("Code from the new key"),
        widget=GovTextInput(),
        description=_l("The 6-digit code your app shows for the key above"),
        validators=[InputRequired(message=_l("Enter the security code"))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ButtonForm(FlaskForm):  # type: ignore[misc]
    """A form that is only a button (sign out, retry, rebuild): it carries the CSRF token."""

    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SearchForm(FlaskForm):  # type: ignore[misc]
    """Find a family. Sent by POST with a CSRF token, never in the query string: names and
    dates of birth in an address end up in access logs and browser history (issue 16, B7)."""

    reference = StringField(
        _l("Plan reference"), widget=GovTextInput(), description=_l("For example, ABCD-EF23")
    )
    name = StringField(_l("First name"), widget=GovTextInput())
    postcode = StringField(_l("Postcode"), widget=GovTextInput())
    date_of_birth = DateInputField(
        _l("Date of birth"), subject=_l("Date of birth"), description=_l("For example, 27 3 2012")
    )
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())


RELATIONSHIP_CHOICES = [
    ("parent_carer", _l("Parent or carer")),
    ("young_person", _l("The young person")),
    ("other", _l("Someone else with authority to act for them")),
]
METHOD_CHOICES = [
    ("phone", _l("On the phone")),
    ("face_to_face", _l("Face to face")),
    ("letter", _l("By letter")),
]
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
VARIANT_CHOICES = [("standard", _l("Standard print")), ("large-print", _l("Large print"))]
# The words read to (or shown to) the family; stored verbatim with each consent.
CONSENT_WORDING = _l(
    "The council will use the answers you give me to make a plan of the next steps for your "
    "child, keep it for as long as you use it (and delete it if you ask), and send it to you by "
    "the way you choose. Do you agree to me filling in the questions for you?"
)


class ConsentForm(FlaskForm):  # type: ignore[misc]
    """Before answering for a family: who agreed, how, when, and their language and format."""

    given_by = StringField(
        _l("Name of the person who agreed"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the name of the person who agreed")),
            Length(max=100, message=_l("Name must be 100 characters or fewer")),
        ],
    )
    relationship = RadioField(
        _l("Their relationship to the young person"),
        choices=options(RELATIONSHIP_CHOICES),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose their relationship to the young person"))],
    )
    method = RadioField(
        _l("How did they agree?"),
        choices=options(METHOD_CHOICES),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose how they agreed"))],
    )
    given_on = DateInputField(
        _l("When did they agree?"),
        subject=_l("The date they agreed"),
        required=_l("Enter the date they agreed"),
        description=_l("For example, 27 3 2026"),
    )
    language = SelectField(
        _l("Language for their plan and letters"),
        choices=options(LANGUAGE_CHOICES),
        default="en",
        widget=GovSelect(),
    )
    variant = RadioField(
        _l("Print size"),
        choices=options(VARIANT_CHOICES),
        default="standard",
        widget=GovRadioInput(),
    )
    agreed = RadioField(
        _l("Did they agree to the words above?"),
        choices=options([("yes", _l("Yes, they agreed"))]),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Confirm that they agreed"))],
    )
    submit = SubmitField(_l("Continue to the questions"), widget=GovSubmitInput())


class AddressForm(FlaskForm):  # type: ignore[misc]
    address = TextAreaField(
        _l("Postal address"),
        widget=GovTextArea(),
        description=_l("Put each line on a new line, ending with the postcode"),
        validators=[InputRequired(message=_l("Enter the postal address"))],
    )
    submit = SubmitField(_l("Save address"), widget=GovSubmitInput())


class SendLetterForm(FlaskForm):  # type: ignore[misc]
    postage = RadioField(
        _l("Postage"), choices=options(POSTAGE_CHOICES), default="second", widget=GovRadioInput()
    )
    submit = SubmitField(_l("Send by post"), widget=GovSubmitInput())


SUPPORT_CHOICES = [
    ("", _l("Any")),
    ("ehc_plan", _l("Has an EHC plan")),
    ("assessment_requested", _l("Waiting for an EHC needs assessment")),
    ("sen_support", _l("SEN support")),
]
YEAR_CHOICES = [("", _l("Any"))] + [(str(n), _l("Year %(n)s", n=n)) for n in range(0, 14)]
MILESTONE_CHOICES = [
    ("", _l("Any date in the plan")),
    ("phase_primary_secondary", _l("Moving to secondary school (15 February)")),
    ("phase_post16", _l("Moving on after Year 11 (31 March)")),
    ("annual_review_due", _l("Annual review due")),
    ("year9_pfa_review", _l("Year 9 preparing for adulthood review")),
    ("appeal_deadline", _l("Appeal deadline")),
]


class BatchFilterForm(FlaskForm):  # type: ignore[misc]
    """Which families get a letter. Read from the query string so the count can be shown first."""

    class Meta:
        csrf = False

    support = SelectField(
        _l("Help with learning"), choices=options(SUPPORT_CHOICES), default="", widget=GovSelect()
    )
    year_group = SelectField(
        _l("School year now"), choices=options(YEAR_CHOICES), default="", widget=GovSelect()
    )
    milestone = SelectField(
        _l("With this date in their plan"),
        choices=options(MILESTONE_CHOICES),
        default="",
        widget=GovSelect(),
    )
    weeks = IntegerField(
        _l("Within this many weeks"),
        widget=GovTextInput(),
        description=_l("Leave blank for any time in the next year"),
        validators=[
            Optional(),
            NumberRange(min=1, max=104, message=_l("Enter a number of weeks from 1 to 104")),
        ],
    )
    submit = SubmitField(_l("Find families"), widget=GovSubmitInput())


class BatchForm(FlaskForm):  # type: ignore[misc]
    mode = RadioField(
        _l("What do you want to do with the letters?"),
        choices=options(
            [
                ("post", _l("Send them by post through GOV.UK Notify")),
                ("print", _l("Download them as one PDF to print here")),
            ]
        ),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose what to do with the letters"))],
    )
    postage = RadioField(
        _l("Postage"), choices=options(POSTAGE_CHOICES), default="second", widget=GovRadioInput()
    )
    submit = SubmitField(_l("Make the letters"), widget=GovSubmitInput())


def _lines(field: Any) -> list[str]:
    return [line.strip() for line in (field.data or "").splitlines() if line.strip()]


class SettingsForm(FlaskForm):  # type: ignore[misc]
    name = StringField(
        _l("Council name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the council's name")), Length(max=200)],
    )
    contact_email = StringField(
        _l("Contact email address"),
        widget=GovTextInput(),
        validators=[Optional(), RealEmail(), Length(max=200)],
    )
    contact_phone = StringField(
        _l("Contact phone number"), widget=GovTextInput(), validators=[Optional(), Length(max=50)]
    )
    website = StringField(
        _l("Local Offer website"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            Regexp(r"^https?://\S+$", message=_l("Enter a web address starting with https://")),
            Length(max=300),
        ],
    )
    return_address = TextAreaField(
        _l("Return address for letters"),
        widget=GovTextArea(),
        description=_l("One line per line of the address, ending with the postcode"),
        validators=[InputRequired(message=_l("Enter the return address"))],
    )
    languages = StringField(
        _l("Languages offered"),
        widget=GovTextInput(),
        description=_l("Language codes separated by spaces, for example: en pl ro ur"),
    )
    lead_council_deadline = StringField(
        _l("Reminders before council deadlines (days)"),
        widget=GovTextInput(),
        description=_l("Days before the date, separated by spaces. A minus number is after it."),
    )
    lead_family_action = StringField(
        _l("Reminders before things the family must do (days)"), widget=GovTextInput()
    )
    lead_age = StringField(
        _l("Reminders before birthdays that matter (days)"), widget=GovTextInput()
    )
    retention_days = IntegerField(
        _l("Keep unused plans for (days)"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter how many days to keep unused plans")),
            NumberRange(min=30, max=3650, message=_l("Enter a number of days from 30 to 3650")),
        ],
    )
    notify_email_template_id = StringField(
        _l("GOV.UK Notify email template ID"),
        widget=GovTextInput(),
        validators=[Regexp(UUID, message=_l("Enter a template ID like the one in Notify"))],
    )
    notify_sms_template_id = StringField(
        _l("GOV.UK Notify text message template ID"),
        widget=GovTextInput(),
        validators=[Regexp(UUID, message=_l("Enter a template ID like the one in Notify"))],
    )
    submit = SubmitField(_l("Save settings"), widget=GovSubmitInput())

    def validate_languages(self, field: StringField) -> None:
        codes = (field.data or "").split()
        if not codes or any(code not in LANGUAGES for code in codes) or "en" not in codes:
            raise ValidationError(
                _l("Enter language codes from: %(codes)s, including en", codes=" ".join(LANGUAGES))
            )

    @staticmethod
    def _days(field: StringField) -> None:
        parts = (field.data or "").split()
        if not parts or not all(p.lstrip("-").isdigit() and -30 <= int(p) <= 365 for p in parts):
            raise ValidationError(_l("Enter whole numbers of days from -30 to 365"))

    def validate_lead_council_deadline(self, field: StringField) -> None:
        self._days(field)

    def validate_lead_family_action(self, field: StringField) -> None:
        self._days(field)

    def validate_lead_age(self, field: StringField) -> None:
        self._days(field)

    def validate_return_address(self, field: TextAreaField) -> None:
        if not 3 <= len(_lines(field)) <= 7:
            raise ValidationError(_l("Enter a return address of 3 to 7 lines"))


class UserForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter their email address")),
            RealEmail(),
        ],
    )
    role = RadioField(
        _l("Role"),
        choices=options([("caseworker", _l("Caseworker")), ("admin", _l("Administrator"))]),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose a role"))],
    )
    password = PasswordField(
        _l("Temporary password"),
        widget=PasswordWidget(),
        description=_l("At least %(n)s characters", n=MIN_PASSWORD_LENGTH),
        validators=[
            InputRequired(message=_l("Enter a password")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("The password is too short")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Add user"), widget=GovSubmitInput())


class AuditFilterForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False

    user = SelectField(
        _l("User"), choices=options([("", _l("Everyone"))]), default="", widget=GovSelect()
    )
    since = DateInputField(_l("From"), subject=_l("The start date"))
    until = DateInputField(_l("To"), subject=_l("The end date"))
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())


def lines(field: Any) -> list[str]:
    """A textarea's non-blank lines."""
    return _lines(field)
