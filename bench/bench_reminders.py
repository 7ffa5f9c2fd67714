"""Benchmark: one reminder dispatcher pass with 1,000,000 reminders stored and 1,000 due, on
SQLite and on PostgreSQL, against a baseline of the same pass with only the 1,000 due stored.

The claim is that a pass costs what is due, not what is stored (the (status, due_at) index), so
the ratio should be close to 1. Rows are bulk-loaded (executemany on SQLite, COPY on PostgreSQL)
into a throwaway SQLite file and a throwaway PostgreSQL schema, both removed afterwards.

    python bench/bench_reminders.py [--rows 1000000] [--due 1000] [--repeat 3]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test  (default: that URL)

Writes the "Reminders" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, event, text  # noqa: E402

import planner.reminders.models  # noqa: E402,F401 - registers the tables
from planner import create_app, crypto  # noqa: E402
from planner.delivery.models import Delivery  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.models import Council, PlanRecord  # noqa: E402
from planner.reminders.dispatch import dispatch  # noqa: E402
from planner.reminders.models import Reminder, ReminderSubscription  # noqa: E402

NOW = datetime(2025, 5, 20, 10, 0)  # a weekday morning, outside quiet hours
PLANS = 1000
SCHEMA = "bench_reminders"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
COLUMNS = [
    "id",
    "plan_id",
    "milestone_id",
    "milestone_date",
    "remind_on",
    "due_at",
    "channel",
    "language",
    "status",
    "created_at",
    "updated_at",
]


def rows(stored: int, due: int, plan_ids: list[str]):
    """`due` pending reminders due in the last hour, then the rest: future pending (most),
    already sent and cancelled ones, spread over twenty years as real plans would be."""
    for i in range(stored):
        plan_id = plan_ids[i % len(plan_ids)]
        if i < due:
            due_at, status = NOW - timedelta(seconds=1 + i % 3600), "pending"
        else:
            kind = i % 20
            if kind < 14:
                due_at, status = NOW + timedelta(hours=1 + i % 175_000), "pending"
            elif kind < 19:
                due_at, status = NOW - timedelta(days=8 + i % 3000), "sent"
            else:
                due_at, status = NOW - timedelta(days=8 + i % 3000), "cancelled"
        yield (
            str(uuid.UUID(int=i + 1)),
            plan_id,
            f"m{i}",
            due_at.date() + timedelta(days=14),
            due_at.date(),
            due_at,
            ("email", "sms", "letter")[i % 3],
            "en",
            status,
            NOW,
            NOW,
        )


def make_app(url: str, var_dir: str) -> Any:
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"options": f"-csearch_path={SCHEMA}"}
    return create_app(
        {
            "PLANNER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "VAR_DIR": Path(var_dir),
        }
    )


def load(app: Any, stored: int, due: int) -> None:
    """Fresh tables, PLANS plans with subscriptions, then `stored` reminders in bulk."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        council = Council(code="bench", name="Bench")
        db.session.add(council)
        db.session.flush()
        answers = crypto.encrypt_json({"date_of_birth": "2014-05-01"})
        contact = crypto.encrypt_json({"email_address": "parent@example.com"})
        plan_ids = [str(uuid.uuid4()) for _ in range(PLANS)]
        db.session.execute(
            db.insert(PlanRecord),
            [
                {
                    "id": p,
                    "reference": f"B{n:08d}"[:9],
                    "council_id": council.id,
                    "token_hash": "x" * 64,
                    "answers_enc": answers,
                }
                for n, p in enumerate(plan_ids)
            ],
        )
        db.session.execute(
            db.insert(ReminderSubscription),
            [
                {
                    "plan_id": p,
                    "channel": "email",
                    "contact_enc": contact,
                    "consent_wording": "bench",
                    "consent_given_by": "bench",
                    "stop_code": f"s{n:09d}",
                    "built_on": date(2025, 1, 1),
                }
                for n, p in enumerate(plan_ids)
            ],
        )
        db.session.commit()
        started = time.perf_counter()
        if db.engine.dialect.name == "postgresql":
            raw = db.engine.raw_connection()
            try:
                sql = f"COPY reminder ({', '.join(COLUMNS)}) FROM STDIN"
                with raw.cursor() as cur, cur.copy(sql) as copy:
                    for row in rows(stored, due, plan_ids):
                        copy.write_row(row)
                raw.commit()
                with raw.cursor() as cur:
                    cur.execute("ANALYZE reminder")
                raw.commit()
            finally:
                raw.close()
        else:
            raw = db.engine.raw_connection()
            try:
                cur = raw.cursor()
                marks = ", ".join("?" for _ in COLUMNS)
                batch: list[tuple[Any, ...]] = []
                for row in rows(stored, due, plan_ids):
                    batch.append(
                        tuple(v.isoformat(" ") if isinstance(v, datetime) else v for v in row)
                    )
                    if len(batch) == 50_000:
                        cur.executemany(
                            f"INSERT INTO reminder ({', '.join(COLUMNS)}) VALUES ({marks})", batch
                        )
                        batch.clear()
                if batch:
                    cur.executemany(
                        f"INSERT INTO reminder ({', '.join(COLUMNS)}) VALUES ({marks})", batch
                    )
                raw.commit()
                cur.execute("ANALYZE")
                raw.commit()
            finally:
                raw.close()
        print(f"  loaded {stored:,} rows in {time.perf_counter() - started:.1f}s", flush=True)


