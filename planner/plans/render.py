"""A plan as print HTML and as an accessible PDF (standard or large print), in the plan's language.

`planner plan build --format html|pdf`, the render task and the plan page's "Download PDF" all
come here. The HTML is made for WeasyPrint: one document with <html lang dir> and <title> (both
needed for PDF/UA), a cover with the contents, the key dates as a real table, then the sections.
Strings go through Flask-Babel, rendered inside `force_locale(plan.language)`; dates through the
Babel localizer, so the whole document speaks one language.
"""

from __future__ import annotations

import re
from typing import Any

from babel import Locale
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from planner.i18n import BabelLocalizer, text_direction
from planner.models import Council
from planner.pdf import fonts
from planner.pdf.render import html_to_pdf
from planner.plans import timeline
from planner.rules.types import VARIANTS, Answers, Plan

TEMPLATE = "pdf/plan.html"

# CLDR's default digits for a locale -> the CSS counter style that draws them, so page numbers
# use the same digits as the dates Babel writes (Bengali digits in a Bengali plan).
_COUNTER_STYLES = {"beng": "bengali", "guru": "gurmukhi", "arab": "arabic-indic"}


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = []
    for ch in text:
        if ch in '"\\' or ch in "<>&" or ord(ch) < 0x20:
            # A CSS escape is the code point in hex and a space; "<" escaped keeps "</style>" out.
            escaped.append(f"\\{ord(ch):x} ")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def counter_style(language: str) -> str:
    system = Locale.parse("en_GB" if language == "en" else language).default_numbering_system
    return _COUNTER_STYLES.get(system, "decimal")


def _counter_content(message: str, counters: dict[str, str]) -> str:
    """CSS `content` for a translated message whose placeholders are CSS counters."""
    parts = []
    for piece in re.split(r"(%\(\w+\)s)", message):
        name = piece[2:-2] if piece.startswith("%(") else None
        if name in counters:
            parts.append(counters[name])
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def page_number_content(language: str) -> str:
    """CSS `content` for "Page N of M" in the current locale, from one translatable message."""
    style = counter_style(language)
    return _counter_content(
        _("Page %(n)s of %(m)s"),
        {"n": f"counter(page, {style})", "m": f"counter(pages, {style})"},
    )


def page_reference_content(counter: str) -> str:
    """CSS `content` for a contents entry's "page N": `counter` is the CSS that gives N."""
    return _counter_content(_("page %(n)s"), {"n": counter})


def display_url(url: str) -> str:
    """A web address as printed: without the scheme, which nobody types."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def council_contacts(council: Council) -> list[str]:
    """The council's name and ways to reach it, in the order printed."""
    website = display_url(council.website) if council.website else None
    return [
        str(value)
        for value in (council.name, council.contact_phone, council.contact_email, website)
        if value
    ]


def footer_text(council: Council) -> str:
    """The footer line. Each contact is a left-to-right isolate (U+2066 ... U+2069): inside a
    right-to-left page an address like "https://..." would otherwise be reordered by the bidi
    algorithm into "//:https"."""
    return "  ·  ".join(f"\u2066{c}\u2069" for c in council_contacts(council))


def plan_title(answers: Answers | None) -> str:
    name = (answers.name or "").strip() if answers is not None else ""
    if name:
        return str(_("Transition plan for %(name)s", name=name))  # flask_babel: no types
    return str(_("Your transition plan"))


def _context(plan: Plan, council: Council, answers: Answers | None, variant: str) -> dict[str, Any]:
    language = plan.language
    loc = BabelLocalizer(language)
    digits = counter_style(language)
    sections = []
    for section in plan.sections:
        sections.append(
            {
                "id": section.id,
                "title": section.title,
                "items": [i for i in section.items if i.kind != "service"],
                "services": [i.service for i in section.items if i.service is not None],
            }
        )
    return {
        "plan": plan,
        "council": council,
        "variant": variant,
        "language": language,
        # English is British English (en-GB); others are their bare code, as the catalogues are.
        "lang_tag": "en-GB" if language == "en" else language,
        "direction": text_direction(language),
        "title": plan_title(answers),
        "generated_on": loc.format_date(plan.generated_on),
        "milestones": [(loc.format_date(m.date), m) for m in plan.milestones],
        "next_steps": timeline.shown_steps(plan.next_steps, plan.generated_on, loc),
        "timeline": timeline.group_dates(plan.milestones, plan.generated_on, plan.young_person.age),
        "stage_titles": timeline.STAGE_TITLES,
        "school_year": timeline.school_year_of(plan.generated_on),
        "format_date": loc.format_date,
        "sections": sections,
        "display_url": display_url,
        "css": {
            "font_stack": fonts.font_stack(language),
            "page_number": page_number_content(language),
            "footer": css_string(footer_text(council)),
            # Where a contents entry's section starts: found by WeasyPrint from the link, or
            # given by planner.pdf.split as the counter `page-ref` when it already knows.
            "page_ref": page_reference_content(f"target-counter(attr(href), page, {digits})"),
            "page_ref_known": page_reference_content(f"counter(page-ref, {digits})"),
        },
    }


def render_plan_html(
    plan: Plan, council: Council, answers: Answers | None, variant: str = "standard"
) -> str:
    """The print HTML of `plan` in its own language (needs a Flask app context)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    with force_locale(plan.language):
        return render_template(TEMPLATE, **_context(plan, council, answers, variant))


def render_plan_pdf(
    plan: Plan, council: Council, answers: Answers | None, variant: str = "standard"
) -> bytes:
    """The tagged PDF/UA-1 of `plan` (needs a Flask app context)."""
    return html_to_pdf(render_plan_html(plan, council, answers, variant), variant)
