"""`planner content register`: every milestone and plan item, when it shows, its text and its law.

Built from the same tables the rules run (planner/rules/milestones.py and sections.py): each
condition carries its own words (`planner.rules.conditions.Cond`), so "when it shows" is read
from the code, never kept as a second list. The text is the catalogue's, in the language asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from planner.rules import next_steps
from planner.rules.milestones import RULES
from planner.rules.sections import ALWAYS_SHOWN, SECTIONS
from planner.rules.types import Localizer

# How the placeholders read in the register: the plan fills them with dates.
_PLACEHOLDERS = {"%(start)s": "[start date]", "%(date)s": "[date]"}
CSV_COLUMNS = ("kind", "id", "section", "when", "text", "text_young_person", "refs")


@dataclass(frozen=True)
class Row:
    """One line of the register."""

    kind: str  # milestone | right | action | info | next_step
    id: str
    section: str
    when: str
    text: str
    text_young_person: str
    refs: tuple[str, ...]


def _show(loc: Localizer, msgid: str | None) -> str:
    if not msgid:
        return ""
    text = loc.gettext(msgid)
    for placeholder, words in _PLACEHOLDERS.items():
        text = text.replace(placeholder, words)
    return text


def rows(loc: Localizer) -> Iterator[Row]:
    """Every milestone (with its next step), every section item, and the fallback next steps."""
    for rule in RULES:
        parts = [_show(loc, rule.title), _show(loc, rule.summary), _show(loc, rule.action)]
        yp = [
            _show(loc, rule.title_yp),
            _show(loc, rule.summary_yp),
            _show(loc, rule.action_yp),
        ]
        when = f"{rule.applies.text}; date: {rule.date_text}"
        if rule.listed_days_after:
            when += f"; listed until {rule.listed_days_after} days after the date"
        yield Row(
            "milestone",
            rule.id,
            "",
            when,
            " / ".join(parts),
            " / ".join(p for p in yp if p),
            rule.refs,
        )
        yield Row(
            "next_step",
            rule.id,
            "",
            f"the {rule.id} milestone is due within 12 months",
            _show(loc, rule.step),
            _show(loc, rule.step_yp),
            rule.refs,
        )
    for section in SECTIONS:
        chosen = (
            "always, whatever topics the family chose"
            if section.id in ALWAYS_SHOWN
            else "the family chose this topic (or no topics)"
        )
        for item in section.items:
            when = " and ".join(
                t for t in (chosen, section.applies.text, item.when.text) if t != "always"
            )
            if item.milestones:
                when += "; only while the plan has " + " or ".join(item.milestones)
            yield Row(
                item.kind,
                f"{section.id}.{item.id}",
                section.id,
                when,
                _show(loc, item.text),
                _show(loc, item.you),
                item.refs,
            )
    yield Row(
        "next_step",
        "next_steps.talk_to_senco",
        "",
        "nothing is due within 12 months, at school (Reception to Year 13) without an EHC plan",
        _show(loc, next_steps.TALK_TO_SENCO),
        "",
        ("CFA 2014 s.67",),
    )
    yield Row(
        "next_step",
        "next_steps.contact_advice",
        "",
        "nothing is due within 12 months, otherwise",
        _show(loc, next_steps.CONTACT_ADVICE),
        "",
        ("CFA 2014 s.32",),
    )


def to_csv(register: list[Row]) -> str:
    """The register as CSV (UTF-8; refs separated by "; ")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in register:
        writer.writerow(
            (
                row.kind,
                row.id,
                row.section,
                row.when,
                row.text,
                row.text_young_person,
                "; ".join(row.refs),
            )
        )
    return out.getvalue()


def to_html(register: list[Row], language: str, today: date) -> str:
    """The register as a standalone HTML page (no scripts, no outside files), in `language`."""
    from flask import render_template
    from flask_babel import force_locale

    from planner.rules.types import RTL_LANGUAGES

    with force_locale(language):
        return render_template(
            "content/register.html",
            rows=register,
            language=language,
            direction="rtl" if language in RTL_LANGUAGES else "ltr",
            today=today,
            sections={s.id: s.title for s in SECTIONS},
        )
