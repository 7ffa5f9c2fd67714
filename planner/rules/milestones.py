"""The dated milestones of a plan (plan/v1 `milestones`), one small rule each.

Each rule says when it applies, how its date is worked out and which law sets it. The date is the
**last day** on which the duty is met (DOMAIN.md). Ids are part of the plan/v1 contract: never
rename one. Text is English source, marked with `N_` and translated when the plan is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from planner.rules import calendar as cal
from planner.rules.conditions import Cond, all_of
from planner.rules.ehc import is_late
from planner.rules.ehc_milestones import EHC_RULES, LATE_ACTION, LATE_ACTION_AGAIN
from planner.rules.i18n import N_
from planner.rules.milestone_rule import Facts, MilestoneRule, effective_cohort
from planner.rules.params import in_force, periods
from planner.rules.types import Answers, LeadTimes, Localizer, Milestone, MilestoneKind

# --- Conditions -----------------------------------------------------------------------------------

HAS_PLAN: Cond[Facts] = Cond(lambda f: f.answers.has_ehc_plan, "has an EHC plan")
NO_PLAN: Cond[Facts] = Cond(lambda f: not f.answers.has_ehc_plan, "has no EHC plan")
RECEIVES_DLA: Cond[Facts] = Cond(lambda f: f.answers.receives_dla, "gets DLA")


def school_type(*types: str) -> Cond[Facts]:
    """The `school_type` answer is one of `types` ("primary" also covers no answer)."""

    def test(f: Facts) -> bool:
        return (f.answers.school_type or "primary") in types

    return Cond(test, "school is " + " or ".join(types))


def from_school_year(first: int) -> Cond[Facts]:
    """In school year `first` or later on the plan's date."""
    return Cond(lambda f: f.school_year >= first, f"from Year {first}")


THREE_TIER = school_type("first", "middle")
TWO_TIER = school_type("primary", "infant")

# In the three-tier areas the `school_type` answer stands for, first schools run to Year 4, middle
# schools Years 5 to 8 and high (upper) schools from Year 9.
_JUNIOR_YEAR = 3
_MIDDLE_YEAR = 5
_HIGH_YEAR = 9

# --- Date rules -----------------------------------------------------------------------------------


def _year7_careers(f: Facts) -> date | None:
    # The duty to give careers guidance starts in Year 7 only for school years from 1 September 2022
    # (Education (Careers Guidance in Schools) Act 2022); before that it started in Year 8.
    start = f.year_start(7)
    from_year7 = [p.effective_from for p in periods("careers.first_year_group") if p.value == 7]
    return start if from_year7 and start >= min(from_year7) else None


_in_force = in_force


def _phase_transfer(f: Facts, year_group: int, month: int, param: str) -> date | None:
    # SEND Regs 2014 reg 18(1): the plan must be amended *before* the day in the parameter, so the
    # last day the duty is met is the day before.
    year = f.year_start(year_group).year
    day = _in_force(param, date(year, 1, 1))
    return None if day is None else date(year, month, day) - timedelta(days=1)


def _other_transfer(year_group: int) -> Callable[[Facts], date | None]:
    """Any phase transfer other than to post-16: "before 15 February" of the year of the move."""
    return lambda f: _phase_transfer(f, year_group, 2, "phase_transfer.other_day_of_february")


def _plan_end(f: Facts) -> date | None:
    # CFA 2014 s.46: a plan can be kept to the end of the academic year in which the young person
    # turns 25. SEND Regs 2014 reg 46(1)(a): that year ends on 31 July (the 1 August - 31 July year
    # holding the 25th birthday); for an apprentice (reg 46(1)(b)) the day before the 26th birthday.
    max_age = _in_force("ehc.plan_max_age", cal.birthday(f.dob, 25))
    if max_age is None:
        return None
    if f.answers.setting == "apprenticeship":
        return cal.birthday(f.dob, max_age + 1) - timedelta(days=1)
    turns = cal.birthday(f.dob, max_age)
    return date(turns.year + 1 if turns.month >= 8 else turns.year, 7, 31)


