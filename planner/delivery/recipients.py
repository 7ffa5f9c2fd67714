"""Bounds on sending to strangers (issue 16, B4).

Anyone can make a plan and ask for it to be sent anywhere, so the service could be used to send
council-branded messages to people who never asked for them. Three things bound that:

- at most DAILY_LIMIT messages a family asks for reach one email address, phone number or postal
  address in 24 hours, across all plans (reminders are not counted: they were asked for once and
  each carries its own stop link);
- every message carries an "I did not ask for this" link (`not_me_url`); following it blocks the
  recipient, from every plan, and cancels reminders waiting to go to them;
- the worker refuses, at send time, anything addressed to a blocked recipient, whichever path
  queued it.

Recipients are known only by a keyed hash (HMAC-SHA256 with the app's secret key, 128 bits) of
the normalised address: the tables never hold an address, and the hash cannot be checked against
a list of addresses without the key. Changing SECRET_KEY forgets every block and count.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from planner import crypto
from planner.delivery.models import RecipientBlock, RecipientSend
from planner.delivery.validation import InvalidContact, normalise_uk_mobile
from planner.extensions import db
from planner.models import utcnow

log = logging.getLogger(__name__)

DAILY_LIMIT = 5
WINDOW = timedelta(hours=24)
# Sends are kept a little longer than the window, then swept (planner.retention).
KEEP_SENDS = timedelta(days=2)
_KEY_BYTES = 16  # 128 bits: no two recipients will share a key
_MAC_BYTES = 6  # signs the link, so made-up links are refused rather than stored


class Refused(Exception):  # noqa: N818 - reads as "recipients.Refused"
    """This recipient cannot be sent to now. `reason` is "blocked" or "limit"; `field` is the
    API field of the contact; `retry_after` is seconds until the limit allows another."""

    def __init__(self, reason: str, field: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.retry_after = retry_after


CONTACT_FIELDS = {"email": "email_address", "sms": "phone_number", "letter": "address_lines"}


def _secret() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode()


def normalised(channel: str, contact: Mapping[str, Any]) -> str | None:
    """One spelling per recipient, so case, spacing and `+tags` do not make a new one."""
    value = contact.get(CONTACT_FIELDS.get(channel, ""))
    if channel == "email" and isinstance(value, str):
        local, _, domain = value.strip().rpartition("@")
        return "email:" + local.split("+", 1)[0].casefold() + "@" + domain.casefold()
    if channel == "sms" and isinstance(value, str):
        try:
            return "sms:" + normalise_uk_mobile(value)
        except InvalidContact:
            return "sms:" + re.sub(r"\D", "", value)
    if channel == "letter" and isinstance(value, list):
        # Case, punctuation and spacing differ between two spellings of one address.
        lines = (" ".join(re.sub(r"[^\w]", " ", str(line).casefold()).split()) for line in value)
        return "letter:" + "\n".join(line for line in lines if line)
    return None


def recipient_key(channel: str, contact: Mapping[str, Any]) -> str | None:
    """The keyed hash that stands for this recipient (hex), or None for a PDF download."""
    value = normalised(channel, contact)
    if value is None:
        return None
    digest = hmac.new(_secret(), b"recipient:" + value.encode(), hashlib.sha256).digest()
    return digest[:_KEY_BYTES].hex()


def _mac(key: bytes) -> bytes:
    return hmac.new(_secret(), b"not-me:" + key, hashlib.sha256).digest()[:_MAC_BYTES]


def link_token(key: str) -> str:
    """The token in the "I did not ask for this" link: the key and a signature, 30 characters."""
    raw = bytes.fromhex(key)
    return base64.urlsafe_b64encode(raw + _mac(raw)).decode().rstrip("=")


def key_for_token(token: str) -> str | None:
    """The recipient key a link was made for, or None when the link is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    key, mac = raw[:_KEY_BYTES], raw[_KEY_BYTES:]
    if len(key) != _KEY_BYTES or not hmac.compare_digest(mac, _mac(key)):
        return None
    return key.hex()


