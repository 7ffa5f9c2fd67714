"""Named operations on deliveries: the request stores a row and enqueues its id; the worker claims
the row, renders, sends and records the outcome. This is where delivery transactions commit.

Exactly once: the claim is a compare-and-set on `status`, Notify's `reference` is the delivery id,
and any attempt after the first asks Notify for that reference before sending again.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, update

from planner import crypto, queue
from planner.delivery import messages, notify, recipients
from planner.delivery import settings as delivery_settings
from planner.delivery.fallback import queue_next
from planner.delivery.models import FINAL_STATUSES, Delivery
from planner.delivery.ratelimit import wait_for_token
from planner.extensions import db, rowcount
from planner.models import PlanRecord, utcnow
from planner.plans.service import today_in_london

log = logging.getLogger(__name__)

# Notify's statuses (callbacks and the v2 API), and what each means for the family, in plain words.
NOTIFY_DELIVERED = frozenset({"delivered", "received"})  # "received": the letter is in the post
NOTIFY_FAILED = frozenset(
    {
        "permanent-failure",
        "temporary-failure",
        "technical-failure",
        "validation-failed",
        "virus-scan-failed",
        "cancelled",
    }
)
REASONS = {
    ("permanent-failure", "email"): "The email address does not exist or is not accepting email.",
    ("permanent-failure", "sms"): "The phone number does not exist or cannot receive texts.",
    ("permanent-failure", "letter"): "GOV.UK Notify could not print or post the letter.",
    ("temporary-failure", "email"): "The inbox was full or not accepting email for 3 days.",
    ("temporary-failure", "sms"): "The phone was switched off or out of signal for 3 days.",
    ("technical-failure", None): "A technical problem at GOV.UK Notify stopped the message.",
    ("validation-failed", None): "The letter did not meet the printing rules, so it was not sent.",
    ("virus-scan-failed", None): "The letter could not be checked for viruses, so it was not sent.",
    ("cancelled", None): "The letter was cancelled before it was printed.",
}
BUSY = "Waiting to try again: GOV.UK Notify was busy."
BLOCKED = "Not sent: the person at this address asked us not to send them messages."
# After this long without a receipt, the poller asks Notify (receipts can be lost).
RECEIPT_WAIT = timedelta(hours=72)


def reason_for(notify_status: str, channel: str) -> str:
    """A failed Notify status in plain words."""
    return (
        REASONS.get((notify_status, channel))
        or REASONS.get((notify_status, None))
        or "GOV.UK Notify could not deliver the message."
    )


# --------------------------------------------------------------------------------- the request
def create(
    record: PlanRecord,
    *,
    channel: str,
    contact: dict[str, Any],
    language: str,
    variant: str,
    postage: str | None,
    fallback: dict[str, Any] | None = None,
    recipient: str | None = None,
) -> Delivery:
    """Store a delivery (contact details, and any second route, encrypted) and enqueue its id,
    and only its id. A `fallback` is given only with the family's consent, recorded now.
    `recipient` (from recipients.check) counts the message against that recipient's daily
    limit, in the same transaction as the delivery."""
    recipients.count_send(recipient)
    delivery = Delivery(
        plan_id=record.id,
        channel=channel,
        contact_enc=crypto.encrypt_json(contact),
        language=language,
        variant=variant,
        postage=postage if channel == "letter" else None,
        fallback_enc=crypto.encrypt_json(fallback) if fallback else None,
        fallback_consent_at=utcnow() if fallback else None,
    )
    db.session.add(delivery)
    db.session.commit()
    enqueue(delivery.id)
    log.info("delivery %s queued for plan %s (%s)", delivery.id, record.id, channel)
    return delivery


def enqueue(delivery_id: str) -> None:
    """Send `deliver.send` through this app's own Celery (eager in tests, Redis in production)."""
    queue.send_delivery(delivery_id)


def get(delivery_id: str) -> Delivery | None:
    return db.session.get(Delivery, delivery_id)


