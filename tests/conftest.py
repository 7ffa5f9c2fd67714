"""Shared fixtures: an app on the embedded SQLite by default, or on the PostgreSQL named by
DATABASE_URL (as in CI); a clean database for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import text

from planner import create_app
from planner.extensions import db
from tests.fakes import notify_server

IN_CI = bool(os.environ.get("CI"))
# Every app a test builds (and every worker or server it starts) gets roomy rate limits;
# tests/test_limits.py tightens them where limits are what is tested.
for _limit in ("PLAN_CREATION", "API", "LINK_REQUESTS", "SIGN_IN"):
    os.environ.setdefault(f"RATE_LIMIT_{_limit}", "100000 per minute")
# Likewise the per-recipient daily limit: journeys in every language send to one address.
# tests/delivery/test_abuse.py and test_recipients.py put the real limit back.
os.environ.setdefault("RECIPIENT_DAILY_LIMIT", "100000")
# Wall-clock deadlines make property tests flaky on a busy 2-core machine; the suite has no timings.
settings.register_profile("planner", deadline=None, print_blob=True)
settings.load_profile("planner")


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session")
def app(var_dir: Path) -> Iterator[Flask]:
    overrides: dict[str, Any] = {
        "PLANNER_ENV": "testing",
        "TESTING": True,
        "VAR_DIR": var_dir,
        "WTF_CSRF_ENABLED": False,
        # Limits stay on (Redis in CI) but roomy; tests/test_limits.py tightens them.
        "RATE_LIMIT_PLAN_CREATION": "100000 per minute",
        "RATE_LIMIT_API": "100000 per minute",
        "RATE_LIMIT_LINK_REQUESTS": "100000 per minute",
        "RATE_LIMIT_SIGN_IN": "100000 per minute",
        "SECRET_KEY": "test-secret-" + "x" * 32,
    }
    if not os.environ.get("DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{var_dir / 'planner.db'}"
    application = create_app(overrides)
    # Tests must never talk to a real broker by accident: tasks run eagerly unless a test
    # starts a real worker itself (see tests/test_worker.py).
    application.extensions["celery"].conf.update(task_always_eager=True, task_eager_propagates=True)
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            # Start from an empty schema: tables left by an older run may hang off ours.
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections now, not at garbage collection


@pytest.fixture(autouse=True)
def clean_db(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table after each test that used the app. Before it, make the session app's
    (eager) Celery the one `.delay()` reaches: every create_app() elsewhere (a test that builds
    its own app) makes its own Celery the default."""
    if "app" in request.fixturenames:
        celery = request.getfixturevalue("app").extensions["celery"]
        celery.set_default()
        celery.set_current()
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture(scope="session")
def fake_notify() -> Iterator[notify_server.FakeNotify]:
    """The loopback fake of GOV.UK Notify's API, for the session."""
    fake, server = notify_server.start()
    yield fake
    server.shutdown()


@pytest.fixture
def notify(fake_notify: notify_server.FakeNotify) -> notify_server.FakeNotify:
    """The fake Notify, emptied for this test."""
    fake_notify.reset()
    return fake_notify
