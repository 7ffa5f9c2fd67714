"""Property-based checks: any JSON at all is either valid answers or a clear AnswersError, and the
API never answers 5xx."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.rules.answers import KEYS, AnswersError, answers_to_dict, parse_answers
from planner.rules.types import GOALS, LANGUAGES, NEEDS, SETTINGS, SUPPORT, TOPICS

TODAY = date(2026, 11, 28)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
answer_like = st.dictionaries(st.sampled_from([*KEYS, "ehc", "other"]), json_values, max_size=8)

valid_answers = st.fixed_dictionaries(
    {"date_of_birth": st.dates(TODAY - timedelta(days=365 * 26 - 7), TODAY).map(date.isoformat)},
    optional={
        "support": st.sampled_from(SUPPORT),
        "setting": st.sampled_from(SETTINGS),
        "needs": st.lists(st.sampled_from(NEEDS), unique=True),
        "topics": st.lists(st.sampled_from(TOPICS), unique=True),
        "goals": st.lists(st.sampled_from(GOALS), unique=True),
        "receives_dla": st.booleans(),
        "year_group": st.integers(-2, 13),
        "language": st.sampled_from(LANGUAGES),
        "postcode": st.sampled_from(["SW1A 1AA", "ex11aa", "B1 1BB"]),
    },
)


@given(answer_like)
def test_any_object_is_valid_or_a_named_error(data):
    try:
        parse_answers(data, TODAY)
    except AnswersError as exc:
        assert exc.errors
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in exc.errors.items())


@given(valid_answers)
def test_valid_answers_round_trip(data):
    answers = parse_answers(data, TODAY)
    assert parse_answers(answers_to_dict(answers), TODAY) == answers


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(body=answer_like)
def test_api_never_fails_with_5xx(client, body):
    resp = client.post("/api/v1/plans", data=json.dumps(body), content_type="application/json")
    assert resp.status_code in (201, 422), resp.get_data(as_text=True)
