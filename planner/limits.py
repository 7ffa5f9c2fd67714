"""Rate limits through Flask-Limiter: shared in Redis when REDIS_URL is set, in memory otherwise,
so they hold in every mode. A breach is a 429 with a Retry-After header."""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def plan_creation_limit() -> str:
    """Plans made per client address (public questionnaire and API share one budget)."""
    return str(current_app.config["RATE_LIMIT_PLAN_CREATION"])


def api_limit() -> str:
    return str(current_app.config["RATE_LIMIT_API"])


def link_request_limit() -> str:
    """Sending a plan or opting in to reminders: each sends a message to someone."""
    return str(current_app.config["RATE_LIMIT_LINK_REQUESTS"])


def sign_in_limit() -> str:
    return str(current_app.config["RATE_LIMIT_SIGN_IN"])


# Decorators for views: one shared budget per purpose, whichever route spends it.
limit_plan_creation = limiter.shared_limit(
    plan_creation_limit, scope="plan-creation", methods=["POST"]
)
limit_link_requests = limiter.shared_limit(
    link_request_limit, scope="link-requests", methods=["POST"]
)
limit_sign_in = limiter.shared_limit(sign_in_limit, scope="sign-in", methods=["POST"])


def init_app(app: Flask) -> None:
    """Point the limiter at Redis when there is one; headers on, so clients see Retry-After."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "planner-limits")
    # If Redis is briefly away, keep limiting in memory rather than failing requests.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
