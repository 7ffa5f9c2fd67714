"""Error responses: JSON under /api/, GOV.UK error pages elsewhere. Never a stack trace, never
personal data, and a friendly page while the database is away."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, abort, make_response, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from planner.extensions import db


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/notify/"))


def json_error(status: int, message: str, errors: dict[str, str] | None = None) -> Any:
    body: dict[str, Any] = {"status": status, "message": message}
    if errors is not None:
        body["errors"] = errors
    return body, status


def json_abort(status: int, message: str, errors: dict[str, str] | None = None) -> NoReturn:
    """Stop the request with a JSON error body."""
    abort(make_response(*json_error(status, message, errors)))


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, a lost database and anything unexpected."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        status = exc.code or 500
        if wants_json():
            response = make_response(*json_error(status, exc.description or exc.name))
        else:
            response = make_response(render_template("errors/error.html", status=status), status)
        # Keep the headers HTTP requires with the error (Allow on 405, Retry-After on 429).
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError) -> Any:
        db.session.rollback()
        app.logger.warning("database unavailable: %s", type(exc.orig).__name__)
        if wants_json():
            return json_error(503, "The service is busy. Try again in a few minutes.")
        return render_template("errors/error.html", status=503), 503

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        # Log the type and where, not the message: messages can carry user input.
        app.logger.error("unhandled %s on %s", type(exc).__name__, request.endpoint)
        if wants_json():
            return json_error(500, InternalServerError.description)
        return render_template("errors/error.html", status=500), 500
