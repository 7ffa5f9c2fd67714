"""Plan PDFs in two parts: the family's own pages, laid out each time, and the shared pages, laid
out once per worker and reused.

Most of a plan is the same for many families: a council's yearly mailing to one year group in one
language repeats the same sections, rights and local services letter after letter. Only the cover
(name, contents) and the key dates are the family's own. WeasyPrint's layout and painting are the
cost of a render (parsing fonts and stylesheets is under a tenth of it), so a worker keeps the
laid-out pages of recent shared parts and combines them with each family's pages through
`Document.copy`, the documented way to join documents. The PDF is written from the combined page
list in one go, so tagging, bookmarks, links and fonts are built for the whole plan exactly as for
a single document.

The template marks the join with `SPLIT_MARKER`, after the key dates; the print CSS starts the
sections on a new page, so the single-document render (`planner plan build --format html` printed
from a browser, or the benchmark's naive baseline) paginates identically.

Page numbers need the other part's length, and CSS counters cannot add:
- the family's part is laid out with its contents' page numbers and the footers' total given as
  counter values (the plan's own digits, and no second layout pass for forward references);
- the shared part is laid out on its own, so one layout serves families with any number of pages
  of key dates. Its pages take their footers ("Page N of M", the council's contacts: margin
  boxes, pagination artifacts in the tagged PDF) from a document of M empty pages laid out for
  that page count and also kept.
Every page has the same size and margins, so the shared pages do not depend on where they fall;
`split` leaves any plan whose styles have left, right, first or blank pages in one document.

The cache holds laid-out pages of the shared part only. Its key is a digest of that HTML, which
carries no name: the family's name is in the cover and the <title>, and the title is blanked in the
shared part before it is hashed. The cache lives in the worker's memory, bounded by
PLANNER_PDF_LAYOUT_CACHE documents (default 64, about 4 MB each). A shared part is kept from
the second time it is seen, so one-off parts (a family's own review date in a section) do not
push out the ones a batch keeps coming back to.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from weasyprint import Document
from weasyprint.document import Page
from weasyprint.formatting_structure import boxes

SPLIT_MARKER = "<!--pdf:shared-->"
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)
_TITLE = re.compile(r"<title>.*?</title>", re.I | re.S)
_BODY_CLOSE = "</body>"
# Styles that make a page depend on its position in the document.
_POSITIONAL = re.compile(r"@page\s*:(?:left|right|first|blank|recto|verso|nth)", re.I)
# An empty page (for the footers of a page count): the 1 px keeps WeasyPrint from treating the
# page as empty and merging breaks.
_EMPTY_PAGE = '<div class="pdf-blank" style="break-before: page; height: 1px"></div>'
# The first element of the shared part with an id: the page it starts on ends the family's part.
_SHARED_START = re.compile(r'\bid="([^"]+)"')
# The contents links, exactly as templates/pdf/plan.html writes them.
_PAGE_REF = re.compile(r'<a class="page-ref" href="#([^"]+)"')


@dataclass(frozen=True)
class SplitHtml:
    """A plan's HTML cut at the marker: the <head> to <body>, the family's pages, the rest. The
    keys are digests of up to 100 KB of HTML, worked out once per render."""

    head: str
    personal: str
    shared: str
    tail: str

    @cached_property
    def neutral_head(self) -> str:
        """The head without the family's name (in the <title>)."""
        return _TITLE.sub("<title>-</title>", self.head)

    @cached_property
    def kind_key(self) -> str:
        """Plans of one kind (language, council, fonts, footer) share this."""
        return hashlib.sha256(self.neutral_head.encode()).hexdigest()

    @cached_property
    def shared_key(self) -> str:
        return hashlib.sha256((self.neutral_head + "\0" + self.shared).encode()).hexdigest()


def split(html: str) -> SplitHtml | None:
    """`html` cut at `SPLIT_MARKER`, or None when it must be laid out whole: no marker, or page
    styles that depend on a page's position."""
    if SPLIT_MARKER not in html:
        return None
    body = _BODY_OPEN.search(html)
    end = html.rfind(_BODY_CLOSE)
    if body is None or end < 0 or _POSITIONAL.search(html[: body.end()]):
        return None
    personal, shared = html[body.end() : end].split(SPLIT_MARKER, 1)
    return SplitHtml(html[: body.end()], personal, shared, html[end:])


@dataclass
class _Shape:
    """What the family's part needs to know about a shared part: its page count and the page
    (counted from its own first page) where each anchor is."""

    pages: int
    anchors: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Pages:
    """The family's part as laid out: its own page count and the page of each anchor in it."""

    own: int
    anchors: tuple[tuple[str, int], ...]


