"""Validate an `answers/v1` object into `Answers`, naming every bad field.

One validator serves the API, the CLI and the questionnaire, so the three can never disagree about
what a valid answer is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.rules import ehc
from planner.rules.types import (
    ANSWERS_SCHEMA,
    GOALS,
    LANGUAGES,
    NEEDS,
    RESPONDENTS,
    SCHOOL_TYPES,
    SETTINGS,
    SUPPORT,
    TOPICS,
    VARIANTS,
    Answers,
)

MAX_AGE_YEARS = 26  # DESIGN.md: a date of birth more than 26 years before the plan date is refused
EHC_KEYS = ehc.DATE_KEYS  # the dated EHC answers (the questionnaire asks these as dates)
KEYS = (
    "schema",
    "respondent",
    "name",
    "date_of_birth",
    "year_group",
    "setting",
    "support",
    "needs",
    "topics",
    "goals",
    "receives_dla",
    "ehc",
    "school_type",
    "postcode",
    "language",
    "variant",
)
# The shape of a UK postcode (the Royal Mail format; BFPO and GIR 0AA included).
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}|BFPO ?[0-9]{1,4})$")
# A first name: letters of any script (with their combining marks, which Bengali, Punjabi and
# Arabic names need), spaces, hyphens and apostrophes, at most NAME_MAX characters. Nothing else:
# digits, dots, slashes and colons are what turn a "name" into "URGENT: pay at evil.example/pay",
# and the name appears on pages and PDFs that carry the council's name.
NAME_MAX = 40
NAME_PUNCTUATION = frozenset(" -'\u2010\u2019")  # space, hyphen, apostrophe, hyphen, right quote
# Zero-width non-joiner and joiner: part of correct spelling in Bengali, Punjabi and Urdu words.
NAME_JOINERS = frozenset("\u200c\u200d")
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees, so text with
# them can show one thing and say another.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Ordinary whitespace is allowed in free text (it is collapsed); other control characters are not.
TEXT_WHITESPACE = frozenset("\t\n\r")
NAME_ERRORS = {
    "unicode": "must be valid Unicode text (it contains a broken character)",
    "control": "must not contain control characters",
    "characters": "can only include letters, spaces, hyphens and apostrophes",
    "too_long": f"must be {NAME_MAX} characters or fewer",
}


class AnswersError(ValueError):
    """The answers are not valid; `errors` maps each field path to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class _Checker:
    errors: dict[str, str]

    def enum(self, field: str, value: Any, allowed: Sequence[str]) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            self.errors[field] = f"must be one of: {', '.join(allowed)}"
            return None
        return value

    def enum_list(self, field: str, value: Any, allowed: Sequence[str]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.errors[field] = f"must be a list of: {', '.join(allowed)}"
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in allowed:
                self.errors[f"{field}[{i}]"] = f"must be one of: {', '.join(allowed)}"
            elif item not in out:
                out.append(item)
        return tuple(out)

    def iso_date(self, field: str, value: Any, *, required: bool = False) -> date | None:
        if value is None:
            if required:
                self.errors[field] = "is required: give a date as YYYY-MM-DD"
            return None
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.errors[field] = "must be a date written as YYYY-MM-DD"
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.errors[field] = "must be a real date (check the day and month)"
            return None


def normalise_postcode(value: str) -> str | None:
    """Upper-case a UK postcode and put one space before the inward code, or None if not one."""
    compact = re.sub(r"\s+", "", value).upper()
    if not POSTCODE_RE.match(compact):
        return None
    if compact.startswith("BFPO"):
        return "BFPO " + compact[4:]
    return f"{compact[:-3]} {compact[-3:]}"


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as free text: "unicode" for a lone surrogate (JSON can carry
    one as "\\ud800"; nothing can encode it, so every page showing it would fail), "control" for
    control characters or bidirectional overrides; None when it is fine."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return "unicode"
        if (category == "Cc" and char not in TEXT_WHITESPACE) or char in BIDI_CONTROLS:
            return "control"
    return None


def clean_name(value: str) -> str:
    """A first name as stored: composed (NFC) and with its whitespace collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def name_problem(value: str) -> str | None:
    """Why `value` is not a first name (a key of NAME_ERRORS), or None. Give it `clean_name`d."""
    problem = text_problem(value)
    if problem is not None:
        return problem
    if len(value) > NAME_MAX:
        return "too_long"
    if value and not unicodedata.category(value[0]).startswith("L"):
        return "characters"
    for char in value:
        if not (
            unicodedata.category(char)[0] in "LM"
            or char in NAME_PUNCTUATION
            or char in NAME_JOINERS
        ):
            return "characters"
    return None


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def parse_answers(data: Any, today: date) -> Answers:
    """Check `data` against answers/v1; return Answers or raise AnswersError naming each field."""
    if not isinstance(data, Mapping):
        raise AnswersError({"": "the answers must be a JSON object"})
    errors: dict[str, str] = {}
    c = _Checker(errors)
    for key in data:
        if key not in KEYS:
            errors[str(key)] = "is not a known question (check the spelling)"
    if "schema" in data and data["schema"] != ANSWERS_SCHEMA:
        errors["schema"] = f"must be {ANSWERS_SCHEMA!r}"

    dob = c.iso_date("date_of_birth", data.get("date_of_birth"), required=True)
    if dob is not None:
        if dob > today:
            errors["date_of_birth"] = "must be today or in the past"
        elif dob < years_before(today, MAX_AGE_YEARS):
            errors["date_of_birth"] = (
                f"must be less than {MAX_AGE_YEARS} years ago: the planner covers ages 0 to 25"
            )

    name = data.get("name")
    if name is not None:
        if not isinstance(name, str):
            errors["name"] = "must be text"
            name = None
        else:
            problem = text_problem(name)
            name = clean_name(name) if problem is None else name
            problem = problem or name_problem(name)
            if problem is not None:
                errors["name"] = NAME_ERRORS[problem]
            name = name or None

    year_group = data.get("year_group")
    if year_group is not None and (
        isinstance(year_group, bool)
        or not isinstance(year_group, int)
        or not -2 <= year_group <= 13
    ):
        errors["year_group"] = "must be a whole number from -2 to 13 (Reception is 0, nursery -1)"
        year_group = None

    receives_dla = data.get("receives_dla", False)
    if not isinstance(receives_dla, bool):
        errors["receives_dla"] = "must be true or false"
        receives_dla = False

    ehc_answers = ehc.parse(data.get("ehc"), today, dob, errors)

    postcode = data.get("postcode")
    if postcode is not None:
        if not isinstance(postcode, str):
            errors["postcode"] = "must be text, like SW1A 1AA"
            postcode = None
        elif (problem := text_problem(postcode)) is not None:
            errors["postcode"] = NAME_ERRORS[problem]
            postcode = None
        elif postcode.strip() == "":
            postcode = None
        else:
            postcode = normalise_postcode(postcode)
            if postcode is None:
                errors["postcode"] = "must be a full UK postcode, like SW1A 1AA"

    answers = {
        "respondent": c.enum("respondent", data.get("respondent"), RESPONDENTS),
        "setting": c.enum("setting", data.get("setting"), SETTINGS),
        "support": c.enum("support", data.get("support"), SUPPORT),
        "school_type": c.enum("school_type", data.get("school_type"), SCHOOL_TYPES),
        "needs": c.enum_list("needs", data.get("needs"), NEEDS),
        "topics": c.enum_list("topics", data.get("topics"), TOPICS),
        "goals": c.enum_list("goals", data.get("goals"), GOALS),
        "language": c.enum("language", data.get("language"), LANGUAGES) or "en",
        "variant": c.enum("variant", data.get("variant"), VARIANTS) or "standard",
    }
    if errors or dob is None:
        raise AnswersError(errors)
    return Answers(
        date_of_birth=dob,
        name=name,
        year_group=year_group,
        receives_dla=receives_dla,
        ehc=ehc_answers,
        postcode=postcode,
        **answers,  # type: ignore[arg-type]
    )


def parse_stored_answers(data: Any, today: date) -> Answers:
    """Answers read back from storage. A plan saved before the name rules were tightened may hold
    a name they now refuse (a broken character, a control character, a "name" that is a
    sentence); it is left out, as if not given, so every page that shows the plan still works."""
    if isinstance(data, Mapping) and isinstance(data.get("name"), str):
        name = data["name"]
        if text_problem(name) is not None or name_problem(clean_name(name)) is not None:
            data = {key: value for key, value in data.items() if key != "name"}
    return parse_answers(data, today)


def answers_to_dict(answers: Answers) -> dict[str, Any]:
    """The canonical answers/v1 JSON for `answers` (absent values left out)."""
    out: dict[str, Any] = {
        "schema": ANSWERS_SCHEMA,
        "date_of_birth": answers.date_of_birth.isoformat(),
    }
    for key in (
        "respondent",
        "name",
        "year_group",
        "setting",
        "support",
        "school_type",
        "postcode",
    ):
        value = getattr(answers, key)
        if value is not None:
            out[key] = value
    for key in ("needs", "topics", "goals"):
        if getattr(answers, key):
            out[key] = list(getattr(answers, key))
    if answers.receives_dla:
        out["receives_dla"] = True
    ehc_out = ehc.to_dict(answers.ehc)
    if ehc_out:
        out["ehc"] = ehc_out
    out["language"] = answers.language
    out["variant"] = answers.variant
    return out
