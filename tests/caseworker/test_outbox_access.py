"""Issue 16, B8: the development outbox holds every message with its secret plan link, so only a
signed-in admin may read it (and nobody in production)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.caseworker.conftest import make_user, sign_in


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("caseworker", 404), ("admin", 200)],
)
@pytest.mark.parametrize("path", ["/dev/outbox", "/dev/outbox/index.jsonl"])
def test_only_signed_in_admins_see_the_outbox(cw: Flask, role: str, status: int, path: str) -> None:
    outbox = cw.config["VAR_DIR"] / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / "index.jsonl").write_text("")
    client = cw.test_client()
    if role != "anonymous":
        assert sign_in(client, make_user(role)).status_code == 302
    with client.get(path) as response:  # a file response: close it
        assert response.status_code == status


def test_nobody_sees_the_outbox_in_production(
    as_admin: Any, cw: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _admin = as_admin
    monkeypatch.setitem(cw.config, "PLANNER_ENV", "production")
    assert client.get("/dev/outbox").status_code == 404
