"""The audit trail: one row for every view, change, send and export of a family's data.

`record` adds the row to the current transaction and commits, so the row lands with the change
it describes. It takes ids and counts only: never names, addresses or answers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from planner.caseworker.models import AuditEvent
from planner.extensions import db

# The actions the trail knows; anything else is a programming error.
ACTIONS = frozenset(
    {
        "sign_in",
        "sign_in_refused",
        "sign_out",
        "sign_out_everywhere",
        "account.password",
        "account.two_factor",
        "family.search",
        "family.view",
        "family.create",
        "family.change",
        "family.rebuild",
        "late.view",
        "late.export",
        "consent.record",
        "address.change",
        "letter.preview",
        "letter.send",
        "message.send",
        "letter.download",
        "delivery.retry",
        "batch.create",
        "batch.view",
        "batch.download",
        "settings.change",
        "user.create",
        "audit.view",
        "audit.export",
        "plan.erase",
        "plan.share",
        "plan.unshare",
        "directory.settings",
        "directory.import",
        "directory.confirm",
        "directory.discard",
    }
)


def client_ip() -> str | None:
    """The address the request came from (with PLANNER_PROXY_HOPS set, ProxyFix makes this the
    client's own address behind a load balancer)."""
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    *,
    plan_id: str | None = None,
    user: Any = None,
    commit: bool = True,
    **detail: Any,
) -> AuditEvent:
    """Write one audit row for the signed-in user (or `user`). `detail` must hold ids and
    counts only."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    who = user if user is not None else current_user
    signed_in = who is not None and getattr(who, "is_authenticated", False)
    event = AuditEvent(
        action=action,
        plan_id=plan_id,
        user_id=who.id if signed_in else None,
        user_email=who.email if signed_in else None,
        council_id=who.council_id if signed_in else None,
        detail=detail,
        ip_address=client_ip(),
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def query(
    council_id: int,
    *,
    user_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Any:
    """The council's events, newest first, filtered by user and by day (inclusive)."""
    stmt = db.select(AuditEvent).where(AuditEvent.council_id == council_id)
    if user_id is not None:
        stmt = stmt.where(AuditEvent.user_id == user_id)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(since, time.min))
    if until is not None:
        stmt = stmt.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min))
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


CSV_COLUMNS = ("id", "at", "user_id", "user_email", "action", "plan_id", "detail", "ip_address")


def _safe(value: str) -> str:
    """Stop spreadsheet formula injection: a cell starting with = + - @ is read as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The events as CSV text, a line at a time (streams a long trail without holding it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow(
            [
                event.id,
                event.at.isoformat(timespec="seconds") + "Z",
                event.user_id or "",
                _safe(event.user_email or ""),
                event.action,
                event.plan_id or "",
                _safe(_detail_text(event.detail)),
                event.ip_address or "",
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _detail_text(detail: dict[str, Any] | None) -> str:
    return "; ".join(f"{k}={v}" for k, v in sorted((detail or {}).items()))
