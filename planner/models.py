"""The core tables: councils and plans. Feature areas keep their own tables beside their code."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import Model
from planner.rules.types import LeadTimes


def utcnow() -> datetime:
    """Now in UTC, without tzinfo: every stored time is naive UTC, the same on SQLite and
    PostgreSQL. Add the offset only when showing or serialising a time."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


# Plan references are read out over the phone: no 0/O, 1/I/L.
_REF_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    raw = "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class Council(Model):
    """A local authority that runs the planner for its Local Offer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    website: Mapped[str | None] = mapped_column(String(300))
    # The return address printed on letters, one line per item.
    return_address: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Reminder lead times in days, by milestone kind; empty means the DOMAIN.md defaults.
    lead_times: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    retention_days: Mapped[int] = mapped_column(default=730)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The council's Open Referral UK feed, for "Import now" and the nightly re-import.
    feed_url: Mapped[str | None] = mapped_column(String(1000))
    nightly_import: Mapped[bool] = mapped_column(default=False)
    # Its own Local Offer documents the plan points families to: LOCAL_OFFER_LINKS -> URL.
    links: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # GOV.UK Notify's id of the council's email reply-to address (None: the service default).
    email_reply_to_id: Mapped[str | None] = mapped_column(String(36))

    plans: Mapped[list[PlanRecord]] = relationship(back_populates="council")
    hosts: Mapped[list[CouncilHost]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilHost.host"
    )

    def reminder_lead_times(self) -> LeadTimes:
        """This council's reminder lead times, or the DOMAIN.md defaults when it set none."""
        return LeadTimes.from_mapping(self.lead_times) if self.lead_times else LeadTimes()

    def link(self, key: str) -> str | None:
        """The council's own address for one of LOCAL_OFFER_LINKS, or None when not set."""
        return (self.links or {}).get(key) or None


# The Local Offer documents every council publishes and a plan points families to.
LOCAL_OFFER_LINKS = (
    "personal_budgets_policy",
    "short_breaks_statement",
    "post16_transport_statement",
    "accessibility_strategy",
    "sendiass",
    "parent_carer_forum",
    "complaints",
)


class CouncilHost(Model):
    """A host name a council is served on; a request's Host header picks its council."""

    __tablename__ = "council_host"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    host: Mapped[str] = mapped_column(String(253), unique=True)

    council: Mapped[Council] = relationship(back_populates="hosts")


class PlanRecord(Model):
    """A family's answers (encrypted) and the secret that opens them. The plan itself is rebuilt
    from the answers whenever it is shown, so it is always correct for the day it is read."""

    __tablename__ = "plan"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(9), unique=True, default=new_reference)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"))
    token_hash: Mapped[str] = mapped_column(String(64))
    answers_enc: Mapped[bytes] = mapped_column(LargeBinary)
    language: Mapped[str] = mapped_column(String(8), default="en")
    variant: Mapped[str] = mapped_column(String(16), default="standard")
    # Bumped whenever the answers change; cached PDFs are keyed by it.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Retention runs from the last time the family or a caseworker used the plan.
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Council staff see a plan only while it is shared (issue 16): the family shared it from
    # its plan page or the API (`shared_via` "family"), or made it with a caseworker, consent
    # recorded ("caseworker"). None: nobody at the council can find or open it.
    shared_at: Mapped[datetime | None] = mapped_column()
    shared_via: Mapped[str | None] = mapped_column(String(16))

    council: Mapped[Council] = relationship(back_populates="plans")

    @property
    def shared(self) -> bool:
        return self.shared_at is not None

    __table_args__ = (Index("ix_plan_council_last_active", "council_id", "last_active_at"),)


def visible_to_staff() -> Any:
    """The SQL condition every staff query of plans must carry: shared with the council."""
    return PlanRecord.shared_at.is_not(None)


class AnswerDraft(Model):
    """Questionnaire answers in progress (issue 16, B7), kept here encrypted instead of in the
    browser's readable session cookie, which holds only the random id whose SHA-256 is the key.
    Dropped when the plan is saved, and by the retention sweep once `expires_at` has passed."""

    __tablename__ = "answer_draft"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanLink(Model):
    """Further secret links to a plan, one for each message that carries one (a delivery, the
    reminders), so a link in an email or text opens the plan on any device. Stored hashed like the
    plan's own token; they go when the plan goes."""

    __tablename__ = "plan_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
