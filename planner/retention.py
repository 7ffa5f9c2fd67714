"""Retention: plans are deleted after the council's period since their last activity."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from planner.caseworker.models import AuditEvent
from planner.extensions import db, rowcount
from planner.models import Council, PlanRecord, utcnow
from planner.pdf import storage
from planner.plans.service import erase_plan


def sweep() -> int:
    """Delete every plan idle for longer than its council's retention period; return how many.
    Cached PDFs from earlier days go too (planner.pdf.storage.sweep_stale)."""
    deleted = 0
    now = utcnow()
    for council in db.session.execute(db.select(Council)).scalars():
        cutoff = now - timedelta(days=council.retention_days)
        expired = db.session.execute(
            db.select(PlanRecord.id).where(
                PlanRecord.council_id == council.id, PlanRecord.last_active_at < cutoff
            )
        ).scalars()
        for plan_id in list(expired):
            record = db.session.get(PlanRecord, plan_id)
            if record is not None:
                erase_plan(record, by="retention")
                deleted += 1
    stale = storage.sweep_stale()
    audit = sweep_audit()
    # Short-lived records that hold (or guard) personal data: answers in progress, idle staff
    # sessions, and sign-in failures and locks past their 15 minutes.
    from planner import drafts
    from planner.caseworker import auth, sessions

    transient = drafts.sweep() + sessions.sweep() + auth.sweep_sign_in()
    from planner.delivery import recipients

    recipients.sweep()  # per-recipient send counts older than two days
    current_app.logger.info(
        "retention sweep deleted %d plans, %d cached PDFs from earlier days, %d audit rows,"
        " %d expired drafts, sessions and sign-in records",
        deleted,
        stale,
        audit,
        transient,
    )
    return deleted


def sweep_audit() -> int:
    """Delete audit rows older than AUDIT_RETENTION_DAYS (0: keep all); return how many.

    The app refuses to change or delete an audit row through the ORM (planner/caseworker/
    models.py); this bulk statement is the one sanctioned way rows leave, by age alone."""
    days = int(current_app.config.get("AUDIT_RETENTION_DAYS") or 0)
    if days <= 0:
        return 0
    table = AuditEvent.__table__
    result = db.session.execute(delete(table).where(table.c.at < utcnow() - timedelta(days=days)))
    db.session.commit()
    return int(rowcount(result) or 0)
