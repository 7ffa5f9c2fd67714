"""Checking a delivery request (from the API or the "Send my plan" form) before anything is
stored or queued. Errors name the field, in the API's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.delivery import messages
from planner.delivery.models import CHANNELS, POSTAGES
from planner.delivery.validation import (
    InvalidContact,
    normalise_address,
    normalise_email,
    normalise_uk_mobile,
)
from planner.rules.types import LANGUAGES

VARIANTS = ("standard", "large-print")
ALLOWED_KEYS = {
    "channel",
    "email_address",
    "phone_number",
    "address_lines",
    "language",
    "variant",
    "postage",
    "fallback_phone_number",
    "fallback_address_lines",
    "fallback_consent",
}
# Which channels may name which second route: a bounced email can go by text or post, a text
# that cannot be delivered by post. A letter has nothing after it.
FALLBACKS = {
    "fallback_phone_number": ("email",),
    "fallback_address_lines": ("email", "sms"),
}


@dataclass
class DeliveryRequest:
    """A valid request: the channel, its contact details (to be encrypted) and the options."""

    channel: str
    contact: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    variant: str = "standard"
    postage: str | None = None
    # {"phone_number"?, "address_lines"?}: tried in that order after a permanent failure.
    fallback: dict[str, Any] = field(default_factory=dict)


class DeliveryRequestError(ValueError):
    """One or more fields are wrong; `errors` maps each to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("invalid delivery request")
        self.errors = errors


def parse(data: Any, *, default_language: str, default_variant: str) -> DeliveryRequest:
    """Validate a request body and normalise its contact details as Notify would."""
    if not isinstance(data, dict):
        raise DeliveryRequestError({"body": "must be a JSON object"})
    errors: dict[str, str] = {}
    for key in sorted(set(data) - ALLOWED_KEYS):
        errors[key] = "is not a field this API accepts"
    channel = data.get("channel")
    if channel not in CHANNELS:
        errors["channel"] = "must be one of: " + ", ".join(CHANNELS)
    language = data.get("language", default_language)
    if language not in LANGUAGES:
        errors["language"] = "must be one of: " + ", ".join(LANGUAGES)
    variant = data.get("variant", default_variant)
    if variant not in VARIANTS:
        errors["variant"] = "must be one of: " + ", ".join(VARIANTS)
    postage = data.get("postage")
    # Present means it must be a real postage: `null` is not in the OpenAPI document either.
    if "postage" in data and (channel != "letter" or postage not in POSTAGES):
        errors["postage"] = "must be one of: " + ", ".join(POSTAGES) + " (letters only)"
    contact: dict[str, Any] = {}
    try:
        if channel == "email":
            contact["email_address"] = normalise_email(_text(data, "email_address"))
        elif channel == "sms":
            contact["phone_number"] = normalise_uk_mobile(_text(data, "phone_number"))
        elif channel == "letter":
            lines = data.get("address_lines")
            if not isinstance(lines, list):
                raise InvalidContact("address_lines", "must be a list of 3 to 7 address lines")
            contact["address_lines"] = normalise_address(lines)
    except InvalidContact as exc:
        errors[exc.field] = exc.message
    fallback = _fallback(data, channel, errors)
    if errors:
        raise DeliveryRequestError(errors)
    assert isinstance(channel, str)
    return DeliveryRequest(
        channel=channel,
        contact=contact,
        language=language,
        variant=variant,
        postage=(postage or "second") if channel == "letter" else None,
        fallback=fallback,
    )


def _fallback(data: dict[str, Any], channel: Any, errors: dict[str, str]) -> dict[str, Any]:
    """The second route, checked like the first; it needs the family's consent."""
    fallback: dict[str, Any] = {}
    for key, channels in FALLBACKS.items():
        value = data.get(key)
        if value is None or value == "" or value == []:
            continue
        if channel not in channels:
            errors[key] = "is only for channel " + " or ".join(channels)
            continue
        try:
            if key == "fallback_phone_number":
                if not isinstance(value, str):
                    raise InvalidContact(key, "must be a UK mobile phone number")
                fallback["phone_number"] = normalise_uk_mobile(value, field=key)
            else:
                if not isinstance(value, list):
                    raise InvalidContact(key, "must be a list of 3 to 7 address lines")
                fallback["address_lines"] = normalise_address(value, field=key)
        except InvalidContact as exc:
            errors[exc.field] = exc.message
    consent = data.get("fallback_consent", False)
    if not isinstance(consent, bool):
        errors["fallback_consent"] = "must be true or false"
    elif fallback and not consent:
        errors["fallback_consent"] = (
            "must be true: the family agrees to be reached this way if the first fails"
        )
    return fallback


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidContact(key, "is required for this channel")
    return value


def check_sms_fits(req: DeliveryRequest, council: str, link: str, reference: str) -> None:
    """Refuse now, not in the worker, a text that would be too long."""
    if req.channel == "sms":
        from planner.delivery.recipients import not_me_url_for

        try:
            messages.sms_message(
                language=req.language,
                council=council,
                link=link,
                reference=reference,
                not_me=not_me_url_for(req.channel, req.contact),
            )
        except messages.MessageTooLong as exc:
            raise DeliveryRequestError({"phone_number": str(exc)}) from exc
