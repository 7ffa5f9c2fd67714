"""Recording what the council said in one step, from the plan or from a reminder's link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service
from planner.plans.service import today_in_london
from planner.rules.types import EhcDates

TODAY = today_in_london()
REQUESTED = TODAY - timedelta(weeks=8)
LETTER = TODAY - timedelta(weeks=1)


def _plan(client: FlaskClient) -> str:
    answers = {"date_of_birth": "2015-05-05", "support": "assessment_requested",
               "ehc": {"assessment_requested_on": REQUESTED.isoformat()}}  # fmt: skip
    made = client.post("/api/v1/plans", json=answers).get_json()
    client.get(f"/plan/{made['id']}/open/{made['token']}")
    return str(made["id"])


def _date(day: Any) -> dict[str, list[str]]:
    return {"decided_on": [str(day.day), str(day.month), str(day.year)]}


def _ehc(app: Flask, plan_id: str) -> EhcDates:
    with app.app_context():
        return service.load_answers(db.session.get(PlanRecord, plan_id)).ehc


def test_one_step_saves_the_plan(client: FlaskClient, app: Flask) -> None:
    plan_id = _plan(client)
    before = client.get(f"/plan/{plan_id}").get_data(as_text=True)
    assert "The council is late deciding about an assessment" in before
    form = client.get(f"/plan/{plan_id}/ehc/ehc-assessment-stage").get_data(as_text=True)
    assert "What has the council told you about the assessment?" in form
    assert "Save and show my plan" in form
    response = client.post(
        f"/plan/{plan_id}/ehc/ehc-assessment-stage", data={"answer": "assess", **_date(LETTER)}
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/plan/{plan_id}"
    ehc = _ehc(app, plan_id)
    assert ehc.assessment_decision == "assess" and ehc.assessment_decision_on == LETTER
    after = client.get(f"/plan/{plan_id}").get_data(as_text=True)
    assert "The council is late deciding about an assessment" not in after


def test_a_wrong_answer_is_shown_again_and_nothing_saved(client: FlaskClient, app: Flask) -> None:
    plan_id = _plan(client)
    response = client.post(
        f"/plan/{plan_id}/ehc/ehc-assessment-stage",
        data={"answer": "assess", **_date(REQUESTED - timedelta(days=3))},
    )
    assert response.status_code == 200
    assert "on or after the date you asked" in response.get_data(as_text=True)
    assert _ehc(app, plan_id).assessment_decision is None


@pytest.mark.parametrize("page_id", ["postcode", "ehc-dates", "nonsense"])
def test_only_the_ehc_questions_can_be_answered_this_way(client: FlaskClient, page_id: str) -> None:
    plan_id = _plan(client)
    assert client.get(f"/plan/{plan_id}/ehc/{page_id}").status_code == 404


def test_another_browser_cannot_record_anything(client: FlaskClient, app: Flask) -> None:
    plan_id = _plan(client)
    other = app.test_client()
    response = other.post(f"/plan/{plan_id}/ehc/ehc-assessment-stage", data={"answer": "refuse"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("update", "goes_to"),
    [
        ("ehc-assessment-stage", "/ehc/ehc-assessment-stage"),
        ("https://evil.example/", ""),
        ("postcode", ""),
    ],
)
def test_a_reminder_link_opens_the_question(app: Flask, update: str, goes_to: str) -> None:
    client = app.test_client()
    plan_id = _plan(app.test_client())
    with app.app_context():
        token = service.issue_link(db.session.get(PlanRecord, plan_id), "reminders")
        db.session.commit()
    response = client.get(f"/p/{token}", query_string={"update": update})
    assert response.headers["Location"] == f"/plan/{plan_id}{goes_to}"
