"""HTML -> tagged PDF/UA-1 with WeasyPrint, with fonts and stylesheets parsed once per process.

A Celery worker renders many plans; parsing the Noto fonts' @font-face rules and the print
stylesheets for every plan would cost more than laying the plan out. `FontConfiguration` and the
`CSS` objects are built on first use and kept for the life of the process (one per variant); only
the plan's own HTML (and its small per-language <style>) is parsed per render.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from weasyprint import CSS, HTML, Document
from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER
from weasyprint.text.fonts import FontConfiguration

from planner.config import ROOT
from planner.pdf import actualtext, fonts, split

STYLESHEET_DIR = ROOT / "templates" / "pdf"
STYLESHEETS: dict[str, tuple[str, ...]] = {
    "standard": ("plan.css",),
    "large-print": ("plan.css", "large-print.css"),
}
PDF_OPTIONS = {
    # PDF/UA-1 turns on tagging, PDF 1.7 and the XMP identification (pdfuaid:part 1).
    "pdf_variant": "pdf/ua-1",
    # Identical input gives identical bytes: no creation-date noise in cached files.
    "pdf_identifier": b"send-transition-planner",
}

# Pango and our per-render structure map (planner.pdf.actualtext) are not thread-safe; a worker
# process renders one plan (or letter, planner.delivery.letter) at a time anyway.
render_lock = threading.Lock()


class RenderError(RuntimeError):
    """WeasyPrint reported a problem that would make the PDF inaccessible or wrong."""


class _Problems(logging.Handler):
    """Collects WeasyPrint's complaints during one render: missing glyphs, images without alt, a
    missing lang. Any of them breaks the accessible PDF, so the render fails."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or ".notdef" in message:
            self.found.append(message)


@lru_cache(maxsize=1)
def _fonts() -> tuple[FontConfiguration, CSS]:
    """The process's font configuration with the checked Noto faces registered in it."""
    actualtext.install()
    config = FontConfiguration()
    return config, CSS(string=fonts.font_face_css(), font_config=config)


def font_config() -> FontConfiguration:
    return _fonts()[0]


@lru_cache(maxsize=4)
def stylesheets(variant: str) -> tuple[CSS, ...]:
    """The @font-face rules and parsed print stylesheets for `variant`, once per process."""
    if variant not in STYLESHEETS:
        raise ValueError(f"unknown variant {variant!r}")
    config, face_css = _fonts()
    return (face_css,) + tuple(
        CSS(filename=str(STYLESHEET_DIR / name), font_config=config)
        for name in STYLESHEETS[variant]
    )


def warm_up() -> None:
    """Check the fonts and parse the stylesheets now (worker start), not on the first plan."""
    for variant in STYLESHEETS:
        stylesheets(variant)


def html_to_pdf(html: str, variant: str, base_url: str | Path | None = None) -> bytes:
    """Render `html` (a complete document with <title> and <html lang>) as tagged PDF/UA-1.

    A plan marked with `split.SPLIT_MARKER` reuses this process's layout of its shared pages
    (planner.pdf.split); anything else is laid out whole.
    """
    sheets = list(stylesheets(variant))
    base = str(base_url or STYLESHEET_DIR)

    def layout(source: str) -> Document:
        return HTML(string=source, base_url=base).render(
            stylesheets=sheets, font_config=font_config(), **PDF_OPTIONS
        )

    problems = _Problems()
    with render_lock:
        WEASYPRINT_LOGGER.addHandler(problems)
        try:
            parts = split.split(html)
            document = None
            if parts is not None:
                try:
                    document = split.render_split(parts, variant, layout)
                except split.SplitMismatch:
                    split.CACHE.clear()
            if document is None:
                document = layout(html)
            pdf: bytes | None = document.write_pdf(**PDF_OPTIONS)  # weasyprint: no types
        finally:
            WEASYPRINT_LOGGER.removeHandler(problems)
    if problems.found:
        raise RenderError("The PDF would not be accessible: " + "; ".join(problems.found[:5]))
    assert pdf is not None
    return pdf


def naive_html_to_pdf(html: str, variant: str) -> bytes:
    """The straightforward way, parsing fonts and stylesheets every time: the benchmark's
    baseline (bench/bench_pdf.py). Same output options, so only the caching differs."""
    actualtext.install()
    config = FontConfiguration()
    css = [CSS(string=fonts.font_face_css(), font_config=config)]
    css += [CSS(filename=str(STYLESHEET_DIR / n), font_config=config) for n in STYLESHEETS[variant]]
    pdf: bytes | None = HTML(string=html, base_url=str(STYLESHEET_DIR)).write_pdf(
        stylesheets=css, font_config=config, **PDF_OPTIONS
    )
    assert pdf is not None
    return pdf
