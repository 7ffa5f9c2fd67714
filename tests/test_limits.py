"""Rate limits answer 429 with Retry-After, in every mode (memory here; Redis when REDIS_URL)."""

from __future__ import annotations

import json

import pytest

from planner.limits import limiter


@pytest.fixture
def limits_on(app):
    """The rest of the suite has a roomy budget; give plan creation a small one."""
    old = app.config["RATE_LIMIT_PLAN_CREATION"]
    app.config["RATE_LIMIT_PLAN_CREATION"] = "3 per minute"
    limiter.reset()
    yield
    limiter.reset()
    app.config["RATE_LIMIT_PLAN_CREATION"] = old


def create(client, address):
    return client.post(
        "/api/v1/plans",
        data=json.dumps({"date_of_birth": "2015-01-01"}),
        content_type="application/json",
        environ_base={"REMOTE_ADDR": address},
    )


def test_plan_creation_is_rate_limited(client, limits_on):
    statuses = [create(client, "192.0.2.7") for _ in range(4)]
    assert [r.status_code for r in statuses] == [201, 201, 201, 429]
    assert int(statuses[-1].headers["Retry-After"]) > 0
    assert statuses[-1].get_json()["status"] == 429
    # Another address has its own budget.
    assert create(client, "192.0.2.8").status_code == 201


def test_link_requests_are_rate_limited(app, client):
    """Sending a plan spends the link-request budget, whichever route sends it."""
    plan = client.post("/api/v1/plans", json={"date_of_birth": "2015-01-01"}).get_json()
    auth = {"Authorization": f"Bearer {plan['token']}"}
    old = app.config["RATE_LIMIT_LINK_REQUESTS"]
    app.config["RATE_LIMIT_LINK_REQUESTS"] = "2 per minute"
    limiter.reset()
    try:
        statuses = [
            client.post(
                f"/api/v1/plans/{plan['id']}/reminders",
                json={"channel": "sms", "phone_number": "07700900123", "consent": True},
                headers=auth,
                environ_base={"REMOTE_ADDR": "192.0.2.9"},
            ).status_code
            for _ in range(3)
        ]
        assert statuses == [201, 201, 429]
    finally:
        limiter.reset()
        app.config["RATE_LIMIT_LINK_REQUESTS"] = old
