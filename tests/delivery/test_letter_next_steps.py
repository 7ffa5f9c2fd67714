"""The posted letter opens with the plan's next steps (after the address page's header), then
the dates grouped by when they matter; no heading when the plan has no next steps."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pdfplumber
import pytest
from flask import Flask

from planner.delivery.letter import render_letter
from planner.plans import timeline
from planner.rules.types import NextStep, Plan
from tests.pdf import samples


def letter_text(plan: Plan, language: str = "en") -> str:
    pdf, summary = render_letter(
        plan=plan.to_dict(),
        council=samples.council(),
        address_lines=["Ms A Example", "10 High Street", "Leeds", "LS1 4AP"],
        language=language,
        variant="standard",
        link="https://plan.example/p/abc",
        reference="ABCD-EFGH",
        today=date(2025, 3, 1),
    )
    assert not summary
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in doc.pages)


@pytest.mark.parametrize("with_steps", [True, False])
def test_letter_opens_with_next_steps(ctx: Flask, with_steps: bool) -> None:
    # The rules always give next steps; without them the letter shows no empty block.
    plan = dataclasses.replace(samples.english_plan(), next_steps=())
    if with_steps:
        plan = dataclasses.replace(
            plan,
            next_steps=(
                NextStep("Ask the school about the review meeting.", date(2025, 3, 20)),
                NextStep("Write down what matters to your child."),
            ),
        )
    text = letter_text(plan)
    if with_steps:
        assert text.index("What to do next") < text.index("Important dates")
        assert "By 20 March 2025: Ask the school about the review meeting." in text
        assert "Write down what matters to your child." in text
    else:
        assert "What to do next" not in text
    grouped = timeline.group_dates(plan.milestones, plan.generated_on, plan.young_person.age)
    assert "This school year (2024 to 2025)" in text
    if grouped.later:
        assert "Later" in text
        later = grouped.later[0].milestones[0]
        assert later.title in text and " ".join(later.summary.split()) not in text
