"""The `planner` command: Flask's CLI with the app built by create_app(), plus our commands.

`planner db upgrade` comes from Flask-Migrate; the rest are registered by `register_commands`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from planner import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def cli() -> None:
    """SEND transition planner: manage the database, the Local Offer directory and plans."""


def ensure_database() -> None:
    """Create or migrate the embedded SQLite database when a command needs it (DESIGN.md)."""
    from flask_migrate import upgrade
    from sqlalchemy import inspect

    from planner.extensions import db

    if "council" not in inspect(db.engine).get_table_names():
        upgrade(directory=current_app.extensions["migrate"].directory)


def _read_answers(source: str) -> Any:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise click.ClickException(f"The answers are not valid JSON: {exc}") from None


@click.group("plan")
def plan_cli() -> None:
    """Build plans without a server."""


@plan_cli.command("build")
@click.option("--answers", "source", required=True, help="An answers/v1 JSON file, or - for stdin.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="The plan's date (YYYY-MM-DD).")
@click.option("--lang", default=None, help="Language code (default: the answers' language).")
@click.option("--format", "fmt", type=click.Choice(["json", "html", "pdf"]), default="json")
@click.option("--variant", type=click.Choice(["standard", "large-print"]), default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@with_appcontext
def build_command(
    source: str,
    today: Any,
    lang: str | None,
    fmt: str,
    variant: str | None,
    output: str | None,
) -> None:
    """Build a plan from answers with the local rules and directory; no network is used."""
    from planner.plans import service
    from planner.rules.answers import AnswersError, parse_answers
    from planner.rules.types import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        raise click.BadParameter(f"must be one of: {', '.join(LANGUAGES)}", param_hint="--lang")
    day: date = today.date() if today else service.today_in_london()
    try:
        answers = parse_answers(_read_answers(source), day)
    except AnswersError as exc:
        lines = "\n".join(f"  {field or 'answers'}: {msg}" for field, msg in exc.errors.items())
        raise click.ClickException(f"The answers need fixing:\n{lines}") from None
    ensure_database()
    council = service.get_or_create_council()
    plan = service.build(answers, council, language=lang, today=day)
    variant = variant or answers.variant
    data: bytes
    if fmt == "json":
        data = (json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    else:
        from planner.plans.render import render_plan_html, render_plan_pdf

        if fmt == "html":
            data = render_plan_html(plan, council, answers, variant=variant).encode()
        else:
            data = render_plan_pdf(plan, council, answers, variant=variant)
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@plan_cli.command("letter")
@click.option("--answers", "source", required=True, help="An answers/v1 JSON file, or - for stdin.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="The plan's date (YYYY-MM-DD).")
@click.option("--milestone", "milestone_id", required=True, help="The late council duty's id.")
@click.option("--lang", default=None, help="Language code (default: the answers' language).")
@click.option("--format", "fmt", type=click.Choice(["text", "pdf"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@with_appcontext
def letter_command(
    source: str,
    today: Any,
    milestone_id: str,
    lang: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """The letter a family can send when the council is late with an EHC duty."""
    from planner.ehc.letters import letter_for, letter_pdf
    from planner.plans import service
    from planner.rules.ehc_letter import LetterError

    day, answers = _answers_for(source, today, lang)
    ensure_database()
    council = service.get_or_create_council()
    plan = service.build(answers, council, language=lang, today=day)
    try:
        letter = letter_for(answers, plan, council, milestone_id, day)
    except LetterError as exc:
        raise click.ClickException(str(exc)) from None
    data = letter_pdf(letter) if fmt == "pdf" else letter.text().encode()
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


def _answers_for(source: str, today: Any, lang: str | None) -> tuple[date, Any]:
    """The plan's date and the validated answers, or a click error naming what to fix."""
    from planner.plans import service
    from planner.rules.answers import AnswersError, parse_answers
    from planner.rules.types import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        raise click.BadParameter(f"must be one of: {', '.join(LANGUAGES)}", param_hint="--lang")
    day: date = today.date() if today else service.today_in_london()
    try:
        return day, parse_answers(_read_answers(source), day)
    except AnswersError as exc:
        lines = "\n".join(f"  {field or 'answers'}: {msg}" for field, msg in exc.errors.items())
        raise click.ClickException(f"The answers need fixing:\n{lines}") from None


@click.group("content")
def content_cli() -> None:
    """The plan's content, for review."""


@content_cli.command("register")
@click.option("--lang", default="en", help="Language code for the text (default: en).")
@click.option("--format", "fmt", type=click.Choice(["html", "csv"]), default="html")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@with_appcontext
def register_command(lang: str, fmt: str, output: str | None) -> None:
    """Every milestone and item: its id, when it shows, its text and its references."""
    from planner.content import register
    from planner.i18n import BabelLocalizer
    from planner.plans import service
    from planner.rules.types import LANGUAGES

    if lang not in LANGUAGES:
        raise click.BadParameter(f"must be one of: {', '.join(LANGUAGES)}", param_hint="--lang")
    rows = list(register.rows(BabelLocalizer(lang)))
    if fmt == "csv":
        text = register.to_csv(rows)
    else:
        text = register.to_html(rows, lang, service.today_in_london())
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@click.group("demo")
def demo_cli() -> None:
    """The fictional demo council."""


@demo_cli.command("seed")
@with_appcontext
def seed_command() -> None:
    """Create the fictional "Exampleshire" council and load its Local Offer directory."""
    from planner.demo import seed

    ensure_database()
    summary = seed()
    click.echo(summary)


@click.group("keys")
def keys_cli() -> None:
    """Encryption keys for personal data (PLANNER_DATA_KEYS)."""


@keys_cli.command("rotate")
@with_appcontext
def rotate_command() -> None:
    """Re-encrypt all personal data under the first key in PLANNER_DATA_KEYS.

    Put the new key first, keep the old one after it, run this, then remove the old key."""
    from planner.crypto import rotate_all

    for table, count in rotate_all().items():
        click.echo(f"{table}: {count} values re-encrypted")


def register_commands(app: Flask) -> None:
    """Attach our command groups to the app's CLI."""
    from planner.caseworker.cli import users_cli
    from planner.councils.cli import council_cli
    from planner.directory.cli import offer_cli
    from planner.reminders.cli import reminders_cli

    for group in (
        plan_cli,
        content_cli,
        demo_cli,
        offer_cli,
        reminders_cli,
        users_cli,
        keys_cli,
        council_cli,
    ):
        app.cli.add_command(group)


if __name__ == "__main__":  # `python -m planner.cli` is the same as the `planner` script
    cli()
