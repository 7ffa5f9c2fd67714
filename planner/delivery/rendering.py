"""What each channel renders: the plan PDF (from the PDF engineer's renderer and cache when they
are installed) and the letter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.delivery.letter import render_letter
from planner.i18n import BabelLocalizer
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.plans import timeline


def plan_pdf(record: PlanRecord, language: str, variant: str) -> bytes:
    """The plan as a PDF, from planner.plans.render when it is available; otherwise the letter
    layout's body, so delivery works while the renderer is being built."""
    plan = plans.plan_for(record, language=language)
    render_plan_pdf: Callable[..., bytes] | None
    try:
        from planner.plans.render import render_plan_pdf
    except ImportError:
        render_plan_pdf = None
    if render_plan_pdf is not None:
        answers = plans.load_answers(record)
        return render_plan_pdf(plan, record.council, answers, variant=variant)
    pdf, _summary = _letter(record, plan.to_dict(), language, variant, [], "")
    return pdf


def next_steps(record: PlanRecord, language: str) -> tuple[timeline.ShownStep, ...]:
    """The plan's next steps with their dates in `language`, for a message's opening lines."""
    plan = plans.plan_for(record, language=language)
    return timeline.shown_steps(plan.next_steps, plan.generated_on, BabelLocalizer(language))


def letter_pdf(
    record: PlanRecord,
    language: str,
    variant: str,
    address_lines: list[str],
    link: str,
    not_me: str = "",
) -> tuple[bytes, bool]:
    """The precompiled letter, and whether it is the summary letter. `not_me` is the recipient's
    "I did not ask for this" link (planner.delivery.recipients)."""
    plan = plans.plan_for(record, language=language)
    return _letter(record, plan.to_dict(), language, variant, address_lines, link, not_me)


def _letter(
    record: PlanRecord,
    plan: dict[str, Any],
    language: str,
    variant: str,
    address_lines: list[str],
    link: str,
    not_me: str = "",
) -> tuple[bytes, bool]:
    return render_letter(
        plan=plan,
        council=record.council,
        address_lines=address_lines,
        language=language,
        variant=variant,
        link=link,
        reference=record.reference,
        today=plans.today_in_london(),
        not_me=not_me,
    )
