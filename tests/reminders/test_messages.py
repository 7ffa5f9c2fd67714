"""What each reminder says: milestone, date in the family's language, what to do, who to contact,
reference, plan link and how to stop; texts short, and in English where Notify cannot send the
script."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.delivery import sms
from planner.delivery.validation import is_gsm, sms_fragment_count
from planner.extensions import db
from planner.reminders import messages, service
from planner.reminders.dispatch import dispatch
from planner.reminders.models import Reminder
from planner.rules.types import ServiceRecord

EHC_CHILD = {
    "date_of_birth": "2008-07-05",
    "support": "ehc_plan",
    "receives_dla": True,
    "ehc": {"last_review_date": "2020-03-02", "decision_sent_on": "2020-05-20"},
}


def all_reminders(record):
    return db.session.execute(db.select(Reminder).filter_by(plan_id=record.id)).scalars().all()


@pytest.mark.parametrize("language", ["en", "pl", "ro", "pt", "es"])
def test_texts_fit_two_fragments_in_gsm_languages(make_plan, subscribe, language):
    record = make_plan(**EHC_CHILD, language=language)
    subscribe(record, "sms", today=date(2020, 6, 1))
    for reminder in all_reminders(record):
        body = messages.render(reminder).body
        assert record.reference in body
        assert "/reminders/stop/" in body and "/p/" in body
        if is_gsm(body):
            assert sms_fragment_count(body) <= 2, body


@pytest.mark.parametrize(
    ("language", "word", "direction"),
    [
        ("ar", "المرجع", "rtl"),
        ("ur", "حوالہ", "rtl"),
        ("bn", "রেফারেন্স", "ltr"),
        ("pa", "ਹਵਾਲਾ", "ltr"),
    ],
)
def test_texts_in_non_latin_scripts_are_in_that_language(
    make_plan, subscribe, language, word, direction
):
    record = make_plan(**EHC_CHILD, language=language)
    subscribe(record, "sms", today=date(2020, 6, 1))
    for reminder in all_reminders(record):
        message = messages.render(reminder)
        assert message.language == language and message.direction == direction
        assert word in message.body and not is_gsm(message.body)
        cost = sms.cost(message.body)
        assert cost.fits and cost.fragments <= 5, (cost, message.body)
        if direction == "rtl":
            # Links and the reference keep their own order on the phone.
            assert f"\u2066{record.reference}\u2069" in message.body
            assert "\u2066https://" in message.body and " \u2069" in message.body
        # The short link opens the plan in the plan's own language (tests/web/test_plan_links.py).
        assert "/p/" in message.body


def test_email_has_everything_and_a_one_click_stop_link(make_plan, subscribe, monkeypatch):
    service_record = ServiceRecord(
        id="svc-1",
        name="Exampleshire SENDIASS",
        phone="01632 960001",
        sections=frozenset({"disagreements"}),
    )
    monkeypatch.setattr(
        "planner.directory.lookup.service_records", lambda council_id, postcode: [service_record]
    )
    record = make_plan(**EHC_CHILD)
    sub = subscribe(record, "email", today=date(2020, 6, 1))
    appeal = next(r for r in all_reminders(record) if r.milestone_id == "appeal_deadline")
    message = messages.render(appeal)
    assert (
        message.stop_url == f"https://plan.example.gov.uk/reminders/stop/{service.stop_token(sub)}"
    )
    assert message.stop_url in message.body
    assert "Last day to appeal" in message.subject
    assert "20 July 2020" in message.body  # 20 May + 2 months, GOV.UK date style
    assert "What to do now:" in message.body
    assert "01632 960000" in message.body  # the council
    assert "Exampleshire SENDIASS: 01632 960001" in message.body  # the Local Offer service
    assert record.reference in message.body
    # The reminders' own secret link: it opens the plan on any device.
    assert re.search(r"https://plan\.example\.gov\.uk/p/[A-Za-z0-9_-]{43}\b", message.body)
    assert "parent@example.com" not in message.body


def test_dates_are_written_in_the_familys_language(make_plan, subscribe):
    record = make_plan(**EHC_CHILD, language="pl")
    subscribe(record, "email", today=date(2020, 6, 1))
    appeal = next(r for r in all_reminders(record) if r.milestone_id == "appeal_deadline")
    assert "20 lipca 2020" in messages.render(appeal).body


def test_letters_say_how_to_stop_by_phone(make_plan, subscribe):
    record = make_plan(**EHC_CHILD, language="ar")
    subscribe(record, "letter", today=date(2020, 6, 1))
    message = messages.render(all_reminders(record)[0])
    assert message.direction == "rtl"
    assert "01632 960000" in message.paragraphs[-1]
    assert "/reminders/stop/" not in message.body


def test_the_delivery_hook_finds_the_reminder_message(make_plan, subscribe, queued):
    record = make_plan(**EHC_CHILD)
    subscribe(record, "email", today=date(2020, 6, 1))
    first = all_reminders(record)[0]
    dispatch(first.due_at)
    db.session.refresh(first)
    assert messages.message_for_delivery(first.delivery_id).subject.startswith("Reminder:")
    assert messages.message_for_delivery("not-a-reminder") is None
