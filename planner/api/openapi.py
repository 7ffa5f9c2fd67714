"""The OpenAPI 3.1 document for /api/v1, built from the same constants the validator uses so the
two cannot drift apart."""

from __future__ import annotations

from typing import Any

from planner.rules.answers import EHC_KEYS, NAME_MAX
from planner.rules.ehc import CHOICES as EHC_CHOICES
from planner.rules.types import (
    GOALS,
    LANGUAGES,
    NEEDS,
    RESPONDENTS,
    SCHOOL_TYPES,
    SETTINGS,
    SUPPORT,
    TOPICS,
    VARIANTS,
)

DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _enum(values: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _list(values: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "array", "items": _enum(values)}


ANSWERS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["date_of_birth"],
    "properties": {
        "schema": {"type": "string", "enum": ["answers/v1"]},
        "respondent": _enum(RESPONDENTS),
        "name": {
            "type": "string",
            "maxLength": NAME_MAX,
            "description": "A first name: letters of any script, spaces, hyphens, apostrophes.",
        },
        "date_of_birth": {**DATE, "description": "Today or earlier, and less than 26 years ago."},
        "year_group": {"type": "integer", "minimum": -2, "maximum": 13},
        "setting": _enum(SETTINGS),
        "support": _enum(SUPPORT),
        "needs": _list(NEEDS),
        "topics": _list(TOPICS),
        "goals": _list(GOALS),
        "receives_dla": {"type": "boolean"},
        "school_type": {
            **_enum(SCHOOL_TYPES),
            "description": "For a pupil at a school that ends before secondary age: an infant "
            "school (to Year 2), a first school (to Year 4) or a middle school (to Year 8). Moving "
            "on from one is a phase transfer (SEND Regs 2014 reg 2, reg 18(1)(b)).",
        },
        "ehc": {
            "type": "object",
            "additionalProperties": False,
            "description": "Where the family is in the EHC process: dates letters were sent or "
            "meetings held (today or earlier), and what the council decided.",
            "properties": {
                **dict.fromkeys(EHC_KEYS, DATE),
                **{key: _enum(values) for key, values in EHC_CHOICES.items()},
            },
        },
        "postcode": {"type": "string", "description": "A full UK postcode, like SW1A 1AA."},
        "language": _enum(LANGUAGES),
        "variant": _enum(VARIANTS),
    },
}

SERVICE = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "url": {"type": ["string", "null"]},
        "email": {"type": ["string", "null"]},
        "phone": {"type": ["string", "null"]},
        "address": {"type": ["string", "null"]},
        "stale": {"type": "boolean"},
    },
}

PLAN = {
    "type": "object",
    "required": ["schema", "generated_on", "language", "young_person", "milestones", "sections"],
    "properties": {
        "schema": {"type": "string", "enum": ["plan/v1"]},
        "generated_on": DATE,
        "language": _enum(LANGUAGES),
        "young_person": {
            "type": "object",
            "required": ["age", "year_group", "year_label", "key_stage", "phase"],
            "properties": {
                "age": {"type": "integer"},
                "year_group": {"type": ["integer", "null"]},
                "year_label": {"type": "string"},
                "key_stage": {"type": ["string", "null"]},
                "phase": {"type": "string"},
            },
        },
        "next_steps": {
            "type": "array",
            "maxItems": 5,
            "items": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string"},
                    "date": DATE,
                    "milestone_id": {"type": "string"},
                },
            },
        },
        "milestones": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "date", "title", "summary", "action", "refs", "reminders"],
                "properties": {
                    "id": {"type": "string"},
                    "date": DATE,
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "action": {"type": "string"},
                    "refs": {"type": "array", "items": {"type": "string"}},
                    "reminders": {"type": "array", "items": DATE},
                    "late": {
                        "type": "boolean",
                        "enum": [True],
                        "description": "Present on a council duty whose date has passed (listed "
                        "for 26 weeks after it).",
                    },
                },
            },
        },
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "items"],
                "properties": {
                    "id": _enum(TOPICS),
                    "title": {"type": "string"},
                    "items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["kind", "text", "refs"],
                            "properties": {
                                "kind": _enum(("right", "action", "info", "service")),
                                "text": {"type": "string"},
                                "refs": {"type": "array", "items": {"type": "string"}},
                                "service": SERVICE,
                            },
                        },
                    },
                },
            },
        },
    },
}

ERROR = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Each bad field (a path like ehc.draft_served_on) and what to fix.",
            "additionalProperties": {"type": "string"},
        },
    },
}


