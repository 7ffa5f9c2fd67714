"""The second route: when Notify says an email address or phone number does not exist
(`permanent-failure`), the plan goes the next way the family gave us, once, in the same language.

Only a permanent failure diverts. A technical or temporary failure is Notify's problem or the
phone's, not the address's: it is retried as any delivery is, never sent another way.

Exactly once: `queue_next` claims the failed row by setting its `fallback_id` only where it is
still empty (compare-and-set), and the new row's `fallback_of` is unique; a replayed or
concurrent receipt finds the claim taken and adds nothing. The caller commits (service.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from planner import crypto
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.models import new_id

# Notify's words for "this address or number does not exist" (emails, texts, letters).
DIVERT_STATUSES = frozenset({"permanent-failure"})
# Most routes a delivery can have: email, then text, then letter.
MAX_ROUTES = 3


def next_route(delivery: Delivery) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """(channel, contact, remaining fallback) for the route after this one, or None."""
    if delivery.fallback_enc is None:
        return None
    remaining = dict(crypto.decrypt_json(delivery.fallback_enc))
    if delivery.channel == "email" and "phone_number" in remaining:
        phone = remaining.pop("phone_number")
        return "sms", {"phone_number": phone}, remaining
    if delivery.channel in ("email", "sms") and "address_lines" in remaining:
        lines = remaining.pop("address_lines")
        return "letter", {"address_lines": lines}, {}
    return None


def queue_next(delivery: Delivery, notify_status: str) -> str | None:
    """Add the next route to the session when this one failed for good; returns its id, or
    None when there is none or another receipt already queued it."""
    if notify_status not in DIVERT_STATUSES or delivery.fallback_id is not None:
        return None
    route = next_route(delivery)
    if route is None:
        return None
    channel, contact, remaining = route
    child_id = new_id()
    claimed = db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.fallback_id.is_(None))
        .values(fallback_id=child_id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    old = crypto.decrypt_json(delivery.contact_enc) if delivery.contact_enc else {}
    db.session.add(
        Delivery(
            id=child_id,
            plan_id=delivery.plan_id,
            channel=channel,
            # The same secret link: it opens the same plan, in the same language.
            contact_enc=crypto.encrypt_json({**contact, "link": old.get("link")}),
            language=delivery.language,
            variant=delivery.variant,
            postage="second" if channel == "letter" else None,
            fallback_enc=crypto.encrypt_json(remaining) if remaining else None,
            fallback_consent_at=delivery.fallback_consent_at if remaining else None,
            fallback_of=delivery.id,
        )
    )
    delivery.fallback_id = child_id
    return child_id


def routes(delivery: Delivery) -> list[Delivery]:
    """Every route of the request this delivery belongs to, first to last."""
    first = delivery
    for _ in range(MAX_ROUTES):
        if first.fallback_of is None:
            break
        parent = db.session.get(Delivery, first.fallback_of)
        if parent is None:
            break
        first = parent
    found = [first]
    while found[-1].fallback_id and len(found) < MAX_ROUTES:
        child = db.session.get(Delivery, found[-1].fallback_id)
        if child is None:
            break
        found.append(child)
    return found
