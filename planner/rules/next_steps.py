"""What to do first: plan/v1 `next_steps`, shown before everything else in every rendering.

A parent should be able to act on the plan in two minutes (issue 19), so the plan opens with at
most five short steps, each with the date it is due, drawn from the milestones that fall in the next
12 months or are still listed after their date (a council duty that is late, or the window of a
claim such as `pip_claim`). When nothing is due, the plan gives the one most useful thing to do.

Step text is short, imperative and free of dates: renderers format `date` for the reader's locale.
"""

from __future__ import annotations

from datetime import date

from planner.rules import calendar as cal
from planner.rules.i18n import N_
from planner.rules.milestones import RULES
from planner.rules.types import Answers, Localizer, Milestone, NextStep

MAX_STEPS = 5
HORIZON_MONTHS = 12

_RULES = {rule.id: rule for rule in RULES}

# When nothing is due: at school without an EHC plan, the SENCO every school must have is the
# first person to talk to (CFA 2014 s.67); otherwise the impartial advice service every council
# must provide (CFA 2014 s.32).
TALK_TO_SENCO = N_("Talk to the special educational needs coordinator at school or college")
CONTACT_ADVICE = N_("Contact your local information, advice and support service for free advice")


def build_next_steps(
    milestones: tuple[Milestone, ...],
    answers: Answers,
    today: date,
    year_group: int | None,
    loc: Localizer,
    *,
    speak_to_young_person: bool = False,
) -> tuple[NextStep, ...]:
    """One to five next steps, in date order, for the plan's milestones on `today`.

    A milestone counts when its date is no more than 12 months after `today` (listed milestones
    dated before today are late duties or open windows, and come first). Several milestones with
    the same step (two phase transfers, say) give one step, at the earliest date. With nothing due,
    one undated step: talk to the SENCO for a pupil without an EHC plan, else contact the SEND
    information, advice and support service.
    """
    horizon = cal.add_months(today, HORIZON_MONTHS)
    steps: list[NextStep] = []
    seen: set[str] = set()
    for m in sorted(milestones, key=lambda m: (m.date, m.id)):
        rule = _RULES.get(m.id)
        if rule is None or m.date > horizon:
            continue
        msgid = rule.step_yp if speak_to_young_person and rule.step_yp else rule.step
        if m.late and rule.late_step:
            msgid = rule.late_step  # the council is late: the step is to write to it
        if msgid in seen:
            continue
        seen.add(msgid)
        steps.append(NextStep(text=loc.gettext(msgid), date=m.date, milestone_id=m.id))
        if len(steps) == MAX_STEPS:
            break
    if steps:
        return tuple(steps)
    at_school = year_group is not None and year_group >= 0
    fallback = TALK_TO_SENCO if at_school and not answers.has_ehc_plan else CONTACT_ADVICE
    return (NextStep(text=loc.gettext(fallback)),)