def _post16_transport(f: Facts) -> date | None:
    # EA 1996 s.509AB: the statement for the coming school year is published by 31 May of Year 11.
    year = f.year_start(11).year + 1
    day = _in_force("transport.post16_statement_day_of_may", date(year, 1, 1))
    return None if day is None else date(year, 5, day)


def _school_move_application(f: Facts) -> date | None:
    # Junior and middle school places are applied for like primary places: 15 January of the year
    # of entry (School Admissions Regs 2012 sch 2 para 2).
    move = _JUNIOR_YEAR if f.answers.school_type == "infant" else _MIDDLE_YEAR
    return date(f.year_start(move).year, 1, 15)


def _secondary_application(f: Facts) -> date | None:
    # 31 October of the school year before the move: Year 6, or Year 8 where high school starts in
    # Year 9 (School Admissions Regs 2012 sch 2 para 1).
    move = _HIGH_YEAR if THREE_TIER(f) else 7
    return date(f.year_start(move - 1).year, 10, 31)


_GENERAL_RULES: tuple[MilestoneRule, ...] = (
    MilestoneRule(
        id="csa_start",
        step=N_("Check there is a full-time school place"),
        kind="age",
        refs=("EA 1996 s.8",),
        title=N_("Compulsory school age starts"),
        summary=N_(
            "From this date your child must get a full-time education. Most children start "
            "school in Reception, before this."
        ),
        action=N_(
            "If your child has no school place yet, ask the council's school admissions team."
        ),
        when=lambda f: cal.compulsory_school_age_start(f.dob),
        date_text="the first 31 December, 31 March or 31 August on or after the 5th birthday",
    ),
    MilestoneRule(
        id="reception_application",
        step=N_("Apply for a Reception school place"),
        kind="family_action",
        refs=("School Admissions Regs 2012 sch 2", "School Admissions Code 2021"),
        title=N_("Apply for a Reception place"),
        summary=N_("Apply to your own council, even for a school in another area."),
        action=N_("Visit schools, then apply on the council's website."),
        applies=NO_PLAN,
        when=lambda f: date(f.year_start(0).year, 1, 15),
        date_text="15 January of the calendar year in which Reception starts",
    ),
    MilestoneRule(
        id="phase_ey_school",
        step=N_("Tell the council which school you want"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("The council must name a school for Reception"),
        summary=N_(
            "The council must review the education, health and care (EHC) plan and name a school."
        ),
        action=N_("Visit schools now. Tell the council which school you want."),
        applies=HAS_PLAN,
        when=_other_transfer(0),
        date_text="14 February of the calendar year in which Reception starts (before 15 February)",
    ),
    MilestoneRule(
        id="junior_middle_application",
        step=N_("Apply for a junior or middle school place"),
        kind="family_action",
        refs=("School Admissions Regs 2012 sch 2", "School Admissions Code 2021"),
        title=N_("Apply for a junior or middle school place"),
        summary=N_(
            "Your child will change school. Apply to your own council, as for a primary school."
        ),
        action=N_("Visit schools, then apply on the council's website."),
        applies=all_of(NO_PLAN, school_type("infant", "first")),
        when=_school_move_application,
        date_text="15 January of the calendar year of the move to junior school (Year 3) or "
        "middle school (Year 5)",
    ),
    MilestoneRule(
        id="phase_infant_junior",
        step=N_("Tell the council which school you want"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 2", "SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("The council must name a junior school"),
        summary=N_(
            "The move from infant to junior school is a phase transfer. The council must review "
            "the education, health and care (EHC) plan and name the new school."
        ),
        action=N_("Visit schools. Say which school you want at the annual review."),
        applies=all_of(HAS_PLAN, school_type("infant")),
        when=_other_transfer(_JUNIOR_YEAR),
        date_text="14 February of the calendar year in which Year 3 starts (before 15 February)",
    ),
    MilestoneRule(
        id="phase_first_middle",
        step=N_("Tell the council which school you want"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 2", "SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("The council must name a middle school"),
        summary=N_(
            "The move from first to middle school is a phase transfer. The council must review "
            "the education, health and care (EHC) plan and name the new school."
        ),
        action=N_("Visit schools. Say which school you want at the annual review."),
        applies=all_of(HAS_PLAN, school_type("first")),
        when=_other_transfer(_MIDDLE_YEAR),
        date_text="14 February of the calendar year in which Year 5 starts (before 15 February)",
    ),
    MilestoneRule(
        id="secondary_application",
        step=N_("Apply for a secondary school place"),
        kind="family_action",
        refs=("School Admissions Regs 2012 sch 2", "School Admissions Code 2021"),
        title=N_("Apply for a secondary school place"),
        summary=N_("Apply to your own council, even for a school in another area."),
        action=N_("Go to open days, then apply on the council's website."),
        applies=NO_PLAN,
        when=_secondary_application,
        date_text="31 October in Year 6 (in Year 8 when the school is a first or middle school)",
    ),
    MilestoneRule(
        id="phase_primary_secondary",
        step=N_("Tell the council which school you want"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("The council must name a secondary school"),
        summary=N_(
            "The council must review the education, health and care (EHC) plan and name the "
            "secondary school."
        ),
        action=N_(
            "Visit schools in Year 5 and Year 6. Say which school you want at the annual review."
        ),
        applies=all_of(HAS_PLAN, TWO_TIER),
        when=_other_transfer(7),
        date_text="14 February of the calendar year in which Year 7 starts (before 15 February)",
    ),
    MilestoneRule(
        id="year7_careers",
        step=N_("Ask the school who leads on careers"),
        kind="age",
        refs=("EA 1997 s.42A", "Education (Careers Guidance in Schools) Act 2022"),
        title=N_("Careers advice starts in Year 7"),
        summary=N_(
            "From Year 7, the school must give free careers advice from someone outside the school."
        ),
        action=N_("Ask the school who leads on careers."),
        when=_year7_careers,
        date_text="1 September at the start of Year 7 (school years from 1 September 2022)",
    ),
    MilestoneRule(
        id="year8_careers",
        step=N_("Ask the school about meeting colleges and employers"),
        kind="age",
        refs=("CoP 4.53", "EA 1997 s.42B"),
        title=N_("Meeting colleges and employers"),
        summary=N_("From Year 8, the school must let colleges and training providers meet pupils."),
        action=N_("Ask the school which colleges and employers pupils will meet this year."),
        when=lambda f: f.year_start(8),
        date_text="1 September at the start of Year 8",
    ),
    MilestoneRule(
        id="phase_middle_high",
        step=N_("Tell the council which school you want"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 2", "SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("The council must name a high school"),
        summary=N_(
            "The move from middle to high school is a phase transfer. The council must review "
            "the education, health and care (EHC) plan and name the new school."
        ),
        action=N_("Visit schools. Say which school you want at the annual review."),
        applies=all_of(HAS_PLAN, THREE_TIER),
        when=_other_transfer(_HIGH_YEAR),
        date_text="14 February of the calendar year in which Year 9 starts (before 15 February)",
    ),
    MilestoneRule(
        id="year9_pfa_review",
        step=N_("Get ready for the Year 9 review"),
        kind="age",
        refs=("SEND Regs 2014 reg 20(6)", "SEND Regs 2014 reg 21(6)", "CoP 8.10"),
        title=N_("Reviews now plan for adult life"),
        summary=N_(
            "From Year 9, each review of the education, health and care (EHC) plan must cover "
            "adult life: work, a home, friends and health."
        ),
        action=N_("Before the review, talk with your child about what they want."),
        action_yp=N_("Before the review, think about what you want in the future."),
        applies=HAS_PLAN,
        when=lambda f: f.year_start(9),
        date_text="1 September at the start of Year 9",
    ),
    MilestoneRule(
        id="health_transition_planning",
        step=N_("Ask the health team about adult health care"),
        kind="age",
        refs=("NICE NG43", "CoP 4.40"),
        title=N_("Plan the move to adult health care"),
        summary=N_("From about Year 9, health teams should plan the move to adult services."),
        action=N_("Ask each doctor or nurse who will plan the move, and when."),
        when=lambda f: f.year_start(9),
        date_text="1 September at the start of Year 9",
    ),
    MilestoneRule(
        id="continuing_care_14",
        step=N_("Ask the health team about NHS continuing care"),
        kind="age",
        refs=("National Framework for Children and Young People's Continuing Care 2016",),
        title=N_("Check NHS continuing care at 14"),
        summary=N_(
            "If your child has very complex health needs, their health team should tell the "
            "local NHS at 14."
        ),
        summary_yp=N_(
            "If you have very complex health needs, your health team should tell the local NHS "
            "at 14."
        ),
        action=N_("Ask the health team if this applies."),
        when=lambda f: cal.birthday(f.dob, 14),
        date_text="the 14th birthday",
    ),
    MilestoneRule(
        id="phase_post16",
        step=N_("Tell the council which school or college you want"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 18(1)(a)", "CoP 9.180"),
        title=N_("The council must name the place after Year 11"),
        summary=N_(
            "The council must review the education, health and care (EHC) plan and name the place "
            "for after Year 11."
        ),
        action=N_("Visit colleges and sixth forms. Say which one you want at the annual review."),
        applies=HAS_PLAN,
        when=lambda f: _phase_transfer(f, 12, 3, "phase_transfer.post16_day_of_march"),
        date_text="30 March of the calendar year in which Year 12 starts (before 31 March)",
    ),
    MilestoneRule(
        id="post16_transport_statement",
        step=N_("Read the council's statement on travel after 16"),
        kind="age",
        refs=("EA 1996 s.509AA",),
        title=N_("Help with travel after 16"),
        summary=N_(
            "The council must publish how it helps students aged 16 to 18 get to school or college."
        ),
        action=N_("Read it on the council's website. Apply for help early."),
        applies=from_school_year(9),
        when=_post16_transport,
        date_text="31 May in Year 11",
    ),
    MilestoneRule(
        id="september_guarantee",
        step=N_("Check for an offer of a place after Year 11"),
        kind="age",
        refs=(
            "Education and Skills Act 2008 s.2",
            "Education and Skills Act 2008 s.68",
            "EA 1996 s.15ZA",
        ),
        title=N_("An offer of a place after Year 11"),
        summary=N_(
            "Your child must stay in education or training until 18. They should get an offer "
            "of a place by this date."
        ),
        summary_yp=N_(
            "You must stay in education or training until 18. You should get an offer of a "
            "place by this date."
        ),
        action=N_("If there is no offer, contact the council's careers team."),
        when=lambda f: date(f.year_start(12).year, 9, 30),
        date_text="30 September at the start of Year 12",
    ),
    MilestoneRule(
        id="csa_end",
        step=N_("Talk with your child about making their own choices"),
        step_yp=N_("Choose who will help you make choices"),
        kind="age",
        refs=("EA 1996 s.8", "Education (School Leaving Date) Order 1997", "CFA 2014 s.83(2)"),
        title=N_("The end of compulsory school age"),
        summary=N_(
            "After this date, your child is a young person in law. They can make their own "
            "choices about their support, if they are able to."
        ),
        summary_yp=N_("After this date, you can make your own choices about your support."),
        action=N_("Talk with your child about who they want to help them."),
        action_yp=N_("Choose who you want to help you make choices."),
        when=lambda f: cal.compulsory_school_age_end(f.dob),
        date_text="the last Friday in June of the school year in which the child turns 16",
    ),
    MilestoneRule(
        id="pip_claim",
        step=N_("Claim Personal Independence Payment"),
        kind="family_action",
        refs=("Welfare Reform Act 2012 s.77", "PIP (Transitional Provisions) Regs 2013"),
        title=N_("Claim Personal Independence Payment"),
        summary=N_(
            "At 16, Disability Living Allowance (DLA) moves to Personal Independence Payment "
            "(PIP). A letter comes after the 16th birthday. Claim by the date in it and DLA "
            "carries on until the decision. Miss it and DLA stops."
        ),
        action=N_("If your child cannot manage the claim, ask to be their appointee."),
        action_yp=N_("You can ask someone you trust to help you claim."),
        applies=RECEIVES_DLA,
        when=lambda f: cal.birthday(f.dob, 16),
        date_text="the 16th birthday; listed for 8 weeks after it (the claim window)",
        listed_days_after=56,
    ),
    MilestoneRule(
        id="child_benefit_16",
        step=N_("Tell the Child Benefit Office about plans after 16"),
        kind="age",
        refs=("SSCBA 1992 s.142", "Child Benefit (General) Regs 2006 reg 3"),
        title=N_("Child Benefit after 16"),
        summary=N_(
            "Child Benefit stops after this date, unless the young person stays in approved "
            "education or training."
        ),
        action=N_("Tell the Child Benefit Office what your child will do after 16."),
        action_yp=N_("Tell your parent or carer what you will do after 16."),
        when=lambda f: cal.first_august_31_on_or_after(cal.birthday(f.dob, 16)),
        date_text="the first 31 August on or after the 16th birthday",
    ),
    MilestoneRule(
        id="adult_care_assessment",
        step=N_("Ask for a transition assessment"),
        kind="age",
        refs=("Care Act 2014 s.58", "Care Act 2014 s.59"),
        title=N_("Ask for a transition assessment"),
        summary=N_(
            "If care will be needed after 18, the council should assess this by this date. Ask "
            "as early as it would help."
        ),
        action=N_("Ask the council's adult social care team."),
        when=lambda f: cal.birthday(f.dob, 18) - timedelta(days=1),
        date_text="the day before the 18th birthday; reminders from the 17th birthday",
        first_reminder=lambda f: cal.birthday(f.dob, 17),
    ),
    MilestoneRule(
        id="age18_adult_services",
        step=N_("Check that adult services are ready"),
        kind="age",
        refs=("Care Act 2014 s.58", "NICE NG43"),
        title=N_("Moving to adult services at 18"),
        summary=N_("Social care and health care usually move to adult services at 18."),
        action=N_("Check that adult services know your child and have a plan."),
        action_yp=N_("Check that adult services know you and have a plan."),
        when=lambda f: cal.birthday(f.dob, 18),
        date_text="the 18th birthday",
    ),
    MilestoneRule(
        id="plan_end_25",
        step=N_("Plan the support for after the plan ends"),
        kind="age",
        refs=("CFA 2014 s.46", "SEND Regs 2014 reg 46"),
        title=N_("The latest the plan can last"),
        summary=N_(
            "The council can keep an education, health and care (EHC) plan up to this date. It "
            "may end sooner, for example at university."
        ),
        action=N_("Use annual reviews to plan the support for after the plan."),
        applies=HAS_PLAN,
        when=_plan_end,
        date_text="31 July of the 1 August to 31 July year holding the 25th birthday; for an "
        "apprentice, the day before the 26th birthday",
    ),
)
# The EHC process lives in its own table (planner/rules/ehc_milestones.py).
RULES: tuple[MilestoneRule, ...] = (*_GENERAL_RULES, *EHC_RULES)

DEFAULT_LEAD_TIMES = LeadTimes()

# Reminders are made only for dates within the next two years (issue 19): nobody is messaged now
# about age 16, and the nightly job (planner.reminders.service.extend_horizon) adds each later
# reminder as its date comes within two years.
REMINDER_HORIZON_MONTHS = 24


def reminder_horizon(today: date) -> date:
    """The last day on which a reminder is made from a plan built on `today`."""
    return cal.add_months(today, REMINDER_HORIZON_MONTHS)


MILESTONE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES)


def reminder_dates(
    when: date,
    kind: MilestoneKind,
    today: date,
    lead_times: LeadTimes = DEFAULT_LEAD_TIMES,
    extra: tuple[date, ...] = (),
    horizon: date | None = None,
) -> tuple[date, ...]:
    """Reminder dates for a milestone of `kind` on `when` (plus any `extra` ones), oldest first.

    DOMAIN.md: reminder dates already past when the plan is made are dropped; today is kept. With
    `horizon`, dates after it are left for later (see `REMINDER_HORIZON_MONTHS`).
    """
    leads: tuple[int, ...] = getattr(lead_times, kind)
    dates = {when - timedelta(days=lead) for lead in leads} | set(extra)
    return tuple(sorted(d for d in dates if d >= today and (horizon is None or d <= horizon)))


def build_milestones(
    answers: Answers,
    today: date,
    loc: Localizer,
    lead_times: LeadTimes = DEFAULT_LEAD_TIMES,
    *,
    speak_to_young_person: bool = False,
    horizon: date | None = None,
) -> tuple[Milestone, ...]:
    """Every milestone that applies to `answers` and is still listed on `today`.

    A milestone is listed while its date is today or later, or for `listed_days_after` days after
    it (`pip_claim`); a council duty whose date has passed stays for 26 weeks, marked late
    (DOMAIN.md, "The EHC process"). Sorted by (date, id). Text is translated through `loc`; with
    `speak_to_young_person` the young person's own wording is used where there is one. Reminder
    dates run to `horizon` (default: two years from `today`, `reminder_horizon`).
    """
    horizon = horizon if horizon is not None else reminder_horizon(today)
    facts = Facts(answers=answers, today=today, school_cohort=effective_cohort(answers, today))
    out: list[Milestone] = []
    for rule in RULES:
        if not rule.applies(facts):
            continue
        when = rule.when(facts)
        if when is None:
            continue
        late = when < today and rule.late_summary is not None and is_late(when, today)
        if not late and when + timedelta(days=rule.listed_days_after) < today:
            continue
        start = rule.start(facts)
        args = {"start": loc.format_date(start) if start is not None else ""}
        title, summary, action = rule.title, rule.summary, rule.action
        if late:
            title, summary = rule.late_title or title, rule.late_summary or summary
            action = LATE_ACTION
        elif speak_to_young_person:
            title = rule.title_yp or title
            summary = rule.summary_yp or summary
            action = rule.action_yp or action
        first = rule.first_reminder(facts) if rule.first_reminder is not None else None
        out.append(
            Milestone(
                id=rule.id,
                date=when,
                title=_fill(loc.gettext(title), args),
                summary=_fill(loc.gettext(summary), args),
                action=_fill(loc.gettext(action), args),
                refs=rule.refs,
                reminders=reminder_dates(
                    when, rule.kind, today, lead_times, () if first is None else (first,), horizon
                ),
                kind=rule.kind,
                late=late,
            )
        )
    ordered = sorted(out, key=lambda m: (m.date, m.id))
    # Several late duties: the full advice once, on the oldest; the others point back to it.
    late_at = [i for i, m in enumerate(ordered) if m.late]
    for i in late_at[1:]:
        ordered[i] = replace(ordered[i], action=loc.gettext(LATE_ACTION_AGAIN))
    return tuple(ordered)


def _fill(text: str, args: dict[str, str]) -> str:
    # Only strings with a placeholder go through %-formatting, so a translator's literal "%" in
    # any other string can never break a plan.
    return text % args if "%(" in text else text
