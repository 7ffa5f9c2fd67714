"""Issue 16, part A: families decide who at the council sees their plan. A plan the family made is
invisible to staff (404, never listed or counted) until the family shares it; stopping takes it
back at once; every share, unshare and staff view is audited with ids only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner import crypto
from planner.caseworker import batch, letters, search
from planner.caseworker.models import AuditEvent, BatchItem, Consent, FamilyIndex
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.plans import sharing
from planner.rules.answers import parse_answers
from tests.caseworker.conftest import ADDRESS, council, make_plan

# Every console page about one family (the access table's family routes).
FAMILY_PAGES = [
    ("GET", "/caseworker/families/{plan}"),
    ("GET", "/caseworker/families/{plan}/consent"),
    ("GET", "/caseworker/families/{plan}/questions/name"),
    ("GET", "/caseworker/families/{plan}/check"),
    ("POST", "/caseworker/families/{plan}/rebuild"),
    ("GET", "/caseworker/families/{plan}/address"),
    ("GET", "/caseworker/families/{plan}/letter"),
    ("GET", "/caseworker/families/{plan}/letter.pdf"),
    ("GET", "/caseworker/api/families/{plan}/deliveries"),
]


def family_plan() -> tuple[PlanRecord, str]:
    """A plan a family made on the public service (not shared), with its secret token."""
    answers = parse_answers(
        {"date_of_birth": "2012-05-06", "name": "Noor", "postcode": "LS1 4AP"}, date.today()
    )
    return plans.create_plan(answers, council())


def family_browser(cw: Flask, record: PlanRecord) -> FlaskClient:
    """The family's browser: it made the plan, so the plan is in its session."""
    client = cw.test_client()
    with client.session_transaction() as cookie:
        cookie["plans"] = [record.id]
    return client


def staff_sees(client: FlaskClient, record: PlanRecord) -> bool:
    """Whether staff can list, find (by reference and by name) and open the plan: all or none."""
    link = f'href="/caseworker/families/{record.id}"'
    listed = link in client.get("/caseworker/families").get_data(as_text=True)
    found = link in client.post(
        "/caseworker/families", data={"reference": record.reference}
    ).get_data(as_text=True)
    by_name = link in client.post("/caseworker/families", data={"name": "noor"}).get_data(
        as_text=True
    )
    opened = client.get(f"/caseworker/families/{record.id}").status_code
    assert listed == found == by_name == (opened == 200), (listed, found, by_name, opened)
    return opened == 200


def actions(plan_id: str) -> list[str]:
    return list(
        db.session.execute(
            db.select(AuditEvent.action).filter_by(plan_id=plan_id).order_by(AuditEvent.id)
        ).scalars()
    )


def test_a_plan_the_family_made_is_invisible_to_staff(as_admin: Any, cw: Flask) -> None:
    client, _admin = as_admin
    record, _token = family_plan()
    letters.save_address(record, ADDRESS, None)
    for method, template in FAMILY_PAGES:
        path = template.format(plan=record.id)
        assert client.open(path, method=method).status_code == 404, path
    assert not staff_sees(client, record)
    assert search.find(record.council_id, search.Query()) == []
    assert search.select(record.council_id, search.Filter(), date.today()) == []
    assert batch.addressed_count(record.council_id) == 0
    assert "There are no plans yet." in client.get("/caseworker/families").get_data(as_text=True)
    assert db.session.get(FamilyIndex, record.id) is None  # not even indexed
    assert "family.view" not in actions(record.id)


def test_sharing_from_the_plan_page_then_stopping(as_caseworker: Any, cw: Flask) -> None:
    staff, user = as_caseworker
    record, _token = family_plan()
    family = family_browser(cw, record)
    plan_page = family.get(f"/plan/{record.id}").get_data(as_text=True)
    assert "Nobody at the council can see your plan unless you share it." in plan_page
    explained = family.get(f"/plan/{record.id}/sharing").get_data(as_text=True)
    assert "What the SEND team will see" in explained
    assert "before you talk to them on the phone" in explained

    shared = family.post(f"/plan/{record.id}/sharing")
    assert shared.status_code == 302
    page = family.get(f"/plan/{record.id}").get_data(as_text=True)
    assert "Your plan is shared with the council's SEND team" in page
    assert f"Your plan reference is {record.reference}. Give this when you talk to them." in page
    db.session.refresh(record)
    assert record.shared and record.shared_via == "family"
    consent = db.session.execute(db.select(Consent).filter_by(plan_id=record.id)).scalar_one()
    assert consent.method == "online" and consent.recorded_by is None
    assert "I can stop sharing at any time." in consent.wording
    assert crypto.decrypt_json(consent.given_by_enc) == {"name": "", "relationship": "family"}
    assert staff_sees(staff, record)

    stopped = family.post(f"/plan/{record.id}/sharing/stop")
    assert stopped.status_code == 302
    assert "You have stopped sharing your plan" in family.get(f"/plan/{record.id}").get_data(
        as_text=True
    )
    assert not staff_sees(staff, record)  # at once
    assert db.session.get(FamilyIndex, record.id) is None
    steps = [a for a in actions(record.id) if a in ("plan.share", "family.view", "plan.unshare")]
    assert steps == ["plan.share", "family.view", "plan.unshare"]
    trail = db.session.execute(
        db.select(AuditEvent).filter(AuditEvent.action.in_(("plan.share", "plan.unshare")))
    ).scalars()
    for event in trail:  # the council's own trail, ids only
        assert event.council_id == record.council_id and event.user_id is None
        assert set(event.detail) <= {"via", "was"}
    views = db.session.execute(
        db.select(AuditEvent).filter_by(action="family.view", plan_id=record.id)
    ).scalars()
    assert [v.user_id for v in views] == [user.id]


