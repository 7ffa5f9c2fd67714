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


# ------------------------------------------------------------------ issue 16, B8: safe defaults
def _unconfigured(monkeypatch, var_dir):
    for name in ("SECRET_KEY", "PLANNER_DATA_KEYS", "PLANNER_ENV", "NOTIFY_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_VAR_DIR", str(var_dir))


def test_an_unconfigured_installation_makes_its_own_secrets(monkeypatch, tmp_path):
    _unconfigured(monkeypatch, tmp_path / "one")
    first = config.load()
    assert first["PLANNER_ENV"] == "development"
    assert first["SECRET_KEY"] != config.DEV_SECRET and len(first["SECRET_KEY"]) >= 43
    assert first["PLANNER_DATA_KEYS"] != config.DEV_DATA_KEY
    kept = tmp_path / "one" / config.SECRETS_FILE
    assert kept.stat().st_mode & 0o777 == 0o600
    # The same installation keeps its secrets across restarts (sessions and data survive)...
    again = config.load()
    assert (again["SECRET_KEY"], again["PLANNER_DATA_KEYS"]) == (
        first["SECRET_KEY"],
        first["PLANNER_DATA_KEYS"],
    )
    # ...and another installation has different ones.
    _unconfigured(monkeypatch, tmp_path / "two")
    assert config.load()["SECRET_KEY"] != first["SECRET_KEY"]
    assert not list((tmp_path / "one").glob(".secrets.json.*"))  # nothing left aside


def test_configured_secrets_are_used_and_nothing_is_written(monkeypatch, tmp_path):
    _unconfigured(monkeypatch, tmp_path)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PLANNER_DATA_KEYS", GOOD_PROD["PLANNER_DATA_KEYS"])
    cfg = config.load()
    assert cfg["SECRET_KEY"] == "k" * 40
    assert not (tmp_path / config.SECRETS_FILE).exists()


def test_production_never_generates_secrets(monkeypatch, tmp_path):
    _unconfigured(monkeypatch, tmp_path)
    monkeypatch.setenv("PLANNER_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        config.load()
    assert not (tmp_path / config.SECRETS_FILE).exists()


@pytest.mark.parametrize("env", ["development", "testing"])
def test_the_public_development_values_are_refused_everywhere(env):
    for change in ({"SECRET_KEY": config.DEV_SECRET}, {"PLANNER_DATA_KEYS": config.DEV_DATA_KEY}):
        cfg = {**GOOD_PROD, "PLANNER_ENV": env, **change}
        with pytest.raises(ConfigError, match="public development"):
            config.check(cfg)


@pytest.mark.parametrize(
    ("env", "base_url", "refused"),
    [
        ("development", "https://api.notifications.service.gov.uk", True),
        ("development", "http://127.0.0.1:9999", True),
        ("testing", "https://api.notifications.service.gov.uk", True),
        ("testing", "http://127.0.0.1:9999", False),  # the test suite's loopback fake
        ("production", "https://api.notifications.service.gov.uk", False),
    ],
)
def test_notify_key_outside_production_is_refused(env, base_url, refused):
    cfg = {
        **GOOD_PROD,
        "PLANNER_ENV": env,
        "NOTIFY_API_KEY": "key",
        "NOTIFY_BASE_URL": base_url,
        "NOTIFY_CALLBACK_TOKEN": "t" * 40,
    }
    if refused:
        with pytest.raises(ConfigError, match="NOTIFY_API_KEY"):
            config.check(cfg)
    else:
        config.check(cfg)