CONTACT = {
    "email_address": {"type": "string", "description": "For email: a valid address."},
    "phone_number": {
        "type": "string",
        "description": "For sms: a UK mobile number (07…, +447…), checked as Notify checks it.",
    },
    "address_lines": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 3,
        "maxItems": 7,
        "description": "For letter: 3 to 7 lines, the last a real UK postcode or a country.",
    },
}
DELIVERY_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["channel"],
    "properties": {
        "channel": _enum(("email", "sms", "letter", "pdf")),
        **CONTACT,
        "language": _enum(LANGUAGES),
        "variant": _enum(VARIANTS),
        "postage": {**_enum(("second", "first", "economy")), "description": "Letters only."},
        "fallback_phone_number": {
            "type": "string",
            "description": "For email: a UK mobile number to text the plan to if GOV.UK Notify "
            "says the email address does not exist (permanent-failure). Sent once, in the same "
            "language. Needs fallback_consent.",
        },
        "fallback_address_lines": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 3,
            "maxItems": 7,
            "description": "For email or sms: an address to post the plan to if the email "
            "address or phone number (and any fallback_phone_number) does not exist. Sent once, "
            "in the same language. Needs fallback_consent.",
        },
        "fallback_consent": {
            "type": "boolean",
            "description": "Must be true with a fallback: the family agrees to be reached the "
            "second way. Technical failures are retried, never sent the second way.",
        },
    },
}
ROUTE = {
    "type": "object",
    "required": ["id", "channel", "status", "created_at", "updated_at"],
    "properties": {
        "id": {"type": "string"},
        "channel": _enum(("email", "sms", "letter", "pdf")),
        "status": _enum(("pending", "sending", "sent", "delivered", "failed")),
        "notify_status": {"type": ["string", "null"]},
        "reason": {"type": ["string", "null"]},
        "notify_id": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}
DELIVERY = {
    **ROUTE,
    "required": [*ROUTE["required"], "routes"],
    "properties": {
        **ROUTE["properties"],  # type: ignore[dict-item]
        "fallback_of": {
            "type": ["string", "null"],
            "description": "The delivery this one was sent after, when it is a second route.",
        },
        "fallback_id": {
            "type": ["string", "null"],
            "description": "The delivery sent after this one failed for good.",
        },
        "has_fallback": {"type": "boolean"},
        "fallback_consent_at": {"type": ["string", "null"], "format": "date-time"},
        "routes": {
            "type": "array",
            "items": ROUTE,
            "description": "Every way tried for this request, first to last.",
        },
    },
}
REMINDERS_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["channel", "consent"],
    "properties": {
        "channel": _enum(("email", "sms", "letter")),
        **CONTACT,
        "language": _enum(LANGUAGES),
        "consent": {"type": "boolean", "const": True, "description": "The family's consent."},
    },
}
REMINDERS = {
    "type": "object",
    "required": ["reminders"],
    "properties": {
        "reminders": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "milestone_id", "due_at", "channel", "status"],
                "properties": {
                    "id": {"type": ["string", "integer"]},
                    "milestone_id": {"type": "string"},
                    "due_at": {"type": "string", "format": "date-time"},
                    "channel": _enum(("email", "sms", "letter")),
                    "status": {"type": "string"},
                },
            },
        }
    },
}


SHARING_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["with"],
    "additionalProperties": False,
    "properties": {"with": {"type": "string", "enum": ["council"]}},
}

