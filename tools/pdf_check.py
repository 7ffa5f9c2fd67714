#!/usr/bin/env python3
"""pdf-check FILE.pdf --lang CODE [--large-print] [--json OUT]: the accessible-PDF checks.

Checks a plan PDF against what the project promises of its PDFs (tagged PDF/UA-1 with the
document language, title and bookmarks; fonts embedded; large print at least 16 pt) by reading
the file's own bytes with pikepdf, pdfplumber and fonttools, then runs veraPDF through
tools/verapdf-check (or $VERAPDF_CHECK) when it can. Independent of the renderer: it imports
nothing from planner/.

Prints one line per check (PASS, FAIL or SKIP, its name, what it found) and exits 0 when none
failed, 1 when one did, 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
LARGE_PRINT_MIN_PT = 16.0  # RNIB's clear print guidance, and DESIGN.md: large print >= 16 pt
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
# Enough letters of the language's script that the text is in it, not a stray name.
MIN_SCRIPT_CHARACTERS = 20
# Unicode blocks of each offered language's script (Urdu is written in the Arabic script).
SCRIPTS: dict[str, tuple[str, list[tuple[int, int]]]] = {
    "latin": ("Latin", [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F)]),
    "arabic": ("Arabic", [(0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]),
    "bengali": ("Bengali", [(0x980, 0x9FF)]),
    "gurmukhi": ("Gurmukhi", [(0xA00, 0xA7F)]),
}
LANGUAGE_SCRIPT = {
    "en": "latin",
    "pl": "latin",
    "ro": "latin",
    "pt": "latin",
    "es": "latin",
    "ar": "arabic",
    "ur": "arabic",
    "bn": "bengali",
    "pa": "gurmukhi",
}


@dataclass
class Result:
    name: str
    status: str  # PASS, FAIL or SKIP
    detail: str

    def line(self) -> str:
        return f"{self.status} {self.name}: {self.detail}"


@dataclass
class Content:
    """What the page content streams hold, gathered in one pass."""

    text_operators: int = 0
    untagged: list[str] = field(default_factory=list)  # "page N" of each untagged text operator
    actual_text: list[str] = field(default_factory=list)
    used_glyphs: dict[tuple[int, int], set[int]] = field(default_factory=dict)  # font -> GIDs
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = field(default_factory=dict)


# --------------------------------------------------------------------------- structure tree
def _roles(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element, in document order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    seen: set[tuple[int, int]] = set()

    def visit(node: Any) -> Iterator[pikepdf.Dictionary]:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from visit(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.is_indirect:
                if node.objgen in seen:  # a malformed tree may loop; visit each element once
                    return
                seen.add(node.objgen)
            if "/S" in node:
                yield node
            if "/K" in node:
                yield from visit(node.K)

    yield from visit(root.get("/K"))


def _role_map(pdf: pikepdf.Pdf) -> dict[str, str]:
    root = pdf.Root.get("/StructTreeRoot")
    mapping = root.get("/RoleMap") if root is not None else None
    if not isinstance(mapping, pikepdf.Dictionary):
        return {}
    return {str(k)[1:]: str(v)[1:] for k, v in mapping.items()}


def _standard(element: pikepdf.Dictionary, role_map: dict[str, str]) -> str:
    role = str(element.S)[1:]
    for _ in range(10):  # role maps may chain; PDF/UA forbids loops, so stop after a few
        if role not in role_map:
            break
        role = role_map[role]
    return role


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]


# ---------------------------------------------------------------------------- page content
def _properties(operand: Any, resources: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    if isinstance(operand, pikepdf.Dictionary):
        return operand
    if isinstance(operand, pikepdf.Name):
        props: Any = resources.get("/Properties", {})
        found = props.get(str(operand)) if isinstance(props, pikepdf.Dictionary) else None
        return found if isinstance(found, pikepdf.Dictionary) else None
    return None


def _gids(font: pikepdf.Dictionary, data: bytes) -> set[int]:
    """Glyph ids a Type0 Identity-H string shows (2-byte CIDs through CIDToGIDMap)."""
    cids = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
    descendant = font.DescendantFonts[0]
    mapping = descendant.get("/CIDToGIDMap")
    if isinstance(mapping, pikepdf.Stream):
        table = mapping.read_bytes()
        return {
            int.from_bytes(table[2 * c : 2 * c + 2], "big") if 2 * c + 1 < len(table) else 0
            for c in cids
        }
    return set(cids)  # /Identity, the default


def _scan(
    pdf_page: pikepdf.Page | pikepdf.Stream,
    resources: pikepdf.Dictionary,
    content: Content,
    where: str,
    inherited: bool,
    depth: int = 0,
) -> None:
    """Walk one content stream: marked-content nesting, text operators, fonts, form XObjects."""
    stack: list[bool] = []  # True where that marked content makes text tagged or an artifact
    font: pikepdf.Dictionary | None = None
    fonts: Any = resources.get("/Font", {})
    for instruction in pikepdf.parse_content_stream(pdf_page):
        operands: Any = instruction.operands
        op = str(instruction.operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0]) if operands else ""
            props = _properties(operands[1], resources) if len(operands) > 1 else None
            marks = tag == "/Artifact" or (props is not None and "/MCID" in props)
            if props is not None and "/ActualText" in props:
                content.actual_text.append(str(props.ActualText))
            stack.append(marks)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf" and operands:
            found = fonts.get(str(operands[0])) if isinstance(fonts, pikepdf.Dictionary) else None
            font = found if isinstance(found, pikepdf.Dictionary) else None
        elif op in TEXT_SHOWING:
            content.text_operators += 1
            if not (inherited or any(stack)):
                content.untagged.append(where)
            if font is not None and str(font.get("/Subtype")) == "/Type0":
                strings = operands[-1] if op != "TJ" else operands[0]
                parts = strings if isinstance(strings, pikepdf.Array) else [strings]
                key = font.objgen
                content.fonts[key] = font
                used = content.used_glyphs.setdefault(key, set())
                for part in parts:
                    if isinstance(part, pikepdf.String):
                        used |= _gids(font, bytes(part))
        elif op == "Do" and operands and depth < 8:
            xobjects: Any = resources.get("/XObject", {})
            xobject = xobjects.get(str(operands[0])) if xobjects else None
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                inner: Any = xobject.get("/Resources", resources)
                _scan(xobject, inner, content, where, inherited or any(stack), depth + 1)


def _content(pdf: pikepdf.Pdf) -> Content:
    content = Content()
    for number, page in enumerate(pdf.pages, start=1):
        resources: Any = page.obj.get("/Resources", pikepdf.Dictionary())
        _scan(page, resources, content, f"page {number}", inherited=False)
    return content


# ----------------------------------------------------------------------------------- checks
class Checker:
    """Each `check_*` method is one line of the report."""

    def __init__(self, path: Path, lang: str, large_print: bool, verapdf: bool) -> None:
        self.path, self.lang, self.large_print, self.verapdf = path, lang, large_print, verapdf
        self.pdf = pikepdf.open(path)
        self.role_map = _role_map(self.pdf)
        self.elements = list(_roles(self.pdf))
        self.content = _content(self.pdf)

    def close(self) -> None:
        self.pdf.close()

    def roles(self) -> list[str]:
        return [_standard(e, self.role_map) for e in self.elements]

    def check_structure_tree(self) -> Result:
        if "/StructTreeRoot" not in self.pdf.Root or not self.elements:
            return Result("structure-tree", "FAIL", "no StructTreeRoot with elements")
        return Result("structure-tree", "PASS", f"{len(self.elements)} structure elements")

    def check_tagged_content(self) -> Result:
        untagged = self.content.untagged
        if not self.content.text_operators:
            return Result("tagged-content", "FAIL", "no text at all")
        if untagged:
            pages = sorted(set(untagged), key=lambda p: int(p.split()[1]))
            return Result(
                "tagged-content",
                "FAIL",
                f"{len(untagged)} of {self.content.text_operators} text operators neither tagged "
                f"nor an artifact (on {', '.join(pages[:5])})",
            )
        return Result(
            "tagged-content", "PASS", f"all {self.content.text_operators} text operators tagged"
        )

    def check_mark_info(self) -> Result:
        mark_info = self.pdf.Root.get("/MarkInfo")
        if isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False)):
            return Result("mark-info", "PASS", "/MarkInfo /Marked true")
        return Result("mark-info", "FAIL", "/MarkInfo /Marked is not true")

    def check_lang(self) -> Result:
        lang = str(self.pdf.Root.get("/Lang", ""))
        if not lang:
            return Result("lang", "FAIL", "no /Lang in the catalogue")
        if lang.split("-")[0].lower() != self.lang.lower():
            return Result("lang", "FAIL", f"/Lang is {lang}, expected {self.lang}")
        return Result("lang", "PASS", f"/Lang {lang}")

    def _title(self) -> str:
        with self.pdf.open_metadata() as meta:
            title = str(meta.get("dc:title", "") or "")
        if not title and self.pdf.trailer.get("/Info") is not None:
            title = str(self.pdf.docinfo.get("/Title", ""))
        return title.strip()

    def check_title(self) -> Result:
        prefs = self.pdf.Root.get("/ViewerPreferences")
        shown = isinstance(prefs, pikepdf.Dictionary) and bool(prefs.get("/DisplayDocTitle", False))
        title = self._title()
        if not title:
            return Result("title", "FAIL", "no document title (dc:title)")
        if not shown:
            return Result("title", "FAIL", "/ViewerPreferences /DisplayDocTitle is not true")
        return Result("title", "PASS", f"shown: {len(title)} characters")

    def check_pdfua_identifier(self) -> Result:
        with self.pdf.open_metadata() as meta:
            part = str(meta.get("pdfuaid:part", "") or "")
        if part != "1":
            return Result("pdfua-identifier", "FAIL", f"pdfuaid:part is {part or 'missing'}")
        return Result("pdfua-identifier", "PASS", "pdfuaid:part 1")

    def _page_fonts(self) -> Iterator[pikepdf.Dictionary]:
        seen: set[tuple[int, int]] = set()
        for page in self.pdf.pages:
            resources: Any = page.obj.get("/Resources", pikepdf.Dictionary())
            font: Any
            for font in resources.get("/Font", pikepdf.Dictionary()).values():
                if font.is_indirect and font.objgen in seen:
                    continue
                if font.is_indirect:
                    seen.add(font.objgen)
                yield font

    def check_fonts_embedded(self) -> Result:
        fonts = list(self._page_fonts())
        missing = []
        for font in fonts:
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs are drawn by the font's own content streams
            target = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = target.get("/FontDescriptor", pikepdf.Dictionary())
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(target.get("/BaseFont", "?")))
        if not fonts:
            return Result("fonts-embedded", "FAIL", "no fonts")
        if missing:
            return Result("fonts-embedded", "FAIL", f"not embedded: {', '.join(missing[:5])}")
        return Result("fonts-embedded", "PASS", f"{len(fonts)} fonts, all embedded")

    def check_no_missing_glyphs(self) -> Result:
        problems = []
        for key, gids in self.content.used_glyphs.items():
            font = self.content.fonts[key]
            name = str(font.get("/BaseFont", "?"))
            if 0 in gids:
                problems.append(f"{name} shows .notdef (glyph 0)")
                continue
            descriptor = font.DescendantFonts[0].get("/FontDescriptor", pikepdf.Dictionary())
            program = descriptor.get("/FontFile2")
            if isinstance(program, pikepdf.Stream):
                face = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
                count = face["maxp"].numGlyphs
                beyond = [g for g in gids if g >= count]
                if beyond:
                    problems.append(f"{name} shows glyphs beyond its {count}")
        if problems:
            return Result("no-missing-glyphs", "FAIL", "; ".join(problems[:5]))
        checked = sum(len(g) for g in self.content.used_glyphs.values())
        return Result("no-missing-glyphs", "PASS", f"{checked} glyphs checked, none .notdef")

    def check_headings(self) -> Result:
        levels = [int(r[1]) for r in self.roles() if re.fullmatch(r"H[1-6]", r)]
        if not levels:
            return Result("headings", "FAIL", "no H1-H6 headings")
        if levels[0] != 1:
            return Result("headings", "FAIL", f"the first heading is H{levels[0]}, not H1")
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        if skips:
            a, b = skips[0]
            return Result("headings", "FAIL", f"a heading level is skipped: H{a} then H{b}")
        return Result("headings", "PASS", f"{len(levels)} headings from H1, no level skipped")

    def check_lists(self) -> Result:
        lists = [e for e in self.elements if _standard(e, self.role_map) == "L"]
        bad = 0
        for element in lists:
            items = [k for k in _kids(element) if _standard(k, self.role_map) == "LI"]
            if not items:
                bad += 1
        if bad:
            return Result("lists", "FAIL", f"{bad} of {len(lists)} lists have no LI items")
        return Result("lists", "PASS", f"{len(lists)} lists, each with LI items")

    def check_tables(self) -> Result:
        tables = [e for e in self.elements if _standard(e, self.role_map) == "Table"]
        problems = []
        for number, table in enumerate(tables, start=1):
            roles: list[str] = []
            todo = _kids(table)
            while todo:
                kid = todo.pop()
                roles.append(_standard(kid, self.role_map))
                if roles[-1] in ("THead", "TBody", "TFoot", "TR"):
                    todo.extend(_kids(kid))
            if "TR" not in roles:
                problems.append(f"table {number} has no rows")
            elif "TH" not in roles:
                problems.append(f"table {number} has no header cells")
        if problems:
            return Result("tables", "FAIL", "; ".join(problems))
        return Result("tables", "PASS", f"{len(tables)} tables with rows and header cells")

    def check_figures(self) -> Result:
        figures = [e for e in self.elements if _standard(e, self.role_map) == "Figure"]
        bare = [f for f in figures if not str(f.get("/Alt", f.get("/ActualText", ""))).strip()]
        if bare:
            return Result("figures", "FAIL", f"{len(bare)} of {len(figures)} figures lack Alt")
        return Result("figures", "PASS", f"{len(figures)} figures, all with alternative text")

    def check_links(self) -> Result:
        tagged = {
            kid.Obj.objgen
            for element in self.elements
            for kid in (
                list(element.K)
                if isinstance(element.get("/K"), pikepdf.Array)
                else [element.get("/K")]
            )
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
        }
        links = [
            annot
            for page in self.pdf.pages
            for annot in page.obj.get("/Annots", [])
            if annot.get("/Subtype") == "/Link"
        ]
        no_text = [a for a in links if not str(a.get("/Contents", "")).strip()]
        untagged = [a for a in links if a.objgen not in tagged]
        if no_text or untagged:
            return Result(
                "links",
                "FAIL",
                f"of {len(links)} links, {len(no_text)} have no /Contents and "
                f"{len(untagged)} are not in a Link structure element",
            )
        return Result("links", "PASS", f"{len(links)} links, each described and tagged")

    def check_bookmarks(self) -> Result:
        with self.pdf.open_outline() as outline:
            count = 0
            todo = list(outline.root)
            while todo:
                item = todo.pop()
                count += 1
                todo.extend(item.children)
        if not count:
            return Result("bookmarks", "FAIL", "no bookmarks (document outline)")
        return Result("bookmarks", "PASS", f"{count} bookmarks")

    def _text(self) -> str:
        with pdfplumber.open(self.path) as doc:
            plain = "".join(c["text"] for page in doc.pages for c in page.chars)
        return plain + "".join(self.content.actual_text)

    def check_script(self) -> Result:
        script = LANGUAGE_SCRIPT.get(self.lang.split("-")[0].lower())
        if script is None:
            return Result("script", "SKIP", f"no script known for {self.lang}")
        label, blocks = SCRIPTS[script]
        count = sum(1 for ch in self._text() if any(lo <= ord(ch) <= hi for lo, hi in blocks))
        if count < MIN_SCRIPT_CHARACTERS:
            return Result("script", "FAIL", f"only {count} {label} characters in the text")
        return Result("script", "PASS", f"{count} {label} characters")

    def check_large_print(self) -> Result:
        if not self.large_print:
            return Result("large-print", "SKIP", "not asked for (--large-print)")
        with pdfplumber.open(self.path) as doc:
            sizes = [
                (round(c["size"], 1), number)
                for number, page in enumerate(doc.pages, start=1)
                for c in page.chars
                if c["text"].strip()
            ]
        if not sizes:
            return Result("large-print", "FAIL", "no text to measure")
        smallest, page = min(sizes)
        if smallest < LARGE_PRINT_MIN_PT:
            return Result(
                "large-print", "FAIL", f"text of {smallest} pt on page {page} (at least 16 pt)"
            )
        return Result("large-print", "PASS", f"smallest text {smallest} pt")

    def check_verapdf(self) -> Result:
        if not self.verapdf:
            return Result("verapdf", "SKIP", "not asked for (--no-verapdf)")
        command = os.environ.get("VERAPDF_CHECK") or str(HERE / "verapdf-check")
        runner = [command] if os.access(command, os.X_OK) else [sys.executable, command]
        proc = subprocess.run([*runner, "ua1", str(self.path)], capture_output=True, text=True)
        last = (proc.stdout.strip().splitlines() or [""])[-1][:200]
        if proc.returncode == 0:
            return Result("verapdf", "PASS", "PDF/UA-1 compliant")
        if proc.returncode == 1:
            lines = [line.strip() for line in proc.stdout.splitlines()]
            failed = [line for line in lines if line.startswith("rule")]
            return Result("verapdf", "FAIL", "; ".join(failed[:3]) or last)
        return Result("verapdf", "SKIP", f"veraPDF cannot run: {last}")

    def run(self) -> list[Result]:
        checks: list[Callable[[], Result]] = [
            self.check_structure_tree,
            self.check_tagged_content,
            self.check_mark_info,
            self.check_lang,
            self.check_title,
            self.check_pdfua_identifier,
            self.check_fonts_embedded,
            self.check_no_missing_glyphs,
            self.check_headings,
            self.check_lists,
            self.check_tables,
            self.check_figures,
            self.check_links,
            self.check_bookmarks,
            self.check_script,
            self.check_large_print,
            self.check_verapdf,
        ]
        return [check() for check in checks]


def check(path: Path, lang: str, large_print: bool = False, verapdf: bool = True) -> list[Result]:
    """Every check of one file, for tests and for main()."""
    checker = Checker(path, lang, large_print, verapdf)
    try:
        return checker.run()
    finally:
        checker.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pdf-check", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path, metavar="FILE.pdf")
    parser.add_argument("--lang", required=True, help="the document's language code, e.g. ar")
    parser.add_argument("--large-print", action="store_true", help="demand text of 16 pt or more")
    parser.add_argument("--no-verapdf", action="store_true", help="skip the veraPDF run")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write a JSON summary")
    args = parser.parse_args(argv)
    try:
        results = check(args.file, args.lang, args.large_print, not args.no_verapdf)
    except (OSError, pikepdf.PdfError) as error:
        print(f"pdf-check: cannot read {args.file}: {error}")
        return 2
    for result in results:
        print(result.line())
    summary = {
        status: [r.name for r in results if r.status == key]
        for status, key in (("passed", "PASS"), ("failed", "FAIL"), ("skipped", "SKIP"))
    }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
