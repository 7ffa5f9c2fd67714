"""Key rotation: with a new key in front, `planner keys rotate` re-encrypts every value, after
which the old key can be dropped and everything still reads."""

from __future__ import annotations

from cryptography.fernet import Fernet

from planner import crypto
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service
from planner.rules.answers import parse_answers


def test_rotate_then_drop_the_old_key(app):
    old_keys = app.config["PLANNER_DATA_KEYS"]
    new_key = Fernet.generate_key().decode()
    try:
        with app.app_context():
            answers = parse_answers({"date_of_birth": "2014-03-10"}, service.today_in_london())
            record, _ = service.create_plan(answers, service.get_or_create_council())
            plan_id = record.id
            app.config["PLANNER_DATA_KEYS"] = f"{new_key},{old_keys}"
            result = app.test_cli_runner().invoke(args=["keys", "rotate"])
            assert result.exit_code == 0, result.output
            assert "plan: 1 values re-encrypted" in result.output
            app.config["PLANNER_DATA_KEYS"] = new_key  # the old key is gone
            db.session.expire_all()
            stored = db.session.get(PlanRecord, plan_id)
            assert crypto.decrypt_json(stored.answers_enc)["date_of_birth"] == "2014-03-10"
    finally:
        app.config["PLANNER_DATA_KEYS"] = old_keys
