"""The questionnaire asks where the family is in the EHC process: one choice a page, with the
date of the council's letter, and "We have not heard yet" always offered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from planner.plans.service import today_in_london
from planner.questionnaire import flow
from tests.web.conftest import make_plan, page, post, session_value, set_answers, text

TODAY = today_in_london()
BEFORE = ["who", "name", "date-of-birth", "setting", "support", "needs", "topics", "goals", "dla"]


def _date(day: Any) -> list[tuple[str, str]]:
    return [("decided_on", str(day.day)), ("decided_on", str(day.month)),
            ("decided_on", str(day.year))]  # fmt: skip


def _start(client: FlaskClient, full_answers: dict[str, Any], support: str, ehc: dict[str, str]):
    set_answers(client, {**full_answers, "support": support, "ehc": ehc}, [*BEFORE, "ehc-dates"])


REQUESTED = (TODAY - timedelta(weeks=10)).isoformat()
LETTER = TODAY - timedelta(weeks=3)


@pytest.mark.parametrize(
    ("choice", "with_date", "expected"),
    [
        pytest.param("waiting", False, {}, id="not-heard"),
        pytest.param(
            "assess",
            True,
            {"assessment_decision": "assess", "assessment_decision_on": LETTER.isoformat()},
            id="agreed",
        ),  # fmt: skip
        pytest.param("assess", False, {"assessment_decision": "assess"}, id="agreed-no-date"),
        pytest.param(
            "refuse",
            True,
            {"assessment_decision": "refuse", "assessment_decision_on": LETTER.isoformat()},
            id="refused",
        ),  # fmt: skip
        pytest.param(
            "no_plan",
            True,
            {
                "assessment_decision": "assess",
                "plan_decision": "refuse",
                "plan_decision_on": LETTER.isoformat(),
            },
            id="no-plan",
        ),  # fmt: skip
        pytest.param(
            "draft",
            True,
            {
                "assessment_decision": "assess",
                "plan_decision": "issue",
                "draft_served_on": LETTER.isoformat(),
            },
            id="draft",
        ),  # fmt: skip
        pytest.param(
            "final",
            True,
            {
                "assessment_decision": "assess",
                "plan_decision": "issue",
                "final_plan_on": LETTER.isoformat(),
            },
            id="final",
        ),  # fmt: skip
    ],
)
def test_what_the_council_said_about_the_assessment(
    client: FlaskClient, full_answers: dict[str, Any], choice: str, with_date: bool,
    expected: dict[str, str],
) -> None:  # fmt: skip
    _start(client, full_answers, "assessment_requested", {"assessment_requested_on": REQUESTED})
    soup = page(client.get("/questions/ehc-assessment-stage"))
    assert "What has the council told you about the assessment?" in text(soup.find("h1"))
    assert soup.find("input", {"value": "waiting"}) is not None
    data = [("answer", choice), *(_date(LETTER) if with_date else [])]
    response = post(client, "ehc-assessment-stage", data)
    assert response.headers["Location"] == "/questions/postcode"
    assert session_value(client, "answers")["ehc"] == {
        "assessment_requested_on": REQUESTED,
        **expected,
    }
    # Shown again as it was saved.
    again = page(client.get("/questions/ehc-assessment-stage"))
    assert again.find("input", {"value": choice}).has_attr("checked")


def test_changing_the_stage_replaces_the_old_one(client: FlaskClient, full_answers: Any) -> None:
    refused = {"assessment_requested_on": REQUESTED, "assessment_decision": "refuse",
               "assessment_decision_on": LETTER.isoformat(),
               "decision_sent_on": REQUESTED}  # fmt: skip
    _start(client, full_answers, "assessment_requested", refused)
    post(client, "ehc-assessment-stage", [("answer", "draft"), *_date(LETTER)])
    assert session_value(client, "answers")["ehc"] == {
        "assessment_requested_on": REQUESTED, "decision_sent_on": REQUESTED,
        "assessment_decision": "assess", "plan_decision": "issue",
        "draft_served_on": LETTER.isoformat(),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param([], "Select what the council has told you", id="nothing-chosen"),
        pytest.param(
            [("answer", "assess"), *_date(TODAY + timedelta(days=1))],
            "must be today or in the past",
            id="future",
        ),  # fmt: skip
        pytest.param(
            [("answer", "assess"), *_date(TODAY - timedelta(weeks=20))],
            "on or after the date you asked",
            id="before-the-request",
        ),  # fmt: skip
        pytest.param(
            [
                ("answer", "assess"),
                ("decided_on", "31"),
                ("decided_on", "2"),
                ("decided_on", "2026"),
            ],
            "must be a real date",
            id="not-a-date",
        ),  # fmt: skip
    ],
)
def test_stage_errors_name_what_to_fix(
    client: FlaskClient, full_answers: Any, data: list[tuple[str, str]], message: str
) -> None:
    _start(client, full_answers, "assessment_requested", {"assessment_requested_on": REQUESTED})
    response = post(client, "ehc-assessment-stage", data)
    assert response.status_code == 200
    summary = page(response).find(class_="govuk-error-summary")
    assert summary is not None and message in text(summary)
    assert "assessment_decision" not in session_value(client, "answers")["ehc"]


REVIEW = (TODAY - timedelta(weeks=6)).isoformat()


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        pytest.param("waiting", {"review_decision": "waiting"}, id="not-heard"),
        pytest.param(
            "keep", {"review_decision": "keep", "review_decision_on": LETTER.isoformat()}, id="keep"
        ),  # fmt: skip
        pytest.param(
            "amend",
            {
                "review_decision": "amend",
                "review_decision_on": LETTER.isoformat(),
                "amendments_served_on": LETTER.isoformat(),
            },
            id="amend",
        ),  # fmt: skip
        pytest.param(
            "cease",
            {"review_decision": "cease", "review_decision_on": LETTER.isoformat()},
            id="cease",
        ),  # fmt: skip
    ],
)
def test_what_the_council_decided_after_the_review(
    client: FlaskClient, full_answers: Any, choice: str, expected: dict[str, str]
) -> None:
    _start(client, full_answers, "ehc_plan", {"last_review_date": REVIEW})
    response = post(client, "ehc-review-outcome", [("answer", choice), *_date(LETTER)])
    assert response.headers["Location"] == "/questions/postcode"
    assert session_value(client, "answers")["ehc"] == {"last_review_date": REVIEW, **expected}


def test_no_review_outcome_without_a_review_date(client: FlaskClient, full_answers: Any) -> None:
    _start(client, full_answers, "ehc_plan", {})
    assert "ehc-review-outcome" not in [
        p.id for p in flow.applicable(session_value(client, "answers"), TODAY)
    ]


@pytest.mark.parametrize("support", ["ehc_plan", "assessment_requested"])
def test_any_path_stays_within_12_question_pages(full_answers: Any, support: str) -> None:
    answers = {**full_answers, "support": support, "ehc": {"last_review_date": REVIEW}}
    assert len(flow.applicable(answers, TODAY)) <= 12


def test_the_plan_shows_a_late_decision(client: FlaskClient, full_answers: Any) -> None:
    answers = {**full_answers, "support": "assessment_requested",
               "ehc": {"assessment_requested_on": REQUESTED}}  # fmt: skip
    html = client.get(make_plan(client, answers)).get_data(as_text=True)
    assert "The council is late deciding about an assessment" in html
    check = {**answers, "ehc": {**answers["ehc"], "assessment_decision": "assess"}}
    set_answers(client, check, [p.id for p in flow.PAGES])
    rows = text(page(client.get("/check")))
    assert "The council agreed to carry out an assessment" in rows
