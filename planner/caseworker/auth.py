"""Staff sign-in: argon2 password hashes, a lockout after repeated failures, an optional TOTP
second factor, sessions that end after 30 minutes without use, and the role checks.

The lockout counts failures per account, not per address, so spreading guesses over many
machines does not help; while an account is locked every attempt is refused, right password or
not, and the refusal looks the same as a wrong password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, abort, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from planner import crypto
from planner.caseworker.models import ROLES, LoginFailure, StaffUser
from planner.extensions import db
from planner.models import utcnow

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=30)
MIN_PASSWORD_LENGTH = 12
LAST_SEEN = "cw_last_seen"
PENDING_2FA = "cw_pending_user"

hasher = PasswordHasher()
login_manager = LoginManager()
# A hash to verify against when the email is unknown, so a missing account costs the same time
# as a wrong password and accounts cannot be discovered by timing.
_DUMMY_HASH = hasher.hash("not-a-real-password-used-for-timing-only")

F = TypeVar("F", bound=Callable[..., Any])


class PasswordTooShort(ValueError):
    """A new password shorter than MIN_PASSWORD_LENGTH."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters.")
    return hasher.hash(password)


def create_user(email: str, password: str, role: str, council_id: int) -> StaffUser:
    """Store a new staff account. Raises ValueError for an unknown role or a taken email."""
    if role not in ROLES:
        raise ValueError(f"role must be one of: {', '.join(ROLES)}")
    email = email.strip().lower()
    if db.session.execute(db.select(StaffUser).filter_by(email=email)).scalar_one_or_none():
        raise ValueError("An account with that email address already exists.")
    user = StaffUser(
        email=email, password_hash=hash_password(password), role=role, council_id=council_id
    )
    db.session.add(user)
    db.session.commit()
    return user


def find_user(email: str) -> StaffUser | None:
    return db.session.execute(
        db.select(StaffUser).filter_by(email=email.strip().lower())
    ).scalar_one_or_none()


def is_locked(user: StaffUser, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return user.locked_until is not None and user.locked_until > now


def record_failure(user: StaffUser) -> None:
    """Count a failed attempt; the fifth within 15 minutes locks the account for 15 minutes."""
    now = utcnow()
    db.session.add(LoginFailure(user_id=user.id, at=now))
    db.session.flush()
    recent = db.session.execute(
        db.select(db.func.count(LoginFailure.id)).where(
            LoginFailure.user_id == user.id, LoginFailure.at > now - FAILURE_WINDOW
        )
    ).scalar_one()
    if recent >= MAX_FAILURES:
        user.locked_until = now + LOCKOUT
        # Start counting afresh once the lock ends.
        db.session.execute(db.delete(LoginFailure).where(LoginFailure.user_id == user.id))
    db.session.commit()


def check_password(email: str, password: str) -> tuple[StaffUser | None, str]:
    """(user, "ok") when the password is right and the account usable; otherwise (user or None,
    "locked" | "bad"). A locked account is refused without looking at the password."""
    user = find_user(email)
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH, password)
        return user, "bad"
    if is_locked(user):
        return user, "locked"
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        record_failure(user)
        return user, "locked" if is_locked(user) else "bad"
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.commit()
    # Failures are forgiven only when sign-in completes (start_session): someone who knows the
    # password must not be able to reset the count of wrong security codes.
    return user, "ok"


# ------------------------------------------------------------------------------- second factor
def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: StaffUser, secret: str) -> str:
    """The otpauth:// address an authenticator app takes (typed in or from a QR code)."""
    issuer = user.council.name if user.council else "SEND transition planner"
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def set_totp(user: StaffUser, secret: str | None) -> None:
    user.totp_secret_enc = crypto.encrypt_json(secret) if secret else None
    user.totp_last_step = None
    db.session.commit()


def verify_code(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step a code belongs to when it is right (one step of clock drift either way) and
    newer than the last one used; None otherwise."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    step_now = int(now.timestamp() // totp.interval)
    for offset in (0, -1, 1):
        step = step_now + offset
        if totp.at(step * totp.interval) == code and (last_step is None or step > last_step):
            return step
    return None


def check_totp(user: StaffUser, code: str) -> bool:
    """Check a sign-in code; a wrong one counts towards the lockout like a wrong password."""
    if is_locked(user) or user.totp_secret_enc is None:
        return False
    secret = crypto.decrypt_json(user.totp_secret_enc)
    step = verify_code(secret, code, user.totp_last_step)
    if step is None:
        record_failure(user)
        return False
    user.totp_last_step = step
    db.session.commit()
    return True


# ------------------------------------------------------------------------------------ sessions
def start_session(user: StaffUser) -> None:
    """Sign in: a fresh session (no fixation), permanent so the 30-minute lifetime applies."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True
    login_user(user)
    session[LAST_SEEN] = utcnow().timestamp()
    user.last_login_at = utcnow()
    db.session.execute(db.delete(LoginFailure).where(LoginFailure.user_id == user.id))
    db.session.commit()


def end_session() -> None:
    logout_user()
    session.clear()


def idle_expired() -> bool:
    """True when the signed-in session has been idle for more than 30 minutes. The cookie's own
    lifetime (PERMANENT_SESSION_LIFETIME) ends it in the browser; this check ends it on the server
    too, for a cookie that was copied or kept."""
    seen = session.get(LAST_SEEN)
    return seen is None or utcnow().timestamp() - float(seen) > IDLE_TIMEOUT.total_seconds()


def touch_session() -> None:
    session[LAST_SEEN] = utcnow().timestamp()


def wants_json() -> bool:
    return request.path.startswith("/caseworker/api/")


@login_manager.user_loader  # type: ignore[untyped-decorator]  # flask_login ships no types
def load_user(user_id: str) -> StaffUser | None:
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


@login_manager.unauthorized_handler  # type: ignore[untyped-decorator]  # flask_login: no types
def unauthorized() -> Any:
    """Not signed in: 401 JSON for the API, the sign-in page for everything else."""
    if wants_json():
        return jsonify({"status": 401, "message": "Sign in to use the caseworker API."}), 401
    return redirect(url_for("caseworker.login", next=request.path))


def admin_required(view: F) -> F:
    """Admin pages: caseworkers get 403 (signed in, but not allowed)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return cast(F, wrapped)  # wraps() keeps the view's name and signature


def init_app(app: Flask) -> None:
    """Bind Flask-Login. `session_protection = "strong"` drops the session when the browser's
    address or agent changes, which a stolen cookie usually does."""
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    # Only staff sessions are permanent (families' sessions end with the browser), so this
    # lifetime applies to them alone. Flask's own default is 31 days: replace it, keep any
    # value the configuration set on purpose.
    if app.config.get("PERMANENT_SESSION_LIFETIME") == timedelta(days=31):
        app.config["PERMANENT_SESSION_LIFETIME"] = IDLE_TIMEOUT
    app.config["SESSION_REFRESH_EACH_REQUEST"] = True
