"""A second route when Notify says an email address or phone number does not exist: sent once,
in the same language, only after a permanent failure, with the family's consent; both routes
shown in the delivery's status. Celery eager, the fake Notify on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from planner import crypto
from planner.delivery import service
from planner.delivery.models import Delivery
from planner.extensions import db
from tests.apps import CALLBACK_TOKEN
from tests.delivery.conftest import make_plan
from tests.delivery.test_delivery import ADDRESS, post, row

RECEIPTS = {"Authorization": f"Bearer {CALLBACK_TOKEN}"}


def receipt(client: Any, delivery: Delivery, status: str) -> None:
    body = {"id": delivery.notify_id, "reference": delivery.id, "status": status}
    response = client.post("/notify/callbacks/delivery-status", json=body, headers=RECEIPTS)
    assert response.status_code == 204


def request(client: Any, language: str = "en", **extra: Any) -> tuple[Delivery, str]:
    record, token = make_plan(language=language)
    body = {"channel": "email", "email_address": "family@example.com", "language": language}
    response = post(client, record.id, token, {**body, **extra})
    assert response.status_code == 202, response.get_json()
    return row(response.get_json()["id"]), token


def all_rows() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.execute(db.select(Delivery).order_by(Delivery.created_at)).scalars())


@pytest.mark.parametrize("language", ["en", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn"])
def test_bounced_email_is_texted_once_in_the_same_language(
    dctx: Flask, notify: Any, language: str
) -> None:
    client = dctx.test_client()
    first, token = request(
        client, language, fallback_phone_number="07700 900123", fallback_consent=True
    )
    assert b"07700" not in (first.fallback_enc or b"")  # encrypted at rest
    for _ in range(3):  # Notify retries callbacks: a replay must not send again
        receipt(client, first, "permanent-failure")
    [email] = notify.sent("email")
    [text] = notify.sent("sms")
    first = row(first.id)
    second = row(first.fallback_id or "")
    assert (first.status, second.status) == ("failed", "sent")
    assert second.fallback_of == first.id and second.language == language
    assert text.reference == second.id and text.body["phone_number"] == "447700900123"
    # The same secret link as the email, so the plan opens in the same language.
    link = crypto.decrypt_json(first.contact_enc)["link"]
    assert link.split("?")[0] in text.body["personalisation"]["body"]
    assert f"lang={language}" in text.body["personalisation"]["body"]
    status = client.get(
        f"/api/v1/deliveries/{first.id}", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert [r["channel"] for r in status["routes"]] == ["email", "sms"]
    assert [r["status"] for r in status["routes"]] == ["failed", "sent"]
    assert status["fallback_id"] == second.id and status["has_fallback"] is True
    assert "07700" not in str(status) and "family@" not in str(status)


def test_email_then_text_then_letter(dctx: Flask, notify: Any) -> None:
    client = dctx.test_client()
    first, token = request(
        client,
        fallback_phone_number="07700900123",
        fallback_address_lines=ADDRESS,
        fallback_consent=True,
    )
    receipt(client, first, "permanent-failure")
    second = row(row(first.id).fallback_id or "")
    assert second.channel == "sms"
    receipt(client, second, "permanent-failure")
    receipt(client, second, "permanent-failure")
    third = row(row(second.id).fallback_id or "")
    assert third.channel == "letter" and third.fallback_enc is None
    assert [len(notify.sent(kind)) for kind in ("email", "sms", "letter")] == [1, 1, 1]
    status = client.get(
        f"/api/v1/deliveries/{third.id}", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert [r["channel"] for r in status["routes"]] == ["email", "sms", "letter"]
    # A letter is the last route: when it fails nothing more is sent.
    receipt(client, third, "permanent-failure")
    assert len(all_rows()) == 3


@pytest.mark.parametrize(
    "status", ["temporary-failure", "technical-failure", "delivered"], ids=lambda s: s
)
def test_only_a_permanent_failure_diverts(dctx: Flask, notify: Any, status: str) -> None:
    client = dctx.test_client()
    first, _ = request(client, fallback_address_lines=ADDRESS, fallback_consent=True)
    receipt(client, first, status)
    receipt(client, first, "permanent-failure")  # too late: the first status was final
    assert row(first.id).fallback_id is None and len(all_rows()) == 1
    assert notify.sent("letter") == []


def test_a_text_can_fall_back_to_a_letter(dctx: Flask, notify: Any) -> None:
    client = dctx.test_client()
    record, token = make_plan(language="ur")
    body = {
        "channel": "sms",
        "phone_number": "07700900123",
        "fallback_address_lines": ADDRESS,
        "fallback_consent": True,
    }
    first = row(post(client, record.id, token, body).get_json()["id"])
    receipt(client, first, "permanent-failure")
    second = row(row(first.id).fallback_id or "")
    assert (second.channel, second.language, second.postage) == ("letter", "ur", "second")
    [letter] = notify.sent("letter")
    assert letter.reference == second.id


def test_the_status_poller_diverts_too(dctx: Flask, notify: Any) -> None:
    client = dctx.test_client()
    first, _ = request(client, fallback_phone_number="07700900123", fallback_consent=True)
    notify.set_status(first.notify_id or "", "permanent-failure")
    # The poller asks Notify about anything silent for 72 hours.
    db.session.execute(db.update(Delivery).values(updated_at=first.created_at.replace(year=2020)))
    db.session.commit()
    assert service.poll_statuses() == 1
    assert service.poll_statuses() == 0  # failed is final: never asked again, never resent
    assert len(notify.sent("sms")) == 1 and row(first.id).fallback_id is not None


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"fallback_phone_number": "07700900123"}, "fallback_consent"),
        ({"fallback_phone_number": "07700900123", "fallback_consent": False}, "fallback_consent"),
        ({"fallback_phone_number": "123", "fallback_consent": True}, "fallback_phone_number"),
        ({"fallback_phone_number": 7700900123, "fallback_consent": True}, "fallback_phone_number"),
        ({"fallback_address_lines": ["x"], "fallback_consent": True}, "fallback_address_lines"),
        (
            {"fallback_address_lines": "10 High St", "fallback_consent": True},
            "fallback_address_lines",
        ),
        ({"fallback_consent": "yes"}, "fallback_consent"),
    ],
)
def test_bad_fallbacks_are_refused_naming_the_field(
    dctx: Flask, notify: Any, extra: dict[str, Any], field: str
) -> None:
    record, token = make_plan()
    body = {"channel": "email", "email_address": "family@example.com", **extra}
    response = post(dctx.test_client(), record.id, token, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert all_rows() == [] and notify.sent() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "sms", "phone_number": "07700900123"}, "fallback_phone_number"),
        ({"channel": "letter", "address_lines": ADDRESS}, "fallback_address_lines"),
        ({"channel": "pdf"}, "fallback_address_lines"),
    ],
)
def test_fallbacks_only_where_they_make_sense(
    dctx: Flask, notify: Any, body: dict[str, Any], field: str
) -> None:
    record, token = make_plan()
    extra = {"fallback_phone_number": "07700900123"} if field == "fallback_phone_number" else {}
    if field == "fallback_address_lines":
        extra = {"fallback_address_lines": ADDRESS}
    response = post(
        dctx.test_client(), record.id, token, {**body, **extra, "fallback_consent": True}
    )
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert all_rows() == []


# ------------------------------------------------------------------------ the "Send my plan" page
def send_page(client: Any, plan_id: str, **data: str) -> Any:
    form = {"channel": "email", "email_address": "family@example.com", "consent": "y", **data}
    return client.post(f"/plan/{plan_id}/send", data={"variant": "standard", **form})


def test_send_page_offers_a_second_way_and_shows_both_tries(dctx: Flask, notify: Any) -> None:
    record, _ = make_plan()
    client = dctx.test_client()
    with client.session_transaction() as sess:
        sess["plans"] = [record.id]
    page = BeautifulSoup(
        client.get(f"/plan/{record.id}/send").get_data(as_text=True), "html.parser"
    )
    for name in ("fallback_phone_number", "fallback_address", "fallback_consent"):
        assert page.find(attrs={"name": name}) is not None, name
    refused = send_page(client, record.id, fallback_phone_number="07700 900123")
    soup = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    summary = soup.find(class_="govuk-error-summary")
    assert summary is not None and "second way" in summary.get_text()
    assert all_rows() == []
    done = send_page(
        client,
        record.id,
        fallback_phone_number="07700 900123",
        fallback_address="\n".join(ADDRESS),
        fallback_consent="y",
    )
    assert done.status_code == 302
    [first] = all_rows()
    assert set(crypto.decrypt_json(first.fallback_enc or b"")) == {"phone_number", "address_lines"}
    assert first.fallback_consent_at is not None
    receipt(client, first, "permanent-failure")
    status = BeautifulSoup(
        client.get(done.headers["Location"]).get_data(as_text=True), "html.parser"
    )
    cards = [c.get_text(" ", strip=True) for c in status.find_all(class_="govuk-summary-card")]
    assert len(cards) == 2 and "Email" in cards[0] and "Text message" in cards[1]
    assert "Not delivered" in cards[0] and "Sent" in cards[1]


def test_erasing_the_plan_erases_every_route(dctx: Flask, notify: Any) -> None:
    from planner.models import PlanRecord
    from planner.plans import service as plans

    client = dctx.test_client()
    first, _ = request(
        client,
        fallback_phone_number="07700900123",
        fallback_address_lines=ADDRESS,
        fallback_consent=True,
    )
    receipt(client, first, "permanent-failure")
    receipt(client, row(row(first.id).fallback_id or ""), "permanent-failure")
    assert len(all_rows()) == 3
    record = db.session.get(PlanRecord, first.plan_id)
    assert record is not None
    plans.erase_plan(record)
    assert all_rows() == []


def test_a_receipt_that_read_the_row_before_another_committed_adds_nothing(
    dctx: Flask, notify: Any
) -> None:
    """Two receipts at once: the second loaded the row before the first queued the text. The
    compare-and-set on fallback_id (not the stale copy in memory) decides."""
    from sqlalchemy.orm.attributes import set_committed_value

    from planner.delivery import fallback

    client = dctx.test_client()
    first, _ = request(client, fallback_phone_number="07700900123", fallback_consent=True)
    receipt(client, first, "permanent-failure")
    stale = row(first.id)
    assert stale.fallback_id is not None
    set_committed_value(stale, "fallback_id", None)  # as the other receipt saw it
    assert fallback.queue_next(stale, "permanent-failure") is None
    db.session.commit()
    assert len(all_rows()) == 2 and len(notify.sent("sms")) == 1
