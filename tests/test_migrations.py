"""The Alembic migrations build exactly the schema the models describe, on a fresh database (the
embedded SQLite here, PostgreSQL too in CI), so `planner db upgrade` is what production runs."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from planner import create_app
from planner.extensions import db


@pytest.fixture
def fresh_url(tmp_path):
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith(("postgres", "postgresql")):
        # A database of its own, so the suite's tables are not disturbed.
        admin = create_engine(
            url.replace("postgres://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS planner_migrations"))
            conn.execute(text("CREATE DATABASE planner_migrations"))
        yield url.rsplit("/", 1)[0] + "/planner_migrations"
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS planner_migrations WITH (FORCE)"))
        admin.dispose()
    else:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"


def test_migrations_match_the_models_and_go_down_again(fresh_url, tmp_path):
    app = create_app(
        {
            "PLANNER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": fresh_url,
            "SECRET_KEY": "migrations-" + "x" * 32,
            "VAR_DIR": tmp_path,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diffs == [], f"models and migrations differ: {diffs}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() is None
        db.engine.dispose()


def test_existing_family_plans_become_unshared_and_caseworker_plans_stay_shared(
    fresh_url, tmp_path
):
    """Issue 16: a plan with a consent row was made with a caseworker (visible to staff);
    every other plan was made by the family and is hidden from staff from now on."""
    app = create_app(
        {
            "PLANNER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": fresh_url,
            "SECRET_KEY": "migrations-" + "x" * 32,
            "VAR_DIR": tmp_path,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade(revision="e063f691b6d4")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO council (id, code, name, return_address, languages, lead_times,"
                    " retention_days, created_at)"
                    " VALUES (1, 'c', 'C', '[]', '[]', '{}', 730, '2026-01-01 00:00:00')"
                )
            )
            for plan_id, ref in (("family-made", "AAAA-AAAA"), ("with-caseworker", "BBBB-BBBB")):
                conn.execute(
                    text(
                        "INSERT INTO plan (id, reference, council_id, token_hash, answers_enc,"
                        " language, variant, version, created_at, updated_at, last_active_at)"
                        " VALUES (:id, :ref, 1, 'h', :enc, 'en', 'standard', 1,"
                        " '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                    ),
                    {"id": plan_id, "ref": ref, "enc": b"x"},
                )
            conn.execute(
                text(
                    "INSERT INTO consent (id, plan_id, given_by_enc, method, given_at, wording,"
                    " created_at) VALUES ('c1', 'with-caseworker', :enc, 'phone',"
                    " '2026-01-02 00:00:00', 'w', '2026-01-02 09:00:00')"
                ),
                {"enc": b"x"},
            )
        upgrade()
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, shared_via FROM plan ORDER BY id")).all())
            shared_at = conn.execute(
                text("SELECT shared_at FROM plan WHERE id = 'with-caseworker'")
            ).scalar_one()
        assert rows == {"family-made": None, "with-caseworker": "caseworker"}
        assert str(shared_at).startswith("2026-01-02 09:00:00")
        downgrade(revision="base")
        db.engine.dispose()
