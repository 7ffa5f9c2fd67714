"""The OpenAPI 3.1 document for /api/v1, built from the same constants the validator uses so the
two cannot drift apart."""

from __future__ import annotations

from typing import Any

from planner.rules.answers import EHC_KEYS, NAME_MAX
from planner.rules.types import (
    GOALS,
    LANGUAGES,
    NEEDS,
    RESPONDENTS,
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
        "name": {"type": "string", "maxLength": NAME_MAX},
        "date_of_birth": {**DATE, "description": "Today or earlier, and less than 26 years ago."},
        "year_group": {"type": "integer", "minimum": -2, "maximum": 13},
        "setting": _enum(SETTINGS),
        "support": _enum(SUPPORT),
        "needs": _list(NEEDS),
        "topics": _list(TOPICS),
        "goals": _list(GOALS),
        "receives_dla": {"type": "boolean"},
        "ehc": {
            "type": "object",
            "additionalProperties": False,
            "properties": dict.fromkeys(EHC_KEYS, DATE),
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


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


PLAN_ID = {"name": "plan_id", "in": "path", "required": True, "schema": {"type": "string"}}


def openapi_document() -> dict[str, Any]:
    """The whole document, served at /api/v1/openapi.json."""
    bearer = [{"planToken": []}]
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
            "schemas": {"Answers": ANSWERS, "Plan": PLAN, "Error": ERROR},
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
                        "400": _error("The body is not valid JSON."),
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
        },
    }
