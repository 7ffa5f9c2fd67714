"""The accessible PDF plan (issue #4): PDF/UA-1 structure, languages and scripts, large print,
the text layer, the independent checkers, the render task and the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from flask import Flask

from planner.pdf import fonts
from planner.pdf.render import font_config, stylesheets
from planner.plans import timeline
from planner.plans.service import today_in_london
from tests.pdf import samples
from tests.pdf.textlayer import extract, normalise

TOOLS = Path(__file__).resolve().parents[2] / "tools"
IN_CI = bool(os.environ.get("CI"))
SCRIPT_LANGUAGES = ["ar", "ur", "bn", "pa"]
ALL_STANDARD = ["en", "ar", "ur", "bn", "pa"]


def roles(pdf: pikepdf.Pdf) -> list[str]:
    """Structure element types in document order."""
    found: list[str] = []

    def visit(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                visit(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(str(node.S)[1:])
            if "/K" in node:
                visit(node.K)

    visit(pdf.Root.StructTreeRoot.K)
    return found


def xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    meta = pdf.open_metadata()
    return {"part": meta.get("pdfuaid:part", ""), "title": meta.get("dc:title", "")}


@pytest.mark.parametrize("language", ALL_STANDARD)
def test_tagged_pdf_ua_structure(rendered: dict, language: str) -> None:
    with pikepdf.open(rendered[(language, "standard")]) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(root.Lang) == ("en-GB" if language == "en" else language)
        meta = xmp(pdf)
        assert meta["part"] == "1"
        assert "Sam" in meta["title"] and "Exampleshire" in meta["title"]
        found = roles(pdf)
        counts = Counter(found)
        # One table per school year with dates (WeasyPrint's per-page pieces merged), each with
        # one header row group; later dates are a list of titles and dates, not table rows.
        plan = samples.english_plan()
        grouped = timeline.group_dates(plan.milestones, plan.generated_on, plan.young_person.age)
        in_full = [g for g in (grouped.this_year, grouped.next_year) if g]
        assert counts["Table"] == len(in_full) == counts["THead"]
        assert counts["TH"] == 3 * len(in_full)
        assert counts["TD"] == 3 * sum(len(g) for g in in_full)
        assert counts["L"] >= 2 and counts["LI"] >= 10
        # Headings start at H1 and never skip a level.
        levels = [int(r[1]) for r in found if re.fullmatch(r"H[1-6]", r)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
        # A bookmark for the next steps, the contents, the key dates, every section and
        # "Who to contact".
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        plan = samples.plan_in(language)
        expected = len(plan.sections) + 3 + (1 if plan.next_steps else 0)
        assert len(titles) == 1 and len(outline.root[0].children) == expected


def test_split_elements_are_merged(rendered: dict) -> None:
    """Sections and lists broken across pages are one structure element each."""
    with pikepdf.open(rendered[("en", "large-print")]) as pdf:
        # Long enough that sections and lists break across pages (the plan fits 12 pages now).
        assert len(pdf.pages) > 6
        counts = Counter(roles(pdf))
    plan = samples.english_plan()
    # One Sect per plan section, plus the next steps, the key dates and "Who to contact".
    assert counts["Sect"] == len(plan.sections) + 2 + (1 if plan.next_steps else 0)
    assert counts["Table"] == 1 and counts["THead"] == 1


def test_links_describe_themselves(rendered: dict) -> None:
    with pikepdf.open(rendered[("en", "standard")]) as pdf:
        contents = [
            str(a.Contents)
            for page in pdf.pages
            for a in page.obj.get("/Annots", [])
            if a.Subtype == "/Link"
        ]
    assert "Key dates" in contents
    assert any(c.startswith("sendiass.exampleshire.example (https://") for c in contents)
    assert "send.team@exampleshire.example (mailto:send.team@exampleshire.example)" in contents


@pytest.mark.parametrize(
    ("language", "family"),
    [
        ("en", "NotoSans"),
        ("ar", "NotoNaskhArabic"),
        ("ur", "NotoNastaliqUrdu"),
        ("bn", "NotoSansBengali"),
        ("pa", "NotoSansGurmukhi"),
    ],
)
def test_fonts_embedded(rendered: dict, language: str, family: str) -> None:
    with pikepdf.open(rendered[(language, "standard")]) as pdf:
        descriptors = []
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                descendant = font.DescendantFonts[0]
                descriptors.append(descendant.FontDescriptor)
        assert descriptors and all("/FontFile2" in d for d in descriptors)
        families = {str(d.FontFamily) for d in descriptors}
    assert any(f.replace(" ", "").startswith("Planner") for f in families)
    # The script's own Noto face is embedded (named by our @font-face family).
    wanted = {
        "NotoSans": "Planner Sans",
        "NotoNaskhArabic": "Planner Naskh",
        "NotoNastaliqUrdu": "Planner Nastaliq",
        "NotoSansBengali": "Planner Bengali",
        "NotoSansGurmukhi": "Planner Gurmukhi",
    }[family]
    assert wanted in families


def char_sizes(path: Path) -> Counter:
    with pdfplumber.open(path) as pdf:
        return Counter(
            round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()
        )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_large_print_sizes(rendered: dict, language: str) -> None:
    sizes = char_sizes(rendered[(language, "large-print")])
    assert min(sizes) >= 16
    assert sizes.most_common(1)[0][0] == 18  # the body


def test_standard_body_is_12pt(rendered: dict) -> None:
    assert char_sizes(rendered[("en", "standard")]).most_common(1)[0][0] == 12


def test_rtl_document(app: Flask) -> None:
    from planner.plans.render import render_plan_html

    with app.app_context():
        html = render_plan_html(
            samples.plan_in("ar"), samples.council(), samples.answers("ar", name=None)
        )
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r"<title>[^<]+ – Exampleshire County Council</title>", html)


def test_print_html_has_the_parts(html_en: str) -> None:
    plan = samples.english_plan()
    assert "<h1" in html_en and 'class="contents"' in html_en
    assert html_en.count('<th scope="col"') == 3
    for section in plan.sections:
        assert f'id="section-{section.id}"' in html_en
    assert 'counter(page, decimal) " of " counter(pages, decimal)' in html_en
    assert "01632 960000" in html_en
    # PDF/UA: no <strong> inside links, no images without alternative text.
    assert not re.search(r"<a [^>]*>[^<]*<strong", html_en)
    assert "<img" not in html_en


@pytest.mark.parametrize("language", SCRIPT_LANGUAGES)
def test_text_round_trip_every_script(rendered: dict, language: str) -> None:
    """The text layer gives back each source string exactly (ActualText, read from the bytes)."""
    text = extract(str(rendered[(language, "standard")]))
    missing = [s for s in samples.source_strings(language) if normalise(s) not in text]
    assert not missing


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("language", ["en", "bn", "pa"])
def test_text_round_trip_pdftotext(rendered: dict, language: str) -> None:
    """Poppler (which honours ActualText) extracts the Indic vowel signs and conjuncts right.

    Right-to-left text is checked through the ActualText reader above: pdftotext lays the
    logical-order ActualText out left to right and then reverses the line as if it were visual.
    """
    out = subprocess.run(
        ["pdftotext", "-raw", str(rendered[(language, "standard")]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = normalise(out)
    if language == "en":
        plan = samples.english_plan()
        expected = [s.title for s in plan.sections] + [m.title for m in plan.milestones]
    else:
        expected = samples.source_strings(language)
    assert [s for s in expected if normalise(s) not in text] == []


@pytest.mark.parametrize(
    ("language", "variant"),
    [
        ("en", "standard"),
        ("en", "large-print"),
        ("ar", "standard"),
        ("ur", "standard"),
        ("bn", "standard"),
        ("pa", "standard"),
    ],
)
def test_pdf_check(rendered: dict, tmp_path: Path, language: str, variant: str) -> None:
    args = [
        sys.executable,
        str(TOOLS / "pdf-check"),
        str(rendered[(language, variant)]),
        "--lang",
        language,
        "--json",
        str(tmp_path / "out.json"),
        # veraPDF takes seconds a file: test_verapdf_pdf_ua1 runs it once for all of them.
        "--no-verapdf",
    ]
    if variant == "large-print":
        args.append("--large-print")
    proc = subprocess.run(args, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((tmp_path / "out.json").read_text())
    assert summary["passed"] and not summary["failed"]


def test_verapdf_pdf_ua1(rendered: dict) -> None:
    """veraPDF's PDF/UA-1 profile, once for every rendered file."""
    files = [
        str(rendered[k]) for k in (("en", "standard"), ("ar", "standard"), ("en", "large-print"))
    ]
    proc = subprocess.run(
        [sys.executable, str(TOOLS / "verapdf-check"), "ua1", *files],
        capture_output=True,
        text=True,
    )
    if proc.returncode == 2 and not IN_CI:
        pytest.skip(f"veraPDF cannot run here: {proc.stdout[-200:]}{proc.stderr[-200:]}")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_fonts_and_stylesheets_parsed_once() -> None:
    assert stylesheets("standard") is stylesheets("standard")
    assert font_config() is font_config()


