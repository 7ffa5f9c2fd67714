"""The reminder clock: 09:00 London in UTC across the clock changes, quiet hours for texts, and
--now parsing (no offset means London time)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planner.extensions import db
from planner.reminders.dispatch import dispatch
from planner.reminders.models import Reminder
from planner.reminders.timing import due_at_for, in_quiet_hours, parse_now


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (date(2025, 3, 29), datetime(2025, 3, 29, 9, 0)),  # Saturday before BST: GMT
        (date(2025, 3, 30), datetime(2025, 3, 30, 8, 0)),  # last Sunday of March: BST from 01:00
        (date(2025, 7, 1), datetime(2025, 7, 1, 8, 0)),
        (date(2025, 10, 25), datetime(2025, 10, 25, 8, 0)),
        (date(2025, 10, 26), datetime(2025, 10, 26, 9, 0)),  # last Sunday of October: GMT again
        (date(2026, 3, 29), datetime(2026, 3, 29, 8, 0)),
    ],
)
def test_due_at_is_nine_in_london(day, utc):
    assert due_at_for(day) == utc


@pytest.mark.parametrize(
    ("now", "quiet"),
    [
        # winter (GMT)
        ("2025-01-15T20:59", False),
        ("2025-01-15T21:00", True),
        ("2025-01-16T07:59", True),
        ("2025-01-16T08:00", False),
        # summer (BST)
        ("2025-07-15T20:59", False),
        ("2025-07-15T21:00", True),
        ("2025-07-16T07:59", True),
        ("2025-07-16T08:00", False),
        # the clock-change days themselves
        ("2025-03-30T07:59", True),
        ("2025-03-30T08:00", False),
        ("2025-03-30T20:59", False),
        ("2025-03-30T21:00", True),
        ("2025-10-26T07:59", True),
        ("2025-10-26T08:00", False),
        ("2025-10-26T20:59", False),
        ("2025-10-26T21:00", True),
        # an explicit offset is honoured: 20:00Z in July is 21:00 in London
        ("2025-07-15T20:00+00:00", True),
        ("2025-07-15T19:59Z", False),
        ("2025-01-15T21:00+00:00", True),
        ("2025-07-16T07:00Z", False),
    ],
)
def test_quiet_hours_boundaries(now, quiet):
    assert in_quiet_hours(parse_now(now)) is quiet


def test_parse_now_without_offset_is_london():
    assert parse_now("2025-07-01T09:00") == datetime(2025, 7, 1, 8, 0)
    assert parse_now("2025-01-01T09:00") == datetime(2025, 1, 1, 9, 0)
    assert parse_now("2025-07-01T09:00+02:00") == datetime(2025, 7, 1, 7, 0)
    with pytest.raises(ValueError):
        parse_now("next tuesday")


def _one_due(make_plan, subscribe, channel, due):
    record = make_plan()
    subscribe(record, channel, today=date(2020, 6, 1))
    reminder = db.session.execute(db.select(Reminder).order_by(Reminder.due_at)).scalars().first()
    db.session.execute(
        db.update(Reminder).where(Reminder.plan_id == record.id).values(status="cancelled")
    )
    reminder.status, reminder.due_at = "pending", due
    db.session.commit()
    return reminder.id


@pytest.mark.parametrize(
    ("london_now", "sent"),
    [
        ("2025-03-29T20:59", 1),
        ("2025-03-29T21:00", 0),
        ("2025-03-30T07:59", 0),  # BST began at 01:00: 07:59 London is 06:59 UTC
        ("2025-03-30T08:00", 1),
        ("2025-10-25T20:59", 1),
        ("2025-10-25T21:00", 0),
        ("2025-10-26T07:59", 0),
        ("2025-10-26T08:00", 1),
    ],
)
def test_texts_wait_for_the_morning_across_clock_changes(
    make_plan, subscribe, queued, london_now, sent
):
    reminder_id = _one_due(make_plan, subscribe, "sms", parse_now(london_now) - timedelta(hours=6))
    assert dispatch(parse_now(london_now)).sent == sent
    assert db.session.get(Reminder, reminder_id).status == ("sent" if sent else "pending")


@pytest.mark.parametrize("channel", ["email", "letter"])
def test_email_and_letters_are_not_held_at_night(make_plan, subscribe, queued, channel):
    now = parse_now("2025-10-26T23:30")
    reminder_id = _one_due(make_plan, subscribe, channel, now - timedelta(hours=1))
    assert dispatch(now).sent == 1
    assert db.session.get(Reminder, reminder_id).status == "sent"


def test_not_sent_before_nine_on_its_day(make_plan, subscribe, queued):
    record = make_plan()
    subscribe(record, "email", today=date(2020, 6, 1))
    first = db.session.execute(db.select(Reminder).order_by(Reminder.due_at)).scalars().first()
    day = first.remind_on.isoformat()
    assert dispatch(parse_now(f"{day}T08:59")).sent == 0
    assert dispatch(parse_now(f"{day}T09:00")).sent >= 1


@pytest.mark.parametrize(
    ("late", "status"),
    [
        (timedelta(days=6, hours=23), "sent"),
        (timedelta(days=7), "sent"),
        (timedelta(days=7, minutes=1), "skipped"),
        (timedelta(days=40), "skipped"),
    ],
)
def test_catch_up_after_downtime_sends_the_last_seven_days_only(
    make_plan, subscribe, queued, late, status
):
    now = parse_now("2025-05-20T10:00")
    reminder_id = _one_due(make_plan, subscribe, "email", now - late)
    result = dispatch(now)
    assert db.session.get(Reminder, reminder_id).status == status
    assert (result.sent, result.skipped) == ((1, 0) if status == "sent" else (0, 1))
    # A skipped reminder is never sent later either.
    assert dispatch(now + timedelta(days=1)).sent == 0
