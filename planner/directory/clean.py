"""Checking the values a feed gives before any family sees them.

A feed is written by a supplier's system, not by us: a `javascript:` link, a 270 KB description
or a latitude of 100 must not reach a plan or its PDF. Each function here returns the value to
keep (normalised) or None, and appends a plain note saying what was dropped or shortened, so the
council's admin sees it in the import history. A bad value loses only that value, never the
service: the rest of the record is still useful to a family.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlsplit

from planner.delivery.validation import InvalidContact, normalise_email

# Caps, in characters. A name is a heading in a plan: no real service name is near 200. A
# description is shown in full in every plan and PDF that lists the service, so it is one
# paragraph (about 150 words); a longer account belongs on the service's own page, which the
# plan links to. Before these caps one 270 KB description made a 256-page PDF.
NAME_MAX = 200
DESCRIPTION_MAX = 1000
SHORT_TEXT_MAX = 300  # contact names, titles, address lines, phone descriptions
LONG_TEXT_MAX = 500  # fees, eligibility
URL_MAX = 1000
ELLIPSIS = "…"

# UK postcodes (BS 7666 shape; the Post Office's "GIR 0AA" too).
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$|^(GIR)(0AA)$")
UK_COUNTRIES = frozenset(
    {"gb", "uk", "gbr", "united kingdom", "great britain", "england", "wales", "scotland"}
    | {"northern ireland"}
)
# A bare domain some feeds give instead of a URL ("www.example.org/page").
_BARE_DOMAIN = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-.]+$")
_EXTENSION = re.compile(r"\s*(ext\.?|extension|x)\s*[0-9]{1,6}$", re.IGNORECASE)
# UK short numbers a service may give: 999, 112, 111, 116 xxx helplines (116 123 Samaritans),
# 1xx network services.
_UK_SHORT = re.compile(r"^(999|112|1[0-9]{2}|116[0-9]{3})$")


def cap(value: str | None, limit: int, field: str, notes: list[str]) -> str | None:
    """`value` cut to `limit` characters at a word boundary, with an ellipsis, and noted."""
    if value is None or len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # a word boundary not too far back; else cut mid-word
        cut = cut[:space]
    notes.append(f"{field} shortened from {len(value)} to {limit} characters")
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def web_url(value: str | None, field: str, notes: list[str]) -> str | None:
    """An http(s) address with a host, or None (noted). A bare domain gets https://."""
    if value is None:
        return None
    candidate = value
    if "://" not in candidate and _BARE_DOMAIN.match(candidate):
        candidate = "https://" + candidate
    problem = None
    if len(candidate) > URL_MAX:
        problem = "is too long"
    elif any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in candidate):
        problem = "has spaces or control characters"
    elif "\\" in candidate:
        problem = "has a backslash"
    else:
        try:
            parts = urlsplit(candidate)
        except ValueError:
            parts = None
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            problem = "is not an http or https address"
        elif not parts.hostname or "." not in parts.hostname or "@" in parts.netloc:
            problem = "has no proper host name"
    if problem:
        notes.append(f"{field} dropped: it {problem}")
        return None
    return candidate


def email(value: str | None, field: str, notes: list[str]) -> str | None:
    """A valid email address (GOV.UK Notify's rules), or None (noted)."""
    if value is None:
        return None
    candidate = value[len("mailto:") :] if value.lower().startswith("mailto:") else value
    try:
        return normalise_email(candidate, field)
    except InvalidContact:
        notes.append(f"{field} dropped: not a valid email address")
        return None


def phone(value: str | None, field: str, notes: list[str]) -> str | None:
    """A phone number as the feed wrote it when it is a valid one, or None (noted).

    Valid: a UK number of 10 or 11 digits from 0 (or from +44), an international number of 7 to 15
    digits after + (the E.164 limit), or a UK short number such as 111 or 116 123; an extension
    may follow. Spaces, brackets, dots and hyphens are allowed between digits."""
    if value is None:
        return None
    number = _EXTENSION.sub("", value).strip()
    digits = re.sub(r"[^0-9]", "", number)
    shape = number.lstrip("(")  # "(01632) 960100"
    valid = bool(_PHONE_CHARS.match(number)) and (
        (shape.startswith("+44") and digits[2:3] != "0" and 9 <= len(digits) - 2 <= 10)
        or (shape.startswith("+") and not shape.startswith("+44") and 7 <= len(digits) <= 15)
        or (shape.startswith("0") and digits[1:2] != "0" and 10 <= len(digits) <= 11)
        or (not shape.startswith(("+", "0")) and bool(_UK_SHORT.match(digits)))
    )
    if not valid or len(value) > 60:
        notes.append(f"{field} dropped: not a valid phone number")
        return None
    return value


def is_uk(country: str | None) -> bool:
    """True when an address's country is the UK. A missing country counts as the UK: Open
    Referral UK is the UK profile, and councils' own feeds often leave it out."""
    return country is None or country.strip().lower() in UK_COUNTRIES


def postcode(value: str | None, country: str | None, notes: list[str]) -> str | None:
    """A UK postcode in its standard form ("XE1 1AB") when the country is the UK and the
    postcode is valid; any other postcode exactly as the feed gave it (it is still a useful part
    of the address, but reshaping it as if it were British would make it wrong)."""
    if value is None:
        return None
    if not is_uk(country):
        return value[:16]
    compact = value.upper().replace(" ", "")
    match = _UK_POSTCODE.match(compact)
    if match is None:
        notes.append("postcode kept as given: not a valid UK postcode")
        return value[:16]
    outward, inward = [g for g in match.groups() if g]
    return f"{outward} {inward}"


def coordinates(
    latitude: float | None, longitude: float | None, notes: list[str]
) -> tuple[float | None, float | None]:
    """Both coordinates when both are inside their ranges (latitude ±90, longitude ±180), else
    neither (noted): one coordinate alone places nothing, and a wrong one misplaces a service."""
    if latitude is None and longitude is None:
        return None, None
    if (
        latitude is None
        or longitude is None
        or not (math.isfinite(latitude) and math.isfinite(longitude))
        or not -90 <= latitude <= 90
        or not -180 <= longitude <= 180
    ):
        notes.append("coordinates dropped: missing or outside their range")
        return None, None
    return latitude, longitude


def mentions_traineeships(*texts: Any) -> bool:
    """True when a service's text mentions traineeships, which ended in England on 31 July 2023
    (DfE): the council's admin is told, so the entry can be corrected. Families are never told."""
    return any(isinstance(t, str) and "traineeship" in t.lower() for t in texts)
