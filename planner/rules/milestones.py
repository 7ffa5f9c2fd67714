"""The dated milestones of a plan (plan/v1 `milestones`), one small rule each.

Each rule says when it applies, how its date is worked out and which law sets it. The date is the
**last day** on which the duty is met (DOMAIN.md). Ids are part of the plan/v1 contract: never
rename one. Text is English source, marked with `N_` and translated when the plan is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from planner.rules import calendar as cal
from planner.rules.i18n import N_
from planner.rules.params import int_at, periods
from planner.rules.types import Answers, LeadTimes, Localizer, Milestone, MilestoneKind


@dataclass(frozen=True)
class Facts:
    """What the date rules read: the answers, the plan's date and the cohorts to count from."""

    answers: Answers
    today: date
    # Year-based milestones follow the year the child is taught in: a `year_group` answer shifts the
    # cohort so that it matches on `today`. Age-based milestones use the date of birth alone.
    school_cohort: int

    @property
    def dob(self) -> date:
        return self.answers.date_of_birth

    def year_start(self, year_group: int) -> date:
        """1 September at the start of `year_group` for the class the child is taught in."""
        return cal.year_start(self.school_cohort, year_group)


def effective_cohort(answers: Answers, today: date) -> int:
    """The cohort for year-based milestones: the `year_group` answer overrides the date of birth."""
    if answers.year_group is not None:
        return cal.cohort_for_year_group(answers.year_group, today)
    return cal.cohort(answers.date_of_birth)


@dataclass(frozen=True)
class MilestoneRule:
    """One milestone: its id, reminder kind, legal references, English text and date rule.

    `when` returns the milestone's date, or None when it does not apply to these answers. Text may
    use `%(date)s` (the milestone date) and `%(start)s` (the date the clock started from).
    """

    id: str
    kind: MilestoneKind
    refs: tuple[str, ...]
    title: str
    summary: str
    action: str
    when: Callable[[Facts], date | None]
    start: Callable[[Facts], date | None] = lambda f: None
    # Used instead when a young person aged 16 or over answered for themselves (DOMAIN.md).
    title_yp: str | None = None
    summary_yp: str | None = None
    action_yp: str | None = None


# --- Date rules -----------------------------------------------------------------------------------


def _ehc(f: Facts) -> bool:
    return f.answers.has_ehc_plan


def _not_ehc(f: Facts) -> bool:
    return not f.answers.has_ehc_plan


def _year7_careers(f: Facts) -> date | None:
    # The duty to give careers guidance starts in Year 7 only for school years from 1 September 2022
    # (Education (Careers Guidance in Schools) Act 2022); before that it started in Year 8.
    start = f.year_start(7)
    from_year7 = [p.effective_from for p in periods("careers.first_year_group") if p.value == 7]
    return start if from_year7 and start >= min(from_year7) else None


def _in_force(name: str, on: date) -> int | None:
    """The parameter on `on`, or None when `on` is before the law that sets it existed.

    A date before the first period means the duty did not exist yet (for example a phase transfer
    before the SEND reforms of September 2014), so the milestone does not apply. Any other gap
    still raises: we never guess a value.
    """
    if on < periods(name)[0].effective_from:
        return None
    return int_at(name, on)


def _phase_transfer(f: Facts, year_group: int, month: int, param: str) -> date | None:
    # SEND Regs 2014 reg 18(1): the plan must be amended *before* the day in the parameter, so the
    # last day the duty is met is the day before.
    if not f.answers.has_ehc_plan:
        return None
    year = f.year_start(year_group).year
    day = _in_force(param, date(year, 1, 1))
    return None if day is None else date(year, month, day) - timedelta(days=1)


def _after(clock: str, unit: str) -> Callable[[Facts, date | None], date | None]:
    """A statutory clock of `clock` parameter units running from a date the family gave us."""

    def run(f: Facts, start: date | None) -> date | None:
        # Before Part 3 of CFA 2014 (1 September 2014) these clocks did not exist: the old
        # statement system had different ones, so there is no date rather than a guessed one.
        if start is None:
            return None
        amount = _in_force(clock, start)
        if amount is None:
            return None
        if unit == "months":
            return cal.add_months(start, amount)
        if unit == "weeks":
            return start + timedelta(weeks=amount)
        return start + timedelta(days=amount)

    return run


