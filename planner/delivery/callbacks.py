"""`POST /notify/callbacks/delivery-status`: GOV.UK Notify's delivery receipts.

Notify sends the token we gave it as `Authorization: Bearer <token>`; we compare it in constant
time. The body is JSON (`id`, `reference`, `status`, ...). A malformed body is a 400 and changes
nothing. The blueprint is exempt from CSRF (Notify cannot hold a session) and logs ids only.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any, cast

from flask import Blueprint, request

from planner.delivery import service
from planner.delivery import settings as delivery_settings
from planner.errors import json_abort
from planner.json_input import JSONInputError, loads

log = logging.getLogger(__name__)
callbacks = Blueprint("notify_callbacks", __name__, url_prefix="/notify/callbacks")

RECEIPT_STATUSES = frozenset(
    {"delivered", "permanent-failure", "temporary-failure", "technical-failure"}
)


def _authorised() -> bool:
    expected = delivery_settings.load().callback_token
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


@callbacks.post("/delivery-status")
def delivery_status() -> Any:
    """Record a receipt; 204 whether or not the delivery is still ours (it may be erased)."""
    if not _authorised():
        json_abort(401, "Send the callback token as Authorization: Bearer <token>.")
    if request.mimetype != "application/json":
        json_abort(415, "Send the body as JSON with Content-Type: application/json.")
    try:
        body = loads(request.get_data(cache=True))
    except JSONInputError as exc:
        json_abort(400, str(exc), {"body": str(exc)})
    if not isinstance(body, dict):
        json_abort(400, "The body must be a JSON object.")
    status, reference, notify_id = body.get("status"), body.get("reference"), body.get("id")
    errors = {}
    if status not in RECEIPT_STATUSES:
        errors["status"] = "must be one of: " + ", ".join(sorted(RECEIPT_STATUSES))
    if not isinstance(notify_id, str) or not notify_id:
        errors["id"] = "is required"
    if reference is not None and not isinstance(reference, str):
        errors["reference"] = "must be a string"
    if errors:
        json_abort(400, "The receipt is malformed.", errors)
    delivery = service.find_for_receipt(reference, notify_id)
    if delivery is None:
        log.info("receipt for unknown notification %s", notify_id)
        return "", 204
    service.record_status(delivery, cast(str, status), notify_id)  # one of RECEIPT_STATUSES
    log.info("delivery %s receipt %s", delivery.id, status)
    return "", 204
