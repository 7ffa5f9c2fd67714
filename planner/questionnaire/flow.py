"""The questionnaire's pages as data: their order, which apply given earlier answers, and how each
reads and writes its part of the answers (an `answers/v1` dict kept in the session).

Pages that do not apply are skipped, and their answers dropped, so the answers never hold a reply
to a question the family was not asked (a six-year-old's goals after school, for example).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import get_locale, lazy_gettext
from markupsafe import Markup, escape

from planner.i18n import BabelLocalizer
from planner.questionnaire import ehc_stage, forms
from planner.rules import calendar as cal
from planner.rules.answers import EHC_KEYS, normalise_postcode
from planner.rules.types import SETTINGS, TOPICS

Answers = MutableMapping[str, Any]

# Careers guidance is a duty from Year 7; preparing for adulthood (work, housing, community) from
# Year 9 (CoP 8.10; DESIGN.md "sections").
CAREERS_FROM_YEAR = 7
ADULTHOOD_FROM_YEAR = 9
ADULTHOOD_TOPICS = ("work", "housing", "community")
GOALS_FROM_AGE = 13
# DLA is a children's benefit: at 16 it moves to PIP, so we stop asking from 18.
DLA_UNDER_AGE = 18
# The school-type question is only for pupils at a mainstream primary-age school in Reception to
# Year 7 (a middle school can run to Year 8): nobody else has an infant, first or middle school move
# ahead, so nobody else sees the page.
SCHOOL_TYPE_YEARS = range(0, 8)
POST16_SETTINGS = ("sixth_form", "college", "apprenticeship", "employment", "higher_education")
EARLY_SETTINGS = ("early_years", "mainstream_primary")


def format_day(value: date) -> str:
    """A date in the page's language, GOV.UK style in English ("1 September 2027")."""
    return BabelLocalizer(str(get_locale() or "en")).format_date(value)


@dataclass(frozen=True)
class Facts:
    """What earlier answers tell us about the young person on `today`."""

    answers: Mapping[str, Any]
    today: date
    date_of_birth: date | None
    age: int | None
    # The unbounded school year number (negative before Reception, above 13 after school); the
    # `year_group` answer, when given, overrides it as in the rules.
    school_year: int | None

    @classmethod
    def of(cls, answers: Mapping[str, Any], today: date) -> Facts:
        dob = parse_iso(answers.get("date_of_birth"))
        if dob is None:
            return cls(answers, today, None, None, None)
        year = answers.get("year_group")
        if not isinstance(year, int):
            year = cal.school_year_number(cal.cohort(dob), today)
        return cls(answers, today, dob, cal.age_on(dob, today), year)

    @property
    def support(self) -> str | None:
        return self.answers.get("support")

    @property
    def young_person(self) -> bool:
        return self.answers.get("respondent") == "young_person"


