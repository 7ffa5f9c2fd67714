"""Typed values that flow through the rules engine: answers in, a plan out.

Everything here is plain data. The rules never touch Flask, the database or the network, so a plan
can be built, read and tested on its own (see tests/test_rules_purity.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

PLAN_SCHEMA = "plan/v1"
ANSWERS_SCHEMA = "answers/v1"

LANGUAGES: tuple[str, ...] = ("en", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "ur"})
VARIANTS: tuple[str, ...] = ("standard", "large-print")
RESPONDENTS: tuple[str, ...] = ("young_person", "parent_carer", "professional")
SETTINGS: tuple[str, ...] = (
    "early_years",
    "mainstream_primary",
    "mainstream_secondary",
    "special_school",
    "alternative_provision",
    "sixth_form",
    "college",
    "apprenticeship",
    "employment",
    "not_in_education",
    "home_education",
    "higher_education",
)
SUPPORT: tuple[str, ...] = ("ehc_plan", "assessment_requested", "sen_support", "none", "not_sure")
NEEDS: tuple[str, ...] = (
    "communication_interaction",
    "cognition_learning",
    "social_emotional_mental_health",
    "sensory_physical",
)
TOPICS: tuple[str, ...] = (
    "phase_transitions",
    "careers",
    "work",
    "housing",
    "community",
    "health",
    "money",
    "personal_budgets",
    "ehc_assessment",
    "disagreements",
    "transport",
    "short_breaks",
    "information_advice",
)
GOALS: tuple[str, ...] = (
    "further_education",
    "apprenticeship",
    "supported_internship",
    "employment",
    "higher_education",
    "volunteering",
    "not_sure",
)
# answers/v1 `school_type`: asked only of families at a school that ends before Year 6 or Year 7,
# because the move out of an infant, first or middle school is a phase transfer too (SEND Regs 2014
# reg 2 and reg 18(1)(b)). "primary" is the usual all-through primary school.
SCHOOL_TYPES: tuple[str, ...] = ("primary", "infant", "first", "middle")
ItemKind = Literal["right", "action", "info", "service"]
# Which lead-time table a milestone's reminders follow (DOMAIN.md, "Reminder lead times").
MilestoneKind = Literal["council_deadline", "family_action", "age"]


@dataclass(frozen=True)
class EhcDates:
    """Where the family is in the EHC process (the `ehc` answers; DOMAIN.md, "The EHC process").

    Dates are the days letters were sent or meetings held; each starts a statutory clock.
    """

    last_review_date: date | None = None
    assessment_requested_on: date | None = None
    draft_served_on: date | None = None
    decision_sent_on: date | None = None
    assessment_decision: str | None = None  # assess | refuse
    assessment_decision_on: date | None = None
    plan_decision: str | None = None  # issue | refuse (after the assessment)
    plan_decision_on: date | None = None
    final_plan_on: date | None = None  # a final or amended final plan was issued
    review_decision: str | None = None  # keep | amend | cease | waiting
    review_decision_on: date | None = None
    amendments_served_on: date | None = None
    mediation_certificate_on: date | None = None


@dataclass(frozen=True)
class Answers:
    """A validated `answers/v1` object. Build one with `planner.rules.answers.parse_answers`."""

    date_of_birth: date
    respondent: str | None = None
    name: str | None = None
    year_group: int | None = None
    setting: str | None = None
    support: str | None = None
    needs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    receives_dla: bool = False
    ehc: EhcDates = field(default_factory=EhcDates)
    school_type: str | None = None
    postcode: str | None = None
    language: str = "en"
    variant: str = "standard"

    @property
    def has_ehc_plan(self) -> bool:
        """DOMAIN.md: a missing `support` answer counts as "not ehc_plan"."""
        return self.support == "ehc_plan"


class Localizer(Protocol):
    """How the rules speak a language. The app passes one backed by Babel catalogues."""

    language: str

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def format_date(self, value: date) -> str: ...


@dataclass(frozen=True)
class ServiceRecord:
    """One Local Offer service, already mapped to plan sections by the directory code."""

    id: str
    name: str
    description: str = ""
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    sections: frozenset[str] = frozenset()
    min_age: int | None = None
    max_age: int | None = None
    ehc_plan_only: bool = False
    active: bool = True
    stale: bool = False
    distance_km: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `service` object of plan/v1."""
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "url": self.url,
            "email": self.email,
            "phone": self.phone,
            "address": self.address,
        }
        if self.stale:
            out["stale"] = True
        return out


@dataclass(frozen=True)
class YoungPerson:
    age: int
    year_group: int | None
    year_label: str
    key_stage: str | None
    phase: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "age": self.age,
            "year_group": self.year_group,
            "year_label": self.year_label,
            "key_stage": self.key_stage,
            "phase": self.phase,
        }


@dataclass(frozen=True)
class Milestone:
    id: str
    date: dt.date
    title: str
    summary: str
    action: str
    refs: tuple[str, ...]
    reminders: tuple[dt.date, ...]
    kind: MilestoneKind
    # A council duty whose date has passed (DOMAIN.md: listed for 26 weeks after its date).
    late: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "date": self.date.isoformat(),
            "title": self.title,
            "summary": self.summary,
            "action": self.action,
            "refs": list(self.refs),
            "reminders": [d.isoformat() for d in self.reminders],
        }
        if self.late:
            out["late"] = True
        return out


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    text: str
    refs: tuple[str, ...] = ()
    service: ServiceRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "refs": list(self.refs)}
        if self.service is not None:
            out["service"] = self.service.to_dict()
        return out


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "items": [i.to_dict() for i in self.items]}


@dataclass(frozen=True)
class NextStep:
    """One of the (at most five) things to do first, shown before everything else in every
    rendering: plan/v1 `next_steps`."""

    text: str
    date: dt.date | None = None
    milestone_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.milestone_id is not None:
            out["milestone_id"] = self.milestone_id
        return out


@dataclass(frozen=True)
class Plan:
    generated_on: date
    language: str
    young_person: YoungPerson
    milestones: tuple[Milestone, ...]
    sections: tuple[Section, ...]
    next_steps: tuple[NextStep, ...] = ()
    schema: str = PLAN_SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "generated_on": self.generated_on.isoformat(),
            "language": self.language,
            "young_person": self.young_person.to_dict(),
            "next_steps": [n.to_dict() for n in self.next_steps],
            "milestones": [m.to_dict() for m in self.milestones],
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass(frozen=True)
class LeadTimes:
    """Reminder offsets in days before a milestone (negative = after). Councils may change them."""

    council_deadline: tuple[int, ...] = (56, 14, -1)
    family_action: tuple[int, ...] = (42, 14, 3)
    age: tuple[int, ...] = (56,)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LeadTimes:
        return cls(**{k: tuple(int(x) for x in v) for k, v in data.items()})


@dataclass(frozen=True)
class Context:
    """What the section writers need to know about the young person on the plan's date."""

    answers: Answers
    today: date
    age: int
    # The effective school year: the `year_group` answer when given, else computed from the date of
    # birth. None when outside nursery-2 .. Year 13 (DOMAIN.md).
    year_group: int | None
    key_stage: str | None
    # True after the end of compulsory school age: from then the rights under CFA Part 3 belong to
    # the young person (CFA 2014 s.83(2) defines "young person").
    over_compulsory_school_age: bool
    milestones: tuple[Milestone, ...] = ()

    @property
    def speaks_to_young_person(self) -> bool:
        """Address the reader: a young person who answered for themselves is "you" at any age
        (issue 19: the respondent decides the voice, not the age)."""
        return self.answers.respondent == "young_person"
