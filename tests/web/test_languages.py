"""Every page in every offered language: right lang/dir, no English left behind, and the same plan
(milestones and dates) whatever the language."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from planner.rules.types import LANGUAGES, RTL_LANGUAGES
from tests.web.conftest import page, set_answers, text

ROOT = Path(__file__).resolve().parents[2]
OTHER = [lang for lang in LANGUAGES if lang != "en"]
FULL = {
    "respondent": "parent_carer",
    "name": "Sam",
    "date_of_birth": "2013-03-10",
    "setting": "mainstream_secondary",
    "support": "ehc_plan",
    "needs": ["communication_interaction"],
    "topics": [],
    "goals": ["further_education"],
    "receives_dla": True,
    "ehc": {"last_review_date": "2026-03-01"},
}
SEEN = ["who", "name", "date-of-birth", "setting", "support", "needs", "topics", "goals", "dla"]
SEEN += ["ehc-dates", "ehc-review-outcome", "postcode"]
PAGES = [f"/questions/{p}" for p in SEEN] + [
    "/",
    "/check",
    "/privacy",
    "/accessibility",
    "/cookies",
]


@lru_cache
def english_sentences() -> frozenset[str]:
    """Source strings long enough that finding one on a translated page means it was missed."""
    with (ROOT / "translations" / "messages.pot").open("rb") as f:
        catalogue = read_po(f)
    out = set()
    for m in catalogue:
        # Names of laws and bodies stay in English on purpose.
        if (
            isinstance(m.id, str)
            and len(m.id.split()) >= 4
            and "%(" not in m.id
            and not re.search(r"Regulations|Act 20|Code of Practice|Tribunal \(|Ombudsman", m.id)
        ):
            out.add(m.id)
    return frozenset(out)


def leftover_english(html_text: str) -> list[str]:
    return sorted(s for s in english_sentences() if s in html_text)


@pytest.mark.parametrize("lang", OTHER)
@pytest.mark.parametrize("path", PAGES)
def test_page_is_in_the_language(client, lang, path):
    set_answers(client, {**FULL, "language": lang}, SEEN)
    resp = client.get(path, query_string={"lang": lang})
    assert resp.status_code == 200
    doc = page(resp)
    assert doc.html["lang"] == lang
    assert doc.html.get("dir", "ltr") == ("rtl" if lang in RTL_LANGUAGES else "ltr")
    left = leftover_english(text(doc.body))
    assert not left, f"{path} in {lang} still has English: {left[:5]}"


@pytest.mark.parametrize("lang", OTHER)
def test_plan_page_is_in_the_language(client, lang):
    created = client.post(
        "/api/v1/plans", json={k: v for k, v in FULL.items() if k != "topics"} | {"language": lang}
    ).get_json()
    client.get(f"/plan/{created['id']}/open/{created['token']}")
    doc = page(client.get(f"/plan/{created['id']}"))
    assert doc.html["lang"] == lang
    left = leftover_english(text(doc.body))
    assert not left, f"plan page in {lang} still has English: {left[:5]}"


def test_same_plan_in_every_language(client):
    plans = {
        lang: client.post("/api/v1/plans", json={**FULL, "language": lang}).get_json()["plan"]
        for lang in LANGUAGES
    }
    english = [(m["id"], m["date"], m["reminders"]) for m in plans["en"]["milestones"]]
    sections = [s["id"] for s in plans["en"]["sections"]]
    for lang, plan in plans.items():
        assert plan["language"] == lang
        assert [(m["id"], m["date"], m["reminders"]) for m in plan["milestones"]] == english
        assert [s["id"] for s in plan["sections"]] == sections
        if lang != "en":
            titles = [m["title"] for m in plan["milestones"]]
            assert titles != [m["title"] for m in plans["en"]["milestones"]], lang
