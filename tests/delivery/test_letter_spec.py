"""Every letter the product posts meets Notify's letter specification, judged by
tools/letter-check (which reads only the PDF): the plan letter in each direction and format,
and the reminder letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.delivery.letter import render_letter, render_reminder_letter
from planner.plans import service
from planner.rules.answers import parse_answers
from tools import letter_check

ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]


def problems(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    results = letter_check.check(path, expect_address=ADDRESS)
    return [r.line() for r in results if r.status != "PASS"]


@pytest.mark.parametrize(
    ("language", "variant"), [("en", "standard"), ("ur", "standard"), ("en", "large-print")]
)
def test_plan_letter_meets_the_specification(
    ctx: object, tmp_path: Path, language: str, variant: str
) -> None:
    council = service.get_or_create_council()
    today = service.today_in_london()
    answers = parse_answers(
        {"date_of_birth": "2011-03-04", "support": "ehc_plan", "language": language}, today
    )
    pdf, _summary = render_letter(
        plan=service.build(answers, council).to_dict(),
        council=council,
        address_lines=ADDRESS,
        language=language,
        variant=variant,
        link="https://plan.example/p/abc",
        reference="ABCD-EFGH",
        today=today,
    )
    assert problems(pdf, tmp_path) == []


def test_reminder_letter_meets_the_specification(ctx: object, tmp_path: Path) -> None:
    pdf = render_reminder_letter(
        council=service.get_or_create_council(),
        address_lines=ADDRESS,
        language="en",
        variant="standard",
        subject="Your Year 9 review is soon",
        paragraphs=("The review must look at preparing for adulthood.",),
        reference="ABCD-EFGH",
        today=service.today_in_london(),
    )
    assert problems(pdf, tmp_path) == []
