"""The one place planner/ hands work to the Celery workers.

Services call the named functions below with ids only: never a name, an address or plan text, so
nothing personal reaches the broker. Tasks are sent by their registered name, so planner/ never
imports tasks/: the arrows run tasks -> planner only (tests/test_queue.py checks both).

A task that this process has registered (the worker imports every task module through the
include list in planner/tasks_app.py) is sent with its own `apply_async`. Any other is sent with
`send_task`, so a web process never loads the workers' code (PDF rendering, for one) just to
enqueue. `send_task` ignores `task_always_eager`, though, so in eager mode (tests) the include
list is imported on first use instead and the task runs in the calling process.
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


def run_directory_import(run_id: int) -> None:
    """Queue `directory.import_run`: fetch and apply one queued directory import."""
    _send("directory.import_run", run_id)


def _send(name: str, *args: str | int) -> None:
    celery = current_app.extensions["celery"]  # Celery ships no types: this is Any
    if name not in celery.tasks and celery.conf.task_always_eager:
        # Importing the include list registers its tasks; each module is imported once.
        celery.loader.import_default_modules()
    if name in celery.tasks:
        celery.tasks[name].apply_async(args=list(args))
    elif celery.conf.task_always_eager:
        # send_task would leave the message on the broker, where no eager test ever sees it.
        raise LookupError(f"task {name} is not registered: add its module to the include list")
    else:
        celery.send_task(name, args=list(args))
