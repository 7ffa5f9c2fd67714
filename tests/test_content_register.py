"""`planner content register`: every milestone and item, when it shows, its text and its law,
for a council's legal reviewer (issue 19, point 6). Same style as tests/test_cli.py."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

from planner.content import register
from planner.rules.i18n import EnglishLocalizer
from planner.rules.milestones import RULES
from planner.rules.sections import SECTIONS
from tests.test_cli import run_planner


@pytest.fixture(scope="module")
def csv_rows(tmp_path_factory):
    result = run_planner(
        ["content", "register", "--format", "csv"], tmp_path_factory.mktemp("register")
    )
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_lists_every_milestone_and_item_once(csv_rows):
    assert list(csv_rows[0]) == list(register.CSV_COLUMNS)
    milestones = [r["id"] for r in csv_rows if r["kind"] == "milestone"]
    assert milestones == [rule.id for rule in RULES]
    items = [r["id"] for r in csv_rows if r["section"]]
    assert items == [f"{s.id}.{i.id}" for s in SECTIONS for i in s.items]
    steps = [r["id"] for r in csv_rows if r["kind"] == "next_step"]
    assert len(steps) == len(RULES) + 2  # one per milestone, and the two for "nothing due"


def test_every_row_says_when_what_and_which_law(csv_rows):
    for row in csv_rows:
        assert row["when"].strip(), row["id"]
        assert row["text"].strip(), row["id"]
        assert row["refs"].strip(), row["id"]
        assert "%(" not in row["text"] + row["text_young_person"]
        assert "traineeship" not in row["text"].lower()


@pytest.mark.parametrize(
    ("row_id", "kind", "words"),
    [
        # "When it shows" is read from the conditions the rules run, not a second list.
        ("phase_infant_junior", "milestone", "has an EHC plan and school is infant"),
        ("pip_claim", "milestone", "listed until 56 days after the date"),
        ("post16_transport_statement", "milestone", "from Year 9"),
        ("phase_transitions.summer_born", "info", "born 1 April to 31 August"),
        ("information_advice.sendiass", "right", "always, whatever topics the family chose"),
        ("transport.post16_statement_this_year", "info", "in Year 11"),
        ("work.supported_internships", "info", "goal is supported_internship or employment"),
    ],
)
def test_when_it_shows_in_words(csv_rows, row_id, kind, words):
    row = next(r for r in csv_rows if r["id"] == row_id and r["kind"] == kind)
    assert words in row["when"]


def test_text_is_the_plans_text(csv_rows):
    draft = next(r for r in csv_rows if r["id"] == "draft_response" and r["kind"] == "milestone")
    assert draft["text"].startswith("Reply to the draft plan / The draft plan was sent on [start")
    assert "SEND Regs 2014 reg 13(1)(a)" in draft["refs"]
    voice = next(r for r in csv_rows if r["id"] == "information_advice.views_heard")
    assert "your child's views" in voice["text"] and "your views" in voice["text_young_person"]


def test_every_string_goes_through_the_catalogue():
    class Shouty(EnglishLocalizer):
        language = "xx"

        def gettext(self, message: str) -> str:
            return message.upper()

    for row in register.rows(Shouty()):
        assert row.text == row.text.upper(), row.id


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_html_is_a_standalone_readable_page(tmp_path, lang, direction):
    out = tmp_path / "register.html"
    result = run_planner(["content", "register", "--lang", lang, "-o", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang and soup.html["dir"] == direction
    assert soup.h1 and soup.title
    # Nothing from outside the file: a reviewer can open it from an email or a disk.
    assert not soup.find("script") and not soup.find("link") and not soup.find(src=True)
    body_rows = soup.select("tbody tr")
    assert len(body_rows) == len(list(register.rows(EnglishLocalizer())))
    assert len(soup.find_all("th", scope="col")) == 2 * 5  # two tables, five columns


def test_an_unknown_language_is_named(tmp_path):
    result = run_planner(["content", "register", "--lang", "xx"], tmp_path)
    assert result.returncode != 0
    assert "--lang" in result.stderr and "Traceback" not in result.stderr
