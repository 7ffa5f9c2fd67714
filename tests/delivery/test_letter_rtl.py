"""In a right-to-left letter the council's phone number and the reference keep their own order
(a bare "01632 960000" in Urdu text otherwise comes out as "960000 01632")."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from planner.delivery.letter import render_letter
from planner.plans import service
from planner.rules.answers import parse_answers


@pytest.mark.parametrize("language", ["ur", "ar", "en"])
def test_numbers_keep_their_order_in_every_direction(ctx, language):
    council = service.get_or_create_council()
    answers = parse_answers(
        {"date_of_birth": "2016-10-02", "language": language}, service.today_in_london()
    )
    pdf, _summary = render_letter(
        plan=service.build(answers, council).to_dict(),
        council=council,
        address_lines=["Ms A Example", "10 High Street", "Leeds", "LS1 4AP"],
        language=language,
        variant="standard",
        link="https://plan.example/p/abc",
        reference="ABCD-EFGH",
        today=service.today_in_london(),
    )
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = doc.pages[0].extract_text()
    assert council.contact_phone == "01632 960000"
    assert "01632 960000" in text
    assert "ABCD-EFGH" in text
