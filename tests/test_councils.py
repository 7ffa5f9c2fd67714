"""Several councils on one service (issue 17.4): `planner council create/update`, the council a
request is for (its Host header), and staff kept to their own council's hosts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from planner.caseworker import auth
from planner.councils.cli import council_cli
from planner.councils.service import CouncilError, create_council, update_council
from planner.extensions import db
from planner.models import Council, PlanRecord
from planner.plans import service as plans
from planner.rules.answers import parse_answers

PASSWORD = "correct horse battery staple"
A_HOST = "send.ashire.example"
B_HOST = "localoffer.bshire.example"


@pytest.fixture
def two(ctx: Flask) -> Iterator[tuple[Council, Council]]:
    plans.get_or_create_council()  # the default council answers hosts nobody claims
    a = create_council("ashire", "Ashire Council", [A_HOST], contact_phone="01632 960001")
    b = create_council("bshire", "Bshire Council", [B_HOST, "www.bshire.example"])
    yield a, b


class HostClient:
    """The test client on a given host. These tests hold one app context across requests
    (`ctx`), so `g`, where a request keeps its council, would carry one request's council into
    the next; in the app every request has its own context, so it is emptied before each."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, path: str, host: str, **kwargs: Any) -> Any:
        g.pop("council", None)
        return self.client.get(path, base_url=f"http://{host}", **kwargs)

    def post(self, path: str, host: str, **kwargs: Any) -> Any:
        g.pop("council", None)
        return self.client.post(path, base_url=f"http://{host}", **kwargs)


@pytest.fixture
def web(client: FlaskClient) -> HostClient:
    return HostClient(client)


def _get(client: HostClient, path: str, host: str) -> str:
    response = client.get(path, host)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_cli_creates_updates_and_shows_a_council(app: Flask) -> None:
    runner = app.test_cli_runner()
    made = runner.invoke(
        council_cli,
        [
            "create",
            "cshire",
            "--name",
            "Cshire Council",
            "--host",
            "SEND.Cshire.example:443",
            "--link",
            "sendiass=https://sendiass.cshire.example",
            "--languages",
            "en pl",
            "--notify-email-template-id",
            "4f8c2b9e-0000-4000-8000-000000000001",
        ],
    )
    assert made.exit_code == 0, made.output
    shown = json.loads(made.output)
    assert shown["hosts"] == ["send.cshire.example"]
    assert shown["links"] == {"sendiass": "https://sendiass.cshire.example"}
    assert shown["languages"] == ["en", "pl"]
    assert shown["notify_email_template_id"] == "4f8c2b9e-0000-4000-8000-000000000001"

    changed = runner.invoke(
        council_cli,
        [
            "update",
            "cshire",
            "--host",
            "cshire.example",
            "--remove-host",
            "send.cshire.example",
            "--feed-url",
            "https://feeds.cshire.example/oruk",
            "--nightly-import",
        ],
    )
    assert changed.exit_code == 0, changed.output
    after = json.loads(runner.invoke(council_cli, ["show", "cshire"]).output)
    assert after["hosts"] == ["cshire.example"]
    assert (after["feed_url"], after["nightly_import"]) == (
        "https://feeds.cshire.example/oruk",
        True,
    )
    assert after["name"] == "Cshire Council"  # untouched options stay as they were


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "Bad Code", "--name", "X"], "code: must be 2 to 64"),
        (["create", "dshire", "--name", "X", "--host", "not a host"], "host: 'not a host'"),
        (["create", "dshire", "--name", "X", "--link", "leaflet=https://x.example"], "link:"),
        (["create", "dshire", "--name", "X", "--link", "sendiass=javascript:x"], "link sendiass"),
        (["create", "dshire", "--name", "X", "--languages", "pl"], "languages: must include en"),
        (["create", "dshire", "--name", "X", "--email-reply-to-id", "me"], "email_reply_to_id"),
        (["update", "nowhere", "--name", "X"], "code: no council with the code nowhere"),
    ],
)
def test_cli_refuses_bad_settings_naming_the_field(
    app: Flask, args: list[str], message: str
) -> None:
    result = app.test_cli_runner().invoke(council_cli, args)
    assert result.exit_code == 1 and message in result.output
    with app.app_context():
        assert db.session.execute(db.select(Council).filter_by(code="dshire")).first() is None


def test_a_host_belongs_to_one_council(two: tuple[Council, Council]) -> None:
    with pytest.raises(CouncilError, match="already served for another council"):
        update_council("ashire", add_hosts=[B_HOST])
    db.session.expire_all()
    assert [h.host for h in two[0].hosts] == [A_HOST]


