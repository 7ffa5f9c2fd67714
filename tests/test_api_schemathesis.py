"""Schemathesis generates requests from /api/v1/openapi.json and checks every response against the
document: no 5xx, no schema violations, the documented status codes only."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from planner import create_app

# Schemathesis needs the schema at import time, so this module builds its own app on a throwaway
# in-memory database; the `app` fixture's database is not touched.
_app = create_app(
    {
        "PLANNER_ENV": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "SECRET_KEY": "schemathesis-" + "x" * 32,
        "RATE_LIMIT_PLAN_CREATION": "100000 per minute",
        "RATE_LIMIT_API": "100000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
)
with _app.app_context():
    from planner.extensions import db

    db.create_all()

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _app)


@schema.parametrize()
@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
def test_api_conforms_to_its_openapi_document(case):
    # Schema-valid is not always valid: a date of birth must also be under 26 years ago and EHC
    # dates after it, which JSON Schema cannot say. Those 422s name the field; all else is checked.
    with _app.app_context():
        case.call_and_validate(excluded_checks=[positive_data_acceptance])
