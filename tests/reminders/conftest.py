"""Reminder fixtures: an app with the reminder blueprints and CLI registered (until create_app does
it), small factories for plans and opt-ins, and a stand-in for the delivery queue."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import planner.reminders.models  # noqa: F401 - db.create_all must see the reminder tables
from planner import create_app
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.reminders import service
from planner.rules.answers import parse_answers

EMAIL = {"email_address": "parent@example.com"}
SMS = {"phone_number": "07700 900123"}
LETTER = {"address_lines": ["1 High Street", "Exampletown", "EX1 1AA"]}
CONTACTS = {"email": EMAIL, "sms": SMS, "letter": LETTER}


@pytest.fixture(scope="session")
def app(var_dir: Path) -> Iterator[Flask]:
    """Like the suite's app, plus the reminder wiring when create_app does not do it yet."""
    overrides: dict[str, Any] = {
        "PLANNER_ENV": "testing",
        "TESTING": True,
        "VAR_DIR": var_dir,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-" + "x" * 32,
        "PLANNER_PUBLIC_URL": "https://plan.example.gov.uk",
    }
    if not os.environ.get("DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{var_dir / 'planner.db'}"
    application = create_app(overrides)
    application.extensions["celery"].conf.update(task_always_eager=True, task_eager_propagates=True)
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections now, not at garbage collection


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Delivery ids the dispatcher queued, instead of running the delivery task."""
    ids: list[str] = []
    monkeypatch.setattr("planner.reminders.dispatch.enqueue_delivery", ids.append)
    return ids


@pytest.fixture
def make_plan(ctx: Flask) -> Callable[..., PlanRecord]:
    """A stored plan from answers (safe defaults: a child born in 2008, so that a family opting in
    on the tests' usual 1 June 2020 has reminders within the two-year window: Years 8 and 9, the
    14th birthday)."""

    def make(**answers: Any) -> PlanRecord:
        data = {"date_of_birth": "2008-05-01", **answers}
        council = plans.get_or_create_council()
        record, _token = plans.create_plan(parse_answers(data, today=date(2026, 1, 1)), council)
        return record

    return make


@pytest.fixture
def subscribe() -> Callable[..., Any]:
    """Opt a plan in on `today` by `channel`."""

    def opt_in(
        record: PlanRecord, channel: str = "email", today: date = date(2020, 6, 1), **kw: Any
    ):
        contact = service.validate_contact(channel, CONTACTS[channel])
        return service.opt_in(
            record,
            channel,
            contact,
            wording=service.CONSENT_WORDING,
            given_by="test",
            today=today,
            **kw,
        )

    return opt_in
