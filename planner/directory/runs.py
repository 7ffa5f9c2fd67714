"""Imports started from the console or by beat: queued as a run row, then run by a worker.

The row is saved first and only its id goes to the broker (`directory.import_run`); the task
does nothing unless the row is still queued, so a replayed message never imports twice. A held
run is confirmed by queueing a new run that may remove as many services as the held one showed
(the feed is read again: if it now removes more, it is held again), or discarded. This module
commits its own changes.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from planner.directory.feeds import DEFAULT_BUDGET, setting
from planner.directory.models import ImportRun
from planner.extensions import db
from planner.models import Council, utcnow

log = logging.getLogger(__name__)
IMPORT_TASK = "directory.import_run"


class RunRefused(ValueError):
    """An import that cannot be started or decided; `reason` is a fixed code for the page."""

    def __init__(self, reason: str, run_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.run_id = run_id


def _abandoned_before() -> object:
    # A worker that died mid-import leaves its run "running"; after the fetch budget and some
    # writing time it is taken as lost, so it does not block imports for ever.
    budget = float(setting("OFFER_FETCH_BUDGET", DEFAULT_BUDGET))
    return utcnow() - timedelta(seconds=budget + 600)


def in_progress(council_id: int) -> ImportRun | None:
    """The council's queued or running import, unless it was abandoned."""
    run: ImportRun | None = db.session.execute(
        select(ImportRun)
        .where(
            ImportRun.council_id == council_id,
            ImportRun.status.in_(("queued", "running")),
            ImportRun.started_at > _abandoned_before(),
        )
        .order_by(ImportRun.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return run


def _enqueue(run_id: int) -> None:
    from planner import queue

    queue.run_directory_import(run_id)


def queue_import(
    council: Council,
    *,
    trigger: str,
    requested_by: int | None = None,
    source: str | None = None,
    allow_removals: int | None = None,
    confirms: int | None = None,
) -> ImportRun:
    """Save a queued run of the council's feed and hand its id to a worker."""
    source = source or council.feed_url
    if not source:
        raise RunRefused("no_feed_url")
    busy = in_progress(council.id)
    if busy is not None:
        raise RunRefused("busy", busy.id)
    run = ImportRun(
        council_id=council.id,
        source=source[:1000],
        status="queued",
        trigger=trigger,
        requested_by=requested_by,
        allow_removals=allow_removals,
        confirms_run_id=confirms,
    )
    db.session.add(run)
    db.session.commit()
    _enqueue(run.id)
    return run


def _decide(council: Council, run_id: int, status: str, staff_id: int) -> ImportRun:
    """Move a held run to `status` once (compare-and-set: two admins cannot both decide it)."""
    result = db.session.execute(
        update(ImportRun)
        .where(
            ImportRun.id == run_id,
            ImportRun.council_id == council.id,
            ImportRun.status == "held",
        )
        .values(status=status, decided_by=staff_id, decided_at=utcnow())
    )
    if not cast(CursorResult[Any], result).rowcount:
        db.session.rollback()
        raise RunRefused("not_held", run_id)
    db.session.commit()
    run = db.session.get(ImportRun, run_id)
    assert run is not None
    return run


def confirm_held(council: Council, run_id: int, staff_id: int) -> ImportRun:
    """Accept a held run's numbers: a new run applies the feed with those removals allowed."""
    busy = in_progress(council.id)
    if busy is not None:
        raise RunRefused("busy", busy.id)
    held = _decide(council, run_id, "confirmed", staff_id)
    return queue_import(
        council,
        trigger="console",
        requested_by=staff_id,
        source=held.source,
        allow_removals=held.removed,
        confirms=held.id,
    )


def discard_held(council: Council, run_id: int, staff_id: int) -> ImportRun:
    """Refuse a held run: the directory stays as it is."""
    return _decide(council, run_id, "discarded", staff_id)


def run_queued(run_id: int) -> str:
    """The worker's side: import a queued run, once. Returns the run's outcome."""
    from planner.directory.importer import import_source

    run = db.session.get(ImportRun, run_id)
    if run is None or run.status != "queued":
        return "skipped"
    council = db.session.get(Council, run.council_id)
    if council is None:
        return "skipped"
    result = import_source(
        run.source, council, run_id=run.id, allow_removals=run.allow_removals, trigger=run.trigger
    )
    log.info("directory.import_run %s: %s", run_id, result.status)
    return result.status


def queue_nightly() -> list[int]:
    """Queue a run for each council whose nightly re-import is on (beat calls this)."""
    queued = []
    councils = db.session.execute(
        select(Council).where(Council.nightly_import.is_(True), Council.feed_url.is_not(None))
    ).scalars()
    for council in list(councils):
        try:
            queued.append(queue_import(council, trigger="nightly").id)
        except RunRefused as exc:
            log.info("directory.nightly: council %s not queued (%s)", council.id, exc.reason)
    return queued
