"""Fixtures for the caseworker console: an app with the console and delivery wired in (a local
wrapper until create_app does it), pointed at the fake Notify; staff factories; sign-in."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

import planner.caseworker.models  # noqa: F401 - every table exists before create_all
import planner.delivery.models  # noqa: F401
import planner.directory.models  # noqa: F401
import planner.reminders.models  # noqa: F401
from planner import create_app
from planner.caseworker import auth
from planner.caseworker.models import StaffUser
from planner.delivery import ratelimit
from planner.extensions import db
from planner.models import Council, PlanRecord
from planner.plans import service as plans
from planner.rules.answers import parse_answers
from tests.delivery.conftest import notify_config
from tests.fakes import notify_server

PASSWORD = "correct horse battery staple"
ADDRESS = ["Ms A Example", "10 High Street", "Leeds", "LS1 4AP"]


def database_uri(folder: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return (
            "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith("postgres") else url
        )
    return f"sqlite:///{folder / 'caseworker.db'}"


@pytest.fixture(scope="session")
def fake_notify() -> Iterator[notify_server.FakeNotify]:
    fake, server = notify_server.start()
    yield fake
    server.shutdown()


@pytest.fixture
def notify(fake_notify: notify_server.FakeNotify) -> notify_server.FakeNotify:
    fake_notify.reset()
    return fake_notify


@pytest.fixture(scope="session")
def cwapp(tmp_path_factory: pytest.TempPathFactory, fake_notify: Any) -> Iterator[Flask]:
    var_dir = tmp_path_factory.mktemp("cwvar")
    overrides: dict[str, Any] = {
        "PLANNER_ENV": "testing",
        "TESTING": True,
        "VAR_DIR": var_dir,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database_uri(var_dir),
        "NOTIFY_RATE_LIMIT_PER_MINUTE": "600000",
        # The lock-out after 5 failures is what these tests exercise, not the per-address limit.
        "RATE_LIMIT_SIGN_IN": "100000 per minute",
        "RATE_LIMIT_LINK_REQUESTS": "100000 per minute",
        "RATE_LIMIT_PLAN_CREATION": "100000 per minute",
        "RATE_LIMIT_API": "100000 per minute",
        **notify_config(fake_notify),
    }
    application = create_app(overrides)

    @application.before_request
    def _fresh_user() -> None:
        # Tests hold one app context across requests, so `g` (where Flask-Login caches the
        # user) would carry one client's user into another client's request. In the app
        # every request has its own context; do the same here.
        g.pop("_login_user", None)

    application.extensions["celery"].conf.update(task_always_eager=True, task_eager_propagates=True)
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections now, not at garbage collection


@pytest.fixture
def cw(cwapp: Flask) -> Iterator[Flask]:
    """An app context; every table emptied afterwards."""
    with cwapp.app_context():
        yield cwapp
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    ratelimit.bucket.cache_clear()


def council(code: str = "exampleshire") -> Council:
    return plans.get_or_create_council(code)


def make_user(role: str = "caseworker", code: str = "exampleshire", email: str = "") -> StaffUser:
    email = email or f"{role}.{code}@council.example"
    return auth.create_user(email, PASSWORD, role, council(code).id)


def make_plan(code: str = "exampleshire", **answers: Any) -> PlanRecord:
    data = {"date_of_birth": "2015-03-04", "support": "ehc_plan", "name": "Amira", **answers}
    record, _token = plans.create_plan(parse_answers(data, date.today()), council(code))
    return record


def sign_in(client: FlaskClient, user: StaffUser, password: str = PASSWORD) -> Any:
    return client.post("/caseworker/login", data={"email": user.email, "password": password})


@pytest.fixture
def as_caseworker(cw: Flask) -> tuple[FlaskClient, StaffUser]:
    client = cw.test_client()
    user = make_user("caseworker")
    assert sign_in(client, user).status_code == 302
    return client, user


@pytest.fixture
def as_admin(cw: Flask) -> tuple[FlaskClient, StaffUser]:
    client = cw.test_client()
    user = make_user("admin")
    assert sign_in(client, user).status_code == 302
    return client, user
