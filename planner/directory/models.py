"""The Local Offer directory tables, shaped after Open Referral UK (HSDS) so a feed maps onto them.

Every row carries its council (ON DELETE CASCADE) and, where the feed gives one, the feed's own id
(unique per council), so a re-import finds and updates the same rows. Child rows (contacts, phones,
cost options, links to locations and taxonomy terms) also carry `council_id`: the importer clears
and rewrites them in bulk by council without relying on SQLite enforcing foreign keys.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import Model
from planner.models import utcnow

_COUNCIL_FK = "council.id"


def _council_fk() -> Any:
    return mapped_column(ForeignKey(_COUNCIL_FK, ondelete="CASCADE"), index=True)


class DirOrganisation(Model):
    """The organisation that runs one or more services (HSDS `organization`)."""

    __tablename__ = "dir_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    feed_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))
    email: Mapped[str | None] = mapped_column(String(320))

    __table_args__ = (UniqueConstraint("council_id", "feed_id"),)


class DirService(Model):
    """One Local Offer service. `sections` (plan section ids) and `ehc_plan_only` are worked out
    at import time from the section map, so building a plan needs no text matching."""

    __tablename__ = "dir_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    feed_id: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("dir_organisation.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(1000))
    email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(40), default="active")
    fees: Mapped[str | None] = mapped_column(Text)
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    eligibility: Mapped[str | None] = mapped_column(Text)
    ehc_plan_only: Mapped[bool] = mapped_column(Boolean, default=False)
    assured_date: Mapped[date | None] = mapped_column(Date)
    last_modified: Mapped[datetime | None] = mapped_column(DateTime)
    # Plan section ids (planner.rules.types.TOPICS), sorted.
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The service's phone numbers and address, each joined into one display line at import time.
    phone_line: Mapped[str | None] = mapped_column(String(500))
    address_line: Mapped[str | None] = mapped_column(String(1000))
    # A digest of the parsed record: an unchanged record is left alone on re-import.
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[DirOrganisation | None] = relationship()

    __table_args__ = (
        UniqueConstraint("council_id", "feed_id"),
        Index("ix_dir_service_council_status", "council_id", "status"),
    )

    @property
    def active(self) -> bool:
        return self.status == "active"


class DirLocation(Model):
    """A place a service is delivered from, with its postal address."""

    __tablename__ = "dir_location"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    feed_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(500))
    address_1: Mapped[str | None] = mapped_column(String(500))
    city: Mapped[str | None] = mapped_column(String(200))
    state_province: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(8))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("council_id", "feed_id"),)


class DirServiceAtLocation(Model):
    __tablename__ = "dir_service_at_location"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    service_id: Mapped[int] = mapped_column(
        ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("dir_location.id", ondelete="CASCADE"), index=True
    )


class DirContact(Model):
    """A named contact for a service; its phones are DirPhone rows with `contact_id` set."""

    __tablename__ = "dir_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    service_id: Mapped[int] = mapped_column(
        ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    feed_id: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))


class DirPhone(Model):
    __tablename__ = "dir_phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    service_id: Mapped[int] = mapped_column(
        ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("dir_contact.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(String(300))


class DirCostOption(Model):
    __tablename__ = "dir_cost_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    service_id: Mapped[int] = mapped_column(
        ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    option: Mapped[str | None] = mapped_column(String(500))
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_description: Mapped[str | None] = mapped_column(String(500))


class DirTaxonomyTerm(Model):
    """A term from one of the feed's vocabularies (e.g. the LGA service types list)."""

    __tablename__ = "dir_taxonomy_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    feed_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500))
    vocabulary: Mapped[str | None] = mapped_column(String(200))
    # The parent's feed id; kept as text because feeds list children before parents.
    parent_feed_id: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("council_id", "feed_id"),)


class DirServiceTaxonomy(Model):
    __tablename__ = "dir_service_taxonomy"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    service_id: Mapped[int] = mapped_column(
        ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("dir_taxonomy_term.id", ondelete="CASCADE"), index=True
    )


# queued (the console asked; a worker will run it) -> running -> succeeded | failed | held;
# held -> confirmed (a new run applies it) | discarded. Only "succeeded" changed the directory.
RUN_STATUSES = ("queued", "running", "succeeded", "failed", "held", "confirmed", "discarded")


class ImportRun(Model):
    """One import: what was read, what changed (or would have, when held) and which records were
    refused or had values dropped."""

    __tablename__ = "dir_import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = _council_fk()
    source: Mapped[str] = mapped_column(String(1000))
    # The address that answered after redirects: where the data really came from.
    fetched_url: Mapped[str | None] = mapped_column(String(1000))
    # "cli", "console" or "nightly"; `requested_by` is the staff id for the console.
    trigger: Mapped[str] = mapped_column(String(20), default="cli")
    requested_by: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    # The council's service count before the run, to show "would remove 15 of 25".
    services_before: Mapped[int] = mapped_column(Integer, default=0)
    # A held run's decision: who confirmed or discarded it, and when; a confirming run names
    # the held run it applies and the removals the admin accepted.
    decided_by: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirms_run_id: Mapped[int | None] = mapped_column(Integer)
    allow_removals: Mapped[int | None] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    # [{"id": feed id or null, "message": text}]
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Values dropped or shortened in records that were kept, same shape.
    notes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    __table_args__ = (Index("ix_dir_import_run_council_started", "council_id", "started_at"),)
