"""The letter a family can send for a late council duty, as text, a web page and a PDF.

The words come from planner.rules.ehc_letter; this module adds the council from its settings and
renders. The letter goes to the council's special educational needs team at the council's own
address (its letters' return address), so it reaches the team that owes the duty.
"""

from __future__ import annotations

from datetime import date

from flask import render_template

from planner.i18n import BabelLocalizer, text_direction
from planner.models import Council
from planner.rules.ehc_letter import DutyLetter, build_letter
from planner.rules.types import Answers, Plan


def letter_for(
    answers: Answers, plan: Plan, council: Council, milestone_id: str, today: date
) -> DutyLetter:
    """The letter for `milestone_id` in the plan's language; raises LetterError when there is
    none (not a council duty, not in the plan, or not late)."""
    return build_letter(
        answers,
        plan.milestones,
        milestone_id,
        today,
        BabelLocalizer(plan.language),
        council_name=council.name,
        council_address=tuple(council.return_address or ()),
    )


def letter_html(letter: DutyLetter) -> str:
    """A complete printable document: the PDF's source."""
    return render_template(
        "ehc/letter_print.html", letter=letter, direction=text_direction(letter.language)
    )


def letter_pdf(letter: DutyLetter) -> bytes:
    """The letter as tagged PDF/UA-1 (one page, bounded text: no imported content)."""
    from planner.pdf.render import html_to_pdf

    return html_to_pdf(letter_html(letter), "standard")