def for_plan(delivery_id: str, plan_id: str) -> Delivery | None:
    """The delivery when it belongs to this plan (the plan's token opens only its own)."""
    delivery = get(delivery_id)
    return delivery if delivery is not None and delivery.plan_id == plan_id else None


# ---------------------------------------------------------------------------------- the worker
def claim(delivery_id: str, stale_after: float) -> bool:
    """Compare-and-set pending -> sending (or take over a `sending` row a lost worker left behind).
    Only one worker can win; a replayed or duplicate message finds nothing to claim."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_after)
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .where(
            or_(
                Delivery.status == "pending",
                (Delivery.status == "sending") & (Delivery.claimed_at < stale),
            )
        )
        .values(status="sending", claimed_at=now, updated_at=now, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return rowcount(result) == 1


def _finish(delivery_id: str, **values: Any) -> None:
    """Record the outcome, but only while this worker still holds the claim."""
    values.setdefault("updated_at", utcnow())
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "sending")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _mark_sent(delivery_id: str, notify_id: str, notify_status: str | None) -> None:
    now = utcnow()
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "sending")
        .values(status="sent", notify_id=notify_id, notify_status=notify_status, reason=None)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) == 0:
        # A receipt beat us here (already delivered or failed): keep it, just note Notify's id.
        db.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.notify_id.is_(None))
            .values(notify_id=notify_id)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


def backoff(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter: attempt 1 waits between base/2 and base, doubling, capped.
    The jitter spreads a storm of retries so workers do not hit Notify in step."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True)
class Outcome:
    """What the task should do next: nothing, or retry after `retry_in` seconds."""

    state: str
    retry_in: float | None = None


def attempt(delivery_id: str) -> Outcome:
    """One attempt at a delivery: claim, look the reference up when retrying, render, send."""
    cfg = delivery_settings.load()
    if not claim(delivery_id, cfg.stale_after):
        row = get(delivery_id)
        log.info("delivery %s not claimable (%s)", delivery_id, row.status if row else "gone")
        return Outcome("skipped")
    delivery = get(delivery_id)
    assert delivery is not None
    cfg = delivery_settings.for_plan(cfg, delivery.plan_id)
    sender = notify.sender_for(cfg)
    try:
        if delivery.attempts > 1 and delivery.channel != "pdf":
            # A crash or retry may have left a message at Notify: never send it twice.
            wait_for_token(cfg.redis_url, cfg.rate_limit_per_minute)
            found = sender.find(delivery.id)
            if found is not None:
                log.info("delivery %s found at Notify as %s", delivery.id, found.get("id"))
                _mark_sent(delivery.id, str(found["id"]), found.get("status"))
                return Outcome("sent")
        notify_id = _send(delivery, sender, cfg)
    except notify.TemporaryError as exc:
        if delivery.attempts >= cfg.max_attempts:
            log.warning("delivery %s failed after %s attempts", delivery.id, delivery.attempts)
            _finish(
                delivery.id,
                status="failed",
                reason="GOV.UK Notify was unavailable for too long. Please try again.",
            )
            return Outcome("failed")
        delay = backoff(delivery.attempts, cfg.retry_base, cfg.retry_cap)
        log.info("delivery %s will retry in %.1fs: %s", delivery.id, delay, exc)
        _finish(delivery.id, status="pending", reason=BUSY)
        return Outcome("retry", retry_in=delay)
    except notify.PermanentError as exc:
        log.warning("delivery %s refused by Notify (%s)", delivery.id, exc.status_code)
        _finish(delivery.id, status="failed", reason=exc.message)
        return Outcome("failed")
    if notify_id is None:  # the PDF download: ready in the cache, nothing to send
        _finish(delivery.id, status="delivered", reason=None)
        return Outcome("delivered")
    _mark_sent(delivery.id, notify_id, "created")
    log.info("delivery %s sent as %s", delivery.id, notify_id)
    return Outcome("sent")


def _send(
    delivery: Delivery, sender: notify.Sender, cfg: delivery_settings.DeliverySettings
) -> str | None:
    """Render what the channel needs and hand it to Notify (or the outbox)."""
    from planner.delivery import rendering

    record = db.session.get(PlanRecord, delivery.plan_id)
    assert record is not None
    contact = crypto.decrypt_json(delivery.contact_enc) if delivery.contact_enc else {}
    if recipients.blocked_contact(delivery.channel, contact):
        # Checked here, not only when asked: this covers reminders, retries and staff letters too.
        raise notify.PermanentError(BLOCKED, 403)
    not_me = recipients.not_me_url_for(delivery.channel, contact)
    link = contact.get("link") or messages.plan_link(
        cfg.public_url, record.id, None, delivery.language
    )
    council = record.council
    # A reminder travels through the same pipeline with its own words (planner.reminders).
    from planner.reminders.messages import message_for_delivery

    reminder = message_for_delivery(delivery.id)
    if reminder is not None:
        return _send_reminder(delivery, reminder, contact, record, sender, cfg)
    if delivery.channel == "pdf":
        rendering.plan_pdf(record, delivery.language, delivery.variant)
        return None
    if delivery.channel == "letter":
        pdf, summary = rendering.letter_pdf(
            record, delivery.language, delivery.variant, contact["address_lines"], link, not_me
        )
        if summary:
            log.info("delivery %s: plan too long for a letter, sending the summary", delivery.id)
        wait_for_token(cfg.redis_url, cfg.rate_limit_per_minute)
        return sender.send_letter(delivery.id, pdf, delivery.postage or "second")
    if delivery.channel == "sms":
        body = messages.sms_message(
            language=delivery.language,
            council=council.name,
            link=link,
            reference=record.reference,
            not_me=not_me,
        )
        wait_for_token(cfg.redis_url, cfg.rate_limit_per_minute)
        return sender.send_sms(delivery.id, contact["phone_number"], {"body": body})
    pdf = rendering.plan_pdf(record, delivery.language, delivery.variant)
    upload = notify.attachment(pdf, f"plan-{record.reference}.pdf")
    text = messages.email_message(
        language=delivery.language,
        council=council.name,
        link=link,
        reference=record.reference,
        phone=council.contact_phone or "",
        attached=upload is not None,
        next_steps=rendering.next_steps(record, delivery.language),
        not_me=not_me,
    )
    personalisation: dict[str, Any] = {**text, "link_to_file": upload if upload else ""}
    if upload is None:
        log.info("delivery %s: PDF over 2 MB, sending the link alone", delivery.id)
    wait_for_token(cfg.redis_url, cfg.rate_limit_per_minute)
    return sender.send_email(delivery.id, contact["email_address"], personalisation)


def _send_reminder(
    delivery: Delivery,
    message: Any,
    contact: dict[str, Any],
    record: PlanRecord,
    sender: notify.Sender,
    cfg: delivery_settings.DeliverySettings,
) -> str:
    """Send a reminder's text, email (with one-click unsubscribe) or letter."""
    from planner.delivery.letter import render_reminder_letter

    wait_for_token(cfg.redis_url, cfg.rate_limit_per_minute)
    if delivery.channel == "sms":
        return sender.send_sms(delivery.id, contact["phone_number"], {"body": message.body})
    if delivery.channel == "email":
        return sender.send_email(
            delivery.id,
            contact["email_address"],
            {"subject": message.subject, "body": message.body, "link_to_file": ""},
            one_click_unsubscribe_url=message.stop_url,
        )
    pdf = render_reminder_letter(
        council=record.council,
        address_lines=contact["address_lines"],
        language=message.language,
        variant=delivery.variant,
        subject=message.subject,
        paragraphs=message.paragraphs,
        reference=record.reference,
        today=today_in_london(),
    )
    return sender.send_letter(delivery.id, pdf, delivery.postage or "second")


