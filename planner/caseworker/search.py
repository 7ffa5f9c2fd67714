"""Finding families. Names, postcodes and dates of birth are encrypted inside the answers, so
each plan has a row of keyed hashes (FamilyIndex) of their normalised forms; a search hashes what
the caseworker typed and matches exactly.

The index is written when a caseworker creates or changes a plan, and brought up to date lazily
before each search for plans made or changed by families (a plan's `version` tells us which
rows are stale), so no separate job has to keep it current.

Staff see only plans shared with their council (issue 16): every query here carries
`visible_to_staff()`, so an unshared plan is not found, listed, counted or sent a letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_

from planner import crypto
from planner.caseworker.models import FamilyIndex
from planner.extensions import db
from planner.models import PlanRecord, visible_to_staff
from planner.plans import service as plans
from planner.rules import calendar as cal
from planner.rules.types import Answers

# How many stale plans one search re-indexes; the rest catch up on the next searches.
BACKFILL_LIMIT = 2000


def norm_name(value: str) -> str:
    """First names match whatever the case, spacing or accents typed on the phone."""
    decomposed = unicodedata.normalize("NFKD", value)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.casefold().split())


def norm_postcode(value: str) -> str:
    return "".join(value.split()).upper()


def _hash(value: str | None) -> str | None:
    return crypto.keyed_hash(value) if value else None


def index_plan(
    record: PlanRecord, answers: Answers | None = None, *, created_by: int | None = None
) -> FamilyIndex:
    """Write (or refresh) the plan's search row; `created_by` is kept once set. Not committed:
    the caller's transaction carries it."""
    answers = answers or plans.load_answers(record)
    row = db.session.get(FamilyIndex, record.id)
    if row is None:
        row = FamilyIndex(plan_id=record.id, council_id=record.council_id, created_by=created_by)
        db.session.add(row)
    elif created_by is not None and row.created_by is None:
        row.created_by = created_by
    row.plan_version = record.version
    row.name_hash = _hash(norm_name(answers.name) if answers.name else None)
    row.postcode_hash = _hash(norm_postcode(answers.postcode) if answers.postcode else None)
    row.dob_hash = _hash(answers.date_of_birth.isoformat())
    return row


def backfill(council_id: int, limit: int = BACKFILL_LIMIT) -> int:
    """Index the council's plans that have no row, or a row from older answers."""
    stale = db.session.execute(
        db.select(PlanRecord)
        .outerjoin(FamilyIndex, FamilyIndex.plan_id == PlanRecord.id)
        .where(PlanRecord.council_id == council_id, visible_to_staff())
        .where(or_(FamilyIndex.plan_id.is_(None), FamilyIndex.plan_version != PlanRecord.version))
        .limit(limit)
    ).scalars()
    count = 0
    for record in list(stale):
        index_plan(record)
        count += 1
    if count:
        db.session.commit()
    return count


@dataclass(frozen=True)
class Query:
    """What the caseworker searched for; any field may be empty."""

    reference: str = ""
    name: str = ""
    postcode: str = ""
    date_of_birth: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.reference or self.name or self.postcode or self.date_of_birth)


def find(council_id: int, query: Query, limit: int = 50, offset: int = 0) -> list[PlanRecord]:
    """The council's shared plans matching every field given, newest first; every shared plan
    when empty."""
    backfill(council_id)
    stmt = (
        db.select(PlanRecord)
        .outerjoin(FamilyIndex, FamilyIndex.plan_id == PlanRecord.id)
        .where(PlanRecord.council_id == council_id, visible_to_staff())
    )
    if query.reference:
        ref = query.reference.strip().upper().replace(" ", "")
        if len(ref) == 8 and "-" not in ref:
            ref = f"{ref[:4]}-{ref[4:]}"
        stmt = stmt.where(PlanRecord.reference == ref)
    if query.name:
        stmt = stmt.where(FamilyIndex.name_hash == _hash(norm_name(query.name)))
    if query.postcode:
        stmt = stmt.where(FamilyIndex.postcode_hash == _hash(norm_postcode(query.postcode)))
    if query.date_of_birth:
        stmt = stmt.where(FamilyIndex.dob_hash == _hash(query.date_of_birth.isoformat()))
    stmt = stmt.order_by(PlanRecord.updated_at.desc(), PlanRecord.id).limit(limit).offset(offset)
    return list(db.session.execute(stmt).scalars())


