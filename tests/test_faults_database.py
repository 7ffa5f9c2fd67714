"""When the database is away the web app answers with a friendly page, liveness stays up, readiness
says so; and it recovers by itself when the database returns."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from planner import create_app
from planner.extensions import db


@pytest.fixture
def app_without_database(var_dir):
    # Nothing listens on port 9 of loopback: every connection is refused at once.
    return create_app(
        {
            "PLANNER_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "faults-" + "x" * 32,
            "VAR_DIR": var_dir,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def test_friendly_page_and_json_while_database_is_away(app_without_database):
    client = app_without_database.test_client()
    page = client.get("/plan/00000000-0000-0000-0000-000000000000/open/not-a-real-token")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "Traceback" not in html and "psycopg" not in html
    assert "<h1" in html

    api = client.post("/api/v1/plans", json={"date_of_birth": "2015-01-01"})
    assert api.status_code == 503
    assert api.get_json()["status"] == 503

    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["database"] == "unavailable"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql") and not os.environ.get("CI"),
    reason="needs PostgreSQL (always runs in CI)",
)
def test_recovers_after_connections_are_killed(app, client):
    """PostgreSQL restarts or fails over: every pooled connection dies; the next request works."""
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        db.session.commit()
        db.session.remove()
    # pool_pre_ping notices the dead connections and opens fresh ones.
    resp = client.post("/api/v1/plans", json={"date_of_birth": "2015-01-01"})
    assert resp.status_code == 201
