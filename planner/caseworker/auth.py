"""Staff sign-in: argon2 password hashes, a lockout after repeated failures, an optional TOTP
second factor, sessions kept on the server that end at sign-out or after 30 minutes without use
(planner.caseworker.sessions), and the role checks.

The lockout counts failures per email address typed, not per client address, so spreading
guesses over many machines does not help; while an address is locked every attempt is refused,
right password or not. An address with no account is counted and locked the same way, so "too
many attempts" does not tell anyone which addresses have accounts (issue 16, B6).
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
from planner.caseworker import sessions
from planner.caseworker.models import ROLES, LoginFailure, LoginLock, StaffUser
from planner.extensions import db
from planner.models import utcnow

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = sessions.IDLE_TIMEOUT
MIN_PASSWORD_LENGTH = 12
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


def account_key(email: str) -> str:
    """What failures and locks are counted by: a keyed hash of the normalised email address
    (no address is stored in the clear, and the table is useless without the app's secret)."""
    return crypto.keyed_hash("staff-sign-in:" + email.strip().lower())


def locked_until(key: str, now: datetime | None = None) -> datetime | None:
    """When the lock on this address ends, or None when it is not locked."""
    lock = db.session.get(LoginLock, key)
    if lock is None or lock.locked_until <= (now or utcnow()):
        return None
    return lock.locked_until


def is_locked(user: StaffUser, now: datetime | None = None) -> bool:
    return locked_until(account_key(user.email), now) is not None


def record_failure(key: str) -> None:
    """Count a failed attempt; the fifth within 15 minutes locks the address for 15 minutes."""
    now = utcnow()
    db.session.add(LoginFailure(account_key=key, at=now))
    db.session.flush()
    recent = db.session.execute(
        db.select(db.func.count(LoginFailure.id)).where(
            LoginFailure.account_key == key, LoginFailure.at > now - FAILURE_WINDOW
        )
    ).scalar_one()
    if recent >= MAX_FAILURES:
        db.session.merge(LoginLock(account_key=key, locked_until=now + LOCKOUT))
        # Start counting afresh once the lock ends.
        db.session.execute(db.delete(LoginFailure).where(LoginFailure.account_key == key))
    db.session.commit()


def check_password(email: str, password: str) -> tuple[StaffUser | None, str]:
    """(user, "ok") when the password is right and the account usable; otherwise (user or None,
    "locked" | "bad"). A locked address is refused without looking at the password, and an
    address with no account goes through the same steps (a dummy hash, a counted failure, a
    lock after five), so the answers and their timing are the same for both."""
    key = account_key(email)
    user = find_user(email)
    if locked_until(key) is not None:
        return user, "locked"
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH, password)
        record_failure(key)
        return user, "locked" if locked_until(key) is not None else "bad"
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        record_failure(key)
        return user, "locked" if locked_until(key) is not None else "bad"
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
        record_failure(account_key(user.email))
        return False
    user.totp_last_step = step
    db.session.commit()
    return True


def reauthenticate(user: StaffUser, password: str, code: str | None) -> bool:
    """Check the password (and the current security code, when the account has one) before a
    change to how the account signs in. Wrong answers count towards the lockout, so a stolen
    session cannot be used to guess the password."""
    key = account_key(user.email)
    if locked_until(key) is not None:
        return False
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        record_failure(key)
        return False
    return not user.has_totp or check_totp(user, code or "")


def change_password(user: StaffUser, new_password: str) -> int:
    """Store a new password and end the account's other sessions; returns how many ended."""
    user.password_hash = hash_password(new_password)
    db.session.commit()
    return sessions.end_everywhere(user.id, keep_this_one=True)


def sweep_sign_in() -> int:
    """Remove failures older than the window and locks that have ended (retention sweep)."""
    now = utcnow()
    gone = db.session.execute(db.delete(LoginFailure).where(LoginFailure.at < now - FAILURE_WINDOW))
    ended = db.session.execute(db.delete(LoginLock).where(LoginLock.locked_until < now))
    db.session.commit()
    return int((gone.rowcount or 0) + (ended.rowcount or 0))  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ sessions
def start_session(user: StaffUser) -> None:
    """Sign in: a fresh session (no fixation) whose record is kept on the server; permanent so
    the cookie also ends after 30 minutes in the browser."""
    lang = session.get("lang")
    sessions.end()  # signing in again replaces any earlier session of this browser
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True
    sessions.begin(user.id)
    login_user(user)
    user.last_login_at = utcnow()
    db.session.execute(
        db.delete(LoginFailure).where(LoginFailure.account_key == account_key(user.email))
    )
    db.session.commit()


def end_session() -> None:
    """Sign-out: the server's record goes first, so the cookie is worthless even if kept."""
    sessions.end()
    logout_user()
    session.clear()


def idle_expired() -> bool:
    """True (once) when this browser's session was ended for being idle for 30 minutes."""
    return sessions.expired()


def touch_session() -> None:
    sessions.touch()


def wants_json() -> bool:
    return request.path.startswith("/caseworker/api/")


def load_user(user_id: str) -> StaffUser | None:
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


@login_manager.user_loader  # type: ignore[untyped-decorator]  # flask_login ships no types
def load_session_user(user_id: str) -> StaffUser | None:
    """The signed-in user only while the server holds a live session for them: the cookie alone
    is not enough (it may have been copied, or kept after signing out)."""
    live = sessions.current()
    if live is None or str(live.user_id) != user_id:
        return None
    return load_user(user_id)


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
