"""The dated milestones of a plan (plan/v1 `milestones`), one small rule each.

Each rule says when it applies, how its date is worked out and which law sets it. The date is the
**last day** on which the duty is met (DOMAIN.md). Ids are part of the plan/v1 contract: never
rename one. Text is English source, marked with `N_` and translated when the plan is built.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.rules import calendar as cal
from planner.rules.ehc import is_late
from planner.rules.ehc_milestones import EHC_RULES, LATE_ACTION
from planner.rules.i18n import N_
from planner.rules.milestone_rule import Facts, MilestoneRule, effective_cohort
from planner.rules.params import in_force, periods
from planner.rules.types import Answers, LeadTimes, Localizer, Milestone, MilestoneKind

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


_in_force = in_force


def _phase_transfer(f: Facts, year_group: int, month: int, param: str) -> date | None:
    # SEND Regs 2014 reg 18(1): the plan must be amended *before* the day in the parameter, so the
    # last day the duty is met is the day before.
    if not f.answers.has_ehc_plan:
        return None
    year = f.year_start(year_group).year
    day = _in_force(param, date(year, 1, 1))
    return None if day is None else date(year, month, day) - timedelta(days=1)


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


_GENERAL_RULES: tuple[MilestoneRule, ...] = (
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
)
RULES: tuple[MilestoneRule, ...] = (*_GENERAL_RULES, *EHC_RULES)

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
    """Every milestone that applies to `answers` and falls on or after `today`, and every council
    duty whose date passed in the last 26 weeks, marked late (DOMAIN.md, "The EHC process").

    Sorted by (date, id). Text is translated through `loc`; with `speak_to_young_person` the young
    person's own wording is used where there is one (DOMAIN.md: their own voice from 16).
    """
    facts = Facts(answers=answers, today=today, school_cohort=effective_cohort(answers, today))
    out: list[Milestone] = []
    for rule in RULES:
        when = rule.when(facts)
        if when is None:
            continue
        late = when < today
        if late and not (rule.late_summary and is_late(when, today)):
            continue
        start = rule.start(facts)
        args = {
            "date": loc.format_date(when),
            "start": loc.format_date(start) if start is not None else "",
        }
        title, summary, action = rule.title, rule.summary, rule.action
        if late:
            title, summary = rule.late_title or title, rule.late_summary or summary
            action = LATE_ACTION
        elif speak_to_young_person:
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
                late=late,
            )
        )
    return tuple(sorted(out, key=lambda m: (m.date, m.id)))
