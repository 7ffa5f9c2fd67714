"""`/api/v1`: create, read and erase plans. JSON in, JSON out; bad input is a 4xx naming the field,
never a 500, and nothing is stored unless everything is valid."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from werkzeug.exceptions import RequestEntityTooLarge

from planner.api.openapi import openapi_document
from planner.errors import json_abort, json_error
from planner.json_input import JSONInputError, loads
from planner.limits import limit_plan_creation
from planner.models import PlanRecord
from planner.plans import service, sharing
from planner.rules.answers import AnswersError, parse_answers
from planner.rules.types import LANGUAGES

api = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body() -> Any:
    """The request's JSON, or abort with 413/415/400 as HTTP says (400 also for JSON nested
    deeper than any body we accept, which would otherwise exhaust the parser's recursion)."""
    if request.mimetype != "application/json":
        json_abort(415, "Send the body as JSON with Content-Type: application/json.")
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        json_abort(413, "The body is too large.")
    try:
        return loads(raw)
    except JSONInputError as exc:
        json_abort(400, str(exc), {"body": str(exc)})


def bearer_plan(plan_id: str) -> PlanRecord:
    """The plan that the bearer token opens; 401 without a token, 404 when it does not match."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        json_abort(401, "Send the plan's token as Authorization: Bearer <token>.")
    record = service.open_plan(plan_id, token.strip())
    if record is None:
        json_abort(404, "No plan matches this id and token.")
    return record


@api.post("/plans")
@limit_plan_creation
def create_plan() -> Any:
    """Validate the answers, store them and return the plan with its one-time secret token."""
    data = json_body()
    today = service.today_in_london()
    try:
        answers = parse_answers(data, today)
    except AnswersError as exc:
        return json_error(422, "Some answers need fixing.", exc.errors)
    from planner.councils.service import council_code_for_request

    council = service.get_or_create_council(council_code_for_request())
    plan = service.build(answers, council, today=today)
    record, token = service.create_plan(answers, council)
    return {
        "id": record.id,
        "reference": record.reference,
        "token": token,
        "plan": plan.to_dict(),
    }, 201


@api.get("/plans/<plan_id>")
def get_plan(plan_id: str) -> Any:
    """The plan as it stands today; `?lang=` gives it in another offered language."""
    record = bearer_plan(plan_id)
    lang = request.args.get("lang")
    if lang is not None and lang not in LANGUAGES:
        return json_error(
            422, "Unknown language.", {"lang": "must be one of: " + ", ".join(LANGUAGES)}
        )
    plan = service.plan_for(record, language=lang)
    service.touch(record)
    return plan.to_dict()


@api.delete("/plans/<plan_id>")
def delete_plan(plan_id: str) -> Any:
    """Erase the plan, its contact details and any pending reminders."""
    record = bearer_plan(plan_id)
    service.erase_plan(record)
    return "", 204


@api.post("/plans/<plan_id>/sharing")
def share_plan(plan_id: str) -> Any:
    """The family shares the plan with its council's SEND team (201), consent recorded."""
    record = bearer_plan(plan_id)
    data = json_body()
    if not isinstance(data, dict):
        return json_error(422, "The body must be a JSON object.", {"body": "must be an object"})
    errors: dict[str, str] = dict.fromkeys(sorted(set(data) - {"with"}), "unknown field")
    if data.get("with") != "council":
        errors["with"] = 'must be "council": the plan can be shared with the council\'s SEND team'
    if errors:
        return json_error(422, "Some details need fixing.", errors)
    sharing.share(record)
    return sharing_json(record), 201


@api.delete("/plans/<plan_id>/sharing")
def unshare_plan(plan_id: str) -> Any:
    """Stop sharing at once: council staff cannot find or open the plan from now on (204)."""
    sharing.unshare(bearer_plan(plan_id))
    return "", 204


def sharing_json(record: PlanRecord) -> dict[str, Any]:
    shared_at = record.shared_at.isoformat() + "Z" if record.shared_at else None
    return {"with": "council", "shared_at": shared_at, "reference": record.reference}


@api.get("/openapi.json")
def openapi() -> Any:
    return openapi_document()
