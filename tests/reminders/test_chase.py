"""The reminder the day after a council duty falls due asks "has the council written to you?" and
links to the one question that records the answer."""

from __future__ import annotations

from datetime import date

from planner.extensions import db
from planner.reminders import messages
from planner.reminders.models import Reminder

WAITING = {
    "date_of_birth": "2015-05-05",
    "support": "assessment_requested",
    "ehc": {"assessment_requested_on": "2025-11-03"},  # decision due 15 December 2025
}


def reminders_for(record, milestone_id):
    rows = db.session.execute(
        db.select(Reminder).filter_by(plan_id=record.id, milestone_id=milestone_id)
    ).scalars()
    return {r.remind_on: r for r in rows}


def test_the_day_after_asks_and_links_to_the_question(make_plan, subscribe):
    record = make_plan(**WAITING)
    subscribe(record, "email", today=date(2025, 11, 10))
    by_day = reminders_for(record, "ehcna_decision")
    assert set(by_day) == {date(2025, 12, 1), date(2025, 12, 16)}
    chase = messages.render(by_day[date(2025, 12, 16)])
    assert "Has the council written to you?" in chase.body
    assert "?update=ehc-assessment-stage" in chase.body
    before = messages.render(by_day[date(2025, 12, 1)])
    assert "Has the council written to you?" not in before.body


def test_family_actions_get_no_chase(make_plan, subscribe):
    record = make_plan(**{**WAITING, "ehc": {"decision_sent_on": "2025-11-03"}})
    subscribe(record, "email", today=date(2025, 11, 10))
    for reminder in reminders_for(record, "appeal_deadline").values():
        assert "Has the council written to you?" not in messages.render(reminder).body
