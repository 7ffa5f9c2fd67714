"""Named operations on reminders: opt in, opt out, rebuild after answers change, stop by link.

This module commits; views, the API, the CLI and tasks call it. Rows are keyed by (plan, milestone,
reminder date): a rebuild adds what is new, cancels what no longer applies and never touches a
reminder that has already gone out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask import current_app

from planner import crypto
from planner.delivery.validation import (
    InvalidContact,
    normalise_address,
    normalise_email,
    normalise_uk_mobile,
)
from planner.extensions import db
from planner.i18n import BabelLocalizer
from planner.models import PlanRecord, utcnow
from planner.reminders.models import CHANNELS, Reminder, ReminderSubscription
from planner.reminders.timing import due_at_for
from planner.rules.i18n import N_
from planner.rules.milestones import build_milestones, reminder_horizon
from planner.rules.types import LeadTimes, Milestone

# The words a family agrees to; stored verbatim with each consent (UK GDPR art. 7(1)). The page
# shows its translation and stores what it showed.
CONSENT_WORDING = (
    "I agree to get reminders about the dates in this plan by the way I chose. I can stop them at "
    "any time."
)
CONTACT_FIELDS = {"email": "email_address", "sms": "phone_number", "letter": "address_lines"}
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class ReminderError(ValueError):
    """Input that cannot become a subscription; `errors` maps each bad field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def validate_contact(channel: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The one contact detail the channel needs, normalised as Notify will accept it.

    Uses the delivery feature's validators so reminders and plan deliveries refuse the same
    things. Raises ReminderError naming the field."""
    if channel not in CHANNELS:
        raise ReminderError({"channel": "must be one of: " + ", ".join(CHANNELS)})
    field = CONTACT_FIELDS[channel]
    value = data.get(field)
    try:
        if channel == "email":
            if not isinstance(value, str):
                raise InvalidContact(field, "Enter an email address.")
            return _not_blocked(channel, {field: normalise_email(value)})
        if channel == "sms":
            if not isinstance(value, str):
                raise InvalidContact(field, "Enter a mobile phone number.")
            return _not_blocked(channel, {field: normalise_uk_mobile(value)})
        if not isinstance(value, list):
            raise InvalidContact(field, "Enter the address as a list of lines.")
        return _not_blocked(channel, {field: normalise_address(value)})
    except InvalidContact as exc:
        raise ReminderError({exc.field: exc.message}) from None


# Marked for the catalogues: the reminders form shows ReminderError messages translated.
BLOCKED_MESSAGE = N_(
    "The person at this address has asked us not to send them messages. Choose another way to "
    "get reminders"
)


def _not_blocked(channel: str, contact: dict[str, Any]) -> dict[str, Any]:
    """The contact, unless its recipient followed "I did not ask for this" (planner.delivery.
    recipients): reminders are not sent to them from any plan."""
    from planner.delivery.recipients import blocked_contact

    if blocked_contact(channel, contact):
        raise InvalidContact(CONTACT_FIELDS[channel], BLOCKED_MESSAGE)
    return contact


def subscription_for(record: PlanRecord) -> ReminderSubscription | None:
    return db.session.execute(
        db.select(ReminderSubscription).filter_by(plan_id=record.id)
    ).scalar_one_or_none()


def reminders_for(record: PlanRecord) -> Sequence[Reminder]:
    """The plan's reminders that are or were going out (cancelled ones left out), by due time."""
    return (
        db.session.execute(
            db.select(Reminder)
            .where(Reminder.plan_id == record.id, Reminder.status != "cancelled")
            .order_by(Reminder.due_at, Reminder.milestone_id)
        )
        .scalars()
        .all()
    )


def opt_in(
    record: PlanRecord,
    channel: str,
    contact: Mapping[str, Any],
    *,
    wording: str,
    given_by: str,
    language: str | None = None,
    today: date | None = None,
) -> ReminderSubscription:
    """Record consent and the (validated) contact, then build the plan's reminders.

    Opting in again replaces the channel, contact and consent; reminders already sent stay sent."""
    from planner.plans.service import today_in_london

    today = today or today_in_london()
    sub = subscription_for(record)
    if sub is None:
        sub = ReminderSubscription(plan_id=record.id, stop_code=_new_code(), built_on=today)
        db.session.add(sub)
    sub.channel = channel
    # The reminders carry a secret link of their own, so they open the plan on any device.
    from planner.plans.service import issue_link

    sub.contact_enc = crypto.encrypt_json(
        {**contact, "link_token": issue_link(record, "reminders")}
    )
    sub.language = language or record.language
    sub.active = True
    sub.opted_out_at = None
    sub.consent_given_at = utcnow()
    sub.consent_wording = wording
    sub.consent_given_by = given_by
    _rebuild(record, sub, today)
    db.session.commit()
    current_app.logger.info("reminders opt-in plan=%s channel=%s", record.id, channel)
    return sub


def opt_out(record: PlanRecord) -> bool:
    """Stop every future reminder for the plan at once and forget the contact details.

    Returns False when the plan had no active subscription (opting out twice is harmless)."""
    sub = subscription_for(record)
    was_active = sub is not None and sub.active
    if sub is not None:
        sub.active = False
        sub.contact_enc = None
        sub.opted_out_at = sub.opted_out_at or utcnow()
    _cancel_pending(record.id, "The family stopped reminders.")
    db.session.commit()
    current_app.logger.info("reminders opt-out plan=%s", record.id)
    return was_active


def stop_for_recipient(sub: ReminderSubscription) -> None:
    """The person the reminders go to said they never asked for them (planner.delivery.
    recipients.block): as opt_out, in the caller's transaction, with their reason recorded."""
    sub.active = False
    sub.contact_enc = None
    sub.opted_out_at = sub.opted_out_at or utcnow()
    _cancel_pending(sub.plan_id, "The person at this address said they did not ask for them.")
    current_app.logger.info("reminders stopped by their recipient plan=%s", sub.plan_id)


def rebuild(record: PlanRecord, today: date | None = None) -> None:
    """Bring the plan's reminders in line with its current answers (call after update_answers)."""
    from planner.plans.service import today_in_london

    sub = subscription_for(record)
    if sub is None or not sub.active:
        _cancel_pending(record.id, "Reminders are off for this plan.")
    else:
        _rebuild(record, sub, today or today_in_london())
    db.session.commit()


def lead_times_for(record: PlanRecord) -> LeadTimes:
    """The council's lead times, as planner.plans.service.build uses them."""
    return record.council.reminder_lead_times()


def milestones_as_of(
    record: PlanRecord, day: date, language: str = "en", horizon: date | None = None
) -> tuple[Milestone, ...]:
    """The plan's milestones as the plan built on `day` has them, with their reminder dates (to
    `horizon`; by default two years after `day`, as in the plan).

    Only the milestones are needed here, so the rules are called directly rather than through
    plan_for: no directory look-up or section writing for each rebuild or message."""
    from planner.plans.service import load_answers

    answers = load_answers(record)
    return build_milestones(
        answers, day, BabelLocalizer(language), lead_times_for(record), horizon=horizon
    )


def extend_horizon(today: date | None = None) -> int:
    """The nightly pass: rebuild the reminders of every active subscription not yet built today.

    Reminders are made only for dates within two years (planner.rules.milestones); each night the
    window moves on a day, so this adds the reminders whose dates have just come within it (the
    age-16 ones, years after the family opted in). Idempotent: a plan already built today is
    skipped, and a rebuild never duplicates a row. Each plan commits on its own, so one bad plan
    cannot hold back the rest. Returns how many plans were rebuilt."""
    from planner.plans.service import today_in_london

    today = today or today_in_london()
    plan_ids = (
        db.session.execute(
            db.select(ReminderSubscription.plan_id)
            .where(ReminderSubscription.active.is_(True), ReminderSubscription.built_on < today)
            .order_by(ReminderSubscription.plan_id)
        )
        .scalars()
        .all()
    )
    return sum(extend_plan(plan_id, today) for plan_id in plan_ids)


def extend_plan(plan_id: str, today: date) -> bool:
    """Bring one plan's reminders up to `today`'s two-year window; False when there was nothing
    to do (no such plan, reminders off, or already built today)."""
    record = db.session.get(PlanRecord, plan_id)
    sub = subscription_for(record) if record is not None else None
    if record is None or sub is None or not sub.active or sub.built_on >= today:
        return False
    _rebuild(record, sub, today)
    db.session.commit()
    current_app.logger.info("reminders extended plan=%s", plan_id)
    return True


def _rebuild(record: PlanRecord, sub: ReminderSubscription, today: date) -> None:
    existing = {
        (r.milestone_id, r.remind_on): r
        for r in db.session.execute(db.select(Reminder).filter_by(plan_id=record.id)).scalars()
    }
    pending = [r for r in existing.values() if r.status == "pending"]
    # Build from the earliest date a pending reminder still depends on, so a reminder that is
    # overdue (waiting for catch-up) or a chase after its milestone is kept while it applies.
    since = min([today] + [min(r.remind_on, r.milestone_date) for r in pending])
    # Every reminder date the plan has decides what to cancel; only those within two years of
    # today are made now (extend_horizon adds the rest as they come within reach).
    milestones = milestones_as_of(record, since, horizon=date.max)
    horizon = reminder_horizon(today)
    applies = {(m.id, d): m for m in milestones for d in m.reminders}
    for key, row in existing.items():
        if row.status == "pending" and key not in applies:
            row.status, row.reason = "cancelled", "The plan no longer has this date."
        elif row.status in ("pending", "cancelled") and key in applies:
            # Follow the family's current choice of channel and language.
            row.channel, row.language = sub.channel, sub.language
            if row.status == "cancelled" and row.remind_on >= today:
                row.status, row.reason = "pending", None
    for (milestone_id, remind_on), milestone in applies.items():
        if remind_on < today or remind_on > horizon or (milestone_id, remind_on) in existing:
            continue
        db.session.add(
            Reminder(
                plan_id=record.id,
                milestone_id=milestone_id,
                milestone_date=milestone.date,
                remind_on=remind_on,
                due_at=due_at_for(remind_on),
                channel=sub.channel,
                language=sub.language,
            )
        )
    sub.built_on = today


def _cancel_pending(plan_id: str, reason: str) -> None:
    db.session.execute(
        db.update(Reminder)
        .where(Reminder.plan_id == plan_id, Reminder.status == "pending")
        .values(status="cancelled", reason=reason, updated_at=utcnow())
    )


# ------------------------------------------------------------------------------------ stop links
def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def _mac(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"reminders-stop:" + code.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:12]


def stop_token(sub: ReminderSubscription) -> str:
    """A signed, short token for the stop link (about 23 characters, so it fits in a text)."""
    return f"{sub.stop_code}.{_mac(sub.stop_code)}"


def stop_url(sub: ReminderSubscription) -> str:
    """The public https link that stops reminders; Notify's `one_click_unsubscribe_url`."""
    base = current_app.config["PLANNER_PUBLIC_URL"].rstrip("/")
    return f"{base}/reminders/stop/{stop_token(sub)}"


def subscription_for_token(token: str) -> ReminderSubscription | None:
    """The subscription a stop token was made for, or None when the signature does not match."""
    code, _, mac = token.partition(".")
    if not code or not mac or not hmac.compare_digest(_mac(code), mac):
        return None
    return db.session.execute(
        db.select(ReminderSubscription).filter_by(stop_code=code)
    ).scalar_one_or_none()


def stop(token: str) -> bool:
    """One-click stop: True when the token is genuine (stopping again is still True)."""
    sub = subscription_for_token(token)
    if sub is None:
        return False
    record = db.session.get(PlanRecord, sub.plan_id)
    if record is not None:
        opt_out(record)
    return True
