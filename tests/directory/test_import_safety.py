"""Imports never lose data, and never fetch what they should not (issue 17.1, issue 16 B1).

Every test runs against the loopback ORUK server; each would have failed before the fix: the
empty page removed 15 of 25 services, the backslash address passed the host check, a detail
record with another id was stored under the wrong id, a repeated id was fetched again and again.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from planner.directory.fetch import url_problem
from planner.directory.importer import import_source
from planner.directory.models import ImportRun
from planner.extensions import db
from planner.models import Council
from tests.directory.conftest import FeedServer, services_of, v3_service

HOSTS = {"feeds.supplier.example", "127.0.0.1"}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://feeds.supplier.example/feed", None),
        ("http://127.0.0.1:8000/services", None),
        # Issue 16 B1: urlsplit reads the host as feeds.supplier.example, the client connects
        # to evil.example.
        ("http://evil.example:5057\\@feeds.supplier.example/feed", "backslash"),
        ("http://user:pw@feeds.supplier.example/feed", "user name"),
        ("http://evil.example@feeds.supplier.example/feed", "user name"),
        ("http://localhost:5057/", "not allowed"),  # loopback only when listed
        ("http://[::1]:5057/", "not allowed"),
        ("http://feeds.supplier.example.evil.example/", "not allowed"),
        ("ftp://feeds.supplier.example/feed", "only http"),
        ("file:///etc/passwd", "only http"),
        ("http://feeds.supplier.example /feed", "spaces"),
        ("http://feeds.supplier.example\t/feed", "spaces"),
        ("http://feeds.supplier.example:99999/", "cannot be read"),
    ],
)
def test_which_addresses_are_fetched(url: str, problem: str | None) -> None:
    found = url_problem(url, HOSTS)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_backslash_address_is_refused_before_any_request(council: Council) -> None:
    result = import_source("http://evil.example:5057\\@127.0.0.1/feed", council)
    assert result.status == "failed" and "backslash" in result.errors[0]["message"]


def test_a_redirect_to_an_unlisted_loopback_port_is_refused(
    feed_server: FeedServer, council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The feed is listed by name; 127.0.0.1 (any local port) is not.
    monkeypatch.setenv("OFFER_ALLOWED_HOSTS", "localhost")
    feed_server.routes["/services"] = (302, "http://127.0.0.1:6379/services")
    result = import_source(feed_server.url.replace("127.0.0.1", "localhost"), council)
    assert result.status == "failed" and "not allowed" in result.errors[0]["message"]


def test_the_history_records_the_address_that_answered(
    feed_server: FeedServer, council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFER_ALLOWED_HOSTS", "localhost,127.0.0.1")
    feed_server.serve_v3([v3_service("s1", "Youth club")], nested_in_list=True)
    listing = feed_server.routes["/services"]
    feed_server.routes["/moved/services"] = listing
    feed_server.routes["/services"] = (302, f"{feed_server.url}/moved/services?page=1")
    result = import_source(feed_server.url.replace("127.0.0.1", "localhost"), council)
    assert result.status == "succeeded", result.errors
    run = db.session.get(ImportRun, result.run_id)
    assert run.source.startswith("http://localhost:")
    assert run.fetched_url == f"{feed_server.url}/moved/services?page=1"


def _directory_of(feed_server: FeedServer, council: Council, count: int) -> list[dict[str, Any]]:
    services = [v3_service(f"s{i:02}", f"Service {i}") for i in range(count)]
    feed_server.serve_v3(services, page_size=5, nested_in_list=True)
    assert import_source(feed_server.url, council).created == count
    return services


def _page(query: dict[str, list[str]]) -> int:
    return int(query.get("page", ["1"])[0])


@pytest.mark.parametrize(
    ("glitch", "message"),
    [
        # Issue 17: page 2 of 5 empty but not last: 15 of 25 services used to be removed.
        ("empty_page", "is empty but is not the last page"),
        ("failed_page", "HTTP 503"),
        ("short_total", "says it has 25 services but its pages list 20"),
    ],
)
def test_a_feed_glitch_changes_nothing(
    feed_server: FeedServer, council: Council, glitch: str, message: str
) -> None:
    _directory_of(feed_server, council, 25)
    listing = feed_server.routes["/services"]

    def glitchy(query: dict[str, list[str]]) -> tuple[int, Any]:
        status, body = listing(query)  # type: ignore[operator]
        if _page(query) == 2:
            if glitch == "empty_page":
                return 200, {**body, "contents": [], "size": 0}
            if glitch == "failed_page":
                return 503, {"error": "busy"}
        if glitch == "short_total" and _page(query) == 5:
            return 200, {**body, "contents": [], "last_page": True}
        return status, body

    feed_server.routes["/services"] = glitchy
    result = import_source(feed_server.url, council)

    assert result.status == "failed"
    assert message in result.errors[0]["message"]
    assert len(services_of(council)) == 25
    assert db.session.get(ImportRun, result.run_id).status == "failed"


def test_a_run_removing_over_a_fifth_is_held_with_its_numbers(
    feed_server: FeedServer, council: Council
) -> None:
    services = _directory_of(feed_server, council, 10)
    feed_server.routes.clear()
    feed_server.serve_v3(services[:7] + [v3_service("new", "New")], nested_in_list=True)

    held = import_source(feed_server.url, council)

    assert held.status == "held"
    assert (held.created, held.removed, held.services_before) == (1, 3, 10)
    assert "held for an admin to confirm" in held.summary()
    assert set(services_of(council)) == {s["id"] for s in services}
    run = db.session.get(ImportRun, held.run_id)
    assert (run.status, run.removed, run.services_before) == ("held", 3, 10)
    # An admin confirms three removals: applied. Confirming two would not cover them.
    assert import_source(feed_server.url, council, allow_removals=2).status == "held"
    done = import_source(feed_server.url, council, allow_removals=3)
    assert done.status == "succeeded" and done.removed == 3
    assert len(services_of(council)) == 8


def test_a_fifth_or_fewer_is_removed_without_asking(
    feed_server: FeedServer, council: Council
) -> None:
    services = _directory_of(feed_server, council, 10)
    feed_server.routes.clear()
    feed_server.serve_v3(services[:8], nested_in_list=True)
    result = import_source(feed_server.url, council)
    assert result.status == "succeeded" and result.removed == 2


def test_a_detail_record_with_another_id_is_skipped(
    feed_server: FeedServer, council: Council
) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club"), v3_service("s2", "Transport")])
    import_source(feed_server.url, council)
    feed_server.routes["/services/s2"] = (200, v3_service("s9", "Someone else's service"))

    result = import_source(feed_server.url, council)

    assert result.status == "succeeded"
    assert result.errors == [
        {"id": "s2", "message": "the detail record's id 's9' differs from the listed id; skipped"}
    ]
    stored = services_of(council)
    assert set(stored) == {"s1", "s2"} and stored["s2"].name == "Transport"


def test_each_id_is_fetched_once(feed_server: FeedServer, council: Council) -> None:
    feed_server.serve_v3([v3_service("s1", "Youth club")])
    feed_server.routes["/services"] = (
        200,
        {"total_items": 4, "total_pages": 1, "page_number": 1, "last_page": True}
        | {"contents": [{"id": "s1", "name": "Youth club"}] * 4},
    )

    result = import_source(feed_server.url, council)

    assert result.created == 1
    assert [p for p in feed_server.requests if p.startswith("/services/")] == ["/services/s1"]
    duplicate = {"id": "s1", "message": "duplicate service id; later copy skipped"}
    assert result.errors == [duplicate] * 3


def _location(postcode: str, country: str | None, **extra: Any) -> dict[str, Any]:
    address = {"address_1": "1 Street", "postal_code": postcode, "address_type": "physical"}
    if country is not None:
        address["country"] = country
    return {"id": "l", "location": {"id": "loc", "addresses": [address], **extra}}


@pytest.mark.parametrize(
    ("postcode", "country", "stored"),
    [
        ("xe11ab", "GB", "XE1 1AB"),
        ("sw1a2aa", None, "SW1A 2AA"),
        ("M1 1AE", "United Kingdom", "M1 1AE"),
        ("D02 X285", "IE", "D02 X285"),  # Dublin: never reshaped as if British
        ("75008", "FR", "75008"),
        ("NOT A CODE", "GB", "NOT A CODE"),  # kept as given, reported
    ],
)
def test_postcodes_normalised_only_for_valid_uk_ones(
    feed_server: FeedServer, council: Council, postcode: str, country: str | None, stored: str
) -> None:
    from planner.directory.models import DirLocation

    service = v3_service("s1", "Club", service_at_locations=[_location(postcode, country)])
    feed_server.serve_v3([service])
    result = import_source(feed_server.url, council)
    assert db.session.query(DirLocation).filter_by(council_id=council.id).one().postal_code == (
        stored
    )
    invalid_uk = country == "GB" and stored == "NOT A CODE"
    assert any("postcode" in n["message"] for n in result.notes) == invalid_uk


@pytest.mark.parametrize(
    ("lat", "lon", "kept"),
    [
        (52.5, -1.25, (52.5, -1.25)),
        (100, -1.25, (None, None)),
        (52.5, 181, (None, None)),
        (-90, 180, (-90, 180)),
        ("north", -1.25, (None, None)),
        (52.5, None, (None, None)),
    ],
)
def test_coordinates_outside_their_range_are_dropped(
    feed_server: FeedServer, council: Council, lat: Any, lon: Any, kept: tuple[Any, Any]
) -> None:
    from planner.directory.models import DirLocation

    sal = _location("XE1 1AB", "GB", latitude=lat, longitude=lon)
    feed_server.serve_v3([v3_service("s1", "Club", service_at_locations=[sal])])
    result = import_source(feed_server.url, council)
    assert result.created == 1  # a bad coordinate loses the position, not the service
    loc = db.session.query(DirLocation).filter_by(council_id=council.id).one()
    assert (loc.latitude, loc.longitude) == kept


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("url", "https://club.example/page", "https://club.example/page"),
        ("url", "www.club.example/page", "https://www.club.example/page"),
        ("url", "javascript:alert(document.cookie)", None),  # issue 16 B9
        ("url", "data:text/html;base64,PHNjcmlwdD4=", None),
        ("url", "file:///etc/passwd", None),
        ("url", "http://", None),
        ("url", "https://club.example/a page", None),
        ("email", "team@club.example", "team@club.example"),
        ("email", "mailto:team@club.example", "team@club.example"),
        ("email", "team at club dot example", None),
        ("email", "team@@club.example", None),
    ],
)
def test_only_web_links_and_valid_emails_are_kept(
    feed_server: FeedServer, council: Council, field: str, value: str, stored: str | None
) -> None:
    feed_server.serve_v3([v3_service("s1", "Club", **{field: value})])
    result = import_source(feed_server.url, council)
    assert result.created == 1
    assert getattr(services_of(council)["s1"], field) == stored
    dropped = [n for n in result.notes if n["message"].startswith(f"{field} dropped")]
    assert len(dropped) == (stored is None)


@pytest.mark.parametrize(
    ("number", "kept"),
    [
        ("01632 960100", True),
        ("(01632) 960 100", True),
        ("+44 1632 960100", True),
        ("0800 123 4567 ext 12", True),
        ("116 123", True),
        ("+353 1 234 5678", True),
        ("call us", False),
        ("01632", False),
        ("javascript:alert(1)", False),
        ("0163296010012345", False),
    ],
)
def test_only_valid_phone_numbers_are_kept(
    feed_server: FeedServer, council: Council, number: str, kept: bool
) -> None:
    service = v3_service("s1", "Club", phones=[{"id": "p", "number": number}], contacts=[])
    feed_server.serve_v3([service])
    result = import_source(feed_server.url, council)
    assert services_of(council)["s1"].phone_line == (number if kept else None)
    assert any("phone number dropped" in n["message"] for n in result.notes) != kept


def test_long_texts_are_capped_at_a_word(feed_server: FeedServer, council: Council) -> None:
    # Issue 16 B9: a 270 KB description made a 256-page PDF.
    description = "Word " * 54_000
    feed_server.serve_v3([v3_service("s1", "Long " * 100, description=description)])
    result = import_source(feed_server.url, council)
    stored = services_of(council)["s1"]
    assert len(stored.description) <= 1000 and stored.description.endswith("Word…")
    assert len(stored.name) <= 200 and stored.name.endswith("Long…")
    assert {n["message"] for n in result.notes} >= {
        "description shortened from 269999 to 1000 characters",
        "name shortened from 499 to 200 characters",
    }
    assert db.session.get(ImportRun, result.run_id).notes == result.notes


def test_the_demo_directory_offers_no_traineeships(app: Flask) -> None:
    from planner.demo import DEMO_FEED

    # Traineeships ended in England on 31 July 2023 (issue 19 point 13).
    assert "traineeship" not in DEMO_FEED.read_text(encoding="utf-8").lower()


def test_rows_stored_before_the_checks_are_cleaned_when_shown(council: Council) -> None:
    from planner.directory.lookup import service_records
    from planner.directory.models import DirService

    db.session.add(
        DirService(
            council_id=council.id,
            feed_id="old",
            name="Old row",
            description="x " * 5000,
            url="javascript:alert(1)",
            email="not an email",
        )
    )
    db.session.commit()
    (record,) = service_records(council.id, None)
    assert record.url is None and record.email is None
    assert len(record.description) <= 1000