# ------------------------------------------------------------------------------- receipts, polls
def record_status(delivery: Delivery, notify_status: str, notify_id: str | None = None) -> None:
    """Apply a status from Notify (a receipt or a poll). Final states are never undone. A
    permanent failure queues the family's second route, if they gave one (planner.delivery.
    fallback), in the same transaction, so it happens once however often the receipt comes."""
    now = utcnow()
    next_id = None
    delivery.notify_status = notify_status
    delivery.receipt_at = now
    if notify_id and not delivery.notify_id:
        delivery.notify_id = notify_id
    if delivery.status not in FINAL_STATUSES:
        if notify_status in NOTIFY_DELIVERED:
            delivery.status, delivery.reason = "delivered", None
        elif notify_status in NOTIFY_FAILED:
            delivery.status = "failed"
            delivery.reason = reason_for(notify_status, delivery.channel)
            next_id = queue_next(delivery, notify_status)
        elif delivery.status == "sending":
            # Notify has it: the worker's own "sent" may not have landed yet.
            delivery.status = "sent"
    delivery.updated_at = now
    db.session.commit()
    if next_id is not None:
        # Lost before it reached the broker? The sweeper re-queues old pending rows.
        log.info("delivery %s failed for good: sending route %s", delivery.id, next_id)
        enqueue(next_id)


