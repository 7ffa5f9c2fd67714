"""Reminder tables: one subscription per plan (channel, encrypted contact, consent) and one row
per reminder, keyed by (plan, milestone, reminder date) so a rebuild never resends a sent one."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Connection,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

import planner.delivery.models  # noqa: F401 - reminder.delivery_id refers to the delivery table
from planner.extensions import Model
from planner.models import PlanRecord, new_id, utcnow

CHANNELS = ("email", "sms", "letter")
# pending -> sending (claimed by one dispatcher) -> sent (handed to delivery);
# pending -> cancelled (opt-out, no longer applies) | skipped (more than 7 days late);
# failed is reserved for the delivery pipeline to report a reminder it could not send.
STATUSES = ("pending", "sending", "sent", "cancelled", "skipped", "failed")


class ReminderSubscription(Model):
    """A family's consent to reminders for one plan: how to reach them and what they agreed to.

    Kept after opt-out (inactive, contact erased) as the record of what consent was given and
    withdrawn; deleted with the plan."""

    __tablename__ = "reminder_subscription"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    # encrypt_json({"email_address"|"phone_number"|"address_lines": ...}); None after opt-out.
    contact_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str] = mapped_column(String(8), default="en")
    active: Mapped[bool] = mapped_column(default=True)
    # Consent (UK GDPR art. 7(1): be able to show it): when, the exact wording shown, and who.
    consent_given_at: Mapped[datetime] = mapped_column(default=utcnow)
    consent_wording: Mapped[str] = mapped_column(Text)
    consent_given_by: Mapped[str] = mapped_column(String(40))
    opted_out_at: Mapped[datetime | None] = mapped_column()
    # A short random code for the stop link; texts have little room (see service.stop_token).
    stop_code: Mapped[str] = mapped_column(String(16), unique=True)
    # The plan date the reminder rows were last built for; messages rebuild milestones as of it.
    built_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Reminder(Model):
    """One reminder for one milestone, due at 09:00 London on its reminder date (stored UTC)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    milestone_id: Mapped[str] = mapped_column(String(40))
    milestone_date: Mapped[date] = mapped_column(Date)
    remind_on: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column()
    channel: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    # The Delivery row that carries this reminder; SET NULL keeps the reminder's history when
    # deliveries are tidied away.
    delivery_id: Mapped[str | None] = mapped_column(ForeignKey("delivery.id", ondelete="SET NULL"))
    # Plain words, never contact details.
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        # The rebuild key: a reminder once sent stays sent whatever happens to the answers. It
        # leads with plan_id, so it also serves every per-plan query.
        UniqueConstraint("plan_id", "milestone_id", "remind_on", name="uq_reminder_key"),
        # The dispatcher's only access path: cost follows the number due, not the number stored.
        Index("ix_reminder_status_due", "status", "due_at"),
        # The delivery pipeline finds a delivery's reminder by it, and deleting a delivery
        # (SET NULL) would otherwise scan every reminder.
        Index("ix_reminder_delivery", "delivery_id"),
    )


@event.listens_for(PlanRecord, "before_delete")
def _erase_reminders(_mapper: object, connection: Connection, target: PlanRecord) -> None:
    """Erasure removes reminders and contact details at once. PostgreSQL's ON DELETE CASCADE does
    it already; SQLite only honours foreign keys with a pragma, so delete explicitly for both."""
    connection.execute(delete(Reminder.__table__).where(Reminder.__table__.c.plan_id == target.id))
    connection.execute(
        delete(ReminderSubscription.__table__).where(
            ReminderSubscription.__table__.c.plan_id == target.id
        )
    )
