"""`/api/v1`: ask for a plan to be delivered, and see how a delivery is going. Bearer plan token,
JSON in and out; invalid contact details are a 422 naming the field, and nothing is queued."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from planner.api.rest import bearer_plan, json_body
from planner.delivery import fallback, messages, recipients, requests, service
from planner.delivery import settings as delivery_settings
from planner.delivery.models import Delivery
from planner.errors import json_abort, json_error
from planner.limits import limit_link_requests
from planner.plans import service as plans

delivery_api = Blueprint("delivery_api", __name__, url_prefix="/api/v1")


def iso(value: Any) -> str | None:
    """Stored times are naive UTC; the API shows them with their offset."""
    return None if value is None else value.isoformat() + "+00:00"


def route_json(delivery: Delivery) -> dict[str, Any]:
    """One way of reaching the family and how it went (never the contact details)."""
    return {
        "id": delivery.id,
        "channel": delivery.channel,
        "status": delivery.status,
        "notify_status": delivery.notify_status,
        "reason": delivery.reason,
        "notify_id": delivery.notify_id,
        "created_at": iso(delivery.created_at),
        "updated_at": iso(delivery.updated_at),
    }


def delivery_json(delivery: Delivery) -> dict[str, Any]:
    """The delivery, whether it has a second route, and every route tried, first to last."""
    return {
        **route_json(delivery),
        "fallback_of": delivery.fallback_of,
        "fallback_id": delivery.fallback_id,
        "has_fallback": delivery.fallback_enc is not None,
        "fallback_consent_at": iso(delivery.fallback_consent_at),
        "routes": [route_json(d) for d in fallback.routes(delivery)],
    }


@delivery_api.post("/plans/<plan_id>/deliveries")
@limit_link_requests
def create_delivery(plan_id: str) -> Any:
    """Queue a delivery of the plan by email, text, letter or PDF; 202 with its id."""
    record = bearer_plan(plan_id)
    data = json_body()
    try:
        req = requests.parse(data, default_language=record.language, default_variant=record.variant)
        recipient = recipients.check(req.channel, req.contact)
        cfg = delivery_settings.load()
        # A link of its own for this message: the plan's API token is never written anywhere.
        link = messages.plan_link(
            cfg.public_url, record.id, plans.issue_link(record, "delivery"), req.language
        )
        requests.check_sms_fits(req, record.council.name, link, record.reference)
    except requests.DeliveryRequestError as exc:
        return json_error(422, "Some delivery details need fixing.", exc.errors)
    except recipients.Refused as exc:
        return refused(exc)
    delivery = service.create(
        record,
        channel=req.channel,
        contact={**req.contact, "link": link},
        language=req.language,
        variant=req.variant,
        postage=req.postage,
        fallback=req.fallback,
        recipient=recipient,
    )
    plans.touch(record)
    return {"id": delivery.id, "status": delivery.status}, 202


def refused(exc: recipients.Refused) -> Any:
    """422 for a recipient who asked not to get messages; 429 with Retry-After at the limit."""
    if exc.reason == "blocked":
        return json_error(
            422,
            "This recipient has asked not to get messages from this service.",
            {exc.field: "belongs to someone who asked not to get messages from this service"},
        )
    body, status = json_error(
        429,
        f"This recipient has had {recipients.daily_limit()} messages from this service in the "
        "last 24 hours. Try again later.",
        {exc.field: f"has had {recipients.daily_limit()} messages in the last 24 hours"},
    )
    return body, status, {"Retry-After": str(exc.retry_after)}


@delivery_api.get("/deliveries/<delivery_id>")
def get_delivery(delivery_id: str) -> Any:
    """How the delivery is going. The bearer token must open the delivery's own plan."""
    delivery = service.get(delivery_id)
    if delivery is None:
        # Same answer as a wrong token: ids are not a way to probe for deliveries.
        bearer_plan("")
        json_abort(404, "No delivery matches this id and token.")
    bearer_plan(delivery.plan_id)
    return delivery_json(delivery)