SHARING: dict[str, Any] = {
    "type": "object",
    "required": ["with", "shared_at", "reference"],
    "properties": {
        "with": {"type": "string", "enum": ["council"]},
        "shared_at": {"type": "string", "format": "date-time"},
        "reference": {"type": "string", "description": "The plan's reference, to quote."},
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _common_errors() -> dict[str, Any]:
    return {
        "400": _error("The body is not valid JSON, or nests over 20 levels."),
        "401": _error("No bearer token."),
        "404": _error("No plan matches this id and token."),
        "413": _error("The body is too large."),
        "415": _error("The body is not application/json."),
        "422": _error("Some fields are not valid; each is named in errors."),
        "429": _error("Too many requests; try again after Retry-After seconds."),
    }


PLAN_ID = {"name": "plan_id", "in": "path", "required": True, "schema": {"type": "string"}}


def openapi_document() -> dict[str, Any]:
    """The whole document, served at /api/v1/openapi.json."""
    bearer: list[dict[str, list[str]]] = [{"planToken": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "SEND transition planner API",
            "version": "1.0.0",
            "description": "Create, read and erase personalised SEND transition plans.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"planToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Answers": ANSWERS,
                "Plan": PLAN,
                "Error": ERROR,
                "DeliveryRequest": DELIVERY_REQUEST,
                "Delivery": DELIVERY,
                "RemindersRequest": REMINDERS_REQUEST,
                "Reminders": REMINDERS,
                "SharingRequest": SHARING_REQUEST,
                "Sharing": SHARING,
            },
        },
        "paths": {
            "/plans": {
                "post": {
                    "operationId": "createPlan",
                    "summary": "Build and store a plan from answers (answers/v1).",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Answers"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Created. The token is shown once: keep it.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["id", "token", "plan"],
                                        "properties": {
                                            "id": {"type": "string"},
                                            "reference": {"type": "string"},
                                            "token": {"type": "string", "minLength": 43},
                                            "plan": {"$ref": "#/components/schemas/Plan"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": _error("The body is not valid JSON, or nests over 20 levels."),
                        "413": _error("The body is too large."),
                        "415": _error("The body is not application/json."),
                        "422": _error("Some answers are not valid; each is named in errors."),
                        "429": _error("Too many requests; try again after Retry-After seconds."),
                    },
                }
            },
            "/plans/{plan_id}": {
                "parameters": [PLAN_ID],
                "get": {
                    "operationId": "getPlan",
                    "summary": "The plan as it stands today.",
                    "security": bearer,
                    "parameters": [
                        {
                            "name": "lang",
                            "in": "query",
                            "required": False,
                            "schema": _enum(LANGUAGES),
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The plan.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Plan"}
                                }
                            },
                        },
                        "401": _error("No bearer token."),
                        "404": _error("No plan matches this id and token."),
                        "422": _error("Unknown language."),
                    },
                },
                "delete": {
                    "operationId": "deletePlan",
                    "summary": "Erase the plan, its contact details and pending reminders.",
                    "security": bearer,
                    "responses": {
                        "204": {"description": "Erased."},
                        "401": _error("No bearer token."),
                        "404": _error("No plan matches this id and token."),
                    },
                },
            },
            "/plans/{plan_id}/deliveries": {
                "parameters": [PLAN_ID],
                "post": {
                    "operationId": "createDelivery",
                    "summary": "Send the plan by email, text message, letter, or render its PDF.",
                    "security": bearer,
                    "requestBody": {"required": True, "content": _json("DeliveryRequest")},
                    "responses": {
                        "202": {
                            "description": "Queued; follow it at /deliveries/{id}.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["id", "status"],
                                        "properties": {
                                            "id": {"type": "string"},
                                            "status": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        },
                        **_common_errors(),
                    },
                },
            },
            "/deliveries/{delivery_id}": {
                "parameters": [
                    {
                        "name": "delivery_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "get": {
                    "operationId": "getDelivery",
                    "summary": "A delivery's status, Notify's status and why it failed, if it did.",
                    "security": bearer,
                    "responses": {
                        "200": {"description": "The delivery.", "content": _json("Delivery")},
                        "401": _error("No bearer token."),
                        "404": _error("No delivery of this plan has this id."),
                    },
                },
            },
            "/plans/{plan_id}/sharing": {
                "parameters": [PLAN_ID],
                "post": {
                    "operationId": "sharePlan",
                    "summary": "Share the plan with the council's SEND team (consent recorded). "
                    "Until then nobody at the council can see a plan the family made.",
                    "security": bearer,
                    "requestBody": {"required": True, "content": _json("SharingRequest")},
                    "responses": {
                        "201": {"description": "Shared.", "content": _json("Sharing")},
                        **_common_errors(),
                    },
                },
                "delete": {
                    "operationId": "stopSharingPlan",
                    "summary": "Stop sharing at once: council staff can no longer find or open it.",
                    "security": bearer,
                    "responses": {
                        "204": {"description": "Not shared (any more)."},
                        "401": _error("No bearer token."),
                        "404": _error("No plan matches this id and token."),
                    },
                },
            },
            "/plans/{plan_id}/reminders": {
                "parameters": [PLAN_ID],
                "post": {
                    "operationId": "optInToReminders",
                    "summary": "Record consent and a contact; reminders are made for every date.",
                    "security": bearer,
                    "requestBody": {"required": True, "content": _json("RemindersRequest")},
                    "responses": {
                        "201": {
                            "description": "The plan's reminders.",
                            "content": _json("Reminders"),
                        },
                        **_common_errors(),
                    },
                },
                "get": {
                    "operationId": "listReminders",
                    "summary": "The plan's reminders and their status.",
                    "security": bearer,
                    "responses": {
                        "200": {"description": "The reminders.", "content": _json("Reminders")},
                        "401": _error("No bearer token."),
                        "404": _error("No plan matches this id and token."),
                    },
                },
                "delete": {
                    "operationId": "optOutOfReminders",
                    "summary": "Stop every future reminder at once and forget the contact.",
                    "security": bearer,
                    "responses": {
                        "204": {"description": "Stopped."},
                        "401": _error("No bearer token."),
                        "404": _error("No plan matches this id and token."),
                    },
                },
            },
        },
    }
