"""The plan page opens with the next steps, groups its dates by when they matter (later ones
folded in GOV.UK details, which open without JavaScript), and never renders a PDF in a request."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import flask
import pytest

from planner.plans import service
from planner.plans.service import today_in_london
from planner.rules.types import NextStep
from tests.web.conftest import born_aged, make_plan, page, text


@pytest.fixture
def answers():
    return {
        "respondent": "parent_carer",
        "name": "Sam",
        "date_of_birth": born_aged(3).isoformat(),
        "setting": "early_years",
        "support": "ehc_plan",
        "receives_dla": True,
        "language": "en",
    }


@pytest.fixture
def with_steps(monkeypatch):
    """Plans built with next steps set here (the rules fill them in their own branch)."""
    today = today_in_london()
    steps = (
        NextStep("Ask the council for an assessment.", today - timedelta(days=3), None),
        NextStep("Visit two schools.", today + timedelta(days=30), "phase_ey_school"),
        NextStep("Talk to your nursery about support."),
    )
    build = service.build

    def built(*args, **kwargs):
        return dataclasses.replace(build(*args, **kwargs), next_steps=steps)

    monkeypatch.setattr(service, "build", built)
    return steps


def test_next_steps_come_first_with_their_dates(client, answers, with_steps):
    soup = page(client.get(make_plan(client, answers)))
    block = soup.find(id="next-steps")
    assert block is not None and block.name == "section"
    key_dates = soup.find(id="key-dates")
    assert block.find_all_next(id="key-dates"), "next steps must come before the key dates"
    assert not key_dates.find_all_next(id="next-steps")
    assert text(block.find("h2")) == "What to do next"
    items = block.select("ol > li")
    assert len(items) == 3
    late = today_in_london() - timedelta(days=3)
    assert text(items[0]).startswith(f"Now (it was due by {late.day} ")
    assert items[0].find("time")["datetime"] == late.isoformat()
    assert text(items[1]).startswith("By ") and "Visit two schools." in text(items[1])
    assert items[1].find("a")["href"] == "#milestone-phase_ey_school"
    assert text(items[2]) == "Talk to your nursery about support."
    assert items[2].find("time") is None


def test_no_next_steps_no_heading(client, answers, monkeypatch):
    # The rules always give one to five; a renderer still shows no empty heading without them.
    real = service.build
    monkeypatch.setattr(
        service, "build", lambda *a, **kw: dataclasses.replace(real(*a, **kw), next_steps=())
    )
    soup = page(client.get(make_plan(client, answers)))
    assert soup.find(id="next-steps") is None
    assert "What to do next" not in text(soup.main)


def test_later_dates_are_folded_by_stage(client, answers):
    """A three-year-old: age 16, 18 and 25 dates are later, each stage in its own <details>."""
    soup = page(client.get(make_plan(client, answers)))
    headings = [text(h) for h in soup.select("h3.govuk-heading-m")]
    assert any(h.startswith(("This school year (", "Next school year (")) for h in headings)
    assert "Later" in headings
    details = soup.select("details.govuk-details.app-later")
    stages = [d["id"] for d in details]
    assert {"later-at_16", "later-at_18", "later-to_25"} <= set(stages)
    assert stages == sorted(
        stages,
        key=[
            "later-starting_school",
            "later-moving_to_secondary",
            "later-year9",
            "later-at_16",
            "later-at_18",
            "later-to_25",
        ].index,
    )
    at_16 = soup.find(id="later-at_16")
    assert text(at_16.find("summary")).startswith("At 16 (")
    assert "milestone-pip_claim" in {li["id"] for li in at_16.select("li.app-timeline__item")}
    # Folded: no "open" attribute, so only the summary shows until it is opened.
    assert all(not d.has_attr("open") for d in details)


@pytest.fixture
def no_render_in_a_request(monkeypatch):
    """WeasyPrint raises when it is called while a request is being handled; the queue is
    patched to note what was asked of it (the worker runs later, outside any request)."""
    from planner import queue
    from planner.pdf import render as pdf_render
    from planner.plans import render as plan_render

    real = pdf_render.html_to_pdf

    def guarded(*args, **kwargs):
        if flask.has_request_context():
            raise AssertionError("a PDF was rendered inside a web request")
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_render, "html_to_pdf", guarded)
    monkeypatch.setattr(plan_render, "html_to_pdf", guarded)
    queued: list[tuple] = []
    monkeypatch.setattr(queue, "render_plan_pdf", lambda *a: queued.append(a))
    return queued


@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_download_pdf_waits_for_the_worker(app, client, answers, no_render_in_a_request, variant):
    path = make_plan(client, answers)
    plan_id = path.rsplit("/", 1)[1]
    url = f"{path}/pdf?variant={variant}"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert waiting.headers["Cache-Control"] == "no-store"
    soup = page(waiting)
    assert text(soup.h1) == "Your PDF is being made"
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and int(refresh["content"]) > 0
    assert soup.find("a", href=path), "the page links back to the plan"
    assert not soup.find("script", src=lambda s: s and "pdf" in s)
    # Enqueued by id only; a refresh while the worker is busy does not queue it again.
    assert no_render_in_a_request == [(plan_id, "en", variant)]
    assert client.get(url).status_code == 202
    assert len(no_render_in_a_request) == 1
    # The worker renders it, outside any request; the same address then serves the file.
    from tasks.render import plan_pdf

    with app.app_context():
        plan_pdf.run(plan_id, "en", variant)
    ready = client.get(url)
    assert ready.status_code == 200
    assert ready.headers["Content-Type"] == "application/pdf"
    assert ready.data.startswith(b"%PDF")
    assert len(no_render_in_a_request) == 1
