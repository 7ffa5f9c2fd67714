"""The directory in the console (issue 17.3): `/caseworker/directory`, admins only, in every mode;
"Import now" through a worker task with a self-refreshing status page; held imports confirmed or
discarded; traineeships flagged to the admin. `/admin/directory` is gone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from planner.caseworker.models import AuditEvent, StaffUser
from planner.directory.importer import import_source
from planner.directory.models import DirService, ImportRun
from planner.extensions import db
from planner.models import Council
from tests.caseworker.conftest import council, make_user, sign_in
from tests.directory.conftest import FeedServer, v3_service


@pytest.fixture
def feed(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    monkeypatch.setenv("OFFER_ALLOWED_HOSTS", "127.0.0.1")
    server = FeedServer()
    yield server
    server.close()


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _with_feed(server: FeedServer, count: int = 5, code: str = "exampleshire") -> Council:
    services = [v3_service(f"s{i}", f"Service {i}") for i in range(count)]
    server.serve_v3(services, page_size=10, nested_in_list=True)
    found = council(code)
    found.feed_url = server.url
    db.session.commit()
    return found


@pytest.mark.parametrize("mode", ["development", "production", "testing"])
def test_admins_only_in_every_mode(cw: Flask, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cw.config, "PLANNER_ENV", mode)
    anonymous = cw.test_client().get("/caseworker/directory")
    assert anonymous.status_code == 302 and "/caseworker/login" in anonymous.headers["Location"]
    caseworker = cw.test_client()
    sign_in(caseworker, make_user("caseworker"))
    assert caseworker.get("/caseworker/directory").status_code == 403
    assert caseworker.post("/caseworker/directory/import").status_code == 403
    admin = cw.test_client()
    sign_in(admin, make_user("admin"))
    page = admin.get("/caseworker/directory")
    assert page.status_code == 200
    assert _soup(page).h1.get_text(strip=True) == "Local Offer directory"


def test_the_old_admin_page_is_gone(cw: Flask) -> None:
    assert cw.test_client().get("/admin/directory").status_code == 404


def test_import_now_runs_the_feed_and_shows_the_outcome(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, _user = as_admin
    _with_feed(feed, 5)

    response = client.post("/caseworker/directory/import")

    assert response.status_code == 302
    run = db.session.execute(db.select(ImportRun)).scalar_one()
    assert response.headers["Location"].endswith(f"/caseworker/directory/imports/{run.id}")
    assert (run.status, run.trigger, run.created) == ("succeeded", "console", 5)
    page = client.get(response.headers["Location"])
    soup = _soup(page)
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None  # finished: no refresh
    assert "Imported" in soup.get_text()
    actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert "directory.import" in actions


def test_a_queued_run_page_refreshes_itself(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, user = as_admin
    found = _with_feed(feed)
    run = ImportRun(council_id=found.id, source=feed.url, status="queued", trigger="console")
    db.session.add(run)
    db.session.commit()

    soup = _soup(client.get(f"/caseworker/directory/imports/{run.id}"))

    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "3"
    assert "This page updates every few seconds" in soup.get_text()
    # A second "Import now" while one is queued shows that one instead of starting another.
    again = client.post("/caseworker/directory/import")
    assert again.headers["Location"].endswith(f"/imports/{run.id}")
    assert db.session.query(ImportRun).count() == 1


def test_the_task_imports_a_queued_run_once(cw: Flask, feed: FeedServer) -> None:
    from tasks.directory import import_run

    found = _with_feed(feed, 3)
    run = ImportRun(council_id=found.id, source=feed.url, status="queued", trigger="nightly")
    db.session.add(run)
    db.session.commit()

    assert import_run(run.id) == "succeeded"
    assert import_run(run.id) == "skipped"  # a replayed message does nothing
    assert db.session.query(DirService).count() == 3
    assert feed.requests.count("/services?page=1&per_page=100") == 1


def test_nightly_queues_councils_that_asked_for_it(cw: Flask, feed: FeedServer) -> None:
    from tasks.directory import nightly

    on = _with_feed(feed, 2, "exampleshire")
    on.nightly_import = True
    off = council("otherside")
    off.feed_url, off.nightly_import = feed.url, False
    db.session.commit()

    queued = nightly()

    assert len(queued) == 1
    run = db.session.get(ImportRun, queued[0])
    assert (run.council_id, run.trigger, run.status) == (on.id, "nightly", "succeeded")


def _held_run(server: FeedServer) -> ImportRun:
    found = _with_feed(server, 10)
    import_source(server.url, found)
    server.routes.clear()
    server.serve_v3([v3_service(f"s{i}", f"Service {i}") for i in range(5)], nested_in_list=True)
    result = import_source(server.url, found)
    assert result.status == "held"
    run = db.session.get(ImportRun, result.run_id)
    assert run is not None
    return run


def test_a_held_import_is_shown_with_its_numbers_and_can_be_confirmed(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, user = as_admin
    held = _held_run(feed)

    overview = _soup(client.get("/caseworker/directory")).get_text(" ", strip=True)
    assert "it would remove 5 of your 10 services" in overview
    page = _soup(client.get(f"/caseworker/directory/imports/{held.id}")).get_text(" ", strip=True)
    assert "would remove 5 of your 10 services. Nothing has changed yet." in page
    assert db.session.query(DirService).count() == 10

    response = client.post(f"/caseworker/directory/imports/{held.id}/confirm")

    db.session.expire_all()
    assert db.session.get(ImportRun, held.id).status == "confirmed"
    assert db.session.get(ImportRun, held.id).decided_by == user.id
    applied = db.session.execute(
        db.select(ImportRun).filter_by(confirms_run_id=held.id)
    ).scalar_one()
    assert response.headers["Location"].endswith(f"/imports/{applied.id}")
    assert (applied.status, applied.removed, applied.allow_removals) == ("succeeded", 5, 5)
    assert db.session.query(DirService).count() == 5
    # Deciding twice does nothing more.
    client.post(f"/caseworker/directory/imports/{held.id}/confirm")
    assert db.session.query(ImportRun).filter_by(confirms_run_id=held.id).count() == 1


def test_a_held_import_can_be_discarded(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, _user = as_admin
    held = _held_run(feed)
    response = client.post(f"/caseworker/directory/imports/{held.id}/discard")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ImportRun, held.id).status == "discarded"
    assert db.session.query(DirService).count() == 10


def test_another_councils_import_is_not_there(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, _user = as_admin
    other = council("otherside")
    run = ImportRun(council_id=other.id, source="x", status="held")
    db.session.add(run)
    db.session.commit()
    assert client.get(f"/caseworker/directory/imports/{run.id}").status_code == 404
    assert client.post(f"/caseworker/directory/imports/{run.id}/confirm").status_code == 404
    assert client.post(f"/caseworker/directory/imports/{run.id}/discard").status_code == 404
    db.session.expire_all()
    assert db.session.get(ImportRun, run.id).status == "held"


def test_services_are_paged_searchable_and_stale_and_traineeships_flagged(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, _user = as_admin
    found = council("exampleshire")
    services = [v3_service(f"s{i:03}", f"Club {i:03}") for i in range(60)]
    services.append(v3_service("old", "Old club", assured_date="2019-01-01"))
    services.append(v3_service("tr", "Work skills", description="Traineeships for 16 to 24s."))
    feed.serve_v3(services, page_size=100, nested_in_list=True)
    import_source(feed.url, found)

    first = _soup(client.get("/caseworker/directory"))
    text = first.get_text(" ", strip=True)
    assert "Page 1 of 2" in text
    assert first.select_one(".govuk-pagination__next a")["href"].endswith("page=2")
    assert "Services that mention traineeships" in text and "Work skills (tr)" in text
    assert "Not checked for 12 months" in text and "Old club" in text

    found_page = _soup(client.get("/caseworker/directory?q=club+059"))
    assert "1 service found" in found_page.get_text(" ", strip=True)
    assert "Club 059" in found_page.get_text()


def test_traineeships_are_never_shown_to_families(cw: Flask, feed: FeedServer) -> None:
    from planner.directory.lookup import service_records

    found = council("exampleshire")
    feed.serve_v3([v3_service("tr", "Traineeships")], nested_in_list=True)
    import_source(feed.url, found)
    # The service itself is the council's to correct; the flag is the admin's alone.
    (record,) = service_records(found.id, None)
    assert not hasattr(record, "traineeship")


def test_feed_settings_are_saved_and_checked(as_admin: tuple[FlaskClient, StaffUser]) -> None:
    client, _user = as_admin
    bad = client.post(
        "/caseworker/directory/settings", data={"feed_url": "javascript:x", "nightly": "yes"}
    )
    assert bad.status_code == 422
    assert "Enter a web address starting with https://" in bad.get_data(as_text=True)
    ok = client.post(
        "/caseworker/directory/settings",
        data={"feed_url": "https://feeds.supplier.example/oruk", "nightly": "yes"},
    )
    assert ok.status_code == 302
    found = council("exampleshire")
    db.session.refresh(found)
    assert (found.feed_url, found.nightly_import) == ("https://feeds.supplier.example/oruk", True)


def test_import_now_without_a_feed_says_what_to_do(as_admin: tuple[FlaskClient, StaffUser]) -> None:
    client, _user = as_admin
    response = client.post("/caseworker/directory/import", follow_redirects=True)
    assert "Add your feed address below before you import." in response.get_data(as_text=True)
    assert db.session.query(ImportRun).count() == 0


def test_a_failed_import_says_what_went_wrong_and_that_nothing_changed(
    as_admin: tuple[FlaskClient, StaffUser], feed: FeedServer
) -> None:
    client, _user = as_admin
    found = _with_feed(feed, 4)
    import_source(feed.url, found)
    listing = feed.routes["/services"]
    feed.routes["/services"] = lambda q: (
        200,
        {**listing(q)[1], "contents": [], "last_page": False},
    )

    client.post("/caseworker/directory/import")

    run = db.session.execute(
        db.select(ImportRun).order_by(ImportRun.id.desc()).limit(1)
    ).scalar_one()
    assert run.status == "failed"
    text = _soup(client.get(f"/caseworker/directory/imports/{run.id}")).get_text(" ", strip=True)
    assert "The import stopped and your directory has not changed." in text
    assert "is empty but is not the last page" in text
    assert "Records skipped" not in text
    assert db.session.query(DirService).count() == 4
