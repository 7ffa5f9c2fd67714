#!/usr/bin/env python3
"""letter-check FILE.pdf [--simple] [--expect-address "l1|l2|...|postcode"] [--margin MM]

Checks a precompiled letter against GOV.UK Notify's letter specification, the way Notify's own
validator (alphagov/notifications-template-preview, app/precompiled.py) and its address rules
(alphagov/notifications-utils, PostalAddress) judge it: file size, at most 10 pages, A4 portrait,
on page 1 ink only in the four zones Notify allows, on later pages only inside the printable
area, the NOTIFY tag area clear, and the address read from the window and validated.

Ink is found twice: the text and drawing objects in the file (pdfplumber, so the report names
the text that strays) and, unless --simple, the pages rasterised with pdftoppm (poppler-utils),
which also catches what the objects hide (clipping paths, images, shadings). `--margin MM`
demands MM more clearance inside every edge of the allowed area than Notify does.

Independent of the renderer: it imports nothing from planner/. One line per check; exit 0 when
none failed, 1 when one did (or the file cannot be read).
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from PIL import Image, ImageChops, ImageDraw, ImageFilter

# ------------------------------------------------------------ Notify's letter specification
# All in mm from the top-left corner of the sheet. Sources: the published specification
# (notifications-admin, templates/views/guidance/letter-specification.html: "A4 portrait
# (210 x 297 mm)", "Maximum file size: 2 MB", "10 pages or less", margins 15 mm left and right,
# 5 mm top and bottom) and the numbers its validator enforces (notifications-template-preview,
# app/precompiled.py: BORDER_*, BODY_TOP_FROM_TOP_OF_PAGE, SERVICE_ADDRESS_*, ADDRESS_*, LOGO_*).
A4_WIDTH_MM, A4_HEIGHT_MM = 210.0, 297.0
A4_TOLERANCE_MM = 2.0  # precompiled.py _is_page_A4_portrait: math.isclose(..., abs_tol=2)
MAX_PAGES = 10  # notifications_utils.pdf: LETTER_MAX_PAGE_COUNT
MAX_FILE_BYTES = 2 * 1024 * 1024  # "Maximum file size: 2 MB"
BORDER_LEFT, BORDER_RIGHT = 15.0, A4_WIDTH_MM - 15.0
BORDER_TOP, BORDER_BOTTOM = 5.0, A4_HEIGHT_MM - 5.0
BODY_TOP = 95.0  # page 1: the body starts 95 mm from the top


@dataclass(frozen=True)
class Box:
    """A rectangle in mm from the sheet's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def grown(self, mm: float) -> Box:
        return Box(self.left - mm, self.top - mm, self.right + mm, self.bottom + mm)

    def contains(self, other: Box) -> bool:
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def intersects(self, other: Box) -> bool:
        return not (
            other.right <= self.left
            or other.left >= self.right
            or other.bottom <= self.top
            or other.top >= self.bottom
        )

    def describe(self) -> str:
        return (
            f"x {self.left:.1f}-{self.right:.1f} mm, y {self.top:.1f}-{self.bottom:.1f} mm "
            "from the top left"
        )


# Page 1 zones (precompiled.py _overlay_printable_areas_with_white): the logo block above the
# address, the service's address column down the right, the address window, and the body.
LOGO = Box(BORDER_LEFT, BORDER_TOP, 125.0, 30.0)
SERVICE_ADDRESS = Box(125.0, BORDER_TOP, BORDER_RIGHT, BODY_TOP)
ADDRESS_WINDOW = Box(24.6, 39.5, 120.0, 66.3)  # "24.6mm from left ... 95.4mm wide by 26.8mm"
BODY = Box(BORDER_LEFT, BODY_TOP, BORDER_RIGHT, BORDER_BOTTOM)
PAGE_1_ZONES = (LOGO, SERVICE_ADDRESS, ADDRESS_WINDOW, BODY)
LATER_PAGES = (Box(BORDER_LEFT, BORDER_TOP, BORDER_RIGHT, BORDER_BOTTOM),)
# Where Notify prints its NOTIFY tag for DVLA: the DVLA bounding box from Notify's own notes on
# the tag (top-left (0, 0), bottom-right (15.191, 6.149) mm); DVLA's software treats a tag found
# on a later page as the start of another letter (precompiled.py _get_pages_with_notify_tag).
NOTIFY_TAG_AREA = Box(0.0, 0.0, 15.191, 6.149)
# precompiled.py extract_address_block reads the window plus 3 mm on every side.
ADDRESS_READ_MARGIN_MM = 3.0

