"""The caseworker console's tables: staff accounts, the family search index, consent records,
postal addresses for letters, letter batches, the audit trail and per-council settings.

Personal data (names, addresses) is stored encrypted (planner.crypto); the search index holds
keyed hashes only, so the table is useless without the app's secret.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Connection,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    delete,
    event,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import Model
from planner.models import Council, PlanRecord, new_id, utcnow

ROLES = ("caseworker", "admin")
CONSENT_METHODS = ("phone", "face_to_face", "letter")
BATCH_MODES = ("post", "print")
# pending -> running -> done (every item handed over or rendered) | failed (the task gave up)
BATCH_STATUSES = ("pending", "running", "done", "failed")


class StaffUser(UserMixin, Model):  # type: ignore[misc]  # flask_login ships no types
    """A council staff account. Passwords are argon2 hashes; the TOTP secret is encrypted."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="caseworker")
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"))
    active: Mapped[bool] = mapped_column(default=True)
    totp_secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The last TOTP time step accepted: a code is good once, even inside its 30 seconds.
    totp_last_step: Mapped[int | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    council: Mapped[Council] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def has_totp(self) -> bool:
        return self.totp_secret_enc is not None


class LoginFailure(Model):
    """One failed sign-in; counted over a sliding 15 minutes for the lockout. Keyed by a keyed
    hash of the email address typed (`auth.account_key`), not by account, so an address with no
    account is counted and locked exactly like a real one and the answers cannot tell them
    apart."""

    __tablename__ = "staff_login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_staff_login_failure_key_at", "account_key", "at"),)


class LoginLock(Model):
    """An email address locked out after too many failures, whether or not it has an account."""

    __tablename__ = "staff_login_lock"

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    locked_until: Mapped[datetime] = mapped_column()


class StaffSession(Model):
    """A signed-in staff session, kept on the server so that signing out, 30 minutes idle and
    "sign out everywhere" end it for good, whatever a copied cookie says. The cookie holds only
    a random id; this row is found by its SHA-256. Used when REDIS_URL is not set (otherwise
    the same records live in Redis: planner.caseworker.sessions)."""

    __tablename__ = "staff_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A second-factor secret being set up, encrypted (planner.crypto): never in the cookie.
    pending_totp_enc: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_staff_session_user", "user_id"),)


class FamilyIndex(Model):
    """Keyed hashes of a plan's normalised first name, postcode and date of birth, so caseworkers
    can find a family without decrypting every plan. `plan_version` says which answers it was
    built from: a plan changed by the family since is re-indexed on the next search."""

    __tablename__ = "caseworker_family_index"

    plan_id: Mapped[str] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True
    )
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"))
    plan_version: Mapped[int] = mapped_column()
    name_hash: Mapped[str | None] = mapped_column(String(64))
    postcode_hash: Mapped[str | None] = mapped_column(String(64))
    dob_hash: Mapped[str | None] = mapped_column(String(64))
    # The staff member who created the plan on the family's behalf; None when the family did.
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_caseworker_family_index_name", "council_id", "name_hash"),
        Index("ix_caseworker_family_index_postcode", "council_id", "postcode_hash"),
        Index("ix_caseworker_family_index_dob", "council_id", "dob_hash"),
    )


class Consent(Model):
    """A family's consent for a caseworker to answer the questionnaire for them (UK GDPR art.
    7(1): the council must be able to show it): who gave it, how, when, and the exact words."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    # encrypt_json({"name": ..., "relationship": ...}): the person's name is personal data.
    given_by_enc: Mapped[bytes] = mapped_column(LargeBinary)
    method: Mapped[str] = mapped_column(String(16))
    given_at: Mapped[datetime] = mapped_column()
    wording: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_consent_plan", "plan_id"),)


class PostalAddress(Model):
    """Where a family's letters go, checked by the delivery feature's address rules."""

    __tablename__ = "caseworker_postal_address"

    plan_id: Mapped[str] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True
    )
    address_enc: Mapped[bytes] = mapped_column(LargeBinary)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Batch(Model):
    """A batch of letters chosen by a filter. `criteria` describes the filter (no personal
    data); the items are the plans it matched when it was made."""

    __tablename__ = "letter_batch"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    mode: Mapped[str] = mapped_column(String(8))
    postage: Mapped[str] = mapped_column(String(8), default="second")
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    total: Mapped[int] = mapped_column(default=0)
    # Print batches: the combined PDF under VAR_DIR/batches/ once every letter is rendered.
    pdf_path: Mapped[str | None] = mapped_column(String(500))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class BatchItem(Model):
    """One family's letter in a batch. Post: the Delivery that carries it. Print: rendered or
    failed, with the reason in plain words."""

    __tablename__ = "letter_batch_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("letter_batch.id", ondelete="CASCADE"))
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    reference: Mapped[str] = mapped_column(String(9))
    position: Mapped[int] = mapped_column()
    # pending -> queued (post: handed to delivery) | rendered (print) | failed
    status: Mapped[str] = mapped_column(String(10), default="pending")
    delivery_id: Mapped[str | None] = mapped_column(ForeignKey("delivery.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_letter_batch_item_batch", "batch_id", "position"),)


class AuditEvent(Model):
    """Who did what to which family's data, when and from where. Never the data itself: `action`
    is a fixed code and `detail` holds ids and counts only. Rows are never changed or deleted by
    the app (see the guards below), except by age: the nightly retention sweep removes rows older
    than AUDIT_RETENTION_DAYS (planner.retention.sweep_audit)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column()
    user_email: Mapped[str | None] = mapped_column(String(320))
    council_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(String(40))
    # No foreign key: the trail outlives an erased plan.
    plan_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    __table_args__ = (
        Index("ix_audit_event_council_at", "council_id", "at"),
        Index("ix_audit_event_user_at", "user_id", "at"),
    )


class AuditImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper: object, _connection: Connection, _target: AuditEvent) -> None:
    raise AuditImmutable("Audit events cannot be changed.")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper: object, _connection: Connection, _target: AuditEvent) -> None:
    raise AuditImmutable("Audit events cannot be deleted.")


class CouncilSettings(Model):
    """Settings the core Council table does not hold: the council's GOV.UK Notify templates."""

    __tablename__ = "council_settings"

    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), primary_key=True)
    notify_email_template_id: Mapped[str | None] = mapped_column(String(36))
    notify_sms_template_id: Mapped[str | None] = mapped_column(String(36))
    notify_letter_template_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@event.listens_for(PlanRecord, "before_delete")
def _erase_caseworker_rows(_mapper: object, connection: Connection, target: PlanRecord) -> None:
    """Erasure removes the family's index, consents and address too. PostgreSQL's ON DELETE
    CASCADE does this already; SQLite only honours foreign keys with a pragma."""
    for table in (FamilyIndex.__table__, Consent.__table__, PostalAddress.__table__):
        connection.execute(delete(table).where(table.c.plan_id == target.id))
    items = BatchItem.__table__
    connection.execute(update(items).where(items.c.plan_id == target.id).values(plan_id=None))
