"""`planner offer import SOURCE [--council CODE]`: load a Local Offer feed into the directory."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("offer")
def offer_cli() -> None:
    """The Local Offer directory."""


@offer_cli.command("import")
@click.argument("source")
@click.option("--council", "code", default=None, help="Council code (default: the configured one).")
@with_appcontext
def import_command(source: str, code: str | None) -> None:
    """Import SOURCE: an Open Referral UK base URL (v1 or v3), an ORUK JSON file or a CSV file.

    The whole feed is read first and written in one transaction: if it cannot be read, the
    directory is left as it was. Only loopback hosts and those in OFFER_ALLOWED_HOSTS are fetched.
    """
    from planner.cli import ensure_database
    from planner.directory.importer import import_source
    from planner.plans.service import get_or_create_council

    ensure_database()
    council = get_or_create_council(code)
    result = import_source(source, council)
    click.echo(f"{council.name} ({council.code}): {result.summary()}")
    if result.status != "succeeded":
        raise SystemExit(1)
