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
