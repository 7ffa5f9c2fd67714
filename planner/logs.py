"""Logging that carries ids, never personal data.

Secret tokens travel in addresses: "return to your plan" links (`/plan/<id>/open/<token>`), the
short links of messages (`/p/<token>`) and the "stop reminders" links (`/reminders/stop/<token>`),
so request lines are redacted before any handler sees them. A test walks the app's routes: every
route with a `<token>` in its path must be covered here.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# The path segment before each secret; the token is whatever follows, up to a / ? # or space.
# /not-me/<token> carries a recipient's keyed hash: not secret in itself, but it can block them.
SECRET_PATH_PREFIXES = ("/open/", "/p/", "/reminders/stop/", "/not-me/")
_TOKEN_IN_PATH = re.compile(
    "(" + "|".join(re.escape(p) for p in SECRET_PATH_PREFIXES) + r")[^/?#\s\"']+"
)
_TOKEN_IN_QUERY = re.compile(r"([?&](?:token|code|secret)=)[^&#\s\"']+", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9_\-.~+/=]+")


def redact(text: str) -> str:
    """Remove secrets that can appear in request lines and headers."""
    for pattern in (_TOKEN_IN_PATH, _TOKEN_IN_QUERY, _BEARER):
        text = pattern.sub(r"\1[redacted]", text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with secrets removed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def init_app(app: Flask) -> None:
    """Attach the redacting filter to the loggers that see request paths."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
