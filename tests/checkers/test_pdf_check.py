"""tools/pdf-check: a tagged PDF/UA-1 document passes; each accessibility fault fails with the
check that names it. (tests/pdf runs it on every rendered plan.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.checkers import pdfs
from tools import pdf_check

TOOL = Path(__file__).resolve().parents[2] / "tools" / "pdf-check"


def failed(path: Path, lang: str = "en", **options: Any) -> set[str]:
    results = pdf_check.check(path, lang, verapdf=False, **options)
    return {r.name for r in results if r.status == "FAIL"}


def test_an_accessible_document_passes(tmp_path: Path) -> None:
    path = pdfs.document(tmp_path / "good.pdf", font_size="16pt")
    results = pdf_check.check(path, "en", large_print=True, verapdf=False)
    assert [r.line() for r in results if r.status == "FAIL"] == []
    passed = {r.name for r in results if r.status == "PASS"}
    assert passed >= {
        "structure-tree",
        "tagged-content",
        "mark-info",
        "lang",
        "title",
        "pdfua-identifier",
        "fonts-embedded",
        "no-missing-glyphs",
        "headings",
        "lists",
        "tables",
        "links",
        "bookmarks",
        "script",
        "large-print",
    }


@pytest.mark.parametrize(
    ("case", "document", "options", "checks"),
    [
        (
            "untagged text",
            {"tagged": False},
            {},
            {"structure-tree", "tagged-content", "mark-info", "pdfua-identifier"},
        ),
        (
            "a skipped heading level",
            {"body": "<h1>Plan</h1><h3>Dates</h3><p>x</p>"},
            {},
            {"headings"},
        ),
        (
            "no H1 first",
            {"body": "<h2>Dates</h2><p>Some text for the reader.</p>"},
            {},
            {"headings"},
        ),
        ("the wrong language", {"lang": "pl"}, {}, {"lang"}),
        ("no Arabic in an Arabic plan", {"lang": "ar"}, {"lang": "ar"}, {"script"}),
        (
            "small print in large print",
            {"font_size": "12pt"},
            {"large_print": True},
            {"large-print"},
        ),
    ],
)
def test_each_fault_fails_its_check(
    tmp_path: Path, case: str, document: dict[str, Any], options: dict[str, Any], checks: set[str]
) -> None:
    path = pdfs.document(tmp_path / "bad.pdf", **document)
    assert checks <= failed(path, **options), case


def test_the_command_writes_a_summary_and_exits_1(tmp_path: Path) -> None:
    path = pdfs.document(tmp_path / "bad.pdf", tagged=False)
    out = tmp_path / "summary.json"
    proc = subprocess.run(
        [sys.executable, str(TOOL), str(path), "--lang", "en", "--no-verapdf", "--json", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL tagged-content:" in proc.stdout
    summary = json.loads(out.read_text())
    assert "tagged-content" in summary["failed"] and "verapdf" in summary["skipped"]


def test_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "not.pdf"
    path.write_bytes(b"not a pdf")
    assert pdf_check.main([str(path), "--lang", "en", "--no-verapdf"]) == 2
