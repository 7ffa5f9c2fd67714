"""Issue 16: the delivery API and the Notify callback under hostile input, and what erasure leaves
behind in the development outbox."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from planner.delivery import recipients
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.plans import service as plans
from tests.apps import CALLBACK_TOKEN
from tests.delivery.conftest import make_plan


@pytest.fixture(autouse=True)
def real_daily_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs with a roomy RECIPIENT_DAILY_LIMIT (tests/conftest.py); here it is real."""
    monkeypatch.setattr(recipients, "daily_limit", lambda: recipients.DAILY_LIMIT)


ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]


def post(client: Any, plan_id: str, token: str, body: Any) -> Any:
    return client.post(
        f"/api/v1/plans/{plan_id}/deliveries",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def deliveries() -> int:
    return len(db.session.execute(db.select(Delivery.id)).all())


def test_deep_json_to_the_notify_callback_is_a_400(dctx: Flask) -> None:
    response = dctx.test_client().post(
        "/notify/callbacks/delivery-status",
        data="[" * 30_000 + "]" * 30_000,
        content_type="application/json",
        headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["message"]


def test_deep_json_to_the_delivery_api_is_a_400(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    response = dctx.test_client().post(
        f"/api/v1/plans/{record.id}/deliveries",
        data='{"channel": ' + "[" * 30_000,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert deliveries() == 0 and notify.sent() == []


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "letter", "address_lines": ADDRESS, "postage": None},
        {"channel": "email", "email_address": "a@example.com", "postage": None},
        {"channel": "letter", "address_lines": ADDRESS, "postage": "carrier-pigeon"},
    ],
)
def test_postage_must_be_a_postage(dctx: Flask, notify: Any, body: dict[str, Any]) -> None:
    record, token = make_plan()
    response = post(dctx.test_client(), record.id, token, body)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"postage"}
    assert deliveries() == 0 and notify.sent() == []


def test_erasing_a_plan_removes_its_outbox_files(
    dctx: Flask, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(dctx.config, "NOTIFY_API_KEY", None)
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    client = dctx.test_client()
    record, token = make_plan()
    other, other_token = make_plan()
    for body in (
        {"channel": "email", "email_address": "erase.me@example.com"},
        {"channel": "sms", "phone_number": "07700900456"},
        {"channel": "letter", "address_lines": ADDRESS},
    ):
        assert post(client, record.id, token, body).status_code == 202
    kept = post(client, other.id, other_token, {"channel": "sms", "phone_number": "07700900789"})
    outbox = dctx.config["VAR_DIR"] / "outbox"
    ids = [d for (d,) in db.session.execute(db.select(Delivery.id).filter_by(plan_id=record.id))]
    written = [p for p in outbox.iterdir() if p.name[:36] in ids]
    assert len(written) >= 4  # email, its attachment, text, letter

    plans.erase_plan(record)

    assert not [p for p in outbox.iterdir() if p.name[:36] in ids]
    index = [json.loads(line) for line in (outbox / "index.jsonl").read_text().splitlines()]
    assert not [e for e in index if e["reference"] in ids]
    assert "erase.me@example.com" not in "".join(
        p.read_text(errors="replace") for p in outbox.iterdir() if p.is_file()
    )
    # Another plan's messages stay.
    assert any(e["reference"] == kept.get_json()["id"] for e in index)
    assert (outbox / f"{kept.get_json()['id']}-sms.txt").exists()