def test_each_host_shows_its_own_council(web: HostClient, two: tuple[Council, Council]) -> None:
    assert "Ashire Council" in _get(web, "/", A_HOST)
    page_b = _get(web, "/", "www.bshire.example")
    assert "Bshire Council" in page_b and "Ashire Council" not in page_b
    assert "Exampleshire" in _get(web, "/", "unclaimed.example")  # the default council


def test_a_plan_made_on_a_host_is_that_councils(
    web: HostClient, two: tuple[Council, Council]
) -> None:
    response = web.post("/api/v1/plans", B_HOST, json={"date_of_birth": "2012-05-01"})
    assert response.status_code == 201
    record = db.session.get(PlanRecord, response.get_json()["id"])
    assert record.council_id == two[1].id


def test_a_plan_is_not_there_on_another_councils_host(
    web: HostClient, two: tuple[Council, Council]
) -> None:
    answers = parse_answers({"date_of_birth": "2012-05-01"}, date.today())
    record, token = plans.create_plan(answers, two[0])
    assert web.get(f"/plan/{record.id}/open/{token}", B_HOST).status_code == 404
    assert web.get(f"/plan/{record.id}/open/{token}", A_HOST).status_code == 302
    page = _get(web, f"/plan/{record.id}", A_HOST)
    assert "Ashire Council" in page and "Bshire Council" not in page
    # On the shared address (no council claims it) the plan shows as its own council's.
    assert web.get(f"/plan/{record.id}/open/{token}", "planner.example").status_code == 302
    assert "Ashire Council" in _get(web, f"/plan/{record.id}", "planner.example")


def test_staff_sign_in_only_on_their_councils_hosts(
    web: HostClient, two: tuple[Council, Council]
) -> None:
    user = auth.create_user("officer@ashire.example", PASSWORD, "admin", two[0].id)
    form = {"email": user.email, "password": PASSWORD}
    refused = web.post("/caseworker/login", B_HOST, data=form)
    assert refused.status_code == 200
    assert "Enter a correct email address and password" in refused.get_data(as_text=True)

    assert web.post("/caseworker/login", A_HOST, data=form).status_code == 302
    g.pop("_login_user", None)
    assert web.get("/caseworker/families", A_HOST).status_code == 200
    # The same session cookie taken to council B's host sees nothing there, and is ended.
    cookie = web.client.get_cookie("session", domain=A_HOST)
    assert cookie is not None
    web.client.set_cookie("session", cookie.value, domain=B_HOST)
    g.pop("_login_user", None)
    elsewhere = web.get("/caseworker/families", B_HOST)
    assert elsewhere.status_code == 302 and "/caseworker/login" in elsewhere.headers["Location"]
    g.pop("_login_user", None)
    assert web.get("/caseworker/audit", B_HOST).status_code == 302


@pytest.mark.parametrize(
    ("date_of_birth", "transport_shown"),
    [("2011-03-04", True), ("2020-03-04", False)],  # Year 10 or so; a 6-year-old
)
def test_a_plan_links_to_its_own_councils_documents(
    web: HostClient, two: tuple[Council, Council], date_of_birth: str, transport_shown: bool
) -> None:
    from bs4 import BeautifulSoup

    update_council(
        "ashire",
        links={
            "short_breaks_statement": "https://ashire.example/short-breaks",
            "post16_transport_statement": "https://ashire.example/post-16-transport",
            "sendiass": "https://ashire-sendiass.example",
        },
    )
    answers = parse_answers({"date_of_birth": date_of_birth}, date.today())
    record, token = plans.create_plan(answers, two[0])
    web.get(f"/plan/{record.id}/open/{token}", A_HOST)
    soup = BeautifulSoup(_get(web, f"/plan/{record.id}", A_HOST), "html.parser")

    hrefs = {a["href"]: a.get_text(strip=True) for a in soup.select("a.govuk-link[href^='https']")}
    assert hrefs["https://ashire.example/short-breaks"] == (
        "Read the council's short breaks statement"
    )
    assert "https://ashire-sendiass.example" in hrefs
    assert ("https://ashire.example/post-16-transport" in hrefs) == transport_shown
    # The link sits in its own section: after that section's heading, before the next one.
    heading = soup.find(id="short_breaks")
    following = heading.find_next("a", href="https://ashire.example/short-breaks")
    assert following is not None
    assert following.find_previous("h2").get("id") == "short_breaks"


def test_the_pdf_links_to_the_councils_documents_too(two: tuple[Council, Council]) -> None:
    from planner.plans.render import render_plan_html

    update_council("bshire", links={"complaints": "https://bshire.example/complaints"})
    answers = parse_answers({"date_of_birth": "2011-03-04"}, date.today())
    plan = plans.build(answers, two[1])
    html = render_plan_html(plan, two[1], answers)
    assert "How to complain to the council" in html
    assert 'href="https://bshire.example/complaints"' in html
    assert "https://bshire.example/complaints" not in render_plan_html(plan, two[0], answers)