def family_for(council_id: int, plan_id: str) -> PlanRecord | None:
    """The plan when it belongs to this council and is shared with it; None otherwise (other
    councils' plans, and plans the family has not shared, do not exist as far as staff can
    tell)."""
    record = db.session.get(PlanRecord, plan_id)
    if record is None or record.council_id != council_id or not record.shared:
        return None
    return record


def created_by(plan_id: str) -> int | None:
    row = db.session.get(FamilyIndex, plan_id)
    return row.created_by if row else None


# ------------------------------------------------------------------------- batch letter filters
@dataclass(frozen=True)
class Filter:
    """Which families a batch of letters goes to. Ids and plain settings only: it is stored on
    the batch and shown in the audit trail."""

    support: str = ""  # an answers `support` value, or "" for any
    year_group: int | None = None  # the school year on `today`
    milestone_weeks: int | None = None  # a plan milestone within this many weeks
    milestone_id: str = ""  # ...of this kind, or any

    def as_dict(self) -> dict[str, Any]:
        return {
            "support": self.support,
            "year_group": self.year_group,
            "milestone_weeks": self.milestone_weeks,
            "milestone_id": self.milestone_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filter:
        return cls(
            support=data.get("support") or "",
            year_group=data.get("year_group"),
            milestone_weeks=data.get("milestone_weeks"),
            milestone_id=data.get("milestone_id") or "",
        )


def _school_year(answers: Answers, today: date) -> int:
    if answers.year_group is not None:
        return answers.year_group
    return cal.school_year_number(cal.cohort(answers.date_of_birth), today)


def matches(record: PlanRecord, rule: Filter, today: date) -> bool:
    """Whether the plan fits the filter. Answers are decrypted in memory only."""
    answers = plans.load_answers(record)
    if rule.support and answers.support != rule.support:
        return False
    if rule.year_group is not None and _school_year(answers, today) != rule.year_group:
        return False
    if rule.milestone_weeks is not None or rule.milestone_id:
        from planner.reminders.service import milestones_as_of

        horizon = today + timedelta(weeks=rule.milestone_weeks or 52)
        wanted = [
            m
            for m in milestones_as_of(record, today)
            if (not rule.milestone_id or m.id == rule.milestone_id) and today <= m.date <= horizon
        ]
        if not wanted:
            return False
    return True


def iter_council(council_id: int, chunk: int = 500) -> Iterator[PlanRecord]:
    """Every plan of the council, a chunk at a time so memory stays flat for large councils."""
    last = ""
    while True:
        rows: Sequence[PlanRecord] = (
            db.session.execute(
                db.select(PlanRecord)
                .where(PlanRecord.council_id == council_id, visible_to_staff())
                .where(PlanRecord.id > last)
                .order_by(PlanRecord.id)
                .limit(chunk)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def select(council_id: int, rule: Filter, today: date, *, with_address: bool = True) -> list[str]:
    """Plan ids that fit the filter (and, for letters, have a postal address on file)."""
    from planner.caseworker.models import PostalAddress

    addressed: set[str] | None = None
    if with_address:
        addressed = set(
            db.session.execute(
                db.select(PostalAddress.plan_id)
                .join(PlanRecord, PlanRecord.id == PostalAddress.plan_id)
                .where(PlanRecord.council_id == council_id, visible_to_staff())
            ).scalars()
        )
    found = []
    for record in iter_council(council_id):
        if addressed is not None and record.id not in addressed:
            continue
        if matches(record, rule, today):
            found.append(record.id)
    return found
