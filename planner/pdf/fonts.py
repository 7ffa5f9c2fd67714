"""The fonts a plan PDF is set in, found by path and checked before the first render.

Every offered script has a Noto face from Debian's fonts-noto-core. They are loaded through
@font-face with their file paths under our own family names, so what is checked here is exactly
what is embedded: fontconfig cannot quietly substitute another face, and a missing file raises
`MissingFontError` at start-up instead of rendering empty boxes in a family's letter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Where Debian installs fonts-noto-core; PLANNER_FONT_DIRS (colon-separated) is searched first.
DEFAULT_FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype",
    "/usr/share/fonts",
)
DEBIAN_PACKAGE = "fonts-noto-core"


class MissingFontError(RuntimeError):
    """A font the plans need is not installed; rendering would draw empty boxes."""


@dataclass(frozen=True)
class Face:
    """One family we embed: its CSS name and the files for each weight."""

    family: str
    regular: str
    bold: str


# CSS family name -> Noto files. Our own names keep system fonts from standing in for them.
FACES: tuple[Face, ...] = (
    Face("Planner Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    Face("Planner Naskh", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    Face("Planner Nastaliq", "NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf"),
    Face("Planner Bengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    Face("Planner Gurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
)

# The family a language is set in first; the rest follow so that a service name in another
# script (an Urdu community group in an English plan) still has its letters.
PRIMARY_FAMILY: dict[str, str] = {
    "ar": "Planner Naskh",
    "ur": "Planner Nastaliq",
    "bn": "Planner Bengali",
    "pa": "Planner Gurmukhi",
}


def font_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("PLANNER_FONT_DIRS", "").split(":") if p]
    return extra + [Path(p) for p in DEFAULT_FONT_DIRS]


def find_font(filename: str) -> Path | None:
    """The first file called `filename` in the font directories (searched recursively)."""
    for folder in font_dirs():
        direct = folder / filename
        if direct.is_file():
            return direct
    for folder in font_dirs():
        if folder.is_dir():
            for found in folder.rglob(filename):
                return found
    return None


@lru_cache(maxsize=1)
def font_files() -> dict[tuple[str, str], Path]:
    """(family, "normal"|"bold") -> file; raises MissingFontError naming every missing file."""
    files: dict[tuple[str, str], Path] = {}
    missing: list[str] = []
    for face in FACES:
        for weight, name in (("normal", face.regular), ("bold", face.bold)):
            path = find_font(name)
            if path is None:
                missing.append(name)
            else:
                files[(face.family, weight)] = path
    if missing:
        raise MissingFontError(
            f"Fonts needed for plan PDFs are missing: {', '.join(missing)}. Install the Debian "
            f"package {DEBIAN_PACKAGE} (make deps) or set PLANNER_FONT_DIRS."
        )
    return files


def font_face_css() -> str:
    """@font-face rules for every face, pointing at the checked files."""
    rules = []
    for (family, weight), path in font_files().items():
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'font-style: normal; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def font_stack(language: str) -> str:
    """The CSS font-family list for `language`: its own script first, then every other."""
    first = PRIMARY_FAMILY.get(language, "Planner Sans")
    # Latin first for Latin-script languages; for the others their script, then Latin for
    # references ("CoP 9.179"), URLs and the English words still untranslated.
    order = [first] + [f.family for f in FACES if f.family != first]
    return ", ".join(f'"{name}"' for name in order)
