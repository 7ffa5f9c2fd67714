"""Which Local Offer services to show in a plan section.

Pure: the directory code has already mapped each service to plan sections (`ServiceRecord.sections`)
and worked out its distance from the family's postcode. Here we only filter and order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planner.rules.types import Context, ServiceRecord

# The section where the SEND Information, Advice and Support Service always appears (CFA 2014 s.32).
INFORMATION_ADVICE = "information_advice"

_SENDIASS = re.compile(
    r"\bSENDIASS\b|\bIASS\b|information,?\s+advice\s+(?:and|&)\s+support\s+service",
    re.IGNORECASE,
)


def is_sendiass(service: ServiceRecord) -> bool:
    """True when the record is a SEND Information, Advice and Support Service.

    A record counts when the directory tagged it `sendiass` (as a section) or its name or
    description names the service ("SENDIASS", "IASS", "Information, Advice and Support Service").
    """
    if "sendiass" in service.sections:
        return True
    return bool(_SENDIASS.search(service.name) or _SENDIASS.search(service.description))


def _age_fits(service: ServiceRecord, age: int) -> bool:
    if service.min_age is not None and age < service.min_age:
        return False
    return not (service.max_age is not None and age > service.max_age)


def _sort_key(service: ServiceRecord) -> tuple[bool, float, str, str]:
    # Nearest first; services with no known distance after all that have one; then by name.
    distance = service.distance_km
    return (distance is None, distance or 0.0, service.name.casefold(), service.id)


def services_for(
    section_id: str,
    ctx: Context,
    services: Sequence[ServiceRecord],
    limit: int = 5,
) -> list[ServiceRecord]:
    """The services to list at the end of one plan section, best first.

    A service is listed when it is mapped to `section_id`, is active, the young person's age lies
    within `[min_age, max_age]` (a missing bound is open), and, if it is only for people with an
    education, health and care (EHC) plan, the answers say there is one. Results are sorted nearest
    first (`distance_km`, unknown distances last), then by name, and cut to `limit`.

    In the `information_advice` section every active SENDIASS record is listed first and does not
    count towards `limit`: families must always be able to find their impartial advice service
    (CFA 2014 s.32; CoP 4.30, 4.59-4.61), whatever the directory says about its sections or ages.
    The record's own `stale` flag is kept: it is shown to the reader, not used to hide the service.
    """
    has_plan = ctx.answers.has_ehc_plan
    pinned: list[ServiceRecord] = []
    if section_id == INFORMATION_ADVICE:
        pinned = sorted(
            (
                s
                for s in services
                if s.active and is_sendiass(s) and (has_plan or not s.ehc_plan_only)
            ),
            key=_sort_key,
        )
    pinned_ids = {s.id for s in pinned}
    others = sorted(
        (
            s
            for s in services
            if section_id in s.sections
            and s.id not in pinned_ids
            and s.active
            and _age_fits(s, ctx.age)
            and (has_plan or not s.ehc_plan_only)
        ),
        key=_sort_key,
    )
    return pinned + others[: max(limit, 0)]
