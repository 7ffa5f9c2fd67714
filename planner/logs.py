"""Logging that carries ids, never personal data.

Secret plan tokens travel in "return to your plan" links (`/plan/<id>/open/<token>`) and in the
short links of messages (`/p/<token>`), so request lines are redacted before any handler sees them.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# /not-me/<token> carries a recipient's keyed hash: not secret in itself, but it can block them.
_TOKEN_IN_PATH = re.compile(r"(/open/|/p/|/not-me/)[A-Za-z0-9_\-]+")
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9_\-.]+")


def redact(text: str) -> str:
    """Remove secrets that can appear in request lines and headers."""
    return _BEARER.sub(r"\1[redacted]", _TOKEN_IN_PATH.sub(r"\1[redacted]", text))


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
