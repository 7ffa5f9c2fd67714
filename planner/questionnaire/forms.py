"""One form per question page. Fields render through govuk-frontend-wtf widgets, so the page
templates stay a few lines; every label, hint, choice and error message is a `lazy_gettext` string.

Questions are written to a parent ("your child"). When the young person is answering, each form
swaps in the "you" wording from its `you_text` table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import Field, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from planner.rules.answers import (
    NAME_MAX,
    clean_name,
    name_problem,
    normalise_postcode,
    text_problem,
    years_before,
)

# flask_wtf, wtforms and govuk_frontend_wtf ship no type information, so to mypy their classes
# are Any: each class built on one carries `# type: ignore[misc]` (subclassing Any).

LazyText = Any  # flask_babel's LazyString: str-like, translated when rendered

# ---------------------------------------------------------------------------------------------
# Widgets: the govuk-frontend-wtf ones, plus our words for the parts they hard-code in English,
# the page-heading style (GOV.UK question pages use the question as the h1) and per-choice hints.


class _Localised:
    """Translate the visually hidden "Error:" prefix and make the question the page heading."""

    heading_key = "fieldset"  # radios, checkboxes and dates are fieldsets; inputs have a label

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        if "errorMessage" in params:
            params["errorMessage"]["visuallyHiddenText"] = str(lazy_gettext("Error"))
        if getattr(field, "is_page_heading", False):
            if self.heading_key == "fieldset":
                params["fieldset"] = {
                    "legend": {
                        "text": field.label.text,
                        "isPageHeading": True,
                        "classes": "govuk-fieldset__legend--l",
                    }
                }
            else:
                params["label"] = {
                    "text": field.label.text,
                    "isPageHeading": True,
                    "classes": "govuk-label--l",
                }
        elif self.heading_key == "fieldset" and "fieldset" in params:
            params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--m"
        return params


class _ChoiceHints:
    """Add the hint under each radio or checkbox from the field's `hints` mapping."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        hints: Mapping[str, LazyText] = getattr(field, "hints", {}) or {}
        for item in params.get("items", []):
            if item.get("value") in hints:
                item["hint"] = {"text": str(hints[item["value"]])}
        if not (params.get("hint") or {}).get("text"):
            params.pop("hint", None)
        if getattr(field, "inline", False):
            params["classes"] = "govuk-radios--inline"
        return params


class TextWidget(_Localised, GovTextInput):  # type: ignore[misc]
    heading_key = "label"


class RadiosWidget(_Localised, _ChoiceHints, GovRadioInput):  # type: ignore[misc]
    pass


class CheckboxesWidget(_Localised, _ChoiceHints, GovCheckboxesInput):  # type: ignore[misc]
    pass


