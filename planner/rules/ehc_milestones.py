"""The EHC process as plan milestones (DOMAIN.md, "The EHC process"): one rule per statutory step.

The dates and who owes each step come from planner.rules.ehc; this module holds the words a family
reads. As everywhere in the plan, the milestone's date is shown beside its text, so the text does
not repeat it. A council duty carries a `late_summary`: once its date has passed with nothing
recorded, the plan keeps it for 26 weeks, says plainly that the council is late, and says what to
do now.
"""

from __future__ import annotations

from planner.rules import ehc
from planner.rules.i18n import N_
from planner.rules.milestone_rule import MilestoneRule

_DEVON = "R (L) v Devon CC [2022] EWHC 493 (Admin)"

# What a family can do about any late council duty, in the order that usually works.
LATE_ACTION = N_(
    "If the council has written to you, tell us. If not, ask it in writing to reply within 10 "
    "working days, using our letter. Get free advice from your local information, advice and "
    "support service. If it stays late, complain to the council, then to the Local Government "
    "and Social Care Ombudsman. A solicitor can advise on judicial review."
)
# When several duties are late, the full advice is given once, on the first (oldest).
LATE_ACTION_AGAIN = N_("Add this to the same letter.")
_LATE_STEP = N_("Write to the council: it is late")

