"""Precompiled letters for GOV.UK Notify: the council's return address and the date in their
column, the family's address in the window, then the plan in their language and format.

The letter opens with the plan's next steps, then the dates grouped as on the web and in the PDF
(this school year, next school year, later ones as a short list by stage), then the sections.
A letter that would run past Notify's 10 pages is laid out again more tightly (still the whole
plan, large print still 16 pt); only if even that is too long does the family get the one-page
summary letter with the link and the council's phone number, so Notify never refuses it.
tests/pdf/test_page_limits.py checks that no family reaches that last step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from flask import current_app
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from planner.config import ROOT
from planner.i18n import BabelLocalizer, catalogue, text_direction
from planner.models import Council
from planner.pdf.render import render_lock
from planner.plans import timeline
from planner.rules.types import NextStep

MAX_PAGES = 10  # Notify's letter specification
LETTER_DIR = ROOT / "templates" / "letter"


@dataclass(frozen=True)
class LetterMilestone:
    """A plan/v1 milestone as the letter prints it, with its date written out."""

    id: str
    date: date
    date_text: str
    title: str
    summary: str
    action: str
    refs: tuple[str, ...]
    late: bool = False  # a council duty past its date (plan/v1 `late`)


def _plan_context(plan: dict[str, Any], localizer: BabelLocalizer) -> dict[str, Any]:
    """The plan dict with each milestone's date written out for the letter's language, the
    dates grouped by when they matter and the next steps that open the letter."""
    milestones = [
        LetterMilestone(
            id=m["id"],
            date=date.fromisoformat(m["date"]),
            date_text=localizer.format_date(date.fromisoformat(m["date"])),
            title=m["title"],
            summary=m.get("summary", ""),
            action=m.get("action", ""),
            refs=tuple(m.get("refs", ())),
            late=bool(m.get("late")),
        )
        for m in plan.get("milestones", [])
    ]
    if not plan:
        return {"milestones": [], "next_steps": (), "timeline": None}
    today = date.fromisoformat(plan["generated_on"])
    steps = [
        NextStep(
            s["text"],
            date.fromisoformat(s["date"]) if s.get("date") else None,
            s.get("milestone_id"),
        )
        for s in plan.get("next_steps", [])
    ]
    return {
        **plan,
        "milestones": milestones,
        "next_steps": timeline.shown_steps(steps, today, localizer),
        "timeline": timeline.group_dates(milestones, today, plan["young_person"]["age"]),
        "school_year": timeline.school_year_of(today),
    }


@lru_cache(maxsize=1)
def _style() -> tuple[FontConfiguration, CSS]:
    """The letter stylesheet and its fonts, parsed once per worker process (a batch renders
    thousands of letters)."""
    config = FontConfiguration()
    return config, CSS(filename=str(LETTER_DIR / "letter.css"), font_config=config)


def _layout(context: dict[str, Any]) -> Document:
    """The letter laid out; writing it is a separate step, skipped for a plan too long to post."""
    template = current_app.jinja_env.get_template("letter/letter.html")
    html = template.render(**context)
    config, css = _style()
    return HTML(string=html, base_url=str(LETTER_DIR) + "/").render(
        stylesheets=[css], font_config=config
    )


def _write(document: Document) -> bytes:
    pdf: bytes | None = document.write_pdf()  # weasyprint ships no types
    assert pdf is not None
    return pdf


def _letter_context(
    council: Council,
    address_lines: list[str],
    language: str,
    variant: str,
    reference: str,
    today: date,
) -> dict[str, Any]:
    """What every letter's first page needs: the council's zone, the window and the date."""
    return {
        "_": catalogue(language).gettext,
        "language": language,
        "direction": text_direction(language),
        "variant": variant,
        "council": council,
        "address_lines": address_lines,
        "letter_date": BabelLocalizer(language).format_date(today),
        "reference": reference,
        "link": "",
        "plan": {},
        "summary": False,
        "compact": False,
        "stage_titles": timeline.STAGE_TITLES,
        "not_me": "",
    }


def render_letter(
    *,
    plan: dict[str, Any],
    council: Council,
    address_lines: list[str],
    language: str,
    variant: str,
    link: str,
    reference: str,
    today: date,
    not_me: str = "",
) -> tuple[bytes, bool]:
    """The letter PDF and whether it had to be the summary letter. `not_me`: the recipient's
    "I did not ask for this" link, printed after the plan."""
    context = _letter_context(council, address_lines, language, variant, reference, today)
    context.update(link=link, plan=_plan_context(plan, BabelLocalizer(language)), not_me=not_me)
    with render_lock:
        document = _layout(context)
        if len(document.pages) > MAX_PAGES:
            document = _layout({**context, "compact": True})
        if len(document.pages) <= MAX_PAGES:
            return _write(document), False
        return _write(_layout({**context, "summary": True})), True


def render_reminder_letter(
    *,
    council: Council,
    address_lines: list[str],
    language: str,
    variant: str,
    subject: str,
    paragraphs: tuple[str, ...],
    reference: str,
    today: date,
) -> bytes:
    """A one-page reminder letter in the same layout: return address, window, then the message."""
    context = _letter_context(council, address_lines, language, variant, reference, today)
    context["reminder"] = {"subject": subject, "paragraphs": paragraphs}
    with render_lock:
        return _write(_layout(context))