class _DateParts(GovDateInput):  # type: ignore[misc]
    """Day, month and year boxes labelled in the page's language; only the parts that are wrong
    are outlined in red (GOV.UK date input pattern). Replaces govuk-frontend-wtf's mapping, which
    hard-codes English labels and cannot redisplay a partly filled date."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = GovFormBase.map_gov_params(self, field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        wrong = set(field.error_parts) if field.errors else set()
        autocomplete = getattr(field, "autocomplete", None)
        params["items"] = []
        for index, (part, label, width) in enumerate(
            (
                ("day", lazy_gettext("Day"), 2),
                ("month", lazy_gettext("Month"), 2),
                ("year", lazy_gettext("Year"), 4),
            )
        ):
            item = {
                "label": str(label),
                "id": f"{field.name}-{part}",
                "name": field.name,
                "classes": f"govuk-input--width-{width}"
                + (" govuk-input--error" if part in wrong else ""),
                "value": field.parts[index],
            }
            if autocomplete:
                item["autocomplete"] = f"{autocomplete}-{part}"
            params["items"].append(item)
        if not params.get("hint"):
            params.pop("hint", None)
        return params


class DateWidget(_Localised, _DateParts):
    pass


# ---------------------------------------------------------------------------------------------
# Fields


def options(labels: Mapping[str, LazyText]) -> list[SelectChoice]:
    """Radio or checkbox choices from a {value: label} table, in its order."""
    return [SelectChoice(value, label) for value, label in labels.items()]


class DateInputField(Field):  # type: ignore[misc]
    """A date typed as day, month and year, checked the GOV.UK way: "Date of birth must include a
    month", "Date of birth must be a real date", "Year must include 4 numbers".

    `subject` names the date at the start of each message ("Date of birth"). Empty is allowed
    unless `required` is given (the message to show).
    """

    widget = DateWidget()

    def __init__(
        self,
        label: LazyText = None,
        validators: Sequence[Callable[..., None]] | None = None,
        *,
        subject: LazyText,
        required: LazyText | None = None,
        autocomplete: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.subject = subject
        self.required_message = required
        self.autocomplete = autocomplete
        self.parts: tuple[str, str, str] = ("", "", "")
        self.error_parts: tuple[str, ...] = ()

    def _value(self) -> str:
        return " ".join(self.parts)

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, date) else None
        if self.data is not None:
            self.parts = (str(self.data.day), str(self.data.month), str(self.data.year))

    def process_formdata(self, valuelist: list[str]) -> None:
        day, month, year = (s.strip() for s in ([*valuelist, "", "", ""][:3]))
        self.parts = (day, month, year)
        self.data = None
        named = dict(zip(("day", "month", "year"), self.parts, strict=True))
        missing = tuple(part for part, value in named.items() if not value)
        if len(missing) == 3:
            return
        subject = {"subject": self.subject}
        if missing:
            self.error_parts = missing
            raise ValueError(str(_MISSING_PART_MESSAGES[missing]) % subject)
        if not all(v.isdigit() for v in self.parts):
            self.error_parts = tuple(p for p, v in named.items() if not v.isdigit())
            raise ValueError(str(lazy_gettext("%(subject)s must be a real date")) % subject)
        if len(year) != 4:
            self.error_parts = ("year",)
            raise ValueError(str(lazy_gettext("Year must include 4 numbers")))
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            bad_month = not 1 <= int(month) <= 12
            self.error_parts = ("month",) if bad_month else ("day", "month")
            raise ValueError(
                str(lazy_gettext("%(subject)s must be a real date")) % subject
            ) from None

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            self.error_parts = self.error_parts or ("day", "month", "year")
            raise StopValidation()
        if self.data is None and self.required_message is not None:
            self.error_parts = ("day", "month", "year")
            raise StopValidation(str(self.required_message))


_MISSING_PART_MESSAGES: dict[tuple[str, ...], LazyText] = {
    ("day",): lazy_gettext("%(subject)s must include a day"),
    ("month",): lazy_gettext("%(subject)s must include a month"),
    ("year",): lazy_gettext("%(subject)s must include a year"),
    ("day", "month"): lazy_gettext("%(subject)s must include a day and month"),
    ("day", "year"): lazy_gettext("%(subject)s must include a day and year"),
    ("month", "year"): lazy_gettext("%(subject)s must include a month and year"),
}


class Radios(RadioField):  # type: ignore[misc]
    """Radios with a hint under each choice. `required` is the message when nothing is chosen (or
    something we did not offer arrives)."""

    widget = RadiosWidget()

    def __init__(
        self,
        label: LazyText = None,
        *,
        required: LazyText,
        hints: Mapping[str, LazyText] | None = None,
        inline: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, **kwargs)
        self.required_message = required
        self.hints = hints or {}
        self.inline = inline

    def pre_validate(self, form: Any) -> None:
        if self.data is None or not any(c.value == self.data for c in self.choices):
            raise StopValidation(str(self.required_message))


class Checkboxes(SelectMultipleField):  # type: ignore[misc]
    """Checkboxes, all optional."""

    widget = CheckboxesWidget()

    def __init__(
        self, label: LazyText = None, *, hints: Mapping[str, LazyText] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(label, **kwargs)
        self.hints = hints or {}

    def pre_validate(self, form: Any) -> None:
        offered = {c.value for c in self.choices}
        if any(value not in offered for value in self.data or ()):
            raise StopValidation(str(lazy_gettext("Select from the list")))


# ---------------------------------------------------------------------------------------------
# Forms


class QuestionForm(FlaskForm):  # type: ignore[misc]
    """A question page's form. The field named by `heading` is the page's h1."""

    heading: ClassVar[str] = "answer"
    # "You" wording for the young person: field name -> (label, hint or None).
    you_text: ClassVar[dict[str, tuple[LazyText, LazyText | None]]] = {}

    def __init__(self, *args: Any, young_person: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.heading in self._fields:
            self._fields[self.heading].is_page_heading = True
        if young_person:
            for name, (label, hint) in self.you_text.items():
                self._fields[name].label.text = label
                if hint is not None:
                    self._fields[name].description = hint

    @property
    def question(self) -> str:
        """The page's h1 and title."""
        return str(self._fields[self.heading].label.text)

    def question_fields(self) -> list[Field]:
        """The fields to render, in order (everything but the CSRF token)."""
        return [f for name, f in self._fields.items() if name != "csrf_token"]


