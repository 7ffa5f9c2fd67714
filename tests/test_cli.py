"""`planner plan build` works with no server and no network, on a fresh embedded database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_planner(args, tmp_path, stdin=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PLANNER_VAR_DIR=str(tmp_path / "var"), PLANNER_ENV="development")
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_plan_build_json_on_a_fresh_database(tmp_path):
    answers = {"date_of_birth": "2015-06-02", "support": "ehc_plan"}
    result = run_planner(
        ["plan", "build", "--answers", "-", "--today", "2026-11-28"], tmp_path, json.dumps(answers)
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["generated_on"] == "2026-11-28"
    by_id = {m["id"]: m["date"] for m in plan["milestones"]}
    # Born June 2015: cohort 2014, Year 7 starts 1 Sep 2026, so the secondary transfer is past;
    # Year 8 starts 1 Sep 2027 (CoP 4.53), Year 9 on 1 Sep 2028 (Regs 20(6)).
    assert by_id["year8_careers"] == "2027-09-01"
    assert by_id["year9_pfa_review"] == "2028-09-01"
    assert (tmp_path / "var" / "planner.db").exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ('{"date_of_birth": "2015-02-30"}', "date_of_birth"),
        ("{not json", "not valid JSON"),
        ('{"date_of_birth": "2015-02-03", "colour": 1}', "colour"),
    ],
    ids=["impossible-date", "broken-json", "unknown-key"],
)
def test_plan_build_names_what_to_fix(tmp_path, answers, message):
    result = run_planner(["plan", "build", "--answers", "-"], tmp_path, answers)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_build_writes_a_file_in_a_language(tmp_path):
    src = tmp_path / "answers.json"
    src.write_text(json.dumps({"date_of_birth": "2010-01-15"}))
    out = tmp_path / "plan.json"
    result = run_planner(
        [
            "plan",
            "build",
            "--answers",
            str(src),
            "--lang",
            "es",
            "--today",
            "2026-11-28",
            "-o",
            str(out),
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["language"] == "es"
