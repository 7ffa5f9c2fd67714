"""Delivery tasks: send one delivery, re-queue stuck ones, poll Notify for statuses.

Each task receives a delivery id only. `deliver.send` starts with a status guard (the claim), so a
replayed or duplicated message does nothing; acks_late with the broker's visibility timeout and
the sweeper below bring back a delivery whose worker was lost.
"""

from __future__ import annotations

import time
from typing import Any

from planner.delivery import service
from tasks.base import bound_task, task


@bound_task(name="deliver.send", acks_late=True, max_retries=None, ignore_result=True)
def send(self: Any, delivery_id: str) -> str:
    """Claim, render and send one delivery. Retries 429, 5xx and lost connections with
    exponential backoff and jitter (the service decides when to give up); 400/403 fail at once."""
    while True:
        outcome = service.attempt(delivery_id)
        if outcome.retry_in is None:
            return outcome.state
        if not self.request.is_eager:
            # The row is back to pending; the retried message claims it again.
            raise self.retry(countdown=outcome.retry_in)
        # Eager (tests, or no broker): nothing can hold a countdown message, so wait here.
        time.sleep(outcome.retry_in)


@task(name="deliver.requeue_stuck", acks_late=True, ignore_result=True)
def requeue_stuck() -> int:
    """Beat, every minute: re-queue deliveries left in `sending` by a lost worker."""
    return len(service.requeue_stuck())


@task(name="deliver.poll_statuses", acks_late=True, ignore_result=True)
def poll_statuses() -> int:
    """Beat, every 10 minutes: ask Notify about letters and messages with no receipt after 72 h."""
    return service.poll_statuses()
