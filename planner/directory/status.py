"""Named queries about a council's directory and its imports, for `planner offer status` and the
console's Directory page. Read only: nothing here commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select

from planner.directory.lookup import is_stale
from planner.directory.models import DirService, ImportRun
from planner.extensions import db
from planner.models import Council, utcnow

TRAINEESHIP_PATTERN = "%traineeship%"


def _iso(value: Any) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def stale_ids(council_id: int) -> set[int]:
    """Primary keys of the council's services not assured or modified in the last 12 months."""
    today = utcnow().date()
    rows = db.session.execute(
        select(DirService.id, DirService.assured_date, DirService.last_modified).where(
            DirService.council_id == council_id
        )
    ).all()
    return {
        pk
        for pk, assured, modified in rows
        if is_stale(assured, modified.date() if modified else None, today)
    }


def latest_run(council_id: int) -> ImportRun | None:
    return db.session.execute(
        select(ImportRun)
        .where(ImportRun.council_id == council_id)
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def directory_status(council: Council) -> dict[str, Any]:
    """The JSON of `planner offer status`: counts and the last import's outcome."""
    total, active = db.session.execute(
        select(
            func.count(DirService.id),
            func.count(DirService.id).filter(DirService.status == "active"),
        ).where(DirService.council_id == council.id)
    ).one()
    run = latest_run(council.id)
    last = None
    if run is not None:
        last = {
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "result": run.status,
            "created": run.created,
            "updated": run.updated,
            "removed": run.removed,
            "skipped": run.skipped,
        }
    return {
        "council": council.code,
        "services": total,
        "active": active,
        "stale": len(stale_ids(council.id)),
        "last_import": last,
    }


def services_query(council_id: int, search: str | None = None) -> Select[DirService]:
    """The council's services by name, optionally those whose name, feed id or description
    contains `search` (any case)."""
    stmt = select(DirService).where(DirService.council_id == council_id)
    if search:
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                DirService.name.ilike(like, escape="\\"),
                DirService.feed_id.ilike(like, escape="\\"),
                DirService.description.ilike(like, escape="\\"),
            )
        )
    return stmt.order_by(DirService.name, DirService.id)


def count(stmt: Select[Any]) -> int:
    return int(db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def traineeship_services(council_id: int) -> list[DirService]:
    """Services that still mention traineeships, which ended in England on 31 July 2023: shown
    to the council's admin to correct at source, never to families."""
    return list(
        db.session.execute(
            select(DirService)
            .where(
                DirService.council_id == council_id,
                or_(
                    DirService.name.ilike(TRAINEESHIP_PATTERN),
                    DirService.description.ilike(TRAINEESHIP_PATTERN),
                ),
            )
            .order_by(DirService.name)
        ).scalars()
    )


def recent_runs(council_id: int, limit: int = 10) -> list[ImportRun]:
    return list(
        db.session.execute(
            select(ImportRun)
            .where(ImportRun.council_id == council_id)
            .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
            .limit(limit)
        ).scalars()
    )


def run_of(council_id: int, run_id: int) -> ImportRun | None:
    """One of the council's runs (None for another council's: it is not there for this one)."""
    run = db.session.get(ImportRun, run_id)
    return run if run is not None and run.council_id == council_id else None
