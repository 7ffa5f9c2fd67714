"""The fictional Exampleshire directory shipped for demos and `planner demo seed`."""

from __future__ import annotations

import json
import re

from flask import Flask

from planner.demo import DEMO_FEED, seed
from planner.directory.feeds import read_json_file
from planner.directory.lookup import district_centroids, outward_code, service_records
from planner.directory.models import DirService
from planner.directory.sections import Term, load_section_map
from planner.extensions import db
from planner.models import Council
from planner.rules.types import TOPICS


def test_demo_file_is_a_v3_page_of_at_least_sixty_services() -> None:
    doc = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    assert doc["total_items"] == len(doc["contents"]) >= 60
    feed = read_json_file(DEMO_FEED)
    assert feed.errors == [] and feed.kind == "oruk-v3"


def test_demo_covers_every_plan_section() -> None:
    smap = load_section_map()
    covered: set[str] = set()
    for record in read_json_file(DEMO_FEED).services:
        terms = [Term(t["id"], t["name"], t["vocabulary"]) for t in record["terms"]]
        sections = smap.sections_for(record["name"], record["description"], terms)
        assert sections, record["id"]
        covered |= set(sections)
    assert covered == set(TOPICS)


def test_demo_data_is_fictional() -> None:
    centroids = district_centroids()
    for record in read_json_file(DEMO_FEED).services:
        for url in (record["url"], record["organisation"]["url"]):
            assert re.match(r"https://[a-z0-9.-]+\.example(/|$)", url)
        assert record["email"].endswith(".example")
        for phone in record["phones"]:
            assert re.fullmatch(r"01632 960\d{3}", phone["number"])
        for location in record["locations"]:
            district = outward_code(location["postal_code"])
            assert district and district.startswith("XE") and district in centroids


def test_seed_is_idempotent_and_keeps_stale_and_ehc_only_records(ctx: Flask) -> None:
    # Seeding moves the file's dates to today, so the same few records are stale whenever it runs.
    first = seed()
    assert "Exampleshire" in first and "created" in first
    count = db.session.query(DirService).count()
    second = seed()
    assert "0 created, 0 updated" in second and "0 removed" in second
    assert db.session.query(DirService).count() == count >= 60

    council = db.session.execute(db.select(Council).filter_by(code="exampleshire")).scalar_one()
    records = service_records(council.id, "XE1 1AA")
    stale = [r for r in records if r.stale]
    assert 3 <= len(stale) < len(records) // 4
    assert len([r for r in records if r.ehc_plan_only]) >= 3
    assert {r.min_age for r in records} > {0}
    assert all(r.distance_km is not None for r in records)