# ------------------------------------------------------------- Notify's postal address rules
# notifications_utils PostalAddress: MIN_LINES, MAX_LINES, INVALID_CHARACTERS_AT_START_OF_
# ADDRESS_LINE, has_no_fixed_abode_address, has_alphanumeric_character_in_address_lines_1_and_2,
# and the postcode pattern over UK_POSTCODE_ZONES (countries/_data/uk-postcode-zones.txt).
MIN_ADDRESS_LINES, MAX_ADDRESS_LINES = 3, 7
INVALID_FIRST_CHARACTERS = tuple('@()=[]"\\/,<>~')
_ZONES = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L GIR "
    "LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE "
    "SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
UK_POSTCODE_ZONES = tuple(_ZONES.split())
POSTCODE = re.compile(rf"({'|'.join(UK_POSTCODE_ZONES)})[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{{2}}")
# Lines Notify reads as "United Kingdom" and drops from the end (countries data: UK synonyms).
UK_COUNTRY_LINES = {
    "uk",
    "u.k.",
    "united kingdom",
    "great britain",
    "gb",
    "britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
}
WHITESPACE = "\u180e\u200b\u200c\u200d\u2060\ufeff"  # removed before reading, as Notify does

PT_PER_MM = 72 / 25.4
RASTER_DPI = 100  # 0.25 mm a pixel: fine enough for mm-sized zones, quick for 10 pages
INK_BELOW = 250  # grey level under which a pixel is ink; 250-255 is paper (JPEG-ish noise)


@dataclass
class Result:
    name: str
    status: str  # PASS, FAIL or SKIP
    detail: str

    def line(self) -> str:
        return f"{self.status} {self.name}: {self.detail}"


# ----------------------------------------------------------------------------- the address
def normalise_postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    return compact[:-3] + " " + compact[-3:]


def is_uk_postcode(value: str) -> bool:
    return bool(POSTCODE.fullmatch("".join(value.split()).upper()))


def address_lines(text: str) -> list[str]:
    """Lines as Notify reads them: odd whitespace removed, spaces collapsed, trailing spaces and
    commas dropped, blank lines skipped, trailing UK country lines removed."""
    lines = []
    for raw in text.splitlines():
        for char in WHITESPACE:
            raw = raw.replace(char, "")
        line = " ".join(raw.split()).rstrip(" ,")
        line = re.sub(r"\s+([,.;:!?])", r"\1", line)  # remove_whitespace_before_punctuation
        if line:
            lines.append(line)
    while len(lines) > 1 and lines[-1].lower() in UK_COUNTRY_LINES:
        lines.pop()
    if lines and is_uk_postcode(lines[-1]):
        lines[-1] = normalise_postcode(lines[-1])
    return lines


def address_problems(lines: list[str], international: bool = False) -> list[str]:
    """Why Notify would refuse this address, in its own order of checks (empty when valid)."""
    if not lines:
        return ["the address window is empty"]
    problems = []
    if len(lines) < MIN_ADDRESS_LINES:
        problems.append(f"{len(lines)} lines: Notify needs at least {MIN_ADDRESS_LINES}")
    if len(lines) > MAX_ADDRESS_LINES:
        problems.append(f"{len(lines)} lines: Notify allows at most {MAX_ADDRESS_LINES}")
    if not is_uk_postcode(lines[-1]) and not (international and re.search(r"[A-Za-z]", lines[-1])):
        problems.append("the last line is not a real UK postcode")
    if any(line.startswith(INVALID_FIRST_CHARACTERS) for line in lines):
        problems.append('a line starts with one of @ ( ) = [ ] " \\ / , < > ~')
    if any(line.lower() == "nfa" for line in lines) or re.search(
        r"no fixed (abode|address)", "\n".join(lines), re.IGNORECASE
    ):
        problems.append("a 'no fixed abode' address")
    if not all(re.search(r"[a-zA-Z0-9]", line) for line in lines[:2]):
        problems.append("lines 1 and 2 must each have a letter or a digit")
    return problems


