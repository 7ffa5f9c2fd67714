"""Directory tasks: one queued import (from the console or beat), and the nightly re-import."""

from __future__ import annotations

from celery import shared_task

from planner.directory import runs


@shared_task(name="directory.import_run", acks_late=True, ignore_result=True)  # type: ignore[untyped-decorator]
def import_run(run_id: int) -> str:
    """Import a queued run. Receives the run id only; a run that is no longer queued (already
    imported, or replayed after a crash) is left alone, so a replay never imports twice. Not
    retried: a failed import is recorded with its reason and changes nothing."""
    return runs.run_queued(run_id)


@shared_task(name="directory.nightly", ignore_result=True)  # type: ignore[untyped-decorator]
def nightly() -> list[int]:
    """Queue a re-import for every council that has its nightly import turned on."""
    return runs.queue_nightly()
