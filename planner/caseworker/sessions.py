"""Staff sessions on the server (issue 16, B5).

The browser's signed cookie holds only a random session id (`SID`); what the session is lives
here: in Redis when REDIS_URL is set (shared by every web server), in the database otherwise.
So signing out, 30 minutes without use and "sign out everywhere" end a session for good: a
cookie that was copied or kept opens nothing once its record is gone. Records are found by the
SHA-256 of the id, so a leaked store holds no usable session ids.

A second-factor secret being set up waits here too (encrypted), never in the cookie.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

from flask import current_app, session
from sqlalchemy import delete

from planner import crypto
from planner.caseworker.models import StaffSession
from planner.extensions import db
from planner.models import utcnow

SID = "cw_sid"
IDLE_TIMEOUT = timedelta(minutes=30)
# Redis keeps a record a day past its idle limit, so an expired session can still be told
# apart from a revoked one ("you had not used the console for 30 minutes").
REDIS_GRACE = timedelta(days=1)
REDIS_PREFIX = "planner:staff-session:"


@dataclass(frozen=True)
class Record:
    """What the server knows about one staff session."""

    user_id: int
    last_seen: datetime
    pending_totp_enc: bytes | None = None

    def idle(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) - self.last_seen > IDLE_TIMEOUT


class Store(Protocol):
    def create(self, id_hash: str, user_id: int) -> None: ...
    def get(self, id_hash: str) -> Record | None: ...
    def touch(self, id_hash: str) -> None: ...
    def set_pending_totp(self, id_hash: str, value: bytes | None) -> None: ...
    def revoke(self, id_hash: str) -> None: ...
    def revoke_user(self, user_id: int, keep: str | None = None) -> int: ...


class DatabaseStore:
    """Sessions as rows of `staff_session`. Each change commits: a sign-out must hold even if
    the rest of the request fails."""

    def create(self, id_hash: str, user_id: int) -> None:
        db.session.add(StaffSession(id_hash=id_hash, user_id=user_id))
        db.session.commit()

    def get(self, id_hash: str) -> Record | None:
        row = db.session.get(StaffSession, id_hash)
        if row is None:
            return None
        return Record(row.user_id, row.last_seen_at, row.pending_totp_enc)

    def touch(self, id_hash: str) -> None:
        self._set(id_hash, last_seen_at=utcnow())

    def set_pending_totp(self, id_hash: str, value: bytes | None) -> None:
        self._set(id_hash, pending_totp_enc=value)

    def _set(self, id_hash: str, **values: Any) -> None:
        row = db.session.get(StaffSession, id_hash)
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)
            db.session.commit()

    def revoke(self, id_hash: str) -> None:
        db.session.execute(delete(StaffSession).where(StaffSession.id_hash == id_hash))
        db.session.commit()

    def revoke_user(self, user_id: int, keep: str | None = None) -> int:
        stmt = delete(StaffSession).where(StaffSession.user_id == user_id)
        if keep is not None:
            stmt = stmt.where(StaffSession.id_hash != keep)
        result = db.session.execute(stmt)
        db.session.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class RedisStore:
    """Sessions as Redis hashes, with a set per user for "sign out everywhere"."""

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)

    def _key(self, id_hash: str) -> str:
        return REDIS_PREFIX + id_hash

    def _user_key(self, user_id: int) -> str:
        return f"{REDIS_PREFIX}user:{user_id}"

    def _ttl(self) -> int:
        return int((IDLE_TIMEOUT + REDIS_GRACE).total_seconds())

    def create(self, id_hash: str, user_id: int) -> None:
        pipe = self.redis.pipeline()
        pipe.hset(
            self._key(id_hash),
            mapping={"user_id": user_id, "last_seen": utcnow().isoformat()},
        )
        pipe.expire(self._key(id_hash), self._ttl())
        pipe.sadd(self._user_key(user_id), id_hash)
        pipe.expire(self._user_key(user_id), self._ttl())
        pipe.execute()

    def get(self, id_hash: str) -> Record | None:
        data = self.redis.hgetall(self._key(id_hash))
        if b"user_id" not in data:
            return None
        pending = data.get(b"pending_totp_enc")
        return Record(
            int(data[b"user_id"]),
            datetime.fromisoformat(_text(data[b"last_seen"])),
            pending if isinstance(pending, bytes) and pending else None,
        )

    def touch(self, id_hash: str) -> None:
        key = self._key(id_hash)
        # Only an existing record is refreshed (a revoked one must not come back; a stray
        # field written in a race is no session: `get` needs the user id).
        if self.redis.exists(key):
            self.redis.hset(key, "last_seen", utcnow().isoformat())
            self.redis.expire(key, self._ttl())

    def set_pending_totp(self, id_hash: str, value: bytes | None) -> None:
        key = self._key(id_hash)
        if value is None:
            self.redis.hdel(key, "pending_totp_enc")
        elif self.redis.exists(key):
            self.redis.hset(key, "pending_totp_enc", value)

    def revoke(self, id_hash: str) -> None:
        data = self.redis.hget(self._key(id_hash), "user_id")
        self.redis.delete(self._key(id_hash))
        if data is not None:
            self.redis.srem(self._user_key(int(data)), id_hash)

    def revoke_user(self, user_id: int, keep: str | None = None) -> int:
        ids = [_text(m) for m in self.redis.smembers(self._user_key(user_id))]
        gone = [i for i in ids if i != keep]
        if gone:
            self.redis.delete(*(self._key(i) for i in gone))
            self.redis.srem(self._user_key(user_id), *gone)
        return len(gone)


def _text(value: bytes | str) -> str:
    """Redis answers bytes (the client is not set to decode)."""
    return value.decode() if isinstance(value, bytes) else value


@lru_cache(maxsize=4)
def _redis_store(url: str) -> RedisStore:
    return RedisStore(url)


def store() -> Store:
    """Redis when REDIS_URL is set, the database otherwise; STAFF_SESSIONS (`redis` or
    `database`) chooses explicitly."""
    url = current_app.config.get("REDIS_URL")
    choice = current_app.config.get("STAFF_SESSIONS") or ("redis" if url else "database")
    return _redis_store(url) if choice == "redis" and url else DatabaseStore()


def _hash(sid: str) -> str:
    return crypto.token_hash(sid)


def _current_hash() -> str | None:
    sid = session.get(SID)
    return _hash(sid) if isinstance(sid, str) and sid else None


def begin(user_id: int) -> None:
    """Start a session for `user_id`; the cookie gets only its random id."""
    sid = secrets.token_urlsafe(32)
    store().create(_hash(sid), user_id)
    session[SID] = sid


def current() -> Record | None:
    """This browser's session when it is live: on the server, and used in the last 30 minutes."""
    id_hash = _current_hash()
    found = store().get(id_hash) if id_hash else None
    return found if found is not None and not found.idle() else None


