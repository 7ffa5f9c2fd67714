"""Issue 16, B5 and B6: staff sessions live on the server, so signing out, idle expiry and "sign
out everywhere" end them for good; account changes ask for the password and the current code;
the second-factor key never travels in a cookie; "too many attempts" is the same for addresses
with and without an account."""

from __future__ import annotations

import os
import re
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner import crypto
from planner.caseworker import auth, sessions
from planner.caseworker.models import AuditEvent, StaffSession, StaffUser
from planner.extensions import db
from planner.models import utcnow
from tests.caseworker.conftest import PASSWORD, make_user, sign_in
from tests.caseworker.test_auth import pending_secret

COOKIE = "session"


def copy_of(cw: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of `client`'s session cookie (stolen, or kept)."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    thief = cw.test_client()
    thief.set_cookie(COOKIE, cookie.value)
    return thief


def cookie_text(cw: Flask, client: FlaskClient) -> str:
    """Everything the session cookie says, decoded (it is signed, not encrypted)."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    serializer = cw.session_interface.get_signing_serializer(cw)  # type: ignore[attr-defined]
    return repr(serializer.loads(cookie.value))


def with_totp(user: StaffUser) -> str:
    secret = pyotp.random_base32()
    auth.set_totp(user, secret)
    return secret


def sign_in_with_code(client: FlaskClient, user: StaffUser, secret: str) -> None:
    sign_in(client, user)
    assert (
        client.post("/caseworker/login/code", data={"code": pyotp.TOTP(secret).now()}).status_code
        == 302
    )


def test_a_copied_cookie_opens_nothing_after_sign_out(as_caseworker: Any, cw: Flask) -> None:
    client, _user = as_caseworker
    kept = copy_of(cw, client)
    assert kept.get("/caseworker/families").status_code == 200
    assert client.post("/caseworker/logout").status_code == 302
    replay = kept.get("/caseworker/families")
    assert replay.status_code == 302 and "/caseworker/login" in replay.headers["Location"]
    assert db.session.execute(db.select(StaffSession)).first() is None


def test_sign_out_everywhere_ends_every_session_of_the_account(cw: Flask) -> None:
    user, other = make_user("caseworker"), make_user("admin")
    laptop, phone, colleague = cw.test_client(), cw.test_client(), cw.test_client()
    for client, who in ((laptop, user), (phone, user), (colleague, other)):
        assert sign_in(client, who).status_code == 302
    done = phone.post("/caseworker/account/sign-out-everywhere")
    assert done.status_code == 302
    assert "every device" in phone.get("/caseworker/login").get_data(as_text=True)
    assert laptop.get("/caseworker/families").status_code == 302
    assert phone.get("/caseworker/families").status_code == 302
    assert colleague.get("/caseworker/families").status_code == 200  # someone else's stays
    event = db.session.execute(
        db.select(AuditEvent).filter_by(action="sign_out_everywhere")
    ).scalar_one()
    assert event.user_id == user.id and event.detail == {"sessions": 2}


def test_the_cookie_holds_only_a_random_session_id(as_caseworker: Any, cw: Flask) -> None:
    client, user = as_caseworker
    text = cookie_text(cw, client)
    with client.session_transaction() as cookie:
        sid = cookie[sessions.SID]
    assert len(sid) >= 43  # 256 random bits
    # The server keeps only the hash of the id.
    assert db.session.get(StaffSession, crypto.token_hash(sid)).user_id == user.id
    assert db.session.get(StaffSession, sid) is None
    assert "cw_last_seen" not in text


def test_the_new_second_factor_key_never_travels_in_the_cookie(
    as_caseworker: Any, cw: Flask
) -> None:
    client, _user = as_caseworker
    page = client.get("/caseworker/account/two-factor")
    assert page.status_code == 200
    secret = pending_secret(client)
    assert secret in page.get_data(as_text=True)  # shown once, to be typed into the app
    assert secret not in cookie_text(cw, client)
    # The same key is offered again until it is used (it waits on the server).
    assert secret in client.get("/caseworker/account/two-factor").get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "current", "accepted"),
    [
        ("", "right", False),
        ("wrong password!!", "right", False),
        (PASSWORD, "", False),
        (PASSWORD, "000000", False),
        (PASSWORD, "right", True),
    ],
    ids=["no-password", "wrong-password", "no-current-code", "wrong-current-code", "both-right"],
)
def test_replacing_the_second_factor_asks_for_the_password_and_current_code(
    cw: Flask, password: str, current: str, accepted: bool
) -> None:
    user = make_user()
    old = with_totp(user)
    client = cw.test_client()
    sign_in_with_code(client, user, old)
    user.totp_last_step = None  # the sign-in code may be reused as "current" in this test
    db.session.commit()
    client.get("/caseworker/account/two-factor")
    new = pending_secret(client)
    response = client.post(
        "/caseworker/account/two-factor",
        data={
            "password": password,
            "current_code": pyotp.TOTP(old).now() if current == "right" else current,
            "code": pyotp.TOTP(new).now(),
        },
    )
    db.session.refresh(user)
    assert crypto.decrypt_json(user.totp_secret_enc) == (new if accepted else old)
    assert response.status_code == (302 if accepted else 200)


@pytest.mark.parametrize(
    ("password", "current", "accepted"),
    [
        ("wrong password!!", "right", False),
        (PASSWORD, "000000", False),
        (PASSWORD, "right", True),
    ],
    ids=["wrong-password", "wrong-current-code", "both-right"],
)
def test_changing_the_password_asks_for_it_and_the_code_and_ends_other_sessions(
    cw: Flask, password: str, current: str, accepted: bool
) -> None:
    user = make_user()
    secret = with_totp(user)
    here, elsewhere = cw.test_client(), cw.test_client()
    sign_in_with_code(elsewhere, user, secret)
    user.totp_last_step = None
    db.session.commit()
    sign_in_with_code(here, user, secret)
    user.totp_last_step = None
    db.session.commit()
    new_password = "a brand new long password"
    response = here.post(
        "/caseworker/account/password",
        data={
            "password": password,
            "current_code": pyotp.TOTP(secret).now() if current == "right" else current,
            "new_password": new_password,
        },
    )
    db.session.refresh(user)
    kept = new_password if accepted else PASSWORD
    assert auth.hasher.verify(user.password_hash, kept)
    assert (response.status_code == 302) is accepted
    assert here.get("/caseworker/families").status_code == 200  # this session carries on
    assert (elsewhere.get("/caseworker/families").status_code == 302) is accepted


def test_wrong_passwords_on_account_changes_count_towards_the_lockout(
    as_caseworker: Any, cw: Flask
) -> None:
    client, user = as_caseworker
    for _ in range(auth.MAX_FAILURES):
        client.post(
            "/caseworker/account/password",
            data={"password": "wrong password!!", "new_password": "x" * 20},
        )
    assert auth.is_locked(user)
    assert client.get("/caseworker/families").status_code == 302  # signed out once locked


def test_a_disabled_account_loses_its_live_sessions(as_caseworker: Any, cw: Flask) -> None:
    client, user = as_caseworker
    user.active = False
    db.session.commit()
    assert client.get("/caseworker/families").status_code == 302


# --------------------------------------------------------------------------- B6: enumeration
NONCE = re.compile(r'nonce="[^"]*"')


def refusal(client: FlaskClient, email: str) -> str:
    """The refusal page, without the address typed and the per-request script nonce."""
    page = client.post("/caseworker/login", data={"email": email, "password": "wrong password!!"})
    assert page.status_code == 200
    return NONCE.sub("", page.get_data(as_text=True).replace(email, "EMAIL"))


def test_too_many_attempts_reads_the_same_with_or_without_an_account(cw: Flask) -> None:
    real = make_user().email
    unknown = "nobody.here@council.example"
    client = cw.test_client()
    for attempt in range(auth.MAX_FAILURES + 2):
        assert refusal(client, real) == refusal(client, unknown), attempt
    page = refusal(client, unknown)
    assert "Try again in 15 minutes" in page


def test_a_locked_unknown_address_is_not_checked_against_any_password(cw: Flask) -> None:
    key = auth.account_key("nobody.here@council.example")
    for _ in range(auth.MAX_FAILURES):
        auth.check_password("nobody.here@council.example", "wrong password!!")
    assert auth.locked_until(key) is not None
    assert auth.check_password("Nobody.Here@council.example ", "anything") == (None, "locked")


# ------------------------------------------------------------------------------ the two stores
def _redis_url() -> str:
    return os.environ.get("PLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture
def redis_store() -> Any:
    import redis

    url = _redis_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {url} (CI always has one)")
    store = sessions.RedisStore(url)
    yield store
    for key in store.redis.scan_iter(sessions.REDIS_PREFIX + "*"):
        store.redis.delete(key)


@pytest.mark.parametrize("kind", ["database", "redis"])
def test_both_stores_create_touch_and_revoke(
    cw: Flask, request: pytest.FixtureRequest, kind: str
) -> None:
    user, other = make_user("caseworker"), make_user("admin")
    store: Any = (
        sessions.DatabaseStore() if kind == "database" else request.getfixturevalue("redis_store")
    )
    store.create("a" * 64, user.id)
    store.create("b" * 64, user.id)
    store.create("c" * 64, other.id)
    found = store.get("a" * 64)
    assert found.user_id == user.id and not found.idle()
    store.set_pending_totp("a" * 64, b"encrypted")
    assert store.get("a" * 64).pending_totp_enc == b"encrypted"
    store.touch("a" * 64)
    store.revoke("b" * 64)
    assert store.get("b" * 64) is None
    store.touch("b" * 64)  # touching a revoked session does not bring it back
    assert store.get("b" * 64) is None
    assert store.revoke_user(user.id, keep="a" * 64) == 0
    assert store.revoke_user(user.id) == 1
    assert store.get("a" * 64) is None and store.get("c" * 64).user_id == other.id
    assert store.get("a" * 64) is None
    assert utcnow() >= store.get("c" * 64).last_seen


def test_signing_in_again_replaces_the_browsers_earlier_session(
    as_caseworker: Any, cw: Flask
) -> None:
    client, user = as_caseworker
    before = copy_of(cw, client)
    assert sign_in(client, user).status_code == 302
    assert client.get("/caseworker/families").status_code == 200
    assert before.get("/caseworker/families").status_code == 302
    assert db.session.execute(db.select(db.func.count()).select_from(StaffSession)).scalar() == 1
