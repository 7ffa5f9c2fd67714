"""The /api/v1 contract: create, read, erase; every kind of bad input is a 4xx naming the field."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from planner.extensions import db
from planner.models import PlanRecord

GOOD = {"date_of_birth": "2014-03-10", "support": "ehc_plan", "respondent": "parent_carer"}


def post(client, body, content_type="application/json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/api/v1/plans", data=data, content_type=content_type)


def plan_count(app) -> int:
    with app.app_context():
        return db.session.query(PlanRecord).count()


def test_create_read_delete(client, app):
    created = post(client, GOOD)
    assert created.status_code == 201
    body = created.get_json()
    assert len(body["token"]) >= 43  # 256 bits, base64url
    assert body["plan"]["schema"] == "plan/v1"
    ids = [m["id"] for m in body["plan"]["milestones"]]
    assert ids == sorted(ids, key=lambda i: ids.index(i))  # order kept as built
    auth = {"Authorization": f"Bearer {body['token']}"}

    got = client.get(f"/api/v1/plans/{body['id']}", headers=auth)
    assert got.status_code == 200
    assert got.get_json()["milestones"] == body["plan"]["milestones"]

    with app.app_context():
        stored = db.session.get(PlanRecord, body["id"])
        # Stored hashed and encrypted: neither the token nor the date of birth is in the row.
        assert body["token"] not in stored.token_hash
        assert b"2014-03-10" not in stored.answers_enc

    assert client.delete(f"/api/v1/plans/{body['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/plans/{body['id']}", headers=auth).status_code == 404
    assert plan_count(app) == 0


def test_schema_key_and_language_accepted(client):
    resp = post(client, {**GOOD, "schema": "answers/v1", "language": "pl"})
    assert resp.status_code == 201
    assert resp.get_json()["plan"]["language"] == "pl"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token"}, 404),
        ({"Authorization": "Basic abc"}, 401),
    ],
    ids=["no-token", "wrong-token", "wrong-scheme"],
)
def test_plan_needs_its_token(client, headers, status):
    plan_id = post(client, GOOD).get_json()["id"]
    resp = client.get(f"/api/v1/plans/{plan_id}", headers=headers)
    assert resp.status_code == status
    assert resp.get_json()["status"] == status


TOMORROW = (date.today() + timedelta(days=2)).isoformat()

BAD = [
    ("missing-dob", {"support": "none"}, {"date_of_birth"}),
    ("dob-not-a-date", {"date_of_birth": "10/03/2014"}, {"date_of_birth"}),
    ("dob-impossible", {"date_of_birth": "2015-02-31"}, {"date_of_birth"}),
    ("dob-future", {"date_of_birth": TOMORROW}, {"date_of_birth"}),
    ("dob-too-old", {"date_of_birth": "1990-01-01"}, {"date_of_birth"}),
    ("dob-number", {"date_of_birth": 20140310}, {"date_of_birth"}),
    ("unknown-key", {**GOOD, "favourite_colour": "blue"}, {"favourite_colour"}),
    ("bad-enum", {**GOOD, "support": "statement"}, {"support"}),
    ("bad-list-item", {**GOOD, "topics": ["careers", "astronomy"]}, {"topics[1]"}),
    ("list-not-list", {**GOOD, "needs": "sensory_physical"}, {"needs"}),
    ("year-group-range", {**GOOD, "year_group": 14}, {"year_group"}),
    ("year-group-bool", {**GOOD, "year_group": True}, {"year_group"}),
    ("dla-not-bool", {**GOOD, "receives_dla": "yes"}, {"receives_dla"}),
    ("ehc-unknown-key", {**GOOD, "ehc": {"reviewed": "2024-01-01"}}, {"ehc.reviewed"}),
    ("ehc-bad-date", {**GOOD, "ehc": {"draft_served_on": "2024-13-01"}}, {"ehc.draft_served_on"}),
    ("ehc-not-object", {**GOOD, "ehc": ["2024-01-01"]}, {"ehc"}),
    ("bad-postcode", {**GOOD, "postcode": "NOT A CODE"}, {"postcode"}),
    ("bad-language", {**GOOD, "language": "fr"}, {"language"}),
    ("bad-schema", {**GOOD, "schema": "answers/v2"}, {"schema"}),
    ("name-too-long", {**GOOD, "name": "x" * 61}, {"name"}),
    (
        "many-at-once",
        {"date_of_birth": "x", "support": 1, "goals": [1]},
        {"date_of_birth", "support", "goals[0]"},
    ),
]


@pytest.mark.parametrize(
    ("body", "fields"), [(b, f) for _, b, f in BAD], ids=[i for i, _, _ in BAD]
)
def test_bad_answers_are_422_naming_each_field(client, app, body, fields):
    resp = post(client, body)
    assert resp.status_code == 422
    assert set(resp.get_json()["errors"]) == fields
    assert plan_count(app) == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("date_of_birth=2014-03-10", "application/x-www-form-urlencoded", 415),
        ("{}", "text/plain", 415),
        ("{not json", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("[1, 2]", "application/json", 422),
        ('"a string"', "application/json", 422),
        ("x" * (200 * 1024), "application/json", 413),
    ],
    ids=["form-encoded", "text-plain", "broken-json", "not-utf8", "array", "string", "huge"],
)
def test_bad_bodies(client, app, data, content_type, status):
    resp = post(client, data, content_type=content_type)
    assert resp.status_code == status
    assert resp.is_json
    assert plan_count(app) == 0


def test_openapi_describes_the_answers(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    answers = doc["components"]["schemas"]["Answers"]
    assert answers["additionalProperties"] is False
    assert answers["required"] == ["date_of_birth"]
    assert "/plans/{plan_id}" in doc["paths"]
    assert set(answers["properties"]["support"]["enum"]) == {
        "ehc_plan",
        "assessment_requested",
        "sen_support",
        "none",
        "not_sure",
    }


def test_get_in_another_language(client):
    body = post(client, GOOD).get_json()
    auth = {"Authorization": f"Bearer {body['token']}"}
    assert (
        client.get(f"/api/v1/plans/{body['id']}?lang=es", headers=auth).get_json()["language"]
        == "es"
    )
    assert client.get(f"/api/v1/plans/{body['id']}?lang=xx", headers=auth).status_code == 422