def parse_iso(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def topics_for(facts: Facts) -> list[str]:
    """Topics that can apply at this age: no careers before Year 7, no work, housing or community
    before Year 9."""
    year = facts.school_year
    if year is None:
        return list(TOPICS)
    return [
        t
        for t in TOPICS
        if not (t == "careers" and year < CAREERS_FROM_YEAR)
        and not (t in ADULTHOOD_TOPICS and year < ADULTHOOD_FROM_YEAR)
    ]


def settings_for(facts: Facts) -> list[str]:
    """Places to learn that fit the age: nothing post-16 before Year 10, no nursery or primary
    school from Year 12."""
    year = facts.school_year
    if year is None:
        return list(SETTINGS)
    return [
        s
        for s in SETTINGS
        if not (s in POST16_SETTINGS and year < 10) and not (s in EARLY_SETTINGS and year >= 12)
    ]


def ehc_keys_for(facts: Facts) -> tuple[str, ...]:
    """The EHC dates to ask for: a review date with a plan, a request date while waiting; and
    the dates that start an appeal's clock. Where an assessment stands is its own page."""
    appeal = ("decision_sent_on", "mediation_certificate_on")
    if facts.support == "ehc_plan":
        return ("last_review_date", "draft_served_on", *appeal)
    if facts.support == "assessment_requested":
        return ("assessment_requested_on", *appeal)
    return ()


def _ehc_answers(facts: Facts) -> Mapping[str, Any]:
    value = facts.answers.get("ehc")
    return value if isinstance(value, Mapping) else {}


def asks_assessment_stage(facts: Facts) -> bool:
    return facts.support == "assessment_requested"


def asks_review_outcome(facts: Facts) -> bool:
    return facts.support == "ehc_plan" and bool(_ehc_answers(facts).get("last_review_date"))


def ehc_owned_keys(facts: Facts) -> tuple[str, ...]:
    """Every `ehc` answer some page on this path asks for; the rest are dropped."""
    keys = ehc_keys_for(facts)
    if asks_assessment_stage(facts):
        keys += ehc_stage.ASSESSMENT_KEYS
    if asks_review_outcome(facts):
        keys += ehc_stage.REVIEW_KEYS
    return keys


# ---------------------------------------------------------------------------------------------
# Reading and writing one page's answers


def _single(key: str) -> tuple[Callable[..., Any], Callable[..., None]]:
    def load(answers: Mapping[str, Any]) -> dict[str, Any]:
        return {"answer": answers.get(key)}

    def save(form: forms.QuestionForm, answers: Answers) -> None:
        value = form.answer.data
        if isinstance(value, str):
            value = " ".join(value.split()) or None
        if value in (None, [], ""):
            answers.pop(key, None)
        else:
            answers[key] = list(value) if isinstance(value, list) else value

    return load, save


def _load_dob(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {"answer": parse_iso(answers.get("date_of_birth"))}


def _save_dob(form: forms.QuestionForm, answers: Answers) -> None:
    answers["date_of_birth"] = form.answer.data.isoformat()


def _load_dla(answers: Mapping[str, Any]) -> dict[str, Any]:
    value = answers.get("receives_dla")
    return {"answer": None if value is None else ("yes" if value else "no")}


def _save_dla(form: forms.QuestionForm, answers: Answers) -> None:
    answers["receives_dla"] = form.answer.data == "yes"


def _load_ehc(answers: Mapping[str, Any]) -> dict[str, Any]:
    ehc = answers.get("ehc") or {}
    return {key: parse_iso(ehc.get(key)) for key in EHC_KEYS}


def _save_ehc(form: forms.QuestionForm, answers: Answers) -> None:
    # The page's own dates only: where the assessment or review stands is kept from its page.
    fields = form.question_fields()
    ehc_stage.replace(
        answers,
        tuple(f.name for f in fields),
        {f.name: f.data.isoformat() for f in fields if f.data is not None},
    )


def _load_postcode(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {"answer": answers.get("postcode")}


def _save_postcode(form: forms.QuestionForm, answers: Answers) -> None:
    value = normalise_postcode(form.answer.data or "")
    if value:
        answers["postcode"] = value
    else:
        answers.pop("postcode", None)


# ---------------------------------------------------------------------------------------------
# What "Check your answers" shows


def _labels(mapping: Mapping[str, Any]) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        if isinstance(value, list):
            return Markup("<br>").join(escape(str(mapping.get(v, v))) for v in value)
        return str(mapping.get(value, value))

    return show


EHC_ROW_LABELS: dict[str, Any] = {
    "last_review_date": lazy_gettext("Last annual review"),
    "assessment_requested_on": lazy_gettext("Asked for an assessment"),
    "draft_served_on": lazy_gettext("Draft EHC plan received"),
    "decision_sent_on": lazy_gettext("Decision letter"),
    "mediation_certificate_on": lazy_gettext("Mediation certificate"),
}


@dataclass(frozen=True)
class Page:
    """One question page. `keys` are the answers it owns; `applies` says whether it is asked."""

    id: str
    form: type[forms.QuestionForm]
    keys: tuple[str, ...]
    summary_label: Any
    load: Callable[[Mapping[str, Any]], dict[str, Any]]
    save: Callable[[forms.QuestionForm, Answers], None]
    required: bool = False
    applies: Callable[[Facts], bool] = field(default=lambda facts: True)
    show: Callable[[Any], str] = field(default=lambda value: str(value))

    def answered(self, answers: Mapping[str, Any]) -> bool:
        return all(k in answers for k in self.keys)

    def rows(self, answers: Mapping[str, Any], today: date) -> list[tuple[str, Markup]]:
        """(key, value) rows for "Check your answers"; an empty value means not answered. Values
        are Markup, escaped here: summary lists show them as `html` (lists need their `<br>`),
        and answers such as the name are the family's own text, never markup."""
        return [(key, escape(value)) for key, value in self._rows(answers, today)]

    def _rows(self, answers: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
        if self.id == "ehc-dates":
            ehc = answers.get("ehc") or {}
            keys = ehc_keys_for(Facts.of(answers, today))
            return [
                (str(EHC_ROW_LABELS[k]), format_day(d) if (d := parse_iso(ehc.get(k))) else "")
                for k in keys
            ]
        if self.id == "ehc-assessment-stage":
            choice, day = ehc_stage.assessment_stage(answers.get("ehc") or {})
            return ehc_stage.rows(
                str(self.summary_label), ehc_stage.ASSESSMENT_LABELS, choice, day, format_day
            )
        if self.id == "ehc-review-outcome":
            loaded = ehc_stage.load_review(answers)
            return ehc_stage.rows(
                str(self.summary_label),
                ehc_stage.REVIEW_LABELS,
                loaded["answer"],
                loaded["decided_on"],
                format_day,
            )
        value = answers.get(self.keys[0])
        if self.id == "date-of-birth":
            dob = parse_iso(value)
            return [(str(self.summary_label), format_day(dob) if dob else "")]
        if self.id == "support" and answers.get("respondent") == "young_person":
            return [(str(self.summary_label), _labels(forms.SUPPORT_LABELS_YOU)(value))]
        if self.id == "dla" and value is not None:
            return [
                (str(self.summary_label), str(lazy_gettext("Yes") if value else lazy_gettext("No")))
            ]
        return [(str(self.summary_label), self.show(value) if value not in (None, []) else "")]


PAGES: tuple[Page, ...] = (
    Page(
        "who",
        forms.RespondentForm,
        ("respondent",),
        lazy_gettext("Filling in the form"),
        *_single("respondent"),
        required=True,
        show=_labels(forms.RESPONDENT_LABELS),
    ),
    Page("name", forms.NameForm, ("name",), lazy_gettext("First name"), *_single("name")),
    Page(
        "date-of-birth",
        forms.DateOfBirthForm,
        ("date_of_birth",),
        lazy_gettext("Date of birth"),
        _load_dob,
        _save_dob,
        required=True,
    ),
    Page(
        "setting",
        forms.SettingForm,
        ("setting",),
        lazy_gettext("Where they learn now"),
        *_single("setting"),
        required=True,
        show=_labels(forms.SETTING_LABELS),
    ),
    Page(
        "school-type",
        forms.SchoolTypeForm,
        ("school_type",),
        lazy_gettext("Kind of school"),
        *_single("school_type"),
        applies=lambda f: (
            f.school_year in SCHOOL_TYPE_YEARS and f.answers.get("setting") == "mainstream_primary"
        ),
        show=_labels(forms.SCHOOL_TYPE_LABELS),
    ),
    Page(
        "support",
        forms.SupportForm,
        ("support",),
        lazy_gettext("Help with learning"),
        *_single("support"),
        required=True,
        show=_labels(forms.SUPPORT_LABELS),
    ),
    Page(
        "needs",
        forms.NeedsForm,
        ("needs",),
        lazy_gettext("Needs"),
        *_single("needs"),
        show=_labels(forms.NEED_LABELS),
    ),
    Page(
        "topics",
        forms.TopicsForm,
        ("topics",),
        lazy_gettext("Help with"),
        *_single("topics"),
        show=_labels(forms.TOPIC_LABELS),
    ),
    Page(
        "goals",
        forms.GoalsForm,
        ("goals",),
        lazy_gettext("After school"),
        *_single("goals"),
        applies=lambda f: f.age is not None and f.age >= GOALS_FROM_AGE,
        show=_labels(forms.GOAL_LABELS),
    ),
    Page(
        "dla",
        forms.DlaForm,
        ("receives_dla",),
        lazy_gettext("Disability Living Allowance"),
        _load_dla,
        _save_dla,
        required=True,
        applies=lambda f: f.age is None or f.age < DLA_UNDER_AGE,
    ),
    Page(
        "ehc-dates",
        forms.EhcDatesForm,
        ("ehc",),
        lazy_gettext("EHC dates"),
        _load_ehc,
        _save_ehc,
        applies=lambda f: bool(ehc_keys_for(f)),
    ),
    Page(
        "ehc-assessment-stage",
        ehc_stage.EhcAssessmentStageForm,
        (),  # its answers live inside `ehc`, shared with the dates page
        lazy_gettext("What the council has said"),
        ehc_stage.load_assessment,
        ehc_stage.save_assessment,
        applies=asks_assessment_stage,
    ),
    Page(
        "ehc-review-outcome",
        ehc_stage.EhcReviewOutcomeForm,
        (),
        lazy_gettext("Decision after the annual review"),
        ehc_stage.load_review,
        ehc_stage.save_review,
        applies=asks_review_outcome,
    ),
    Page(
        "postcode",
        forms.PostcodeForm,
        ("postcode",),
        lazy_gettext("Postcode"),
        _load_postcode,
        _save_postcode,
    ),
)
BY_ID: dict[str, Page] = {page.id: page for page in PAGES}


def applicable(answers: Mapping[str, Any], today: date) -> list[Page]:
    """The pages asked for these answers, in order."""
    facts = Facts.of(answers, today)
    return [page for page in PAGES if page.applies(facts)]


def next_page(current: str, answers: Mapping[str, Any], today: date) -> Page | None:
    """The page after `current`, or None when "Check your answers" comes next."""
    pages = applicable(answers, today)
    ids = [p.id for p in pages]
    index = ids.index(current) if current in ids else -1
    return pages[index + 1] if index + 1 < len(pages) else None


def previous_page(current: str, answers: Mapping[str, Any], today: date) -> Page | None:
    """The page before `current`, or None on the first question (back to the start page)."""
    earlier: Page | None = None
    for page in applicable(answers, today):
        if page.id == current:
            return earlier
        earlier = page
    return earlier


def first_unfinished(answers: Mapping[str, Any], seen: set[str], today: date) -> Page | None:
    """The first page still to answer: required and empty, or never shown. None when done."""
    for page in applicable(answers, today):
        if page.id not in seen or (page.required and not page.answered(answers)):
            return page
    return None


def prune(answers: Answers, seen: set[str], today: date) -> None:
    """Drop answers to questions that no longer apply, and choices no longer offered."""
    facts = Facts.of(answers, today)
    for page in PAGES:
        if not page.applies(facts):
            for key in page.keys:
                answers.pop(key, None)
            seen.discard(page.id)
    if "topics" in answers:
        allowed = topics_for(facts)
        answers["topics"] = [t for t in answers["topics"] if t in allowed]
        if not answers["topics"]:
            answers.pop("topics")
    if answers.get("setting") not in (None, *settings_for(facts)):
        answers.pop("setting")
        seen.discard("setting")
    if "ehc" in answers:
        keys = ehc_owned_keys(facts)
        answers["ehc"] = {k: v for k, v in answers["ehc"].items() if k in keys}
        if not answers["ehc"]:
            answers.pop("ehc")
