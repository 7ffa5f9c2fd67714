"""`/api/v1/plans/{id}/reminders`: opt in (POST), see (GET) and opt out (DELETE) with the plan's
bearer token. Bad input is a 422 naming each field; nothing is stored unless all of it is valid."""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint

from planner.api.rest import bearer_plan, json_body
from planner.errors import json_error
from planner.limits import limit_link_requests
from planner.reminders import service
from planner.reminders.models import CHANNELS, Reminder
from planner.reminders.timing import as_utc
from planner.rules.types import LANGUAGES

reminders_api = Blueprint("reminders_api", __name__, url_prefix="/api/v1")

ALLOWED_KEYS = {"channel", "consent", "language", *service.CONTACT_FIELDS.values()}


def reminder_json(reminder: Reminder) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "milestone_id": reminder.milestone_id,
        "due_at": as_utc(reminder.due_at).isoformat(),
        "channel": reminder.channel,
        "status": reminder.status,
    }


def _listing(record: Any) -> dict[str, Any]:
    return {"reminders": [reminder_json(r) for r in service.reminders_for(record)]}


@reminders_api.post("/plans/<plan_id>/reminders")
@limit_link_requests
def opt_in(plan_id: str) -> Any:
    """Record consent and contact details, then return the plan's reminders (201)."""
    record = bearer_plan(plan_id)
    data = json_body()
    if not isinstance(data, dict):
        return json_error(422, "The body must be a JSON object.", {"body": "must be an object"})
    errors: dict[str, str] = dict.fromkeys(sorted(set(data) - ALLOWED_KEYS), "unknown field")
    # Consent must be explicit: `true`, not a truthy string (UK GDPR art. 4(11), 7).
    if data.get("consent") is not True:
        errors["consent"] = "must be true: reminders are only sent with the family's consent"
    language = data.get("language", record.language)
    if language not in LANGUAGES:
        errors["language"] = "must be one of: " + ", ".join(LANGUAGES)
    channel = data.get("channel")
    contact: dict[str, Any] = {}
    if channel not in CHANNELS:
        errors["channel"] = "must be one of: " + ", ".join(CHANNELS)
    else:
        try:
            contact = service.validate_contact(channel, data)
        except service.ReminderError as exc:
            errors.update(exc.errors)
    if errors:
        return json_error(422, "Some details need fixing.", errors)
    service.opt_in(
        record,
        cast(str, channel),  # one of CHANNELS, checked above
        contact,
        wording=service.CONSENT_WORDING,
        given_by="family:api",
        language=language,
    )
    return _listing(record), 201


@reminders_api.get("/plans/<plan_id>/reminders")
def list_reminders(plan_id: str) -> Any:
    """The plan's reminders and their status."""
    return _listing(bearer_plan(plan_id))


@reminders_api.delete("/plans/<plan_id>/reminders")
def opt_out(plan_id: str) -> Any:
    """Stop every future reminder for the plan and forget the contact details (204)."""
    service.opt_out(bearer_plan(plan_id))
    return "", 204
