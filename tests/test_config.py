"""Production refuses to start with development defaults (DESIGN.md, "Runs two ways")."""

from __future__ import annotations

import pytest

from planner import config
from planner.config import ConfigError

GOOD_PROD = {
    "PLANNER_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "PLANNER_DATA_KEYS": "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=",
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PLANNER_PUBLIC_URL": "https://plan.exampleshire.example",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": config.DEV_SECRET}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"PLANNER_DATA_KEYS": config.DEV_DATA_KEY}, "PLANNER_DATA_KEYS"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"PLANNER_ENV": "staging"}, "PLANNER_ENV"),
        ({"PLANNER_PUBLIC_URL": "http://127.0.0.1:5000"}, "PLANNER_PUBLIC_URL"),
        ({"NOTIFY_API_KEY": "key", "NOTIFY_CALLBACK_TOKEN": None}, "NOTIFY_CALLBACK_TOKEN"),
    ],
    ids=[
        "dev-secret",
        "short-secret",
        "dev-data-key",
        "sqlite",
        "no-redis",
        "unknown-env",
        "http-public-url",
        "notify-without-callback-token",
    ],
)
def test_production_refuses_unsafe_settings(change, message):
    with pytest.raises(ConfigError, match=message):
        config.check({**GOOD_PROD, **change})


def test_production_accepts_real_settings():
    config.check(GOOD_PROD)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url_uses_psycopg3(monkeypatch, tmp_path, url, expected):
    monkeypatch.setenv("DATABASE_URL", url)
    assert config._database_url(tmp_path) == expected


def test_embedded_default_is_sqlite_and_filesystem_broker(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "REDIS_URL", "PLANNER_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_VAR_DIR", str(tmp_path))
    cfg = config.load()
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'planner.db'}"
    assert cfg["CELERY"]["broker_url"] == "filesystem://"


def test_proxy_hops_trust_the_load_balancers_forwarded_address(app):
    from planner import create_app

    behind = create_app(
        {
            **{k: app.config[k] for k in ("PLANNER_ENV", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")},
            "PLANNER_PROXY_HOPS": 1,
        }
    )

    @behind.get("/_test/ip")
    def ip() -> str:
        from flask import request

        return request.remote_addr or ""

    client = behind.test_client()
    resp = client.get(
        "/_test/ip",
        headers={"X-Forwarded-For": "203.0.113.5"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert resp.get_data(as_text=True) == "203.0.113.5"
