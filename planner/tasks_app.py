"""Celery bound to the Flask app, in the way of Flask's own Celery example."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask


def _nightly_hour(app: Flask) -> int:
    raw = app.config.get("OFFER_NIGHTLY_IMPORT_HOUR") or os.environ.get("OFFER_NIGHTLY_IMPORT_HOUR")
    hour = int(raw) if raw not in (None, "") else 3
    if not 0 <= hour <= 23:
        raise ValueError("OFFER_NIGHTLY_IMPORT_HOUR must be an hour from 0 to 23")
    return hour


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app whose tasks run inside a Flask app context."""

    class FlaskTask(Task):  # type: ignore[misc]  # Celery ships no types: Task is Any
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    if celery_app.conf.broker_url.startswith("filesystem"):
        # The filesystem broker needs its folders before the first message.
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            folder = app.config["CELERY"]["broker_transport_options"][key]
            os.makedirs(folder, exist_ok=True)
    celery_app.conf.include = [
        "tasks.retention",
        "tasks.render",
        "tasks.deliver",
        "tasks.reminders",
        "tasks.caseworker",
        "tasks.directory",
    ]
    celery_app.conf.beat_schedule = {
        "retention-sweep-nightly": {
            "task": "retention.sweep",
            "schedule": crontab(hour=2, minute=30),
        },
        # Every minute; a pass that outlives the next tick is dropped rather than piled up.
        "reminders-dispatch": {
            "task": "reminders.dispatch",
            "schedule": 60.0,
            "options": {"expires": 55},
        },
        # After midnight UK time, when the two-year reminder window has moved on a day.
        "reminders-extend-horizon-nightly": {
            "task": "reminders.extend_horizon",
            "schedule": crontab(hour=3, minute=15),
        },
        "deliver-requeue-stuck": {"task": "deliver.requeue_stuck", "schedule": 60.0},
        "deliver-poll-statuses": {"task": "deliver.poll_statuses", "schedule": 600.0},
        # Councils that turned the nightly re-import on (console: Directory) get one at this
        # hour, UK time; OFFER_NIGHTLY_IMPORT_HOUR moves it away from the supplier's busy time.
        "directory-nightly": {
            "task": "directory.nightly",
            "schedule": crontab(hour=_nightly_hour(app), minute=15),
        },
    }
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
