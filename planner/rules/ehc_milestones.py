"""The EHC process as plan milestones (DOMAIN.md, "The EHC process"): one rule per statutory step.

The dates and who owes each step come from planner.rules.ehc; this module holds the words a family
reads. A council duty carries a `late_summary`: once its date has passed with nothing recorded, the
plan keeps it for 26 weeks, says plainly that the council is late, and says what to do now.
"""

from __future__ import annotations

from planner.rules import ehc
from planner.rules.i18n import N_
from planner.rules.milestone_rule import MilestoneRule

_DEVON = "R (L) v Devon CC [2022] EWHC 493 (Admin)"

# What a family can do about any late council duty, in the order that usually works.
LATE_ACTION = N_(
    "Write to the council and ask for a reply within 10 working days. This plan has a letter "
    "you can send. Get free, impartial advice from your local special educational needs and "
    "disabilities information, advice and support service (SENDIASS). If the council is still "
    "late, complain to the council, then to the Local Government and Social Care Ombudsman. A "
    "solicitor can tell you about a judicial review."
)

EHC_RULES: tuple[MilestoneRule, ...] = (
    MilestoneRule(
        id="ehcna_decision",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 5(1)", "CoP 9.14"),
        title=N_("The council must decide about an EHC needs assessment"),
        summary=N_(
            "An education, health and care (EHC) needs assessment was asked for on %(start)s. "
            "The council must say if it will carry one out by %(date)s."
        ),
        action=N_(
            "If you have not heard by %(date)s, contact the council's special educational needs "
            "team. If it says no, you can appeal."
        ),
        when=lambda f: ehc.assessment_decision_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.assessment_requested_on,
        late_title=N_("The council is late deciding about an EHC needs assessment"),
        late_summary=N_(
            "The law says the council must decide within 6 weeks whether to carry out an "
            "education, health and care (EHC) needs assessment. It was asked on %(start)s, so "
            "the decision was due by %(date)s. If you have not heard, the council is late."
        ),
    ),
    MilestoneRule(
        id="ehcna_no_plan_notice",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 10(1)", "CoP 9.61"),
        title=N_("The council must say if it will not make an EHC plan"),
        summary=N_(
            "The council agreed to carry out an education, health and care (EHC) needs "
            "assessment. If it decides not to make a plan, it must tell you by %(date)s. That is "
            "16 weeks after it was asked on %(start)s."
        ),
        action=N_(
            "If the council says it will not make a plan, you can appeal. Keep every letter and "
            "write down the date it was sent."
        ),
        when=lambda f: ehc.no_plan_notice_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.assessment_requested_on,
        late_title=N_("The council is late with its decision about an EHC plan"),
        late_summary=N_(
            "The council had to tell you by %(date)s if it would not make an education, health "
            "and care (EHC) plan. If you have not heard, it is late. It must now send you a "
            "draft plan or its decision."
        ),
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
        when=lambda f: ehc.final_plan_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.assessment_requested_on,
        late_title=N_("The final EHC plan is late"),
        late_summary=N_(
            "The law says the final education, health and care (EHC) plan must be sent within "
            "20 weeks of the request on %(start)s. That was %(date)s. If you do not have it, the "
            "council is late."
        ),
    ),
    MilestoneRule(
        id="draft_response",
        kind="family_action",
        refs=("SEND Regs 2014 reg 13(1)(a)", "CFA 2014 s.38"),
        title=N_("Reply to the draft EHC plan"),
        summary=N_(
            "The draft education, health and care (EHC) plan was sent on %(start)s. You have "
            "until %(date)s to comment on it and to ask for a school or college to be named."
        ),
        action=N_(
            "Read the draft carefully. Send your comments, and the school or college you want, "
            "by %(date)s."
        ),
        when=lambda f: ehc.draft_response_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.draft_served_on,
    ),
    MilestoneRule(
        id="annual_review_due",
        kind="council_deadline",
        refs=("CFA 2014 s.44(1)", "SEND Regs 2014 reg 20"),
        title=N_("The EHC plan must be reviewed"),
        summary=N_(
            "The council must review an education, health and care (EHC) plan at least every 12 "
            "months. The last review was on %(start)s, so the next one must be by %(date)s."
        ),
        action=N_(
            "You should get 2 weeks' notice of the review meeting. If you have not been invited, "
            "contact the school or the council."
        ),
        when=lambda f: ehc.annual_review_due(f.answers.ehc),
        start=lambda f: ehc.review_base(f.answers.ehc),
        late_title=N_("The annual review of the EHC plan is late"),
        late_summary=N_(
            "The law says an education, health and care (EHC) plan must be reviewed within 12 "
            "months. The last review was on %(start)s, so the next was due by %(date)s. If there "
            "has been no review meeting, the council is late."
        ),
    ),
    MilestoneRule(
        id="review_report_due",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 20(7)", "SEND Regs 2014 reg 21(7)"),
        title=N_("The report of the annual review meeting"),
        summary=N_(
            "After the review meeting on %(start)s, whoever ran it must send everyone a report "
            "of it within 2 weeks, by %(date)s."
        ),
        action=N_("Read the report. Check that it says what was agreed at the meeting."),
        when=lambda f: ehc.review_report_due(f.answers.ehc, f.today),
        start=lambda f: f.answers.ehc.last_review_date,
        late_title=N_("The report of the annual review is late"),
        late_summary=N_(
            "The report of the review meeting on %(start)s was due by %(date)s. If you have not "
            "had it, it is late. The school or the council must send it."
        ),
    ),
    MilestoneRule(
        id="review_decision_due",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 20(10)", _DEVON),
        title=N_("The council must decide after the annual review"),
        summary=N_(
            "After the review meeting on %(start)s, the council must decide by %(date)s to keep "
            "the education, health and care (EHC) plan as it is, change it, or stop it. It must "
            "write to tell you."
        ),
        action=N_(
            "If the council decides to keep the plan as it is, you can appeal. Write down the "
            "date of its letter."
        ),
        when=lambda f: ehc.review_decision_due(f.answers.ehc, f.today),
        start=lambda f: f.answers.ehc.last_review_date,
        late_title=N_("The council is late deciding after the annual review"),
        late_summary=N_(
            "The council had to decide by %(date)s to keep, change or stop the education, health "
            "and care (EHC) plan. The review meeting was on %(start)s. If you have not had its "
            "letter, it is late."
        ),
    ),
    MilestoneRule(
        id="amendment_response",
        kind="family_action",
        refs=("SEND Regs 2014 reg 22(2)(c)",),
        title=N_("Reply to the changes proposed to the EHC plan"),
        summary=N_(
            "On %(start)s the council sent changes it wants to make to the education, health and "
            "care (EHC) plan. You have until %(date)s to reply and to ask for a school or college."
        ),
        action=N_(
            "Read the changes. Send your comments, and the school or college you want, by %(date)s."
        ),
        when=lambda f: ehc.amendment_response_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.amendments_served_on,
    ),
    MilestoneRule(
        id="amended_plan_due",
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 22(3)", _DEVON),
        title=N_("The amended EHC plan is due"),
        summary=N_(
            "After the review on %(start)s, the council decided to change the education, health "
            "and care (EHC) plan. It must send the amended plan by %(date)s."
        ),
        action=N_("When it comes, check it. You can appeal against what it says."),
        when=lambda f: ehc.amended_plan_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.last_review_date,
        late_title=N_("The amended EHC plan is late"),
        late_summary=N_(
            "After the review on %(start)s, the council decided to change the education, health "
            "and care (EHC) plan. The amended plan was due by %(date)s. If you do not have it, "
            "the council is late."
        ),
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
        when=lambda f: ehc.mediation_adviser_due(f.answers.ehc),
        start=lambda f: ehc.appealable_decision(f.answers.ehc),
    ),
    MilestoneRule(
        id="appeal_deadline",
        kind="family_action",
        refs=("CFA 2014 s.51", "HESC Rules 2008 r.20(1)(c)", "HESC Rules 2008 r.12"),
        title=N_("Last day to appeal to the tribunal"),
        summary=N_(
            "You can appeal against the council's decision of %(start)s to the First-tier "
            "Tribunal (Special Educational Needs and Disability). The tribunal must receive your "
            "appeal by %(date)s. If you get a mediation certificate, you have at least 1 month "
            "from it."
        ),
        action=N_(
            "Get free advice from your local special educational needs and disabilities "
            "information, advice and support service (SENDIASS). Send your appeal well before "
            "%(date)s, not on the last day."
        ),
        when=lambda f: ehc.appeal_deadline(f.answers.ehc),
        start=lambda f: ehc.appealable_decision(f.answers.ehc),
    ),
)
