"""Helpers for the public pages: parse HTML, walk the questionnaire, count stored plans."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

# Registers the directory tables before the session's app runs db.create_all(): the plan page
# looks up local services.
import planner.directory  # noqa: F401
from planner import drafts
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans.service import today_in_london
from planner.questionnaire.views import DRAFT
from planner.rules.answers import years_before


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text(node: Any) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def born_aged(age: int, today: date | None = None) -> date:
    """A date of birth for someone who turned `age` a month ago."""
    return years_before(today or today_in_london(), age) - timedelta(days=30)


def dob_fields(day: date | None) -> list[tuple[str, str]]:
    if day is None:
        return [("answer", ""), ("answer", ""), ("answer", "")]
    return [("answer", str(day.day)), ("answer", str(day.month)), ("answer", str(day.year))]


def plan_count(app: Flask) -> int:
    with app.app_context():
        return db.session.query(PlanRecord).count()


def set_answers(client: FlaskClient, answers: Mapping[str, Any], seen: Iterable[str] = ()) -> None:
    """Answers in progress, stored where the app keeps them: a server-side draft whose id is
    the only thing in the cookie (planner.drafts)."""
    draft_id = secrets.token_urlsafe(32)
    with client.session_transaction() as s:
        s[DRAFT] = draft_id
    with client.application.app_context():
        drafts.put(draft_id, {"answers": dict(answers), "seen": list(seen)})


def session_value(client: FlaskClient, key: str) -> Any:
    """A session value; "answers" and "seen" are read from the browser's server-side draft."""
    with client.session_transaction() as s:
        if key not in ("answers", "seen"):
            return s.get(key)
        draft_id = s.get(DRAFT)
    with client.application.app_context():
        draft = drafts.get(draft_id)
    return None if draft is None else draft.get(key)


def post(client: FlaskClient, page_id: str, data: Any = (), **query: str) -> Any:
    return client.post(f"/questions/{page_id}", data=MultiDict(list(data)), query_string=query)


# Answers for a 15-year-old with an EHC plan: every question page applies.
FULL = {
    "respondent": "parent_carer",
    "name": "Sam",
    "setting": "mainstream_secondary",
    "support": "ehc_plan",
    "receives_dla": True,
}


@pytest.fixture
def full_answers() -> dict[str, Any]:
    return {**FULL, "date_of_birth": born_aged(15).isoformat()}


def make_plan(client: FlaskClient, answers: Mapping[str, Any]) -> str:
    """Submit `answers` through "Check your answers"; return the plan's path."""
    from planner.questionnaire import flow

    set_answers(client, answers, [p.id for p in flow.PAGES])
    response = client.post("/check")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]
