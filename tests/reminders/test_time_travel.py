"""Time travel through whole school careers: the dispatcher runs every day of a child's plan, and
every reminder goes out exactly once, on its own day, at or after 09:00 London time."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from planner.delivery.models import Delivery
from planner.extensions import db
from planner.reminders import service
from planner.reminders.dispatch import dispatch
from planner.reminders.models import Reminder
from planner.reminders.timing import LONDON

CHILDREN = [
    # (answers, channel, language)
    (
        {"date_of_birth": "2016-03-10", "support": "sen_support", "receives_dla": True},
        "email",
        "en",
    ),
    ({"date_of_birth": "2011-11-20", "support": "sen_support", "language": "pl"}, "sms", "pl"),
    (
        {
            "date_of_birth": "2008-07-05",
            "support": "ehc_plan",
            "language": "ar",
            "ehc": {"last_review_date": "2020-03-02", "decision_sent_on": "2020-05-20"},
        },
        "letter",
        "ar",
    ),
]


def london(day: date, at: time) -> datetime:
    """A London wall-clock time as naive UTC, like --now without an offset."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC).replace(tzinfo=None)


def test_every_reminder_sent_once_on_its_day(make_plan, subscribe, queued):
    start = date(2020, 6, 1)
    records = []
    for answers, channel, _lang in CHILDREN:
        record = make_plan(**answers)
        subscribe(record, channel, today=start)
        records.append(record)
    # Every reminder the plans have, however far ahead, as each plan stands at the start and at
    # each new school year (a milestone can join a plan later: the post-16 transport statement
    # from Year 9). Only those within two years are made at opt-in (issue 19); the nightly
    # extend_horizon makes each of the rest two years before its day.
    school_years = [start] + [date(y, 9, 1) for y in range(start.year, start.year + 20)]
    expected = {
        (record.id, m.id, d)
        for record in records
        for day in school_years
        for m in service.milestones_as_of(record, day, horizon=date.max)
        for d in m.reminders
    }
    made = db.session.execute(db.select(Reminder)).scalars().all()
    assert made and all(r.remind_on <= date(2022, 6, 1) for r in made)
    assert len(expected) > 40 and len(made) < len(expected)
    last = max(d for _, _, d in expected)

    sent_on: dict[str, date] = {}
    day = start
    while day <= last + timedelta(days=1):
        # Beat runs extend_horizon nightly; monthly is enough here, as each reminder is made two
        # years before its day, and keeps the test quick.
        if day.day == 1:
            service.extend_horizon(day)
        # Once a day, as beat would at 09:30 (test_timing covers 08:59 and the DST boundaries).
        result = dispatch(london(day, time(9, 30)))
        if result.sent:
            for (reminder_id,) in db.session.execute(
                db.select(Reminder.id).where(Reminder.sent_at == london(day, time(9, 30)))
            ):
                sent_on[reminder_id] = day
        day += timedelta(days=1)

    db.session.expire_all()
    rows = db.session.execute(db.select(Reminder)).scalars().all()
    # None missed later, none made twice: exactly the plans' reminders, every one sent.
    assert sorted((r.plan_id, r.milestone_id, r.remind_on) for r in rows) == sorted(expected)
    assert Counter(r.status for r in rows) == Counter({"sent": len(rows)})
    for r in rows:
        assert sent_on[r.id] == r.remind_on, (r.milestone_id, r.remind_on)
        assert r.sent_at >= r.due_at
    # One delivery per reminder, each queued once, in the family's channel and language.
    deliveries = db.session.execute(db.select(Delivery)).scalars().all()
    assert len(deliveries) == len(rows) == len(queued) == len(set(queued))
    by_id = {d.id: d for d in deliveries}
    for r in rows:
        assert by_id[r.delivery_id].channel == r.channel
        assert by_id[r.delivery_id].plan_id == r.plan_id
    plans_channels = {(r.plan_id, r.channel, r.language) for r in rows}
    assert {(rec.id, ch, lang) for rec, (_, ch, lang) in zip(records, CHILDREN, strict=True)} == (
        plans_channels
    )


@pytest.mark.parametrize("channel", ["email", "sms", "letter"])
def test_running_the_same_minute_twice_sends_nothing_more(make_plan, subscribe, queued, channel):
    record = make_plan(date_of_birth="2016-03-10")
    subscribe(record, channel, today=date(2020, 6, 1))
    first = db.session.execute(db.select(Reminder).order_by(Reminder.due_at)).scalars().first()
    now = first.due_at + timedelta(minutes=5)
    assert dispatch(now).sent >= 1
    assert dispatch(now).sent == 0
    assert len(queued) == len(set(queued))
