"""Read a PDF's text the way assistive technology does: marked content with /ActualText gives
that text (PDF 32000-1 14.9.4); other text is decoded through each font's ToUnicode map.

Independent of the renderer: it reads only the bytes of the PDF, with pikepdf.
"""

from __future__ import annotations

import re
import unicodedata

import pikepdf


def normalise(text: str) -> str:
    """NFC and single spaces, so line breaks and Unicode spellings do not matter."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _tounicode(font: pikepdf.Dictionary) -> dict[int, str]:
    cmap = font.get("/ToUnicode")
    if not isinstance(cmap, pikepdf.Stream):
        return {}
    data = cmap.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return mapping


def extract(path: str) -> str:
    """All text of the PDF in content order, ActualText taking the place of its glyphs."""
    out: list[str] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = page.obj.Resources.get("/Font", {})
            maps: dict[str, dict[int, str]] = {}
            current: dict[int, str] = {}
            replaced = 0  # depth inside marked content that carries ActualText
            stack: list[bool] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    props = operands[1] if len(operands) > 1 else None
                    actual = isinstance(props, pikepdf.Dictionary) and "/ActualText" in props
                    stack.append(actual)
                    if actual:
                        if not replaced:
                            out.append(str(props.ActualText))
                        replaced += 1
                elif name == "EMC" and stack:
                    if stack.pop():
                        replaced -= 1
                elif name == "Tf":
                    key = str(operands[0])
                    if key not in maps:
                        maps[key] = _tounicode(fonts[key])
                    current = maps[key]
                elif name in ("Tj", "TJ") and not replaced:
                    parts = operands[0] if name == "TJ" else [operands[0]]
                    for part in parts:
                        if isinstance(part, pikepdf.String):
                            raw = bytes(part)
                            codes = [raw[i] << 8 | raw[i + 1] for i in range(0, len(raw) - 1, 2)]
                            out.append("".join(current.get(c, "") for c in codes))
                    out.append(" ")
    return normalise(" ".join(out))
