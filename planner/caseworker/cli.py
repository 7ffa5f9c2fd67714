"""`planner users create --email E --role R --council CODE`: add a staff account.

The password is read from stdin as one line when stdin is not a terminal (scripts, CI), and
asked for twice, hidden, when it is. It is never taken as an option, so it never lands in shell
history or the process list.
"""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from planner.caseworker.models import ROLES


@click.group("users")
def users_cli() -> None:
    """Caseworker and admin accounts."""


@users_cli.command("create")
@click.option("--email", required=True, help="The staff member's email address (their sign-in).")
@click.option("--role", type=click.Choice(ROLES), default="caseworker", show_default=True)
@click.option("--council", "council_code", default=None, help="Council code (default: configured).")
@with_appcontext
def create_command(email: str, role: str, council_code: str | None) -> None:
    """Create a staff account scoped to one council."""
    from planner.caseworker import auth
    from planner.cli import ensure_database
    from planner.plans import service

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("No password given on stdin.")
    ensure_database()
    council = service.get_or_create_council(council_code)
    try:
        user = auth.create_user(email, password, role, council.id)
    except ValueError as exc:  # PasswordTooShort is a ValueError too
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.role} account {user.id} for council {council.code}.")
