"""A real Celery worker process consumes our tasks from the real broker: Redis when REDIS_URL is
set (CI), else the embedded filesystem broker that `make run` uses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from planner import crypto
from planner.extensions import db
from planner.models import PlanRecord, utcnow
from planner.plans import service
from planner.rules.answers import parse_answers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def worker_env(app) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" or v}
    env.update(
        PLANNER_ENV="testing",
        PLANNER_VAR_DIR=str(app.config["VAR_DIR"]),
        SECRET_KEY=app.config["SECRET_KEY"],
        DATABASE_URL=str(app.config["SQLALCHEMY_DATABASE_URI"]),
    )
    return env


@pytest.fixture
def worker(app):
    log = open(app.config["VAR_DIR"] / "worker.log", "wb")  # noqa: SIM115 - closed after the worker stops
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "celery_app",
            "worker",
            "-P",
            "solo",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=worker_env(app),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def test_retention_sweep_runs_on_a_real_worker(app, worker):
    with app.app_context():
        council = service.get_or_create_council()
        answers = parse_answers({"date_of_birth": "2012-05-01"}, today=utcnow().date())
        old, _ = service.create_plan(answers, council)
        fresh, _ = service.create_plan(answers, council)
        old.last_active_at = utcnow() - timedelta(days=council.retention_days + 1)
        db.session.commit()
        old_id, fresh_id = old.id, fresh.id
        # Send through the broker, not eagerly: this is what beat does every night.
        celery = app.extensions["celery"]
        celery.conf.task_always_eager = False
        try:
            celery.send_task("retention.sweep")
        finally:
            celery.conf.task_always_eager = True
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            db.session.expire_all()
            if db.session.get(PlanRecord, old_id) is None:
                break
            time.sleep(0.5)
        log = (app.config["VAR_DIR"] / "worker.log").read_text(errors="replace")
        assert db.session.get(PlanRecord, old_id) is None, f"the worker did not sweep:\n{log}"
        assert db.session.get(PlanRecord, fresh_id) is not None
        assert crypto.decrypt_json(db.session.get(PlanRecord, fresh_id).answers_enc)


def test_every_scheduled_task_is_registered(app):
    celery = app.extensions["celery"]
    celery.loader.import_default_modules()
    for entry in celery.conf.beat_schedule.values():
        assert entry["task"] in celery.tasks, entry["task"]


def test_ci_has_its_services():
    """In CI the suite must run against PostgreSQL and Redis, never silently without them."""
    if not os.environ.get("CI"):
        pytest.skip("outside CI the embedded defaults are used")
    assert os.environ.get("DATABASE_URL", "").startswith("postgresql")
    assert os.environ.get("REDIS_URL", "").startswith("redis://")
