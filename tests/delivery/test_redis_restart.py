"""Redis restarts in the middle of a batch and loses every queued message (it keeps nothing on
disk): the sweeper hands the lost deliveries back, and every one ends sent (or failed with a
reason), none twice, none lost."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner import config
from planner.delivery import service
from planner.delivery.models import Delivery
from planner.extensions import db
from tests.apps import database_uri, make_app, notify_config
from tests.delivery.conftest import IN_CI, Worker
from tests.delivery.test_worker_delivery import request, wait_for

pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateRedis:
    """A redis-server of this test's own, so killing it disturbs nobody else."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        wait_for(lambda: _pings(redis.Redis.from_url(self.url)), 10, "redis to start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()


def _pings(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if not shutil.which("redis-server"):
        if IN_CI:
            pytest.fail("redis-server is needed in CI")
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.proc and server.proc.poll() is None:
        server.kill()


def test_redis_restart_mid_batch_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, private_redis: PrivateRedis, notify: Any
) -> None:
    settings = {
        **notify_config(notify),
        # 5 a second, so the batch is still going when Redis dies.
        "NOTIFY_RATE_LIMIT_PER_MINUTE": "300",
        "DELIVERY_STALE_AFTER_SECONDS": "2",
    }
    database = database_uri(tmp_path, "restart.db")
    app = make_app(
        {
            "PLANNER_ENV": "testing",
            "TESTING": True,
            "VAR_DIR": tmp_path,
            "SECRET_KEY": "restart-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": private_redis.url,
            "RATELIMIT_STORAGE_URI": "memory://",
            "CELERY": {
                **config.celery_config(tmp_path, private_redis.url),
                "broker_connection_retry": True,
                "broker_connection_max_retries": None,
            },
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "DELIVERY_"))}
    env.update(
        settings,
        PLANNER_ENV="testing",
        PLANNER_VAR_DIR=str(tmp_path),
        SECRET_KEY="restart-" + "x" * 32,
        DATABASE_URL=database,
        REDIS_URL=private_redis.url,
    )
    worker = Worker(env, tmp_path / "worker.log")
    worker.start()
    live = {"app": app}
    try:
        worker.wait_ready(app.extensions["celery"])
        ids = [
            request(live, {"channel": "sms", "phone_number": "07700900111"})[0] for _ in range(30)
        ]
        wait_for(lambda: len(notify.sent("sms")) >= 5, 30, "the batch to start")
        assert len(notify.sent("sms")) < 30, "the batch finished before Redis could be restarted"

        private_redis.kill()  # every queued message is gone with it
        time.sleep(1)
        private_redis.start()

        def all_settled() -> bool:
            with app.app_context():
                service.requeue_stuck()  # what beat runs every minute
                db.session.expire_all()
                rows = db.session.query(Delivery).filter(Delivery.id.in_(ids)).all()
                return all(r.status in ("sent", "delivered", "failed") for r in rows)

        wait_for(all_settled, 120, "every delivery to settle after the restart")
        with app.app_context():
            rows = db.session.query(Delivery).filter(Delivery.id.in_(ids)).all()
            for row in rows:
                assert row.status in ("sent", "delivered") or row.reason, row.id
        sent = Counter(n.reference for n in notify.sent("sms") if n.reference in ids)
        assert set(sent) == set(ids), "a delivery was lost"
        assert max(sent.values()) == 1, "a text was sent twice"
    finally:
        worker.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