EHC_RULES: tuple[MilestoneRule, ...] = (
    MilestoneRule(
        id="ehcna_decision",
        step=N_("Check the council has decided about the assessment"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 5(1)", "CoP 9.14"),
        title=N_("The council must decide about an assessment"),
        summary=N_(
            "An education, health and care (EHC) needs assessment was asked for on %(start)s. "
            "The council must say if it will do one."
        ),
        action=N_("If you have not heard, contact the council. If it says no, you can appeal."),
        when=lambda f: ehc.assessment_decision_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.assessment_requested_on,
        date_text="the request + 6 weeks, until the council decides, drafts a plan or refuses",
        late_title=N_("The council is late deciding about an assessment"),
        late_summary=N_(
            "The council had 6 weeks from the request on %(start)s to decide about an education, "
            "health and care (EHC) needs assessment."
        ),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="ehcna_no_plan_notice",
        step=N_("Check if the council will make a plan"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 10(1)", "CoP 9.61"),
        title=N_("The council must say if it will not make a plan"),
        summary=N_(
            "The council agreed to do an education, health and care (EHC) needs assessment. If "
            "it will not make a plan, it must tell you by 16 weeks after the request."
        ),
        action=N_("If it says no, you can appeal. Keep every letter and its date."),
        when=lambda f: ehc.no_plan_notice_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.assessment_requested_on,
        date_text="the request + 16 weeks, after the council agreed to assess",
        late_title=N_("The council is late with its decision about a plan"),
        late_summary=N_(
            "The council had 16 weeks to say if it would not make an education, health and care "
            "(EHC) plan."
        ),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="ehcna_final_plan",
        step=N_("Check the final plan has been sent"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 13(2)", "CoP 9.40"),
        title=N_("The final plan is due"),
        summary=N_(
            "If the council makes an education, health and care (EHC) plan, the final plan is "
            "due 20 weeks after the request."
        ),
        action=N_("Keep a record of dates and letters. If the plan is late, ask the council why."),
        when=lambda f: ehc.final_plan_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.assessment_requested_on,
        date_text="the request + 20 weeks, unless the council refused to assess or to make a plan",
        late_title=N_("The final plan is late"),
        late_summary=N_(
            "The final education, health and care (EHC) plan was due 20 weeks after the request on "
            "%(start)s."
        ),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="draft_response",
        step=N_("Reply to the draft plan"),
        kind="family_action",
        refs=("SEND Regs 2014 reg 13(1)(a)", "CFA 2014 s.38"),
        title=N_("Reply to the draft plan"),
        summary=N_(
            "The draft plan was sent on %(start)s. You have 15 days to reply, counting that day."
        ),
        action=N_("Send your comments and the name of the school or college you want."),
        when=lambda f: ehc.draft_response_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.draft_served_on,
        date_text="the day the draft was served + 14 days, until the final plan",
    ),
    MilestoneRule(
        id="annual_review_due",
        step=N_("Check the date of the next review"),
        kind="council_deadline",
        refs=("CFA 2014 s.44(1)", "SEND Regs 2014 reg 20"),
        title=N_("The plan must be reviewed"),
        summary=N_(
            "The council must review the education, health and care (EHC) plan every year. The "
            "last review, or the plan, was on %(start)s."
        ),
        action=N_(
            "You should get 2 weeks' notice of the meeting. If not, ask the school or council."
        ),
        when=lambda f: ehc.annual_review_due(f.answers.ehc),
        start=lambda f: ehc.review_base(f.answers.ehc),
        date_text="the last review (or else the final plan) + 12 months - 1 day",
        late_title=N_("The annual review is late"),
        late_summary=N_(
            "The education, health and care (EHC) plan had to be reviewed within 12 months of "
            "%(start)s."
        ),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="review_report_due",
        step=N_("Check you have the review report"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 20(7)", "SEND Regs 2014 reg 21(7)"),
        title=N_("The report of the review meeting is due"),
        summary=N_(
            "After the review meeting on %(start)s, whoever ran it must send everyone a report "
            "within 2 weeks."
        ),
        action=N_("Read the report. Check it says what was agreed at the meeting."),
        when=lambda f: ehc.review_report_due(f.answers.ehc, f.today),
        start=lambda f: f.answers.ehc.last_review_date,
        date_text="the review meeting + 2 weeks, while the decision is awaited",
        late_title=N_("The report of the annual review is late"),
        late_summary=N_("The report of the review meeting on %(start)s was due within 2 weeks."),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="review_decision_due",
        step=N_("Check the council has decided after the review"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 20(10)", _DEVON),
        title=N_("The council must decide after the review"),
        summary=N_(
            "After the review meeting on %(start)s, the council must write to say if it will keep "
            "the plan as it is, change it, or stop it."
        ),
        action=N_(
            "If it keeps the plan as it is, you can appeal. Write down the date of its letter."
        ),
        when=lambda f: ehc.review_decision_due(f.answers.ehc, f.today),
        start=lambda f: f.answers.ehc.last_review_date,
        date_text="the review meeting + 4 weeks, while the decision is awaited",
        late_title=N_("The council is late deciding after the annual review"),
        late_summary=N_(
            "After the review meeting on %(start)s, the council had 4 weeks to decide about the "
            "education, health and care (EHC) plan."
        ),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="amendment_response",
        step=N_("Reply to the changes to the plan"),
        kind="family_action",
        refs=("SEND Regs 2014 reg 22(2)(c)",),
        title=N_("Reply to the changes to the plan"),
        summary=N_(
            "On %(start)s the council sent changes it wants to make to the plan. You have 15 days "
            "to reply, counting that day."
        ),
        action=N_("Send your comments and the name of the school or college you want."),
        when=lambda f: ehc.amendment_response_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.amendments_served_on,
        date_text="the notice of proposed amendments + 14 days, until the amended plan",
    ),
    MilestoneRule(
        id="amended_plan_due",
        step=N_("Check the amended plan has been sent"),
        kind="council_deadline",
        refs=("SEND Regs 2014 reg 22(3)", _DEVON),
        title=N_("The amended plan is due"),
        summary=N_(
            "After the review on %(start)s, the council decided to change the education, health "
            "and care (EHC) plan. It must send the amended plan."
        ),
        action=N_("When it comes, check it. You can appeal against what it says."),
        when=lambda f: ehc.amended_plan_due(f.answers.ehc),
        start=lambda f: f.answers.ehc.last_review_date,
        date_text="the earlier of the notice of proposed amendments + 8 weeks and the review + "
        "12 weeks",
        late_title=N_("The amended plan is late"),
        late_summary=N_(
            "The amended education, health and care (EHC) plan was due after the review on "
            "%(start)s."
        ),
        late_step=_LATE_STEP,
    ),
    MilestoneRule(
        id="mediation_adviser",
        step=N_("Contact a mediation adviser"),
        kind="family_action",
        refs=("CFA 2014 s.55", "SEND Regs 2014 reg 33"),
        title=N_("Contact a mediation adviser"),
        summary=N_(
            "Before most appeals, you must talk to a mediation adviser. You do not need to if "
            "you only disagree about the school named."
        ),
        action=N_("Contact the mediation service named in the council's letter."),
        when=lambda f: ehc.mediation_adviser_due(f.answers.ehc),
        start=lambda f: ehc.appealable_decision(f.answers.ehc),
        date_text="the latest appealable decision + 2 months",
    ),
    MilestoneRule(
        id="appeal_deadline",
        step=N_("Get your appeal to the tribunal in time"),
        kind="family_action",
        refs=("CFA 2014 s.51", "HESC Rules 2008 r.20(1)(c)", "HESC Rules 2008 r.12"),
        title=N_("Last day to appeal"),
        summary=N_(
            "The tribunal must get your appeal about the decision of %(start)s by this date. A "
            "mediation certificate can give you longer."
        ),
        action=N_("Get free advice first. Send your appeal well before the last day."),
        when=lambda f: ehc.appeal_deadline(f.answers.ehc),
        start=lambda f: ehc.appealable_decision(f.answers.ehc),
        date_text="the later of the latest appealable decision + 2 months and the mediation "
        "certificate + 1 month, moved for Christmas, August and non-working days",
    ),
)
