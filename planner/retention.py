"""Retention: plans are deleted after the council's period since their last activity."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from planner.extensions import db
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
    current_app.logger.info(
        "retention sweep deleted %d plans and %d cached PDFs from earlier days", deleted, stale
    )
    return deleted
