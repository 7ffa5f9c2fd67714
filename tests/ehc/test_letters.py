"""The letter a family can send when a council duty is late: its words, the CLI and the web page."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from planner.plans.service import today_in_london
from planner.rules.answers import parse_answers
from planner.rules.ehc_letter import LetterError, build_letter, letter_milestones
from planner.rules.i18n import EnglishLocalizer
from planner.rules.milestones import build_milestones
from tests.test_cli import ROOT, run_planner

EN = EnglishLocalizer()
TODAY = date(2026, 4, 1)
LATE_REQUEST = {"date_of_birth": "2015-05-05", "name": "Sam", "support": "assessment_requested",
                "ehc": {"assessment_requested_on": "2026-02-02"}}  # fmt: skip


def letter(answers: dict[str, Any], milestone_id: str, today: date = TODAY, **kw: Any) -> Any:
    parsed = parse_answers(answers, today)
    return build_letter(
        parsed, build_milestones(parsed, today, EN), milestone_id, today, EN,
        council_name=kw.get("council_name", "Exampleshire County Council"),
        council_address=kw.get("council_address", ()),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("ehc", "today", "milestone_id", "words"),
    [
        pytest.param(
            {"assessment_requested_on": "2026-02-02"},
            TODAY,
            "ehcna_decision",
            ["2 February 2026", "16 March 2026", "SEND Regs 2014 reg 5(1)"],
            id="assessment-decision",
        ),  # fmt: skip
        pytest.param(
            {"assessment_requested_on": "2026-02-02"},
            date(2026, 7, 1),
            "ehcna_final_plan",
            ["22 June 2026", "20 weeks", "reg 13(2)"],
            id="final-plan",
        ),  # fmt: skip
        pytest.param(
            {"assessment_requested_on": "2026-02-02", "assessment_decision": "assess"},
            date(2026, 6, 1),
            "ehcna_no_plan_notice",
            ["25 May 2026", "reg 10(1)"],
            id="no-plan-notice",
        ),  # fmt: skip
        pytest.param(
            {"last_review_date": "2025-01-10"},
            date(2026, 1, 20),
            "annual_review_due",
            ["10 January 2025", "9 January 2026", "CFA 2014 s.44(1)"],
            id="annual-review",
        ),  # fmt: skip
        pytest.param(
            {"last_review_date": "2026-01-05"},
            date(2026, 1, 20),
            "review_report_due",
            ["5 January 2026", "19 January 2026", "reg 20(7)"],
            id="review-report",
        ),  # fmt: skip
        pytest.param(
            {"last_review_date": "2026-01-05", "review_decision": "waiting"},
            date(2026, 2, 10),
            "review_decision_due",
            ["2 February 2026", "keep, change or stop", "Devon"],
            id="review-decision",
        ),  # fmt: skip
        pytest.param(
            {"last_review_date": "2026-01-05", "review_decision": "amend"},
            date(2026, 4, 1),
            "amended_plan_due",
            ["30 March 2026", "reg 22(3)"],
            id="amended-plan",
        ),  # fmt: skip
    ],
)
def test_each_late_duty_has_its_letter(
    ehc: dict[str, str], today: date, milestone_id: str, words: list[str]
) -> None:
    got = letter({"date_of_birth": "2015-05-05", "ehc": ehc}, milestone_id, today)
    text = got.text()
    for w in words:
        assert w in text, (w, text)
    assert "10 working days" in text and "Ombudsman" in text
    assert "About: the child or young person born on 5 May 2015" in text
    assert "%(" not in text


def test_a_letter_asks_for_a_reply_in_10_working_days_and_goes_to_the_council() -> None:
    got = letter(LATE_REQUEST, "ehcna_decision", council_address=("SEND Team", "County Hall"))
    # 1 April 2026 + 10 working days, skipping Good Friday and Easter Monday.
    assert got.reply_by == date(2026, 4, 17)
    assert "by 17 April 2026" in got.text()
    assert got.to_lines == ("SEND Team", "County Hall")
    assert got.text().startswith("SEND Team\nCounty Hall\n\n1 April 2026\n\nFormal request: ")
    assert "About: Sam, date of birth 5 May 2015" in got.text()
    plain = letter(LATE_REQUEST, "ehcna_decision")
    assert plain.to_lines == ("Special educational needs team", "Exampleshire County Council")


@pytest.mark.parametrize(
    ("milestone_id", "today", "reason"),
    [
        pytest.param("ehcna_decision", date(2026, 3, 16), "not late", id="due-today"),
        pytest.param("annual_review_due", TODAY, "not in this plan", id="not-in-the-plan"),
        pytest.param("csa_end", TODAY, "no letter", id="not-a-council-duty"),
        pytest.param("draft_response", TODAY, "no letter", id="a-family-action"),
    ],
)
def test_no_letter_unless_the_council_is_late(milestone_id: str, today: date, reason: str) -> None:
    with pytest.raises(LetterError, match=reason):
        letter(LATE_REQUEST, milestone_id, today)


def test_letters_exist_for_every_council_duty_of_the_ehc_process() -> None:
    from planner.rules.ehc_milestones import EHC_RULES

    duties = {r.id for r in EHC_RULES if r.late_summary}
    assert set(letter_milestones()) == duties


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_prints_the_letter(tmp_path: Path) -> None:
    result = run_planner(
        ["plan", "letter", "--answers", "-", "--today", "2026-04-01", "--milestone",
         "ehcna_decision"], tmp_path, json.dumps(LATE_REQUEST),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Formal request: The council is late deciding about an assessment" in (result.stdout)
    assert "by 17 April 2026" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--today", "2026-03-01", "--milestone", "ehcna_decision"], "is not late", id="not-late"
        ),  # fmt: skip
        pytest.param(
            ["--today", "2026-04-01", "--milestone", "appeal_deadline"],
            "no letter",
            id="not-a-duty",
        ),  # fmt: skip
        pytest.param(
            ["--today", "2026-04-01", "--milestone", "annual_review_due"],
            "not in this plan",
            id="not-in-plan",
        ),  # fmt: skip
    ],
)
def test_cli_says_why_there_is_no_letter(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_planner(
        ["plan", "letter", "--answers", "-", *args], tmp_path, json.dumps(LATE_REQUEST)
    )
    assert result.returncode == 1
    assert message in result.stderr


def test_cli_writes_a_one_page_pdf_in_arabic(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    result = run_planner(
        ["plan", "letter", "--answers", "-", "--today", "2026-04-01", "--milestone",
         "ehcna_decision", "--lang", "ar", "--format", "pdf", "-o", str(out)],
        tmp_path, json.dumps(LATE_REQUEST),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    # The project's accessible-PDF checks: tagged, a heading and its bookmark, Arabic text.
    checked = subprocess.run(
        [sys.executable, "tools/pdf-check", str(out), "--lang", "ar", "--no-verapdf"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout


# --- The web page --------------------------------------------------------------------------------


def _late_plan(client: FlaskClient) -> str:
    today = today_in_london()
    requested = (today - timedelta(weeks=8)).isoformat()
    answers = {"date_of_birth": "2015-05-05", "support": "assessment_requested",
               "ehc": {"assessment_requested_on": requested}}  # fmt: skip
    made = client.post("/api/v1/plans", json=answers).get_json()
    assert client.get(f"/plan/{made['id']}/open/{made['token']}").status_code in (302, 303)
    return str(made["id"])


def test_the_letter_page_and_its_pdf(client: FlaskClient) -> None:
    plan_id = _late_plan(client)
    page = client.get(f"/plan/{plan_id}/letters/ehcna_decision")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "A letter you can send to the council" in html
    assert "within 10 working days" in html
    assert page.headers["Cache-Control"] == "no-store"
    pdf = client.get(f"/plan/{plan_id}/letters/ehcna_decision.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


@pytest.mark.parametrize("milestone_id", ["ehcna_final_plan", "csa_end", "nonsense"])
def test_no_page_for_a_duty_that_is_not_late(client: FlaskClient, milestone_id: str) -> None:
    plan_id = _late_plan(client)
    assert client.get(f"/plan/{plan_id}/letters/{milestone_id}").status_code == 404


def test_another_browser_cannot_open_the_letter(client: FlaskClient, app: Any) -> None:
    plan_id = _late_plan(client)
    other = app.test_client()
    assert other.get(f"/plan/{plan_id}/letters/ehcna_decision").status_code == 404
