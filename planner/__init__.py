"""The SEND transition planner: a Flask app that turns a short questionnaire into a personalised
preparing-for-adulthood plan, drawn from a council's Local Offer."""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from planner import config


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment (`planner.config`), then apply `overrides` (tests)."""
    app = Flask(__name__, template_folder=None, static_folder="static")
    app.config.from_mapping(config.load(overrides))
    if app.config["PLANNER_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PLANNER_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    # GOV.UK Frontend's macros import each other as "govuk_frontend_jinja/...", hence the prefixes.
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(config.ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    from planner import errors, i18n, limits, logs, security
    from planner.extensions import csrf, db, migrate

    logs.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    limits.init_app(app)
    errors.init_app(app)

    # Each feature's tables join the shared metadata when its package is imported.
    import planner.delivery.models
    import planner.directory
    import planner.reminders.models  # noqa: F401
    from planner.api.rest import api
    from planner.delivery.callbacks import callbacks
    from planner.delivery.rest import delivery_api
    from planner.delivery.views import delivery
    from planner.ehc.views import ehc_letters
    from planner.health import health
    from planner.plans.views import plans
    from planner.questionnaire.views import questionnaire
    from planner.reminders.rest import reminders_api
    from planner.reminders.views import reminders

    json_apis = (api, delivery_api, reminders_api, callbacks)
    pages = (health, questionnaire, plans, ehc_letters, delivery, reminders)
    for blueprint in (*pages, *json_apis):
        app.register_blueprint(blueprint)
    # JSON APIs authenticate with bearer tokens, not cookies, so CSRF does not apply to them.
    for blueprint in json_apis:
        csrf.exempt(blueprint)
    for blueprint in (api, delivery_api, reminders_api):
        limits.limiter.limit(limits.api_limit)(blueprint)

    from planner import caseworker
    from planner.cli import register_commands
    from planner.tasks_app import celery_init_app

    caseworker.init_app(app)
    from planner.councils import links

    links.init_app(app)

    register_commands(app)
    celery_init_app(app)
    return app