RESPONDENT_LABELS: dict[str, LazyText] = {
    "parent_carer": lazy_gettext("A parent or carer"),
    "young_person": lazy_gettext("The child or young person themselves"),
    "professional": lazy_gettext("A professional helping a family"),
}


class RespondentForm(QuestionForm):
    answer = Radios(
        lazy_gettext("Who is filling in this form?"),
        required=lazy_gettext("Select who is filling in this form"),
        choices=options(RESPONDENT_LABELS),
        hints={
            "professional": lazy_gettext("For example, a teacher, SENCO or family support worker"),
        },
    )


class NameForm(QuestionForm):
    answer = StringField(
        lazy_gettext("What is your child's first name?"),
        description=lazy_gettext("This is optional. We use it to make the plan easier to read."),
        widget=TextWidget(),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    you_text = {
        "answer": (
            lazy_gettext("What is your first name?"),
            lazy_gettext("This is optional. We use it to make the plan easier to read."),
        )
    }

    def validate_answer(self, field: StringField) -> None:
        """The rules' own check (planner.rules.answers), worded for the family."""
        value = field.data or ""
        problem = text_problem(value) or name_problem(clean_name(value))
        if problem == "too_long":
            raise ValidationError(
                str(lazy_gettext("First name must be %(max)d characters or fewer"))
                % {"max": NAME_MAX}
            )
        if problem is not None:
            raise ValidationError(
                str(
                    lazy_gettext(
                        "First name can only include letters, spaces, hyphens and apostrophes"
                    )
                )
            )


class DateOfBirthForm(QuestionForm):
    answer = DateInputField(
        lazy_gettext("What is your child's date of birth?"),
        description=lazy_gettext("For example, 27 3 2012"),
        subject=lazy_gettext("Date of birth"),
        required=lazy_gettext("Enter your child's date of birth"),
    )
    you_text = {"answer": (lazy_gettext("What is your date of birth?"), None)}

    def __init__(self, *args: Any, today: date, young_person: bool = False, **kwargs: Any):
        super().__init__(*args, young_person=young_person, **kwargs)
        self.today = today
        if young_person:
            self.answer.required_message = lazy_gettext("Enter your date of birth")
            self.answer.autocomplete = "bday"

    def validate_answer(self, field: DateInputField) -> None:
        if field.data is None:
            return
        if field.data > self.today:
            field.error_parts = ("day", "month", "year")
            raise ValidationError(str(lazy_gettext("Date of birth must be today or in the past")))
        oldest = years_before(self.today, 26)
        if field.data < oldest:
            field.error_parts = ("year",)
            raise ValidationError(
                str(
                    lazy_gettext(
                        "This service is for children and young people aged 25 or under. "
                        "Date of birth must be after %(date)s"
                    )
                )
                % {"date": _format_date(oldest)}
            )


SETTING_LABELS: dict[str, LazyText] = {
    "early_years": lazy_gettext("Nursery, pre-school or childminder"),
    "mainstream_primary": lazy_gettext("Mainstream primary school"),
    "mainstream_secondary": lazy_gettext("Mainstream secondary school"),
    "special_school": lazy_gettext("Special school"),
    "alternative_provision": lazy_gettext("Alternative provision, such as a pupil referral unit"),
    "sixth_form": lazy_gettext("Sixth form"),
    "college": lazy_gettext("College"),
    "apprenticeship": lazy_gettext("Apprenticeship"),
    "employment": lazy_gettext("Working"),
    "home_education": lazy_gettext("Educated at home"),
    "higher_education": lazy_gettext("University"),
    "not_in_education": lazy_gettext("Not in education, work or training"),
}


class SettingForm(QuestionForm):
    answer = Radios(
        lazy_gettext("Where does your child go to learn now?"),
        required=lazy_gettext("Select where your child goes to learn now"),
        choices=options(SETTING_LABELS),
    )
    you_text = {"answer": (lazy_gettext("Where do you go to learn now?"), None)}


SUPPORT_LABELS: dict[str, LazyText] = {
    "ehc_plan": lazy_gettext("They have an education, health and care (EHC) plan"),
    "assessment_requested": lazy_gettext("We have asked for an EHC needs assessment"),
    "sen_support": lazy_gettext("They get SEN support at school or college"),
    "none": lazy_gettext("They do not get extra support"),
    "not_sure": lazy_gettext("I'm not sure"),
}
SUPPORT_LABELS_YOU: dict[str, LazyText] = {
    "ehc_plan": lazy_gettext("I have an education, health and care (EHC) plan"),
    "assessment_requested": lazy_gettext("I have asked for an EHC needs assessment"),
    "sen_support": lazy_gettext("I get SEN support at school or college"),
    "none": lazy_gettext("I do not get extra support"),
    "not_sure": lazy_gettext("I'm not sure"),
}
SUPPORT_HINTS: dict[str, LazyText] = {
    "ehc_plan": lazy_gettext(
        "A legal document from the council. It says what help is needed and who will give it."
    ),
    "assessment_requested": lazy_gettext(
        "Someone has asked the council to check if an EHC plan is needed, "
        "and you are waiting for an answer."
    ),
    "sen_support": lazy_gettext(
        "Extra help arranged by the school or college, without an EHC plan. "
        "SEN means special educational needs."
    ),
    "none": lazy_gettext("No extra help for learning at the moment."),
}


class SupportForm(QuestionForm):
    answer = Radios(
        lazy_gettext("What help does your child get with their learning?"),
        required=lazy_gettext("Select what help your child gets with their learning"),
        choices=options(SUPPORT_LABELS),
        hints=SUPPORT_HINTS,
    )
    you_text = {"answer": (lazy_gettext("What help do you get with your learning?"), None)}

    def __init__(self, *args: Any, young_person: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, young_person=young_person, **kwargs)
        if young_person:
            self.answer.choices = options(SUPPORT_LABELS_YOU)
            self.answer.required_message = lazy_gettext(
                "Select what help you get with your learning"
            )


NEED_LABELS: dict[str, LazyText] = {
    "communication_interaction": lazy_gettext("Communicating and getting on with others"),
    "cognition_learning": lazy_gettext("Learning, reading, writing or maths"),
    "social_emotional_mental_health": lazy_gettext("Feelings, behaviour or mental health"),
    "sensory_physical": lazy_gettext("Seeing, hearing, moving or a physical disability"),
}
NEED_HINTS: dict[str, LazyText] = {
    "communication_interaction": lazy_gettext("For example, autism or speech and language needs"),
    "cognition_learning": lazy_gettext("For example, dyslexia or a learning disability"),
    "social_emotional_mental_health": lazy_gettext("For example, anxiety or ADHD"),
    "sensory_physical": lazy_gettext("For example, a visual impairment or cerebral palsy"),
}


class NeedsForm(QuestionForm):
    answer = Checkboxes(
        lazy_gettext("What does your child need help with?"),
        description=lazy_gettext("Select all that apply. You can leave this blank."),
        choices=options(NEED_LABELS),
        hints=NEED_HINTS,
    )
    you_text = {"answer": (lazy_gettext("What do you need help with?"), None)}


TOPIC_LABELS: dict[str, LazyText] = {
    "phase_transitions": lazy_gettext("Moving to a new school or college"),
    "careers": lazy_gettext("Careers advice"),
    "work": lazy_gettext("Getting a job, apprenticeship or supported internship"),
    "housing": lazy_gettext("Where to live as an adult"),
    "community": lazy_gettext("Friends, hobbies and being part of the community"),
    "health": lazy_gettext("Health, and moving to adult health services"),
    "money": lazy_gettext("Money and benefits"),
    "personal_budgets": lazy_gettext("Personal budgets"),
    "ehc_assessment": lazy_gettext("Asking for an EHC plan"),
    "disagreements": lazy_gettext("Disagreeing with a decision"),
    "transport": lazy_gettext("Travel to school or college"),
    "short_breaks": lazy_gettext("Short breaks and respite"),
    "information_advice": lazy_gettext("Free, independent advice"),
}
TOPIC_HINTS: dict[str, LazyText] = {
    "personal_budgets": lazy_gettext(
        "Money from the council to arrange some of the help in an EHC plan"
    ),
    "short_breaks": lazy_gettext("Time away for your child to have fun, and a rest for you"),
}


class TopicsForm(QuestionForm):
    answer = Checkboxes(
        lazy_gettext("What would you like help with?"),
        description=lazy_gettext(
            "Select all that apply. If you choose none, we will include everything that applies."
        ),
        choices=options(TOPIC_LABELS),
        hints=TOPIC_HINTS,
    )


GOAL_LABELS: dict[str, LazyText] = {
    "further_education": lazy_gettext("Go to college or sixth form"),
    "apprenticeship": lazy_gettext("Do an apprenticeship"),
    "supported_internship": lazy_gettext("Do a supported internship"),
    "employment": lazy_gettext("Get a job"),
    "higher_education": lazy_gettext("Go to university"),
    "volunteering": lazy_gettext("Volunteer"),
    "not_sure": lazy_gettext("Not sure yet"),
}
GOAL_HINTS: dict[str, LazyText] = {
    "supported_internship": lazy_gettext(
        "A year of learning at work, with a job coach, for young people with an EHC plan"
    ),
}


class GoalsForm(QuestionForm):
    answer = Checkboxes(
        lazy_gettext("What would your child like to do after school?"),
        description=lazy_gettext("Select all that apply. You can leave this blank."),
        choices=options(GOAL_LABELS),
        hints=GOAL_HINTS,
    )
    you_text = {"answer": (lazy_gettext("What would you like to do after school?"), None)}


YES_NO: dict[str, LazyText] = {"yes": lazy_gettext("Yes"), "no": lazy_gettext("No")}

SCHOOL_TYPE_LABELS: dict[str, LazyText] = {
    "primary": lazy_gettext("A primary school (to Year 6)"),
    "infant": lazy_gettext("An infant school (to Year 2)"),
    "first": lazy_gettext("A first school (to Year 4)"),
    "middle": lazy_gettext("A middle school (to Year 8)"),
}


class OptionalRadios(Radios):
    """Radios that may be left unanswered; a value we did not offer is still refused."""

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, ""):
            return
        super().pre_validate(form)


