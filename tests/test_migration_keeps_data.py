"""Upgrading a live embedded database keeps its rows. Batch mode on SQLite copies a table, drops
the old one and renames the copy; with foreign keys enforced, dropping `council` would cascade
and delete every directory row and import run of every council. The councils migration adds its
columns in place instead; this test fails if a migration starts recreating `council` again."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from planner import create_app
from planner.extensions import db


def test_upgrading_keeps_councils_and_their_import_history(tmp_path: Path) -> None:
    app = create_app(
        {
            "PLANNER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}",
            "SECRET_KEY": "migrations-" + "x" * 32,
            "VAR_DIR": tmp_path,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade(revision="e063f691b6d4")  # the schema before councils had hosts
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO council (code, name, return_address, languages, lead_times, "
                    "retention_days, created_at) "
                    "VALUES ('x', 'X', '[]', '[]', '{}', 730, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO dir_import_run (council_id, source, started_at, status, created, "
                    "updated, unchanged, removed, skipped, errors) SELECT id, 'feed.json', "
                    "CURRENT_TIMESTAMP, 'succeeded', 3, 0, 0, 0, 0, '[]' FROM council"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            councils = conn.execute(text("SELECT code, nightly_import, links FROM council")).all()
            runs = conn.execute(
                text("SELECT created, trigger, services_before, notes FROM dir_import_run")
            ).all()
        db.engine.dispose()
    assert councils == [("x", 0, "{}")]
    assert runs == [(3, "cli", 0, "[]")]
