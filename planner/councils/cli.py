"""`planner council create CODE --name NAME [--host HOST ...]`, `planner council update CODE` and
`planner council show CODE`: the councils one service runs for (docs/councils.md)."""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext

from planner.models import LOCAL_OFFER_LINKS


def _links(values: tuple[str, ...]) -> dict[str, str] | None:
    if not values:
        return None
    links: dict[str, str] = {}
    for value in values:
        key, sep, url = value.partition("=")
        if not sep:
            raise click.BadParameter(f"give KEY=URL, not {value!r}", param_hint="--link")
        links[key.strip()] = url.strip()
    return links


def _settings_options(command: Any) -> Any:
    """The options `create` and `update` share; each left out means "leave as it is"."""
    options = [
        click.option("--host", "hosts", multiple=True, help="A host name it is served on."),
        click.option("--contact-email", default=None),
        click.option("--contact-phone", default=None),
        click.option("--website", default=None, help="The council's Local Offer home page."),
        click.option(
            "--return-address", multiple=True, help="One line of the letters' return address."
        ),
        click.option("--languages", default=None, help='Language codes, e.g. "en pl ur".'),
        click.option("--feed-url", default=None, help="Its Open Referral UK feed."),
        click.option("--nightly-import/--no-nightly-import", default=None),
        click.option(
            "--link",
            "links",
            multiple=True,
            help=f"KEY=URL (empty URL removes it); KEY is one of {', '.join(LOCAL_OFFER_LINKS)}.",
        ),
        click.option("--email-reply-to-id", default=None, help="Notify's reply-to address id."),
        click.option("--notify-email-template-id", default=None),
        click.option("--notify-sms-template-id", default=None),
        click.option("--notify-letter-template-id", default=None),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _fields(kwargs: dict[str, Any]) -> dict[str, Any]:
    fields = dict(kwargs)
    fields["links"] = _links(fields.pop("links"))
    fields["return_address"] = list(fields["return_address"]) or None
    languages = fields.pop("languages")
    fields["languages"] = languages.split() if languages is not None else None
    return fields


@click.group("council")
def council_cli() -> None:
    """Councils and the host names each is served on."""


@council_cli.command("create")
@click.argument("code")
@click.option("--name", required=True, help="The council's name as families see it.")
@_settings_options
@with_appcontext
def create_command(code: str, name: str, hosts: tuple[str, ...], **kwargs: Any) -> None:
    """Create council CODE, served on each --host (requests for other hosts go to the default
    council)."""
    from planner.cli import ensure_database
    from planner.councils.service import CouncilError, create_council, describe

    ensure_database()
    try:
        council = create_council(code, name, hosts, **_fields(kwargs))
    except CouncilError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(describe(council), indent=2))


@council_cli.command("update")
@click.argument("code")
@click.option("--name", default=None)
@click.option("--remove-host", "remove_hosts", multiple=True, help="A host name to stop serving.")
@_settings_options
@with_appcontext
def update_command(
    code: str,
    name: str | None,
    hosts: tuple[str, ...],
    remove_hosts: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Change council CODE: add (--host) or remove (--remove-host) host names, or settings."""
    from planner.cli import ensure_database
    from planner.councils.service import CouncilError, describe, update_council

    ensure_database()
    try:
        council = update_council(
            code, add_hosts=hosts, remove_hosts=remove_hosts, name=name, **_fields(kwargs)
        )
    except CouncilError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(describe(council), indent=2))


@council_cli.command("show")
@click.argument("code")
@with_appcontext
def show_command(code: str) -> None:
    """Council CODE's settings and hosts, as JSON."""
    from planner.cli import ensure_database
    from planner.councils.service import describe, find

    ensure_database()
    council = find(code)
    if council is None:
        raise click.ClickException(f"code: no council with the code {code}")
    click.echo(json.dumps(describe(council), indent=2))
