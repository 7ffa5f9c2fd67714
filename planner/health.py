"""Liveness and readiness endpoints for load balancers and orchestrators."""

from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import text

from planner.extensions import db

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """The process is up and serving requests."""
    return {"status": "ok"}, 200


@health.get("/readyz")
def readyz() -> tuple[dict[str, object], int]:
    """The database and the broker answer; send traffic here only while this is 200."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        db.session.rollback()
        checks["database"] = "unavailable"
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception:  # noqa: BLE001
        checks["broker"] = "unavailable"
    ok = all(v == "ok" for v in checks.values())
    return {"status": "ok" if ok else "unavailable", "checks": checks}, 200 if ok else 503
