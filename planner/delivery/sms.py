"""Text messages counted the way GOV.UK Notify counts them: the one place the app works out how
long a text is, how many fragments it costs and whether Notify will take it.

Since 2026 Notify sends any Unicode character (notifications-utils #1443, notifications-api
#4937). Before counting, it still replaces a few typographic characters with plain ones
(`SanitiseSMS.REPLACEMENT_CHARACTERS`); after that a message is either all GSM 03.38, sent 7-bit
(160 characters for one fragment, 153 each when split, extension characters cost two), or it holds
any other character and goes as UTF-16 (70 code units for one fragment, 67 each when split; a
character outside the Basic Multilingual Plane is two units). Either way, at most 918.

The fake Notify in tests/fakes models the same rules on its own, so a mistake here shows up as a
disagreement there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# notifications_utils.sanitise_text.SanitiseText.REPLACEMENT_CHARACTERS, as SanitiseSMS applies
# them. The zero width joiner (U+200D) is NOT replaced for texts: Bengali, Punjabi and Arabic
# need it. Direction marks and isolates (U+200E, U+200F, U+2066-U+2069) are kept too.
REPLACEMENT_CHARACTERS = {
    "\u2011": "-",  # non-breaking hyphen
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # horizontal ellipsis
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark
    "\u201c": '"',  # left double quotation mark
    "\u201d": '"',  # right double quotation mark
    "\u201a": "'",  # single low-9 quotation mark
    "\u201e": '"',  # double low-9 quotation mark
    "\u180e": "",  # Mongolian vowel separator
    "\u200b": "",  # zero width space
    "\u200c": "",  # zero width non-joiner
    "\u2060": "",  # word joiner
    "\ufeff": "",  # zero width no-break space
    "\u2028": "",  # line separator
    "\u2029": "",  # paragraph separator
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\t": " ",  # tab
}
# GSM 03.38: the basic set, and the extension table whose characters cost two (escape + char).
GSM_EXTENDED = frozenset("^{}\\[~]|€")
GSM_CHARACTERS = (
    frozenset(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    )
    | GSM_EXTENDED
)
CHAR_COUNT_LIMIT = 918  # notifications-api SMS_CHAR_COUNT_LIMIT (6 GSM fragments of 153)
GSM_SINGLE, GSM_MULTI = 160, 153
UNICODE_SINGLE, UNICODE_MULTI = 70, 67

# Left-to-right isolate ... pop directional isolate: a link or reference inside right-to-left
# text keeps its own order (as the letters and PDFs do, planner/plans/render.py).
LRI, PDI = "\u2066", "\u2069"


@dataclass(frozen=True)
class SmsCost:
    """What a text costs at Notify: `characters` as Notify counts them, `fragments` billed."""

    characters: int
    fragments: int
    unicode: bool

    @property
    def fits(self) -> bool:
        """Whether Notify will accept it (at most 918 characters)."""
        return self.characters <= CHAR_COUNT_LIMIT


def sanitise(text: str) -> str:
    """The text as Notify sends it: typographic characters replaced, outer whitespace gone."""
    return "".join(REPLACEMENT_CHARACTERS.get(ch, ch) for ch in text).strip()


def is_gsm(text: str) -> bool:
    """Whether every character of the (sanitised) text is in the GSM alphabet."""
    return all(ch in GSM_CHARACTERS for ch in text)


def cost(text: str) -> SmsCost:
    """Characters and fragments for `text` after Notify's replacements."""
    body = sanitise(text)
    if is_gsm(body):
        count = len(body) + sum(1 for ch in body if ch in GSM_EXTENDED)
        fragments = 1 if count <= GSM_SINGLE else math.ceil(count / GSM_MULTI)
        return SmsCost(count, fragments, unicode=False)
    count = len(body.encode("utf-16-be")) // 2
    fragments = 1 if count <= UNICODE_SINGLE else math.ceil(count / UNICODE_MULTI)
    return SmsCost(count, fragments, unicode=True)


def character_count(text: str) -> int:
    """Characters as Notify counts them (GSM septets, or UTF-16 code units)."""
    return cost(text).characters


def fragment_count(text: str) -> int:
    """How many fragments Notify bills for the text."""
    return cost(text).fragments


def isolate(value: str, *, link: bool = False) -> str:
    """`value` as a left-to-right island for right-to-left text. A link gets a space before the
    closing mark: phone linkifiers (Android's WEB_URL pattern) take U+2069 as part of the URL."""
    return f"{LRI}{value} {PDI}" if link else f"{LRI}{value}{PDI}"
