"""Repairs to WeasyPrint 70's tagged output, installed once per process by `install()`.

1. The text layer. WeasyPrint maps each glyph to the text of the first cluster it was drawn in
   (pdf/fonts.py writes one ToUnicode entry per glyph id; draw/text.py fills it on first use). In
   Bengali and Gurmukhi one glyph serves many clusters (a consonant drawn alone and with a vowel
   sign), and Nastaliq joins letters into contextual glyphs, so the extracted text comes out with
   the wrong vowels, and right-to-left text comes out in visual order. We give every tagged text
   span in those scripts an /ActualText entry holding its source text (PDF 32000-1 14.9.4): the
   marked-content property list WeasyPrint already writes for the span's MCID gains the exact
   logical-order string, which screen readers, copy-paste and poppler's pdftotext use instead of
   the glyph mapping.
2. Link annotations. WeasyPrint puts the link target in /Contents; PDF/UA wants a description, so
   we use the link's own text (and keep the address for external links).
3. The structure tree. WeasyPrint builds it page by page, so an element broken across pages (a
   section, a list, a table) becomes one structure element per page. We record which HTML element
   each structure element came from and merge the pieces back into one element after tagging.

Each patch wraps a private WeasyPrint function; `install()` checks the version it was written for
and refuses others, so an upgrade fails loudly in the tests instead of silently losing text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import anchors as wp_anchors
from weasyprint.pdf import stream as wp_stream
from weasyprint.pdf import tags as wp_tags

SUPPORTED_VERSIONS = ("70.",)

# Scripts whose glyphs do not map one-to-one to characters (or run right to left): Hebrew and
# Arabic (U+0590-08FF), the Indic blocks (U+0900-0DFF), and Arabic presentation forms.
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\ufb1d-\ufdff\ufe70-\ufeff]")

_installed = False
_lock = threading.Lock()
# Structure element (pydyf object id) -> the HTML element it was built from, for the render in
# progress. Rendering holds planner.pdf.render's lock, so one map per process is enough.
_sources: dict[int, Any] = {}


def needs_actual_text(text: str) -> bool:
    """True when `text` has a character whose glyphs WeasyPrint may map to the wrong text."""
    return _COMPLEX.search(text) is not None


def _marked(original: Any) -> Any:
    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        with original(self, box, tag):
            if (
                self._tags is not None
                and isinstance(box, boxes.TextBox)
                and needs_actual_text(box.text)
                and self.stream[-1] == b"BDC"
                and isinstance(self.stream[-2], pydyf.Dictionary)
            ):
                # `original` has just written "/Span <</MCID n>> BDC"; the property list is still
                # a live object, serialised later, so the span's source text can join it. Spaces
                # stay: they separate words when the text is extracted.
                self.stream[-2]["ActualText"] = pydyf.String(box.text)
            yield

    return marked


def _element_text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _add_links(original: Any) -> Any:
    def add_links(links_and_anchors: Any, matrix: Any, pdf: Any, page: Any, *args: Any) -> Any:
        result = original(links_and_anchors, matrix, pdf, page, *args)
        links, _anchors = links_and_anchors
        for link_type, target, _rect, box in links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is None or "Contents" not in annotation:
                continue
            text = _element_text(box.element) or str(target)
            if link_type == "external" and str(target) not in text:
                text = f"{text} ({target})"
            annotation["Contents"] = pydyf.String(text)
        return result

    return add_links


def _build_box_tree(original: Any) -> Any:
    def build(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        for element in original(box, parent, pdf, *args):
            source = getattr(box, "element", None)
            # Only real HTML elements can be broken across pages; anonymous boxes share their
            # parent's element and must not be merged with it.
            if source is not None and not isinstance(box, boxes.TextBox):
                _sources.setdefault(id(element), (source, box.element_tag))
            yield element

    return build


def _add_tags(original: Any) -> Any:
    def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> Any:
        _sources.clear()
        try:
            result = original(pdf, document, pdf_version, page_streams)
            merge_split_elements(pdf, page_streams)
        finally:
            _sources.clear()
        return result

    return add_tags


_MERGEABLE = {"/Sect", "/Part", "/Art", "/Div", "/L", "/LI", "/LBody", "/Table", "/TBody", "/P"}


def merge_split_elements(pdf: Any, page_streams: Any = ()) -> None:
    """Join structure elements that WeasyPrint split at page breaks back into one element.

    Two neighbouring elements are one when they were built from the same HTML element. The kids
    of the second move to the first; their integer MCIDs become marked-content references with
    their own page (a bare MCID belongs to the element's /Pg), and the parent tree is repointed.
    """
    root = _resolve(pdf, pdf.catalog["StructTreeRoot"])
    parent_tree = _resolve(pdf, root["ParentTree"])
    document = _resolve(pdf, root["K"][0])
    replaced: dict[int, Any] = {}  # object number of a removed element -> its survivor
    artifacts: list[tuple[Any, int]] = []  # (page reference, MCID) of repeated table headers
    _merge_kids(pdf, document, replaced, artifacts)
    if not replaced:
        return
    nums = parent_tree["Nums"]
    if artifacts:
        _make_artifacts(pdf, page_streams, nums, artifacts)
    for i in range(1, len(nums), 2):
        value = nums[i]
        if isinstance(value, pydyf.Array):
            value[:] = [_survivor(ref, replaced) for ref in value]
        else:
            nums[i] = _survivor(value, replaced)


def _is_ref(value: Any) -> bool:
    return isinstance(value, bytes) and value.endswith(b" R")


def _resolve(pdf: Any, ref: Any) -> Any:
    return pdf.objects[int(ref.split()[0])] if _is_ref(ref) else ref


def _survivor(ref: Any, replaced: dict[int, Any]) -> Any:
    while _is_ref(ref) and int(ref.split()[0]) in replaced:
        ref = replaced[int(ref.split()[0])].reference
    return ref


def _is_struct(obj: Any) -> bool:
    return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"


def _merge_kids(
    pdf: Any, element: Any, replaced: dict[int, Any], artifacts: list[tuple[Any, int]]
) -> None:
    merged: list[Any] = []
    for ref in element["K"]:
        kid = _resolve(pdf, ref)
        previous: Any = _resolve(pdf, merged[-1]) if merged else None
        if (
            _is_struct(kid)
            and _is_struct(previous)
            and kid["S"] == previous["S"]
            and kid["S"] in _MERGEABLE
            and id(kid) in _sources
            and _sources.get(id(kid)) == _sources.get(id(previous))
        ):
            if kid["S"] == "/Table":
                _drop_repeated_header(pdf, previous, kid, artifacts)
            _absorb(pdf, previous, kid)
            replaced[kid.number] = previous
            continue
        merged.append(ref)
    element["K"][:] = merged
    for ref in merged:
        kid = _resolve(pdf, ref)
        if _is_struct(kid):
            _merge_kids(pdf, kid, replaced, artifacts)


def _kids(pdf: Any, element: Any) -> list[Any]:
    return [_resolve(pdf, ref) for ref in element["K"]]


def _drop_repeated_header(
    pdf: Any, table: Any, piece: Any, artifacts: list[tuple[Any, int]]
) -> None:
    """Take the repeated THead out of `piece`, keeping its marked content as artifacts, and point
    the piece's cells at the first page's header cells."""
    if not any(_is_struct(k) and k["S"] == "/THead" for k in _kids(pdf, table)):
        return
    kept = []
    for ref in piece["K"]:
        kid = _resolve(pdf, ref)
        if _is_struct(kid) and kid["S"] == "/THead":
            _collect_mcids(pdf, kid, artifacts)
        else:
            kept.append(ref)
    piece["K"][:] = kept
    # WeasyPrint names header cells "<table object number>-<row>-<column>"; the header row is row
    # 0 on every page, so the first page's ids stand for the repeats.
    old, new = f"{piece.number}-", f"{table.number}-"
    for cell in _walk(pdf, piece):
        headers = cell.get("A", {}).get("Headers") if isinstance(cell.get("A"), dict) else None
        if headers:
            headers[:] = [
                pydyf.String(new + h.string[len(old) :]) if h.string.startswith(old) else h
                for h in headers
            ]


def _walk(pdf: Any, element: Any) -> Iterator[Any]:
    for kid in _kids(pdf, element):
        if _is_struct(kid):
            yield kid
            yield from _walk(pdf, kid)


def _collect_mcids(pdf: Any, element: Any, out: list[tuple[Any, int]]) -> None:
    for ref in element["K"]:
        if isinstance(ref, int):
            out.append((element["Pg"], ref))
            continue
        kid = _resolve(pdf, ref)
        if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
            out.append((kid["Pg"], kid["MCID"]))
        elif _is_struct(kid):
            _collect_mcids(pdf, kid, out)


def _make_artifacts(
    pdf: Any, page_streams: Any, nums: Any, artifacts: list[tuple[Any, int]]
) -> None:
    """Turn the marked content of `artifacts` into /Artifact sequences and unmap their MCIDs."""
    pages = list(pdf.page_references)
    for page_ref, mcid in artifacts:
        index = pages.index(page_ref)
        stream = page_streams[index].stream
        for i, op in enumerate(stream):
            if isinstance(op, pydyf.Dictionary) and op.get("MCID") == mcid and i:
                stream[i - 1] = "/Artifact"
                stream[i] = pydyf.Dictionary({"Type": "/Pagination"})
                break
        # The page's parent-tree array is indexed by MCID; the artifact has no parent.
        page_array = nums[2 * index + 1]
        if mcid < len(page_array):
            page_array[mcid] = "null"


def _absorb(pdf: Any, survivor: Any, piece: Any) -> None:
    """Move `piece`'s kids to the end of `survivor`; `piece` is left empty and unreferenced."""
    for ref in piece["K"]:
        if isinstance(ref, int):
            # A bare MCID belongs to the page of its element; in the survivor it needs its own.
            ref = pydyf.Dictionary({"Type": "/MCR", "Pg": piece["Pg"], "MCID": ref})
        else:
            kid = _resolve(pdf, ref)
            if _is_struct(kid):
                kid["P"] = survivor.reference
        survivor["K"].append(ref)
    piece["K"] = pydyf.Array()


def install() -> None:
    """Patch WeasyPrint once per process (idempotent and thread-safe)."""
    global _installed
    with _lock:
        if _installed:
            return
        if not weasyprint.__version__.startswith(SUPPORTED_VERSIONS):
            raise RuntimeError(
                f"planner.pdf.actualtext was written for WeasyPrint {SUPPORTED_VERSIONS}, not "
                f"{weasyprint.__version__}: check the text layer and structure fixes first."
            )
        wp_stream.Stream.marked = _marked(wp_stream.Stream.marked)
        import weasyprint.pdf as wp_pdf

        wp_pdf.add_links = _add_links(wp_anchors.add_links)
        wp_pdf.add_tags = _add_tags(wp_tags.add_tags)
        wp_tags._build_box_tree = _build_box_tree(wp_tags._build_box_tree)
        _installed = True
