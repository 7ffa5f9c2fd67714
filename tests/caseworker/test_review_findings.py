"""Issue 16: each finding of the outside review reproduced through the HTTP surface (and config),
so the same checks ran against the code before the fixes (all failed) and run here (all pass)."""

from __future__ import annotations

import re
from datetime import date

import pyotp
import pytest
from flask import Flask

from planner import config, logs
from planner.caseworker import auth
from planner.extensions import db
from planner.plans import service as plans
from planner.rules.answers import parse_answers
from tests.caseworker.conftest import council, make_plan


def _family_plan():
    answers = parse_answers({"date_of_birth": "2012-05-06", "name": "Noor"}, date.today())
    return plans.create_plan(answers, council())


def test_A_unshared_family_plan_is_404_for_staff(as_admin, cw: Flask):
    client, _ = as_admin
    record, _t = _family_plan()
    assert client.get(f"/caseworker/families/{record.id}").status_code == 404


def test_A_sharing_api_exists(cw: Flask):
    record, token = _family_plan()
    r = cw.test_client().post(
        f"/api/v1/plans/{record.id}/sharing",
        json={"with": "council"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201


def test_B5_copied_cookie_dead_after_sign_out(as_caseworker, cw: Flask):
    client, _ = as_caseworker
    thief = cw.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/caseworker/families").status_code == 200
    client.post("/caseworker/logout")
    assert thief.get("/caseworker/families").status_code == 302


def test_B5_second_factor_swap_needs_password(as_caseworker, cw: Flask):
    client, user = as_caseworker
    page = client.get("/caseworker/account/two-factor").get_data(as_text=True)
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    client.post("/caseworker/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    db.session.refresh(user)
    assert not user.has_totp  # no password given: refused


def test_B5_totp_secret_not_in_cookie(as_caseworker, cw: Flask):
    client, _ = as_caseworker
    page = client.get("/caseworker/account/two-factor").get_data(as_text=True)
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    ser = cw.session_interface.get_signing_serializer(cw)
    assert secret not in repr(ser.loads(client.get_cookie("session").value))


def test_B6_locked_message_same_for_unknown(cw: Flask):
    client = cw.test_client()
    for _ in range(auth.MAX_FAILURES + 1):
        page = client.post(
            "/caseworker/login", data={"email": "nobody@council.example", "password": "x" * 20}
        ).get_data(as_text=True)
    assert "Try again in 15 minutes" in page


def test_B7_answers_not_in_cookie(cw: Flask):
    client = cw.test_client()
    client.post("/questions/who", data={"answer": "parent_carer"})
    client.post("/questions/name", data={"answer": "Zainab"})
    ser = cw.session_interface.get_signing_serializer(cw)
    assert "Zainab" not in repr(ser.loads(client.get_cookie("session").value))


def test_B7_search_by_get_does_not_search(as_caseworker, cw: Flask):
    client, _ = as_caseworker
    make_plan(name="Amira")
    make_plan(name="Other")
    page = client.get("/caseworker/families", query_string={"name": "Nobody"}).get_data(
        as_text=True
    )
    assert "No plans match" not in page  # the query string is not a search any more


def test_B7_stop_link_redacted():
    assert "SECRET" not in logs.redact("GET /reminders/stop/SECRET HTTP/1.1")


def test_B8_no_public_secret_by_default(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "PLANNER_DATA_KEYS", "PLANNER_ENV", "NOTIFY_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_VAR_DIR", str(tmp_path))
    assert config.load()["SECRET_KEY"] != config.DEV_SECRET


def test_B8_notify_key_refused_in_development():
    with pytest.raises(config.ConfigError):
        config.check(
            {
                "PLANNER_ENV": "development",
                "SECRET_KEY": "s" * 40,
                "PLANNER_DATA_KEYS": "x",
                "NOTIFY_API_KEY": "key",
                "NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk",
            }
        )


def test_B8_outbox_needs_admin(cw: Flask):
    outbox = cw.config["VAR_DIR"] / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    assert cw.test_client().get("/dev/outbox").status_code == 404