def _anchors(document: Document, skip: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages[skip:]):
        for name in page.anchors:
            found.setdefault(name, index)
    return found


class SplitMismatch(RuntimeError):
    """The parts did not come out as the whole document would; lay it out whole."""


class LayoutCache:
    """Laid-out shared parts (least recently used first out), their shapes, footer pages for
    each page count, and the last family's page count for each kind of plan."""

    FOOTERS = 16  # documents of empty pages with footers: one per plan length in use

    def __init__(self, size: int) -> None:
        self.size = size
        self._documents: OrderedDict[tuple[str, str], Document] = OrderedDict()
        self._shapes: dict[tuple[str, str], _Shape] = {}
        self._footers: OrderedDict[tuple[str, str, int], Document] = OrderedDict()
        # The family's page count and anchor pages last seen, by shared part and by kind of plan.
        self.guesses: dict[tuple[str, str], _Pages] = {}
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self._documents.clear()
        self._shapes.clear()
        self._footers.clear()
        self.guesses.clear()
        self.hits = self.misses = 0

    def shape(self, key: tuple[str, str]) -> _Shape | None:
        return self._shapes.get(key)

    def note(self, pages: _Pages, *keys: tuple[str, str]) -> None:
        """Remember a family's page count under its shared part and its kind of plan."""
        for key in keys:
            self.guesses.pop(key, None)  # re-inserted last: pruning drops the oldest first
            self.guesses[key] = pages

    def remember(self, key: tuple[str, str], shape: _Shape) -> None:
        """Note a shared part's shape without keeping any layout."""
        self.misses += 1
        self._shapes[key] = shape
        self._prune()

    def get(self, key: tuple[str, str]) -> Document | None:
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
            self.hits += 1
        return document

    def put(self, key: tuple[str, str], document: Document, shape: _Shape) -> None:
        """Keep `document` if its shared part has been seen before; `shape` must match what is
        known of it. A shared part seen once (a family with a date of its own in a section) is
        not kept, so one-off parts do not push out the ones a batch keeps coming back to."""
        self.misses += 1
        seen_before = key in self._shapes
        if self._shapes.setdefault(key, shape) != shape:
            raise SplitMismatch("the shared part paginates differently on its own")
        if self.size > 0 and seen_before:
            self._documents[key] = document
            self._documents.move_to_end(key)
            while len(self._documents) > self.size:
                self._documents.popitem(last=False)
        self._prune()

    def footers(self, key: tuple[str, str, int], make: Callable[[], Document]) -> Document:
        document = self._footers.get(key)
        if document is None:
            document = self._footers[key] = make()
            while len(self._footers) > self.FOOTERS:
                self._footers.popitem(last=False)
        self._footers.move_to_end(key)
        return document

    def _prune(self) -> None:
        """Shapes and guesses are small, but one per shared part ever seen is unbounded: keep
        those of the documents held and the most recent others."""
        limit = 4 * max(self.size, 4)
        if len(self._shapes) > limit:
            live = set(self._documents)
            for stale in [k for k in self._shapes if k not in live][: len(self._shapes) - limit]:
                del self._shapes[stale]
        kinds = 16  # the last plan of each kind: a few languages and variants per council
        unshaped = [k for k in self.guesses if k not in self._shapes]
        for k in unshaped[: max(0, len(unshaped) - kinds)]:
            del self.guesses[k]


CACHE = LayoutCache(int(os.environ.get("PLANNER_PDF_LAYOUT_CACHE", "64")))

Layout = Callable[[str], Document]


def _shared_document(parts: SplitHtml, variant: str, layout: Layout) -> tuple[Document, _Shape]:
    """The shared part laid out on its own (kept from its second sight), and its shape."""
    key = (parts.shared_key, variant)
    document = CACHE.get(key)
    if document is None:
        document = layout(parts.neutral_head + parts.shared + parts.tail)
        shape = _Shape(len(document.pages), _anchors(document, 0))
        CACHE.put(key, document, shape)
        return document, shape
    return document, CACHE.shape(key) or _Shape(len(document.pages), _anchors(document, 0))


def _footer_pages(parts: SplitHtml, variant: str, total: int, layout: Layout) -> Document:
    """`total` empty pages with this kind of plan's footers: "Page N of total" on page N."""

    def make() -> Document:
        document = layout(parts.neutral_head + _EMPTY_PAGE * total + parts.tail)
        if len(document.pages) != total:
            raise SplitMismatch(f"{len(document.pages)} footer pages for {total}")
        return document

    return CACHE.footers((parts.kind_key, variant, total), make)


