"""The section map: plain Local Offer headings land in the right plan sections without setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from planner.directory.sections import SectionMapError, Term, load_section_map

HEADINGS = {
    "Short breaks": {"short_breaks"},
    "Careers advice": {"careers"},  # "advice" alone is a fallback word
    "Supported living": {"housing"},
    "Speech and language therapy": {"health"},
    "SENDIASS": {"information_advice", "ehc_assessment", "disagreements"},
    "Mediation": {"disagreements"},
    "Transport": {"transport"},
    "Personal budgets": {"personal_budgets"},
    "Health": {"health"},
    "Benefits advice": {"money"},
    "Leisure": {"community"},
    "Youth clubs": {"community"},
    "Childcare": {"phase_transitions"},
    "Apprenticeships": {"work", "careers"},
    "Supported internships": {"work", "careers"},
    "Travel training": {"transport"},
    "Direct payments": {"personal_budgets"},
    "Tribunal appeals": {"disagreements"},
    "Housing options": {"housing"},
    "Moving to secondary school": {"phase_transitions"},
}


@pytest.mark.parametrize(("heading", "sections"), HEADINGS.items())
def test_headings_map_by_term_name(heading: str, sections: set[str]) -> None:
    smap = load_section_map()
    assert (
        set(smap.sections_for("Unnamed", "", [Term("x1", heading, "esdServiceTypes")])) == sections
    )


@pytest.mark.parametrize(("heading", "sections"), HEADINGS.items())
def test_headings_map_by_service_name(heading: str, sections: set[str]) -> None:
    assert set(load_section_map().sections_for(heading, "")) == sections


def test_description_is_only_a_fallback() -> None:
    smap = load_section_map()
    # The name decides; the description's passing mention of transport does not add a section.
    assert smap.sections_for("Youth club", "Transport is not provided.") == ["community"]
    assert smap.sections_for("The Hive", "A youth club for disabled teenagers.") == ["community"]
    assert smap.sections_for("The Hive", "Somewhere to meet.") == []


def test_term_named_like_a_section_id_and_term_ids() -> None:
    smap = load_section_map()
    assert smap.sections_for("X", "", [Term("short_breaks", "short_breaks", "csv")]) == [
        "short_breaks"
    ]
    sendiass = Term("sendiass", "Our partner", "exampleshire-local-offer")
    assert set(smap.sections_for("X", "", [sendiass])) == {
        "information_advice",
        "ehc_assessment",
        "disagreements",
    }


def test_whole_words_only() -> None:
    smap = load_section_map()
    assert smap.sections_for("Pipeline startup", "") == []  # not "pip", not "art"


@pytest.mark.parametrize(
    ("eligibility", "expected"),
    [
        ("Young people aged 16 to 24 with an EHC plan only.", True),
        ("Must have an education, health and care plan", True),
        ("EHCP holders", True),
        ("Open to all; no EHC plan needed.", False),
        ("Children with or without an EHC plan", False),
        ("An EHC plan is not required.", False),
        ("Any child with SEND", False),
        (None, False),
    ],
)
def test_ehc_plan_only(eligibility: str | None, expected: bool) -> None:
    assert load_section_map().is_ehc_plan_only(eligibility) is expected


def test_ehc_plan_only_from_a_term() -> None:
    assert load_section_map().is_ehc_plan_only(None, [Term("c1", "Has an EHC plan")])
    assert not load_section_map().is_ehc_plan_only(None, [Term("c2", "EHC needs assessment")])


def test_council_map_from_config(
    tmp_path: Path, ctx: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    custom = tmp_path / "map.toml"
    custom.write_text(
        '[term_ids]\n"lga:42" = ["money"]\n'
        '[[rules]]\nsections = ["community"]\nkeywords = ["bowls"]\n'
    )
    monkeypatch.setitem(ctx.config, "OFFER_SECTION_MAP", str(custom))
    smap = load_section_map()
    assert smap.sections_for("Bowls club", "") == ["community"]
    assert smap.sections_for("X", "", [Term("42", "Anything", "lga")]) == ["money"]


def test_bad_map_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\nsections = ["holidays"]\nkeywords = ["x"]\n')
    with pytest.raises(SectionMapError, match="unknown section"):
        load_section_map(bad)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Preparing for adulthood hub", {"work", "housing", "community"}),
        ("Independent travel training for preparing for adulthood", {"transport"}),
        ("General advice line", {"information_advice"}),
    ],
)
def test_broad_words_only_place_services_nothing_else_placed(name, expected):
    assert set(load_section_map().sections_for(name, "")) == expected
