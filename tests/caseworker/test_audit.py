"""The audit trail: rows for views, changes, sends and exports, without personal data; CSV export;
no way to change or delete a row."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask

from planner.caseworker.models import AuditEvent, AuditImmutable
from planner.extensions import db
from tests.caseworker.conftest import ADDRESS, make_plan, make_user, sign_in


def actions() -> list[tuple[str, str | None]]:
    return list(
        db.session.execute(db.select(AuditEvent.action, AuditEvent.plan_id).order_by(AuditEvent.id))
    )


def test_views_changes_sends_and_exports_are_audited(
    as_caseworker: Any, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.delivery import rendering

    monkeypatch.setattr(rendering, "letter_pdf", lambda *a, **k: (b"%PDF-1.7 test", False))
    client, user = as_caseworker
    record = make_plan(name="Amira", postcode="LS1 4AP")
    client.post("/caseworker/families", data={"name": "Amira"})
    client.get(f"/caseworker/families/{record.id}")
    client.post(f"/caseworker/families/{record.id}/address", data={"address": "\n".join(ADDRESS)})
    client.get(f"/caseworker/families/{record.id}/letter.pdf")
    client.get(f"/caseworker/families/{record.id}/letter.pdf?download=1")
    client.post(f"/caseworker/families/{record.id}/letter", data={"postage": "first"})
    got = actions()
    for expected in [
        ("family.search", None),
        ("family.view", record.id),
        ("address.change", record.id),
        ("letter.preview", record.id),
        ("letter.download", record.id),
        ("letter.send", record.id),
    ]:
        assert expected in got
    rows = db.session.execute(db.select(AuditEvent)).scalars().all()
    assert all(r.user_id == user.id and r.ip_address == "127.0.0.1" for r in rows)
    text = repr([(r.action, r.detail, r.plan_id) for r in rows])
    for personal in ("Amira", "LS1 4AP", "High Street", "2015-03-04"):
        assert personal not in text


def test_admin_reads_filters_and_exports_the_trail(cw: Flask) -> None:
    caseworker, admin = make_user("caseworker"), make_user("admin")
    other = make_user("admin", code="otherborough")
    record = make_plan()
    for user in (caseworker, other):
        client = cw.test_client()
        sign_in(client, user)
        client.get(f"/caseworker/families/{record.id}")
    client = cw.test_client()
    sign_in(client, admin)
    page = client.get("/caseworker/audit", query_string={"user": caseworker.id}).get_data(
        as_text=True
    )
    assert caseworker.email in page and other.email not in page
    export = client.get("/caseworker/audit.csv")
    assert export.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert {"family.view", "sign_in"} <= {r["action"] for r in rows}
    assert all(r["user_email"] != other.email for r in rows)  # other council's trail stays there
    assert ("audit.export", None) in actions()
    future = client.get(
        "/caseworker/audit.csv", query_string={"since": ["1", "1", "2999"]}
    ).get_data(as_text=True)
    assert future.strip() == ",".join(
        ["id", "at", "user_id", "user_email", "action", "plan_id", "detail", "ip_address"]
    )


def test_audit_rows_cannot_be_changed_or_deleted(cw: Flask) -> None:
    event = AuditEvent(action="family.view", detail={})
    db.session.add(event)
    db.session.commit()
    event.action = "something.else"
    with pytest.raises(AuditImmutable):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditImmutable):
        db.session.commit()
    db.session.rollback()


def test_no_route_edits_or_deletes_audit_rows(cwapp: Flask) -> None:
    for rule in cwapp.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


@pytest.mark.parametrize(
    ("retention_days", "kept"),
    [
        (730, {10, 700}),  # two years: the 800-day-old row goes
        (30, {10}),
        (0, {10, 700, 800}),  # 0 keeps every row
    ],
)
def test_retention_sweep_removes_audit_rows_by_age_only(
    cw: Flask, monkeypatch: pytest.MonkeyPatch, retention_days: int, kept: set[int]
) -> None:
    from datetime import timedelta

    from planner.models import utcnow
    from planner.retention import sweep

    for age in (10, 700, 800):
        db.session.add(
            AuditEvent(action="family.view", detail={"age": age}, at=utcnow() - timedelta(days=age))
        )
    db.session.commit()
    monkeypatch.setitem(cw.config, "AUDIT_RETENTION_DAYS", retention_days)
    sweep()
    left = {row.detail["age"] for row in db.session.execute(db.select(AuditEvent)).scalars()}
    assert left == kept
