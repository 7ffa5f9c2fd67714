"""Issue 16: the delivery API and the Notify callback under hostile input."""

from __future__ import annotations

from typing import Any

from flask import Flask

from planner.delivery.models import Delivery
from planner.extensions import db
from tests.apps import CALLBACK_TOKEN
from tests.delivery.conftest import make_plan


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
