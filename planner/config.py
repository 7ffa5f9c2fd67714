"""All configuration, read from the environment in one place.

`PLANNER_ENV=development` (the default) runs the embedded product: SQLite under var/, a Celery
broker that needs no server (kombu's filesystem transport) and the outbox instead of GOV.UK Notify.
`PLANNER_ENV=production` expects PostgreSQL, Redis and Notify settings and refuses the development
secret.

Outside production, a SECRET_KEY or PLANNER_DATA_KEYS that is not configured is generated once per
installation and kept in `VAR_DIR/secrets.json` (mode 0600, never committed): a server started
without configuration must not sign sessions with a secret anyone can read in this repository.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Public values that older installations used by default: refused everywhere (they are in this
# repository, so anyone could sign a session or read the data with them).
DEV_SECRET = "development-only-secret-do-not-use-in-production"  # noqa: S105
DEV_DATA_KEY = "ZGV2ZWxvcG1lbnQtb25seS1kYXRhLWtleS0zMmJ5dGU="  # noqa: S105
SECRETS_FILE = "secrets.json"
# Notify may be called outside production only by tests, and only on this machine (the fake).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class ConfigError(RuntimeError):
    """Raised at start-up when the environment cannot run the app safely."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _database_url(var_dir: Path) -> str:
    url = _env("DATABASE_URL")
    if url is None:
        return f"sqlite:///{var_dir / 'planner.db'}"
    # Heroku-style and plain postgres URLs both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config from the environment, then apply `overrides` (used by tests)."""
    env = _env("PLANNER_ENV", "development")
    var_dir = Path(_env("PLANNER_VAR_DIR", str(ROOT / "var")) or ROOT / "var")
    redis_url = _env("REDIS_URL")
    cfg: dict[str, Any] = {
        "PLANNER_ENV": env,
        "SECRET_KEY": _env("SECRET_KEY"),
        "PLANNER_DATA_KEYS": _env("PLANNER_DATA_KEYS"),
        "VAR_DIR": var_dir,
        "SQLALCHEMY_DATABASE_URI": _database_url(var_dir),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "PLANNER_PUBLIC_URL": _env("PLANNER_PUBLIC_URL", "http://127.0.0.1:5000"),
        # How many proxies (load balancer, TLS terminator) stand in front of the app: their
        # X-Forwarded-For/-Proto are trusted that far, so rate limits and audit rows see the
        # family's or caseworker's own address. 0 trusts none (direct connections).
        "PLANNER_PROXY_HOPS": int(_env("PLANNER_PROXY_HOPS", "0") or 0),
        "DEFAULT_COUNCIL": _env("PLANNER_DEFAULT_COUNCIL", "exampleshire"),
        # Where staff sessions live: `redis` (the default when REDIS_URL is set) or `database`.
        "STAFF_SESSIONS": _env("PLANNER_STAFF_SESSIONS"),
        # Messages a family may ask us to send to one recipient in 24 hours (issue 16, B4).
        "RECIPIENT_DAILY_LIMIT": int(_env("RECIPIENT_DAILY_LIMIT", "5") or 5),
        # GOV.UK Notify; without an API key every message goes to the outbox under var/outbox/.
        "NOTIFY_API_KEY": _env("NOTIFY_API_KEY"),
        "NOTIFY_BASE_URL": _env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
        "NOTIFY_EMAIL_TEMPLATE_ID": _env("NOTIFY_EMAIL_TEMPLATE_ID"),
        "NOTIFY_SMS_TEMPLATE_ID": _env("NOTIFY_SMS_TEMPLATE_ID"),
        "NOTIFY_CALLBACK_TOKEN": _env("NOTIFY_CALLBACK_TOKEN"),
        "NOTIFY_RATE_LIMIT_PER_MINUTE": int(_env("NOTIFY_RATE_LIMIT_PER_MINUTE", "3000") or 3000),
        "MAX_CONTENT_LENGTH": 64 * 1024,  # answers are small; anything bigger is refused with 413
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        # Defaults a council can change (Flask-Limiter notation).
        "RATE_LIMIT_PLAN_CREATION": _env("RATE_LIMIT_PLAN_CREATION", "20 per minute"),
        "RATE_LIMIT_API": _env("RATE_LIMIT_API", "120 per minute"),
        "RATE_LIMIT_LINK_REQUESTS": _env("RATE_LIMIT_LINK_REQUESTS", "10 per minute"),
        "RATE_LIMIT_SIGN_IN": _env("RATE_LIMIT_SIGN_IN", "10 per minute"),
        # Audit rows (ids and action codes, no family data) are kept this long, then the nightly
        # retention sweep removes them; 0 keeps them for ever. Two years by default: long enough
        # for a complaint or an ICO inquiry about a caseworker's access to be answered.
        "AUDIT_RETENTION_DAYS": int(_env("PLANNER_AUDIT_RETENTION_DAYS", "730") or 0),
        # Staff sessions expire after 30 minutes idle; families' sessions are not permanent.
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=30),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
    }
    if overrides:
        cfg.update(overrides)
    if cfg["PLANNER_ENV"] != "production" and not (cfg["SECRET_KEY"] and cfg["PLANNER_DATA_KEYS"]):
        generated = installation_secrets(Path(cfg["VAR_DIR"]))
        cfg["SECRET_KEY"] = cfg["SECRET_KEY"] or generated["SECRET_KEY"]
        cfg["PLANNER_DATA_KEYS"] = cfg["PLANNER_DATA_KEYS"] or generated["PLANNER_DATA_KEYS"]
    cfg.setdefault("CELERY", celery_config(Path(cfg["VAR_DIR"]), cfg["REDIS_URL"]))
    check(cfg)
    return cfg


