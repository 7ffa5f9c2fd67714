"""`planner reminders dispatch [--now ISO-DATETIME]`: one pass of the dispatcher by hand."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from planner.reminders.timing import parse_now


@click.group("reminders")
def reminders_cli() -> None:
    """Reminders ahead of the dates in families' plans."""


@reminders_cli.command("dispatch")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Run as if it were this time (ISO 8601). With no offset it is UK time (Europe/London). "
    "It decides what is due and whether texts must wait for the morning.",
)
@with_appcontext
def dispatch_command(now_text: str | None) -> None:
    """Send every reminder due now (or at --now), once."""
    from planner.reminders.dispatch import dispatch

    now = None
    if now_text:
        try:
            now = parse_now(now_text)
        except ValueError:
            raise click.BadParameter("use an ISO 8601 date and time", param_hint="--now") from None
    click.echo(str(dispatch(now)))
