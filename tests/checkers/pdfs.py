"""Small PDFs made for the checker tests with WeasyPrint: a letter laid out to Notify's zones
(or deliberately not), and an accessible document (or deliberately not)."""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]
# (left mm, top mm, text) placed on a page; the good letter's page 1 keeps to Notify's zones.
GOOD_PAGE_1 = [
    (17, 10, "Exampleshire County Council"),
    (130, 10, "County Hall"),
    (20, 100, "Your transition plan. Read it online or phone us for a printed copy."),
]
GOOD_LATER_PAGE = [(20, 10, "More of the plan."), (20, 280, "The end of this page.")]


def _page(marks: list[tuple[float, float, str]], size: str = "9pt") -> str:
    blocks = "".join(
        f'<div style="position:absolute;left:{x}mm;top:{y}mm;font-size:{size}">{text}</div>'
        for x, y, text in marks
    )
    return f'<section style="position:relative;height:297mm;break-after:page">{blocks}</section>'


def letter(
    path: Path,
    page_1: list[tuple[float, float, str]] | None = None,
    later_pages: list[list[tuple[float, float, str]]] | None = None,
    address: list[str] | None = None,
    page_size: str = "A4",
) -> Path:
    """A letter: the address in the window at 9 pt, then PAGE_1 and each of LATER_PAGES."""
    lines = "<br>".join(ADDRESS if address is None else address)
    window = f'<div style="position:absolute;left:27mm;top:42mm;font-size:9pt">{lines}</div>'
    first = _page(GOOD_PAGE_1 if page_1 is None else page_1).replace(
        "</section>", window + "</section>"
    )
    rest = "".join(
        _page(p) for p in (later_pages if later_pages is not None else [GOOD_LATER_PAGE])
    )
    html = (
        f"<html lang='en'><head><style>@page {{ size: {page_size}; margin: 0 }}"
        " body { margin: 0; font-family: 'Noto Sans', sans-serif }</style></head>"
        f"<body>{first}{rest}</body></html>"
    )
    HTML(string=html).write_pdf(path)
    return path


GOOD_DOCUMENT = """
<h1>Your transition plan</h1>
<p>This plan says what happens next, by when, and who can help you near where you live.</p>
<h2>Key dates</h2>
<table><thead><tr><th scope="col">Date</th><th scope="col">What</th></tr></thead>
<tbody><tr><td>1 September 2027</td><td>Year 9 review</td></tr></tbody></table>
<h2>Who to contact</h2>
<ul><li>Your school's special needs teacher</li><li>The council's SEND team</li></ul>
<p><a href="https://www.gov.uk/children-with-special-educational-needs">Help on GOV.UK</a></p>
"""


def document(
    path: Path,
    body: str = GOOD_DOCUMENT,
    lang: str = "en",
    tagged: bool = True,
    font_size: str = "12pt",
) -> Path:
    """A short document, tagged PDF/UA-1 unless TAGGED is false."""
    html = (
        f"<html lang='{lang}'><head><title>Your transition plan</title>"
        f"<style>body {{ font-family: 'Noto Sans', sans-serif; font-size: {font_size} }}"
        f" h1, h2 {{ font-size: {font_size} }}</style></head><body>{body}</body></html>"
    )
    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1" if tagged else None)
    return path
