"""Questionnaire answers in progress, kept on the server (issue 16, B7).

Flask's session cookie is signed, not encrypted: anyone holding it (a shared computer, a proxy
log, a browser extension) can read it. So a child's name, date of birth, postcode and needs
never go in it. They wait here, in `answer_draft`, encrypted with planner.crypto's data keys,
under a random id; the cookie holds only that id. A draft ends when the plan is saved, or
DRAFT_LIFETIME after it was last changed (the retention sweep removes what is left).

`slot` names the cookie key, so a family's questionnaire and a caseworker's work on a family's
behalf never share a draft.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import session

from planner import crypto
from planner.extensions import db
from planner.models import AnswerDraft, utcnow

DRAFT_LIFETIME = timedelta(hours=24)


def get(draft_id: Any) -> dict[str, Any] | None:
    """The draft with this id, or None (no such id, or expired)."""
    if not isinstance(draft_id, str) or not draft_id:
        return None
    row = db.session.get(AnswerDraft, crypto.token_hash(draft_id))
    if row is None or row.expires_at <= utcnow():
        return None
    data = crypto.decrypt_json(row.data_enc)
    return data if isinstance(data, dict) else None


def put(draft_id: str, data: dict[str, Any]) -> None:
    """Store `data` under `draft_id`, encrypted, for another DRAFT_LIFETIME."""
    id_hash = crypto.token_hash(draft_id)
    row = db.session.get(AnswerDraft, id_hash)
    if row is None:
        row = AnswerDraft(id_hash=id_hash)
        db.session.add(row)
    now = utcnow()
    row.data_enc = crypto.encrypt_json(data)
    row.updated_at = now
    row.expires_at = now + DRAFT_LIFETIME
    db.session.commit()


def load(slot: str) -> dict[str, Any] | None:
    """The draft this browser holds in `slot`, or None (none, or expired)."""
    return get(session.get(slot))


def save(slot: str, data: dict[str, Any]) -> None:
    """Store `data` as this browser's draft in `slot` (under a new random id when the old one
    has gone, so an expired id is never brought back)."""
    draft_id = session.get(slot)
    if get(draft_id) is None:
        draft_id = secrets.token_urlsafe(32)
        session[slot] = draft_id
    put(str(draft_id), data)


def drop(slot: str) -> None:
    """Forget the draft in `slot`, on the server and in the cookie."""
    draft_id = session.pop(slot, None)
    if isinstance(draft_id, str) and draft_id:
        db.session.execute(
            db.delete(AnswerDraft).where(AnswerDraft.id_hash == crypto.token_hash(draft_id))
        )
        db.session.commit()


def sweep() -> int:
    """Remove drafts past their expiry; returns how many (the nightly retention sweep)."""
    result = db.session.execute(db.delete(AnswerDraft).where(AnswerDraft.expires_at <= utcnow()))
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
