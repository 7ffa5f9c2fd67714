"""Varied families for the page-limit tests: ages 0 to 25, every kind of support, every topic
chosen, the EHC process under way, and the demo council's own directory of local services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from planner.i18n import BabelLocalizer
from planner.rules.answers import parse_answers
from planner.rules.plan import build_plan
from planner.rules.types import TOPICS, Answers, Plan, ServiceRecord

TODAY = date(2026, 11, 20)
ALL_TOPICS = list(TOPICS)


def born(years: int, months: int = 0) -> str:
    """A date of birth `years` and `months` before TODAY."""
    month = TODAY.month - months
    year = TODAY.year - years + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(TODAY.day, 28)).isoformat()


# id -> answers. Every family chooses every topic (the longest plan for its age).
FAMILIES: dict[str, dict[str, Any]] = {
    "baby-ehc-request": {
        "date_of_birth": born(0, 9),
        "setting": "early_years",
        "support": "assessment_requested",
        "ehc": {"assessment_requested_on": "2026-10-01"},
    },
    "age3-summer-born": {
        "date_of_birth": born(3, 6),
        "setting": "early_years",
        "support": "sen_support",
        "receives_dla": True,
    },
    "age4-ehc-reception": {
        "date_of_birth": born(4, 2),
        "setting": "early_years",
        "support": "ehc_plan",
        "ehc": {"last_review_date": "2026-06-10"},
    },
    "age7-not-sure": {
        "date_of_birth": born(7),
        "setting": "mainstream_primary",
        "support": "not_sure",
    },
    "age10-year6-ehc": {
        "date_of_birth": born(10, 6),
        "setting": "mainstream_primary",
        "support": "ehc_plan",
        "receives_dla": True,
        "ehc": {"last_review_date": "2026-03-02", "draft_served_on": "2026-11-12"},
    },
    "age13-year9-ehc": {
        "date_of_birth": born(13, 8),
        "setting": "special_school",
        "support": "ehc_plan",
        "receives_dla": True,
        "needs": ["cognition_learning", "sensory_physical"],
        "ehc": {"last_review_date": "2026-01-15", "decision_sent_on": "2026-10-20"},
    },
    "age14-young-person": {
        "date_of_birth": born(14, 1),
        "respondent": "young_person",
        "setting": "mainstream_secondary",
        "support": "ehc_plan",
        "goals": ["employment", "apprenticeship"],
        "ehc": {"last_review_date": "2026-05-01"},
    },
    "age15-year11-dla": {
        "date_of_birth": born(15, 10),
        "setting": "mainstream_secondary",
        "support": "ehc_plan",
        "receives_dla": True,
        "goals": ["further_education", "supported_internship"],
        "ehc": {"last_review_date": "2026-02-01"},
    },
    "age17-college": {
        "date_of_birth": born(17, 4),
        "respondent": "young_person",
        "setting": "college",
        "support": "ehc_plan",
        "goals": ["employment", "higher_education"],
        "ehc": {"last_review_date": "2025-12-01"},
    },
    "age19-not-in-education": {
        "date_of_birth": born(19),
        "setting": "not_in_education",
        "support": "none",
    },
    "age22-apprenticeship": {
        "date_of_birth": born(22, 5),
        "respondent": "young_person",
        "setting": "apprenticeship",
        "support": "ehc_plan",
        "ehc": {"last_review_date": "2026-04-01"},
    },
    "age25-ehc": {
        "date_of_birth": born(25, 2),
        "respondent": "parent_carer",
        "setting": "college",
        "support": "ehc_plan",
        "ehc": {"last_review_date": "2026-09-01"},
    },
}


def answers_for(family: str, language: str = "en", variant: str = "standard") -> Answers:
    data = {
        "respondent": "parent_carer",
        "name": "Alexandra",
        "postcode": "XE1 1AA",
        "topics": ALL_TOPICS,
        **FAMILIES[family],
        "language": language,
        "variant": variant,
    }
    return parse_answers(data, TODAY)


def plan_for(family: str, services: Sequence[ServiceRecord], language: str = "en") -> Plan:
    return build_plan(
        answers_for(family, language), TODAY, BabelLocalizer(language), services=services
    )