def _with_footers(page: Page, footers: Page) -> Page:
    """`page` with the margin boxes (footers) of `footers` in place of its own. Margin boxes
    are laid out on their own, at fixed places on the page, and tagged as pagination
    artifacts, so they move from one page to another unchanged."""
    box, source = page._page_box, footers._page_box
    box.children = [c for c in box.children if not isinstance(c, boxes.MarginBox)] + [
        c for c in source.children if isinstance(c, boxes.MarginBox)
    ]
    return page


def _with_page_numbers(personal: str, numbers: dict[str, int]) -> str:
    """Each contents link with its page number as a counter value, for the print CSS's
    `a[style]::after { content: ... counter(page-ref) }`: the number drawn in the plan's digits,
    without the second layout pass a forward `target-counter()` costs."""

    def number(match: re.Match[str]) -> str:
        page = numbers.get(match.group(1))
        if page is None:
            return match.group(0)
        return f'{match.group(0)} style="counter-reset: page-ref {page}"'

    return _PAGE_REF.sub(number, personal)


def _with_total(head: str, total: int) -> str:
    """The head with the footers' `counter(pages)` (this document's page count) replaced by a
    counter holding the whole plan's page count."""
    style = f"<style>@page {{ counter-reset: plan-pages {total}; }}</style></head>"
    return head.replace("counter(pages,", "counter(plan-pages,").replace("</head>", style, 1)


def _personal_document(
    parts: SplitHtml, shape: _Shape, guess: _Pages, layout: Layout
) -> tuple[Document, _Pages]:
    """The family's pages with the contents' page numbers and the footers' page count from
    `guess`; and what the layout found."""
    numbers = {name: page + 1 for name, page in guess.anchors}
    numbers.update({name: guess.own + page + 1 for name, page in shape.anchors.items()})
    source = _with_page_numbers(parts.personal, numbers)
    document = layout(_with_total(parts.head, guess.own + shape.pages) + source + parts.tail)
    own = len(document.pages)
    if own < 1:
        raise SplitMismatch("the family's part has no pages")
    wanted = set(_PAGE_REF.findall(parts.personal))
    found = tuple(sorted((n, p) for n, p in _anchors(document, 0).items() if n in wanted))
    return document, _Pages(own, found)


def _first_page_of(document: Document, anchor: str) -> int | None:
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return None


def render_split(parts: SplitHtml, variant: str, layout: Layout) -> Document:
    """The whole plan as one Document: the family's pages, then the shared pages.

    `layout` turns an HTML string into a laid-out Document (the caller's fonts and stylesheets).

    The family's pages are laid out with page numbers guessed from the last family with the
    same shared part, or else the last plan of the same kind (language, council, variant): a
    year group usually has as many pages of key dates. If the layout shows the guess was wrong,
    those few pages are laid out again with the right numbers. The very first plan of its kind
    has nothing to guess from: it is laid out whole, as it would be without this module, and
    only its shape is noted (nothing of that family is kept).
    """
    key = (parts.shared_key, variant)
    kind = (parts.kind_key, variant)
    shape = CACHE.shape(key)
    shared = None
    if shape is None:
        if CACHE.guesses.get(kind) is None:
            return _whole(parts, key, kind, layout)
        shared, shape = _shared_document(parts, variant, layout)
    guess = CACHE.guesses.get(key) or CACHE.guesses.get(kind) or _Pages(1, ())
    personal, found = _personal_document(parts, shape, guess, layout)
    if found != guess:
        personal, again = _personal_document(parts, shape, found, layout)
        if again != found:
            raise SplitMismatch("the contents' page numbers changed the family's pages")
    CACHE.note(found, key, kind)
    if shared is None:
        shared, _ = _shared_document(parts, variant, layout)
    footers = _footer_pages(parts, variant, found.own + shape.pages, layout)
    moved = [
        _with_footers(page, footers.pages[found.own + index])
        for index, page in enumerate(shared.pages)
    ]
    return personal.copy(personal.pages[: found.own] + moved)


def _whole(
    parts: SplitHtml, key: tuple[str, str], kind: tuple[str, str], layout: Layout
) -> Document:
    """The plan laid out as one document; its shared part's shape and page count noted."""
    whole = layout(parts.head + parts.personal + parts.shared + parts.tail)
    first = _SHARED_START.search(parts.shared)
    own = _first_page_of(whole, first.group(1)) if first else None
    if own:
        CACHE.remember(key, _Shape(len(whole.pages) - own, _anchors(whole, own)))
        wanted = set(_PAGE_REF.findall(parts.personal))
        mine = tuple(
            sorted((n, p) for n, p in _anchors(whole, 0).items() if n in wanted and p < own)
        )
        CACHE.note(_Pages(own, mine), key, kind)
    return whole
