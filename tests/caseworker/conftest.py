"""Fixtures for the caseworker console: an app pointed at the fake Notify; staff factories;
sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from planner.caseworker import auth
from planner.caseworker.models import StaffUser
from planner.extensions import db
from planner.models import Council, PlanRecord, utcnow
from planner.plans import service as plans
from planner.rules.answers import parse_answers
from tests.apps import eager_app, emptied_afterwards, notify_config

PASSWORD = "correct horse battery staple"
ADDRESS = ["Ms A Example", "10 High Street", "Leeds", "LS1 4AP"]


@pytest.fixture(scope="session")
def cwapp(tmp_path_factory: pytest.TempPathFactory, fake_notify: Any) -> Iterator[Flask]:
    # The console's tests read the server's session records from the database; the Redis store
    # has its own tests (tests/caseworker/test_sessions.py, with REDIS_URL).
    settings = {
        "NOTIFY_RATE_LIMIT_PER_MINUTE": "600000",
        "STAFF_SESSIONS": "database",
        **notify_config(fake_notify),
    }
    with eager_app(tmp_path_factory.mktemp("cwvar"), "caseworker.db", settings) as application:

        @application.before_request
        def _fresh_user() -> None:
            # Tests hold one app context across requests, so `g` (where Flask-Login caches the
            # user) would carry one client's user into another client's request. In the app
            # every request has its own context; do the same here.
            g.pop("_login_user", None)

        yield application


@pytest.fixture
def cw(cwapp: Flask) -> Iterator[Flask]:
    """An app context; every table emptied afterwards."""
    with emptied_afterwards(cwapp) as application:
        yield application


def council(code: str = "exampleshire") -> Council:
    return plans.get_or_create_council(code)


def make_user(role: str = "caseworker", code: str = "exampleshire", email: str = "") -> StaffUser:
    email = email or f"{role}.{code}@council.example"
    return auth.create_user(email, PASSWORD, role, council(code).id)


def make_plan(code: str = "exampleshire", *, shared: bool = True, **answers: Any) -> PlanRecord:
    """A plan in `code`'s council. Shared by default, as a plan made with a caseworker is;
    `shared=False` is a plan the family made and kept to themselves (invisible to staff)."""
    data = {"date_of_birth": "2015-03-04", "support": "ehc_plan", "name": "Amira", **answers}
    record, _token = plans.create_plan(parse_answers(data, date.today()), council(code))
    if shared:  # as questions.save does (its audit rows are the caseworker's own)
        record.shared_at, record.shared_via = utcnow(), "caseworker"
        db.session.commit()
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
