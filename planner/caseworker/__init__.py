"""The caseworker console (issue #8): staff sign-in, families' plans on their behalf, letters for
families without internet access, delivery status and the audit trail.

`init_app(app)` is the whole wiring: Flask-Login, the blueprint and its tables' models.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind Flask-Login and register the console's blueprint (once)."""
    from planner.caseworker import auth
    from planner.caseworker import models as _models  # noqa: F401 - tables for create_all
    from planner.caseworker.views import caseworker
    from planner.directory import console as _directory  # noqa: F401 - its console pages

    if "caseworker" in app.blueprints:
        return
    auth.init_app(app)
    app.register_blueprint(caseworker)
