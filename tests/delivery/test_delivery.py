"""The delivery state machine, the API, the callback and the pages, with Celery eager and the
fake Notify on loopback (the real notifications-python-client talks to it)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import flask_babel
import pytest
from bs4 import BeautifulSoup
from flask import Flask

from planner import crypto
from planner.caseworker import auth
from planner.delivery import messages, ratelimit, service, sms
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.models import utcnow
from tests.apps import CALLBACK_TOKEN
from tests.delivery.conftest import make_plan

ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]


def post(client: Any, plan_id: str, token: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/plans/{plan_id}/deliveries",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def row(delivery_id: str) -> Delivery:
    db.session.expire_all()
    found = db.session.get(Delivery, delivery_id)
    assert found is not None
    return found


def test_email_is_sent_once_with_the_pdf_attached(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    response = post(
        dctx.test_client(), record.id, token, {"channel": "email", "email_address": "a@example.com"}
    )
    assert response.status_code == 202
    delivery = row(response.get_json()["id"])
    assert delivery.status == "sent" and delivery.notify_status == "created"
    [sent] = notify.sent("email")
    assert sent.reference == delivery.id and sent.id == delivery.notify_id
    attached = sent.body["personalisation"]["link_to_file"]
    assert base64.b64decode(attached["file"]).startswith(b"%PDF")
    # A secret link of its own, never the plan's API token.
    body = sent.body["personalisation"]["body"]
    assert "/p/" in body and token not in body
    # Contact details are stored encrypted, never in clear.
    assert b"a@example.com" not in delivery.contact_enc
    assert crypto.decrypt_json(delivery.contact_enc)["email_address"] == "a@example.com"


def test_email_over_2mb_sends_the_link_alone_and_says_so(
    dctx: Flask, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.delivery import rendering

    monkeypatch.setattr(rendering, "plan_pdf", lambda *a: b"%PDF" + b"0" * (2 * 1024 * 1024 + 1))
    record, token = make_plan()
    post(
        dctx.test_client(), record.id, token, {"channel": "email", "email_address": "a@example.com"}
    )
    [sent] = notify.sent("email")
    personalisation = sent.body["personalisation"]
    assert not isinstance(personalisation["link_to_file"], dict)
    assert "too large to attach" in personalisation["body"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Your transition plan"),
        ("pl", "Twój plan"),
        ("ar", "خطة الانتقال"),
        ("bn", "ট্রানজিশন পরিকল্পনা"),
        ("ur", "منصوبہ"),
        ("pa", "ਯੋਜਨਾ"),
    ],
)
def test_text_message_language_and_length(
    dctx: Flask, notify: Any, language: str, words: str
) -> None:
    record, token = make_plan(language=language)
    body = {"channel": "sms", "phone_number": "07700 900123", "language": language}
    assert post(dctx.test_client(), record.id, token, body).status_code == 202
    [sent] = notify.sent("sms")
    text = sent.body["personalisation"]["body"]
    assert sent.body["phone_number"] == "447700900123"
    assert f"lang={language}" in text  # the link opens the plan in their language
    assert words in text  # in the family's own language and script, not English
    assert sent.characters is not None and sent.characters <= 918
    assert sent.fragments == sms.fragment_count(text)


def test_letter_is_a_precompiled_pdf_with_postage(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    body = {"channel": "letter", "address_lines": ADDRESS, "postage": "first"}
    response = post(dctx.test_client(), record.id, token, body)
    assert response.status_code == 202
    [sent] = notify.sent("letter")
    assert sent.body["postage"] == "first"
    assert sent.reference == response.get_json()["id"]
    assert base64.b64decode(sent.body["content"]).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "email", "email_address": "not-an-email"}, "email_address"),
        ({"channel": "sms", "phone_number": "01632 960000"}, "phone_number"),
        ({"channel": "sms"}, "phone_number"),
        ({"channel": "letter", "address_lines": ["1 Road", "LS1 4AP"]}, "address_lines"),
        ({"channel": "letter", "address_lines": "1 Road"}, "address_lines"),
        ({"channel": "fax"}, "channel"),
        ({"channel": "pdf", "language": "fr"}, "language"),
        ({"channel": "pdf", "variant": "tiny"}, "variant"),
        ({"channel": "email", "email_address": "a@example.com", "postage": "first"}, "postage"),
        ({"channel": "pdf", "colour": "blue"}, "colour"),
    ],
)
def test_invalid_requests_are_422_naming_the_field_and_nothing_is_queued(
    dctx: Flask, notify: Any, body: dict[str, Any], field: str
) -> None:
    record, token = make_plan()
    response = post(dctx.test_client(), record.id, token, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert db.session.execute(db.select(Delivery)).first() is None
    assert notify.sent() == []


def test_api_needs_the_plans_token(dctx: Flask) -> None:
    record, _token = make_plan()
    client = dctx.test_client()
    assert post(client, record.id, "wrong", {"channel": "pdf"}).status_code == 404
    assert (
        client.post(f"/api/v1/plans/{record.id}/deliveries", json={"channel": "pdf"}).status_code
        == 401
    )


def test_get_delivery_shape_and_access(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    other, other_token = make_plan()
    client = dctx.test_client()
    delivery_id = post(client, record.id, token, {"channel": "pdf"}).get_json()["id"]
    got = client.get(
        f"/api/v1/deliveries/{delivery_id}", headers={"Authorization": f"Bearer {token}"}
    )
    body = got.get_json()
    assert set(body) == {
        "id",
        "channel",
        "status",
        "notify_status",
        "reason",
        "notify_id",
        "created_at",
        "updated_at",
        "fallback_of",
        "fallback_id",
        "has_fallback",
        "fallback_consent_at",
        "routes",
    }
    assert body["status"] == "delivered" and body["created_at"].endswith("+00:00")
    assert [r["id"] for r in body["routes"]] == [delivery_id] and body["has_fallback"] is False
    denied = client.get(
        f"/api/v1/deliveries/{delivery_id}", headers={"Authorization": f"Bearer {other_token}"}
    )
    assert denied.status_code == 404


def test_notify_500_then_success_sends_one(dctx: Flask, notify: Any) -> None:
    notify.fail_next(500)
    record, token = make_plan()
    delivery_id = post(
        dctx.test_client(), record.id, token, {"channel": "sms", "phone_number": "07700900123"}
    ).get_json()["id"]
    assert row(delivery_id).status == "sent"
    assert row(delivery_id).attempts == 2
    assert len(notify.sent("sms")) == 1
    # The second attempt looked the reference up before sending again.
    assert any(r[2] == "/v2/notifications" for r in notify.requests)


def test_notify_400_fails_at_once_with_notifys_message(dctx: Flask, notify: Any) -> None:
    notify.fail_next(400)
    record, token = make_plan()
    delivery_id = post(
        dctx.test_client(), record.id, token, {"channel": "sms", "phone_number": "07700900123"}
    ).get_json()["id"]
    delivery = row(delivery_id)
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "team-only API key" in (delivery.reason or "")
    assert notify.sent() == []


def test_retries_give_up_after_the_maximum(dctx: Flask, notify: Any) -> None:
    notify.fail_next(503, times=10)
    record, token = make_plan()
    delivery_id = post(
        dctx.test_client(), record.id, token, {"channel": "sms", "phone_number": "07700900123"}
    ).get_json()["id"]
    delivery = row(delivery_id)
    assert delivery.status == "failed" and delivery.attempts == 4
    assert "unavailable" in (delivery.reason or "")


def test_a_crash_after_notify_accepted_is_not_sent_twice(
    dctx: Flask, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker died after Notify took the message: the retry finds it by reference."""
    record, token = make_plan()
    monkeypatch.setattr(service, "enqueue", lambda _id: None)
    delivery_id = post(
        dctx.test_client(), record.id, token, {"channel": "sms", "phone_number": "07700900123"}
    ).get_json()["id"]
    assert service.claim(delivery_id, stale_after=120)
    from planner.delivery.notify import NotifySender
    from planner.delivery.settings import load

    NotifySender(load()).send_sms(delivery_id, "447700900123", {"body": "hello"})  # then "crash"
    db.session.execute(db.update(Delivery).values(claimed_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    assert service.attempt(delivery_id).state == "sent"
    assert len(notify.sent("sms")) == 1
    assert row(delivery_id).notify_id == notify.sent("sms")[0].id


def test_status_guard_makes_a_replayed_message_do_nothing(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    delivery_id = post(
        dctx.test_client(), record.id, token, {"channel": "sms", "phone_number": "07700900123"}
    ).get_json()["id"]
    assert service.attempt(delivery_id).state == "skipped"
    assert service.claim(delivery_id, stale_after=0) is False
    assert len(notify.sent()) == 1


def test_sweeper_requeues_only_stuck_rows(
    dctx: Flask, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[str] = []
    monkeypatch.setattr(service, "enqueue", queued.append)
    record, _token = make_plan()
    stuck = Delivery(
        plan_id=record.id,
        channel="pdf",
        status="sending",
        claimed_at=utcnow() - timedelta(minutes=3),
    )
    busy = Delivery(plan_id=record.id, channel="pdf", status="sending", claimed_at=utcnow())
    db.session.add_all([stuck, busy])
    db.session.commit()
    assert service.requeue_stuck() == [stuck.id]


RECEIPTS = [
    ("delivered", "delivered", None),
    ("permanent-failure", "failed", "does not exist"),
    ("temporary-failure", "failed", "3 days"),
    ("technical-failure", "failed", "technical problem"),
]


@pytest.mark.parametrize(("notify_status", "status", "reason"), RECEIPTS)
def test_callbacks_record_receipts(
    dctx: Flask, notify: Any, notify_status: str, status: str, reason: str | None
) -> None:
    record, token = make_plan()
    client = dctx.test_client()
    delivery_id = post(
        client, record.id, token, {"channel": "email", "email_address": "a@example.com"}
    ).get_json()["id"]
    receipt = {
        "id": row(delivery_id).notify_id,
        "reference": delivery_id,
        "status": notify_status,
        "to": "a@example.com",
    }
    headers = {"Authorization": f"Bearer {CALLBACK_TOKEN}"}
    assert (
        client.post("/notify/callbacks/delivery-status", json=receipt, headers=headers).status_code
        == 204
    )
    delivery = row(delivery_id)
    assert (delivery.status, delivery.notify_status) == (status, notify_status)
    assert (reason or "") in (delivery.reason or "")


@pytest.mark.parametrize(
    ("headers", "data", "status"),
    [
        ({"Authorization": "Bearer wrong"}, json.dumps({"id": "x", "status": "delivered"}), 401),
        ({}, json.dumps({"id": "x", "status": "delivered"}), 401),
        ({"Authorization": f"Bearer {CALLBACK_TOKEN}"}, "{not json", 400),
        (
            {"Authorization": f"Bearer {CALLBACK_TOKEN}"},
            json.dumps({"id": "x", "status": "lost"}),
            400,
        ),
        ({"Authorization": f"Bearer {CALLBACK_TOKEN}"}, json.dumps(["x"]), 400),
    ],
)
def test_bad_callbacks_store_nothing(
    dctx: Flask, notify: Any, headers: dict[str, str], data: str, status: int
) -> None:
    record, token = make_plan()
    client = dctx.test_client()
    delivery_id = post(
        client, record.id, token, {"channel": "sms", "phone_number": "07700900123"}
    ).get_json()["id"]
    before = row(delivery_id).updated_at
    response = client.post(
        "/notify/callbacks/delivery-status",
        data=data,
        headers=headers,
        content_type="application/json",
    )
    assert response.status_code == status
    assert row(delivery_id).updated_at == before and row(delivery_id).status == "sent"


def test_poller_follows_letters_to_a_final_state(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    delivery_id = post(
        dctx.test_client(), record.id, token, {"channel": "letter", "address_lines": ADDRESS}
    ).get_json()["id"]
    assert service.poll_statuses() == 1
    assert row(delivery_id).notify_status == "accepted" and row(delivery_id).status == "sent"
    notify.set_status(row(delivery_id).notify_id, "validation-failed")
    service.poll_statuses()
    delivery = row(delivery_id)
    assert delivery.status == "failed" and "printing rules" in (delivery.reason or "")
    assert service.poll_statuses() == 0  # final: not asked again


def test_outbox_mode_writes_files(
    dctx: Flask, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(dctx.config, "NOTIFY_API_KEY", None)
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    record, token = make_plan()
    client = dctx.test_client()
    for body in (
        {"channel": "email", "email_address": "a@example.com"},
        {"channel": "sms", "phone_number": "07700900123"},
        {"channel": "letter", "address_lines": ADDRESS},
    ):
        assert post(client, record.id, token, body).status_code == 202
    outbox = dctx.config["VAR_DIR"] / "outbox"
    index = [json.loads(line) for line in (outbox / "index.jsonl").read_text().splitlines()]
    assert [e["type"] for e in index[-3:]] == ["email", "sms", "letter"]
    assert all((outbox / e["file"]).exists() for e in index)
    assert notify.sent() == []
    assert client.get("/dev/outbox").status_code == 404  # secret links: admins only
    admin = auth.create_user(
        "admin@council.example", "a long enough password", "admin", record.council_id
    )
    client.post(
        "/caseworker/login", data={"email": admin.email, "password": "a long enough password"}
    )
    page = client.get("/dev/outbox")
    assert page.status_code == 200 and index[-1]["file"] in page.get_data(as_text=True)
    monkeypatch.setitem(dctx.config, "PLANNER_ENV", "production")
    assert client.get("/dev/outbox").status_code == 404


def test_send_page_queues_a_delivery_and_shows_its_status(dctx: Flask, notify: Any) -> None:
    record, token = make_plan(language="ar")
    client = dctx.test_client()
    assert client.get(f"/plan/{record.id}/send").status_code == 404  # not this browser's plan
    with client.session_transaction() as sess:
        sess["plans"] = [record.id]
    page = BeautifulSoup(
        client.get(f"/plan/{record.id}/send?lang=ar").get_data(as_text=True), "html.parser"
    )
    assert page.h1 is not None and page.find("input", {"name": "phone_number"}) is not None
    bad = client.post(
        f"/plan/{record.id}/send", data={"channel": "sms", "phone_number": "123", "consent": "y"}
    )
    soup = BeautifulSoup(bad.get_data(as_text=True), "html.parser")
    assert soup.find(class_="govuk-error-summary") is not None and notify.sent() == []
    # The test's own app context is shared with the requests: forget the cached locale.
    flask_babel.refresh()
    done = client.post(
        f"/plan/{record.id}/send?lang=ar",
        data={
            "channel": "sms",
            "phone_number": "07700 900123",
            "consent": "y",
            "variant": "standard",
            "postage": "second",
        },
    )
    assert done.status_code == 302
    status_page = client.get(done.headers["Location"])
    assert status_page.status_code == 200
    [sent] = notify.sent("sms")
    # In Arabic, not English (Notify sends any script since 2026), the link an isolate.
    assert "خطة الانتقال" in sent.sent_body and "\u2066https://" in sent.sent_body


def test_rate_limit_shape_keeps_every_minute_under_the_limit() -> None:
    rate, capacity = ratelimit.bucket_shape(3000)
    assert capacity + rate * 60 <= 3000
    assert rate * 60 >= 0.95 * 3000


def test_local_bucket_paces_requests() -> None:
    bucket = ratelimit.LocalBucket(600)  # 10 a second
    waits = [bucket.acquire() for _ in range(12)]
    assert waits[0] == 0 and waits[-1] > 0.5


def test_erasing_a_plan_erases_its_deliveries(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    post(dctx.test_client(), record.id, token, {"channel": "pdf"})
    from planner.plans import service as plans

    plans.erase_plan(record)
    assert db.session.execute(db.select(Delivery)).first() is None


@pytest.mark.parametrize("language", ("en", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn"))
def test_sms_bodies_fit_in_every_language(language: str) -> None:
    text = messages.sms_message(
        language=language,
        council="Exampleshire",
        link="https://x.example/" + "a" * 80,
        reference="ABCD-EFGH",
    )
    assert sms.cost(text).fits
