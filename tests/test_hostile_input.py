"""Issue 16, B10: deeply nested JSON gets a 400 naming the problem, never a 500, and nothing is
stored."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from planner.extensions import db
from planner.json_input import JSONInputError, loads, nesting_depth
from planner.models import PlanRecord

GOOD = {"date_of_birth": "2014-03-10", "support": "ehc_plan", "respondent": "parent_carer"}


def post_raw(client: Any, raw: str) -> Any:
    return client.post("/api/v1/plans", data=raw, content_type="application/json")


def plan_count(app: Flask) -> int:
    with app.app_context():
        return db.session.query(PlanRecord).count()


# ------------------------------------------------------------------------ B10: deep nesting
@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"a": "[[[[[[[[{{{{"}', 1),  # brackets inside strings do not count
        ('["\\"[[[["]', 1),  # nor after an escaped quote
        ("[" * 50 + "]" * 50, 50),
    ],
)
def test_nesting_depth(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize("depth", [21, 1000, 60_000])
def test_deep_json_is_refused_before_parsing(depth: int) -> None:
    with pytest.raises(JSONInputError, match="nested too deeply"):
        loads("[" * depth + "]" * depth)


def test_json_as_deep_as_allowed_is_parsed() -> None:
    assert loads("[" * 20 + "]" * 20) == [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]
    assert loads(b'{"name": "Zo\\u00eb"}') == {"name": "Zoë"}


@pytest.mark.parametrize(
    "body",
    [
        "[" * 50_000,  # unterminated, 50 KB: the old parser recursed until it failed
        "[" * 30_000 + "]" * 30_000,
        '{"ehc": ' * 5_000 + "{}" + "}" * 5_000,
    ],
)
def test_deep_json_is_a_400_naming_the_problem(client: Any, app: Flask, body: str) -> None:
    response = post_raw(client, body)
    assert response.status_code == 400
    payload = response.get_json()
    assert "nested too deeply" in payload["message"]
    assert "nested too deeply" in payload["errors"]["body"]
    assert plan_count(app) == 0
