"""The plan's sections: what a family should know, and do, for the young person's age and situation.

All prose lives in the module-level tables below, one table per section, so that content can be read
and reviewed without reading logic. Every source string is marked with `N_()` for extraction and is
translated at build time with `loc.gettext()`; the only placeholder is `%(date)s`.

Voice (DOMAIN.md, "Plain English"): items whose wording depends on the reader keep two source
strings: `text` for a parent or carer ("your child"), and `you` for a young person aged 16 or over
who answered for themselves (`Context.speaks_to_young_person`). Items written for parents only
carry the `_parent_voice` predicate. Acronyms are spelled out on first use in each section.

When a section appears. It must also be one of the topics the family chose (no topics means all);
`information_advice` appears whatever the topics. "Year" is the effective school year; a child too
young for nursery counts as before it, and anyone aged 5 or over without a year group as having
left school (after Year 13).

| section            | appears when                                                          |
|--------------------|-----------------------------------------------------------------------|
| phase_transitions  | a move lies ahead: up to Year 13, or up to 25 with an EHC plan; never |
|                    | in higher education (an EHC plan ends there, CoP 9.201)               |
| careers            | from Year 7, and after leaving school, up to 25 (EA 1997 s.42A)       |
| work               | from Year 9 up to 25 (preparing for adulthood, CoP 4.52-4.53)         |
| housing            | from Year 9 up to 25 (CoP 4.54)                                       |
| community          | from Year 9 up to 25 (CoP 4.55)                                       |
| health             | always (CoP 4.40); adult health transition from Year 9 (NICE NG43)    |
| money              | always (DLA, PIP at 16, Child Benefit after 16, students)             |
| personal_budgets   | EHC plan, or an assessment asked for; up to 25 (CFA 2014 s.49)        |
| ehc_assessment     | up to 25: without a plan, SEN support, how to ask for an assessment   |
|                    | and its timescales; with a plan, annual reviews and ending a plan.    |
|                    | Not for those in higher education without a plan                      |
| disagreements      | always                                                                |
| transport          | under 19, or up to 25 with an EHC plan; not in higher education       |
| short_breaks       | under 18 (short breaks, childcare, parent carer support)              |
| information_advice | always, even when the family did not choose it                        |

Traineeships ended in England on 31 July 2023 and are never offered here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.rules.i18n import N_
from planner.rules.matching import services_for
from planner.rules.types import Context, Item, ItemKind, Localizer, Section, ServiceRecord

Predicate = Callable[[Context], bool]

# "Year" for people outside nursery-2 .. Year 13: younger children come before nursery, and anyone
# aged 5 or over without a year group has left school.
_BEFORE_NURSERY = -3
_AFTER_SCHOOL = 14


def school_year(ctx: Context) -> int:
    """The effective school year, with a value for those too young or too old to have one."""
    if ctx.year_group is not None:
        return ctx.year_group
    return _BEFORE_NURSERY if ctx.age < 5 else _AFTER_SCHOOL


# --- Predicates -------------------------------------------------------------------------------


def _always(ctx: Context) -> bool:
    return True


def year_from(first: int) -> Predicate:
    """From school year `first` on (including after leaving school)."""
    return lambda ctx: school_year(ctx) >= first


def year_to(last: int) -> Predicate:
    """Up to and including school year `last`."""
    return lambda ctx: school_year(ctx) <= last


def in_school_years(first: int, last: int) -> Predicate:
    """In a school year from `first` to `last` (a real year group, not before or after school)."""
    return lambda ctx: ctx.year_group is not None and first <= ctx.year_group <= last


def age_from(years: int) -> Predicate:
    """Aged `years` or over."""
    return lambda ctx: ctx.age >= years


def age_under(years: int) -> Predicate:
    """Younger than `years`."""
    return lambda ctx: ctx.age < years


def _has_plan(ctx: Context) -> bool:
    return ctx.answers.has_ehc_plan


def _no_plan(ctx: Context) -> bool:
    return not ctx.answers.has_ehc_plan


def _assessment_requested(ctx: Context) -> bool:
    return ctx.answers.support == "assessment_requested"


def _not_assessment_requested(ctx: Context) -> bool:
    return ctx.answers.support != "assessment_requested"


def _parent_voice(ctx: Context) -> bool:
    return not ctx.speaks_to_young_person


def _over_compulsory_school_age(ctx: Context) -> bool:
    return ctx.over_compulsory_school_age


def _receives_dla(ctx: Context) -> bool:
    return ctx.answers.receives_dla


def _not_receives_dla(ctx: Context) -> bool:
    return not ctx.answers.receives_dla


def _in_higher_education(ctx: Context) -> bool:
    return ctx.answers.setting == "higher_education"


def _not_in_higher_education(ctx: Context) -> bool:
    return ctx.answers.setting != "higher_education"


def goal(name: str) -> Predicate:
    """The family chose this goal, or chose none, or is not sure yet."""

    def check(ctx: Context) -> bool:
        goals = ctx.answers.goals
        return not goals or name in goals or "not_sure" in goals

    return check


def need(name: str) -> Predicate:
    """The family named this area of need, or named none."""
    return lambda ctx: not ctx.answers.needs or name in ctx.answers.needs


def setting_not(*settings: str) -> Predicate:
    """The current setting is not one of these (an unknown setting passes)."""
    return lambda ctx: ctx.answers.setting not in settings


def any_of(*predicates: Predicate) -> Predicate:
    """True when at least one predicate holds."""
    return lambda ctx: any(p(ctx) for p in predicates)


def all_of(*predicates: Predicate) -> Predicate:
    """True when every predicate holds."""
    return lambda ctx: all(p(ctx) for p in predicates)


# --- Tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    """One piece of content. `text` speaks to a parent or carer; `you` (if given) to a young person.

    With `milestones`, the item appears only when one of those milestones is in the plan, and
    `%(date)s` is filled with the earliest one's date.
    """

    kind: ItemKind
    text: str
    refs: tuple[str, ...] = ()
    when: Predicate = _always
    you: str | None = None
    milestones: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """A plan section: its id (a topic name), title, when it applies and its content."""

    id: str
    title: str
    applies: Predicate
    items: tuple[ItemSpec, ...]


# Strings used in more than one section (one msgid each).
_HE_ENDS_PLAN = N_(
    "An education, health and care (EHC) plan ends when the young person starts higher "
    "education, such as a university degree."
)
_PFA_REVIEWS = N_(
    "From Year 9, every review of an education, health and care (EHC) plan must cover preparing "
    "for adulthood: work, where to live, friends and community, and good health."
)
_PFA_REFS = ("SEND Regs 2014 reg 20(6)", "SEND Regs 2014 reg 21(6)", "CoP 8.10")

PHASE_TRANSITIONS = SectionSpec(
    id="phase_transitions",
    title=N_("Moving on to a new school, college or stage"),
    applies=all_of(
        _not_in_higher_education,
        any_of(year_to(13), all_of(_has_plan, age_under(26))),
    ),
    items=(
        ItemSpec(
            "right",
            N_(
                "All 3- and 4-year-olds in England can get 15 hours of free early education a "
                "week. Some 2-year-olds can too, including those who get Disability Living "
                "Allowance or have an education, health and care plan."
            ),
            ("Childcare Act 2006 s.7", "CoP 4.37", "CoP 4.38"),
            when=all_of(year_to(-1), age_under(5)),
        ),
        ItemSpec(
            "info",
            N_(
                "Ask your child's early years setting or health visitor what help there is. This "
                "includes help at home, such as Portage. If your child gets Disability Living "
                "Allowance, ask the setting about the Disability Access Fund."
            ),
            ("CoP 4.38",),
            when=all_of(year_to(0), age_under(6)),
        ),
        ItemSpec(
            "action",
            N_("Apply to your council for a school place by %(date)s."),
            ("School Admissions Code 2021",),
            when=_no_plan,
            milestones=("reception_application", "secondary_application"),
        ),
        ItemSpec(
            "right",
            N_(
                "Before a move to a new school or college, the council must review the education, "
                "health and care (EHC) plan and name the new place. For most moves it must do "
                "this by 15 February. For a move after Year 11 it must do this by 31 March."
            ),
            ("SEND Regs 2014 reg 18", "CoP 9.179", "CoP 9.180"),
            when=all_of(_has_plan, year_to(11)),
        ),
        ItemSpec(
            "right",
            N_("For your child's next move, the council must finish this by %(date)s."),
            ("SEND Regs 2014 reg 18", "CoP 9.179", "CoP 9.180"),
            when=_has_plan,
            you=N_("For your next move, the council must finish this by %(date)s."),
            milestones=("phase_ey_school", "phase_primary_secondary", "phase_post16"),
        ),
        ItemSpec(
            "right",
            N_(
                "You can ask for a particular school or college to be named in your child's "
                "education, health and care (EHC) plan. The council must agree, unless it would "
                "not suit your child's needs, would harm other children's education or would not "
                "be a good use of money."
            ),
            ("CFA 2014 s.38", "CFA 2014 s.39"),
            when=_has_plan,
            you=N_(
                "You can ask for a particular school or college to be named in your education, "
                "health and care (EHC) plan. The council must agree, unless it would not suit "
                "your needs, would harm other students' education or would not be a good use of "
                "money."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "You can also ask for an independent special school or college on the "
                "government's Section 41 list of approved places."
            ),
            ("CFA 2014 s.41", "CoP 4.39"),
            when=_has_plan,
        ),
        ItemSpec(
            "action",
            N_(
                "Ask the special educational needs coordinator (SENCO) to share what helps your "
                "child with the new school or college. Ask for extra visits before the move."
            ),
            ("CoP 4.32",),
            you=N_(
                "Ask your school or college to share what helps you with your next school, "
                "college or training provider. Ask for extra visits before you move."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "Every school must publish a special educational needs (SEN) information report "
                "and an accessibility plan. The council has an accessibility strategy for its "
                "schools. Use these to compare schools."
            ),
            ("SEND Regs 2014 reg 51", "Equality Act 2010 Sch 10", "CoP 4.30", "CoP 4.35"),
            when=year_to(11),
        ),
        ItemSpec(
            "right",
            N_(
                "Young people in England must stay in education or training until they are 18. "
                "This can be school, college, an apprenticeship, or work or volunteering with "
                "part-time study."
            ),
            ("Education and Skills Act 2008 Part 1",),
            when=all_of(year_from(9), age_under(18)),
        ),
        ItemSpec(
            "info",
            N_(
                "Every 16- and 17-year-old should get an offer of a suitable place in education "
                "or training for September. This is called the September Guarantee."
            ),
            when=in_school_years(10, 12),
        ),
        ItemSpec(
            "info",
            N_(
                "Colleges publish how they support students with special educational needs. The "
                "council's Local Offer lists courses and other options after Year 11."
            ),
            ("CoP 4.30", "CoP 4.36"),
            when=year_from(9),
        ),
        ItemSpec(
            "right",
            N_(
                "An education, health and care (EHC) plan can carry on up to age 25 while the "
                "young person is in education or training and still needs it."
            ),
            ("CFA 2014 s.46", "CoP 9.200"),
            when=all_of(_has_plan, year_from(10)),
        ),
        ItemSpec(
            "info",
            _HE_ENDS_PLAN,
            ("CoP 9.201",),
            when=all_of(_has_plan, year_from(10), goal("higher_education")),
        ),
    ),
)

CAREERS = SectionSpec(
    id="careers",
    title=N_("Careers and planning ahead"),
    applies=all_of(year_from(7), age_under(26)),
    items=(
        ItemSpec(
            "right",
            N_("Schools must give pupils in Years 7 to 13 independent careers guidance."),
            ("Education Act 1997 s.42A",),
            when=in_school_years(7, 13),
        ),
        ItemSpec(
            "right",
            N_(
                "Schools must let colleges, apprenticeship providers and other training "
                "providers talk to pupils in Years 8 to 13 about their options."
            ),
            ("Education Act 1997 s.42B",),
            when=in_school_years(7, 13),
        ),
        ItemSpec(
            "action",
            N_(
                "Ask for a careers meeting for your child. Ask the adviser to explain things in a "
                "way that works for your child, and go with them if you can."
            ),
            ("CoP 4.53",),
            you=N_(
                "Ask your school or college for a careers meeting. Ask the adviser to explain "
                "things in a way that works for you. You can take someone with you."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "The council's Local Offer lists careers support from Year 8. It also says where "
                "to get advice about starting your own business."
            ),
            ("CoP 4.53",),
        ),
        ItemSpec(
            "info",
            N_(
                "The National Careers Service gives free careers advice online and by phone to "
                "anyone aged 13 or over."
            ),
        ),
        ItemSpec("right", _PFA_REVIEWS, _PFA_REFS, when=_has_plan),
        ItemSpec(
            "action",
            N_(
                "From Year 9, talk with your child about what they want as an adult: work, where "
                "to live, friends and health. Ask the school to plan for this with you."
            ),
            ("CoP 8.7",),
            when=all_of(_no_plan, _parent_voice, year_to(13)),
        ),
        ItemSpec(
            "action",
            N_(
                "Visit colleges and go to open days in Year 10 and Year 11. Look at courses and "
                "the support each college offers."
            ),
            when=all_of(goal("further_education"), in_school_years(9, 11)),
        ),
        ItemSpec(
            "info",
            N_(
                "If your child plans to go to university, they can apply for Disabled Students' "
                "Allowance (DSA). DSA pays for extra support they need because of a disability, "
                "health condition or learning difficulty. They apply to Student Finance England "
                "with their student finance application. Allow about 14 weeks."
            ),
            ("CoP 4.30",),
            when=all_of(any_of(goal("higher_education"), _in_higher_education), year_from(9)),
            you=N_(
                "If you plan to go to university, you can apply for Disabled Students' Allowance "
                "(DSA). DSA pays for extra support you need because of a disability, health "
                "condition or learning difficulty. Apply to Student Finance England with your "
                "student finance application. Allow about 14 weeks."
            ),
        ),
        ItemSpec(
            "action",
            N_("Talk to the disability service at each university before choosing."),
            when=all_of(any_of(goal("higher_education"), _in_higher_education), year_from(11)),
        ),
        ItemSpec(
            "info",
            _HE_ENDS_PLAN,
            ("CoP 9.201",),
            when=all_of(_has_plan, any_of(goal("higher_education"), _in_higher_education)),
        ),
    ),
)

WORK = SectionSpec(
    id="work",
    title=N_("Getting ready for work"),
    applies=all_of(year_from(9), age_under(26)),
    items=(
        ItemSpec(
            "info",
            N_(
                "Apprenticeships are paid jobs with training for people aged 16 or over. "
                "Apprentices with an education, health and care (EHC) plan may only need English "
                "and maths at Entry Level 3. Ask the training provider about the current rules."
            ),
            ("CoP 4.46", "CoP 4.53"),
            when=goal("apprenticeship"),
        ),
        ItemSpec(
            "info",
            N_(
                "Supported internships are for young people aged 16 to 24 with an education, "
                "health and care (EHC) plan who want to work. Most of the time is spent at an "
                "employer, with help from a job coach. They usually last about a year."
            ),
            ("CoP 4.46", "CoP 4.53"),
            when=goal("supported_internship"),
        ),
        ItemSpec(
            "action",
            N_(
                "Ask for a supported internship to be discussed at the next review of the "
                "education, health and care (EHC) plan."
            ),
            when=all_of(_has_plan, goal("supported_internship"), age_under(24)),
        ),
        ItemSpec(
            "info",
            N_(
                "A job coach can help your child learn a new job and settle in. Ask the council "
                "about supported employment services."
            ),
            ("CoP 4.53",),
            when=any_of(goal("employment"), goal("supported_internship")),
            you=N_(
                "A job coach can help you learn a new job and settle in. Ask the council about "
                "supported employment services."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "Access to Work is a grant from the Department for Work and Pensions. It can pay "
                "for support at work, such as a job coach, special equipment or help with travel. "
                "Your child can apply from age 16 once they have a paid job or job offer, an "
                "apprenticeship or a supported internship."
            ),
            ("CoP 4.46", "CoP 4.53"),
            you=N_(
                "Access to Work is a grant from the Department for Work and Pensions. It can pay "
                "for support at work, such as a job coach, special equipment or help with travel. "
                "You can apply from age 16 once you have a paid job or job offer, an "
                "apprenticeship or a supported internship."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "Employers must make reasonable adjustments so that disabled people are not at a "
                "disadvantage at work."
            ),
            ("Equality Act 2010 s.20", "Equality Act 2010 s.39"),
        ),
        ItemSpec(
            "action",
            N_("Ask the school or college about work experience and job tasters."),
            ("CoP 8.10",),
            when=year_to(13),
        ),
        ItemSpec(
            "action",
            N_(
                "Ask for work skills, such as travel and time-keeping, to be written into the "
                "outcomes in the education, health and care (EHC) plan."
            ),
            when=_has_plan,
        ),
        ItemSpec(
            "info",
            N_(
                "Jobcentre Plus work coaches help people find work. Before starting a job, ask "
                "for a better-off calculation. It shows how pay will change any benefits."
            ),
            ("CoP 4.53",),
            when=age_from(16),
        ),
    ),
)

HOUSING = SectionSpec(
    id="housing",
    title=N_("Somewhere to live and adult care"),
    applies=all_of(year_from(9), age_under(26)),
    items=(
        ItemSpec(
            "info",
            N_(
                "There are many kinds of home: living with family, supported living, shared "
                "housing, or renting from the council, a housing association or a private "
                "landlord. Shared ownership is another option."
            ),
            ("CoP 4.54",),
        ),
        ItemSpec(
            "action",
            N_(
                "Start practising living skills now: cooking, shopping, money and travel. Ask "
                "the school or college to include them in your child's learning."
            ),
            ("CoP 4.54",),
            you=N_(
                "Start practising living skills now: cooking, shopping, money and travel. Ask "
                "your school or college to include them in your learning."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "If your child is likely to need care and support after 18, ask the council for "
                "a transition assessment before they turn 18. The council must do one when it "
                "would help them."
            ),
            ("Care Act 2014 s.58", "Care Act 2014 s.59"),
            when=age_under(18),
            you=N_(
                "If you are likely to need care and support after 18, ask the council for a "
                "transition assessment before you turn 18. The council must do one when it "
                "would help you."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "Adult social care must assess anyone aged 18 or over who seems to need care and "
                "support. Ask for a needs assessment."
            ),
            ("Care Act 2014 s.9",),
            when=age_from(17),
        ),
        ItemSpec(
            "info",
            N_(
                "Adult care and support can include a personal assistant, equipment or technology "
                "at home, and help to manage a Personal Budget."
            ),
            ("CoP 4.54",),
        ),
        ItemSpec(
            "right",
            N_(
                "The council must give information and advice about adult care and support, "
                "including how to get it and where to get advice about paying for it."
            ),
            ("Care Act 2014 s.4", "CoP 4.43", "CoP 4.56"),
        ),
        ItemSpec(
            "action",
            N_(
                "Ask the council's housing team how to join the housing register and what help "
                "there is with rent and deposits."
            ),
            ("CoP 4.54",),
            when=age_from(16),
        ),
        ItemSpec(
            "info",
            N_(
                "A Disabled Facilities Grant from the council can pay for changes to a home, such "
                "as a ramp or an accessible bathroom."
            ),
            ("Housing Grants, Construction and Regeneration Act 1996 Part 1", "CoP 4.54"),
        ),
    ),
)

COMMUNITY = SectionSpec(
    id="community",
    title=N_("Friends, activities and the community"),
    applies=all_of(year_from(9), age_under(26)),
    items=(
        ItemSpec(
            "info",
            N_(
                "The council's Local Offer lists clubs, sports, arts, youth services and other "
                "things to do."
            ),
            ("CoP 4.55",),
        ),
        ItemSpec(
            "right",
            N_(
                "Clubs, leisure centres and youth services must make reasonable adjustments so "
                "that disabled young people can join in."
            ),
            ("Equality Act 2010 s.20", "Equality Act 2010 s.29"),
        ),
        ItemSpec(
            "info",
            N_(
                "A personal assistant or assistive technology can help your child go out, see "
                "friends and join activities. Ask the council how to apply."
            ),
            ("CoP 4.55",),
            you=N_(
                "A personal assistant or assistive technology can help you go out, see friends "
                "and join activities. Ask the council how to apply."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "Volunteering is a good way to make friends and learn skills for work. Ask a "
                "local volunteer centre what support there is."
            ),
            ("CoP 4.55",),
            when=goal("volunteering"),
        ),
        ItemSpec(
            "info",
            N_(
                "Young people can help shape local services, for example through a youth forum "
                "or youth council."
            ),
            ("CoP 4.55", "CoP 4.61"),
        ),
        ItemSpec(
            "action",
            N_(
                "Help your child learn to stay safe online. Talk about cyberbullying, and about "
                "people who try to trick or use them. The school, college or Local Offer can help."
            ),
            ("CoP 4.55",),
            you=N_(
                "The internet can help you find information and keep in touch with friends. "
                "Learn how to stay safe online and what to do about cyberbullying, or about "
                "people who try to trick or use you. Your school, college or the Local Offer can "
                "help."
            ),
        ),
    ),
)

HEALTH = SectionSpec(
    id="health",
    title=N_("Health"),
    applies=_always,
    items=(
        ItemSpec(
            "info",
            N_(
                "The council's Local Offer lists health services, such as speech and language "
                "therapy, physiotherapy, occupational therapy, mental health services, wheelchair "
                "services and continence services."
            ),
            ("CoP 4.40",),
        ),
        ItemSpec(
            "right",
            N_(
                "Schools must support pupils with medical conditions. Ask for an individual "
                "healthcare plan if your child needs one."
            ),
            ("CFA 2014 s.100",),
            when=all_of(
                in_school_years(0, 13),
                setting_not("college", "apprenticeship", "employment", "higher_education"),
            ),
            you=N_(
                "Schools must support pupils with medical conditions. Ask for an individual "
                "healthcare plan if you need one."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "If health support is written into an education, health and care (EHC) plan, "
                "the NHS must arrange it."
            ),
            ("CFA 2014 s.42",),
            when=_has_plan,
        ),
        ItemSpec(
            "info",
            N_(
                "Planning the move from children's to adult health services should start by "
                "Year 9 at the latest. A named worker should help."
            ),
            ("NICE NG43", "CoP 4.40"),
            when=year_from(7),
        ),
        ItemSpec(
            "action",
            N_(
                "Ask each health team when your child will move to adult services, and who will "
                "help with the move."
            ),
            ("NICE NG43",),
            when=year_from(9),
            you=N_(
                "Ask each health team when you will move to adult services, and who will help "
                "with the move."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "Children's mental health services usually end at 18. Ask early how the move to "
                "adult mental health services will work."
            ),
            ("NICE NG43",),
            when=all_of(age_from(14), age_under(19), need("social_emotional_mental_health")),
        ),
        ItemSpec(
            "info",
            N_(
                "People aged 14 or over with a learning disability can have a free health check "
                "with their GP every year. Ask the GP to add your child to the learning "
                "disability register."
            ),
            when=all_of(age_from(13), need("cognition_learning")),
            you=N_(
                "People aged 14 or over with a learning disability can have a free health check "
                "with their GP every year. Ask your GP to add you to the learning disability "
                "register."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "If your child gets children's continuing care, the NHS should check at 14 "
                "whether they may need NHS Continuing Healthcare as an adult."
            ),
            ("National Framework for Children and Young People's Continuing Care 2016",),
            when=all_of(age_from(13), age_under(18), _parent_voice),
        ),
        ItemSpec(
            "right",
            N_(
                "From 16, young people can usually make their own decisions about health "
                "treatment. Doctors will ask them for consent."
            ),
            ("Family Law Reform Act 1969 s.8", "Mental Capacity Act 2005"),
            when=age_from(15),
            you=N_(
                "From 16, you can usually make your own decisions about health treatment. "
                "Doctors will ask you for consent."
            ),
        ),
    ),
)

MONEY = SectionSpec(
    id="money",
    title=N_("Money and benefits"),
    applies=_always,
    items=(
        ItemSpec(
            "info",
            N_(
                "Disability Living Allowance for children can help with the extra costs of a "
                "disability. Your child may get it if they need much more care or supervision "
                "than other children of their age, or have problems walking."
            ),
            when=all_of(age_under(16), _not_receives_dla, _parent_voice),
        ),
        ItemSpec(
            "info",
            N_(
                "If you care for your child for 35 hours a week or more, you may get Carer's "
                "Allowance. Your child must get certain disability benefits."
            ),
            when=_parent_voice,
        ),
        ItemSpec(
            "info",
            N_(
                "At 16, Disability Living Allowance (DLA) for children ends. Young people claim "
                "Personal Independence Payment (PIP) instead. The Department for Work and "
                "Pensions (DWP) writes around the 16th birthday. Claim PIP within 28 days of the "
                "letter, or DLA stops."
            ),
            when=all_of(any_of(_receives_dla, age_from(14)), age_from(13), age_under(17)),
        ),
        ItemSpec(
            "info",
            N_(
                "From 16, young people with a long-term health condition or disability can claim "
                "Personal Independence Payment."
            ),
            when=all_of(age_from(16), _not_receives_dla),
        ),
        ItemSpec(
            "info",
            N_(
                "If your child will not be able to manage their own benefits at 16, you can ask "
                "the Department for Work and Pensions to make you their appointee."
            ),
            when=all_of(age_from(14), age_under(18), _parent_voice),
        ),
        ItemSpec(
            "info",
            N_(
                "Child Benefit stops on the 31 August after the 16th birthday, unless you tell "
                "the Child Benefit Office that your child is staying in approved education or "
                "training. It can then carry on until they are 20. Apprenticeships do not count."
            ),
            when=all_of(age_from(14), age_under(20)),
            you=N_(
                "Child Benefit for you stops on the 31 August after your 16th birthday, unless "
                "the person who gets it tells the Child Benefit Office that you are staying in "
                "approved education or training. It can then carry on until you are 20. "
                "Apprenticeships do not count."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "Most full-time students cannot get Universal Credit. There are exceptions, for "
                "example for some disabled students who get disability benefits. Get advice "
                "before you claim."
            ),
            when=age_from(16),
        ),
        ItemSpec(
            "action",
            N_(
                "For free, confidential help with benefits, contact Citizens Advice or your "
                "council's welfare rights service."
            ),
        ),
    ),
)

PERSONAL_BUDGETS = SectionSpec(
    id="personal_budgets",
    title=N_("Personal Budgets"),
    applies=all_of(any_of(_has_plan, _assessment_requested), age_under(26)),
    items=(
        ItemSpec(
            "right",
            N_(
                "A Personal Budget is money to pay for some of the support in an education, "
                "health and care (EHC) plan. You can ask for one when the council agrees to write "
                "a plan, or when the plan is reviewed."
            ),
            ("CFA 2014 s.49", "CoP 9.95"),
        ),
        ItemSpec(
            "info",
            N_(
                "The money can be paid to you as a direct payment. Or the council, school or "
                "college can hold it and arrange the support you choose. Or a person or "
                "organisation you choose can manage it for you. This is called a third-party "
                "arrangement."
            ),
            ("SEN (Personal Budgets) Regs 2014", "CoP 4.58"),
        ),
        ItemSpec(
            "right",
            N_(
                "For support in a school or college, the school or college must agree to a "
                "direct payment."
            ),
            ("SEN (Personal Budgets) Regs 2014",),
        ),
        ItemSpec(
            "right",
            N_(
                "If the council refuses a Personal Budget, you can ask it to look at the decision "
                "again. You cannot appeal the refusal to the First-tier Tribunal (Special "
                "Educational Needs and Disability), but you can still appeal what the plan says."
            ),
            ("CFA 2014 s.49", "SEN (Personal Budgets) Regs 2014", "CoP 9.95–9.124"),
        ),
        ItemSpec(
            "info",
            N_(
                "Social care support can also be paid as a direct payment. The NHS can offer a "
                "personal health budget for some health support."
            ),
            ("Children Act 1989 s.17A", "Care Act 2014 s.31"),
        ),
        ItemSpec(
            "action",
            N_(
                "Read the council's Personal Budget policy in its Local Offer, and ask what help "
                "there is to manage one."
            ),
            ("CoP 4.58",),
        ),
    ),
)

EHC_ASSESSMENT = SectionSpec(
    id="ehc_assessment",
    title=N_("Education, health and care (EHC) needs assessments and plans"),
    applies=all_of(age_under(26), any_of(_has_plan, _not_in_higher_education)),
    items=(
        # Without a plan: support in school and how to ask for an assessment.
        ItemSpec(
            "right",
            N_(
                "Schools, nurseries and colleges must do their best to meet your child's special "
                "educational needs. This is called special educational needs (SEN) support. "
                "Every mainstream school has a special educational needs coordinator (SENCO)."
            ),
            ("CFA 2014 s.66", "CFA 2014 s.67"),
            when=_no_plan,
            you=N_(
                "Schools and colleges must do their best to meet your special educational needs. "
                "This is called special educational needs (SEN) support. Ask who leads this at "
                "your school or college."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "If the school or college cannot meet your child's needs from its own resources, "
                "you can ask the council for an EHC needs assessment. The school or college can "
                "ask too, and so can your child from age 16."
            ),
            ("CFA 2014 s.36", "CoP 4.57", "CoP 9.8"),
            when=_no_plan,
            you=N_(
                "If your school or college cannot meet your needs from its own resources, you can "
                "ask the council for an EHC needs assessment yourself. Your school or college can "
                "ask too."
            ),
        ),
        ItemSpec(
            "action",
            N_(
                "Write to the council. Say why you think an assessment is needed and send any "
                "reports you have. Keep a copy and note the date."
            ),
            ("CoP 4.58",),
            when=all_of(_no_plan, _not_assessment_requested),
        ),
        ItemSpec(
            "right",
            N_(
                "The council must decide within 6 weeks of the request whether to assess. If it "
                "says no, you can appeal."
            ),
            ("SEND Regs 2014 reg 5", "CFA 2014 s.51"),
            when=_no_plan,
        ),
        ItemSpec(
            "right",
            N_(
                "If the council assesses but decides not to write a plan, it must tell you within "
                "16 weeks of the request."
            ),
            ("SEND Regs 2014 reg 10",),
            when=_no_plan,
        ),
        ItemSpec(
            "right",
            N_(
                "If it writes a plan, you get a draft first. You have at least 15 days to comment "
                "and to ask for a school or college to be named."
            ),
            ("SEND Regs 2014 reg 13(1)", "CFA 2014 s.38"),
            when=_no_plan,
        ),
        ItemSpec(
            "right",
            N_("The final plan must be ready within 20 weeks of the request."),
            ("SEND Regs 2014 reg 13(2)",),
            when=_no_plan,
        ),
        ItemSpec(
            "info",
            N_(
                "These times can be longer in a few cases, for example when a school or college "
                "is closed for 4 weeks or more, or because of exceptional personal circumstances."
            ),
            ("SEND Regs 2014 reg 5(4)", "SEND Regs 2014 reg 10(4)", "SEND Regs 2014 reg 13(3)"),
            when=_no_plan,
        ),
        ItemSpec(
            "right",
            N_("The council must tell you by %(date)s whether it will carry out the assessment."),
            ("SEND Regs 2014 reg 5",),
            milestones=("ehcna_decision",),
        ),
        ItemSpec(
            "action",
            N_(
                "Send your comments on the draft plan, and the name of the school or college you "
                "want, by %(date)s."
            ),
            ("SEND Regs 2014 reg 13(1)",),
            milestones=("draft_response",),
        ),
        ItemSpec(
            "right",
            N_("If the council makes a plan, the final plan is due by %(date)s."),
            ("SEND Regs 2014 reg 13(2)",),
            milestones=("ehcna_final_plan",),
        ),
        # With a plan: annual reviews and ending a plan.
        ItemSpec(
            "right",
            N_("The council must review your child's EHC plan at least every 12 months."),
            ("CFA 2014 s.44",),
            when=_has_plan,
            you=N_("The council must review your EHC plan at least every 12 months."),
        ),
        ItemSpec(
            "right",
            N_("The next review is due by %(date)s."),
            ("CFA 2014 s.44",),
            when=_has_plan,
            milestones=("annual_review_due",),
        ),
        ItemSpec(
            "right",
            N_(
                "You must get at least 2 weeks' notice of the review meeting. A report must be "
                "sent out within 2 weeks after the meeting. The council must decide within 4 "
                "weeks of the meeting whether to keep, change or end the plan."
            ),
            ("SEND Regs 2014 reg 20", "SEND Regs 2014 reg 21", "SEND Regs 2014 reg 22"),
            when=_has_plan,
        ),
        ItemSpec(
            "info",
            N_(
                "For children under 5, the council should think about a review every 3 to 6 months."
            ),
            ("CoP 9.178",),
            when=all_of(_has_plan, age_under(5)),
        ),
        ItemSpec("right", _PFA_REVIEWS, _PFA_REFS, when=all_of(_has_plan, year_from(8))),
        ItemSpec(
            "right",
            N_(
                "Before ending a plan, the council must talk to you and the school or college. "
                "You can appeal a decision to end it."
            ),
            ("SEND Regs 2014 reg 31", "CFA 2014 s.45", "CFA 2014 s.51"),
            when=_has_plan,
        ),
        ItemSpec(
            "info",
            N_(
                "The SEND Information, Advice and Support Service (SENDIASS) can help you through "
                "each step for free."
            ),
            ("CFA 2014 s.32",),
        ),
    ),
)

DISAGREEMENTS = SectionSpec(
    id="disagreements",
    title=N_("If you disagree or want to complain"),
    applies=_always,
    items=(
        ItemSpec(
            "action",
            N_(
                "Start by talking to the school, college or council. Many problems can be sorted "
                "out this way. Every school and college has a complaints procedure."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "The council must offer a free, independent disagreement resolution service. You "
                "can use it for disagreements about special educational needs support with a "
                "school, college, the council or health services."
            ),
            ("CFA 2014 s.57", "CoP 4.58"),
        ),
        ItemSpec(
            "right",
            N_(
                "You can appeal to the First-tier Tribunal (Special Educational Needs and "
                "Disability) if the council refuses to assess, refuses to write an education, "
                "health and care (EHC) plan, or decides to end one. You can also appeal what the "
                "plan says, including the school or college named."
            ),
            ("CFA 2014 s.51", "CoP 4.30"),
        ),
        ItemSpec(
            "right",
            N_(
                "Before most appeals, you must talk to a mediation adviser and get a certificate. "
                "You do not need to if your appeal is only about the school or college named. "
                "Mediation is free."
            ),
            ("CFA 2014 s.55", "CoP 4.58"),
        ),
        ItemSpec(
            "right",
            N_(
                "You must appeal within 2 months of the date of the council's decision letter, or "
                "within 1 month of getting the mediation certificate, whichever is later."
            ),
            ("HESC Rules 2008 r.20",),
        ),
        ItemSpec(
            "action",
            N_("Contact the mediation adviser as soon as you can, and before %(date)s."),
            ("CFA 2014 s.55",),
            milestones=("mediation_adviser",),
        ),
        ItemSpec(
            "right",
            N_(
                "For the decision you told us about, the last day to appeal is %(date)s, unless "
                "a mediation certificate gives you longer."
            ),
            ("HESC Rules 2008 r.20",),
            milestones=("appeal_deadline",),
        ),
        ItemSpec(
            "right",
            N_(
                "If a school treats your child unfairly because of disability, you can make a "
                "claim to the same Tribunal within 6 months."
            ),
            ("Equality Act 2010 Sch 17",),
            when=all_of(in_school_years(0, 13), age_under(19)),
            you=N_(
                "If your school treats you unfairly because of disability, you can make a claim "
                "to the same Tribunal within 6 months."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "To complain about the council, use its complaints process first. If you are "
                "still unhappy, you can go to the Local Government and Social Care Ombudsman. Do "
                "this within 12 months of finding out about the problem."
            ),
            ("Local Government Act 1974 s.26B",),
        ),
        ItemSpec(
            "info",
            N_(
                "To complain about an NHS service, complain to the service first. Then you can go "
                "to the Parliamentary and Health Service Ombudsman."
            ),
        ),
    ),
)

TRANSPORT = SectionSpec(
    id="transport",
    title=N_("Travel to school or college"),
    applies=all_of(
        _not_in_higher_education, any_of(age_under(19), all_of(_has_plan, age_under(26)))
    ),
    items=(
        ItemSpec(
            "info",
            N_(
                "Free school transport starts when your child reaches compulsory school age. Ask "
                "the council what help there is before then."
            ),
            ("EA 1996 s.508B",),
            when=all_of(year_to(0), _parent_voice),
        ),
        ItemSpec(
            "right",
            N_(
                "The council must give free transport to children aged 5 to 16 who go to their "
                "nearest suitable school and live more than 2 miles away (under 8) or 3 miles "
                "away (8 or over). The council must also do this if they cannot walk there "
                "because of their special educational needs or disability."
            ),
            ("EA 1996 s.508B", "EA 1996 Sch 35B", "CoP 4.49"),
            when=all_of(year_to(11), age_under(17)),
        ),
        ItemSpec(
            "info",
            N_(
                "There are extra rules, for example for unsafe walking routes and for families on "
                "low incomes. The council can choose to help other children too, but that help "
                "may not be free."
            ),
            ("EA 1996 s.508C", "CoP 4.49"),
            when=all_of(year_to(11), age_under(17)),
        ),
        ItemSpec(
            "action",
            N_("Apply to the council for school transport early, especially before a move."),
            when=all_of(year_to(11), age_under(17)),
        ),
        ItemSpec(
            "right",
            N_(
                "Each year the council must publish a post-16 transport policy statement by 31 "
                "May. It says what help there is with travel for students aged 16 to 18, and for "
                "older learners with learning difficulties or disabilities."
            ),
            ("EA 1996 s.509AA", "EA 1996 s.508F", "CoP 4.50"),
            when=year_from(9),
        ),
        ItemSpec(
            "info",
            N_("This year's statement is due by %(date)s."),
            ("EA 1996 s.509AA",),
            milestones=("post16_transport_statement",),
        ),
        ItemSpec(
            "right",
            N_(
                "For learners aged 19 to 25 with an education, health and care (EHC) plan, any "
                "transport the council decides is needed must be free."
            ),
            ("EA 1996 s.508F", "CoP 4.48"),
            when=all_of(_has_plan, age_from(18)),
        ),
        ItemSpec(
            "info",
            N_(
                "The council's Local Offer explains special transport, such as adapted vehicles, "
                "and any help with travel costs."
            ),
            ("CoP 4.48", "CoP 4.51"),
        ),
        ItemSpec(
            "action",
            N_(
                "Ask about travel training. It helps young people learn to travel on their own "
                "safely."
            ),
            ("CoP 4.51",),
            when=year_from(5),
        ),
    ),
)

SHORT_BREAKS = SectionSpec(
    id="short_breaks",
    title=N_("Short breaks, childcare and support for families"),
    applies=age_under(18),
    items=(
        ItemSpec(
            "right",
            N_(
                "The council must offer short breaks for disabled children and their families. "
                "Its short breaks services statement says what there is and who can get it."
            ),
            ("Breaks for Carers of Disabled Children Regs 2011 reg 5", "CoP 4.44"),
        ),
        ItemSpec(
            "right",
            N_(
                "The council can assess your child's needs as a disabled child. It can then "
                "provide services such as short breaks and support at home."
            ),
            ("Children Act 1989 s.17",),
            you=N_(
                "The council can assess your needs as a disabled young person. It can then "
                "provide services such as short breaks and support at home."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "As a parent carer, you have a right to an assessment of your own needs. The "
                "council must think about your wellbeing and decide whether to support you."
            ),
            ("Children Act 1989 s.17ZD", "CoP 4.45"),
            you=N_(
                "Your parents or carers can ask the council for a parent carer's needs "
                "assessment, to see what support they need."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "Brothers or sisters who help care for your child can ask for a young carer's "
                "needs assessment."
            ),
            ("Children Act 1989 s.17ZA",),
            when=_parent_voice,
        ),
        ItemSpec(
            "right",
            N_(
                "The council must make sure there is enough childcare for working parents, "
                "including for disabled children up to 18."
            ),
            ("Childcare Act 2006 s.6", "CoP 4.37"),
            when=_parent_voice,
        ),
        ItemSpec(
            "info",
            N_(
                "The council's Local Offer lists childcare and leisure activities for disabled "
                "children."
            ),
            ("CoP 4.38", "CoP 4.42"),
        ),
        ItemSpec(
            "right",
            N_(
                "You can ask for a carer's assessment before your child turns 18, to plan your "
                "support as a carer of an adult."
            ),
            ("Care Act 2014 s.60", "Care Act 2014 s.10"),
            when=all_of(age_from(14), _parent_voice),
        ),
    ),
)

INFORMATION_ADVICE = SectionSpec(
    id="information_advice",
    title=N_("Where to get information, advice and support"),
    applies=_always,
    items=(
        ItemSpec(
            "right",
            N_(
                "Your local SEND Information, Advice and Support Service (SENDIASS) gives free, "
                "impartial and confidential information, advice and support to children, young "
                "people and parents."
            ),
            ("CFA 2014 s.32", "CoP 4.30"),
        ),
        ItemSpec(
            "right",
            N_(
                "The council must publish a Local Offer. It explains the support for children "
                "and young people with special educational needs or disabilities, from birth to "
                "25. If you cannot use the internet, ask the council for the information another "
                "way."
            ),
            ("CFA 2014 s.30", "CoP 4.59", "CoP 4.62"),
        ),
        ItemSpec(
            "right",
            N_(
                "The council must listen to your child's views, wishes and feelings, and to "
                "yours. It must help you both take part in decisions."
            ),
            ("CFA 2014 s.19",),
            you=N_(
                "The council must listen to your views, wishes and feelings, and help you take "
                "part in decisions."
            ),
        ),
        ItemSpec(
            "right",
            N_(
                "After the end of Year 11, your child makes most decisions about their support "
                "themselves, such as asking for an assessment or appealing. They can ask you to "
                "help. If they cannot make a decision, you may be able to act for them."
            ),
            ("CFA 2014 s.80", "Mental Capacity Act 2005"),
            when=any_of(year_from(9), _over_compulsory_school_age),
            you=N_(
                "After the end of Year 11, you make most decisions about your support yourself, "
                "such as asking for an assessment or appealing. You can ask your family or an "
                "adviser to help."
            ),
        ),
        ItemSpec(
            "info",
            N_(
                "Your local parent carer forum and support groups can help you meet other "
                "families and have a say in local services."
            ),
            ("CoP 4.30", "CoP 4.45", "CoP 4.61"),
            when=_parent_voice,
        ),
    ),
)

SECTIONS: tuple[SectionSpec, ...] = (
    PHASE_TRANSITIONS,
    CAREERS,
    WORK,
    HOUSING,
    COMMUNITY,
    HEALTH,
    MONEY,
    PERSONAL_BUDGETS,
    EHC_ASSESSMENT,
    DISAGREEMENTS,
    TRANSPORT,
    SHORT_BREAKS,
    INFORMATION_ADVICE,
)

# Shown whatever topics the family chose (DESIGN.md).
ALWAYS_SHOWN: frozenset[str] = frozenset({INFORMATION_ADVICE.id})


def source_strings() -> tuple[str, ...]:
    """Every distinct source string (msgid) the sections use, in table order."""
    seen: dict[str, None] = {}
    for spec in SECTIONS:
        seen[spec.title] = None
        for item in spec.items:
            seen[item.text] = None
            if item.you is not None:
                seen[item.you] = None
    return tuple(seen)


def section_applies(spec: SectionSpec, ctx: Context) -> bool:
    """True when the section suits the young person and the family asked for it."""
    topics = ctx.answers.topics
    if topics and spec.id not in topics and spec.id not in ALWAYS_SHOWN:
        return False
    return spec.applies(ctx)


def _render(spec: ItemSpec, ctx: Context, loc: Localizer) -> Item | None:
    if not spec.when(ctx):
        return None
    msgid = spec.you if spec.you is not None and ctx.speaks_to_young_person else spec.text
    text = loc.gettext(msgid)
    if spec.milestones:
        dates = [m.date for m in ctx.milestones if m.id in spec.milestones]
        if not dates:
            return None
        text = text % {"date": loc.format_date(min(dates))}
    return Item(kind=spec.kind, text=text, refs=spec.refs)


def build_sections(
    ctx: Context, loc: Localizer, services: Sequence[ServiceRecord]
) -> tuple[Section, ...]:
    """The plan's sections for this young person, in the fixed plan/v1 order.

    A section is included when it applies to the young person's age and situation and the family
    chose it (no topics means all; `information_advice` always). Each holds its content items,
    translated through `loc`, in the young person's voice when they answered for themselves from
    16, followed by up to five matching Local Offer services (see `matching.services_for`).
    """
    sections: list[Section] = []
    for spec in SECTIONS:
        if not section_applies(spec, ctx):
            continue
        items = [item for item in (_render(i, ctx, loc) for i in spec.items) if item is not None]
        items.extend(
            Item(kind="service", text=service.name, service=service)
            for service in services_for(spec.id, ctx, services)
        )
        sections.append(Section(id=spec.id, title=loc.gettext(spec.title), items=tuple(items)))
    return tuple(sections)
