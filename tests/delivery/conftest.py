"""Fixtures for delivery: an app pointed at the fake Notify, plan factories, and a real Celery
worker on Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask

from planner import config
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.rules.answers import parse_answers
from tests.apps import database_uri, eager_app, emptied_afterwards, make_app, notify_config

ROOT = Path(__file__).resolve().parents[2]
IN_CI = bool(os.environ.get("CI"))
TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/11"


@pytest.fixture(scope="session")
def dapp(tmp_path_factory: pytest.TempPathFactory, fake_notify: Any) -> Iterator[Flask]:
    """An eager-Celery app pointed at the fake Notify."""
    settings = {"NOTIFY_RATE_LIMIT_PER_MINUTE": "60000", **notify_config(fake_notify)}
    var_dir = tmp_path_factory.mktemp("dvar")
    with eager_app(var_dir, "delivery.db", settings, factory=make_app) as application:
        yield application


@pytest.fixture
def dctx(dapp: Flask) -> Iterator[Flask]:
    """An app context; every table emptied afterwards."""
    with emptied_afterwards(dapp, dispose=True) as application:
        yield application


def make_plan(language: str = "en", **answers: Any) -> tuple[PlanRecord, str]:
    """A stored plan and its secret token, with safe defaults."""
    council = plans.get_or_create_council()
    data = {"date_of_birth": "2011-03-04", "language": language, "support": "ehc_plan", **answers}
    return plans.create_plan(parse_answers(data, date.today()), council)


# ------------------------------------------------------------------------------ the real worker
def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def require_redis() -> None:
    if redis_available():
        return
    if IN_CI:
        pytest.fail(f"Redis is required in CI and did not answer at {TEST_REDIS_URL}")
    pytest.skip("Redis is not running (set REDIS_URL or start it on 127.0.0.1:6379)")


class Worker:
    """A `celery -A celery_app worker` subprocess with the environment of the live app."""

    def __init__(self, env: dict[str, str], log: Path, pool: str = "prefork") -> None:
        self.env, self.log_path, self.pool = env, log, pool
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child owns it
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_app", "worker"]
            + ["-P", self.pool, "-c", "2", "-l", "INFO", "--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def wait_ready(self, celery: Any, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if celery.control.ping(timeout=0.5):
                return
            assert self.proc is not None and self.proc.poll() is None, self.log_path.read_text()
        raise AssertionError("worker did not start:\n" + self.log_path.read_text()[-3000:])

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children): a lost machine."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, fake_notify: Any) -> Iterator[dict[str, Any]]:
    """A non-eager app on Redis and a worker started with the same settings."""
    require_redis()
    var_dir = tmp_path_factory.mktemp("live")
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    database = database_uri(var_dir, "live.db")
    settings = {
        **notify_config(fake_notify),
        "NOTIFY_RATE_LIMIT_PER_MINUTE": "600",
        "DELIVERY_STALE_AFTER_SECONDS": "3",
    }
    celery_cfg = {
        **config.load({"PLANNER_ENV": "testing"})["CELERY"],
        "broker_url": TEST_REDIS_URL,
        "broker_transport_options": {"visibility_timeout": 120},
    }
    overrides: dict[str, Any] = {
        "PLANNER_ENV": "testing",
        "TESTING": True,
        "VAR_DIR": var_dir,
        "SECRET_KEY": "test-secret-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database,
        "REDIS_URL": TEST_REDIS_URL,
        "CELERY": celery_cfg,
        **settings,
    }
    application = make_app(overrides)
    with application.app_context():
        db.create_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "DELIVERY_"))}
    env.update(
        settings,
        PLANNER_ENV="testing",
        PLANNER_VAR_DIR=str(var_dir),
        SECRET_KEY=overrides["SECRET_KEY"],
        DATABASE_URL=database,
        REDIS_URL=TEST_REDIS_URL,
    )
    worker = Worker(env, var_dir / "worker.log")
    worker.start()
    worker.wait_ready(application.extensions["celery"])
    yield {"app": application, "worker": worker, "celery": application.extensions["celery"]}
    worker.stop()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    with application.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
