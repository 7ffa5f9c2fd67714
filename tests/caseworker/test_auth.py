"""Sign-in: lockout, idle expiry, the TOTP second factor, and the `users create` command."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
from flask import Flask

from planner import crypto
from planner.caseworker import auth, sessions
from planner.caseworker.models import LoginFailure, LoginLock, StaffSession, StaffUser
from planner.extensions import db
from planner.models import utcnow
from tests.caseworker.conftest import PASSWORD, make_user, sign_in


def test_password_is_stored_as_an_argon2_hash(cw: Flask) -> None:
    user = make_user()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_wrong_password_is_refused(cw: Flask) -> None:
    client = cw.test_client()
    response = sign_in(client, make_user(), "wrong password!!")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert client.get("/caseworker/families").status_code == 302


def test_five_failures_lock_the_account_whatever_the_password(cw: Flask) -> None:
    user = make_user()
    client = cw.test_client()
    for _ in range(auth.MAX_FAILURES):
        sign_in(client, user, "wrong password!!")
    refused = sign_in(client, user)  # the right password
    assert refused.status_code == 200
    assert "Try again in 15 minutes" in refused.get_data(as_text=True)
    until = auth.locked_until(auth.account_key(user.email))
    assert until is not None
    assert timedelta(minutes=14) < until - utcnow() <= timedelta(minutes=15)
    # After the 15 minutes the right password works again.
    lock = db.session.get(LoginLock, auth.account_key(user.email))
    lock.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client, user).status_code == 302


def test_failures_older_than_15_minutes_do_not_count(cw: Flask) -> None:
    user = make_user()
    old = utcnow() - timedelta(minutes=16)
    key = auth.account_key(user.email)
    db.session.add_all(LoginFailure(account_key=key, at=old) for _ in range(4))
    db.session.commit()
    client = cw.test_client()
    sign_in(client, user, "wrong password!!")
    assert sign_in(client, user).status_code == 302


def test_unknown_email_is_refused_like_a_wrong_password(cw: Flask) -> None:
    client = cw.test_client()
    response = client.post(
        "/caseworker/login", data={"email": "nobody@council.example", "password": PASSWORD}
    )
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_sessions_end_after_30_minutes_idle(as_caseworker: Any, cw: Flask) -> None:
    client, _user = as_caseworker
    assert cw.permanent_session_lifetime == timedelta(minutes=30)
    assert client.get("/caseworker/families").status_code == 200
    # Idle time is kept on the server, where a copied cookie cannot change it.
    server_session(client).last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert client.get("/caseworker/families").status_code == 200  # use renews it
    server_session(client).last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    expired = client.get("/caseworker/families")
    assert expired.status_code == 302 and "/caseworker/login" in expired.headers["Location"]
    page = client.get("/caseworker/login").get_data(as_text=True)
    assert "had not used the console for 30 minutes" in page
    assert client.get("/caseworker/families").status_code == 302


def test_totp_enrolment_and_sign_in(as_caseworker: Any, cw: Flask) -> None:
    client, user = as_caseworker
    assert client.get("/caseworker/account/two-factor").status_code == 200
    secret = pending_secret(client)
    wrong = client.post(
        "/caseworker/account/two-factor", data={"password": PASSWORD, "code": "000000"}
    )
    assert "not right" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).now()
    set_up = client.post(
        "/caseworker/account/two-factor", data={"password": PASSWORD, "code": code}
    )
    assert set_up.status_code == 302
    db.session.refresh(user)
    assert user.has_totp and secret.encode() not in user.totp_secret_enc

    fresh = cw.test_client()
    first = sign_in(fresh, user)
    assert first.headers["Location"].endswith("/caseworker/login/code")
    assert fresh.get("/caseworker/families").status_code == 302  # not signed in yet
    bad = fresh.post("/caseworker/login/code", data={"code": "123456"})
    assert "not right" in bad.get_data(as_text=True)
    good = fresh.post("/caseworker/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert good.status_code == 302
    assert fresh.get("/caseworker/families").status_code == 200

    # A code is good once: replaying it on another sign-in is refused.
    again = cw.test_client()
    sign_in(again, user)
    replay = again.post("/caseworker/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert replay.status_code == 200
    assert again.get("/caseworker/families").status_code == 302


def server_session(client: Any) -> StaffSession:
    """The server's record of this test client's staff session."""
    with client.session_transaction() as cookie:
        sid = cookie[sessions.SID]
    row = db.session.get(StaffSession, crypto.token_hash(sid))
    assert row is not None
    db.session.refresh(row)
    return row


def pending_secret(client: Any) -> str:
    """The second-factor key being set up, read where it waits: the server's session record."""
    row = server_session(client)
    assert row.pending_totp_enc is not None
    return str(crypto.decrypt_json(row.pending_totp_enc))


def test_wrong_codes_count_towards_the_lockout(cw: Flask) -> None:
    user = make_user()
    auth.set_totp(user, pyotp.random_base32())
    client = cw.test_client()
    for _ in range(auth.MAX_FAILURES):
        sign_in(client, user)
        client.post("/caseworker/login/code", data={"code": "000000"})
    db.session.refresh(user)
    assert auth.is_locked(user)


def test_users_create_reads_the_password_from_stdin(cw: Flask) -> None:
    from planner.caseworker.cli import users_cli

    runner = cw.test_cli_runner()
    result = runner.invoke(
        users_cli,
        [
            "create",
            "--email",
            "New.Person@Council.example",
            "--role",
            "admin",
            "--council",
            "exampleshire",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(StaffUser)).scalar_one()
    assert user.email == "new.person@council.example" and user.role == "admin"
    assert user.council.code == "exampleshire"
    assert "a long enough password" not in result.output
    assert sign_in(cw.test_client(), user, "a long enough password").status_code == 302


def test_users_create_refuses_short_passwords_and_bad_roles(cw: Flask) -> None:
    from planner.caseworker.cli import users_cli

    runner = cw.test_cli_runner()
    short = runner.invoke(users_cli, ["create", "--email", "a@b.example"], input="short\n")
    assert short.exit_code != 0 and "at least 12" in short.output
    role = runner.invoke(
        users_cli, ["create", "--email", "a@b.example", "--role", "boss"], input="x" * 20 + "\n"
    )
    assert role.exit_code != 0