def _last_review(f: Facts) -> date | None:
    return f.answers.ehc.last_review_date


def _requested(f: Facts) -> date | None:
    return f.answers.ehc.assessment_requested_on


def _draft(f: Facts) -> date | None:
    return f.answers.ehc.draft_served_on


def _decision(f: Facts) -> date | None:
    return f.answers.ehc.decision_sent_on


_review_clock = _after("ehc.review_interval_months", "months")
_decision_clock = _after("ehc.assessment_decision_weeks", "weeks")
_final_plan_clock = _after("ehc.final_plan_weeks", "weeks")
_draft_clock = _after("ehc.draft_response_days", "days")
_mediation_clock = _after("disagreement.mediation_adviser_months", "months")
_appeal_clock = _after("disagreement.appeal_window_months", "months")


def _appeal_deadline(f: Facts) -> date | None:
    nominal = _appeal_clock(f, _decision(f))
    # HESC Rules 2008 r.20(1)(c) and r.12: Christmas, August and non-working days extend the limit.
    return None if nominal is None else cal.tribunal_deadline(nominal)


def _plan_end(f: Facts) -> date | None:
    if not f.answers.has_ehc_plan:
        return None
    # CFA 2014 s.46: a plan can be kept while the young person is 25 but not once they turn 26,
    # so the last day is the day before the 26th birthday. Read the law in force in their 25th year.
    max_age = _in_force("ehc.plan_max_age", cal.birthday(f.dob, 25))
    return None if max_age is None else cal.birthday(f.dob, max_age + 1) - timedelta(days=1)


def _post16_transport(f: Facts) -> date | None:
    # EA 1996 s.509AB: the statement for the coming school year is published by 31 May of Year 11.
    year = f.year_start(11).year + 1
    day = _in_force("transport.post16_statement_day_of_may", date(year, 1, 1))
    return None if day is None else date(year, 5, day)


