"""Named operations on plans. Views, the API, the CLI and tasks call these; this is where plan
transactions commit."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from planner import crypto
from planner.extensions import db
from planner.i18n import BabelLocalizer
from planner.models import Council, PlanLink, PlanRecord, utcnow
from planner.rules.answers import answers_to_dict, parse_stored_answers
from planner.rules.plan import build_plan
from planner.rules.types import Answers, Plan, ServiceRecord

LONDON = ZoneInfo("Europe/London")

DEMO_COUNCIL = {
    "name": "Exampleshire County Council",
    "contact_email": "send.team@exampleshire.example",
    "contact_phone": "01632 960000",
    "website": "https://localoffer.exampleshire.example",
    "return_address": [
        "SEND Team",
        "Exampleshire County Council",
        "County Hall",
        "Exampletown",
        "XE1 1AA",
    ],
}


def today_in_london() -> date:
    """DOMAIN.md: a plan's date defaults to the current date in Europe/London."""
    return datetime.now(LONDON).date()


def get_or_create_council(code: str | None = None) -> Council:
    """The council with `code` (default: the configured one), created with its name when missing."""
    code = code or current_app.config["DEFAULT_COUNCIL"]
    council = db.session.execute(db.select(Council).filter_by(code=code)).scalar_one_or_none()
    if council is None:
        fields = (
            DEMO_COUNCIL if code == "exampleshire" else {"name": code.replace("-", " ").title()}
        )
        council = Council(code=code, **fields)
        db.session.add(council)
        db.session.commit()
    return council


def new_token() -> str:
    """A secret for the "return to your plan" link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def create_plan(answers: Answers, council: Council) -> tuple[PlanRecord, str]:
    """Store validated answers and return the record with its secret token (shown once)."""
    token = new_token()
    record = PlanRecord(
        council_id=council.id,
        token_hash=crypto.token_hash(token),
        answers_enc=crypto.encrypt_json(answers_to_dict(answers)),
        language=answers.language,
        variant=answers.variant,
    )
    db.session.add(record)
    db.session.commit()
    return record, token


def update_answers(record: PlanRecord, answers: Answers) -> PlanRecord:
    """Replace a plan's answers; the version bump invalidates cached PDFs."""
    record.answers_enc = crypto.encrypt_json(answers_to_dict(answers))
    record.language = answers.language
    record.variant = answers.variant
    record.version += 1
    record.updated_at = record.last_active_at = utcnow()
    db.session.commit()
    # Reminders follow the new answers: milestones that no longer apply are cancelled, new
    # ones added, and ones already sent are never sent again.
    from planner.reminders.service import rebuild

    rebuild(record)
    return record


def get_plan(plan_id: str) -> PlanRecord | None:
    return db.session.get(PlanRecord, plan_id)


def token_matches(record: PlanRecord, token: str) -> bool:
    """Constant-time check of a secret link or bearer token."""
    return hmac.compare_digest(record.token_hash, crypto.token_hash(token))


def open_plan(plan_id: str, token: str | None) -> PlanRecord | None:
    """The plan when `token` opens it (its own token or a link issued for a message), else None:
    one answer for unknown ids and bad tokens."""
    record = get_plan(plan_id) if plan_id else None
    if record is None or not token:
        # Still hash once so a missing plan costs the same as a wrong token.
        crypto.token_hash(token or "")
        return None
    if token_matches(record, token):
        return record
    # Looked up by the hash of a 256-bit random token: timing reveals nothing about the token.
    link = db.session.execute(
        db.select(PlanLink.id).filter_by(plan_id=record.id, token_hash=crypto.token_hash(token))
    ).scalar_one_or_none()
    return record if link is not None else None


def open_link(token: str) -> PlanRecord | None:
    """The plan a message's short link (`/p/<token>`) opens, or None."""
    found = db.session.execute(
        db.select(PlanLink.plan_id).filter_by(token_hash=crypto.token_hash(token))
    ).scalar_one_or_none()
    return get_plan(found) if found else None


def issue_link(record: PlanRecord, purpose: str) -> str:
    """A new secret link token for a message about this plan. Added to the caller's transaction:
    it is saved with the delivery or subscription that carries it."""
    token = new_token()
    db.session.add(
        PlanLink(plan_id=record.id, token_hash=crypto.token_hash(token), purpose=purpose)
    )
    return token


def touch(record: PlanRecord) -> None:
    """Record activity: retention counts from the last use."""
    record.last_active_at = utcnow()
    db.session.commit()


def load_answers(record: PlanRecord) -> Answers:
    """Decrypt and re-validate stored answers, as of the day they were last saved (a name that
    today's rules refuse is left out rather than failing every page that shows the plan)."""
    data = crypto.decrypt_json(record.answers_enc)
    return parse_stored_answers(data, today=record.updated_at.date())


def directory_for(council: Council, answers: Answers) -> Sequence[ServiceRecord]:
    """Local services for the plan, from the council's directory when one is loaded."""
    from planner.directory.lookup import service_records

    return service_records(council.id, answers.postcode)


def plan_for(record: PlanRecord, *, language: str | None = None, today: date | None = None) -> Plan:
    """Build the plan for a stored record, in `language` (default: the family's)."""
    answers = load_answers(record)
    return build(answers, record.council, language=language or record.language, today=today)


def build(
    answers: Answers, council: Council, *, language: str | None = None, today: date | None = None
) -> Plan:
    """The rules engine with this council's directory and reminder lead times."""
    lang = language or answers.language
    return build_plan(
        answers,
        today or today_in_london(),
        BabelLocalizer(lang),
        services=directory_for(council, answers),
        lead_times=council.reminder_lead_times(),
    )


def erase_plan(record: PlanRecord, *, by: str = "family") -> None:
    """Erase a plan and everything hanging off it, at once (UK GDPR article 17): rows cascade in
    the database; cached PDFs are removed from storage. An audit row records that it happened
    and why (`by`: family, caseworker or retention), with ids only."""
    from planner.caseworker.audit import client_ip
    from planner.caseworker.models import AuditEvent
    from planner.delivery.models import Delivery
    from planner.delivery.outbox import erase_for
    from planner.pdf.storage import delete_for

    plan_id = record.id
    # Read before the rows cascade away: the development outbox keeps a file per delivery.
    delivery_ids = list(
        db.session.execute(db.select(Delivery.id).filter_by(plan_id=plan_id)).scalars()
    )
    db.session.add(
        AuditEvent(
            action="plan.erase",
            plan_id=plan_id,
            council_id=record.council_id,
            detail={"by": by},
            ip_address=client_ip() if by != "retention" else None,
        )
    )
    db.session.delete(record)
    db.session.commit()
    delete_for(plan_id)
    erase_for(delivery_ids)
