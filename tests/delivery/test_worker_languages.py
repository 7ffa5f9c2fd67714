"""Through a real Celery worker on Redis, against the fake Notify, in every language: the plan's
text goes in the family's own language and script, counted as Notify counts it; a bounced email
goes by text once, in the same language, however often the receipt is replayed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from planner.delivery import sms
from planner.i18n import catalogue
from planner.rules.types import LANGUAGES, RTL_LANGUAGES
from tests.apps import CALLBACK_TOKEN
from tests.delivery.test_worker_delivery import request, settled, status_of, wait_for

pytestmark = pytest.mark.services
SMS_WORDS = "Your transition plan from %(council)s: %(link)s Reference %(reference)s."


def own_words(language: str) -> str:
    """The longest run of words between placeholders in the language's plan text."""
    template = catalogue(language).gettext(SMS_WORDS)
    return max((part.strip() for part in re.split(r"%\(\w+\)s", template)), key=len)


def check_text(language: str, body: str, fragments: int | None) -> None:
    words = own_words(language)
    assert words and words in body, (language, body)
    assert fragments == sms.fragment_count(body) and sms.cost(body).fits
    if language in RTL_LANGUAGES:
        assert "\u2066https://" in body and " \u2069" in body
    else:
        assert "\u2066" not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_text_in_every_language(live: dict[str, Any], notify: Any, language: str) -> None:
    delivery_id, _ = request(
        live, {"channel": "sms", "phone_number": "07700900300", "language": language}, language
    )
    assert settled(live, delivery_id).status == "sent"
    [text] = notify.sent("sms")
    assert text.sent_body is not None
    check_text(language, text.sent_body, text.fragments)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bounced_email_is_texted_once_in_the_same_language(
    live: dict[str, Any], notify: Any, language: str
) -> None:
    app = live["app"]
    body = {
        "channel": "email",
        "email_address": "family@example.com",
        "language": language,
        "fallback_phone_number": "07700900301",
        "fallback_consent": True,
    }
    delivery_id, token = request(live, body, language)
    first = settled(live, delivery_id, timeout=60)
    receipt = {"id": first.notify_id, "reference": delivery_id, "status": "permanent-failure"}
    client = app.test_client()
    for _ in range(3):  # Notify retries callbacks; each replay must change nothing
        response = client.post(
            "/notify/callbacks/delivery-status",
            json=receipt,
            headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
        )
        assert response.status_code == 204
    [text] = wait_for(lambda: notify.sent("sms"), 30, "the fallback text")
    with app.app_context():
        first = status_of(delivery_id)
        second = settled(live, first.fallback_id or "")
        assert (first.status, second.status, second.language) == ("failed", "sent", language)
    assert text.reference == second.id and text.sent_body is not None
    check_text(language, text.sent_body, text.fragments)
    routes = client.get(
        f"/api/v1/deliveries/{delivery_id}", headers={"Authorization": f"Bearer {token}"}
    ).get_json()["routes"]
    assert [(r["channel"], r["status"]) for r in routes] == [("email", "failed"), ("sms", "sent")]
    assert len(notify.sent("sms")) == 1 and len(notify.sent("email")) == 1