def not_me_url(key: str) -> str:
    """The public "I did not ask for this" link for a recipient."""
    base = str(current_app.config["PLANNER_PUBLIC_URL"]).rstrip("/")
    return f"{base}/not-me/{link_token(key)}"


def not_me_url_for(channel: str, contact: Mapping[str, Any]) -> str:
    """The link for the recipient of this contact ("" for a PDF download)."""
    key = recipient_key(channel, contact)
    return not_me_url(key) if key else ""


def is_blocked(key: str) -> bool:
    return db.session.get(RecipientBlock, key) is not None


def daily_limit() -> int:
    """The configured limit (RECIPIENT_DAILY_LIMIT), DAILY_LIMIT by default."""
    return int(current_app.config.get("RECIPIENT_DAILY_LIMIT") or DAILY_LIMIT)


def check(channel: str, contact: Mapping[str, Any], now: datetime | None = None) -> str | None:
    """Before a family's request is stored: the recipient's key, or Refused when they blocked us
    or already had DAILY_LIMIT messages in the last 24 hours."""
    key = recipient_key(channel, contact)
    if key is None:
        return None
    field = CONTACT_FIELDS[channel]
    if is_blocked(key):
        raise Refused("blocked", field)
    now = now or utcnow()
    since = now - WINDOW
    count, oldest = db.session.execute(
        select(func.count(), func.min(RecipientSend.sent_at)).where(
            RecipientSend.recipient == key, RecipientSend.sent_at > since
        )
    ).one()
    if count >= daily_limit():
        wait = int((oldest + WINDOW - now).total_seconds()) + 1 if oldest else 1
        raise Refused("limit", field, retry_after=max(wait, 1))
    return key


def count_send(key: str | None) -> None:
    """Count one message to `key`, in the caller's transaction (it commits with the delivery)."""
    if key is not None:
        db.session.add(RecipientSend(recipient=key))


def block(key: str) -> int:
    """Block the recipient from every plan and stop reminders waiting to go to them; commits.
    Returns how many plans' reminders were stopped. Blocking twice is harmless."""
    if not is_blocked(key):
        db.session.add(RecipientBlock(recipient=key))
        try:
            db.session.commit()
        except IntegrityError:  # the same link followed twice at once: already blocked
            db.session.rollback()
    stopped = _stop_reminders(key)
    db.session.commit()
    log.info("recipient blocked; reminders stopped for %s plans", stopped)
    return stopped


def _stop_reminders(key: str) -> int:
    """Turn off every active subscription whose contact is this recipient. Contacts are
    encrypted, so each active one is decrypted and hashed in memory (blocks are rare)."""
    from planner.reminders.models import ReminderSubscription
    from planner.reminders.service import stop_for_recipient

    stopped = 0
    subs = db.session.execute(
        select(ReminderSubscription).where(
            ReminderSubscription.active.is_(True), ReminderSubscription.contact_enc.is_not(None)
        )
    ).scalars()
    for sub in list(subs):
        assert sub.contact_enc is not None
        contact = crypto.decrypt_json(sub.contact_enc)
        if recipient_key(sub.channel, contact) == key:
            stop_for_recipient(sub)
            stopped += 1
    return stopped


def blocked_contact(channel: str, contact: Mapping[str, Any]) -> bool:
    """Whether this contact belongs to a blocked recipient (the worker asks before sending)."""
    key = recipient_key(channel, contact)
    return key is not None and is_blocked(key)


def sweep(now: datetime | None = None) -> int:
    """Delete counted sends older than KEEP_SENDS; the retention task calls this nightly."""
    cutoff = (now or utcnow()) - KEEP_SENDS
    result = db.session.execute(delete(RecipientSend).where(RecipientSend.sent_at < cutoff))
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
