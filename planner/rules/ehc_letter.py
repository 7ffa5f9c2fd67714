"""The letter a family can send when the council is late with an EHC duty (DOMAIN.md, "Late").

Written by this project in plain English, in the family's language, filled in with their dates,
the duty and its reference, and asking for a reply within 10 working days. Pure: the caller passes
the council's name and address and the plan's date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.rules import calendar as cal
from planner.rules.ehc_milestones import EHC_RULES
from planner.rules.i18n import N_
from planner.rules.milestone_rule import Facts, effective_cohort
from planner.rules.types import Answers, Localizer, Milestone

REPLY_WORKING_DAYS = 10

# What happened and what the law requires, for each council duty, in the family's own voice.
_FACTS: dict[str, str] = {
    "ehcna_decision": N_(
        "An education, health and care (EHC) needs assessment was asked for on %(start)s. The "
        "council had to decide by %(date)s whether to carry one out (%(refs)s). I have not had "
        "a decision."
    ),
    "ehcna_no_plan_notice": N_(
        "The council agreed to carry out an education, health and care (EHC) needs assessment. "
        "It was asked for on %(start)s. By %(date)s the council had to tell me if it would not "
        "make an EHC plan (%(refs)s). I have not had a decision or a draft plan."
    ),
    "ehcna_final_plan": N_(
        "An education, health and care (EHC) needs assessment was asked for on %(start)s. The "
        "final EHC plan had to be sent by %(date)s, 20 weeks later (%(refs)s). I do not have it."
    ),
    "annual_review_due": N_(
        "The education, health and care (EHC) plan was last reviewed, or made, on %(start)s. "
        "The law says it must be reviewed within 12 months, so by %(date)s (%(refs)s). There "
        "has been no review meeting."
    ),
    "review_report_due": N_(
        "The annual review meeting of the education, health and care (EHC) plan was on "
        "%(start)s. Its report had to be sent by %(date)s (%(refs)s). I have not had it."
    ),
    "review_decision_due": N_(
        "The annual review meeting of the education, health and care (EHC) plan was on "
        "%(start)s. The council had to tell me by %(date)s if it will keep, change or stop the "
        "plan (%(refs)s). I have not had its decision."
    ),
    "amended_plan_due": N_(
        "After the annual review on %(start)s, the council decided to change the education, "
        "health and care (EHC) plan. The amended plan had to be sent by %(date)s (%(refs)s). I "
        "do not have it."
    ),
}
_ASK = N_(
    "Please reply in writing within 10 working days, by %(reply_by)s. Tell me what is happening "
    "and when you will do this."
)
_NEXT = N_(
    "If I do not hear from you by then, I will make a formal complaint to the council. I may "
    "also ask the Local Government and Social Care Ombudsman to look into it, and get legal "
    "advice."
)


class LetterError(ValueError):
    """There is no letter for this milestone: it is not in the plan, or the council is not late."""


@dataclass(frozen=True)
class DutyLetter:
    """A letter ready to print or copy: every line already in the family's language."""

    milestone_id: str
    language: str
    date_line: str
    to_lines: tuple[str, ...]
    subject: str
    about: str
    salutation: str
    paragraphs: tuple[str, ...]
    sign_off: str
    signature_lines: tuple[str, ...]
    reply_by: date

    def text(self) -> str:
        """The letter as plain text, for copying into an email or printing."""
        blocks = [
            "\n".join(self.to_lines),
            self.date_line,
            self.subject,
            self.about,
            self.salutation,
            *self.paragraphs,
            "\n".join((self.sign_off, *self.signature_lines)),
        ]
        return "\n\n".join(b for b in blocks if b) + "\n"


def letter_milestones() -> tuple[str, ...]:
    """The milestone ids a letter can be written for: the council duties of the EHC process."""
    return tuple(_FACTS)


def build_letter(
    answers: Answers,
    milestones: Sequence[Milestone],
    milestone_id: str,
    today: date,
    loc: Localizer,
    *,
    council_name: str,
    council_address: Sequence[str] = (),
) -> DutyLetter:
    """The letter for the late council duty `milestone_id` of this plan.

    Raises LetterError, saying why, when the milestone is not one a letter is written for, is not
    in this plan, or is not late.
    """
    if milestone_id not in _FACTS:
        raise LetterError(
            f"There is no letter for {milestone_id!r}: letters are for council duties in the EHC "
            f"process ({', '.join(_FACTS)})."
        )
    found = {m.id: m for m in milestones}.get(milestone_id)
    if found is None:
        raise LetterError(f"{milestone_id!r} is not in this plan.")
    if not found.late:
        raise LetterError(
            f"{milestone_id!r} is not late: the council has until {found.date.isoformat()}."
        )
    rule = next(r for r in EHC_RULES if r.id == milestone_id)
    facts = Facts(answers=answers, today=today, school_cohort=effective_cohort(answers, today))
    start = rule.start(facts)
    reply_by = cal.add_working_days(today, REPLY_WORKING_DAYS)
    args = {
        "date": loc.format_date(found.date),
        "start": loc.format_date(start) if start is not None else "",
        # Isolated, so Latin references read in their own order inside right-to-left text.
        "refs": "\u2068" + "; ".join(found.refs) + "\u2069",
        "reply_by": loc.format_date(reply_by),
        "council": council_name,
        "dob": loc.format_date(answers.date_of_birth),
        "name": answers.name or "",
    }
    about = (
        N_("About: %(name)s, date of birth %(dob)s")
        if answers.name
        else N_("About: the child or young person born on %(dob)s")
    )
    return DutyLetter(
        milestone_id=milestone_id,
        language=loc.language,
        date_line=loc.format_date(today),
        # The council's letters' return address is its SEND team's; without one, name the team.
        to_lines=tuple(council_address)
        or (loc.gettext(N_("Special educational needs team")), council_name),
        subject=loc.gettext(N_("Formal request: %(title)s")) % {"title": found.title},
        about=loc.gettext(about) % args,
        salutation=loc.gettext(N_("Dear special educational needs team,")),
        paragraphs=tuple(loc.gettext(p) % args for p in (_FACTS[milestone_id], _ASK, _NEXT)),
        sign_off=loc.gettext(N_("Yours faithfully,")),
        signature_lines=(
            loc.gettext(N_("Your name:")),
            loc.gettext(N_("Your address:")),
        ),
        reply_by=reply_by,
    )
