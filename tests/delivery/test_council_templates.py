"""Each council's own GOV.UK Notify template ids and email reply-to are used (issue 17.4:
"per-council template ids are stored but not used"); a council without its own uses the
service's."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

from planner.councils.service import create_council
from planner.plans import service as plans
from planner.rules.answers import parse_answers
from tests.delivery.conftest import make_plan
from tests.fakes import notify_server


def _send(client: Any, record: Any, token: str, body: dict[str, Any]) -> None:
    response = client.post(
        f"/api/v1/plans/{record.id}/deliveries",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 202, response.get_json()


def test_a_councils_own_templates_and_reply_to_are_used(dctx: Flask, notify: Any) -> None:
    council = create_council(
        "bshire",
        "Bshire Council",
        notify_email_template_id=notify_server.COUNCIL_EMAIL_TEMPLATE_ID,
        notify_sms_template_id=notify_server.COUNCIL_SMS_TEMPLATE_ID,
        email_reply_to_id=notify_server.REPLY_TO_ID,
    )
    answers = parse_answers({"date_of_birth": "2011-03-04"}, date.today())
    record, token = plans.create_plan(answers, council)
    client = dctx.test_client()

    _send(client, record, token, {"channel": "email", "email_address": "a@example.com"})
    _send(client, record, token, {"channel": "sms", "phone_number": "07700 900123"})

    [email] = notify.sent("email")
    [sms] = notify.sent("sms")
    assert email.body["template_id"] == notify_server.COUNCIL_EMAIL_TEMPLATE_ID
    assert email.body["email_reply_to_id"] == notify_server.REPLY_TO_ID
    assert sms.body["template_id"] == notify_server.COUNCIL_SMS_TEMPLATE_ID


def test_without_its_own_the_services_templates_are_used(dctx: Flask, notify: Any) -> None:
    record, token = make_plan()
    _send(dctx.test_client(), record, token, {"channel": "email", "email_address": "a@example.com"})
    [email] = notify.sent("email")
    assert email.body["template_id"] == notify_server.EMAIL_TEMPLATE_ID
    assert "email_reply_to_id" not in email.body
