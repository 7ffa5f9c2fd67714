"""Encryption at rest for personal data (names, dates of birth, contact details).

Keys come from `PLANNER_DATA_KEYS`: comma-separated Fernet keys, newest first. MultiFernet encrypts
with the first and decrypts with any, so a key is rotated by putting a new one in front, running
`planner keys rotate` (re-encrypts rows), then dropping the old key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app


def _fernet() -> MultiFernet:
    keys = current_app.config["PLANNER_DATA_KEYS"].split(",")
    return MultiFernet([Fernet(k.strip().encode()) for k in keys if k.strip()])


def encrypt_json(value: Any) -> bytes:
    """Serialise `value` as JSON and encrypt it with the newest key."""
    return _fernet().encrypt(json.dumps(value, sort_keys=True).encode())


def decrypt_json(token: bytes) -> Any:
    """Decrypt with whichever configured key made `token`, and parse the JSON."""
    return json.loads(_fernet().decrypt(token))


def rotate(token: bytes) -> bytes:
    """Re-encrypt `token` under the newest key."""
    return _fernet().rotate(token)


def rotate_all() -> dict[str, int]:
    """Re-encrypt every encrypted column (named `*_enc`) under the newest key, table by table,
    so the old key can then be dropped. Returns how many values each table had re-encrypted."""
    from sqlalchemy import LargeBinary

    from planner.extensions import Model, db

    done: dict[str, int] = {}
    for mapper in Model.registry.mappers:
        model = mapper.class_
        columns = [
            c.key
            for c in mapper.columns
            if c.key.endswith("_enc") and isinstance(c.type, LargeBinary)
        ]
        if not columns:
            continue
        count = 0
        for row in db.session.execute(db.select(model)).scalars():
            for name in columns:
                value = getattr(row, name)
                if value:
                    setattr(row, name, rotate(value))
                    count += 1
        db.session.commit()
        done[model.__tablename__] = count
    return done


def keyed_hash(value: str) -> str:
    """A keyed hash for exact-match searches on encrypted fields (e.g. postcode)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """How secret plan tokens are stored: SHA-256 is enough for 256-bit random tokens."""
    return hashlib.sha256(token.encode()).hexdigest()