def expired() -> bool:
    """True when this browser's session is on the server but was idle too long. It is ended
    here, so it says so once."""
    id_hash = _current_hash()
    found = store().get(id_hash) if id_hash else None
    if found is not None and found.idle():
        store().revoke(id_hash)  # type: ignore[arg-type]
        return True
    return False


def touch() -> None:
    id_hash = _current_hash()
    if id_hash:
        store().touch(id_hash)


def end() -> None:
    """Sign-out: the session's record goes, so the cookie opens nothing again."""
    id_hash = _current_hash()
    if id_hash:
        store().revoke(id_hash)
    session.pop(SID, None)


def end_everywhere(user_id: int, *, keep_this_one: bool = False) -> int:
    """End every session of `user_id` (or every other one); returns how many ended."""
    return store().revoke_user(user_id, keep=_current_hash() if keep_this_one else None)


def set_pending_totp(secret: str | None) -> None:
    id_hash = _current_hash()
    if id_hash:
        store().set_pending_totp(id_hash, crypto.encrypt_json(secret) if secret else None)


def pending_totp() -> str | None:
    found = current()
    if found is None or not found.pending_totp_enc:
        return None
    return str(crypto.decrypt_json(found.pending_totp_enc))


def sweep() -> int:
    """Remove database sessions idle past their limit (Redis expires its own)."""
    result = db.session.execute(
        delete(StaffSession).where(StaffSession.last_seen_at < utcnow() - IDLE_TIMEOUT)
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
