"""A late council duty is shown first and plainly: on the plan page (with the letter and the
one-step update), in the PDF and in the posted letter."""

from __future__ import annotations

import io
from datetime import timedelta

import pdfplumber
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from planner.delivery.letter import render_letter
from planner.plans import service
from planner.plans.render import render_plan_html
from planner.rules.answers import parse_answers

TODAY = service.today_in_london()
REQUESTED = (TODAY - timedelta(weeks=8)).isoformat()
ANSWERS = {"date_of_birth": "2015-05-05", "support": "assessment_requested",
           "ehc": {"assessment_requested_on": REQUESTED}}  # fmt: skip
TITLE = "The council is late deciding about an assessment"


def test_the_plan_page_shows_the_late_duty_before_the_dates(client: FlaskClient) -> None:
    made = client.post("/api/v1/plans", json=ANSWERS).get_json()
    client.get(f"/plan/{made['id']}/open/{made['token']}")
    soup = BeautifulSoup(client.get(f"/plan/{made['id']}").get_data(as_text=True), "html.parser")
    late = soup.find(id="late")
    assert late is not None and TITLE in late.get_text()
    html = str(soup)
    assert html.index('id="next-steps"') < html.index('id="late"') < html.index('id="key-dates"')
    links = [a["href"] for a in late.find_all("a")]
    assert f"/plan/{made['id']}/letters/ehcna_decision" in links
    assert f"/plan/{made['id']}/ehc/ehc-assessment-stage" in links
    steps = soup.find(id="next-steps").get_text()
    assert "Write to the council: it is late" in steps


def test_the_pdf_html_and_the_letter_say_the_council_is_late(app: Flask) -> None:
    with app.app_context():
        answers = parse_answers(ANSWERS, TODAY)
        council = service.get_or_create_council()
        plan = service.build(answers, council, today=TODAY)
        html = render_plan_html(plan, council, answers)
        assert "The council is late" in html and TITLE in html
        pdf, summary = render_letter(
            plan=plan.to_dict(), council=council, address_lines=["1 High St", "Town", "XE1 1AA"],
            language="en", variant="standard", link="https://example/p/x", reference="ABC123",
            today=TODAY,
        )  # fmt: skip
        assert not summary
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            text = " ".join((p.extract_text() or "") for p in doc.pages)
        assert "The council is late" in text and "letter you can send" in text