# ------------------------------------------------------------------------------ geometry
def _mm(value_pt: float) -> float:
    return value_pt / PT_PER_MM


def allowed_mask(zones: tuple[Box, ...], margin_mm: float, size: tuple[int, int]) -> Image.Image:
    """White where ink may go: the union of ZONES, eroded by MARGIN_MM (so content must keep that
    far from every edge of the allowed area, not just of each zone). Edges round outwards and the
    erosion rounds down: one pixel (0.25 mm) is left to anti-aliasing, as Notify's validator
    leaves its own allowance; the object check (covered) is exact."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    sx, sy = size[0] / A4_WIDTH_MM, size[1] / A4_HEIGHT_MM
    for zone in zones:
        draw.rectangle(
            (
                math.floor(zone.left * sx),
                math.floor(zone.top * sy),
                math.ceil(zone.right * sx) - 1,
                math.ceil(zone.bottom * sy) - 1,
            ),
            fill=255,
        )
    # Each 3x3 minimum filter erodes by one pixel; n passes erode by an n-pixel square.
    for _ in range(math.floor(margin_mm * sx)):
        mask = mask.filter(ImageFilter.MinFilter(3))
    return mask


def _subtract(box: Box, cut: Box) -> list[Box]:
    """BOX minus CUT, as up to four boxes."""
    if not box.intersects(cut):
        return [box]
    parts = []
    if box.top < cut.top:
        parts.append(Box(box.left, box.top, box.right, cut.top))
    if cut.bottom < box.bottom:
        parts.append(Box(box.left, cut.bottom, box.right, box.bottom))
    top, bottom = max(box.top, cut.top), min(box.bottom, cut.bottom)
    if box.left < cut.left:
        parts.append(Box(box.left, top, cut.left, bottom))
    if cut.right < box.right:
        parts.append(Box(cut.right, top, box.right, bottom))
    return parts


def covered(box: Box, zones: tuple[Box, ...], margin_mm: float) -> bool:
    """Whether BOX, grown by MARGIN_MM, lies inside the union of ZONES (exact, in mm)."""
    left = [box.grown(margin_mm)]
    for zone in zones:
        left = [part for piece in left for part in _subtract(piece, zone)]
    # Slivers thinner than 0.01 mm are rounding in the file's coordinates, not ink.
    return all(p.right - p.left < 0.01 or p.bottom - p.top < 0.01 for p in left)


def _pixels(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    sx, sy = size[0] / A4_WIDTH_MM, size[1] / A4_HEIGHT_MM
    return (
        max(0, math.floor(box.left * sx)),
        max(0, math.floor(box.top * sy)),
        min(size[0], math.ceil(box.right * sx)),
        min(size[1], math.ceil(box.bottom * sy)),
    )


@dataclass
class Mark:
    """Something visible on a page: text or a drawing object, in mm."""

    kind: str
    box: Box
    text: str = ""

    def describe(self) -> str:
        what = f"text {self.text[:30]!r}" if self.kind == "text" else self.kind
        return f"{what} at {self.box.describe()}"


def marks(page: pdfplumber.page.Page, origin: tuple[float, float] | None = None) -> Iterator[Mark]:
    """Text (grouped into words) and drawing objects, in mm from the sheet's top-left corner
    (ORIGIN: that corner in points, for a cropped page)."""
    x0, top0 = origin or (float(page.bbox[0]), float(page.bbox[1]))

    def box(obj: dict[str, float]) -> Box:
        return Box(
            _mm(obj["x0"] - x0),
            _mm(obj["top"] - top0),
            _mm(obj["x1"] - x0),
            _mm(obj["bottom"] - top0),
        )

    for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        yield Mark("text", box(word), word["text"])
    for kind in ("rect", "line", "curve", "image"):
        for obj in getattr(page, f"{kind}s"):
            # An unstroked white fill is paper, not ink (WeasyPrint paints page backgrounds so).
            colour = obj.get("non_stroking_color")
            if kind == "rect" and not obj.get("stroke") and colour in ((1,), (1, 1, 1), [1], 1):
                continue
            yield Mark(kind, box(obj))


def rasterise(path: Path, workdir: Path) -> list[Image.Image]:
    """Each page as a greyscale image at RASTER_DPI (pdftoppm honours /Rotate)."""
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(RASTER_DPI), str(path), str(workdir / "page")],
        check=True,
        capture_output=True,
    )
    return [Image.open(p) for p in sorted(workdir.glob("page-*.pgm"), key=_page_number)]


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def stray_ink(image: Image.Image, mask: Image.Image) -> Box | None:
    """Where ink lies outside the mask, as a box in mm, or None."""
    if mask.size != image.size:
        mask = mask.resize(image.size)
    ink = image.point(lambda v: 255 if v < INK_BELOW else 0)
    outside = ImageChops.multiply(ink, ImageChops.invert(mask))
    found = outside.getbbox()
    if found is None:
        return None
    sx, sy = image.size[0] / A4_WIDTH_MM, image.size[1] / A4_HEIGHT_MM
    return Box(found[0] / sx, found[1] / sy, found[2] / sx, found[3] / sy)


# -------------------------------------------------------------------------------- checks
class LetterCheck:
    def __init__(
        self,
        path: Path,
        simple: bool = False,
        expect_address: list[str] | None = None,
        margin_mm: float = 0.0,
        international: bool = False,
    ) -> None:
        self.path = path
        self.simple = simple
        self.expect_address = expect_address
        self.margin = margin_mm
        self.international = international
        self.results: list[Result] = []

    def add(self, name: str, problems: list[str], passed: str) -> None:
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            self.results.append(Result(name, "FAIL", "; ".join(problems[:3]) + more))
        else:
            self.results.append(Result(name, "PASS", passed))

    def run(self) -> list[Result]:
        size = self.path.stat().st_size
        self.add(
            "file-size",
            [f"{size / 1048576:.1f} MB: Notify takes at most 2 MB"]
            if size > MAX_FILE_BYTES
            else [],
            f"{size / 1024:.0f} KB",
        )
        with pdfplumber.open(self.path) as pdf:
            pages = pdf.pages
            self.add(
                "page-count",
                [f"{len(pages)} pages: Notify prints at most {MAX_PAGES}"]
                if len(pages) > MAX_PAGES
                else ([] if pages else ["no pages"]),
                f"{len(pages)} pages",
            )
            self._check_a4(pages)
            self._check_ink(pages)
            if pages:
                self._check_address(pages[0])
        return self.results

    def _check_a4(self, pages: list[pdfplumber.page.Page]) -> None:
        problems = []
        for number, page in enumerate(pages, start=1):
            width, height = _mm(float(page.width)), _mm(float(page.height))
            rotation = int(page.page_obj.attrs.get("Rotate", 0) or 0) % 360
            # pdfplumber gives the size after /Rotate; Notify accepts a landscape box turned
            # 90 or 270 degrees, which this is after turning.
            portrait = math.isclose(width, A4_WIDTH_MM, abs_tol=A4_TOLERANCE_MM) and math.isclose(
                height, A4_HEIGHT_MM, abs_tol=A4_TOLERANCE_MM
            )
            if not portrait:
                problems.append(f"page {number} is {width:.0f} x {height:.0f} mm ({rotation} deg)")
        self.add("a4-portrait", problems, "every page A4 portrait (210 x 297 mm)")

    def _check_ink(self, pages: list[pdfplumber.page.Page]) -> None:
        """Notify judges ink, so the rasterised page decides; the objects name what strays. With
        --simple the objects decide alone, by their boxes: a glyph's box is taller than its ink
        (ascent and descent), so that mode is stricter than Notify near an edge."""
        grid = (round(A4_WIDTH_MM / 25.4 * RASTER_DPI), round(A4_HEIGHT_MM / 25.4 * RASTER_DPI))
        zone_sets = {True: PAGE_1_ZONES, False: LATER_PAGES}
        masks = {key: allowed_mask(zones, self.margin, grid) for key, zones in zone_sets.items()}
        tag_box = NOTIFY_TAG_AREA.grown(self.margin)
        images: list[Image.Image] = []
        tmp = tempfile.TemporaryDirectory()
        try:
            if not self.simple:
                if not shutil.which("pdftoppm"):
                    self.results.append(
                        Result("raster", "FAIL", "pdftoppm not found: install poppler-utils")
                    )
                    return
                images = rasterise(self.path, Path(tmp.name))
            zones: list[str] = []
            printable: list[str] = []
            tag: list[str] = []
            for number, page in enumerate(pages, start=1):
                first = number == 1
                found = list(marks(page))
                strays = [m for m in found if not covered(m.box, zone_sets[first], self.margin)]
                in_tag = [m for m in found if m.box.intersects(tag_box)]
                target = zones if first else printable
                if self.simple:
                    target.extend(f"{m.describe()} on page {number}" for m in strays[:1])
                    tag.extend(f"{m.describe()} on page {number}" for m in in_tag[:1])
                    continue
                image = images[number - 1]
                where = stray_ink(image, masks[first])
                if where is not None:
                    named = [m for m in strays if m.box.intersects(where.grown(1))]
                    what = f" ({named[0].describe()})" if named else ""
                    target.append(f"ink at {where.describe()} on page {number}{what}")
                extrema: Any = image.crop(_pixels(tag_box, image.size)).getextrema()
                low = extrema[0]
                if low < INK_BELOW:
                    what = f" ({in_tag[0].describe()})" if in_tag else ""
                    tag.append(f"ink in the NOTIFY tag area on page {number}{what}")
        finally:
            for image in images:
                image.close()
            tmp.cleanup()
        extra = f" with {self.margin:g} mm to spare" if self.margin else ""
        how = "object boxes" if self.simple else "rasterised pages"
        self.add(
            "page-1-zones",
            zones,
            f"page 1 ink only in the logo, return-address, window and body zones{extra} ({how})",
        )
        if len(pages) > 1:
            self.add(
                "printable-area",
                printable,
                f"pages 2-{len(pages)} inside 15 mm sides and 5 mm top and bottom{extra}",
            )
        self.add("notify-tag-area", tag, "clear on every page")

    def _check_address(self, page: pdfplumber.page.Page) -> None:
        x0, top0 = float(page.bbox[0]), float(page.bbox[1])
        read = ADDRESS_WINDOW.grown(ADDRESS_READ_MARGIN_MM)
        region = page.crop(
            (
                x0 + read.left * PT_PER_MM,
                top0 + read.top * PT_PER_MM,
                x0 + read.right * PT_PER_MM,
                top0 + read.bottom * PT_PER_MM,
            ),
            relative=False,
            strict=False,
        )
        lines = address_lines(region.extract_text() or "")
        self.add(
            "address",
            address_problems(lines, self.international),
            f"{len(lines)} lines ending in a real UK postcode",
        )
        window = ADDRESS_WINDOW.grown(-self.margin)
        outside = [
            m.describe()
            for m in marks(region, (x0, top0))
            if m.kind == "text" and not window.contains(m.box)
        ]
        self.add("address-in-window", outside, "every address word inside the window")
        if self.expect_address is not None:
            want = address_lines("\n".join(self.expect_address))
            self.add(
                "expected-address",
                []
                if lines == want
                else [f"the window's {len(lines)} lines differ from those expected"],
                "the window shows the expected address",
            )


def check(
    path: Path,
    simple: bool = False,
    expect_address: list[str] | None = None,
    margin_mm: float = 0.0,
    international: bool = False,
) -> list[Result]:
    """Every check of one letter, for tests and for main()."""
    return LetterCheck(path, simple, expect_address, margin_mm, international).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="letter-check", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path, metavar="FILE.pdf")
    parser.add_argument("--simple", action="store_true", help="objects only, no rasterising")
    parser.add_argument(
        "--expect-address", metavar="LINES", help='the address lines, "|"-separated'
    )
    parser.add_argument(
        "--margin", type=float, default=0.0, metavar="MM", help="extra clearance inside the zones"
    )
    parser.add_argument(
        "--international", action="store_true", help="accept a country as the last address line"
    )
    args = parser.parse_args(argv)
    if args.margin < 0:
        parser.error("--margin must be 0 or more")
    expected = args.expect_address.split("|") if args.expect_address is not None else None
    try:
        results = check(args.file, args.simple, expected, args.margin, args.international)
    except Exception as error:  # noqa: BLE001 - any unreadable file is a failed letter
        print(f"FAIL pdf: cannot read {args.file}: {type(error).__name__}: {error}")
        return 1
    for result in results:
        print(result.line())
    return 1 if any(r.status == "FAIL" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
