"""One pass of the due-reminder dispatcher (Celery beat runs it every minute).

1. Reminders more than 7 days overdue are marked skipped: after downtime a late reminder about a
   passed deadline would mislead, so they are never sent late.
2. Due pending reminders are claimed through the (status, due_at) index, so a pass costs what is
   due, not what is stored. Claiming is atomic: `FOR UPDATE SKIP LOCKED` on PostgreSQL, a
   compare-and-set per row on SQLite. Two dispatchers racing never claim one row twice.
3. Each claimed batch becomes Delivery rows in the same transaction that marks them sent; only
   the delivery ids are queued. Texts are not claimed during quiet hours; they wait for 08:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, bindparam, select

from planner.delivery.models import Delivery
from planner.extensions import db, rowcount
from planner.models import new_id, utcnow
from planner.reminders.models import Reminder, ReminderSubscription
from planner.reminders.timing import CATCH_UP, in_quiet_hours

BATCH = 500
# A claim older than this with no delivery belongs to a dispatcher that died mid-pass.
STALE_CLAIM = timedelta(minutes=10)


@dataclass
class PassResult:
    """What one pass did, in counts (ids stay in the database; nothing personal is returned)."""

    sent: int = 0
    skipped: int = 0
    cancelled: int = 0
    released: int = 0
    texts_waiting: bool = False

    def __str__(self) -> str:
        return (
            f"sent={self.sent} skipped={self.skipped} cancelled={self.cancelled} "
            f"released={self.released} texts_waiting={self.texts_waiting}"
        )


def dispatch(now: datetime | None = None, *, enqueue: bool = True) -> PassResult:
    """Run one pass as of `now` (naive UTC; default the current time). `now` decides both what
    is due and whether it is quiet hours. With enqueue=False the deliveries are created but not
    queued (the benchmark measures database time only)."""
    now = now or utcnow()
    result = PassResult()
    result.skipped, result.released = tidy(now)
    quiet = in_quiet_hours(now)
    result.texts_waiting = quiet
    while True:
        ids = claim_due(now, limit=BATCH, include_texts=not quiet)
        queued: list[str] = []
        for outcome, delivery_id in hand_off(ids, now):
            setattr(result, outcome, getattr(result, outcome) + 1)
            if delivery_id:
                queued.append(delivery_id)
        if enqueue:
            for delivery_id in queued:
                enqueue_delivery(delivery_id)
        if len(ids) < BATCH:
            break
    if result.sent or result.skipped or result.released or result.cancelled:
        current_app.logger.info("reminders dispatch %s", result)
    return result


# Core statements on the table (not ORM bulk updates): a pass runs every minute and most passes
# find nothing, so the per-statement overhead is most of its cost.
_T = Reminder.__table__


def _due(now: datetime, include_texts: bool) -> list[ColumnElement[bool]]:
    conditions = [_T.c.status == "pending", _T.c.due_at <= now, _T.c.due_at >= now - CATCH_UP]
    if not include_texts:
        conditions.append(_T.c.channel != "sms")
    return conditions


def tidy(now: datetime) -> tuple[int, int]:
    """Mark pending reminders more than 7 days overdue as skipped (never sent late), and give
    back claims a dead dispatcher left behind; return both counts. Releasing is safe because a
    delivery and the `sent` status are written in one transaction: a claim without a delivery
    was never handed off."""
    wall = utcnow()
    stale = [_T.c.status == "pending", _T.c.due_at < now - CATCH_UP]
    lost = [
        _T.c.status == "sending",
        _T.c.delivery_id.is_(None),
        _T.c.claimed_at < wall - STALE_CLAIM,
    ]
    skipped = released = 0
    # Look before writing: nearly every pass finds nothing, and a read opens no write transaction
    # (on SQLite an empty UPDATE still takes the database's write lock and syncs the journal).
    if _exists(stale):
        skipped = rowcount(
            db.session.execute(
                _T.update()
                .where(*stale)
                .values(
                    status="skipped",
                    reason="Not sent: more than 7 days late after a service interruption.",
                    updated_at=wall,
                )
            )
        )
    if _exists(lost):
        released = rowcount(
            db.session.execute(
                _T.update().where(*lost).values(status="pending", claimed_at=None, updated_at=wall)
            )
        )
    db.session.commit()
    return skipped or 0, released or 0


def _exists(conditions: list[ColumnElement[bool]]) -> bool:
    return db.session.execute(select(_T.c.id).where(*conditions).limit(1)).first() is not None


def claim_due(now: datetime, *, limit: int, include_texts: bool = True) -> list[str]:
    """Atomically move up to `limit` due pending reminders to `sending` and return their ids."""
    if db.session.get_bind().dialect.name == "postgresql":
        return _claim_skip_locked(now, limit, include_texts)
    return _claim_compare_and_set(now, limit, include_texts)


def _claim_skip_locked(now: datetime, limit: int, include_texts: bool) -> list[str]:
    # Rows another dispatcher has locked are skipped, not waited for: each takes its own share.
    # A row committed as `sending` meanwhile fails the re-check PostgreSQL makes after the lock.
    candidates = (
        select(_T.c.id)
        .where(*_due(now, include_texts))
        .order_by(_T.c.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = (
        db.session.execute(
            _T.update()
            .where(_T.c.id.in_(candidates.scalar_subquery()))
            .values(status="sending", claimed_at=utcnow())
            .returning(_T.c.id)
        )
        .scalars()
        .all()
    )
    db.session.commit()
    return list(ids)


def _claim_compare_and_set(now: datetime, limit: int, include_texts: bool) -> list[str]:
    # SQLite has no row locks; a conditional UPDATE per row is the compare-and-set, and its
    # rowcount says whether this dispatcher won the row.
    candidates = (
        db.session.execute(
            select(_T.c.id).where(*_due(now, include_texts)).order_by(_T.c.due_at).limit(limit)
        )
        .scalars()
        .all()
    )
    if not candidates:
        db.session.rollback()
        return []
    # One statement, many executions: built once, so the loop costs the database's time.
    cas = (
        _T.update()
        .where(_T.c.id == bindparam("rid"), _T.c.status == "pending")
        .values(status="sending", claimed_at=bindparam("at"))
    )
    conn = db.session.connection()
    claimed_at = utcnow()
    claimed = [
        rid for rid in candidates if conn.execute(cas, {"rid": rid, "at": claimed_at}).rowcount == 1
    ]
    db.session.commit()
    return claimed


def hand_off(reminder_ids: list[str], now: datetime) -> list[tuple[str, str | None]]:
    """Turn claimed reminders into Delivery rows, in one transaction with their `sent` status so a
    crash can never leave one without the other. Returns (outcome, delivery id or None) for each:
    outcome is "sent", or "cancelled" when the family stopped reminders after the claim (or the
    plan was erased, or a replay finds the reminder already handled)."""
    if not reminder_ids:
        return []
    reminders = {
        r.id: r
        for r in db.session.execute(
            db.select(Reminder).where(Reminder.id.in_(reminder_ids), Reminder.status == "sending")
        ).scalars()
    }
    plan_ids = {r.plan_id for r in reminders.values()}
    subs = {
        s.plan_id: s
        for s in db.session.execute(
            db.select(ReminderSubscription).where(ReminderSubscription.plan_id.in_(plan_ids))
        ).scalars()
    }
    outcomes: list[tuple[str, str | None]] = []
    for reminder_id in reminder_ids:
        reminder = reminders.get(reminder_id)
        if reminder is None:
            outcomes.append(("cancelled", None))
            continue
        sub = subs.get(reminder.plan_id)
        if sub is None or not sub.active or sub.contact_enc is None:
            reminder.status, reminder.reason = "cancelled", "The family stopped reminders."
            outcomes.append(("cancelled", None))
            continue
        # Written here rather than through delivery.service.create, which commits and enqueues
        # one row at a time; the delivery pipeline takes over from the queued id.
        delivery = Delivery(
            id=new_id(),
            plan_id=reminder.plan_id,
            channel=reminder.channel,
            contact_enc=sub.contact_enc,
            language=reminder.language,
            postage="second" if reminder.channel == "letter" else None,
        )
        db.session.add(delivery)
        reminder.delivery_id = delivery.id
        reminder.status = "sent"
        reminder.sent_at = now
        outcomes.append(("sent", delivery.id))
    db.session.commit()
    for (_outcome, delivery_id), reminder_id in zip(outcomes, reminder_ids, strict=True):
        if delivery_id:
            current_app.logger.info("reminder %s handed to delivery %s", reminder_id, delivery_id)
    return outcomes


def enqueue_delivery(delivery_id: str) -> None:
    """Queue the delivery pipeline's `deliver.send` with the id alone."""
    from planner.delivery.service import enqueue

    enqueue(delivery_id)
