"""Texts counted as GOV.UK Notify counts them, in every language and script, and the fake Notify
agreeing with the app about what a text costs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from planner.delivery import messages, sms
from planner.i18n import catalogue
from planner.rules.types import LANGUAGES, RTL_LANGUAGES
from tests.fakes import notify_server

LINK = "https://planner.example/p/" + "T" * 43 + "?lang="
ISOLATES = set("\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize(
    ("text", "characters", "fragments", "unicode"),
    [
        ("a" * 160, 160, 1, False),
        ("a" * 161, 161, 2, False),
        ("a" * 306, 306, 2, False),
        ("a" * 307, 307, 3, False),
        ("€" * 10, 20, 1, False),  # GSM extension characters cost two
        ("ł" * 70, 70, 1, True),  # outside GSM: UTF-16, 70 for one fragment
        ("ł" * 71, 71, 2, True),  # ... 67 each when split
        ("ł" * 134, 134, 2, True),
        ("ł" * 135, 135, 3, True),
        ("€" + "ł" * 69, 70, 1, True),  # in a unicode text, € is one unit like any other
        ("🙂" * 35, 70, 1, True),  # outside the BMP: a surrogate pair, two units
        ("\u2018quoted\u2019 \u2013 text\u2026", 18, 1, False),  # replaced, so still GSM
        ("gov\u200b.uk\u00a0now\t", 10, 1, False),  # zero width space gone, spaces plain
        ("\u0995\u09cd\u200d\u09b7", 4, 1, True),  # the zero width joiner is kept
        ("a" * 918, 918, 6, False),
        ("ب" * 918, 918, 14, True),
    ],
)
def test_counted_as_notify_counts(
    text: str, characters: int, fragments: int, unicode: bool
) -> None:
    cost = sms.cost(text)
    assert (cost.characters, cost.fragments, cost.unicode) == (characters, fragments, unicode)
    assert cost.fits
    # The fake is an independent model of Notify: it must agree.
    assert notify_server.sms_count(notify_server.sms_encode(text)) == (characters, fragments)


@pytest.mark.parametrize(
    ("text", "fits"), [("a" * 919, False), ("ب" * 919, False), ("€" * 459, True)]
)
def test_the_918_character_limit(text: str, fits: bool) -> None:
    assert sms.cost(text).fits is fits


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_text_in_the_family_language(app: Flask, language: str) -> None:
    with app.app_context():
        body = messages.sms_message(
            language=language,
            council="Exampleshire County Council",
            link=LINK + language,
            reference="ABCD-EFGH",
        )
        words = catalogue(language).gettext(messages.SMS_BODY)
    if language != "en":
        assert words != messages.SMS_BODY, "the catalogue has no translation of the text"
    # The translation's own words are in the text (the longest run between placeholders).
    own = max((part.strip() for part in re.split(r"%\(\w+\)s", words)), key=len)
    assert own and own in body
    cost = sms.cost(body)
    assert cost.fits and cost.fragments <= 3, (language, cost)
    if language in RTL_LANGUAGES:
        # Link and reference are left-to-right islands; the link's closing mark is after a
        # space so a phone does not take it as part of the address.
        assert f"\u2066{LINK}{language} \u2069" in body
        assert "\u2066ABCD-EFGH\u2069" in body
    else:
        assert not ISOLATES & set(body), "isolates would make a GSM text unicode"
        assert LINK + language in body and "ABCD-EFGH" in body


def test_a_long_council_name_falls_back_to_the_short_text(app: Flask) -> None:
    with app.app_context():
        body = messages.sms_message(
            language="ar", council="ب" * 900, link=LINK + "ar", reference="ABCD-EFGH"
        )
    assert "ب" * 900 not in body and f"{LINK}ar" in body and sms.cost(body).fits


def test_cost_table_has_every_language(app: Flask) -> None:
    with app.app_context():
        costs = messages.sms_costs(
            council="Exampleshire", public_url="https://planner.example", reference="ABCD-EFGH"
        )
    assert set(costs) == set(LANGUAGES)
    assert costs["en"].fragments == 1 and not costs["en"].unicode
    assert all(costs[lang].unicode for lang in ("ar", "ur", "bn", "pa"))


# --------------------------------------------------------------------------------- the fake Notify
def client(fake: Any) -> NotificationsAPIClient:
    return NotificationsAPIClient(notify_server.API_KEY, base_url=fake.url)


def test_fake_accepts_any_script_and_replaces_typography(notify: Any) -> None:
    body = "\u201cخطة\u201d \u2013 \u2066https://x.example/p/a \u2069\u200b"
    result = client(notify).send_sms_notification(
        phone_number="07700900123",
        template_id=notify_server.SMS_TEMPLATE_ID,
        personalisation={"body": body},
        reference="ref-1",
    )
    sent = result["content"]["body"]
    assert sent == '"خطة" - \u2066https://x.example/p/a \u2069'
    [received] = notify.sent("sms")
    assert received.characters == len(sent) and received.fragments == 1
    assert notify.fragments() == {"ref-1": 1}
    # Notify reports what it billed on the notification itself.
    got = client(notify).get_notification_by_id(result["id"])
    assert got["body"] == sent and got["is_cost_data_ready"] is True
    assert got["cost_details"]["billable_sms_fragments"] == 1


@pytest.mark.parametrize(("text", "count"), [("a" * 919, 919), ("ب" * 920, 920), ("🙂" * 460, 920)])
def test_fake_refuses_over_918_with_notify_error(notify: Any, text: str, count: int) -> None:
    with pytest.raises(HTTPError) as exc:
        client(notify).send_sms_notification(
            phone_number="07700900123",
            template_id=notify_server.SMS_TEMPLATE_ID,
            personalisation={"body": text},
        )
    assert exc.value.status_code == 400
    assert exc.value.message == [
        {
            "error": "BadRequestError",
            "message": "Your message is too long. Text messages cannot be longer than 918 "
            f"characters. Your message is {count} characters long.",
        }
    ]
    assert notify.sent() == []
