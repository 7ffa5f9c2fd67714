"""`planner offer import SOURCE [--council CODE]` loads a Local Offer feed into the directory;
`planner offer status --council CODE` says what is in it and how the last import went (JSON)."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext


@click.group("offer")
def offer_cli() -> None:
    """The Local Offer directory."""


@offer_cli.command("import")
@click.argument("source")
@click.option("--council", "code", default=None, help="Council code (default: the configured one).")
@click.option(
    "--confirm-removals",
    type=click.IntRange(min=0),
    default=None,
    help="Remove up to this many services even when that is more than the held-import limit.",
)
@with_appcontext
def import_command(source: str, code: str | None, confirm_removals: int | None) -> None:
    """Import SOURCE: an Open Referral UK base URL (v1 or v3), an ORUK JSON file or a CSV file.

    The whole feed is read first and written in one transaction: if it cannot be read, the
    directory is left as it was. A run that would remove more than OFFER_MAX_REMOVAL_PERCENT of
    the services is held (exit status 2) until confirmed. Only hosts in OFFER_ALLOWED_HOSTS are
    fetched.
    """
    from planner.cli import ensure_database
    from planner.directory.importer import import_source
    from planner.plans.service import get_or_create_council

    ensure_database()
    council = get_or_create_council(code)
    result = import_source(source, council, allow_removals=confirm_removals)
    click.echo(f"{council.name} ({council.code}): {result.summary()}")
    if result.status == "held":
        raise SystemExit(2)
    if result.status != "succeeded":
        raise SystemExit(1)


@offer_cli.command("status")
@click.option("--council", "code", default=None, help="Council code (default: the configured one).")
@with_appcontext
def status_command(code: str | None) -> None:
    """The council's directory as JSON: services, active, stale and the last import."""
    from planner.cli import ensure_database
    from planner.councils.service import find
    from planner.directory.status import directory_status

    ensure_database()
    from flask import current_app

    council = find(code or current_app.config["DEFAULT_COUNCIL"])
    if council is None:
        raise click.ClickException(f"--council: no council with the code {code}")
    click.echo(json.dumps(directory_status(council), indent=2))
