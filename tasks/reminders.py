"""The reminder dispatcher as a Celery task; beat runs it every minute."""

from __future__ import annotations

from planner.reminders import service
from planner.reminders.dispatch import dispatch as dispatch_due
from tasks.base import task


@task(name="reminders.dispatch", acks_late=True, ignore_result=True)
def dispatch() -> str:
    """One dispatcher pass. Safe to overlap or replay: reminders are claimed atomically, so a
    second pass running at the same time sends nothing twice. Returns counts only."""
    return str(dispatch_due())


@task(name="reminders.extend_horizon", acks_late=True, ignore_result=True)
def extend_horizon() -> str:
    """Nightly: add reminders whose dates have come within two years. Safe to replay: a plan
    already rebuilt today is skipped and rows are keyed by (plan, milestone, date), so a second
    run adds nothing. Takes no arguments and logs plan ids only."""
    return str(service.extend_horizon())
