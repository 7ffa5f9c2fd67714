"""The nightly retention sweep (UK GDPR storage limitation)."""

from __future__ import annotations

from planner.retention import sweep as sweep_expired
from tasks.base import task


@task(name="retention.sweep", acks_late=True)
def sweep() -> int:
    """Delete plans idle for longer than their council's retention period. Safe to repeat."""
    return sweep_expired()