def reset(app: Any, due: int) -> None:
    """Put the due rows back to pending and drop their deliveries, for the next repeat."""
    with app.app_context():
        db.session.execute(
            db.update(Reminder)
            .where(Reminder.sent_at.is_not(None))
            .values(status="pending", delivery_id=None, sent_at=None, claimed_at=None)
        )
        db.session.execute(db.delete(Delivery))
        db.session.commit()


def one_pass(app: Any, due: int) -> tuple[float, float, int]:
    """(wall seconds, seconds inside the database driver, statements) for one dispatcher pass."""
    spent = [0.0, 0]

    def before(conn, cursor, statement, params, context, executemany):  # noqa: ANN001
        conn.info["t0"] = time.perf_counter()

    def after(conn, cursor, statement, params, context, executemany):  # noqa: ANN001
        spent[0] += time.perf_counter() - conn.info.pop("t0")
        spent[1] += 1

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        try:
            started = time.perf_counter()
            result = dispatch(NOW, enqueue=False)
            wall = time.perf_counter() - started
        finally:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
        assert result.sent == due, result
    return wall, spent[0], int(spent[1])


def measure(app: Any, stored: int, due: int, repeat: int) -> dict[str, float]:
    load(app, stored, due)
    walls, dbs, statements = [], [], 0
    for _ in range(repeat):
        wall, in_db, statements = one_pass(app, due)
        walls.append(wall)
        dbs.append(in_db)
        reset(app, due)
    return {"wall": statistics.median(walls), "db": statistics.median(dbs), "stmts": statements}


def backend(name: str, url: str, stored: int, due: int, repeat: int) -> dict[str, Any]:
    print(f"{name}:", flush=True)
    with tempfile.TemporaryDirectory() as var_dir:
        if url.startswith("postgresql"):
            admin = create_engine(url)
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
                conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        app = make_app(url, var_dir)
        try:
            base = measure(app, due, due, repeat)
            big = measure(app, stored, due, repeat)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if url.startswith("postgresql"):
                with admin.begin() as conn:
                    conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
                admin.dispose()
    print(f"  baseline {base}\n  large    {big}", flush=True)
    return {"name": name, "base": base, "big": big}


def write_results(results: list[dict[str, Any]], stored: int, due: int, repeat: int) -> None:
    lines = [
        "## Reminders",
        "",
        f"One dispatcher pass (`planner.reminders.dispatch.dispatch`, enqueue off) claiming and "
        f"handing off {due:,} due reminders, median of {repeat}. Baseline: the same pass with only "
        f"those {due:,} rows stored; large: {stored:,} rows stored (70% future pending, 25% sent, "
        f"5% cancelled), {PLANS:,} plans. *DB* is time inside the database driver executing "
        f"statements (commits excluded); *pass* is the whole pass's wall time, commits and "
        f"Python included. "
        f"Generated by `bench/bench_reminders.py` on {datetime.now():%Y-%m-%d %H:%M}.",
        "",
        "| database | DB baseline | DB large | DB ratio | pass baseline | pass large | pass ratio "
        "| statements |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b, g = r["base"], r["big"]
        lines.append(
            f"| {r['name']} | {b['db'] * 1000:.1f} ms | {g['db'] * 1000:.1f} ms | "
            f"{g['db'] / b['db']:.2f}× | {b['wall'] * 1000:.1f} ms | {g['wall'] * 1000:.1f} ms | "
            f"{g['wall'] / b['wall']:.2f}× | {g['stmts']} |"
        )
    lines.append("")
    section = "\n".join(lines)
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    start = existing.find("## Reminders")
    if start >= 0:
        end = existing.find("\n## ", start + 1)
        existing = existing[:start] + existing[end + 1 :] if end >= 0 else existing[:start]
    RESULTS.write_text(existing.rstrip() + "\n\n" + section, encoding="utf-8")
    print(section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(
            backend("SQLite", f"sqlite:///{tmp}/bench.db", args.rows, args.due, args.repeat)
        )
    if not args.skip_postgres:
        url = os.environ.get("DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        if url.startswith("postgresql"):
            results.append(backend("PostgreSQL", url, args.rows, args.due, args.repeat))
    write_results(results, args.rows, args.due, args.repeat)


if __name__ == "__main__":
    main()
