"""The plan PDF opens with its next steps (before the contents and the key dates), gives this and
next school year's dates in full and later ones as a short list by stage."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from flask import Flask

from planner.i18n import BabelLocalizer
from planner.plans import timeline
from planner.plans.render import render_plan_html, render_plan_pdf
from planner.rules.types import NextStep, Plan
from tests.pdf import samples


def with_steps(plan: Plan) -> Plan:
    steps = (
        NextStep(plan.milestones[0].action, plan.milestones[0].date, plan.milestones[0].id),
        NextStep(plan.milestones[1].title, date(2025, 2, 1), plan.milestones[1].id),
        NextStep(plan.sections[0].items[0].text),
    )
    return dataclasses.replace(plan, next_steps=steps)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_next_steps_open_the_html(app: Flask, language: str) -> None:
    plan = with_steps(samples.plan_in(language))
    with app.app_context():
        html = render_plan_html(plan, samples.council(), samples.answers(language))
    soup = BeautifulSoup(html, "html.parser")
    block = soup.find(id="next-steps")
    assert block is not None
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert ids.index("next-steps") < ids.index("contents-title") < ids.index("timeline")
    items = block.select("ol > li")
    assert len(items) == 3
    assert all(
        " ".join(i.get_text(" ", strip=True).split()).endswith(" ".join(s.text.split()))
        for i, s in zip(items, plan.next_steps, strict=True)
    )
    assert all(items[n].find("strong") for n in (0, 1)) and items[2].find("strong") is None


def test_no_next_steps_no_block(app: Flask) -> None:
    # The rules always give one to five; the PDF still shows no empty block without them.
    plan = dataclasses.replace(samples.english_plan(), next_steps=())
    with app.app_context():
        html = render_plan_html(plan, samples.council(), samples.answers())
    assert 'id="next-steps"' not in html


def test_later_dates_are_titles_and_dates_only(app: Flask) -> None:
    plan = samples.english_plan()
    grouped = timeline.group_dates(plan.milestones, plan.generated_on, plan.young_person.age)
    assert grouped.later, "the sample plan should have dates beyond next school year"
    with app.app_context():
        html = render_plan_html(plan, samples.council(), samples.answers())
    soup = BeautifulSoup(html, "html.parser")
    later = soup.select("ul.later > li")
    assert len(later) == grouped.later_count
    text = soup.get_text(" ")
    for group in grouped.later:
        for m in group.milestones:
            assert m.title in text and m.summary not in text
    full = (*grouped.this_year, *grouped.next_year)
    assert len(soup.select(".timeline tbody tr")) == len(full)


def test_first_page_of_the_pdf_reads_next_steps_first(app: Flask) -> None:
    plan = with_steps(samples.english_plan())
    with app.app_context():
        pdf = render_plan_pdf(plan, samples.council(), samples.answers(), "standard")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = " ".join((doc.pages[0].extract_text() or "").split())
    assert first.index("What to do next") < first.index("Contents")
    by = BabelLocalizer("en").format_date(plan.next_steps[0].date)
    assert f"By {by}:" in first
    assert "Now (it was due by 1 February 2025):" in first
