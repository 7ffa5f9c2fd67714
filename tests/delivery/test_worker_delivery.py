"""End to end through a real Celery worker process on a real Redis broker, against the fake
Notify: each channel, retries, refusals, a 429 storm and a worker killed mid-send."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.delivery.models import Delivery
from planner.extensions import db
from tests.delivery.conftest import make_plan

LETTER_CHECK = str(Path(__file__).resolve().parents[2] / "tools" / "letter-check")
ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]
pytestmark = pytest.mark.services


def wait_for(condition: Callable[[], Any], timeout: float = 30, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(delivery_id: str) -> Delivery:
    db.session.expire_all()
    found = db.session.get(Delivery, delivery_id)
    assert found is not None
    return found


def request(live: dict[str, Any], body: dict[str, Any], language: str = "en") -> tuple[str, str]:
    app = live["app"]
    with app.app_context():
        record, token = make_plan(language=language)
        plan_id = record.id
    response = app.test_client().post(
        f"/api/v1/plans/{plan_id}/deliveries",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 202, response.get_json()
    return response.get_json()["id"], token


def settled(live: dict[str, Any], delivery_id: str, timeout: float = 30) -> Delivery:
    with live["app"].app_context():
        return wait_for(
            lambda: (d := status_of(delivery_id)).status in ("sent", "delivered", "failed") and d,
            timeout,
            f"delivery {delivery_id} to settle",
        )


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "email", "email_address": "family@example.com"},
        {"channel": "sms", "phone_number": "07700 900456"},
        {"channel": "letter", "address_lines": ADDRESS, "postage": "economy"},
    ],
    ids=["email", "sms", "letter"],
)
def test_each_channel_end_to_end(
    live: dict[str, Any], notify: Any, body: dict[str, Any], tmp_path: Path
) -> None:
    delivery_id, _ = request(live, body)
    delivery = settled(live, delivery_id)
    assert delivery.status == "sent"
    [sent] = notify.sent(body["channel"])
    assert sent.reference == delivery_id and sent.id == delivery.notify_id
    if body["channel"] == "letter":
        pdf = tmp_path / "letter.pdf"
        pdf.write_bytes(base64.b64decode(sent.body["content"]))
        check = subprocess.run(
            [sys.executable, LETTER_CHECK, str(pdf), "--expect-address", "|".join(ADDRESS)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_notify_500_then_success_sends_one(live: dict[str, Any], notify: Any) -> None:
    notify.fail_next(500)
    delivery_id, _ = request(live, {"channel": "sms", "phone_number": "07700900111"})
    delivery = settled(live, delivery_id)
    assert delivery.status == "sent" and delivery.attempts == 2
    assert len(notify.sent()) == 1


def test_notify_400_fails_without_retrying(live: dict[str, Any], notify: Any) -> None:
    notify.fail_next(400)
    delivery_id, _ = request(live, {"channel": "sms", "phone_number": "07700900112"})
    delivery = settled(live, delivery_id)
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "team-only API key" in (delivery.reason or "")
    time.sleep(1)
    assert len([r for r in notify.requests if r[1] == "POST"]) == 1


def test_429_storm_all_delivered_under_the_limit(live: dict[str, Any], notify: Any) -> None:
    notify.storm(1.5)
    ids = [
        request(live, {"channel": "sms", "phone_number": f"07700900{200 + i}"})[0]
        for i in range(15)
    ]
    for delivery_id in ids:
        assert settled(live, delivery_id, timeout=60).status == "sent"
    accepted = sorted(n.at for n in notify.sent())
    assert len(accepted) == 15
    # The worker bucket allows 600 a minute: 2 at once, then 9.9 a second.
    busiest = max(sum(1 for t in accepted if start <= t < start + 1) for start in accepted)
    assert busiest <= 12


def test_worker_killed_mid_send_sends_exactly_once(live: dict[str, Any], notify: Any) -> None:
    worker, celery = live["worker"], live["celery"]
    notify.hang_next(20)  # Notify takes the message, then the worker dies before it hears back
    delivery_id, _ = request(live, {"channel": "sms", "phone_number": "07700900999"})
    wait_for(lambda: notify.sent("sms"), 20, "Notify to receive the text")
    worker.kill()
    with live["app"].app_context():
        assert status_of(delivery_id).status == "sending"
    worker.start()
    worker.wait_ready(celery)
    time.sleep(3.5)  # DELIVERY_STALE_AFTER_SECONDS in the worker's environment
    celery.send_task("deliver.requeue_stuck")
    delivery = settled(live, delivery_id)
    assert delivery.status == "sent"
    [sent] = notify.sent("sms")
    assert delivery.notify_id == sent.id
