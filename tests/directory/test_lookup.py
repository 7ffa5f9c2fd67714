"""From the stored directory to rules-engine ServiceRecords: ages, EHC flag, staleness, distance."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.directory.importer import import_source
from planner.directory.lookup import haversine_km, is_stale, outward_code, service_records
from planner.models import Council, utcnow
from tests.directory.conftest import v3_service


def _loc(lat: float | None, lon: float | None, postcode: str) -> list[dict[str, object]]:
    location = {"id": f"loc-{postcode}-{lat}", "latitude": lat, "longitude": lon}
    location["addresses"] = [{"address_1": "1 Road", "postal_code": postcode}]
    return [{"id": "sal", "location": location}]


@pytest.fixture
def directory(tmp_path: Path, council: Council) -> Council:
    recent = (utcnow().date() - timedelta(days=30)).isoformat()
    old = (utcnow().date() - timedelta(days=500)).isoformat()
    services = [
        # XE1 (52.50, -1.25) is the family's district in these tests.
        v3_service("near", "Youth club", service_at_locations=_loc(52.501, -1.251, "XE1 2AB")),
        v3_service("far", "Leisure centre", service_at_locations=_loc(52.60, -1.24, "XE4 1AA")),
        # No coordinates: the location's postcode district centroid (XE5) is used.
        v3_service("by-postcode", "Sports", service_at_locations=_loc(None, None, "XE5 3CD")),
        v3_service("nowhere", "Online safety", service_at_locations=[]),
        v3_service(
            "ehc",
            "Supported internships",
            eligibility_description="Young people with an EHC plan only",
            minimum_age=16,
            maximum_age=24,
        ),
        v3_service("stale", "Benefits advice", assured_date=old, last_modified=None),
        v3_service(
            "modified", "Benefits advice", assured_date=old, last_modified=recent + "T10:00:00Z"
        ),
        v3_service("never", "Transport", assured_date=None),
        v3_service("closed", "Transport", status="inactive"),
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": services}))
    assert import_source(str(path), council).created == len(services)
    return council


def test_records_carry_sections_ages_and_flags(directory: Council) -> None:
    records = {r.id: r for r in service_records(directory.id, None)}
    assert "closed" not in records  # inactive services never reach a plan
    assert all(r.active for r in records.values())
    ehc = records["ehc"]
    assert ehc.ehc_plan_only and (ehc.min_age, ehc.max_age) == (16, 24)
    assert ehc.sections == frozenset({"work", "careers"})
    assert not records["near"].ehc_plan_only
    assert records["near"].phone == "01632 960100; 01632 960101"
    assert records["near"].address == "1 Road, XE1 2AB"
    assert records["near"].url == "https://near.example"
    assert records["near"].to_dict()["id"] == "near"


def test_stale_when_not_assured_or_modified_in_twelve_months(directory: Council) -> None:
    records = {r.id: r for r in service_records(directory.id, None)}
    assert records["stale"].stale and records["stale"].to_dict()["stale"] is True
    assert records["never"].stale
    assert not records["modified"].stale
    assert not records["near"].stale


def test_distance_from_the_family_postcode_district(directory: Council) -> None:
    records = {r.id: r for r in service_records(directory.id, "xe1 9zz")}
    assert records["near"].distance_km is not None and records["near"].distance_km < 0.5
    assert records["far"].distance_km == pytest.approx(11.1, abs=0.3)
    assert records["by-postcode"].distance_km == pytest.approx(11.1, abs=0.3)
    assert records["nowhere"].distance_km is None
    assert records["near"].distance_km < records["far"].distance_km


def test_unknown_or_missing_postcode_gives_no_distances(directory: Council) -> None:
    for postcode in (None, "", "ZZ99 9ZZ", "not a postcode"):
        assert all(r.distance_km is None for r in service_records(directory.id, postcode))


def test_other_councils_see_nothing(directory: Council) -> None:
    assert service_records(directory.id + 999, None) == []


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("XE1 4AB", "XE1"), ("xe14ab", "XE1"), ("SW1A 1AA", "SW1A"), ("M1", "M1"), ("nonsense", None)],
)
def test_outward_code(postcode: str, district: str | None) -> None:
    assert outward_code(postcode) == district


def test_haversine_and_staleness_rules() -> None:
    assert haversine_km((51.5, 0.0), (51.5, 0.0)) == 0
    assert haversine_km((50.0, 0.0), (51.0, 0.0)) == pytest.approx(111.2, abs=0.2)
    today = date(2026, 6, 1)
    assert is_stale(None, None, today)
    assert not is_stale(date(2025, 6, 1), None, today)
    assert is_stale(date(2025, 5, 31), None, today)
    assert not is_stale(date(2020, 1, 1), date(2026, 1, 1), today)
