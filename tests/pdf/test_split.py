"""Plans rendered in two parts with the shared part's layout reused (planner/pdf/split.py) must be
the same PDF as the plan laid out whole: same pages, same words on each page, same page numbers in
the contents and the footers, byte for byte the same file from a cold or a warm cache."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator

import pdfplumber
import pytest
from flask import Flask

from planner.pdf import render, split
from planner.plans.render import render_plan_html
from tests.pdf import samples

CASES = [("en", "standard"), ("en", "large-print"), ("ar", "standard"), ("bn", "large-print")]


@pytest.fixture
def cache() -> Iterator[split.LayoutCache]:
    """A fresh cache for the test, and the process's cache left empty after it."""
    split.CACHE.clear()
    yield split.CACHE
    split.CACHE.clear()


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [" ".join((page.extract_text() or "").split()) for page in doc.pages]


def whole(html: str, variant: str) -> bytes:
    """The same HTML laid out as one document (no marker, so no split)."""
    return render.html_to_pdf(html.replace(split.SPLIT_MARKER, ""), variant)


@pytest.mark.parametrize(("language", "variant"), CASES)
def test_split_render_matches_the_whole_document(
    app: Flask, cache: split.LayoutCache, language: str, variant: str
) -> None:
    with app.app_context():
        html = render_plan_html(
            samples.plan_in(language), samples.council(), samples.answers(language), variant
        )
    assert split.split(html) is not None
    # First sight: laid out whole. Second: the shared part laid out behind blank pages and kept.
    # Third: the shared part reused. All three are the same file.
    cold, second, warm = (render.html_to_pdf(html, variant) for _ in range(3))
    assert cache.hits >= 1, "the third render should reuse the shared part's layout"
    assert cold == second == warm
    expected = page_texts(whole(html, variant))
    got = page_texts(warm)
    assert len(got) == len(expected)
    for number, (a, b) in enumerate(zip(got, expected, strict=True), start=1):
        assert a == b, f"page {number} differs"


def test_another_family_reuses_the_shared_pages(app: Flask, cache: split.LayoutCache) -> None:
    """A second family with the same sections but another name and more key dates: the shared
    pages come from the cache, renumbered for the longer front part."""
    with app.app_context():
        first = render_plan_html(
            samples.plan_in("en"), samples.council(), samples.answers("en"), "standard"
        )
        plan = samples.plan_in("en")
        longer = dataclasses.replace(plan, milestones=plan.milestones + plan.milestones)
        answers = dataclasses.replace(samples.answers("en"), name="Alex")
        second = render_plan_html(longer, samples.council(), answers, "standard")
    a, b = split.split(first), split.split(second)
    assert a is not None and b is not None
    assert a.shared_key == b.shared_key, "the name must not be part of the shared key"
    render.html_to_pdf(first, "standard")
    pdf = render.html_to_pdf(second, "standard")
    assert page_texts(pdf) == page_texts(whole(second, "standard"))
    assert "Alex" in page_texts(pdf)[0]


def test_a_new_shared_part_is_laid_out_behind_the_last_familys_pages(
    app: Flask, cache: split.LayoutCache
) -> None:
    """A family whose sections differ (another district's services) has a shared part the worker
    has not seen: it is laid out behind as many pages as the last family of the same kind had,
    not as one whole document, and the result is still the same file."""
    with app.app_context():
        plan, answers = samples.plan_in("en"), samples.answers("en")
        first = render_plan_html(plan, samples.council(), answers, "standard")
        sections = tuple(
            dataclasses.replace(section, title=section.title + " (North)")
            for section in plan.sections
        )
        other = render_plan_html(
            dataclasses.replace(plan, sections=sections), samples.council(), answers, "standard"
        )
    a, b = split.split(first), split.split(other)
    assert a is not None and b is not None
    assert a.shared_key != b.shared_key and a.kind_key == b.kind_key
    render.html_to_pdf(first, "standard")
    misses = cache.misses
    pdf = render.html_to_pdf(other, "standard")
    assert cache.misses == misses + 1, "one layout of the new shared part, kept"
    assert pdf == whole(other, "standard")


def test_page_styles_that_depend_on_position_keep_the_plan_whole(
    app: Flask, cache: split.LayoutCache
) -> None:
    """Left pages shorter than right ones would make the shared pages depend on where they
    fall; such a plan is laid out as one document."""
    with app.app_context():
        html = render_plan_html(
            samples.plan_in("en"), samples.council(), samples.answers("en"), "standard"
        )
    html = html.replace("</style>", "@page :left { margin-bottom: 150mm; }</style>", 1)
    assert split.split(html) is None
    pdf = render.html_to_pdf(html, "standard")
    assert cache.misses == 0
    assert page_texts(pdf) == page_texts(whole(html, "standard"))


def test_families_with_more_pages_of_key_dates_reuse_the_same_shared_pages(
    app: Flask, cache: split.LayoutCache
) -> None:
    """The shared pages are laid out once whatever comes before them; their footers are
    renumbered for each family."""
    with app.app_context():
        plan, answers = samples.plan_in("en"), samples.answers("en")
        short = render_plan_html(plan, samples.council(), answers, "standard")
        # Dates this school year are spelled out in full (later ones are a short list), so
        # these make the family's pages longer.
        # (Twice over: the compact print layout fits a lot on a page.)
        extra = 2 * tuple(dataclasses.replace(m, date=plan.generated_on) for m in plan.milestones)
        longer = dataclasses.replace(plan, milestones=plan.milestones + extra)
        long = render_plan_html(longer, samples.council(), answers, "standard")
    for html in (short, short, long, short, long):
        assert render.html_to_pdf(html, "standard") == whole(html, "standard")
    assert len(page_texts(whole(long, "standard"))) > len(page_texts(whole(short, "standard")))
    assert cache.hits >= 3


@pytest.mark.parametrize(
    ("size", "keys", "kept"),
    [
        (2, ["a", "b", "c"], ["b", "c"]),
        (2, ["a", "b", "a", "c"], ["a", "c"]),  # reading "a" again keeps it
        (0, ["a", "b"], []),
    ],
)
def test_layout_cache_keeps_the_most_recent(size: int, keys: list[str], kept: list[str]) -> None:
    cache = split.LayoutCache(size)
    shape = split._Shape(1, {})
    for key in "abc":
        cache.remember((key, "standard"), split._Shape(1, {}))  # seen before: kept from now on
    for key in keys:
        if cache.get((key, "standard")) is None:
            cache.put((key, "standard"), object(), shape)  # type: ignore[arg-type]
    assert [k for k in "abc" if cache.get((k, "standard")) is not None] == kept


def test_layout_cache_keeps_a_shared_part_from_its_second_sight() -> None:
    cache = split.LayoutCache(4)
    shape = split._Shape(1, {})
    cache.put(("a", "standard"), object(), shape)  # type: ignore[arg-type]
    assert cache.get(("a", "standard")) is None, "seen once: not kept"
    cache.put(("a", "standard"), object(), split._Shape(1, {}))  # type: ignore[arg-type]
    assert cache.get(("a", "standard")) is not None


def test_layout_cache_refuses_a_different_shape() -> None:
    cache = split.LayoutCache(4)
    cache.put(("a", "standard"), object(), split._Shape(3, {"x": 0}))  # type: ignore[arg-type]
    with pytest.raises(split.SplitMismatch):
        cache.put(("a", "standard"), object(), split._Shape(4, {"x": 0}))  # type: ignore[arg-type]


def test_html_without_the_marker_is_rendered_whole() -> None:
    assert split.split("<html><body><p>x</p></body></html>") is None
