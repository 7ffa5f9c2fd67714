"""Issue 16, B3, B4 and B10: hostile JSON and hostile text get a 4xx naming the problem, never a
500, and nothing is stored; a row stored before the rules were tightened still opens."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask

from planner import crypto
from planner.extensions import db
from planner.json_input import JSONInputError, loads, nesting_depth
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.rules.answers import AnswersError, parse_answers

GOOD = {"date_of_birth": "2014-03-10", "support": "ehc_plan", "respondent": "parent_carer"}
TODAY = date(2026, 11, 28)


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
        ("[[[", 3),  # unclosed brackets count: the parser recurses into them first
        ('{"a": "[[[[', 1),  # an unterminated string runs to the end
        ('"' * 7, 0),
    ],
)
def test_nesting_depth(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize("text", ["[" * 5000, "[" * 2500 + "]" * 2500, "[[]" * 2000])
def test_nesting_depth_stops_counting_past_the_limit(text: str) -> None:
    assert nesting_depth(text, limit=20) == 21


@pytest.mark.parametrize("depth", [21, 1000, 60_000])
def test_deep_json_is_refused_before_parsing(depth: int) -> None:
    with pytest.raises(JSONInputError, match="nested too deeply"):
        loads("[" * depth + "]" * depth)


@pytest.mark.parametrize(
    "body",
    [
        # An unterminated string of escaped quotes: each quote once started a new search for the
        # end of a string, which made the depth check cost the square of the body's length.
        '{"name": "' + 'x\\"' * 20_000,
        '"' * 60_000,
    ],
)
def test_broken_strings_are_a_400(client: Any, app: Flask, body: str) -> None:
    response = post_raw(client, body)
    assert response.status_code == 400
    assert response.get_json()["message"] == "The body is not valid JSON."
    assert plan_count(app) == 0


def test_json_as_deep_as_allowed_is_parsed() -> None:
    assert loads("[" * 20 + "]" * 20) == [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]
    assert loads(b'{"name": "Zo\\u00eb"}') == {"name": "Zoë"}


@pytest.mark.parametrize(
    "body",
    [
        "[" * 50_000,  # unterminated, 50 KB: the old parser recursed until it failed
        "[" * 30_000 + "]" * 30_000,
        '{"ehc": ' * 5_000 + "{}" + "}" * 5_000,
        "[[]" * 20_000,  # never 21 openers in a row, still deep
    ],
)
def test_deep_json_is_a_400_naming_the_problem(client: Any, app: Flask, body: str) -> None:
    response = post_raw(client, body)
    assert response.status_code == 400
    payload = response.get_json()
    assert "nested too deeply" in payload["message"]
    assert "nested too deeply" in payload["errors"]["body"]
    assert plan_count(app) == 0


# ------------------------------------------------------------------ B3: text that is not text
# (raw JSON text, because json.dumps cannot write a lone surrogate; the field it should name)
BROKEN_TEXT = [
    ('"name": "\\ud800"', "name"),
    ('"name": "Sam\\udfff"', "name"),
    ('"name": "Sam\\u0000"', "name"),
    ('"name": "Sam\\u001b[31m"', "name"),
    ('"name": "\\u202eevil"', "name"),
    ('"postcode": "SW1A \\ud800"', "postcode"),
    ('"postcode": "SW1A\\u00001AA"', "postcode"),
]


@pytest.mark.parametrize(("member", "field"), BROKEN_TEXT)
def test_broken_text_is_a_422_naming_the_field(
    client: Any, app: Flask, member: str, field: str
) -> None:
    raw = '{"date_of_birth": "2014-03-10", ' + member + "}"
    response = post_raw(client, raw)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {field}
    assert plan_count(app) == 0


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("\ud800", "must be valid Unicode text"),
        ("Sam\x00", "must not contain control characters"),
        ("A\u202eB", "must not contain control characters"),
    ],
)
def test_the_rules_refuse_broken_text(name: str, problem: str) -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers({**GOOD, "name": name}, TODAY)
    assert caught.value.errors["name"].startswith(problem)


# ------------------------------------------------------------------------------ B4: first names
@pytest.mark.parametrize(
    "name",
    [
        "Sam",
        "Mary-Jane",
        "O'Brien",
        "D\u2019Arcy",
        "Zoë",
        "Zoe\u0308",  # a combining diaeresis: stored composed
        "Anne Marie",
        "অমিত",  # Bengali, with its vowel signs
        "ব্যাংক",  # Bengali with a virama
        "ਗੁਰਪ੍ਰੀਤ",  # Gurmukhi (Punjabi)
        "محمد",  # Arabic
        "عَلِيّ",  # Arabic with harakat (combining marks)
        "رضا\u200cعلی",  # Urdu with a zero-width non-joiner
        "Łucja",
        "Ștefan",
        "x" * 40,
    ],
)
def test_names_in_any_script_are_accepted(name: str) -> None:
    answers = parse_answers({**GOOD, "name": name}, TODAY)
    assert answers.name is not None and len(answers.name) <= 40


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("URGENT: pay overdue fee at evil.example/pay", "must be 40 characters or fewer"),
        ("Pay at evil.example", "can only include letters"),
        ("Call 0800 123", "can only include letters"),
        ("J.R.", "can only include letters"),
        ("<b>Sam</b>", "can only include letters"),
        ("-Sam", "can only include letters"),
        ("x" * 41, "must be 40 characters or fewer"),
    ],
)
def test_a_name_is_letters_spaces_hyphens_and_apostrophes(name: str, problem: str) -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers({**GOOD, "name": name}, TODAY)
    assert caught.value.errors == {"name": caught.value.errors["name"]}
    assert caught.value.errors["name"].startswith(problem)


def test_the_api_refuses_a_sentence_as_a_name(client: Any, app: Flask) -> None:
    response = client.post("/api/v1/plans", json={**GOOD, "name": "URGENT pay now at evil.example"})
    assert response.status_code == 422
    assert "name" in response.get_json()["errors"]
    assert plan_count(app) == 0


# ------------------------------------------------- B3: a row stored before the fix still opens
@pytest.mark.parametrize("stored_name", ["\ud800", "Sam\x00", "URGENT: pay at evil.example/pay"])
def test_a_name_stored_before_the_rules_is_left_out(ctx: Flask, stored_name: str) -> None:
    council = plans.get_or_create_council()
    record, _token = plans.create_plan(parse_answers(GOOD, TODAY), council)
    # What an older release stored: json.dumps escapes the surrogate, so it round-trips.
    record.answers_enc = crypto.encrypt_json({**GOOD, "name": stored_name})
    db.session.commit()
    answers = plans.load_answers(record)
    assert answers.name is None
    assert answers.support == "ehc_plan"
    plans.plan_for(record)  # builds, in every language, with no name
    json.dumps(plans.plan_for(record, language="ar").to_dict())
