"""Families decide who at the council sees their plan (issue 16, part A).

A plan a family makes for itself is invisible to council staff until the family shares it; a
plan a caseworker makes with a family (consent recorded) is shared from the start. Sharing
records the family's consent in the words they agreed to; stopping takes effect at once: the
plan drops out of every staff search, list, batch and page, and its search row is removed.
Every share and unshare is audited with ids only.
"""

from __future__ import annotations

from flask_babel import force_locale, lazy_gettext

from planner import crypto
from planner.extensions import db
from planner.models import PlanRecord, utcnow

VIA = ("family", "caseworker")

# What the family agrees to when they share; stored with the consent in English.
SHARE_WORDING = lazy_gettext(
    "I want the council's SEND team to see my plan and my answers, so they can help me. "
    "I can stop sharing at any time."
)


def share(record: PlanRecord, *, via: str = "family", commit: bool = True) -> bool:
    """Share the plan with its council's staff. Returns False when it was shared already (the
    first consent stands). A family's share stores their consent, as the council must be able
    to show it (UK GDPR art. 7(1))."""
    from planner.caseworker.models import Consent

    if via not in VIA:
        raise ValueError(f"via must be one of: {', '.join(VIA)}")
    if record.shared:
        return False
    record.shared_at = utcnow()
    record.shared_via = via
    if via == "family":
        with force_locale("en"):
            wording = str(SHARE_WORDING)
        db.session.add(
            Consent(
                plan_id=record.id,
                given_by_enc=crypto.encrypt_json({"name": "", "relationship": "family"}),
                method="online",
                given_at=record.shared_at,
                wording=wording,
                recorded_by=None,
            )
        )
        _audit(record, "plan.share", via=via)
    # A caseworker's plan: their own "family.create" and "consent.record" rows say it.
    if commit:
        db.session.commit()
    return True


def unshare(record: PlanRecord) -> bool:
    """Stop sharing, at once. Returns False when the plan was not shared. The consent records
    stay (they show what was agreed and when); the search row goes."""
    from planner.caseworker.models import FamilyIndex

    if not record.shared:
        return False
    was = record.shared_via
    record.shared_at = None
    record.shared_via = None
    db.session.execute(db.delete(FamilyIndex).where(FamilyIndex.plan_id == record.id))
    _audit(record, "plan.unshare", was=was)
    db.session.commit()
    return True


def _audit(record: PlanRecord, action: str, **detail: str | None) -> None:
    """An audit row in the council's trail (the family is not a staff member: no user)."""
    from planner.caseworker.audit import client_ip
    from planner.caseworker.models import AuditEvent

    db.session.add(
        AuditEvent(
            action=action,
            plan_id=record.id,
            council_id=record.council_id,
            detail=detail,
            ip_address=client_ip(),
        )
    )
