"""Opting in and out through the JSON API and the plan's reminders page; the stop link."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner.extensions import db
from planner.plans import service as plans
from planner.reminders import service
from planner.reminders.models import Reminder, ReminderSubscription
from planner.rules.answers import parse_answers


@pytest.fixture
def plan_and_token(ctx):
    council = plans.get_or_create_council()
    answers = parse_answers({"date_of_birth": "2014-05-01"}, today=date(2026, 1, 1))
    return plans.create_plan(answers, council)


def post(client, record, token, body):
    return client.post(
        f"/api/v1/plans/{record.id}/reminders",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_api_opt_in_returns_reminders(client, plan_and_token):
    record, token = plan_and_token
    resp = post(
        client,
        record,
        token,
        {"channel": "sms", "phone_number": "+44 7700 900123", "consent": True},
    )
    assert resp.status_code == 201, resp.json
    reminders = resp.json["reminders"]
    assert reminders
    for r in reminders:
        assert set(r) == {"id", "milestone_id", "due_at", "channel", "status"}
        assert r["channel"] == "sms" and r["status"] == "pending"
        due = datetime.fromisoformat(r["due_at"])
        assert due.utcoffset() is not None and due.utcoffset().total_seconds() == 0
    listed = client.get(
        f"/api/v1/plans/{record.id}/reminders", headers={"Authorization": f"Bearer {token}"}
    )
    assert listed.json == resp.json


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "email", "email_address": "a@example.com"}, "consent"),
        ({"channel": "email", "email_address": "a@example.com", "consent": False}, "consent"),
        ({"channel": "email", "email_address": "a@example.com", "consent": "yes"}, "consent"),
        ({"channel": "sms", "phone_number": "0121 496 0000", "consent": True}, "phone_number"),
        ({"channel": "sms", "phone_number": "07700 90012", "consent": True}, "phone_number"),
        ({"channel": "sms", "consent": True}, "phone_number"),
        ({"channel": "email", "email_address": "not-an-email", "consent": True}, "email_address"),
        ({"channel": "letter", "address_lines": ["1 High St"], "consent": True}, "address_lines"),
        ({"channel": "pigeon", "consent": True}, "channel"),
        ({"channel": "email", "email_address": "a@example.com", "consent": True, "x": 1}, "x"),
        (
            {
                "channel": "email",
                "email_address": "a@example.com",
                "consent": True,
                "language": "xx",
            },
            "language",
        ),
    ],
)
def test_api_refuses_bad_input_and_stores_nothing(client, plan_and_token, body, field):
    record, token = plan_and_token
    resp = post(client, record, token, body)
    assert resp.status_code == 422
    assert field in resp.json["errors"]
    assert db.session.execute(db.select(ReminderSubscription)).first() is None
    assert db.session.execute(db.select(Reminder)).first() is None


def test_api_needs_the_plans_token(client, plan_and_token):
    record, _token = plan_and_token
    body = {"channel": "email", "email_address": "a@example.com", "consent": True}
    assert client.post(f"/api/v1/plans/{record.id}/reminders", json=body).status_code == 401
    assert post(client, record, "wrong", body).status_code == 404
    assert post(client, record, "wrong", body).json["message"]


def test_api_opt_out(client, plan_and_token):
    record, token = plan_and_token
    post(
        client,
        record,
        token,
        {"channel": "email", "email_address": "a@example.com", "consent": True},
    )
    resp = client.delete(
        f"/api/v1/plans/{record.id}/reminders", headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status_code == 204
    statuses = {r.status for r in db.session.execute(db.select(Reminder)).scalars()}
    assert statuses == {"cancelled"}


def test_stop_link_get_confirms_and_post_stops(client, plan_and_token):
    record, token = plan_and_token
    post(
        client,
        record,
        token,
        {"channel": "email", "email_address": "a@example.com", "consent": True},
    )
    sub = service.subscription_for(record)
    url = f"/reminders/stop/{service.stop_token(sub)}"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Stop reminders" in page.data
    assert {r.status for r in db.session.execute(db.select(Reminder)).scalars()} == {"pending"}
    # RFC 8058: the mail provider's one-click POST, no CSRF token, no session.
    stopped = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert stopped.status_code == 200
    db.session.expire_all()
    assert {r.status for r in db.session.execute(db.select(Reminder)).scalars()} == {"cancelled"}
    assert client.get("/reminders/stop/forged.token").status_code == 404
    assert client.post("/reminders/stop/forged.token").status_code == 404


def test_reminders_page_needs_the_plan_in_the_session(client, plan_and_token):
    record, _token = plan_and_token
    assert client.get(f"/plan/{record.id}/reminders").status_code == 404


def test_reminders_page_opt_in_with_consent(client, plan_and_token):
    record, _token = plan_and_token
    with client.session_transaction() as sess:
        sess["plans"] = [record.id]
    page = client.get(f"/plan/{record.id}/reminders")
    assert page.status_code == 200
    assert b"Get reminders about your plan" in page.data

    missing = client.post(
        f"/plan/{record.id}/reminders", data={"channel": "sms", "phone_number": "07700 900123"}
    )
    assert missing.status_code == 200
    assert b"You must agree before we can send reminders" in missing.data
    bad_phone = client.post(
        f"/plan/{record.id}/reminders",
        data={"channel": "sms", "phone_number": "12345", "consent": "y"},
    )
    assert b"There is a problem" in bad_phone.data
    assert db.session.execute(db.select(Reminder)).first() is None

    done = client.post(
        f"/plan/{record.id}/reminders",
        data={"channel": "sms", "phone_number": "07700 900123", "consent": "y"},
    )
    assert done.status_code == 200
    assert b"Reminders are on" in done.data
    sub = service.subscription_for(record)
    assert sub.active and sub.channel == "sms" and sub.consent_given_by.startswith("family:")

    off = client.post(f"/plan/{record.id}/reminders/off")
    assert off.status_code == 200
    assert {r.status for r in db.session.execute(db.select(Reminder)).scalars()} == {"cancelled"}
