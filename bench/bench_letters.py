"""Benchmark: a 1,000-letter batch from the caseworker console, rendered and handed to a fake
GOV.UK Notify by 2 Celery worker processes. Target: under 10 minutes.

    .venv/bin/python bench/bench_letters.py [--letters 1000] [--workers 2] [--write-results]

Uses Redis database 14 on 127.0.0.1:6379 (BENCH_REDIS_URL; flushed) when it answers, otherwise
(or with BENCH_BROKER=filesystem) the embedded filesystem broker. The database is a fresh SQLite
file (or DATABASE_URL). Nothing reaches the internet: Notify is the loopback fake from tests/fakes.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from tests.fakes import notify_server  # noqa: E402

ADDRESS = ["Ms A Example", "10 High Street", "Leeds", "LS1 4AP"]


def broker() -> str | None:
    if os.environ.get("BENCH_BROKER") == "filesystem":
        return None
    url = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    redis.Redis.from_url(url).flushdb()
    return url


# First names are letters only (issue 16, B4): no digits to tell the plans apart.
NAMES = ("Amira", "Ben", "Chen", "Dara", "Esme", "Femi", "Gita", "Hugo", "Iris", "Jay")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()

    fake, server = notify_server.start()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    redis_url = broker()
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'bench.db'}"
    settings = {
        "NOTIFY_API_KEY": notify_server.API_KEY,
        "NOTIFY_BASE_URL": fake.url,
        "NOTIFY_EMAIL_TEMPLATE_ID": notify_server.EMAIL_TEMPLATE_ID,
        "NOTIFY_SMS_TEMPLATE_ID": notify_server.SMS_TEMPLATE_ID,
        "NOTIFY_RATE_LIMIT_PER_MINUTE": "3000",
        "PLANNER_PUBLIC_URL": "https://planner.example",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFY_")}
    env.update(
        settings,
        PLANNER_ENV="testing",
        PLANNER_VAR_DIR=str(var_dir),
        SECRET_KEY="bench-secret-" + "x" * 32,
        DATABASE_URL=database,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    os.environ.update(env)

    import planner.caseworker.models  # noqa: F401
    import planner.delivery.models  # noqa: F401
    import planner.directory.models  # noqa: F401
    import planner.reminders.models  # noqa: F401
    from planner import create_app
    from planner.caseworker import batch, letters
    from planner.caseworker.models import Batch
    from planner.delivery.models import Delivery
    from planner.extensions import db
    from planner.models import utcnow
    from planner.plans import service as plans
    from planner.rules.answers import parse_answers

    app = create_app()
    with app.app_context():
        db.create_all()
        council = plans.get_or_create_council()
        council_id = council.id
        print(f"creating {args.letters} plans with addresses ...", flush=True)
        ids = []
        for n in range(args.letters):
            dob = date(2013 + n % 6, 1 + n % 12, 1 + n % 28).isoformat()
            answers = parse_answers(
                {"date_of_birth": dob, "support": "ehc_plan", "name": NAMES[n % len(NAMES)]},
                date.today(),
            )
            record, _ = plans.create_plan(answers, council)
            # Batches are of plans the council's staff may see (issue 16): made with a
            # caseworker, or shared by the family.
            record.shared_at, record.shared_via = utcnow(), "caseworker"
            letters.save_address(record, ADDRESS, None)
            ids.append(record.id)

    log = var_dir / "worker.log"
    worker = subprocess.Popen(
        # The documented worker command: its include list registers every task.
        [sys.executable, "-m", "celery", "-A", "celery_app", "worker"]
        + ["-P", "prefork", "-c", str(args.workers)]
        + ["-l", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=open(log, "ab"),  # noqa: SIM115 - the child owns it
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        time.sleep(5)
        with app.app_context():
            started = time.perf_counter()
            made = batch.create(
                council_id, ids, mode="post", postage="second", criteria={}, user_id=None
            )
            batch_id = made.id
            last = -1
            while True:
                db.session.expire_all()
                progress = batch.progress(db.session.get(Batch, batch_id))
                if progress.done != last:
                    print(f"  {progress.done} of {progress.total}", flush=True)
                    last = progress.done
                if progress.done >= progress.total:
                    break
                if worker.poll() is not None:
                    raise SystemExit("worker died:\n" + log.read_text()[-3000:])
                # End the read transaction: on SQLite an open reader blocks the workers' writes.
                db.session.rollback()
                time.sleep(2)
            elapsed = time.perf_counter() - started
            failed = db.session.execute(
                db.select(db.func.count(Delivery.id)).where(Delivery.status == "failed")
            ).scalar_one()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a warm shutdown that hangs: stop it outright
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        server.shutdown()
    received = len(fake.sent("letter"))
    result: dict[str, Any] = {
        "letters": args.letters,
        "workers": args.workers,
        "broker": "Redis" if redis_url else "filesystem",
        "seconds": elapsed,
        "per_letter": elapsed / args.letters,
        "cpu_per_letter": elapsed * args.workers / args.letters,
        "received": received,
        "failed": failed,
    }
    print(result)
    if args.write_results:
        write_results(result)


def write_results(r: dict[str, Any]) -> None:
    """Replace the "Caseworker letters" section of bench/RESULTS.md."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    head = "## Caseworker letters"
    section = (
        f"{head}\n\n"
        f"`bench/bench_letters.py --letters {r['letters']} --workers {r['workers']}` "
        f"({r['broker']} broker, SQLite, fake Notify on loopback, {os.cpu_count()} CPUs).\n\n"
        "| letters | workers | total | per letter (wall) | per letter (worker time) | "
        "at Notify | failed | target |\n|---|---|---|---|---|---|---|---|\n"
        f"| {r['letters']} | {r['workers']} | {r['seconds'] / 60:.1f} min | "
        f"{r['per_letter']:.2f} s | {r['cpu_per_letter']:.2f} s | {r['received']} | "
        f"{r['failed']} | under 10 min: {'met' if r['seconds'] < 600 else 'NOT met'} |\n\n"
        "Nearly all the time is the letter PDF (WeasyPrint layout and font subsetting in "
        "planner/delivery/letter.py); queueing the batch takes about a second.\n\n"
        f"At this rate a batch of 10,000 letters on the same 2 workers takes "
        f"{r['per_letter'] * 10_000 / 60:.0f} minutes (target for #4: under an hour: "
        f"{'met' if r['per_letter'] * 10_000 < 3600 else 'NOT met'}).\n"
    )
    if head in text:
        before, _, after = text.partition(head)
        rest = after.split("\n## ", 1)
        text = before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


if __name__ == "__main__":
    main()