class SchoolTypeForm(QuestionForm):
    """Asked only at primary age: moving on from an infant, first or middle school is a phase
    transfer too (SEND Regs 2014 reg 2, reg 18(1)(b)), with its own dates. Optional: a family who
    skips it is treated as at an all-through primary school."""

    answer = OptionalRadios(
        lazy_gettext("What kind of school does your child go to?"),
        required=lazy_gettext("Select what kind of school your child goes to"),
        choices=options(SCHOOL_TYPE_LABELS),
    )
    you_text = {"answer": (lazy_gettext("What kind of school do you go to?"), None)}


class DlaForm(QuestionForm):
    answer = Radios(
        lazy_gettext("Does your child get Disability Living Allowance?"),
        description=lazy_gettext(
            "Disability Living Allowance (DLA) is a benefit for disabled children."
        ),
        required=lazy_gettext("Select yes if your child gets Disability Living Allowance"),
        choices=options(YES_NO),
        inline=True,
    )
    you_text = {"answer": (lazy_gettext("Do you get Disability Living Allowance?"), None)}

    def __init__(self, *args: Any, young_person: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, young_person=young_person, **kwargs)
        if young_person:
            self.answer.required_message = lazy_gettext(
                "Select yes if you get Disability Living Allowance"
            )


class EhcDatesForm(QuestionForm):
    """The dates that start the EHC clocks. The view removes the ones that do not apply."""

    heading = ""  # several questions on one page: the page has its own h1
    last_review_date = DateInputField(
        lazy_gettext("When was the last annual review meeting?"),
        description=lazy_gettext("The meeting to check the EHC plan. For example, 14 3 2026"),
        subject=lazy_gettext("Date of the last annual review"),
    )
    assessment_requested_on = DateInputField(
        lazy_gettext("When did you ask for the EHC needs assessment?"),
        description=lazy_gettext("The date on your email or letter to the council"),
        subject=lazy_gettext("Date you asked for the assessment"),
    )
    draft_served_on = DateInputField(
        lazy_gettext("When did you get a draft EHC plan?"),
        description=lazy_gettext("Leave this blank if you have not had one"),
        subject=lazy_gettext("Date of the draft plan"),
    )
    decision_sent_on = DateInputField(
        lazy_gettext("What date is on the council's latest decision letter?"),
        description=lazy_gettext(
            "For example, a letter saying no to an assessment or a plan, "
            "or a final EHC plan. Leave this blank if you have not had one."
        ),
        subject=lazy_gettext("Date of the decision letter"),
    )
    mediation_certificate_on = DateInputField(
        lazy_gettext("When did you get a mediation certificate?"),
        description=lazy_gettext(
            "You get one after talking to a mediation adviser. Leave this blank if you have not "
            "had one."
        ),
        subject=lazy_gettext("Date of the mediation certificate"),
    )

    def __init__(
        self,
        *args: Any,
        today: date,
        date_of_birth: date | None,
        keys: Sequence[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.date_of_birth = date_of_birth
        for name in [n for n in self.question_fields() if n.name not in keys]:
            del self[name.name]

    @property
    def question(self) -> str:
        return str(lazy_gettext("Dates from the EHC process"))

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        ok = super().validate(extra_validators)
        for field in self.question_fields():
            if field.errors or field.data is None:
                continue
            message = None
            if field.data > self.today:
                message = lazy_gettext("%(subject)s must be today or in the past")
            elif self.date_of_birth is not None and field.data < self.date_of_birth:
                message = lazy_gettext("%(subject)s must be after the date of birth")
            if message is not None:
                field.error_parts = ("day", "month", "year")
                field.errors.append(str(message) % {"subject": field.subject})
                ok = False
        return bool(ok)


class PostcodeForm(QuestionForm):
    answer = StringField(
        lazy_gettext("What is your postcode?"),
        description=lazy_gettext(
            "This is optional. We use it to find services near you. For example, SW1A 1AA"
        ),
        widget=TextWidget(),
        render_kw={"autocomplete": "postal-code", "spellcheck": "false"},
    )

    def validate_answer(self, field: StringField) -> None:
        value = (field.data or "").strip()
        if value and (text_problem(value) is not None or normalise_postcode(value) is None):
            raise ValidationError(str(lazy_gettext("Enter a full UK postcode, like SW1A 1AA")))


class SubmitForm(FlaskForm):  # type: ignore[misc]
    """Check your answers and the delete confirmation: a button and the CSRF token."""


def _format_date(value: date) -> str:
    from planner.questionnaire.flow import format_day

    return format_day(value)
