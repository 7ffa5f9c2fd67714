"""Sending a plan by email or text from the console, with a second way to reach the family, and
the cost of a text in each language shown before sending (here and on the settings page)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from planner import crypto
from planner.caseworker import letters
from planner.caseworker.models import AuditEvent
from planner.delivery import service as deliveries
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.rules.types import LANGUAGES
from tests.caseworker.conftest import ADDRESS, make_plan


def cost_table(html: str) -> dict[str, list[str]]:
    """Language code -> the cells of its row in the text-cost table."""
    soup = BeautifulSoup(html, "html.parser")
    table = next(t for t in soup.find_all("table") if "text message costs" in t.caption.get_text())
    rows = {}
    for tr in table.find("tbody").find_all("tr"):
        cells = tr.find_all(["th", "td"])
        rows[cells[0]["lang"]] = [c.get_text(strip=True) for c in cells[1:]]
    return rows


def test_settings_page_shows_the_cost_of_a_text_in_each_language(as_admin: Any) -> None:
    client, _user = as_admin
    rows = cost_table(client.get("/caseworker/settings").get_data(as_text=True))
    assert set(rows) == set(LANGUAGES)
    assert rows["en"][0] == "1 fragment" and rows["en"][2] == "Standard (GSM)"
    for language in ("ar", "ur", "bn", "pa"):
        assert rows[language][2] == "Unicode"
        assert int(rows[language][0].split()[0]) >= 2  # a non-Latin text costs more


def test_send_page_shows_costs_and_sends_with_a_second_way(as_caseworker: Any, notify: Any) -> None:
    client, _user = as_caseworker
    record = make_plan(language="bn")
    letters.save_address(record, ADDRESS, None)
    page = client.get(f"/caseworker/families/{record.id}/send")
    assert page.status_code == 200
    assert set(cost_table(page.get_data(as_text=True))) == set(LANGUAGES)
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert soup.find(attrs={"name": "fallback_post"}) is not None
    form = {
        "channel": "email",
        "email_address": "family@example.com",
        "consent": "y",
        "fallback_phone_number": "07700 900123",
        "fallback_post": "y",
        "fallback_consent": "y",
    }
    assert client.post(f"/caseworker/families/{record.id}/send", data=form).status_code == 302
    [first] = db.session.execute(db.select(Delivery)).scalars().all()
    assert first.language == "bn" and first.fallback_consent_at is not None
    fallback = crypto.decrypt_json(first.fallback_enc)
    assert fallback == {"phone_number": "447700900123", "address_lines": ADDRESS}
    event = db.session.execute(db.select(AuditEvent).filter_by(action="message.send")).scalar_one()
    assert event.detail["delivery_id"] == first.id and "0770" not in str(event.detail)
    # Notify says the address does not exist: the text goes, in Bengali.
    deliveries.record_status(first, "permanent-failure")
    [text] = notify.sent("sms")
    assert "পরিকল্পনা" in text.body["personalisation"]["body"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"fallback_phone_number": "07700 900123"}, "agreed to the second way"),
        ({"fallback_phone_number": "123", "fallback_consent": "y"}, "UK mobile phone number"),
        ({"consent": ""}, "Confirm the family agreed"),
        ({"email_address": "not an email"}, "correct format"),
    ],
)
def test_send_page_refuses_bad_details(
    as_caseworker: Any, form: dict[str, str], message: str
) -> None:
    client, _user = as_caseworker
    record = make_plan()
    data = {"channel": "email", "email_address": "family@example.com", "consent": "y", **form}
    response = client.post(f"/caseworker/families/{record.id}/send", data=data)
    assert response.status_code == 200
    summary = BeautifulSoup(response.get_data(as_text=True), "html.parser").find(
        class_="govuk-error-summary"
    )
    assert summary is not None and message in summary.get_text()
    assert db.session.execute(db.select(Delivery)).first() is None
