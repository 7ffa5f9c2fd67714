"""Dispatchers racing never send a reminder twice (SKIP LOCKED on PostgreSQL, compare-and-set on
SQLite), and the `planner reminders dispatch --now` command."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta

from planner import crypto
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.models import new_id
from planner.reminders import dispatch as dispatch_module
from planner.reminders.models import Reminder, ReminderSubscription
from planner.reminders.timing import due_at_for

IN_CI = bool(os.environ.get("CI"))
NOW = datetime(2025, 5, 20, 10, 0)


def seed_due(record, count):
    """`count` due email reminders for one subscribed plan, inserted in bulk."""
    db.session.add(
        ReminderSubscription(
            plan_id=record.id,
            channel="email",
            contact_enc=crypto.encrypt_json({"email_address": "parent@example.com"}),
            consent_wording="test",
            consent_given_by="test",
            stop_code="race" + new_id()[:8],
            built_on=date(2025, 1, 1),
        )
    )
    db.session.execute(
        db.insert(Reminder),
        [
            {
                "id": new_id(),
                "plan_id": record.id,
                "milestone_id": f"m{i}",
                "milestone_date": date(2025, 6, 1),
                "remind_on": date(2025, 5, 20),
                "due_at": NOW - timedelta(minutes=i % 600),
                "channel": "email",
                "language": "en",
                "status": "pending",
            }
            for i in range(count)
        ],
    )
    db.session.commit()


def test_racing_dispatchers_send_each_reminder_once(app, make_plan, monkeypatch):
    dialect = db.engine.dialect.name
    if IN_CI:
        # CI runs against real PostgreSQL: this test must exercise SKIP LOCKED there.
        assert dialect == "postgresql", "CI must set DATABASE_URL to PostgreSQL"
    record = make_plan()
    total = 600
    seed_due(record, total)
    # Small batches so the dispatchers interleave many claims instead of one taking all.
    monkeypatch.setattr(dispatch_module, "BATCH", 25)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def run():
        try:
            with app.app_context():  # its own session, so its own connection
                barrier.wait()
                results.append(dispatch_module.dispatch(NOW, enqueue=False))
                db.session.remove()
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sum(r.sent for r in results) == total
    db.session.expire_all()
    rows = db.session.execute(db.select(Reminder)).scalars().all()
    assert {r.status for r in rows} == {"sent"}
    delivery_ids = [r.delivery_id for r in rows]
    assert len(set(delivery_ids)) == total
    assert db.session.execute(db.select(db.func.count()).select_from(Delivery)).scalar() == total


def test_cli_dispatch_with_now(app, make_plan, subscribe, queued):
    record = make_plan()
    subscribe(record, "sms", today=date(2020, 6, 1))
    first = db.session.execute(db.select(Reminder).order_by(Reminder.due_at)).scalars().first()
    day = first.remind_on.isoformat()
    runner = app.test_cli_runner()
    early = runner.invoke(args=["reminders", "dispatch", "--now", f"{day}T08:59"])
    assert early.exit_code == 0, early.output
    assert "sent=0" in early.output
    on_time = runner.invoke(args=["reminders", "dispatch", "--now", f"{day}T09:00"])
    assert "sent=1" in on_time.output or "sent=2" in on_time.output
    assert db.session.get(Reminder, first.id).status == "sent"
    bad = runner.invoke(args=["reminders", "dispatch", "--now", "soon"])
    assert bad.exit_code != 0 and "--now" in bad.output
    # An explicit offset: 07:30Z in summer is 08:30 London, not quiet; in winter it is quiet.
    assert due_at_for(date(2025, 7, 1)) == datetime(2025, 7, 1, 8, 0)


def test_the_beat_task_runs_a_pass(app, make_plan, subscribe, queued):
    from tasks.reminders import dispatch as task

    record = make_plan()
    subscribe(record, "email")
    assert "sent=" in task.apply().get()


def test_due_reminders_are_found_through_the_status_due_index(app, ctx):
    """The pass's cost follows what is due, not what is stored: its select uses the index."""
    from sqlalchemy import select, text

    query = (
        select(Reminder.__table__.c.id)
        .where(*dispatch_module._due(NOW, include_texts=True))
        .order_by(Reminder.__table__.c.due_at)
        .limit(500)
    )
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "postgresql":
        # Tiny test tables make a sequential scan cheapest; forbid it to see the index is usable.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = db.session.execute(text(f"EXPLAIN {compiled}")).scalars().all()
    else:
        plan = [row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    db.session.rollback()
    assert any("ix_reminder_status_due" in line for line in plan), plan
