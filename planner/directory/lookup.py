"""Directory look-ups for the plan builder: the council's services as rules-engine records.

Sections and the EHC-plan-only flag were worked out at import time, so this is two queries (the
services, then their locations when the family gave a postcode) and some arithmetic. The family's
postcode is used only to find its district's centroid here; it is never logged.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from planner.directory import clean
from planner.directory.models import DirLocation, DirService, DirServiceAtLocation
from planner.extensions import db
from planner.models import utcnow
from planner.rules.types import ServiceRecord

CENTROIDS = Path(__file__).with_name("data") / "postcode_districts.csv"
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
EARTH_RADIUS_KM = 6371.0088


@lru_cache(maxsize=1)
def district_centroids() -> dict[str, tuple[float, float]]:
    """Postcode district (outward code) -> (latitude, longitude), from the shipped data file."""
    out: dict[str, tuple[float, float]] = {}
    with CENTROIDS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            out[row["district"].strip().upper()] = (float(row["lat"]), float(row["lon"]))
    return out


def outward_code(postcode: str | None) -> str | None:
    """The district part of a UK postcode ("XE1 4AB" -> "XE1"), or None when it is not one."""
    if not postcode:
        return None
    compact = re.sub(r"\s+", "", postcode).upper()
    if len(compact) >= 5 and re.fullmatch(r"[0-9][A-Z]{2}", compact[-3:]):
        compact = compact[:-3]
    return compact if _OUTWARD.match(compact) else None


def centroid(postcode: str | None) -> tuple[float, float] | None:
    district = outward_code(postcode)
    return district_centroids().get(district) if district else None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def is_stale(assured: date | None, modified_on: date | None, today: date) -> bool:
    """DESIGN.md: stale when not assured or modified in the last 12 months (or never)."""
    latest = max((d for d in (assured, modified_on) if d is not None), default=None)
    return latest is None or latest < today - relativedelta(months=12)


def _distances(council_id: int, origin: tuple[float, float]) -> dict[int, float]:
    """Service id -> distance to its nearest location with a known position."""
    rows = db.session.execute(
        select(
            DirServiceAtLocation.service_id,
            DirLocation.latitude,
            DirLocation.longitude,
            DirLocation.postal_code,
        )
        .join(DirLocation, DirLocation.id == DirServiceAtLocation.location_id)
        .where(DirServiceAtLocation.council_id == council_id)
    ).all()
    best: dict[int, float] = {}
    for service_id, lat, lon, postal_code in rows:
        # The feed's own coordinates first; else the centre of the location's postcode district.
        point = (lat, lon) if lat is not None and lon is not None else centroid(postal_code)
        if point is None:
            continue
        km = haversine_km(origin, point)
        if km < best.get(service_id, math.inf):
            best[service_id] = km
    return best


def service_records(council_id: int, postcode: str | None) -> list[ServiceRecord]:
    """The council's active services as rules-engine records, with plan sections, staleness and
    the distance (km, rounded to 0.1) from the family's postcode district when both are known."""
    rows = db.session.execute(
        select(
            DirService.id,
            DirService.feed_id,
            DirService.name,
            DirService.description,
            DirService.url,
            DirService.email,
            DirService.phone_line,
            DirService.address_line,
            DirService.sections,
            DirService.min_age,
            DirService.max_age,
            DirService.ehc_plan_only,
            DirService.assured_date,
            DirService.last_modified,
        )
        .where(DirService.council_id == council_id, DirService.status == "active")
        .order_by(DirService.name, DirService.id)
    ).all()
    if not rows:
        return []
    origin = centroid(postcode)
    distances = _distances(council_id, origin) if origin else {}
    today = utcnow().date()
    records = []
    for row in rows:
        km = distances.get(row.id)
        # Checked again here, not only at import: rows imported before the checks existed must
        # not put a javascript: link or a book-length description into a plan (issue 16 B9).
        unused: list[str] = []
        records.append(
            ServiceRecord(
                id=row.feed_id,
                name=clean.cap(row.name, clean.NAME_MAX, "name", unused) or row.feed_id,
                description=clean.cap(
                    row.description or "", clean.DESCRIPTION_MAX, "description", unused
                )
                or "",
                url=clean.web_url(row.url, "url", unused),
                email=clean.email(row.email, "email", unused),
                phone=row.phone_line,
                address=row.address_line,
                sections=frozenset(row.sections or ()),
                min_age=row.min_age,
                max_age=row.max_age,
                ehc_plan_only=bool(row.ehc_plan_only),
                active=True,
                stale=is_stale(
                    row.assured_date,
                    row.last_modified.date() if row.last_modified else None,
                    today,
                ),
                distance_km=round(km, 1) if km is not None else None,
            )
        )
    return records