def installation_secrets(var_dir: Path) -> dict[str, str]:
    """This installation's own SECRET_KEY and data key, made on first use and kept in
    VAR_DIR/secrets.json, readable by the service's user only. The web server, worker and beat
    start together, so the file is written aside and linked into place: whichever process comes
    first wins, and every process reads the same complete file."""
    path = var_dir / SECRETS_FILE
    if not path.exists():
        from cryptography.fernet import Fernet

        var_dir.mkdir(parents=True, exist_ok=True)
        values = {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PLANNER_DATA_KEYS": Fernet.generate_key().decode(),
        }
        aside = var_dir / f".{SECRETS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(values, handle)
        try:
            os.link(aside, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            aside.unlink()
    data = json.loads(path.read_text())
    return {
        "SECRET_KEY": str(data["SECRET_KEY"]),
        "PLANNER_DATA_KEYS": str(data["PLANNER_DATA_KEYS"]),
    }


def celery_config(var_dir: Path, redis_url: str | None) -> dict[str, Any]:
    """Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/broker."""
    broker_dir = var_dir / "broker"
    return {
        "broker_url": redis_url or "filesystem://",
        # Redis: a message whose worker died is redelivered after 2 minutes (DESIGN.md).
        "broker_transport_options": (
            {"visibility_timeout": 120}
            if redis_url
            else {
                "data_folder_in": str(broker_dir / "out"),
                "data_folder_out": str(broker_dir / "out"),
                "processed_folder": str(broker_dir / "processed"),
                "control_folder": str(broker_dir / "control"),
                "store_processed": False,
            }
        ),
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "Europe/London",
        "beat_schedule_filename": str(var_dir / "celerybeat-schedule"),
    }


def check(cfg: dict[str, Any]) -> None:
    """Refuse to run production with development defaults (DESIGN.md, "Runs two ways")."""
    if cfg["PLANNER_ENV"] not in ("development", "production", "testing"):
        raise ConfigError("PLANNER_ENV must be 'development' or 'production'.")
    secret = cfg.get("SECRET_KEY") or ""
    if secret == DEV_SECRET or cfg.get("PLANNER_DATA_KEYS") == DEV_DATA_KEY:
        raise ConfigError(
            "Refusing to start: SECRET_KEY and PLANNER_DATA_KEYS must not be the public development"
            " values (unset them to have this installation's own made under VAR_DIR)."
        )
    if cfg["PLANNER_ENV"] != "production":
        if cfg.get("NOTIFY_API_KEY") and not _test_notify(cfg):
            raise ConfigError(
                "Refusing to start: NOTIFY_API_KEY is set but PLANNER_ENV is not 'production'."
                " Outside production messages go to the outbox; unset NOTIFY_API_KEY."
            )
        return
    problems = []
    if len(secret) < 32:
        problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
    if not cfg.get("PLANNER_DATA_KEYS"):
        problems.append(
            "PLANNER_DATA_KEYS must be set (Fernet keys, newest first, comma-separated)"
        )
    if not str(cfg["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not cfg["REDIS_URL"]:
        problems.append("REDIS_URL must be set")
    if cfg.get("NOTIFY_API_KEY") and not cfg.get("NOTIFY_CALLBACK_TOKEN"):
        problems.append("NOTIFY_CALLBACK_TOKEN must be set when NOTIFY_API_KEY is")
    if not str(cfg["PLANNER_PUBLIC_URL"]).startswith("https://"):
        problems.append("PLANNER_PUBLIC_URL must be the service's https address")
    if problems:
        raise ConfigError("Refusing to start in production: " + "; ".join(problems) + ".")


def _test_notify(cfg: dict[str, Any]) -> bool:
    """The one exception: the test suite's loopback fake of Notify (tests/fakes)."""
    from urllib.parse import urlsplit

    host = urlsplit(str(cfg.get("NOTIFY_BASE_URL") or "")).hostname
    return cfg["PLANNER_ENV"] == "testing" and host in LOOPBACK_HOSTS
