"""Writing a read feed into a council's directory, in one transaction.

Re-importing updates rows in place (matched on the feed's ids), leaves unchanged records alone,
removes services the feed no longer lists, and keeps the previous version of a record that is
malformed this time (it is listed, so it was not withdrawn). Bulk statements keep a 5,000-service
feed well inside a minute.

A directory is never lost to a feed that went wrong: a feed that cannot be read as a whole fails
with nothing changed, and a run that would remove more than OFFER_MAX_REMOVAL_PERCENT (20%) of
the council's services is held, with nothing changed, until an admin confirms those numbers in
the console (or runs `planner offer import --confirm-removals N`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update

from planner.directory.feeds import Feed, read_source
from planner.directory.fetch import FeedError, redact, setting
from planner.directory.models import (
    DirContact,
    DirCostOption,
    DirLocation,
    DirOrganisation,
    DirPhone,
    DirService,
    DirServiceAtLocation,
    DirServiceTaxonomy,
    DirTaxonomyTerm,
    ImportRun,
)
from planner.directory.sections import SectionMap, SectionMapError, Term, load_section_map
from planner.extensions import db
from planner.models import Council, utcnow

log = logging.getLogger(__name__)

# Keeps IN (...) lists well under SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 500
CHILD_TABLES = (DirPhone, DirContact, DirCostOption, DirServiceAtLocation, DirServiceTaxonomy)
DEFAULT_MAX_REMOVAL_PERCENT = 20.0


@dataclass
class ImportResult:
    """What one import did; `status` is "succeeded", "held" (nothing changed: too many removals
    to apply without an admin's say-so) or "failed" (nothing changed)."""

    run_id: int
    status: str
    kind: str | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    services_before: int = 0

    def summary(self) -> str:
        verb = "held for an admin to confirm" if self.status == "held" else self.status
        would = "would be " if self.status == "held" else ""
        head = (
            f"Import {verb}: {self.created} {would}created, {self.updated} {would}updated, "
            f"{self.unchanged} unchanged, {self.removed} {would}removed, {self.skipped} skipped "
            f"(the directory had {self.services_before} services)."
        )
        lines = [head] + [f"  {e.get('id') or '-'}: {e['message']}" for e in self.errors]
        lines += [f"  {n.get('id') or '-'} (kept): {n['message']}" for n in self.notes]
        return "\n".join(lines)


def import_source(
    source: str,
    council: Council,
    *,
    section_map: SectionMap | None = None,
    prepare: Callable[[Feed], None] | None = None,
    run_id: int | None = None,
    allow_removals: int | None = None,
    trigger: str = "cli",
) -> ImportResult:
    """Read `source` (URL, JSON or CSV file) completely, then replace the council's directory with
    it in one transaction. A feed that cannot be read changes nothing and is recorded as failed;
    one that would remove too many services is held (see the module docstring) unless
    `allow_removals` (a number an admin confirmed) covers them. `run_id` names a queued run to
    use (the console makes one before handing the import to a worker). `prepare` may adjust the
    read feed before it is written (the demo moves its dates to today)."""
    council_id = council.id
    run = db.session.get(ImportRun, run_id) if run_id is not None else None
    if run is None:
        run = ImportRun(council_id=council_id, source=_display(source), trigger=trigger)
        db.session.add(run)
    run.status, run.started_at = "running", utcnow()
    db.session.commit()
    run_id = run.id
    log.info("offer import %s started for council %s", run_id, council_id)
    try:
        feed = read_source(source)
        smap = section_map or load_section_map()
        if prepare is not None:
            prepare(feed)
    except (FeedError, SectionMapError) as exc:
        return _fail(run_id, str(exc))
    try:
        result = write_feed(council_id, feed, smap, run_id, allow_removals=allow_removals)
        db.session.commit()
    except Exception:
        db.session.rollback()
        _fail(run_id, "the import could not be written to the database")
        raise
    log.info(
        "offer import %s %s: %s created, %s updated, %s removed, %s skipped",
        run_id,
        result.status,
        result.created,
        result.updated,
        result.removed,
        result.skipped,
    )
    for error in result.errors:
        log.warning("offer import %s skipped service %s: %s", run_id, error["id"], error["message"])
    return result


def _display(source: str) -> str:
    return redact(source)[:1000]


def _fail(run_id: int, message: str) -> ImportResult:
    run = db.session.get(ImportRun, run_id)
    errors = [{"id": None, "message": message}]
    if run is not None:
        run.status, run.finished_at, run.errors = "failed", utcnow(), errors
        db.session.commit()
    log.warning("offer import %s failed: %s", run_id, message)
    return ImportResult(run_id=run_id, status="failed", errors=errors)


def _digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _terms(record: dict[str, Any]) -> list[Term]:
    return [Term(t["id"], t["name"], t["vocabulary"]) for t in record["terms"]]


def _phone_line(record: dict[str, Any]) -> str | None:
    numbers = [p["number"] for p in record["phones"]]
    numbers += [p["number"] for c in record["contacts"] for p in c["phones"]]
    return "; ".join(dict.fromkeys(numbers))[:500] or None


def _address_line(record: dict[str, Any]) -> str | None:
    for loc in record["locations"]:
        parts = [loc["address_1"], loc["city"], loc["state_province"], loc["postal_code"]]
        line = ", ".join(p for p in parts if p)
        if line:
            return line[:1000]
    return None


def _upsert_by_feed_id(
    model: Any, council_id: int, rows: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """Insert or update rows keyed by feed id; returns feed id -> primary key for the council."""
    existing: dict[str, int] = dict(
        db.session.execute(
            select(model.feed_id, model.id).where(model.council_id == council_id)
        ).all()
    )
    updates = [{"id": existing[k], **v} for k, v in rows.items() if k in existing]
    inserts = [
        {"council_id": council_id, "feed_id": k, **v} for k, v in rows.items() if k not in existing
    ]
    if updates:
        db.session.execute(update(model), updates)
    if inserts:
        db.session.execute(insert(model), inserts)
        existing = dict(
            db.session.execute(
                select(model.feed_id, model.id).where(model.council_id == council_id)
            ).all()
        )
    return existing


def removal_limit(services_before: int) -> int:
    """How many services one run may remove without an admin's say-so."""
    percent = float(setting("OFFER_MAX_REMOVAL_PERCENT", DEFAULT_MAX_REMOVAL_PERCENT))
    return int(services_before * percent / 100)


def write_feed(
    council_id: int,
    feed: Feed,
    smap: SectionMap,
    run_id: int,
    *,
    allow_removals: int | None = None,
) -> ImportResult:
    """Apply a read feed to the council's directory (no commit: the caller owns the transaction),
    or hold it, writing nothing, when it would remove more services than `removal_limit` allows
    and more than `allow_removals` (what an admin confirmed)."""
    now = utcnow()
    existing = {
        feed_id: (pk, digest)
        for feed_id, pk, digest in db.session.execute(
            select(DirService.feed_id, DirService.id, DirService.content_hash).where(
                DirService.council_id == council_id
            )
        ).all()
    }

    # Work out each record's sections, EHC flag and display lines, then what changed.
    service_rows: dict[str, dict[str, Any]] = {}
    changed: list[dict[str, Any]] = []
    for record in feed.services:
        terms = _terms(record)
        ehc = record["ehc_plan_only"]
        if ehc is None:
            ehc = smap.is_ehc_plan_only(record["eligibility"], terms)
        sections = smap.sections_for(record["name"], record["description"], terms)
        digest = _digest({**record, "_sections": sections, "_ehc": ehc})
        row = {
            "name": record["name"][:500],
            "description": record["description"],
            "url": record["url"],
            "email": record["email"],
            "status": record["status"][:40],
            "fees": record["fees"],
            "min_age": record["min_age"],
            "max_age": record["max_age"],
            "eligibility": record["eligibility"],
            "ehc_plan_only": ehc,
            "assured_date": record["assured_date"],
            "last_modified": record["last_modified"],
            "sections": sections,
            "phone_line": _phone_line(record),
            "address_line": _address_line(record),
            "content_hash": digest,
            "imported_at": now,
        }
        if record["id"] in existing and existing[record["id"]][1] == digest:
            continue
        service_rows[record["id"]] = row
        changed.append(record)

    created = sum(1 for r in changed if r["id"] not in existing)
    updated = len(changed) - created
    unchanged = len(feed.services) - len(changed)
    # Services no longer listed go; skipped-but-listed ones stay as they were.
    removed_pks = [pk for fid, (pk, _) in existing.items() if fid not in feed.listed_ids]
    result = ImportResult(
        run_id=run_id,
        status="succeeded",
        kind=feed.kind,
        created=created,
        updated=updated,
        unchanged=unchanged,
        removed=len(removed_pks),
        skipped=len(feed.errors),
        errors=list(feed.errors),
        notes=list(feed.notes),
        services_before=len(existing),
    )
    if len(removed_pks) > max(removal_limit(len(existing)), allow_removals or 0):
        result.status = "held"
        _record(run_id, result, feed)
        return result

    # Organisations, locations and terms of the changed records (shared rows: last copy wins).
    orgs = {r["organisation"]["id"]: r["organisation"] for r in changed if r["organisation"]}
    org_ids = _upsert_by_feed_id(
        DirOrganisation,
        council_id,
        {
            k: {
                "name": (v["name"] or k)[:500],
                "description": v["description"],
                "url": v["url"],
                "email": v["email"],
            }
            for k, v in orgs.items()
        },
    )
    locations = {loc["id"]: loc for r in changed for loc in r["locations"]}
    loc_ids = _upsert_by_feed_id(
        DirLocation,
        council_id,
        {k: {f: v[f] for f in v if f != "id"} for k, v in locations.items()},
    )
    feed_terms = {t["id"]: t for r in changed for t in r["terms"]}
    term_ids = _upsert_by_feed_id(
        DirTaxonomyTerm,
        council_id,
        {
            k: {
                "name": v["name"][:500],
                "vocabulary": v["vocabulary"],
                "parent_feed_id": v["parent"],
            }
            for k, v in feed_terms.items()
        },
    )
    for record in changed:
        org = record["organisation"]
        service_rows[record["id"]]["organisation_id"] = org_ids[org["id"]] if org else None

    rewritten_pks = [existing[r["id"]][0] for r in changed if r["id"] in existing]
    for model in CHILD_TABLES:
        for chunk in _chunks(rewritten_pks + removed_pks):
            db.session.execute(delete(model).where(model.service_id.in_(chunk)))
    for chunk in _chunks(removed_pks):
        db.session.execute(delete(DirService).where(DirService.id.in_(chunk)))

    service_ids = _upsert_by_feed_id(DirService, council_id, service_rows)
    _write_children(council_id, changed, service_ids, loc_ids, term_ids)
    _remove_orphans(council_id)

    _record(run_id, result, feed)
    return result


def _record(run_id: int, result: ImportResult, feed: Feed) -> None:
    run = db.session.get(ImportRun, run_id)
    if run is None:
        return
    run.status, run.finished_at = result.status, utcnow()
    run.created, run.updated, run.unchanged = result.created, result.updated, result.unchanged
    run.removed, run.skipped, run.errors = result.removed, result.skipped, result.errors
    run.notes, run.services_before = result.notes, result.services_before
    run.fetched_url = feed.final_url[:1000] if feed.final_url else None


def _write_children(
    council_id: int,
    changed: list[dict[str, Any]],
    service_ids: dict[str, int],
    loc_ids: dict[str, int],
    term_ids: dict[str, int],
) -> None:
    """Insert contacts, phones, costs and links for the rewritten services."""
    phones: list[dict[str, Any]] = []
    costs: list[dict[str, Any]] = []
    sal: list[dict[str, Any]] = []
    staxa: list[dict[str, Any]] = []
    contact_rows: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for record in changed:
        sid = service_ids[record["id"]]
        base = {"council_id": council_id, "service_id": sid}
        phones += [{**base, "contact_id": None, **p} for p in record["phones"]]
        costs += [{**base, **c} for c in record["cost_options"]]
        sal += [
            {**base, "location_id": loc_ids[i]}
            for i in dict.fromkeys(x["id"] for x in record["locations"])
        ]
        staxa += [
            {**base, "term_id": term_ids[i]}
            for i in dict.fromkeys(t["id"] for t in record["terms"])
        ]
        for contact in record["contacts"]:
            row = {**base, "feed_id": contact["id"], "name": contact["name"]}
            row |= {"title": contact["title"], "email": contact["email"]}
            contact_rows.append((row, contact["phones"]))
    for model, rows in (
        (DirCostOption, costs),
        (DirServiceAtLocation, sal),
        (DirServiceTaxonomy, staxa),
    ):
        if rows:
            db.session.execute(insert(model), rows)
    if contact_rows:
        # Contacts own phones, so their keys are needed: RETURNING in input order.
        returned = db.session.execute(
            insert(DirContact).returning(DirContact.id, sort_by_parameter_order=True),
            [row for row, _ in contact_rows],
        ).scalars()
        for contact_id, (row, contact_phones) in zip(returned, contact_rows, strict=True):
            phones += [
                {
                    "council_id": council_id,
                    "service_id": row["service_id"],
                    "contact_id": contact_id,
                    **p,
                }
                for p in contact_phones
            ]
    if phones:
        db.session.execute(insert(DirPhone), phones)


def _remove_orphans(council_id: int) -> None:
    """Drop organisations, locations and terms no service of the council uses any more."""
    db.session.execute(
        delete(DirLocation).where(
            DirLocation.council_id == council_id,
            DirLocation.id.not_in(
                select(DirServiceAtLocation.location_id).where(
                    DirServiceAtLocation.council_id == council_id
                )
            ),
        )
    )
    db.session.execute(
        delete(DirTaxonomyTerm).where(
            DirTaxonomyTerm.council_id == council_id,
            DirTaxonomyTerm.id.not_in(
                select(DirServiceTaxonomy.term_id).where(
                    DirServiceTaxonomy.council_id == council_id
                )
            ),
        )
    )
    db.session.execute(
        delete(DirOrganisation).where(
            DirOrganisation.council_id == council_id,
            DirOrganisation.id.not_in(
                select(DirService.organisation_id).where(
                    DirService.council_id == council_id, DirService.organisation_id.is_not(None)
                )
            ),
        )
    )
