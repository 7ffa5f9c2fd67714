"""Reminders only within two years, and the nightly job that adds the rest as they come near
(issue 19): no family is messaged now about age 16, and none misses it later."""

from __future__ import annotations

from datetime import date

from planner.extensions import db
from planner.reminders import service
from planner.reminders.models import Reminder

OPT_IN = date(2026, 12, 2)


def rows(record) -> dict[tuple[str, date], str]:
    found = db.session.execute(db.select(Reminder).filter_by(plan_id=record.id)).scalars()
    return {(r.milestone_id, r.remind_on): r.status for r in found}


def test_a_young_childs_family_gets_no_reminder_years_ahead(make_plan, subscribe):
    record = make_plan(date_of_birth="2023-07-10")
    subscribe(record, "email", today=OPT_IN)
    made = rows(record)
    assert made, "the Reception application is within two years"
    assert all(remind_on <= date(2028, 12, 2) for _, remind_on in made)
    assert not {m for m, _ in made} & {"csa_end", "child_benefit_16", "continuing_care_14"}
    # The plan still lists those milestones; only their reminders wait.
    later = {m.id for m in service.milestones_as_of(record, OPT_IN)}
    assert {"csa_end", "child_benefit_16"} <= later


def test_the_nightly_job_adds_reminders_as_they_come_within_two_years(make_plan, subscribe):
    record = make_plan(date_of_birth="2023-07-10")
    subscribe(record, "sms", today=OPT_IN)
    before = rows(record)
    # 8 weeks before the 14th birthday (10 July 2037) is 15 May 2037: made on 15 May 2035.
    assert service.extend_horizon(date(2035, 5, 14)) == 1
    assert ("continuing_care_14", date(2037, 5, 15)) not in rows(record)
    assert service.extend_horizon(date(2035, 5, 15)) == 1
    after = rows(record)
    assert after[("continuing_care_14", date(2037, 5, 15))] == "pending"
    # Earlier rows are kept as they were (sent, skipped or pending), never duplicated.
    assert set(before) <= set(after)
    assert len(after) == len(set(after))


def test_the_nightly_job_is_idempotent(make_plan, subscribe):
    record = make_plan(date_of_birth="2020-01-15")
    subscribe(record, "email", today=OPT_IN)
    day = date(2027, 3, 1)
    assert service.extend_horizon(day) == 1
    once = rows(record)
    assert service.extend_horizon(day) == 0  # already built today: nothing to do
    assert service.extend_plan(record.id, day) is False
    assert rows(record) == once


def test_the_nightly_job_skips_plans_that_stopped_reminders(make_plan, subscribe):
    record = make_plan(date_of_birth="2023-07-10")
    subscribe(record, "email", today=OPT_IN)
    service.opt_out(record)
    assert service.extend_horizon(date(2035, 5, 15)) == 0
    assert "pending" not in set(rows(record).values())


def test_beat_runs_the_job_every_night(app):
    celery = app.extensions["celery"]
    entry = celery.conf.beat_schedule["reminders-extend-horizon-nightly"]
    assert entry["task"] == "reminders.extend_horizon"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {15}
    celery.loader.import_default_modules()
    assert "reminders.extend_horizon" in celery.tasks
