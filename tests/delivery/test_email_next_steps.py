"""The email that carries the plan opens with the plan's next steps, each with its date in the
family's language; a plan without next steps gets no empty heading."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from flask import Flask

from planner.delivery import messages
from planner.i18n import BabelLocalizer
from planner.plans import service as plans
from planner.plans import timeline
from planner.rules.types import NextStep
from tests.delivery.conftest import make_plan

TODAY = date(2026, 11, 20)
STEPS = (
    NextStep("Reply to the draft plan.", date(2026, 11, 26), "draft_response"),
    NextStep("Ask the council why the decision is late.", date(2026, 11, 1), "ehcna_decision"),
    NextStep("Talk to the school's special educational needs coordinator."),
)


@pytest.mark.parametrize(
    ("language", "first_lines"),
    [
        (
            "en",
            [
                "What to do next:",
                "",
                "1. By 26 November 2026: Reply to the draft plan.",
                "2. Now (it was due by 1 November 2026): Ask the council why the decision is late.",
                "3. Talk to the school's special educational needs coordinator.",
            ],
        ),
    ],
)
def test_email_body_opens_with_the_next_steps(language: str, first_lines: list[str]) -> None:
    shown = timeline.shown_steps(STEPS, TODAY, BabelLocalizer(language))
    text = messages.email_message(
        language=language,
        council="Exampleshire County Council",
        link="https://plan.example/p/abc",
        reference="ABCD-EFGH",
        phone="01632 960000",
        attached=True,
        next_steps=shown,
    )
    lines = text["body"].split("\n")
    assert lines[: len(first_lines)] == first_lines
    assert "https://plan.example/p/abc" in text["body"]


@pytest.mark.parametrize("language", ["pl", "ar", "bn"])
def test_next_steps_in_the_family_language(language: str) -> None:
    shown = timeline.shown_steps(STEPS[:1], TODAY, BabelLocalizer(language))
    text = messages.next_steps_text(shown, language)
    assert BabelLocalizer(language).format_date(date(2026, 11, 26)) in text
    assert not text.startswith("What to do next")


def test_no_next_steps_no_heading() -> None:
    body = messages.email_message(
        language="en",
        council="Exampleshire County Council",
        link="https://plan.example/p/abc",
        reference="ABCD-EFGH",
        phone="01632 960000",
        attached=True,
    )["body"]
    assert body.startswith("Here is the transition plan")
    assert "What to do next" not in body


def test_the_sent_email_opens_with_the_plans_next_steps(
    dctx: Flask, notify: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = plans.build
    monkeypatch.setattr(
        plans,
        "build",
        lambda *a, **k: dataclasses.replace(build(*a, **k), next_steps=STEPS[2:]),
    )
    record, token = make_plan()
    response = dctx.test_client().post(
        f"/api/v1/plans/{record.id}/deliveries",
        json={"channel": "email", "email_address": "a@example.com"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 202
    [sent] = notify.sent("email")
    body = sent.body["personalisation"]["body"]
    assert body.startswith(
        "What to do next:\n\n1. Talk to the school's special educational needs coordinator.\n\n"
    )
