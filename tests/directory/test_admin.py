"""`/admin/directory`: services, last import and its errors; hidden in production."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from planner import create_app
from planner.directory.importer import import_source
from planner.extensions import db
from planner.models import Council
from tests.directory.conftest import v3_service


@pytest.fixture
def admin_app(app: Flask) -> Iterator[Flask]:
    """A fresh app on the session app's settings and database (CSRF off for the form posts)."""
    overrides = {k: app.config[k] for k in ("PLANNER_ENV", "TESTING", "VAR_DIR", "SECRET_KEY")}
    overrides["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"]
    overrides["WTF_CSRF_ENABLED"] = False
    application = create_app(overrides)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_lists_services_last_import_and_errors(
    admin_app: Flask, council: Council, tmp_path: Path
) -> None:
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps([v3_service("s1", "Youth club"), v3_service("broken", "X", minimum_age="ten")])
    )
    import_source(str(path), council)

    response = admin_app.test_client().get("/admin/directory?council=testshire")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Local Offer directory" in html
    assert "Youth club" in html and "community" in html
    assert "broken" in html and "minimum_age is not a whole number" in html
    assert "govuk-table" in html and "govuk-summary-list" in html


def test_unknown_council(admin_app: Flask) -> None:
    response = admin_app.test_client().get("/admin/directory?council=nowhere")
    assert response.status_code == 200
    assert "No council with the code nowhere" in response.get_data(as_text=True)


def test_hidden_in_production(admin_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(admin_app.config, "PLANNER_ENV", "production")
    assert admin_app.test_client().get("/admin/directory").status_code == 404