RULES: tuple[MilestoneRule, ...] = (
    MilestoneRule(
        id="csa_start",
        kind="age",
        refs=("EA 1996 s.8",),
        title=N_("Your child must be in education from now"),
        summary=N_(
            "Your child reaches compulsory school age on %(date)s. From then they must get a "
            "full-time education, at school or in another way. Most children start school in "
            "Reception, before this date."
        ),
        action=N_(
            "If your child has not started school yet, talk to your council's school admissions "
            "team about a place."
        ),
        when=lambda f: cal.compulsory_school_age_start(f.dob),
    ),
    MilestoneRule(
        id="reception_application",
        kind="family_action",
        refs=("School Admissions Regs 2012 sch 2", "School Admissions Code 2021"),
        title=N_("Apply for a Reception school place"),
        summary=N_(
            "The last day to apply for a Reception school place for your child is %(date)s. You "
            "apply to your own council, even for a school in another area."
        ),
        action=N_("Visit schools, then apply on your council's website by %(date)s."),
        when=lambda f: date(f.year_start(0).year, 1, 15) if _not_ehc(f) else None,
    ),
    MilestoneRule(
        id="phase_ey_school",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("Your child's school must be named in their EHC plan"),
        summary=N_(
            "Your child has an education, health and care (EHC) plan. Before they start in "
            "Reception, the council must update the plan and name their school by %(date)s. You "
            "do not apply for a place in the usual way."
        ),
        action=N_(
            "Visit schools now. Tell the council which school you want, and ask for a review of "
            "the plan if one is not planned."
        ),
        when=lambda f: _phase_transfer(f, 0, 2, "phase_transfer.other_day_of_february"),
    ),
    MilestoneRule(
        id="secondary_application",
        kind="family_action",
        refs=("School Admissions Regs 2012 sch 2", "School Admissions Code 2021"),
        title=N_("Apply for a secondary school place"),
        summary=N_(
            "The last day to apply for a secondary school place for your child is %(date)s, in "
            "Year 6. You apply to your own council."
        ),
        action=N_("Go to school open days, then apply on your council's website by %(date)s."),
        when=lambda f: date(f.year_start(6).year, 10, 31) if _not_ehc(f) else None,
    ),
    MilestoneRule(
        id="phase_primary_secondary",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 18(1)(b)", "CoP 9.179"),
        title=N_("Secondary school must be named in the EHC plan"),
        summary=N_(
            "Your child has an education, health and care (EHC) plan. Before they move to "
            "secondary school, the council must review the plan and name their school by "
            "%(date)s."
        ),
        action=N_(
            "Visit secondary schools in Year 5 and early in Year 6. Say which school you want at "
            "your child's annual review."
        ),
        when=lambda f: _phase_transfer(f, 7, 2, "phase_transfer.other_day_of_february"),
    ),
    MilestoneRule(
        id="year7_careers",
        kind="age",
        refs=("EA 1997 s.42A", "Education (Careers Guidance in Schools) Act 2022"),
        title=N_("Careers advice starts in Year 7"),
        summary=N_(
            "Your child starts Year 7 on %(date)s. From Year 7 their school must give them "
            "independent careers guidance. This helps them think about jobs and learning after "
            "school."
        ),
        action=N_(
            "Ask the school who leads on careers, and how they help children with special "
            "educational needs."
        ),
        when=_year7_careers,
    ),
    MilestoneRule(
        id="year8_careers",
        kind="age",
        refs=("CoP 4.53", "EA 1997 s.42A"),
        title=N_("Careers support in Year 8"),
        summary=N_(
            "Your child starts Year 8 on %(date)s. They should get careers support at school. In "
            "Years 8 and 9 they should meet colleges, training providers and employers."
        ),
        action=N_("Ask the school which colleges and employers your child will meet this year."),
        when=lambda f: f.year_start(8),
    ),
    MilestoneRule(
        id="year9_pfa_review",
        kind="age",
        refs=("SEND Regs 2014 reg 20(6)", "SEND Regs 2014 reg 21(6)", "CoP 8.10"),
        title=N_("Reviews now plan for adult life"),
        summary=N_(
            "Your child starts Year 9 on %(date)s. From now, every review of their education, "
            "health and care (EHC) plan must cover getting ready for adult life: work, where to "
            "live, friends and health."
        ),
        action=N_(
            "Before the Year 9 review, talk with your child about what they want in the future. "
            "Ask for a careers adviser to come to the review."
        ),
        when=lambda f: f.year_start(9) if _ehc(f) else None,
    ),
    MilestoneRule(
        id="health_transition_planning",
        kind="age",
        refs=("NICE NG43", "CoP 4.40"),
        title=N_("Start planning the move to adult health care"),
        summary=N_(
            "Your child starts Year 9 on %(date)s. Their health services should start planning "
            "the move from children's to adult health care from about this age."
        ),
        action=N_(
            "Ask your child's doctors and nurses who will plan the move to adult health care, "
            "and when it will happen."
        ),
        when=lambda f: f.year_start(9),
    ),
    MilestoneRule(
        id="continuing_care_14",
        kind="age",
        refs=("National Framework for Children and Young People's Continuing Care 2016",),
        title=N_("Your child turns 14: check NHS continuing care"),
        summary=N_(
            "Your child turns 14 on %(date)s. If they have very complex health needs, their "
            "health team should tell the local NHS now. This gives time to check if they can get "
            "NHS continuing healthcare as an adult."
        ),
        action=N_(
            "If your child has complex health needs, ask their health team to tell the "
            "integrated care board (the local NHS) about them."
        ),
        when=lambda f: cal.birthday(f.dob, 14),
    ),
    MilestoneRule(
        id="phase_post16",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 18(1)(a)", "CoP 9.180"),
        title=N_("The place after Year 11 must be named in the EHC plan"),
        summary=N_(
            "Your child has an education, health and care (EHC) plan. Before they finish Year 11, "
            "the council must review the plan and name their school, college or other place for "
            "after Year 11 by %(date)s."
        ),
        action=N_(
            "Visit colleges and sixth forms in Year 10 and early in Year 11. Say which one your "
            "child wants at their annual review."
        ),
        when=lambda f: _phase_transfer(f, 12, 3, "phase_transfer.post16_day_of_march"),
        title_yp=N_("Your place after Year 11 must be named in your EHC plan"),
        summary_yp=N_(
            "You have an education, health and care (EHC) plan. Before you finish Year 11, the "
            "council must review your plan and name your school, college or other place for "
            "after Year 11 by %(date)s."
        ),
        action_yp=N_(
            "Visit colleges and sixth forms. Say which one you want at your annual review."
        ),
    ),
    MilestoneRule(
        id="post16_transport_statement",
        kind="age",
        refs=("EA 1996 s.509AA",),
        title=N_("Check help with transport after 16"),
        summary=N_(
            "By %(date)s your council must publish how it helps students aged 16 to 18 get to "
            "school or college. This includes help for students with special educational needs "
            "or disabilities."
        ),
        action=N_(
            "Read the statement on your council's website. Apply for transport help early, "
            "before the summer holidays."
        ),
        when=_post16_transport,
    ),
    MilestoneRule(
        id="september_guarantee",
        kind="age",
        refs=("EA 1996 s.15ZA", "Education and Skills Act 2008 s.2"),
        title=N_("A place in education or training after Year 11"),
        summary=N_(
            "Your child must stay in education or training until they are 18. They should be "
            "offered a suitable place for after Year 11 by %(date)s."
        ),
        action=N_(
            "If your child has no offer of a place, contact your council's careers or "
            "participation team."
        ),
        when=lambda f: date(f.year_start(12).year, 9, 30),
        title_yp=N_("Your place in education or training after Year 11"),
        summary_yp=N_(
            "You must stay in education or training until you are 18. You should be offered a "
            "suitable place for after Year 11 by %(date)s."
        ),
        action_yp=N_(
            "If you have no offer of a place, contact your council's careers or participation team."
        ),
    ),
    MilestoneRule(
        id="csa_end",
        kind="age",
        refs=("EA 1996 s.8", "Education (School Leaving Date) Order 1997", "CFA 2014 s.80"),
        title=N_("Your child reaches school leaving age"),
        summary=N_(
            "Your child's last day of compulsory school age is %(date)s. After this they are a "
            "young person in law. They can make their own decisions about their support, such as "
            "an education, health and care (EHC) plan, if they are able to."
        ),
        action=N_(
            "Talk with your child about the decisions they will make, and who they want to help "
            "them."
        ),
        when=lambda f: cal.compulsory_school_age_end(f.dob),
        title_yp=N_("You reach school leaving age"),
        summary_yp=N_(
            "Your last day of compulsory school age is %(date)s. After this you can make your "
            "own decisions about your support, such as an education, health and care (EHC) plan."
        ),
        action_yp=N_(
            "Decide who you want to help you make decisions. This could be a parent, carer or "
            "adviser."
        ),
    ),
    MilestoneRule(
        id="pip_claim",
        kind="family_action",
        refs=("Welfare Reform Act 2012 s.77", "PIP (Transitional Provisions) Regs 2013"),
        title=N_("Disability Living Allowance changes to PIP at 16"),
        summary=N_(
            "Your child turns 16 on %(date)s. Their Disability Living Allowance (DLA) will stop. "
            "The Department for Work and Pensions will write about claiming Personal Independence "
            "Payment (PIP). You must claim within 28 days of the letter, or DLA stops."
        ),
        action=N_(
            "Look out for the letter and claim within 28 days. If your child cannot manage their "
            "own claim, ask to become their appointee."
        ),
        when=lambda f: cal.birthday(f.dob, 16) if f.answers.receives_dla else None,
        summary_yp=N_(
            "You turn 16 on %(date)s. Your Disability Living Allowance (DLA) will stop. The "
            "Department for Work and Pensions will write to you about claiming Personal "
            "Independence Payment (PIP). You must claim within 28 days of the letter, or DLA "
            "stops."
        ),
        action_yp=N_(
            "Look out for the letter and claim within 28 days. You can ask someone you trust to "
            "help you."
        ),
    ),
    MilestoneRule(
        id="child_benefit_16",
        kind="age",
        refs=("SSCBA 1992 s.142", "Child Benefit (General) Regs 2006 reg 3"),
        title=N_("Child Benefit after 16"),
        summary=N_(
            "Child Benefit for your child stops after %(date)s, unless they stay in approved "
            "education or training. You must tell the Child Benefit Office if they are staying on."
        ),
        action=N_(
            "When the Child Benefit Office writes to you, tell them what your child will do "
            "after 16."
        ),
        when=lambda f: cal.first_august_31_on_or_after(cal.birthday(f.dob, 16)),
        summary_yp=N_(
            "Child Benefit paid for you stops after %(date)s, unless you stay in approved "
            "education or training. Your parent or carer must tell the Child Benefit Office."
        ),
        action_yp=N_("Tell your parent or carer what you will do after 16."),
    ),
    MilestoneRule(
        id="adult_care_assessment",
        kind="age",
        refs=("Care Act 2014 s.58",),
        title=N_("Ask for an adult social care assessment"),
        summary=N_(
            "Your child turns 17 on %(date)s. If they are likely to need care and support as an "
            "adult, the council should assess them before they turn 18. This is called a "
            "transition assessment."
        ),
        action=N_("Ask the council's adult social care team for a transition assessment."),
        when=lambda f: cal.birthday(f.dob, 17),
        summary_yp=N_(
            "You turn 17 on %(date)s. If you are likely to need care and support as an adult, "
            "the council should assess you before you turn 18. This is called a transition "
            "assessment."
        ),
    ),
    MilestoneRule(
        id="age18_adult_services",
        kind="age",
        refs=("Care Act 2014 s.58", "NICE NG43"),
        title=N_("Moving to adult services at 18"),
        summary=N_(
            "Your child turns 18 on %(date)s. Their care and health usually move to adult "
            "services. This includes adult social care, adult health care and adult mental "
            "health services."
        ),
        action=N_(
            "Check that adult services know your child and have a plan in place before they "
            "turn 18."
        ),
        when=lambda f: cal.birthday(f.dob, 18),
        summary_yp=N_(
            "You turn 18 on %(date)s. Your care and health usually move to adult services. This "
            "includes adult social care, adult health care and adult mental health services."
        ),
        action_yp=N_(
            "Check that adult services know you and have a plan in place before you turn 18."
        ),
    ),
    MilestoneRule(
        id="plan_end_25",
        kind="age",
        refs=("CFA 2014 s.46",),
        title=N_("The latest an EHC plan can last"),
        summary=N_(
            "An education, health and care (EHC) plan can last until the day before your child's "
            "26th birthday, %(date)s. It may end sooner, for example if they start university or "
            "no longer need it."
        ),
        action=N_("Use annual reviews to plan the support your child will have after the plan."),
        when=_plan_end,
        summary_yp=N_(
            "An education, health and care (EHC) plan can last until the day before your 26th "
            "birthday, %(date)s. It may end sooner, for example if you start university or no "
            "longer need it."
        ),
        action_yp=N_("Use annual reviews to plan the support you will have after the plan."),
    ),
    MilestoneRule(
        id="annual_review_due",
        kind="council_deadline",
        refs=("CFA 2014 s.44", "SEND Regs 2014 reg 20"),
        title=N_("The EHC plan must be reviewed"),
        summary=N_(
            "The council must review an education, health and care (EHC) plan at least every 12 "
            "months. The last review was on %(start)s, so the next one must be by %(date)s."
        ),
        action=N_(
            "You should get 2 weeks' notice of the review meeting. If you have not been invited, "
            "contact the school or the council."
        ),
        when=lambda f: _review_clock(f, _last_review(f)),
        start=_last_review,
    ),
    MilestoneRule(
        id="ehcna_decision",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 5", "CoP 9.14"),
        title=N_("The council must decide about an EHC needs assessment"),
        summary=N_(
            "An education, health and care (EHC) needs assessment was asked for on %(start)s. "
            "The council must say if it will carry one out by %(date)s."
        ),
        action=N_(
            "If you have not heard by %(date)s, contact the council's special educational needs "
            "team. If it says no, you can appeal."
        ),
        when=lambda f: _decision_clock(f, _requested(f)),
        start=_requested,
    ),
    MilestoneRule(
        id="ehcna_final_plan",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 13(2)", "CoP 9.40"),
        title=N_("The final EHC plan is due"),
        summary=N_(
            "If the council makes an education, health and care (EHC) plan, it must send the "
            "final plan by %(date)s. This is 20 weeks after the assessment was asked for on "
            "%(start)s."
        ),
        action=N_(
            "Keep a record of dates and letters. If the plan is late, contact the council and "
            "ask why."
        ),
        when=lambda f: _final_plan_clock(f, _requested(f)),
        start=_requested,
    ),
    MilestoneRule(
        id="draft_response",
        kind="family_action",
        refs=("SEND Regs 2014 reg 13(1)", "CFA 2014 s.38"),
        title=N_("Reply to the draft EHC plan"),
        summary=N_(
            "The draft education, health and care (EHC) plan was sent on %(start)s. You have "
            "until %(date)s to comment on it and to ask for a school or college to be named."
        ),
        action=N_(
            "Read the draft carefully. Send your comments, and the school or college you want, "
            "by %(date)s."
        ),
        when=lambda f: _draft_clock(f, _draft(f)),
        start=_draft,
    ),
    MilestoneRule(
        id="mediation_adviser",
        kind="family_action",
        refs=("CFA 2014 s.55", "SEND Regs 2014 reg 33"),
        title=N_("Contact a mediation adviser"),
        summary=N_(
            "The council sent its decision on %(start)s. Before you appeal, you usually need to "
            "talk to a mediation adviser. You do not need to if you only disagree about the "
            "school or college named. Do this by %(date)s."
        ),
        action=N_(
            "Contact the mediation service named in the council's letter. They will give you a "
            "certificate that you need to appeal."
        ),
        when=lambda f: _mediation_clock(f, _decision(f)),
        start=_decision,
    ),
    MilestoneRule(
        id="appeal_deadline",
        kind="family_action",
        refs=("CFA 2014 s.51", "HESC Rules 2008 r.20(1)(c)", "HESC Rules 2008 r.12"),
        title=N_("Last day to appeal to the tribunal"),
        summary=N_(
            "You can appeal against the council's decision sent on %(start)s to the First-tier "
            "Tribunal (Special Educational Needs and Disability). The last day is %(date)s, or 1 "
            "month after your mediation certificate if that is later."
        ),
        action=N_(
            "Get free advice from your local special educational needs and disabilities "
            "information, advice and support service (SENDIASS). Send your appeal by %(date)s."
        ),
        when=_appeal_deadline,
        start=_decision,
    ),
)

