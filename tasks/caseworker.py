"""Caseworker tasks: a batch of letters, rendered or handed to delivery in the background."""

from __future__ import annotations

from planner.caseworker import batch
from tasks.base import task


@task(name="caseworker.batch_letters", acks_late=True, ignore_result=True)
def batch_letters(batch_id: str) -> str:
    """Work through a batch's pending letters. Receives the batch id only; safe to replay (each
    item is claimed once, and a finished batch does nothing)."""
    return batch.run(batch_id)