def test_pages_that_stop_working_when_sharing_stops(as_caseworker: Any, cw: Flask) -> None:
    client, _user = as_caseworker
    record = make_plan()
    letters.save_address(record, ADDRESS, None)
    for method, template in FAMILY_PAGES:
        path = template.format(plan=record.id)
        assert client.open(path, method=method).status_code != 404, path
    sharing.unshare(record)
    for method, template in FAMILY_PAGES:
        path = template.format(plan=record.id)
        assert client.open(path, method=method).status_code == 404, path


@pytest.mark.parametrize("mode", ["post", "print"])
def test_a_batch_skips_a_family_that_stopped_sharing(cw: Flask, mode: str, monkeypatch) -> None:
    from planner.delivery import rendering

    monkeypatch.setattr(rendering, "letter_pdf", lambda *a, **k: (b"%PDF-1.7 test", False))
    monkeypatch.setattr(batch, "enqueue", lambda _batch_id: None)  # run it by hand below
    record = make_plan()
    letters.save_address(record, ADDRESS, None)
    made = batch.create(
        record.council_id, [record.id], mode=mode, postage="second", criteria={}, user_id=None
    )
    sharing.unshare(record)
    monkeypatch.setattr(batch, "_combine", lambda *_a: None)
    batch.run(made.id)
    item = db.session.execute(db.select(BatchItem).filter_by(batch_id=made.id)).scalar_one()
    assert item.status == "failed" and item.reason == batch.UNSHARED


def test_a_batch_cannot_be_made_for_an_unshared_plan(cw: Flask, monkeypatch) -> None:
    monkeypatch.setattr(batch, "enqueue", lambda _batch_id: None)
    record, _token = family_plan()
    made = batch.create(
        record.council_id, [record.id], mode="post", postage="second", criteria={}, user_id=None
    )
    assert db.session.execute(db.select(BatchItem).filter_by(batch_id=made.id)).first() is None


# --------------------------------------------------------------------------------------- API
def api(client: FlaskClient, method: str, record: PlanRecord, token: str, body: Any = None) -> Any:
    return client.open(
        f"/api/v1/plans/{record.id}/sharing",
        method=method,
        json=body,
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_sharing_through_the_api(as_caseworker: Any, cw: Flask) -> None:
    staff, _user = as_caseworker
    record, token = family_plan()
    client = cw.test_client()
    created = api(client, "POST", record, token, {"with": "council"})
    assert created.status_code == 201
    body = created.get_json()
    assert body["with"] == "council" and body["reference"] == record.reference
    assert body["shared_at"].endswith("Z")
    assert staff_sees(staff, record)
    again = api(client, "POST", record, token, {"with": "council"})
    assert again.status_code == 201 and again.get_json()["shared_at"] == body["shared_at"]
    assert api(client, "DELETE", record, token).status_code == 204
    assert not staff_sees(staff, record)
    assert api(client, "DELETE", record, token).status_code == 204  # already not shared


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "with"),
        ({"with": "school"}, "with"),
        ({"with": "council", "extra": 1}, "extra"),
        (["council"], "body"),
    ],
    ids=["missing", "unknown-target", "unknown-field", "not-an-object"],
)
def test_bad_sharing_requests_name_the_field(cw: Flask, body: Any, field: str) -> None:
    record, token = family_plan()
    response = api(cw.test_client(), "POST", record, token, body)
    assert response.status_code == 422 and field in response.get_json()["errors"]
    db.session.refresh(record)
    assert not record.shared


def test_sharing_needs_the_plans_token(cw: Flask) -> None:
    record, _token = family_plan()
    client = cw.test_client()
    assert api(client, "POST", record, "", {"with": "council"}).status_code == 401
    assert api(client, "POST", record, "wrong", {"with": "council"}).status_code == 404
    assert api(client, "DELETE", record, "wrong").status_code == 404
    db.session.refresh(record)
    assert not record.shared


def test_sharing_is_in_the_openapi_document(cw: Flask) -> None:
    document = cw.test_client().get("/api/v1/openapi.json").get_json()
    path = document["paths"]["/plans/{plan_id}/sharing"]
    assert set(path["post"]["responses"]) >= {"201", "401", "404", "422"}
    assert set(path["delete"]["responses"]) >= {"204", "401", "404"}
    request_schema = document["components"]["schemas"]["SharingRequest"]
    assert request_schema["properties"]["with"]["enum"] == ["council"]


def test_the_privacy_notice_says_who_can_see_what(cw: Flask) -> None:
    page = cw.test_client().get("/privacy").get_data(as_text=True).replace("&#39;", "'")
    for words in (
        "If you make a plan yourself, nobody at the council can see it or your answers.",
        "you choose to share your plan with them, from your plan page",
        "you made the plan with someone from the SEND team, and agreed to it",
        "What GOV.UK Notify receives",
        "It does not receive your other answers.",
        "we keep your answers for up to 24 hours",
        "You can stop sharing at any time",
    ):
        assert words in page, words
