"""Apps for test packages that need their own (delivery, the caseworker console): a database of
their own, Notify pointed at the loopback fake, eager Celery. The session app for everything else
is in tests/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from celery import _state as celery_state
from flask import Flask

import planner.caseworker.models  # noqa: F401 - every table exists before any create_all
import planner.delivery.models  # noqa: F401
import planner.directory.models  # noqa: F401
import planner.reminders.models  # noqa: F401
from planner import create_app
from planner.delivery import ratelimit
from planner.extensions import db
from tests.fakes import notify_server

CALLBACK_TOKEN = "callback-token-" + "c" * 32


def database_uri(folder: Path, name: str) -> str:
    """The PostgreSQL named by DATABASE_URL (as in CI), or a SQLite file `name` in `folder`."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return (
            "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith("postgres") else url
        )
    return f"sqlite:///{folder / name}"


def notify_config(fake: notify_server.FakeNotify) -> dict[str, Any]:
    """Settings that send every message to the fake Notify, with short retries."""
    return {
        "NOTIFY_API_KEY": notify_server.API_KEY,
        "NOTIFY_BASE_URL": fake.url,
        "NOTIFY_EMAIL_TEMPLATE_ID": notify_server.EMAIL_TEMPLATE_ID,
        "NOTIFY_SMS_TEMPLATE_ID": notify_server.SMS_TEMPLATE_ID,
        "NOTIFY_CALLBACK_TOKEN": CALLBACK_TOKEN,
        "NOTIFY_RETRY_BASE_SECONDS": "0.2",
        "NOTIFY_RETRY_CAP_SECONDS": "1",
        "NOTIFY_MAX_ATTEMPTS": "4",
        "NOTIFY_HTTP_TIMEOUT_SECONDS": "10",
        "PLANNER_PUBLIC_URL": "https://planner.example",
    }


def make_app(overrides: dict[str, Any]) -> Flask:
    """create_app(), leaving Celery's default app as it was: create_app makes its Celery the
    process default, and other tests' `task.delay()` must not reach ours."""
    previous = celery_state.default_app
    application = create_app(overrides)
    celery_state.set_default_app(previous)
    return application


@contextmanager
def eager_app(
    var_dir: Path,
    database: str,
    overrides: dict[str, Any],
    factory: Callable[[dict[str, Any]], Flask] = create_app,
) -> Iterator[Flask]:
    """A testing app on its own database file with eager Celery and every table created; its
    connections closed afterwards."""
    settings: dict[str, Any] = {
        "PLANNER_ENV": "testing",
        "TESTING": True,
        "VAR_DIR": var_dir,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database_uri(var_dir, database),
        **overrides,
    }
    application = factory(settings)
    application.extensions["celery"].conf.update(task_always_eager=True, task_eager_propagates=True)
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections now, not at garbage collection


@contextmanager
def emptied_afterwards(application: Flask, dispose: bool = False) -> Iterator[Flask]:
    """An app context; every table emptied and the Notify rate limiter reset afterwards."""
    with application.app_context():
        yield application
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        if dispose:
            db.session.remove()
            db.engine.dispose()
    ratelimit.bucket.cache_clear()
