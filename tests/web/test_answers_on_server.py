"""Issue 16, B7: the questionnaire's answers (name, date of birth, postcode, needs) never sit in
the readable session cookie; they wait on the server, encrypted, under a random id with an
expiry. And every secret path is redacted from request logs."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner import drafts, logs
from planner.extensions import db
from planner.models import AnswerDraft, utcnow
from planner.questionnaire.views import DRAFT
from tests.web.conftest import FULL, born_aged, dob_fields, post, session_value

NAME, POSTCODE = "Zainab", "LS1 4AP"


def cookie_text(app: Flask, client: FlaskClient) -> str:
    """Everything the session cookie says, decoded: it is signed, not encrypted."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return repr(serializer.loads(cookie.value))


def answer_first_pages(client: FlaskClient) -> str:
    dob = born_aged(15)
    assert post(client, "who", [("answer", "parent_carer")]).status_code == 302
    assert post(client, "name", [("answer", NAME)]).status_code == 302
    assert post(client, "date-of-birth", dob_fields(dob)).status_code == 302
    return dob.isoformat()


def test_answers_in_progress_are_not_in_the_cookie(app: Flask, client: FlaskClient) -> None:
    dob = answer_first_pages(client)
    text = cookie_text(app, client)
    for secret in (NAME, dob, "parent_carer", "date-of-birth"):
        assert secret not in text
    # ...but on the server, encrypted, under the id the cookie holds.
    assert session_value(client, "answers")["name"] == NAME
    with app.app_context():
        row = db.session.execute(db.select(AnswerDraft)).scalar_one()
        assert NAME.encode() not in row.data_enc and dob.encode() not in row.data_enc
        assert row.expires_at - utcnow() > drafts.DRAFT_LIFETIME - timedelta(minutes=1)
        with client.session_transaction() as cookie:
            draft_id = cookie[DRAFT]
        assert row.id_hash != draft_id  # the table holds only the id's hash


def test_an_expired_draft_is_gone_and_swept(app: Flask, client: FlaskClient) -> None:
    answer_first_pages(client)
    with app.app_context():
        row = db.session.execute(db.select(AnswerDraft)).scalar_one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert session_value(client, "answers") is None
    # The questionnaire starts again rather than showing someone's old answers.
    restart = client.get("/check")
    assert restart.status_code == 302 and "/questions/who" in restart.headers["Location"]
    with app.app_context():
        assert drafts.sweep() == 1
        assert db.session.execute(db.select(AnswerDraft)).first() is None


def test_saving_the_plan_drops_the_draft(app: Flask, client: FlaskClient) -> None:
    from tests.web.conftest import make_plan

    make_plan(client, {**FULL, "date_of_birth": born_aged(15).isoformat(), "name": NAME})
    with app.app_context():
        assert db.session.execute(db.select(AnswerDraft)).first() is None
    with client.session_transaction() as cookie:
        assert DRAFT not in cookie


def test_changing_a_plan_keeps_its_answers_out_of_the_cookie(
    app: Flask, client: FlaskClient
) -> None:
    from tests.web.conftest import make_plan

    path = make_plan(client, {**FULL, "date_of_birth": born_aged(15).isoformat(), "name": NAME})
    assert client.get(f"{path}/change").status_code == 302
    assert NAME not in cookie_text(app, client)
    assert session_value(client, "answers")["name"] == NAME


# ---------------------------------------------------------------------------- secret paths
def token_routes(app: Flask) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules() if "token" in r.arguments)


def test_every_route_with_a_token_in_its_path_is_redacted(app: Flask) -> None:
    routes = token_routes(app)
    assert "/reminders/stop/<token>" in routes and len(routes) >= 3
    secret = "s3cr3t-T0ken_value"
    for rule in routes:
        path = rule.replace("<token>", secret).replace("<plan_id>", "plan-id")
        line = f'127.0.0.1 - - "GET {path}?lang=en HTTP/1.1" 200 -'
        cleaned = logs.redact(line)
        assert secret not in cleaned, rule
        assert "[redacted]" in cleaned
        if "<plan_id>" in rule:  # ids are not secrets: they stay, so the log is still useful
            assert "/plan/plan-id/" in cleaned


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("GET /plan/abc/pdf HTTP/1.1", "GET /plan/abc/pdf HTTP/1.1"),
        ("GET /api/v1/plans/abc HTTP/1.1", "GET /api/v1/plans/abc HTTP/1.1"),
        ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]"),
        ("POST /reminders/stop/abc HTTP/1.1", "POST /reminders/stop/[redacted] HTTP/1.1"),
        ("GET /anything?token=abc&lang=pl", "GET /anything?token=[redacted]&lang=pl"),
    ],
)
def test_redaction_table(line: str, kept: str) -> None:
    assert logs.redact(line) == kept


def test_the_stop_link_is_redacted_in_the_request_log(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A handler of our own: other tests may leave the werkzeug logger's level or propagation
    # changed, which caplog depends on; the redacting filter sits on the logger itself.
    logger = logging.getLogger("werkzeug")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    monkeypatch.setattr(logger, "disabled", False)
    monkeypatch.setattr(logger, "level", logging.INFO)
    logger.addHandler(handler)
    try:
        logger.info('"%s %s HTTP/1.1" %s', "GET", "/reminders/stop/abcdefSECRET", 200)
    finally:
        logger.removeHandler(handler)
    text = " ".join(r.getMessage() for r in records)
    assert "abcdefSECRET" not in text and "/reminders/stop/[redacted]" in text
