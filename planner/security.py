"""Security headers through Flask-Talisman: a strict Content-Security-Policy with no inline script
(GOV.UK Frontend's one inline line carries a per-request nonce), HSTS in production, no framing."""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}

talisman = Talisman()


def init_app(app: Flask) -> None:
    """Attach the headers; HTTPS redirects and HSTS only in production (behind TLS)."""
    production = app.config["PLANNER_ENV"] == "production"
    talisman.init_app(
        app,
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        force_https=production,
        strict_transport_security=production,
        session_cookie_secure=production,
        frame_options="DENY",
        referrer_policy="no-referrer",
    )
