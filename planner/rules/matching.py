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


# Services for groups the answers never ask about (children in care, care leavers, the youth
# justice system) fit nobody we can confirm, so they are not offered in a personal plan; the
# family still finds them through the council's directory (issue 19, point 12).
_RESTRICTED_GROUP = re.compile(
    r"\bvirtual school\b|\blooked[- ]after\b|\bchildren in care\b|\bcare leavers?\b"
    r"|\byouth (?:justice|offending)\b",
    re.IGNORECASE,
)
# "aged 16 to 25", "ages 0-5", "16-25 service": an age range written in the text, used when the
# directory has no structured ages for a record.
_AGE_RANGE = re.compile(
    r"(?:\bage[sd]?\s+)?\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b(?=\s*(?:years?|yrs?|year-olds?"
    r"|service|\)|,|\.|$|\s+who|\s+with|\s+and))",
    re.IGNORECASE,
)
MAX_AGE_IN_TEXT = 25


def age_range(service: ServiceRecord) -> tuple[int | None, int | None]:
    """The service's age range: the directory's own bounds, else one written in its name or
    description ("aged 16 to 25"), else open."""
    if service.min_age is not None or service.max_age is not None:
        return service.min_age, service.max_age
    for text in (service.name, service.description):
        for low, high in _AGE_RANGE.findall(text):
            lo, hi = int(low), int(high)
            if lo < hi <= MAX_AGE_IN_TEXT:
                return lo, hi
    return None, None


def _age_fits(service: ServiceRecord, age: int) -> bool:
    low, high = age_range(service)
    if low is not None and age < low:
        return False
    return not (high is not None and age > high)


def fits(service: ServiceRecord, ctx: Context) -> bool:
    """True when what the answers say fits the service's age range and eligibility."""
    if not service.active or not _age_fits(service, ctx.age):
        return False
    if service.ehc_plan_only and not ctx.answers.has_ehc_plan:
        return False
    return not (
        _RESTRICTED_GROUP.search(service.name) or _RESTRICTED_GROUP.search(service.description)
    )


def _sort_key(service: ServiceRecord) -> tuple[int, bool, float, str, str]:
    # Best fit first: a service aimed at this age (a stated range) or at families with an EHC
    # plan (when there is one) fits better than one open to everyone. Then nearest first, with
    # unknown distances after all that have one; then by name.
    low, high = age_range(service)
    targeted = low is not None or high is not None or service.ehc_plan_only
    distance = service.distance_km
    return (
        0 if targeted else 1,
        distance is None,
        distance or 0.0,
        service.name.casefold(),
        service.id,
    )


def services_for(
    section_id: str,
    ctx: Context,
    services: Sequence[ServiceRecord],
    limit: int = 3,
) -> list[ServiceRecord]:
    """The services to list at the end of one plan section, best first.

    A service is listed when it is mapped to `section_id` and `fits` the answers: it is active,
    the young person's age lies within its range (a missing bound is open), it is not only for
    people with an education, health and care (EHC) plan unless the answers say there is one, and
    it is not only for a group the answers cannot tell us about (children in care, youth justice).
    The rest are ranked by fit, then distance, then name, and cut to `limit` (3): the plan links
    to the council's directory for more.

    In the `information_advice` section every active SENDIASS record is listed first and does not
    count towards `limit`: families must always be able to find their impartial advice service
    (CFA 2014 s.32; CoP 4.30, 4.59-4.61), whatever the directory says about its sections. Those
    whose age range fits come first and alone; when none fits, all are listed.
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
            key=lambda s: _sort_key(s)[1:],
        )
        # A SENDIASS record for another age group (a 16-25 service for a 3-year-old's parent)
        # gives way to one that fits; but never none at all.
        pinned = [s for s in pinned if _age_fits(s, ctx.age)] or pinned
    pinned_ids = {s.id for s in pinned}
    others = sorted(
        (
            s
            for s in services
            if section_id in s.sections and s.id not in pinned_ids and fits(s, ctx)
        ),
        key=_sort_key,
    )
    return pinned + others[: max(limit, 0)]
