"""Posted letters keep every mark at least 2 mm inside GOV.UK Notify's printable area (x 15-195 mm,
y 5-292 mm on A4): measured on each glyph and each drawn box with pdfplumber, on every page of
long letters in English and Arabic, standard and large print (issue 18 point 5)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pdfplumber
import pytest
from flask import Flask

from planner.delivery.letter import render_letter
from planner.rules.types import NextStep
from tests.pdf import samples

MM = 72 / 25.4
PRINTABLE = {"left": 15, "right": 195, "top": 5, "bottom": 292}  # mm from the top-left corner
SPARE = 2  # mm


def letter(language: str, variant: str) -> bytes:
    """A letter of several pages: the sample plan with next steps, in `language`'s script."""
    plan = samples.plan_in(language)
    steps = tuple(NextStep(m.action, m.date, m.id) for m in plan.milestones[:5])
    plan = dataclasses.replace(plan, next_steps=steps)
    pdf, summary = render_letter(
        plan=plan.to_dict(),
        council=samples.council(),
        address_lines=["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"],
        language=language,
        variant=variant,
        link="https://plan.example/p/abcdefghijklmnopqrstuvwxyz0123456789",
        reference="ABCD-EFGH",
        today=date(2025, 3, 1),
    )
    assert not summary
    return pdf


def marks(page: pdfplumber.page.Page) -> list[tuple[str, dict]]:
    """Every glyph and graphic on the page, with its box in points from the top-left corner."""
    found = [(f"glyph {c['text']!r}", c) for c in page.chars if c["text"].strip()]
    for kind in ("rects", "lines", "curves", "images"):
        found += [(kind[:-1], obj) for obj in getattr(page, kind)]
    return found


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_all_ink_is_two_mm_inside_the_printable_area(
    ctx: Flask, language: str, variant: str
) -> None:
    pdf = letter(language, variant)
    inner = {
        "left": (PRINTABLE["left"] + SPARE) * MM,
        "right": (PRINTABLE["right"] - SPARE) * MM,
        "top": (PRINTABLE["top"] + SPARE) * MM,
        "bottom": (PRINTABLE["bottom"] - SPARE) * MM,
    }
    outside = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2, "the test needs pages after the first (page numbers)"
        for number, page in enumerate(doc.pages, start=1):
            assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
            for what, box in marks(page):
                if (
                    box["x0"] < inner["left"]
                    or box["x1"] > inner["right"]
                    or box["top"] < inner["top"]
                    or box["bottom"] > inner["bottom"]
                ):
                    outside.append(
                        f"page {number} {what}: x {box['x0'] / MM:.1f}-{box['x1'] / MM:.1f} mm,"
                        f" y {box['top'] / MM:.1f}-{box['bottom'] / MM:.1f} mm"
                    )
            if number > 1:
                # The page number is there, and well above the bottom edge of the printable area.
                digits = [c for c in page.chars if c["text"].isdigit()]
                lowest = max(c["bottom"] for c in digits) / MM
                assert lowest <= PRINTABLE["bottom"] - SPARE
    assert outside == []
