"""Opt in, answers changing, opt out, the stop link and erasure."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from planner import crypto
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.reminders import service
from planner.reminders.dispatch import dispatch
from planner.reminders.models import Reminder, ReminderSubscription
from planner.rules.answers import parse_answers


def statuses(record):
    rows = db.session.execute(db.select(Reminder).filter_by(plan_id=record.id)).scalars()
    return Counter(r.status for r in rows)


def test_opt_in_records_consent_and_encrypts_the_contact(make_plan, subscribe):
    record = make_plan()
    sub = subscribe(record, "sms")
    assert sub.consent_wording == service.CONSENT_WORDING
    assert sub.consent_given_by == "test" and sub.consent_given_at is not None
    assert b"07700" not in sub.contact_enc and b"447700900123" not in sub.contact_enc
    contact = crypto.decrypt_json(sub.contact_enc)
    assert contact.pop("link_token")  # the reminders' own secret link to the plan
    assert contact == {"phone_number": "447700900123"}
    reminders = service.reminders_for(record)
    assert reminders and {r.status for r in reminders} == {"pending"}
    # Every reminder date the plan shows has exactly one row.
    plan_dates = {
        (m.id, d) for m in service.milestones_as_of(record, date(2020, 6, 1)) for d in m.reminders
    }
    assert {(r.milestone_id, r.remind_on) for r in reminders} == plan_dates


def test_opting_in_twice_keeps_one_row_per_reminder(make_plan, subscribe):
    record = make_plan()
    subscribe(record, "email")
    first = {r.id for r in service.reminders_for(record)}
    subscribe(record, "letter")
    again = service.reminders_for(record)
    assert {r.id for r in again} == first
    assert {r.channel for r in again} == {"letter"}


def step(first, last):
    """Run the dispatcher at 09:30 London every day from `first` to `last` inclusive."""
    day = first
    while day <= last:
        dispatch(plans_time(f"{day.isoformat()}T09:30"))
        day += timedelta(days=1)


def test_changed_answers_keep_sent_cancel_gone_and_add_new(make_plan, subscribe, queued):
    # Year 6 from September 2026: secondary application by 31 October, reminders on 19 September,
    # 17 October and 28 October.
    record = make_plan(date_of_birth="2016-03-10", support="sen_support")
    subscribe(record, "email", today=date(2026, 9, 1))
    step(date(2026, 9, 1), date(2026, 10, 20))
    secondary = {
        r.remind_on: r
        for r in db.session.execute(
            db.select(Reminder).filter_by(milestone_id="secondary_application")
        ).scalars()
    }
    assert [secondary[d].status for d in sorted(secondary)] == ["sent", "sent", "pending"]
    sent_ids = {r.id for r in service.reminders_for(record) if r.status == "sent"}

    # The family now has an EHC plan: the secondary application no longer applies and the EHC
    # phase transfer (14 February 2027, Regs 18(1)(b)) does.
    answers = parse_answers(
        {"date_of_birth": "2016-03-10", "support": "ehc_plan"}, today=date(2026, 10, 21)
    )
    plans.update_answers(record, answers)
    service.rebuild(record, today=date(2026, 10, 21))
    db.session.expire_all()
    assert [secondary[d].status for d in sorted(secondary)] == ["sent", "sent", "cancelled"]
    assert {r.id for r in service.reminders_for(record) if r.status == "sent"} == sent_ids
    phase = [
        r for r in service.reminders_for(record) if r.milestone_id == "phase_primary_secondary"
    ]
    assert [r.remind_on for r in phase] == [
        date(2026, 12, 20),
        date(2027, 1, 31),
        date(2027, 2, 15),
    ]
    assert {r.status for r in phase} == {"pending"}

    # Stepping on, the new ones go out and nothing already sent goes again.
    step(date(2026, 10, 21), date(2027, 2, 20))
    db.session.expire_all()
    assert {r.status for r in phase} == {"sent"}
    deliveries = Counter(r.delivery_id for r in service.reminders_for(record) if r.delivery_id)
    assert set(deliveries.values()) == {1}
    assert len(queued) == len(set(queued)) == len(deliveries)


def plans_time(text):
    from planner.reminders.timing import parse_now

    return parse_now(text)


def test_opt_out_cancels_every_future_reminder_at_once(make_plan, subscribe, queued):
    record = make_plan()
    subscribe(record, "sms")
    assert service.opt_out(record) is True
    assert set(statuses(record)) == {"cancelled"}
    sub = service.subscription_for(record)
    assert sub.active is False and sub.contact_enc is None and sub.opted_out_at is not None
    assert dispatch(plans_time("2035-01-01T12:00")).sent == 0
    assert service.opt_out(record) is False  # twice is harmless
    # Opting in again brings back only what is still ahead.
    subscribe(record, "email", today=date(2020, 6, 1))
    assert set(statuses(record)) == {"pending"}


def test_stop_token_stops_and_a_forged_one_does_not(make_plan, subscribe):
    record = make_plan()
    sub = subscribe(record, "email")
    token = service.stop_token(sub)
    assert len(token) <= 24
    assert service.stop(token[:-1] + ("a" if token[-1] != "a" else "b")) is False
    assert service.stop("nonsense") is False
    assert set(statuses(record)) == {"pending"}
    assert service.stop(token) is True
    assert set(statuses(record)) == {"cancelled"}


def test_a_reminder_stopped_after_it_was_claimed_is_not_handed_on(make_plan, subscribe, queued):
    from planner.reminders.dispatch import claim_due, hand_off

    record = make_plan()
    subscribe(record, "email", today=date(2020, 6, 1))
    first = service.reminders_for(record)[0]
    ids = claim_due(first.due_at, limit=10)
    assert ids
    service.opt_out(record)
    assert hand_off(ids, first.due_at) == [("cancelled", None)] * len(ids)
    assert db.session.execute(db.select(Delivery)).first() is None


def test_erasure_removes_reminders_subscription_and_contact(make_plan, subscribe, queued):
    record = make_plan()
    subscribe(record, "letter")
    first = service.reminders_for(record)[0]
    dispatch(first.due_at)
    plan_id = record.id
    plans.erase_plan(record)
    assert db.session.get(PlanRecord, plan_id) is None
    for model in (Reminder, ReminderSubscription, Delivery):
        assert db.session.execute(db.select(model).filter_by(plan_id=plan_id)).first() is None


def test_rebuild_without_subscription_cancels_nothing_it_should_not(make_plan, subscribe):
    record = make_plan()
    service.rebuild(record, today=date(2020, 6, 1))
    assert statuses(record) == Counter()