DEFAULT_LEAD_TIMES = LeadTimes()

MILESTONE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES)


def reminder_dates(
    when: date, kind: MilestoneKind, today: date, lead_times: LeadTimes = DEFAULT_LEAD_TIMES
) -> tuple[date, ...]:
    """Reminder dates for a milestone of `kind` on `when`, oldest first.

    DOMAIN.md: reminder dates already past when the plan is made are dropped; today is kept.
    """
    leads: tuple[int, ...] = getattr(lead_times, kind)
    return tuple(sorted(d for d in {when - timedelta(days=lead) for lead in leads} if d >= today))


def build_milestones(
    answers: Answers,
    today: date,
    loc: Localizer,
    lead_times: LeadTimes = DEFAULT_LEAD_TIMES,
    *,
    speak_to_young_person: bool = False,
) -> tuple[Milestone, ...]:
    """Every milestone that applies to `answers` and falls on or after `today`.

    Sorted by (date, id). Text is translated through `loc`; with `speak_to_young_person` the young
    person's own wording is used where there is one (DOMAIN.md: their own voice from 16).
    """
    facts = Facts(answers=answers, today=today, school_cohort=effective_cohort(answers, today))
    out: list[Milestone] = []
    for rule in RULES:
        when = rule.when(facts)
        if when is None or when < today:
            continue
        start = rule.start(facts)
        args = {
            "date": loc.format_date(when),
            "start": loc.format_date(start) if start is not None else "",
        }
        title, summary, action = rule.title, rule.summary, rule.action
        if speak_to_young_person:
            title = rule.title_yp or title
            summary = rule.summary_yp or summary
            action = rule.action_yp or action
        out.append(
            Milestone(
                id=rule.id,
                date=when,
                title=loc.gettext(title) % args,
                summary=loc.gettext(summary) % args,
                action=loc.gettext(action) % args,
                refs=rule.refs,
                reminders=reminder_dates(when, rule.kind, today, lead_times),
                kind=rule.kind,
            )
        )
    return tuple(sorted(out, key=lambda m: (m.date, m.id)))
