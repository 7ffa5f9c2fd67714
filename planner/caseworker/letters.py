"""Letters for families without internet access (SEND Code of Practice 4.62): the address on
file, the letter PDF (the delivery feature's precompiled letter with its address page), sending
one by post through the delivery pipeline, and what a delivery's outcome means for the
caseworker, in plain words with the next step.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from planner import crypto
from planner.caseworker.models import PostalAddress
from planner.delivery import messages
from planner.delivery import service as deliveries
from planner.delivery import settings as delivery_settings
from planner.delivery.models import Delivery
from planner.delivery.validation import normalise_address
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans.service import issue_link

# (words that appear in the stored reason or Notify status, what it means, what to do next)
EXPLANATIONS: tuple[tuple[tuple[str, ...], Any, Any], ...] = (
    (
        ("postcode",),
        _l("The address postcode is not a real UK postcode."),
        _l("Check the postcode with the family, correct the address and send the letter again."),
    ),
    (
        ("address", "no fixed abode"),
        _l("GOV.UK Notify could not use the postal address."),
        _l("Check the address with the family, correct it and send the letter again."),
    ),
    (
        ("team-only", "trial mode", "api key"),
        _l("The council's GOV.UK Notify account cannot send to this family yet."),
        _l("Ask your administrator to check the council's GOV.UK Notify settings."),
    ),
    (
        ("validation-failed", "printing rules", "virus"),
        _l("The letter did not pass GOV.UK Notify's checks, so it was not printed."),
        _l("Print the letter here and post it, and tell your administrator."),
    ),
    (
        ("unavailable", "busy", "technical"),
        _l("GOV.UK Notify was not working when we tried to send it."),
        _l("Send it again. If it fails again, print the letter here and post it."),
    ),
    (
        ("permanent-failure",),
        _l("The letter or message could not be delivered."),
        _l("Check the contact details with the family before trying again."),
    ),
    (
        ("temporary-failure",),
        _l("The message could not be delivered for several days."),
        _l("Try again later or send a letter instead."),
    ),
)


def explain(delivery: Delivery) -> tuple[Any, Any] | None:
    """(what happened, what to do next) for a failed delivery; None when it has not failed."""
    if delivery.status != "failed":
        return None
    said = " ".join(filter(None, [delivery.reason, delivery.notify_status])).lower()
    for words, happened, next_step in EXPLANATIONS:
        if any(word in said for word in words):
            return happened, next_step
    return (
        _l("It could not be sent."),
        _l("Send it again. If it fails again, print the letter here and post it."),
    )


# ------------------------------------------------------------------------------ postal address
def address_for(plan_id: str) -> list[str] | None:
    row = db.session.get(PostalAddress, plan_id)
    return list(crypto.decrypt_json(row.address_enc)) if row else None


def save_address(record: PlanRecord, lines: list[str], user_id: int | None) -> list[str]:
    """Validate (raises InvalidContact) and store the address encrypted; returns it normalised."""
    cleaned = normalise_address(lines)
    row = db.session.get(PostalAddress, record.id)
    if row is None:
        row = PostalAddress(plan_id=record.id)
        db.session.add(row)
    row.address_enc = crypto.encrypt_json(cleaned)
    row.updated_by = user_id
    db.session.commit()
    return cleaned


# ------------------------------------------------------------------------------------- letters
def link_for(record: PlanRecord, language: str) -> str:
    """The link printed in the letter: a secret link of its own (saved in the caller's
    transaction), so the family can open the plan online on any device."""
    cfg = delivery_settings.load()
    return messages.plan_link(cfg.public_url, record.id, issue_link(record, "letter"), language)


def letter_pdf(record: PlanRecord, address: list[str]) -> tuple[bytes, bool]:
    """The letter as Notify would print it (address page first) and whether it is the summary."""
    from planner.delivery import rendering

    # Previews and local prints reach the family too, so they carry a real link (saved here).
    link = link_for(record, record.language)
    db.session.commit()
    return rendering.letter_pdf(
        record,
        record.language,
        record.variant,
        address,
        link,
    )


def send_letter(record: PlanRecord, address: list[str], postage: str) -> Delivery:
    """Queue the letter through the delivery pipeline (Notify, or the outbox in development)."""
    return deliveries.create(
        record,
        channel="letter",
        contact={"address_lines": address, "link": link_for(record, record.language)},
        language=record.language,
        variant=record.variant,
        postage=postage,
    )


def retry(delivery: Delivery) -> Delivery:
    """Send a failed delivery again as a new delivery. A new row means a new Notify reference:
    the old one is already known to Notify as failed, and the exactly-once check would find it
    and never send again. Uses the delivery feature's own `retry` when it has one."""
    own = getattr(deliveries, "retry", None)
    if own is not None:
        return own(delivery)  # type: ignore[no-any-return]
    record = db.session.get(PlanRecord, delivery.plan_id)
    assert record is not None
    contact = crypto.decrypt_json(delivery.contact_enc) if delivery.contact_enc else {}
    return deliveries.create(
        record,
        channel=delivery.channel,
        contact=contact,
        language=delivery.language,
        variant=delivery.variant,
        postage=delivery.postage,
    )


def deliveries_for(plan_id: str) -> list[Delivery]:
    return list(
        db.session.execute(
            db.select(Delivery).where(Delivery.plan_id == plan_id).order_by(Delivery.created_at)
        ).scalars()
    )