def test_missing_font_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "DEFAULT_FONT_DIRS", (str(tmp_path),))
    monkeypatch.setenv("PLANNER_FONT_DIRS", str(tmp_path))
    fonts.font_files.cache_clear()
    try:
        with pytest.raises(fonts.MissingFontError, match="NotoNastaliqUrdu-Regular.ttf"):
            fonts.font_files()
    finally:
        monkeypatch.undo()
        fonts.font_files.cache_clear()
    assert fonts.font_files()


def test_render_task_stores_once(app: Flask, ctx: Flask) -> None:
    from planner.pdf import storage
    from planner.plans import service
    from tasks.render import plan_pdf

    council = service.get_or_create_council()
    record, _token = service.create_plan(samples.answers("en"), council)
    path = storage.get_or_render(record, "en", "standard", wait_seconds=30)
    assert path == storage.pdf_path(record, "en", "standard")
    assert path.parent == Path(app.config["VAR_DIR"]) / "pdf"
    day = today_in_london().strftime("%Y%m%d")
    assert path.name == f"{record.id}-v1-{day}-en-standard.pdf"
    assert path.read_bytes().startswith(b"%PDF-1.7")
    before = path.stat().st_mtime_ns
    # Replayed or duplicate messages do nothing.
    assert plan_pdf.run(record.id, "en", "standard") == path.name
    assert path.stat().st_mtime_ns == before
    assert not list(path.parent.glob(".render-*"))
    assert plan_pdf.run("no-such-plan", "en", "standard") is None
    with pytest.raises(ValueError):
        storage.pdf_path(record, "../etc", "standard")


def test_cli_builds_pdf(app: Flask, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(dict(samples.ANSWERS, variant="large-print")))
    out = tmp_path / "plan.pdf"
    result = app.test_cli_runner().invoke(
        args=[
            "plan",
            "build",
            "--answers",
            str(answers),
            "--today",
            "2025-03-01",
            "--format",
            "pdf",
            "--lang",
            "en",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert min(char_sizes(out)) >= 16
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
