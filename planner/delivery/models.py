"""The Delivery table: one row per request to send a plan, and its journey through Notify."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, ForeignKey, Index, LargeBinary, String, Text, delete, event
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import Model
from planner.models import PlanRecord, new_id, utcnow

CHANNELS = ("email", "sms", "letter", "pdf")
POSTAGES = ("second", "first", "economy")
# pending -> sending -> sent -> delivered | failed; a crash leaves "sending" for the sweeper.
STATUSES = ("pending", "sending", "sent", "delivered", "failed")
FINAL_STATUSES = frozenset({"delivered", "failed"})


class Delivery(Model):
    """A request to send one plan through one channel. The contact details are encrypted; the id is
    the only thing that travels through the broker and the logs, and Notify's `reference`."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(8))
    # encrypt_json({"email_address"|"phone_number"|"address_lines": ..., "link": ...})
    contact_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str] = mapped_column(String(8), default="en")
    variant: Mapped[str] = mapped_column(String(16), default="standard")
    postage: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    notify_id: Mapped[str | None] = mapped_column(String(36))
    notify_status: Mapped[str | None] = mapped_column(String(40))
    # Plain words for the family or caseworker; never contact details.
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()
    # When Notify last told us anything (receipt or poll): the poller looks for silence.
    receipt_at: Mapped[datetime | None] = mapped_column()
    # A second way to reach the family when Notify says this one does not exist (a bounced
    # email, a dead number): encrypt_json({"phone_number"?: ..., "address_lines"?: [...]}),
    # tried in that order, only with the family's consent (when it was given).
    fallback_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    fallback_consent_at: Mapped[datetime | None] = mapped_column()
    # The route this one was sent after (unique: a route is followed at most once), and the
    # route sent after this one. Setting `fallback_id` is the compare-and-set that makes the
    # fallback happen exactly once, however often a receipt is replayed.
    fallback_of: Mapped[str | None] = mapped_column(
        ForeignKey("delivery.id", ondelete="CASCADE"), unique=True
    )
    fallback_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        Index("ix_delivery_plan", "plan_id"),
        # The sweeper and the status poller select by status and age.
        Index("ix_delivery_status_updated", "status", "updated_at"),
        Index("ix_delivery_notify_id", "notify_id"),
    )


@event.listens_for(PlanRecord, "before_delete")
def _erase_deliveries(_mapper: object, connection: Connection, target: PlanRecord) -> None:
    """Erasure removes contact details too. PostgreSQL's ON DELETE CASCADE does this already, but
    SQLite only honours foreign keys when a pragma is on, so do it explicitly for both."""
    connection.execute(delete(Delivery.__table__).where(Delivery.__table__.c.plan_id == target.id))


class RecipientSend(Model):
    """One message a family asked us to send, counted against its recipient's daily limit.

    `recipient` is a keyed hash of the normalised address or number (planner.delivery.recipients),
    never the address: the count must outlive the plan (an abuser could erase it straight after
    sending), and nothing here says who anyone is. Rows older than two days are swept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_recipient_send_recipient_sent_at", "recipient", "sent_at"),)


class RecipientBlock(Model):
    """Someone who followed "I did not ask for this": nothing more is sent to them, from any plan.
    Keyed by the same hash as RecipientSend; kept until they ask us to send again."""

    recipient: Mapped[str] = mapped_column(String(32), primary_key=True)
    blocked_at: Mapped[datetime] = mapped_column(default=utcnow)