def find_for_receipt(reference: str | None, notify_id: str | None) -> Delivery | None:
    """The delivery a receipt is about: by our reference first, then by Notify's id."""
    if reference:
        found = get(reference)
        if found is not None:
            return found
    if notify_id:
        stmt = db.select(Delivery).filter_by(notify_id=notify_id)
        return db.session.execute(stmt).scalar_one_or_none()
    return None


def requeue_stuck() -> list[str]:
    """Hand back deliveries a lost worker left in `sending`, and pending ones whose retry
    message was lost, to the queue. The claim's compare-and-set keeps this safe to overlap."""
    cfg = delivery_settings.load()
    now = utcnow()
    stale = now - timedelta(seconds=cfg.stale_after)
    # A pending row normally has a retry message waiting at most `retry_cap` seconds.
    lost = now - timedelta(seconds=cfg.stale_after + cfg.retry_cap)
    ids = list(
        db.session.execute(
            db.select(Delivery.id)
            .where(
                or_(
                    (Delivery.status == "sending") & (Delivery.claimed_at < stale),
                    (Delivery.status == "pending") & (Delivery.updated_at < lost),
                )
            )
            .limit(1000)
        ).scalars()
    )
    for delivery_id in ids:
        log.info("delivery %s re-queued by the sweeper", delivery_id)
        enqueue(delivery_id)
    return ids


def poll_statuses(limit: int = 500) -> int:
    """Ask Notify about letters (no receipts for most letter states) and anything without a
    receipt for 72 hours, until each reaches a final state. Returns how many were asked about."""
    cfg = delivery_settings.load()
    if cfg.outbox:
        return 0
    now = utcnow()
    silent = now - RECEIPT_WAIT
    rows = db.session.execute(
        db.select(Delivery)
        .where(Delivery.status == "sent", Delivery.notify_id.is_not(None))
        .where(or_(Delivery.channel == "letter", Delivery.updated_at < silent))
        .order_by(Delivery.updated_at)
        .limit(limit)
    ).scalars()
    sender = notify.sender_for(cfg)
    asked = 0
    for delivery in list(rows):
        wait_for_token(cfg.redis_url, cfg.rate_limit_per_minute)
        try:
            found = sender.get(str(delivery.notify_id))
        except (notify.TemporaryError, notify.PermanentError) as exc:
            log.info("status poll for delivery %s failed: %s", delivery.id, type(exc).__name__)
            continue
        asked += 1
        record_status(delivery, str(found.get("status")), None)
    return asked
