"""CSV import for councils without an Open Referral feed."""

from __future__ import annotations

from pathlib import Path

from planner.directory.importer import import_source
from planner.models import Council
from tests.directory.conftest import services_of

# Columns: id, name, description, url, email, phone, address, postcode, min_age, max_age,
# categories (;-separated), ehc_plan_only, last_assured
CSV = (
    "id,name,description,url,email,phone,address,"
    "postcode,min_age,max_age,categories,ehc_plan_only,last_assured\n"
    "c1,Riverside Youth Club,Weekly club,https://river.example,hello@river.example,"
    "01632 960300,1 River Road,"
    "xe52ab,11,19,Leisure;Youth clubs,no,2026-09-01\n"
    "c2,Step Up internships,Internships with local employers,,,01632 960301,,"
    ",16,24,supported_internships,yes,2026-09-01\n"
    "c3,Old Leaflet,Out of date,,,,,"
    ",,,Information and advice,,2020-01-01\n"
    "c4,Broken,,,,,,"
    ",ten,,Leisure,,\n"
    "c5,Bad flag,,,,,,"
    ",,,Leisure,maybe,\n"
)


def test_csv_import(tmp_path: Path, council: Council) -> None:
    path = tmp_path / "offer.csv"
    path.write_text(CSV, encoding="utf-8")

    result = import_source(str(path), council)

    assert result.kind == "csv"
    assert result.created == 3 and result.skipped == 2
    assert {e["id"] for e in result.errors} == {"c4", "c5"}
    stored = services_of(council)
    assert stored["c1"].sections == ["community"]
    assert stored["c1"].address_line == "1 River Road, XE5 2AB"
    assert stored["c1"].phone_line == "01632 960300"
    assert (stored["c1"].min_age, stored["c1"].max_age) == (11, 19)
    assert stored["c2"].sections == ["careers", "work"]
    assert stored["c2"].ehc_plan_only is True
    assert stored["c1"].ehc_plan_only is False
    assert stored["c3"].assured_date.isoformat() == "2020-01-01"


def test_csv_needs_id_and_name(tmp_path: Path, council: Council) -> None:
    path = tmp_path / "offer.csv"
    path.write_text("title,description\nA,B\n", encoding="utf-8")
    result = import_source(str(path), council)
    assert result.status == "failed" and "id and name" in result.errors[0]["message"]
