"""Privacy by design, checked on the real thing: after a whole journey (a plan, deliveries by
email, text and letter, reminders, erasure) neither the broker's messages nor the logs hold any
personal data, only ids; erasure leaves an audit row without personal data."""

from __future__ import annotations

import base64
import json
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from planner import create_app
from planner.config import celery_config
from planner.extensions import db

# Everything personal the family gives us in this journey.
NAME = "Zebedee"
DOB = "2013-04-17"
POSTCODE = "XE1 2AB"
EMAIL = "zebedee.family@example.com"
PHONE = "07700 900123"
ADDRESS = ["Flat 9 Quirkstreet House", "12 Marrowbone Lane", "London", "SW1A 2AA"]
SECRETS = [NAME, DOB, POSTCODE, EMAIL, PHONE.replace(" ", ""), "447700900123", *ADDRESS[:2]]


@pytest.fixture
def journey_app(tmp_path: Path):
    """An app whose Celery really publishes (no eager mode) to a broker no worker reads, so every
    message stays there to be inspected: Redis in CI (a database of its own), else the
    filesystem transport."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        redis_url = redis_url.rsplit("/", 1)[0] + "/13"
    app = create_app(
        {
            "PLANNER_ENV": "testing",
            "TESTING": True,
            "VAR_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'privacy.db'}",
            "SECRET_KEY": "privacy-" + "x" * 32,
            "RATELIMIT_STORAGE_URI": "memory://",
            "REDIS_URL": None,
            "CELERY": celery_config(tmp_path, redis_url),
        }
    )
    celery = app.extensions["celery"]
    celery.set_default()
    celery.set_current()
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    with app.app_context():
        db.create_all()
    yield app, redis_url
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def broker_messages(app, redis_url: str | None) -> list[str]:
    """Every message waiting in the broker, raw and with its body decoded."""
    raw: list[str] = []
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        for key in client.keys("*"):
            if client.type(key) == b"list":
                raw += [m.decode() for m in client.lrange(key, 0, -1)]
    else:
        folder = Path(app.config["CELERY"]["broker_transport_options"]["data_folder_out"])
        raw += [p.read_text() for p in folder.glob("*") if p.is_file()]
    decoded = []
    for message in raw:
        envelope = json.loads(message)
        decoded.append(base64.b64decode(envelope["body"]).decode())
    return raw + decoded


def test_no_personal_data_in_broker_or_logs(journey_app, caplog):
    app, redis_url = journey_app
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    created = client.post(
        "/api/v1/plans",
        json={
            "name": NAME,
            "date_of_birth": DOB,
            "postcode": POSTCODE,
            "support": "ehc_plan",
            "receives_dla": True,
        },
    )
    assert created.status_code == 201
    plan_id, token = created.get_json()["id"], created.get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    for body in (
        {"channel": "email", "email_address": EMAIL},
        {"channel": "sms", "phone_number": PHONE},
        {"channel": "letter", "address_lines": ADDRESS},
    ):
        resp = client.post(f"/api/v1/plans/{plan_id}/deliveries", json=body, headers=auth)
        assert resp.status_code == 202, resp.get_json()
    optin = client.post(
        f"/api/v1/plans/{plan_id}/reminders",
        json={"channel": "email", "email_address": EMAIL, "consent": True},
        headers=auth,
    )
    assert optin.status_code == 201
    first_due = min(r["due_at"] for r in optin.get_json()["reminders"])
    from planner.reminders.dispatch import dispatch

    with app.app_context():
        due = datetime.fromisoformat(first_due).replace(tzinfo=None) + timedelta(minutes=1)
        assert dispatch(due).sent >= 1

    messages = broker_messages(app, redis_url)
    assert len(messages) >= 8, "the journey should have queued deliveries and a reminder"
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for secret in [*SECRETS, token]:
        for text in messages:
            assert secret not in text, f"{secret!r} found in a broker message"
        assert secret not in logs, f"{secret!r} found in the logs"

    # Erasure: everything goes at once; the audit row says so with ids only.
    assert client.delete(f"/api/v1/plans/{plan_id}", headers=auth).status_code == 204
    from planner.caseworker.models import AuditEvent
    from planner.delivery.models import Delivery
    from planner.reminders.models import Reminder

    with app.app_context():
        assert db.session.query(Delivery).count() == 0
        assert db.session.query(Reminder).count() == 0
        [event] = db.session.query(AuditEvent).filter_by(action="plan.erase").all()
        assert event.plan_id == plan_id and event.detail == {"by": "family"}
        row = json.dumps({"detail": event.detail, "email": event.user_email})
        assert not any(secret in row for secret in SECRETS)
