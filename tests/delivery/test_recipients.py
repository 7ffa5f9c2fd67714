"""Issue 16, B4: anonymous plans cannot be used to message strangers freely. At most 5 messages a
day reach one recipient across all plans (reminders exempt), every message has an "I did not ask
for this" link, and a blocked recipient gets nothing more from any plan."""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import timedelta
from typing import Any

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from flask import Flask

from planner import crypto
from planner.delivery import recipients, service
from planner.delivery.models import Delivery, RecipientBlock, RecipientSend
from planner.extensions import db
from planner.models import utcnow
from planner.reminders import service as reminders
from planner.reminders.dispatch import dispatch
from planner.reminders.models import Reminder
from tests.delivery.conftest import make_plan


@pytest.fixture(autouse=True)
def real_daily_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs with a roomy RECIPIENT_DAILY_LIMIT (tests/conftest.py); here it is real."""
    monkeypatch.setattr(recipients, "daily_limit", lambda: recipients.DAILY_LIMIT)


ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]
# (channel, five spellings of one recipient, a sixth, the field the refusal names)
SAME_RECIPIENT = [
    (
        "email",
        [
            {"email_address": a}
            for a in (
                "Victim@Example.com",
                "victim@example.com",
                "victim+1@example.com",
                " VICTIM@example.COM",
                "victim+plan@Example.com",
                "victim@example.com",
            )
        ],
        "email_address",
    ),
    (
        "sms",
        [
            {"phone_number": n}
            for n in (
                "07700 900123",
                "+447700900123",
                "07700900123",
                "(07700) 900-123",
                "447700900123",
                "07700 900 123",
            )
        ],
        "phone_number",
    ),
    (
        "letter",
        [
            {"address_lines": lines}
            for lines in (
                ADDRESS,
                [line.upper() for line in ADDRESS],
                ["Ms A Example", "Flat 2,", "10 High Street.", "Leeds", "ls1 4ap"],
                ADDRESS,
                ADDRESS,
                ADDRESS,
            )
        ],
        "address_lines",
    ),
]


def post(client: Any, plan_id: str, token: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/plans/{plan_id}/deliveries",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def deliveries() -> int:
    return len(db.session.execute(db.select(Delivery.id)).all())


@pytest.mark.parametrize(("channel", "contacts", "field"), SAME_RECIPIENT)
def test_five_messages_a_day_to_one_recipient_across_plans(
    dctx: Flask, notify: Any, channel: str, contacts: list[dict[str, Any]], field: str
) -> None:
    client = dctx.test_client()
    for contact in contacts[:5]:
        record, token = make_plan()  # a new anonymous plan each time: the limit is per recipient
        assert post(client, record.id, token, {"channel": channel, **contact}).status_code == 202
    record, token = make_plan()
    before = deliveries()
    refused = post(client, record.id, token, {"channel": channel, **contacts[5]})
    assert refused.status_code == 429
    assert set(refused.get_json()["errors"]) == {field}
    assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
    assert deliveries() == before  # nothing stored, nothing queued
    # Someone else is not affected, and nor is a download.
    other = {
        "email": {"email_address": "someone.else@example.com"},
        "sms": {"phone_number": "07700900999"},
        "letter": {"address_lines": ["Mr B Other", "1 Low Road", "LS2 7EE"]},
    }[channel]
    assert post(client, record.id, token, {"channel": channel, **other}).status_code == 202
    assert post(client, record.id, token, {"channel": "pdf"}).status_code == 202


def test_the_limit_is_a_rolling_day(dctx: Flask, notify: Any) -> None:
    client = dctx.test_client()
    record, token = make_plan()
    body = {"channel": "sms", "phone_number": "07700900321"}
    for _ in range(5):
        assert post(client, record.id, token, body).status_code == 202
    assert post(client, record.id, token, body).status_code == 429
    db.session.execute(
        db.update(RecipientSend).values(sent_at=utcnow() - timedelta(hours=24, minutes=1))
    )
    db.session.commit()
    assert post(client, record.id, token, body).status_code == 202
    # The nightly sweep forgets counts older than two days.
    assert recipients.sweep(utcnow() + timedelta(days=3)) == 6


def test_only_a_keyed_hash_of_the_recipient_is_stored(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    post(
        dctx.test_client(), record.id, token, {"channel": "email", "email_address": "a@example.com"}
    )
    [row] = db.session.execute(db.select(RecipientSend)).scalars()
    assert "example" not in row.recipient and "@" not in row.recipient
    assert row.recipient not in hashlib.sha256(b"email:a@example.com").hexdigest()
    assert len(row.recipient) == 32  # 128 bits


def test_the_send_page_explains_the_limit(dctx: Flask, notify: Any) -> None:
    record, _token = make_plan()
    client = dctx.test_client()
    with client.session_transaction() as sess:
        sess["plans"] = [record.id]
    data = {
        "channel": "email",
        "email_address": "page@example.com",
        "consent": "y",
        "variant": "standard",
        "postage": "second",
    }
    for _ in range(5):
        assert client.post(f"/plan/{record.id}/send", data=data).status_code == 302
    page = client.post(f"/plan/{record.id}/send", data=data)
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    summary = soup.find(class_="govuk-error-summary")
    assert summary is not None and "5 messages to this address" in summary.get_text()
    assert summary.find("a")["href"] == "#email_address"
    assert len(notify.sent("email")) == 5


def test_reminders_the_recipient_asked_for_are_not_counted(dctx: Flask, notify: Any) -> None:
    client = dctx.test_client()
    contact = {"email_address": "reminded@example.com"}
    for _ in range(5):
        record, token = make_plan()
        assert post(client, record.id, token, {"channel": "email", **contact}).status_code == 202
    record, _token = make_plan(date_of_birth="2014-03-10")
    reminders.opt_in(record, "email", contact, wording="I agree", given_by="test")
    first = (
        db.session.execute(
            db.select(Reminder).filter_by(plan_id=record.id).order_by(Reminder.due_at)
        )
        .scalars()
        .first()
    )
    assert first is not None
    assert dispatch(first.due_at + timedelta(minutes=1)).sent >= 1
    sent = list(db.session.execute(db.select(Delivery).filter_by(plan_id=record.id)).scalars())
    assert sent and all(d.status == "sent" for d in sent)
    assert len(notify.sent("email")) == 5 + len(sent)


# ------------------------------------------------------------------ "I did not ask for this"
HOSTILE_NAME = "Urgent Pay Now"  # allowed as a name; must never read as the council's words


def _sent_text(notify: Any, channel: str) -> tuple[str, str]:
    [message] = notify.sent(channel)
    personalisation = message.body["personalisation"]
    return personalisation.get("subject", ""), personalisation["body"]


@pytest.mark.parametrize(
    ("channel", "contact"),
    [("email", {"email_address": "n@example.com"}), ("sms", {"phone_number": "07700900555"})],
)
def test_every_message_has_a_not_me_link_and_never_the_name(
    dctx: Flask, notify: Any, channel: str, contact: dict[str, Any]
) -> None:
    record, token = make_plan(name=HOSTILE_NAME)
    assert (
        post(dctx.test_client(), record.id, token, {"channel": channel, **contact}).status_code
        == 202
    )
    subject, body = _sent_text(notify, channel)
    key = recipients.recipient_key(channel, contact)
    assert key is not None and recipients.not_me_url(key) in body
    assert HOSTILE_NAME.casefold() not in (subject + body).casefold()


def test_the_letter_has_a_not_me_link_and_not_the_name(dctx: Flask, notify: Any) -> None:
    record, token = make_plan(name=HOSTILE_NAME)
    body = {"channel": "letter", "address_lines": ADDRESS}
    assert post(dctx.test_client(), record.id, token, body).status_code == 202
    [letter] = notify.sent("letter")
    pdf = base64.b64decode(letter.body["content"])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first_page = doc.pages[0].extract_text() or ""
        text = " ".join(page.extract_text() or "" for page in doc.pages)
    url = recipients.not_me_url(
        recipients.recipient_key("letter", {"address_lines": ADDRESS}) or ""
    )
    assert "/not-me/" in text and url.rsplit("/", 1)[1][:12] in text.replace("\n", "")
    assert HOSTILE_NAME.casefold() not in first_page.casefold()


def test_not_me_blocks_the_recipient_everywhere(dctx: Flask, notify: Any) -> None:
    client = dctx.test_client()
    contact = {"email_address": "stranger@example.com"}
    record, token = make_plan()
    assert post(client, record.id, token, {"channel": "email", **contact}).status_code == 202
    # Another plan has reminders going to the same person.
    other, other_token = make_plan(date_of_birth="2014-03-10")
    reminders.opt_in(other, "email", contact, wording="I agree", given_by="test")
    # ...and a third has a message queued but not yet sent.
    queued, _ = make_plan()
    pending = Delivery(
        plan_id=queued.id,
        channel="email",
        status="pending",
        contact_enc=crypto.encrypt_json(contact),
    )
    db.session.add(pending)
    db.session.commit()

    _subject, body = _sent_text(notify, "email")
    path = "/not-me/" + body.split("/not-me/", 1)[1].split()[0]
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Stop all messages to me" in page.get_data(as_text=True)
    assert db.session.execute(db.select(RecipientBlock)).first() is None  # a GET changes nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "We will not send you any more messages" in done.get_data(as_text=True)
    [block] = db.session.execute(db.select(RecipientBlock)).scalars()
    assert "example" not in block.recipient

    # Reminders to them are cancelled...
    db.session.expire_all()
    statuses = {
        r.status
        for r in db.session.execute(db.select(Reminder).filter_by(plan_id=other.id)).scalars()
    }
    assert statuses and "pending" not in statuses
    assert reminders.subscription_for(other).active is False
    # ...new requests are refused, naming the field, from any plan and in any spelling...
    again = post(
        client, other.id, other_token, {"channel": "email", "email_address": "Stranger@example.com"}
    )
    assert again.status_code == 422 and set(again.get_json()["errors"]) == {"email_address"}
    optin = client.post(
        f"/api/v1/plans/{other.id}/reminders",
        json={"channel": "email", **contact, "consent": True},
        headers={"Authorization": f"Bearer {other_token}"},
    )
    assert optin.status_code == 422 and "email_address" in optin.get_json()["errors"]
    # ...and the worker will not send what was already queued.
    assert service.attempt(pending.id).state == "failed"
    db.session.expire_all()
    assert "asked us not to send" in (db.session.get(Delivery, pending.id).reason or "")
    assert len(notify.sent("email")) == 1


def test_not_me_page_for_a_made_up_link_is_not_found(dctx: Flask) -> None:
    client = dctx.test_client()
    for token in ("x", "A" * 30, "not-a-token!"):
        assert client.get(f"/not-me/{token}").status_code == 404
        assert client.post(f"/not-me/{token}").status_code == 404
    assert db.session.execute(db.select(RecipientBlock)).first() is None


def test_a_reminder_text_stop_page_can_block_the_recipient(dctx: Flask, notify: Any) -> None:
    record, token = make_plan(date_of_birth="2014-03-10")
    sub = reminders.opt_in(
        record, "sms", {"phone_number": "447700900777"}, wording="I agree", given_by="test"
    )
    client = dctx.test_client()
    stop = f"/reminders/stop/{reminders.stop_token(sub)}"
    assert "I did not ask for these" in client.get(stop).get_data(as_text=True)
    client.post(stop, data={"not_me": "I did not ask for these: stop all messages to me"})
    assert recipients.is_blocked(
        recipients.recipient_key("sms", {"phone_number": "447700900777"}) or ""
    )
    refused = post(client, record.id, token, {"channel": "sms", "phone_number": "07700 900777"})
    assert refused.status_code == 422


def test_a_one_click_unsubscribe_only_stops_reminders(dctx: Flask) -> None:
    record, _token = make_plan(date_of_birth="2014-03-10")
    sub = reminders.opt_in(
        record, "email", {"email_address": "x@example.com"}, wording="I agree", given_by="test"
    )
    client = dctx.test_client()
    client.post(
        f"/reminders/stop/{reminders.stop_token(sub)}", data={"List-Unsubscribe": "One-Click"}
    )
    assert db.session.execute(db.select(RecipientBlock)).first() is None
    assert reminders.subscription_for(record).active is False


def test_not_me_links_are_redacted_from_logs() -> None:
    from planner.logs import redact

    assert redact("GET /not-me/abcDEF123_- HTTP/1.1") == "GET /not-me/[redacted] HTTP/1.1"
