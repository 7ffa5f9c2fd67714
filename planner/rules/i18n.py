"""Language helpers the rules use without knowing where translations come from."""

from __future__ import annotations

from datetime import date


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction into the catalogues; it is translated later, at build time."""
    return message


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class EnglishLocalizer:
    """British English with no catalogue: the source strings themselves, GOV.UK date style."""

    language = "en"

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def format_date(self, value: date) -> str:
        # GOV.UK style: "1 September 2027", no leading zero, no ordinal.
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
