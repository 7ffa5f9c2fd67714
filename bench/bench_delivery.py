"""Delivery benchmark: dispatch throughput against the fake Notify with 2 worker processes, versus
the configured rate limit, and request -> Notify latency for a single text at idle.

    .venv/bin/python bench/bench_delivery.py [--messages 3300] [--limit 3000]

Needs Redis (REDIS_URL or 127.0.0.1:6379; database 12 is flushed). Uses DATABASE_URL when set
(PostgreSQL), else a SQLite file in a temporary folder. Writes a "Delivery" section into
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from planner import config, create_app  # noqa: E402
from planner.delivery import service  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.delivery.conftest import Worker, make_plan, notify_config, with_delivery  # noqa: E402
from tests.fakes import notify_server  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def setup(limit: int, var_dir: Path) -> tuple[Any, Worker, Any]:
    fake, _server = notify_server.start()
    url = os.environ.get("DATABASE_URL")
    database = (
        "postgresql+psycopg://" + url.split("://", 1)[1]
        if url
        else f"sqlite:///{var_dir / 'bench.db'}"
    )
    settings = {**notify_config(fake), "NOTIFY_RATE_LIMIT_PER_MINUTE": str(limit)}
    base = config.load({"PLANNER_ENV": "testing"})["CELERY"]
    app = with_delivery(
        create_app(
            {
                "PLANNER_ENV": "testing",
                "VAR_DIR": var_dir,
                "SECRET_KEY": "bench-secret-" + "x" * 32,
                "SQLALCHEMY_DATABASE_URI": database,
                "REDIS_URL": REDIS_URL,
                "CELERY": {
                    **base,
                    "broker_url": REDIS_URL,
                    "broker_transport_options": {"visibility_timeout": 120},
                },
                **settings,
            }
        )
    )
    with app.app_context():
        db.create_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFY_")}
    env.update(
        settings,
        PLANNER_ENV="testing",
        PLANNER_VAR_DIR=str(var_dir),
        SECRET_KEY="bench-secret-" + "x" * 32,
        DATABASE_URL=database,
        REDIS_URL=REDIS_URL,
    )
    worker = Worker(env, var_dir / "worker.log")
    worker.start()
    worker.wait_ready(app.extensions["celery"], timeout=60)
    return app, worker, fake


def latency(app: Any, fake: Any, runs: int = 10) -> list[float]:
    """Seconds from the API request to Notify receiving the text, one at a time at idle."""
    client = app.test_client()
    with app.app_context():
        record, token = make_plan()
        plan_id = record.id
    out = []
    for _ in range(runs):
        fake.reset()
        start = time.time()
        response = client.post(
            f"/api/v1/plans/{plan_id}/deliveries",
            json={"channel": "sms", "phone_number": "07700900123"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 202
        while not fake.sent():
            time.sleep(0.002)
        out.append(fake.sent()[0].at - start)
        time.sleep(0.3)
    return out


def throughput(app: Any, fake: Any, count: int) -> dict[str, float]:
    """Queue `count` texts at once and measure what Notify receives."""
    fake.reset()
    with app.app_context():
        record, _token = make_plan()
        ids = []
        for i in range(count):
            row = service.Delivery(  # type: ignore[attr-defined]
                plan_id=record.id,
                channel="sms",
                language="en",
                variant="standard",
                contact_enc=service.crypto.encrypt_json(
                    {"phone_number": f"4477009{i:05d}", "link": "https://x.example/p"}
                ),
            )
            db.session.add(row)
            ids.append(row)
        db.session.commit()
        ids = [r.id for r in ids]
        celery = app.extensions["celery"]
        for delivery_id in ids:
            celery.send_task("deliver.send", args=[delivery_id])
    deadline = time.time() + count / 30 + 120
    while len(fake.sent()) < count and time.time() < deadline:
        time.sleep(0.5)
    times = sorted(n.at for n in fake.sent())
    first, last = times[0], times[-1]
    # Steady state: skip the first second's burst; rate over the rest.
    steady = [t for t in times if t >= first + 1]
    rate = (len(steady) - 1) / (steady[-1] - steady[0]) * 60 if len(steady) > 1 else 0.0
    j = 0
    busiest = 0
    for i, t in enumerate(times):
        while times[j] < t - 60:
            j += 1
        busiest = max(busiest, i - j + 1)
    return {
        "sent": len(times),
        "span": last - first,
        "per_minute": rate,
        "busiest_60s": busiest,
        "http_429": sum(1 for r in fake.requests if r[3] == 429),
    }


def write_results(text: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    existing = path.read_text() if path.exists() else "# Benchmarks\n"
    section = "## Delivery\n\n" + text.strip() + "\n"
    if "## Delivery" in existing:
        existing = re.sub(r"## Delivery\n.*?(?=\n## |\Z)", section, existing, flags=re.S)
    else:
        existing = existing.rstrip() + "\n\n" + section
    path.write_text(existing)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=3300)
    parser.add_argument("--limit", type=int, default=3000)
    args = parser.parse_args()
    redis.Redis.from_url(REDIS_URL).flushdb()
    with tempfile.TemporaryDirectory(prefix="bench-delivery.") as folder:
        var_dir = Path(os.environ.get("BENCH_VAR_DIR") or folder)  # keep the worker log
        var_dir.mkdir(parents=True, exist_ok=True)
        app, worker, fake = setup(args.limit, var_dir)
        try:
            lat = latency(app, fake)
            fake.rate_limit(args.limit, 60)  # the fake answers 429 beyond the limit, as Notify does
            result = throughput(app, fake, args.messages)
        finally:
            worker.stop()
            redis.Redis.from_url(REDIS_URL).flushdb()
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    rate = result["per_minute"]
    rows = [
        (
            "texts queued / delivered to Notify",
            f"{args.messages} / {result['sent']} in {result['span']:.1f} s",
        ),
        ("steady dispatch rate", f"{rate:.0f} per minute ({rate / args.limit:.1%} of the limit)"),
        ("most in any 60-second window", f"{result['busiest_60s']} (limit {args.limit})"),
        ("429 answers from the fake", f"{result['http_429']}"),
        (
            "request -> Notify latency, one text at idle (10 runs)",
            f"median {statistics.median(lat) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms"
            " (the first run includes the worker's first database connection)",
        ),
    ]
    text = (
        "`bench/bench_delivery.py`: texts dispatched by one `celery worker -P prefork -c 2`"
        f" (2 worker processes) on Redis, {database}, against the loopback fake Notify, limit"
        f" {args.limit}/minute.\n\n| measure | result |\n|---|---|\n"
        + "".join(f"| {name} | {value} |\n" for name, value in rows)
        + f"\nMachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end"
        " (the workers are CPU-bound: on a shared machine the rate falls with the load).\n"
    )
    print(text)
    write_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
