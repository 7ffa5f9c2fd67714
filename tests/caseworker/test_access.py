"""Access control on every console route: a table of routes by role, CSRF, sign-out."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from planner.caseworker import batch, letters, search
from planner.caseworker.models import Batch
from planner.extensions import db
from tests.caseworker.conftest import ADDRESS, make_plan, make_user, sign_in

ROLES = ("anonymous", "caseworker", "admin", "other_admin")
OK, FORBIDDEN, MISSING, LOGIN, UNAUTH = 200, 403, 404, 302, 401


def _page(ok: int = OK) -> dict[str, int]:
    """A caseworker page about this council: both roles may use it; other councils see 404."""
    return {"anonymous": LOGIN, "caseworker": ok, "admin": ok, "other_admin": MISSING}


def _open(ok: int = OK) -> dict[str, int]:
    """A page with no family in it: anyone signed in."""
    return {"anonymous": LOGIN, "caseworker": ok, "admin": ok, "other_admin": ok}


ADMIN = {"anonymous": LOGIN, "caseworker": FORBIDDEN, "admin": OK, "other_admin": OK}
API = {"anonymous": UNAUTH, "caseworker": OK, "admin": OK, "other_admin": MISSING}

# (method, path template, expected status by role). {plan}, {delivery}, {batch} are filled in.
ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/caseworker/", _open()),
    ("GET", "/caseworker/families", _open()),
    ("POST", "/caseworker/families", _open()),  # the search (by POST: nothing typed in logs)
    ("GET", "/caseworker/families/{plan}", _page()),
    ("GET", "/caseworker/families/{plan}/consent", _page()),
    ("GET", "/caseworker/families/new/consent", _open()),
    ("GET", "/caseworker/families/{plan}/questions/name", _page(302)),
    ("GET", "/caseworker/families/{plan}/check", _page(302)),
    ("POST", "/caseworker/families/{plan}/rebuild", _page(302)),
    ("GET", "/caseworker/families/{plan}/address", _page()),
    ("GET", "/caseworker/families/{plan}/letter", _page()),
    ("GET", "/caseworker/families/{plan}/letter.pdf", _page()),
    ("GET", "/caseworker/families/{plan}/send", _page()),
    ("POST", "/caseworker/families/{plan}/deliveries/{delivery}/retry", _page(302)),
    ("GET", "/caseworker/batch", _open()),
    ("GET", "/caseworker/batch/{batch}", _page()),
    ("GET", "/caseworker/batch/{batch}/letters.pdf", _page(MISSING)),
    ("GET", "/caseworker/account", _open()),
    ("GET", "/caseworker/account/password", _open()),
    ("GET", "/caseworker/account/two-factor", _open()),
    ("GET", "/caseworker/settings", ADMIN),
    ("POST", "/caseworker/settings", ADMIN),
    ("GET", "/caseworker/users", ADMIN),
    ("GET", "/caseworker/audit", ADMIN),
    ("GET", "/caseworker/audit.csv", ADMIN),
    ("GET", "/caseworker/api/batches/{batch}", API),
    ("GET", "/caseworker/api/families/{plan}/deliveries", API),
    ("POST", "/caseworker/logout", dict.fromkeys(ROLES, LOGIN)),
]


@pytest.fixture
def world(cw: Flask, notify: Any) -> dict[str, Any]:
    """A family in Exampleshire with an address and a failed letter, and a batch."""
    record = make_plan()
    letters.save_address(record, ADDRESS, None)
    notify.fail_next(400)
    delivery = letters.send_letter(record, ADDRESS, "second")
    db.session.refresh(delivery)
    assert delivery.status == "failed"
    made = Batch(council_id=record.council_id, mode="post", total=0, status="done")
    db.session.add(made)
    db.session.commit()
    users = {
        "caseworker": make_user("caseworker"),
        "admin": make_user("admin"),
        "other_admin": make_user("admin", code="otherborough"),
    }
    return {"plan": record.id, "delivery": delivery.id, "batch": made.id, "users": users}


def test_every_console_route_is_in_the_table(cwapp: Flask) -> None:
    """A new route must be added to the table, so none escapes the access check."""
    listed = {path.split("{")[0].rstrip("/") for _m, path, _e in ROUTES}
    for rule in cwapp.url_map.iter_rules():
        if rule.endpoint.startswith("caseworker.") and rule.endpoint not in (
            "caseworker.login",
            "caseworker.login_code",
        ):
            prefix = rule.rule.split("<")[0].rstrip("/")
            assert any(p.startswith(prefix) or prefix.startswith(p) for p in listed), rule.rule


@pytest.mark.parametrize("role", ROLES)
def test_access_by_role(cw: Flask, world: dict[str, Any], role: str) -> None:
    client = cw.test_client()
    if role != "anonymous":
        assert sign_in(client, world["users"][role]).status_code == 302
    for method, template, expected in ROUTES:
        if method == "POST" and template.endswith("/logout"):
            continue
        path = template.format(**world)
        response = client.open(path, method=method)
        assert response.status_code == expected[role], (role, method, path)
        if expected[role] == LOGIN and role == "anonymous":
            assert "/caseworker/login" in response.headers["Location"]
        if expected[role] == UNAUTH:
            assert response.get_json()["status"] == 401


def test_sign_out_ends_the_session(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    assert client.get("/caseworker/families").status_code == 200
    assert client.post("/caseworker/logout").status_code == 302
    assert client.get("/caseworker/families").status_code == 302


def test_csrf_is_required_on_forms(cw: Flask) -> None:
    user = make_user("admin")
    client = cw.test_client()
    cw.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/caseworker/login", data={"email": user.email, "password": "x"})
        assert refused.status_code == 400
        page = client.get("/caseworker/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        ok = sign_in_with(client, user.email, token)
        assert ok.status_code == 302
        assert client.post("/caseworker/logout").status_code == 400  # no token
        # The family search is a POST (issue 16, B7): it needs the token too.
        assert client.post("/caseworker/families", data={"name": "Amira"}).status_code == 400
        assert client.post("/caseworker/account/sign-out-everywhere").status_code == 400
        assert client.get("/caseworker/families").status_code == 200  # still signed in
    finally:
        cw.config["WTF_CSRF_ENABLED"] = False


def sign_in_with(client: Any, email: str, token: str) -> Any:
    from tests.caseworker.conftest import PASSWORD

    return client.post(
        "/caseworker/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )


def test_next_only_goes_to_console_pages(cw: Flask) -> None:
    user = make_user()
    client = cw.test_client()
    response = client.post(
        "/caseworker/login?next=https://evil.example/",
        data={"email": user.email, "password": "correct horse battery staple"},
    )
    assert response.headers["Location"].endswith("/caseworker/families")


def test_other_councils_families_are_not_found(cw: Flask, world: dict[str, Any]) -> None:
    assert search.family_for(world["users"]["other_admin"].council_id, world["plan"]) is None
    assert batch.for_council(world["users"]["other_admin"].council_id, world["batch"]) is None
