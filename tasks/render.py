"""Rendering plan PDFs in the workers.

The message carries the plan id, language and variant only; the worker loads the answers from
the database, so nothing personal passes through the broker. Fonts and stylesheets are parsed
when the worker process starts (`warm_up`), not for each plan.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import worker_process_init

from planner.pdf import storage
from planner.pdf.render import warm_up
from planner.plans import service
from tasks.base import task

log = logging.getLogger(__name__)


def _warm_up(**_: Any) -> None:
    """Check the fonts and parse the print stylesheets once per worker process."""
    warm_up()


# Connected by a call, not as a decorator: Celery ships no types, and its decorator would leave
# _warm_up untyped to mypy.
worker_process_init.connect(_warm_up)


@task(name="render.plan_pdf", acks_late=True)
def plan_pdf(plan_id: str, language: str, variant: str) -> str | None:
    """Render the plan's PDF into storage; a no-op when the file exists or the plan is gone."""
    record = service.get_plan(plan_id)
    if record is None:
        # Erased between the request and now: nothing to render, and nothing to retry.
        log.info("render.plan_pdf: plan %s no longer exists", plan_id)
        return None
    path = storage.render_to_storage(record, language, variant)
    return path.name
