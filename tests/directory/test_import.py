"""Importing Open Referral UK feeds (v1 and v3) served from a loopback HTTP server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from planner.directory.cli import offer_cli
from planner.directory.importer import import_source
from planner.directory.models import (
    DirContact,
    DirCostOption,
    DirLocation,
    DirOrganisation,
    DirPhone,
    DirServiceTaxonomy,
    DirTaxonomyTerm,
    ImportRun,
)
from planner.extensions import db
from planner.models import Council
from tests.directory.conftest import FeedServer, services_of, v1_service, v3_service, v3_term


def _count(model: Any, council: Council) -> int:
    return db.session.query(model).filter_by(council_id=council.id).count()


def test_v3_pages_and_per_service_fetch(feed_server: FeedServer, council: Council) -> None:
    services = [
        v3_service("s1", "Sunflower", attributes=[v3_term("t1", "Short breaks")]),
        v3_service("s2", "Careers advice"),
        v3_service("s3", "Speech and language therapy", minimum_age=2, maximum_age=19),
        v3_service("s4", "Supported living"),
        v3_service("s5", "Mediation"),
    ]
    feed_server.serve_v3(services, page_size=2)

    result = import_source(feed_server.url, council)

    assert result.status == "succeeded", result.errors
    assert result.kind == "oruk-v3"
    assert (result.created, result.updated, result.removed, result.skipped) == (5, 0, 0, 0)
    pages = [p for p in feed_server.requests if p.startswith("/services?")]
    assert [p.split("page=")[1].split("&")[0] for p in pages] == ["1", "2", "3"]
    assert sorted(p for p in feed_server.requests if p.startswith("/services/")) == [
        f"/services/s{i}" for i in range(1, 6)
    ]
    stored = services_of(council)
    assert stored["s1"].sections == ["short_breaks"]
    assert stored["s3"].sections == ["health"]
    assert (stored["s3"].min_age, stored["s3"].max_age) == (2, 19)
    assert stored["s4"].sections == ["housing"]
    assert stored["s1"].phone_line == "01632 960100; 01632 960101"
    assert stored["s1"].address_line == "1 High Street, Exampletown, XE1 1AB"
    assert stored["s1"].organisation.name == "Testshire Council"
    assert _count(DirOrganisation, council) == 1  # shared by all five services
    assert _count(DirContact, council) == 5
    assert _count(DirPhone, council) == 10
    assert _count(DirCostOption, council) == 5
    assert _count(DirLocation, council) == 5
    term = db.session.query(DirTaxonomyTerm).filter_by(council_id=council.id).one()
    assert (term.feed_id, term.name, term.vocabulary) == ("t1", "Short breaks", "test")
    run = db.session.get(ImportRun, result.run_id)
    assert run.status == "succeeded" and run.created == 5 and run.finished_at is not None


def test_v3_list_with_nested_records_needs_no_detail_fetch(
    feed_server: FeedServer, council: Council
) -> None:
    feed_server.serve_v3([v3_service("s1", "Transport")], nested_in_list=True)
    assert import_source(feed_server.url + "/services", council).created == 1
    assert not [p for p in feed_server.requests if p.startswith("/services/")]


def test_v1_feed(feed_server: FeedServer, council: Council) -> None:
    services = [
        v1_service("a", "Holiday playscheme"),
        v1_service("b", "Youth club"),
        v1_service("c", "Benefits advice"),
    ]
    feed_server.serve_v1(services, page_size=2)

    result = import_source(feed_server.url, council)

    assert result.status == "succeeded", result.errors
    assert result.kind == "oruk-v1"
    assert result.created == 3
    stored = services_of(council)
    assert stored["a"].sections == ["short_breaks"]
    assert (stored["a"].min_age, stored["a"].max_age) == (5, 18)
    assert stored["a"].fees == "Free"
    assert stored["a"].eligibility == "Disabled children"
    assert stored["a"].address_line == "2 Mill Road, Northby, XE4 2CD"
    assert stored["a"].phone_line == "01632 960200"
    assert len([p for p in feed_server.requests if p.startswith("/services/")]) == 3


def test_malformed_records_are_reported_and_skipped(
    feed_server: FeedServer, council: Council
) -> None:
    services = [
        v3_service("good", "Leisure"),
        v3_service("bad-age", "Youth club", minimum_age="ten"),
        v3_service("bad-range", "Health", minimum_age=20, maximum_age=5),
        v3_service("no-name", ""),
        v3_service("bad-contacts", "Advice", contacts="call us"),
        v3_service("bad-date", "Transport", assured_date="last week"),
    ]
    feed_server.serve_v3(services, page_size=10)
    feed_server.routes["/services/gone"] = (404, {"error": "not found"})
    listing = feed_server.routes["/services"]
    feed_server.routes["/services"] = lambda q: (
        200,
        {
            **listing(q)[1],
            "total_items": 7,
            "contents": listing(q)[1]["contents"] + [{"id": "gone", "name": "Gone"}],
        },
    )

    result = import_source(feed_server.url, council)

    assert result.status == "succeeded"
    assert result.created == 1 and result.skipped == 6
    by_id = {e["id"]: e["message"] for e in result.errors}
    assert set(by_id) == {"bad-age", "bad-range", "no-name", "bad-contacts", "bad-date", "gone"}
    assert "minimum_age" in by_id["bad-age"]
    assert "name" in by_id["no-name"]
    assert "HTTP 404" in by_id["gone"]
    assert set(services_of(council)) == {"good"}
    assert db.session.get(ImportRun, result.run_id).errors == result.errors


def test_reimport_updates_in_place_and_removes(feed_server: FeedServer, council: Council) -> None:
    feed_server.serve_v3(
        [
            v3_service("s1", "Youth club"),
            v3_service("s2", "Transport"),
            v3_service("s3", "Mediation"),
        ]
    )
    import_source(feed_server.url, council)
    first = {k: v.id for k, v in services_of(council).items()}

    feed_server.routes.clear()
    feed_server.serve_v3(
        [
            v3_service("s1", "Youth club and sports"),  # changed
            v3_service("s2", "Transport"),  # unchanged
            v3_service("s4", "Personal budgets"),  # new; s3 withdrawn
        ]
    )
    held = import_source(feed_server.url, council)
    # One of three is more than 20%: held, with the numbers, until an admin accepts them.
    assert held.status == "held" and (held.removed, held.services_before) == (1, 3)
    assert set(services_of(council)) == {"s1", "s2", "s3"}
    result = import_source(feed_server.url, council, allow_removals=1)
    db.session.expire_all()

    assert result.status == "succeeded"
    assert (result.created, result.updated, result.unchanged, result.removed) == (1, 1, 1, 1)
    stored = services_of(council)
    assert set(stored) == {"s1", "s2", "s4"}
    assert stored["s1"].id == first["s1"] and stored["s1"].name == "Youth club and sports"
    assert stored["s2"].id == first["s2"]
    assert _count(DirContact, council) == 3  # no duplicates of rewritten children
    assert _count(DirLocation, council) == 3  # s3's location went with it

    again = import_source(feed_server.url, council)
    assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)


def test_skipped_record_keeps_its_previous_version(
    feed_server: FeedServer, council: Council
) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club"), v3_service("s2", "Transport")])
    import_source(feed_server.url, council)
    feed_server.routes["/services/s2"] = (200, v3_service("s2", "Transport", maximum_age="lots"))

    result = import_source(feed_server.url, council)

    assert result.skipped == 1 and result.removed == 0
    assert set(services_of(council)) == {"s1", "s2"}
    assert services_of(council)["s2"].sections == ["transport"]


def test_unreachable_feed_leaves_directory_untouched(
    feed_server: FeedServer, council: Council
) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club"), v3_service("s2", "Transport")])
    import_source(feed_server.url, council)
    url = feed_server.url
    feed_server.close()
    feed_server.close = lambda: None  # type: ignore[method-assign]

    result = import_source(url, council)

    assert result.status == "failed"
    assert "cannot reach" in result.errors[0]["message"]
    assert set(services_of(council)) == {"s1", "s2"}
    assert db.session.get(ImportRun, result.run_id).status == "failed"


def test_failure_midway_changes_nothing(feed_server: FeedServer, council: Council) -> None:
    feed_server.serve_v3([v3_service(f"s{i}", "Youth club") for i in range(5)], page_size=2)
    import_source(feed_server.url, council)
    listing = feed_server.routes["/services"]
    feed_server.routes["/services"] = lambda q: (500, {}) if q["page"] == ["3"] else listing(q)
    feed_server.routes["/services/s0"] = (200, v3_service("s0", "Renamed"))

    result = import_source(feed_server.url, council)

    assert result.status == "failed" and "HTTP 500" in result.errors[0]["message"]
    assert services_of(council)["s0"].name == "Youth club"
    assert len(services_of(council)) == 5


def test_unparseable_feed_changes_nothing(feed_server: FeedServer, council: Council) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club")])
    import_source(feed_server.url, council)
    feed_server.routes["/services"] = (200, b"<html>maintenance</html>")
    result = import_source(feed_server.url, council)
    assert result.status == "failed" and "not JSON" in result.errors[0]["message"]
    assert set(services_of(council)) == {"s1"}


def test_disallowed_host_is_refused(council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OFFER_ALLOWED_HOSTS", raising=False)
    result = import_source("https://feeds.example.org/api", council)
    assert result.status == "failed"
    assert "not allowed" in result.errors[0]["message"]


def test_configured_host_is_allowed(ctx: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.directory.feeds import host_allowed

    monkeypatch.setitem(ctx.config, "OFFER_ALLOWED_HOSTS", "api.Council.example, other.example")
    assert host_allowed("https://api.council.example/services")
    assert not host_allowed("https://evil.example/services")
    assert not host_allowed("file:///etc/passwd")
    # Loopback is an ordinary host: fetched only when listed.
    assert not host_allowed("http://[::1]:8000/")
    assert not host_allowed("http://localhost:8000/")
    monkeypatch.setitem(ctx.config, "OFFER_ALLOWED_HOSTS", "[::1],localhost")
    assert host_allowed("http://[::1]:8000/")
    assert host_allowed("http://localhost:8000/")


def test_redirect_to_a_disallowed_host_is_refused(
    feed_server: FeedServer, council: Council
) -> None:
    feed_server.routes["/"] = (200, {"version": "3.0"})
    feed_server.routes["/services"] = (302, "https://elsewhere.example/services")
    result = import_source(feed_server.url, council)
    assert result.status == "failed"
    assert "not allowed" in result.errors[0]["message"]


def test_response_size_is_capped(
    feed_server: FeedServer, council: Council, ctx: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_server.serve_v3(
        [v3_service("s1", "Youth club", description="x" * 5000)], nested_in_list=True
    )
    monkeypatch.setitem(ctx.config, "OFFER_MAX_RESPONSE_BYTES", 2000)
    result = import_source(feed_server.url, council)
    assert result.status == "failed" and "larger than" in result.errors[0]["message"]


@pytest.mark.parametrize(
    "shape",
    ["page", "list", "services", "single"],
)
def test_json_file_shapes(tmp_path: Path, council: Council, shape: str) -> None:
    records = [v3_service("f1", "Short breaks")]
    doc: Any = {
        "page": {"total_items": 1, "total_pages": 1, "page_number": 1, "contents": records},
        "list": records,
        "services": {"services": records},
        "single": records[0],
    }[shape]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(doc))
    result = import_source(str(path), council)
    assert result.status == "succeeded" and result.created == 1


def test_missing_file_fails_cleanly(council: Council) -> None:
    result = import_source("/nonexistent/feed.json", council)
    assert result.status == "failed" and "no such file" in result.errors[0]["message"]


def test_cli_import_creates_council_and_prints_summary(feed_server: FeedServer, app: Flask) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club"), v3_service("bad", "X", minimum_age=-4)])
    result = app.test_cli_runner().invoke(
        offer_cli, ["import", feed_server.url, "--council", "newshire"]
    )
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 0 unchanged, 0 removed, 1 skipped" in result.output
    assert "bad: minimum_age is out of range" in result.output
    with app.app_context():
        council = db.session.execute(db.select(Council).filter_by(code="newshire")).scalar_one()
        assert set(services_of(council)) == {"s1"}


def test_cli_import_failure_exits_nonzero(app: Flask) -> None:
    result = app.test_cli_runner().invoke(offer_cli, ["import", "https://not-allowed.example/"])
    assert result.exit_code == 1
    assert "Import failed" in result.output


def test_deleting_a_council_cascades(feed_server: FeedServer, council: Council) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club", attributes=[v3_term("t", "Leisure")])])
    import_source(feed_server.url, council)
    assert _count(DirServiceTaxonomy, council) == 1
