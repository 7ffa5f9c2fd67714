"""A due reminder goes through the delivery pipeline as itself: its own words, the one-click stop
link on email, and a letter in the Notify layout (here through the outbox, eager Celery)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pdfplumber
import pytest

from planner.delivery.models import Delivery
from planner.extensions import db
from planner.reminders.dispatch import dispatch

ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]


@pytest.mark.parametrize(
    ("channel", "contact"),
    [("email", {"email_address": "family@example.com"}), ("letter", {"address_lines": ADDRESS})],
)
def test_due_reminder_is_sent_with_its_own_words(app, client, channel, contact):
    plan = client.post(
        "/api/v1/plans", json={"date_of_birth": "2014-03-10", "support": "ehc_plan"}
    ).get_json()
    auth = {"Authorization": f"Bearer {plan['token']}"}
    optin = client.post(
        f"/api/v1/plans/{plan['id']}/reminders",
        json={"channel": channel, **contact, "consent": True},
        headers=auth,
    )
    assert optin.status_code == 201, optin.get_json()
    first = min(optin.get_json()["reminders"], key=lambda r: r["due_at"])
    with app.app_context():
        due = datetime.fromisoformat(first["due_at"]).replace(tzinfo=None) + timedelta(minutes=1)
        assert dispatch(due).sent >= 1
        deliveries = db.session.query(Delivery).filter_by(plan_id=plan["id"]).all()
        assert deliveries and all(d.status == "sent" for d in deliveries)
        delivery = deliveries[0]
        outbox = app.config["VAR_DIR"] / "outbox"
        if channel == "email":
            text = next(outbox.glob(f"{delivery.id}*.txt")).read_text()
            assert "Subject: Reminder:" in text
            assert "List-Unsubscribe: <" in text and "/reminders/stop/" in text
            assert "/p/" in text  # the reminders' own secret link to the plan
        else:
            pdf = next(outbox.glob(f"{delivery.id}*.pdf")).read_bytes()
            with pdfplumber.open(io.BytesIO(pdf)) as doc:
                words = doc.pages[0].extract_text()
            assert "Reminder:" in words and "LS1 4AP" in words
