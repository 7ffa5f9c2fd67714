"""tools/letter-check: a letter laid out to Notify's specification passes; each kind of fault
fails with the check that names it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.checkers import pdfs
from tools import letter_check

TOOL = Path(__file__).resolve().parents[2] / "tools" / "letter-check"


def failed(path: Path, **options: Any) -> set[str]:
    return {r.name for r in letter_check.check(path, **options) if r.status == "FAIL"}


@pytest.mark.parametrize("simple", [False, True], ids=["raster", "simple"])
def test_a_letter_in_the_zones_passes(tmp_path: Path, simple: bool) -> None:
    path = pdfs.letter(tmp_path / "good.pdf")
    results = letter_check.check(path, simple=simple, expect_address=pdfs.ADDRESS)
    assert [r.line() for r in results if r.status != "PASS"] == []
    assert {r.name for r in results} >= {
        "page-count",
        "a4-portrait",
        "page-1-zones",
        "printable-area",
        "notify-tag-area",
        "address",
        "address-in-window",
        "expected-address",
    }


OUTSIDE = [(3, 100, "Too near the left edge")]


@pytest.mark.parametrize(
    ("case", "letter", "options", "check"),
    [
        ("text outside the printable area", {"later_pages": [OUTSIDE]}, {}, "printable-area"),
        ("the same, objects only", {"later_pages": [OUTSIDE]}, {"simple": True}, "printable-area"),
        (
            "text below the bottom margin",
            {"later_pages": [[(20, 294, "Low")]]},
            {},
            "printable-area",
        ),
        ("page 1 between window and body", {"page_1": [(20, 75, "Not here")]}, {}, "page-1-zones"),
        ("page 1 left of the window", {"page_1": [(16, 50, "x")]}, {}, "page-1-zones"),
        ("11 pages", {"later_pages": [pdfs.GOOD_LATER_PAGE] * 10}, {}, "page-count"),
        ("ink in the NOTIFY tag area", {"page_1": [(2, 0.5, "TAG")]}, {}, "notify-tag-area"),
        ("landscape", {"page_size": "A4 landscape"}, {}, "a4-portrait"),
        ("US letter paper", {"page_size": "letter"}, {}, "a4-portrait"),
        ("no postcode", {"address": ["Ms A Example", "10 High Street", "Leeds"]}, {}, "address"),
        ("two lines", {"address": ["Ms A Example", "LS1 4AP"]}, {}, "address"),
        ("empty window", {"address": []}, {}, "address"),
        ("no fixed abode", {"address": ["A Person", "No fixed abode", "LS1 4AP"]}, {}, "address"),
        (
            "another address",
            {},
            {"expect_address": ["Mr B", "1 Road", "LS2 7AA"]},
            "expected-address",
        ),
        # 16 mm from the edge is inside Notify's 15 mm, but not with 2 mm to spare.
        ("the margin asked for", {"page_1": [(16, 100, "Body")]}, {"margin_mm": 2}, "page-1-zones"),
    ],
)
def test_each_fault_fails_its_check(
    tmp_path: Path, case: str, letter: dict[str, Any], options: dict[str, Any], check: str
) -> None:
    path = pdfs.letter(tmp_path / "bad.pdf", **letter)
    assert check in failed(path, **options), case


def test_the_margin_is_extra_to_notify_s(tmp_path: Path) -> None:
    path = pdfs.letter(tmp_path / "edge.pdf", page_1=[(16, 100, "Body")])
    assert "page-1-zones" not in failed(path)
    assert "page-1-zones" not in failed(path, margin_mm=0.5)
    assert "page-1-zones" in failed(path, margin_mm=2)


def test_the_command_names_the_check_and_exits_1(tmp_path: Path) -> None:
    path = pdfs.letter(tmp_path / "bad.pdf", later_pages=[OUTSIDE])
    proc = subprocess.run(
        [sys.executable, str(TOOL), str(path), "--expect-address", "|".join(pdfs.ADDRESS)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stdout
    assert "FAIL printable-area: ink at x " in proc.stdout
    assert "on page 2 (text 'Too'" in proc.stdout
    assert "PASS expected-address" in proc.stdout


def test_the_command_passes_a_good_letter(tmp_path: Path) -> None:
    path = pdfs.letter(tmp_path / "good.pdf")
    proc = subprocess.run([sys.executable, str(TOOL), str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_unreadable_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "not.pdf"
    path.write_bytes(b"not a pdf")
    assert letter_check.main([str(path)]) == 1


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["Ms A Example", "10 High Street", "ls14ap"], None),
        (["Ms A Example", "10 High Street", "LS1 4AP", "United Kingdom"], None),
        (["Ms A Example", "10 High Street", "Leeds"], "not a real UK postcode"),
        (["Ms A Example", "LS1 4AP"], "at least 3"),
        (["A", "B", "C", "D", "E", "F", "G", "LS1 4AP"], "at most 7"),
        (["Ms A Example", "(Flat 2)", "LS1 4AP"], "starts with"),
        (["Ms A Example", "NFA", "LS1 4AP"], "no fixed abode"),
        (["Ms A Example", "---", "LS1 4AP"], "letter or a digit"),
        (["Ms A Example", "10 High Street", "QQ1 1AA"], "not a real UK postcode"),
    ],
)
def test_address_rules_as_notify_has_them(lines: list[str], problem: str | None) -> None:
    problems = letter_check.address_problems(letter_check.address_lines("\n".join(lines)))
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems
