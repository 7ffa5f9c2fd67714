"""The one place planner/ hands work to the Celery workers.

Services call the named functions below with ids only: never a name, an address or plan text, so
nothing personal reaches the broker. Tasks are sent by their registered name, so planner/ never
imports tasks/: the arrows run tasks -> planner only (tests/test_queue.py checks both).

A task module is imported by the worker through the include list in planner/tasks_app.py, and
by the web app here, on its first enqueue. Once imported, the task is in the app's registry and
is sent with its own `apply_async`, which honours `task_always_eager` (tests run tasks in the
calling process); `send_task` would not, and is used only for a name nobody registered.
"""

from __future__ import annotations

from flask import current_app


def send_delivery(delivery_id: str) -> None:
    """Queue `deliver.send`: claim, render and send one delivery."""
    _send("deliver.send", delivery_id)


def render_plan_pdf(plan_id: str, language: str, variant: str) -> None:
    """Queue `render.plan_pdf`: render a plan's PDF into storage."""
    _send("render.plan_pdf", plan_id, language, variant)


def run_letter_batch(batch_id: str) -> None:
    """Queue `caseworker.batch_letters`: work through a batch's pending letters."""
    _send("caseworker.batch_letters", batch_id)


def _send(name: str, *args: str) -> None:
    celery = current_app.extensions["celery"]  # Celery ships no types: this is Any
    if name not in celery.tasks:
        # The include list names every task module; importing them registers their tasks
        # (each module is imported once per process, later calls find them in sys.modules).
        celery.loader.import_default_modules()
    if name in celery.tasks:
        celery.tasks[name].apply_async(args=list(args))
    elif celery.conf.task_always_eager:
        # send_task would drop the message on the broker, where no eager test ever sees it.
        raise LookupError(f"task {name} is not registered: add its module to the include list")
    else:
        celery.send_task(name, args=list(args))
