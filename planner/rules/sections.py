"""The plan's sections: what a family should know, and do, for the young person's age and situation.

All prose lives in the module-level tables below, one table per section, so that content can be read
and reviewed without reading logic. Every source string is marked with `N_()` for extraction and is
translated at build time with `loc.gettext()`; the only placeholder is `%(date)s`.

Short and plain (issue 19): each item is one to three short sentences, and depth lives behind the
council's Local Offer and GOV.UK rather than in the plan. Every item carries its legal reference,
whatever its kind (tests/rules/test_plain_english.py and test_sections.py check both).

Voice: items whose wording depends on the reader keep two source strings: `text` for a parent or
carer ("your child"), and `you` for a young person who answered for themselves
(`Context.speaks_to_young_person`). Most items are written so one wording suits both. Acronyms are
spelled out on first use in each section; "EHC" is only written out in full inside items.

When a section appears. It must also be one of the topics the family chose (no topics means all);
`information_advice` appears whatever the topics. "Year" is the effective school year; a child too
young for nursery counts as before it, and anyone aged 5 or over without a year group as having
left school (after Year 13). Each condition below carries its own words, which the content register
prints (`planner content register`).

Traineeships ended in England on 31 July 2023 and are never offered here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.rules.conditions import all_of, any_of
from planner.rules.i18n import N_
from planner.rules.matching import services_for
from planner.rules.predicates import (
    ALWAYS,
    ASSESSMENT_REQUESTED,
    HAS_PLAN,
    IN_HIGHER_EDUCATION,
    NO_PLAN,
    NOT_ASSESSMENT_REQUESTED,
    NOT_IN_HIGHER_EDUCATION,
    NOT_RECEIVES_DLA,
    OVER_COMPULSORY_SCHOOL_AGE,
    PARENT_VOICE,
    POST16_LEARNER,
    SECONDARY_DEADLINE_PASSED,
    SUMMER_BORN,
    Predicate,
    age_from,
    age_under,
    chose_goal,
    goal,
    in_school_years,
    need,
    setting_not,
    year_from,
    year_to,
)
from planner.rules.types import Context, Item, ItemKind, Localizer, Section, ServiceRecord

# --- Tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    """One piece of content. `text` speaks to a parent or carer; `you` (if given) to a young person.

    `id` is stable, for the content register. With `milestones`, the item appears only when one of
    those milestones is in the plan, and `%(date)s` is filled with the earliest one's date.
    """

    id: str
    kind: ItemKind
    text: str
    refs: tuple[str, ...]
    when: Predicate = ALWAYS
    you: str | None = None
    milestones: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """A plan section: its id (a topic name), title, when it applies and its content."""

    id: str
    title: str
    applies: Predicate
    items: tuple[ItemSpec, ...]


_EHC_PLAN_REVIEWS_ADULT_LIFE = ("SEND Regs 2014 reg 20(6)", "SEND Regs 2014 reg 21(6)", "CoP 8.10")

PHASE_TRANSITIONS = SectionSpec(
    id="phase_transitions",
    title=N_("Moving on to a new school, college or stage"),
    applies=all_of(NOT_IN_HIGHER_EDUCATION, any_of(year_to(13), all_of(HAS_PLAN, age_under(26)))),
    items=(
        ItemSpec(
            "early_education",
            "right",
            N_(
                "All 3- and 4-year-olds can get 15 hours of free early education a week. Some "
                "2-year-olds can too."
            ),
            ("Childcare Act 2006 s.7", "CoP 4.37"),
            when=all_of(year_to(-1), age_under(5)),
        ),
        ItemSpec(
            "summer_born",
            "info",
            N_(
                "Your child was born between April and August. They can start Reception later in "
                "the school year, or part-time, until they are 5. You can also ask for them to "
                "start Reception a year later. Ask the admissions team in writing, and say why."
            ),
            ("School Admissions Code 2021 para 2.17", "School Admissions Code 2021 para 2.18"),
            when=all_of(SUMMER_BORN, year_to(-1), age_under(5)),
        ),
        ItemSpec(
            "late_secondary_application",
            "info",
            N_(
                "If you missed the 31 October deadline, apply now. Late applications are looked "
                "at after the others. If you do not get a school you want, you can appeal."
            ),
            (
                "School Admissions Code 2021",
                "School Admissions Appeals Code 2022",
                "School Standards and Framework Act 1998 s.94",
            ),
            when=all_of(NO_PLAN, SECONDARY_DEADLINE_PASSED),
        ),
        ItemSpec(
            "phase_transfer",
            "right",
            N_(
                "Before each move to a new school, the council must review the education, "
                "health and care (EHC) plan and name the new place. The last day is 14 February, "
                "or 30 March for a move after Year 11."
            ),
            ("SEND Regs 2014 reg 18(1)", "CoP 9.179", "CoP 9.180"),
            when=all_of(HAS_PLAN, year_to(11)),
        ),
        ItemSpec(
            "post16_move",
            "right",
            N_(
                "For a move between two post-16 places, the council must change the education, "
                "health and care plan at least 5 months before."
            ),
            ("SEND Regs 2014 reg 18(2)",),
            when=all_of(HAS_PLAN, POST16_LEARNER),
        ),
        ItemSpec(
            "name_a_school",
            "right",
            N_(
                "You can ask for a school or college to be named in the education, health and "
                "care plan. The council must agree, unless it is not suitable or costs too much. "
                "This includes places on the government's Section 41 list."
            ),
            ("CFA 2014 s.38", "CFA 2014 s.39", "CFA 2014 s.41"),
            when=HAS_PLAN,
        ),
        ItemSpec(
            "share_what_helps",
            "action",
            N_(
                "Ask the school to share what helps your child with the new place. Ask for extra "
                "visits."
            ),
            ("CoP 4.32",),
            you=N_(
                "Ask your school to share what helps you with your next place. Ask for extra "
                "visits."
            ),
        ),
        ItemSpec(
            "stay_to_18",
            "right",
            N_(
                "Young people must stay in education or training until 18. This can be school, "
                "college, an apprenticeship, or work with study."
            ),
            ("Education and Skills Act 2008 Part 1",),
            when=all_of(year_from(12), age_under(18)),
        ),
    ),
)

CAREERS = SectionSpec(
    id="careers",
    title=N_("Careers and planning ahead"),
    applies=all_of(year_from(7), age_under(26)),
    items=(
        ItemSpec(
            "careers_duty",
            "right",
            N_(
                "Schools must give free careers advice from Year 7. From Year 8, colleges and "
                "training providers must get the chance to talk to pupils."
            ),
            ("EA 1997 s.42A", "EA 1997 s.42B"),
            when=in_school_years(7, 13),
        ),
        ItemSpec(
            "careers_meeting",
            "action",
            N_("Ask for a careers meeting for your child. Go with them if you can."),
            ("CoP 4.53",),
            you=N_("Ask for a careers meeting. You can take someone with you."),
        ),
        ItemSpec(
            "disabled_students_allowance",
            "info",
            N_(
                "At university, Disabled Students' Allowance pays for extra help. Apply for it "
                "with the student finance form. Allow about 14 weeks."
            ),
            ("Education (Student Support) Regs 2011", "CoP 4.30"),
            when=all_of(any_of(chose_goal("higher_education"), IN_HIGHER_EDUCATION), year_from(9)),
        ),
        ItemSpec(
            "university_ends_plan",
            "info",
            N_("An education, health and care plan ends when the young person starts university."),
            ("CoP 9.201",),
            when=all_of(HAS_PLAN, any_of(chose_goal("higher_education"), IN_HIGHER_EDUCATION)),
        ),
    ),
)

WORK = SectionSpec(
    id="work",
    title=N_("Getting ready for work"),
    applies=all_of(year_from(9), age_under(26)),
    items=(
        ItemSpec(
            "apprenticeships",
            "info",
            N_(
                "Apprenticeships are paid jobs with training, from age 16. With an education, "
                "health and care plan, English and maths can be at Entry Level 3."
            ),
            ("CoP 4.53", "Apprenticeship funding rules"),
            when=goal("apprenticeship", "employment"),
        ),
        ItemSpec(
            "supported_internships",
            "info",
            N_(
                "Supported internships are for people aged 16 to 24 with an education, health "
                "and care plan. Most of the time is spent at work, with a job coach."
            ),
            ("CoP 4.53", "CoP 8.38"),
            when=goal("supported_internship", "employment"),
        ),
        ItemSpec(
            "access_to_work",
            "info",
            N_(
                "From 16, Access to Work can pay for support in a job, such as a job coach or "
                "travel."
            ),
            ("Employment and Training Act 1973 s.2", "CoP 4.53"),
        ),
        ItemSpec(
            "reasonable_adjustments_work",
            "right",
            N_(
                "Employers must make reasonable changes, so disabled people are not held back at "
                "work."
            ),
            ("Equality Act 2010 s.20", "Equality Act 2010 s.39"),
        ),
        ItemSpec(
            "work_experience",
            "action",
            N_("Ask the school or college about work experience."),
            ("CoP 8.10",),
            when=year_to(13),
        ),
    ),
)

HOUSING = SectionSpec(
    id="housing",
    title=N_("Somewhere to live and adult care"),
    applies=all_of(year_from(9), age_under(26)),
    items=(
        ItemSpec(
            "kinds_of_home",
            "info",
            N_(
                "Places to live include the family home, a shared house, a rented home or "
                "supported living."
            ),
            ("CoP 4.54",),
        ),
        ItemSpec(
            "living_skills",
            "action",
            N_(
                "Start practising cooking, shopping, money and travel. The school or college can "
                "help."
            ),
            ("CoP 4.54",),
        ),
        ItemSpec(
            "adult_needs_assessment",
            "right",
            N_("Adult social care must assess anyone over 18 who seems to need care and support."),
            ("Care Act 2014 s.9",),
            when=age_from(17),
        ),
        ItemSpec(
            "housing_register",
            "action",
            N_("Ask the council's housing team about joining the housing register."),
            ("Housing Act 1996 Part 6",),
            when=age_from(16),
        ),
        ItemSpec(
            "disabled_facilities_grant",
            "info",
            N_("A Disabled Facilities Grant can pay for changes to a home, such as a ramp."),
            ("Housing Grants, Construction and Regeneration Act 1996 Part 1",),
        ),
    ),
)

COMMUNITY = SectionSpec(
    id="community",
    title=N_("Friends, activities and the community"),
    applies=all_of(year_from(9), age_under(26)),
    items=(
        ItemSpec(
            "things_to_do",
            "info",
            N_("The Local Offer lists clubs, sports, arts and youth groups."),
            ("CoP 4.55",),
        ),
        ItemSpec(
            "reasonable_adjustments_clubs",
            "right",
            N_(
                "Clubs and leisure centres must make reasonable changes so disabled young people "
                "can join in."
            ),
            ("Equality Act 2010 s.20", "Equality Act 2010 s.29"),
        ),
        ItemSpec(
            "volunteering",
            "info",
            N_("Volunteering is a good way to make friends and learn skills for work."),
            ("CoP 4.55",),
            when=goal("volunteering"),
        ),
        ItemSpec(
            "online_safety",
            "action",
            N_(
                "Talk with your child about staying safe online, and about people who try to "
                "trick them."
            ),
            ("CoP 4.55",),
            you=N_("Learn how to stay safe online. Ask your school or college for help."),
        ),
    ),
)

HEALTH = SectionSpec(
    id="health",
    title=N_("Health"),
    applies=ALWAYS,
    items=(
        ItemSpec(
            "health_services",
            "info",
            N_(
                "The Local Offer lists health services, such as speech therapy and mental health "
                "help."
            ),
            ("CoP 4.40",),
        ),
        ItemSpec(
            "medical_conditions",
            "right",
            N_(
                "Schools must support pupils with medical conditions. Ask for a healthcare plan "
                "if needed."
            ),
            ("CFA 2014 s.100",),
            when=all_of(
                in_school_years(0, 13),
                setting_not("college", "apprenticeship", "employment", "higher_education"),
            ),
        ),
        ItemSpec(
            "nhs_must_arrange",
            "right",
            N_(
                "If health support is written into an education, health and care plan, the NHS "
                "must arrange it."
            ),
            ("CFA 2014 s.42",),
            when=HAS_PLAN,
        ),
        ItemSpec(
            "adult_health_move",
            "action",
            N_(
                "Ask each health team when the move to adult services will happen, and who will "
                "help."
            ),
            ("NICE NG43",),
            when=year_from(9),
        ),
        ItemSpec(
            "mental_health_move",
            "info",
            N_(
                "Children's mental health services usually end at 18. Ask early how the move will "
                "work."
            ),
            ("NICE NG43",),
            when=all_of(age_from(14), age_under(19), need("social_emotional_mental_health")),
        ),
        ItemSpec(
            "learning_disability_health_check",
            "info",
            N_(
                "From 14, people with a learning disability can have a free health check every "
                "year. Ask the doctor about it."
            ),
            ("NHS England Learning Disability Annual Health Check scheme",),
            when=all_of(age_from(13), need("cognition_learning")),
        ),
        ItemSpec(
            "consent_from_16",
            "right",
            N_("From 16, young people can usually make their own choices about health treatment."),
            ("Family Law Reform Act 1969 s.8", "Mental Capacity Act 2005"),
            when=age_from(15),
        ),
    ),
)

MONEY = SectionSpec(
    id="money",
    title=N_("Money and benefits"),
    applies=ALWAYS,
    items=(
        ItemSpec(
            "dla_children",
            "info",
            N_(
                "Disability Living Allowance (DLA) helps with the extra costs of disability for "
                "children under 16."
            ),
            ("SSCBA 1992 s.71",),
            when=age_under(16),
        ),
        ItemSpec(
            "carers_allowance",
            "info",
            N_(
                "If you care for your child for 35 hours a week or more, you may get Carer's "
                "Allowance."
            ),
            ("SSCBA 1992 s.70",),
            when=PARENT_VOICE,
        ),
        ItemSpec(
            "pip_from_16",
            "info",
            N_(
                "From 16, people with a long-term illness or disability can claim Personal "
                "Independence Payment. It helps with extra costs."
            ),
            ("Welfare Reform Act 2012 s.77",),
            when=all_of(age_from(14), NOT_RECEIVES_DLA),
        ),
        ItemSpec(
            "appointee",
            "info",
            N_(
                "If your child cannot manage their own benefits, you can ask to be their appointee."
            ),
            ("Social Security (Claims and Payments) Regs 1987 reg 33",),
            # With DLA before 16, the pip_claim milestone says this.
            when=all_of(
                age_from(14), age_under(18), PARENT_VOICE, any_of(NOT_RECEIVES_DLA, age_from(16))
            ),
        ),
        ItemSpec(
            "child_benefit_to_20",
            "info",
            N_(
                "Child Benefit can go on to age 20 while the young person is in full-time school "
                "or college, or approved training. Apprenticeships do not count."
            ),
            ("SSCBA 1992 s.142", "Child Benefit (General) Regs 2006 reg 3"),
            # Before 16 the child_benefit_16 milestone says when it stops.
            when=all_of(age_from(16), age_under(20)),
        ),
        ItemSpec(
            "universal_credit_students",
            "info",
            N_(
                "Most full-time students cannot get Universal Credit. Some disabled students "
                "can. Get advice before you claim."
            ),
            ("Universal Credit Regs 2013 reg 13", "Universal Credit Regs 2013 reg 14"),
            when=age_from(16),
        ),
    ),
)

PERSONAL_BUDGETS = SectionSpec(
    id="personal_budgets",
    title=N_("Personal Budgets"),
    applies=all_of(any_of(HAS_PLAN, ASSESSMENT_REQUESTED), age_under(26)),
    items=(
        ItemSpec(
            "personal_budget",
            "right",
            N_(
                "A Personal Budget is money for some of the support in an education, health and "
                "care plan. You can ask for one when a plan is being made, or at a review."
            ),
            ("CFA 2014 s.49", "CoP 9.95"),
        ),
        ItemSpec(
            "direct_payments",
            "info",
            N_("It can be paid to you, or the council or someone you choose can manage it."),
            ("SEN (Personal Budgets) Regs 2014",),
        ),
        ItemSpec(
            "personal_budget_refused",
            "right",
            N_(
                "If the council says no, you can ask it to look again. You cannot appeal this to "
                "the tribunal."
            ),
            ("CFA 2014 s.49", "SEN (Personal Budgets) Regs 2014", "CoP 9.95–9.124"),
        ),
    ),
)

EHC_ASSESSMENT = SectionSpec(
    id="ehc_assessment",
    title=N_("Education, health and care (EHC) needs assessments and plans"),
    applies=all_of(age_under(26), any_of(HAS_PLAN, NOT_IN_HIGHER_EDUCATION)),
    items=(
        # Without a plan: support in school and how to ask for an assessment.
        ItemSpec(
            "sen_support",
            "right",
            N_(
                "Schools and colleges must do their best to meet special educational needs "
                "(SEN). This is called SEN support. Ask to talk to the special educational needs "
                "coordinator (SENCO)."
            ),
            ("CFA 2014 s.66", "CFA 2014 s.67"),
            when=NO_PLAN,
        ),
        ItemSpec(
            "ask_for_assessment",
            "right",
            N_(
                "If needs are not being met, you can ask the council for an EHC needs "
                "assessment. The school can ask too, and a young person can ask for themselves."
            ),
            ("CFA 2014 s.36", "CoP 9.8"),
            when=NO_PLAN,
        ),
        ItemSpec(
            "write_to_council",
            "action",
            N_("Write to the council. Say why an assessment is needed, and keep a copy."),
            ("CoP 9.8",),
            when=all_of(NO_PLAN, NOT_ASSESSMENT_REQUESTED),
        ),
        ItemSpec(
            "assessment_timescales",
            "right",
            N_(
                "The council must decide within 6 weeks. If it will not make a plan, it must say "
                "so within 16 weeks. You get 15 days to comment on a draft plan. The final plan is "
                "due within 20 weeks."
            ),
            (
                "SEND Regs 2014 reg 5",
                "SEND Regs 2014 reg 10",
                "SEND Regs 2014 reg 13",
            ),
            when=NO_PLAN,
        ),
        # With a plan: annual reviews and ending a plan.
        ItemSpec(
            "annual_review",
            "right",
            N_(
                "The council must review the plan at least every 12 months. You get 2 weeks' "
                "notice of the meeting. Within 4 weeks, the council must say if it will keep, "
                "change or end the plan."
            ),
            ("CFA 2014 s.44", "SEND Regs 2014 reg 20", "SEND Regs 2014 reg 22"),
            when=HAS_PLAN,
        ),
        ItemSpec(
            "under_5_reviews",
            "info",
            N_(
                "For children under 5, the council should think about a review every 3 to 6 months."
            ),
            ("CoP 9.178",),
            when=all_of(HAS_PLAN, age_under(5)),
        ),
        ItemSpec(
            "reviews_adult_life",
            "right",
            N_("From Year 9, each review must cover adult life: work, a home, friends and health."),
            _EHC_PLAN_REVIEWS_ADULT_LIFE,
            when=all_of(HAS_PLAN, year_from(9)),
        ),
        ItemSpec(
            "ending_a_plan",
            "right",
            N_("The council must talk to you before it ends a plan. You can appeal."),
            ("SEND Regs 2014 reg 31", "CFA 2014 s.45", "CFA 2014 s.51"),
            when=HAS_PLAN,
        ),
    ),
)

DISAGREEMENTS = SectionSpec(
    id="disagreements",
    title=N_("If you disagree or want to complain"),
    applies=ALWAYS,
    items=(
        ItemSpec(
            "disagreement_resolution",
            "right",
            N_(
                "Talk to the school, college or council first. The council must also offer free, "
                "independent help to settle disagreements."
            ),
            ("CFA 2014 s.57",),
        ),
        ItemSpec(
            "appeals",
            "right",
            N_(
                "You can appeal to a tribunal if the council will not assess, will not make a "
                "plan, or ends one. You can also appeal what a plan says."
            ),
            ("CFA 2014 s.51",),
        ),
        ItemSpec(
            "mediation",
            "right",
            N_(
                "Before most appeals, you must talk to a mediation adviser. Then you have 2 "
                "months from the decision letter to appeal, or 1 month from the mediation "
                "certificate if that is later."
            ),
            ("CFA 2014 s.55", "HESC Rules 2008 r.20"),
        ),
        ItemSpec(
            "discrimination_claim",
            "right",
            N_(
                "If a school treats a disabled pupil unfairly, you can claim to the same tribunal "
                "within 6 months."
            ),
            ("Equality Act 2010 Sch 17",),
            when=all_of(in_school_years(0, 13), age_under(19)),
        ),
        ItemSpec(
            "ombudsman",
            "right",
            N_(
                "To complain about the council, use its complaints process first. Then you can go "
                "to the Local Government and Social Care Ombudsman within 12 months."
            ),
            ("Local Government Act 1974 s.26B",),
        ),
        ItemSpec(
            "nhs_complaints",
            "info",
            N_(
                "For the NHS, complain to the service first. Then you can go to the Parliamentary "
                "and Health Service Ombudsman."
            ),
            ("Health Service Commissioners Act 1993 s.3",),
        ),
    ),
)

TRANSPORT = SectionSpec(
    id="transport",
    title=N_("Travel to school or college"),
    applies=all_of(NOT_IN_HIGHER_EDUCATION, any_of(age_under(19), all_of(HAS_PLAN, age_under(26)))),
    items=(
        ItemSpec(
            "transport_before_school_age",
            "info",
            N_(
                "Free school transport starts at compulsory school age. Ask the council about "
                "help before then."
            ),
            ("EA 1996 s.508B",),
            when=all_of(year_to(0), PARENT_VOICE),
        ),
        ItemSpec(
            "free_school_transport",
            "right",
            N_(
                "Children aged 5 to 16 can get free transport to the nearest suitable school. "
                "This is when it is over 2 miles away (under 8) or 3 miles (8 or over). It is "
                "also when they cannot walk there because of their needs."
            ),
            ("EA 1996 s.508B", "EA 1996 Sch 35B"),
            when=all_of(year_to(11), age_under(17)),
        ),
        ItemSpec(
            "apply_for_transport",
            "action",
            N_("Apply for school transport early, before a move."),
            ("EA 1996 s.508B",),
            when=all_of(year_to(11), age_under(17)),
        ),
        ItemSpec(
            "post16_statement_this_year",
            "info",
            N_("This year's statement on help with travel after 16 is due by %(date)s."),
            ("EA 1996 s.509AA",),
            when=in_school_years(11, 11),
            milestones=("post16_transport_statement",),
        ),
        ItemSpec(
            "post16_statement",
            "right",
            N_(
                "Each year by 31 May, the council must publish how it helps students aged 16 to "
                "18 travel."
            ),
            ("EA 1996 s.509AA",),
            when=all_of(year_from(12), age_under(19)),
        ),
        ItemSpec(
            "transport_19_to_25",
            "right",
            N_(
                "For learners aged 19 to 25 with an education, health and care plan, transport "
                "the council says is needed must be free."
            ),
            ("EA 1996 s.508F",),
            when=all_of(HAS_PLAN, age_from(18)),
        ),
        ItemSpec(
            "travel_training",
            "action",
            N_("Ask about travel training. It helps young people learn to travel on their own."),
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
            "short_breaks",
            "right",
            N_(
                "The council must offer short breaks for disabled children. Its statement says "
                "what there is."
            ),
            ("Breaks for Carers of Disabled Children Regs 2011 reg 5", "CoP 4.44"),
        ),
        ItemSpec(
            "disabled_child_assessment",
            "right",
            N_(
                "The council can assess a disabled child's needs and give support, such as short "
                "breaks."
            ),
            ("Children Act 1989 s.17",),
        ),
        ItemSpec(
            "parent_carer_assessment",
            "right",
            N_("As a parent carer, you can ask the council to assess your own needs."),
            ("Children Act 1989 s.17ZD",),
            you=N_("Your parents or carers can ask the council to assess their own needs."),
        ),
        ItemSpec(
            "young_carer_assessment",
            "right",
            N_("A brother or sister who helps care can ask for a young carer's assessment."),
            ("Children Act 1989 s.17ZA",),
            when=PARENT_VOICE,
        ),
        ItemSpec(
            "childcare",
            "right",
            N_(
                "The council must make sure there is enough childcare, including for disabled "
                "children."
            ),
            ("Childcare Act 2006 s.6",),
            when=all_of(age_under(14), PARENT_VOICE),
        ),
        ItemSpec(
            "carer_assessment_before_18",
            "right",
            N_("Before your child turns 18, you can ask for a carer's assessment for adult life."),
            ("Care Act 2014 s.60",),
            when=all_of(age_from(14), PARENT_VOICE),
        ),
    ),
)

INFORMATION_ADVICE = SectionSpec(
    id="information_advice",
    title=N_("Where to get information, advice and support"),
    applies=ALWAYS,
    items=(
        ItemSpec(
            "sendiass",
            "right",
            N_(
                "Your local special educational needs and disabilities (SEND) Information, Advice "
                "and Support Service (SENDIASS) can help. Its advice is free and fair."
            ),
            ("CFA 2014 s.32", "CoP 4.30"),
        ),
        ItemSpec(
            "local_offer",
            "right",
            N_(
                "The council's Local Offer lists support from birth to 25. If you cannot use the "
                "internet, ask for it another way."
            ),
            ("CFA 2014 s.30", "CoP 4.62"),
        ),
        ItemSpec(
            "views_heard",
            "right",
            N_(
                "The council must listen to your child's views and yours, and help you both take "
                "part."
            ),
            ("CFA 2014 s.19",),
            you=N_("The council must listen to your views and help you take part in decisions."),
        ),
        ItemSpec(
            "decisions_pass",
            "right",
            N_(
                "After compulsory school age, your child makes most choices about their support. "
                "They can ask you to help. If they cannot decide, you may act for them."
            ),
            ("CFA 2014 s.83(2)", "CFA 2014 s.80", "Mental Capacity Act 2005"),
            # Before then the csa_end milestone says this.
            when=OVER_COMPULSORY_SCHOOL_AGE,
            you=N_(
                "After compulsory school age, you make most choices about your support. You can "
                "ask your family or an adviser to help."
            ),
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
    16, followed by up to three matching Local Offer services (see `matching.services_for`).
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
