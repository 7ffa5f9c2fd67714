"""Contact details checked the way GOV.UK Notify checks them (notifications-utils
`recipient_validation`), so nothing is queued that Notify would refuse.

Each validator returns the normalised value or raises `InvalidContact` with a message in plain
words; the message never repeats the value (it may be personal data).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planner.delivery import sms
from planner.rules.answers import text_problem

# Characters Notify strips before validating (notifications_utils.formatters.ALL_WHITESPACE).
OBSCURE_WHITESPACE = "\u180e\u200b\u200c\u200d\u2060\ufeff"
ALL_WHITESPACE = " \t\n\r\x0b\x0c\u00a0\u202f\u2028\u2029" + OBSCURE_WHITESPACE
UK_PREFIX = "44"


class InvalidContact(ValueError):
    """A contact detail Notify would reject; `field` names the API field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# ---------------------------------------------------------------------------------- phone numbers
def normalise_uk_mobile(number: str, field: str = "phone_number") -> str:
    """A UK mobile number as Notify stores it (447700900123). Notify's rules: spaces, brackets,
    dashes and + are ignored; digits only; after the country code or leading zero it starts with 7
    and has 10 digits. Ofcom's drama range 07700 900000-900999 passes like any other mobile."""
    digits = number
    for char in ALL_WHITESPACE + "()-+":
        digits = digits.replace(char, "")
    if not digits:
        raise InvalidContact(field, "Enter a mobile phone number.")
    if not digits.isdigit() or not digits.isascii():
        raise InvalidContact(field, "Mobile numbers can only include: 0 1 2 3 4 5 6 7 8 9 ( ) + -")
    digits = digits.lstrip("0")
    if digits.startswith(UK_PREFIX):
        digits = digits[len(UK_PREFIX) :].lstrip("0")
    if not digits.startswith("7"):
        raise InvalidContact(field, "This does not look like a UK mobile number.")
    if len(digits) > 10:
        raise InvalidContact(field, "Mobile number is too long.")
    if len(digits) < 10:
        raise InvalidContact(field, "Mobile number is too short.")
    return UK_PREFIX + digits


# ------------------------------------------------------------------------------------------ email
_LOCAL_CHARS = r"a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-"
_EMAIL = re.compile(rf"^[{_LOCAL_CHARS}]+@([^.@][^@\s]+)$")
_HOSTNAME_PART = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TLD_PART = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)


def normalise_email(address: str, field: str = "email_address") -> str:
    """An email address Notify will accept (notifications_utils.validate_email_address)."""
    message = "Enter an email address in the correct format, like name@example.com."
    value = address.strip(ALL_WHITESPACE)
    for char in OBSCURE_WHITESPACE:
        value = value.replace(char, "")
    match = _EMAIL.match(value)
    if not match or len(value) > 320 or ".." in value:
        raise InvalidContact(field, message)
    try:
        hostname = match.group(1).encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidContact(field, message) from exc
    parts = hostname.split(".")
    if len(hostname) > 253 or len(parts) < 2:
        raise InvalidContact(field, message)
    if not all(part and len(part) <= 63 and _HOSTNAME_PART.match(part) for part in parts):
        raise InvalidContact(field, message)
    if not _TLD_PART.match(parts[-1]):
        raise InvalidContact(field, message)
    return value


# ---------------------------------------------------------------------------------------- address
# Notify's postcode areas (notifications_utils.postal_address); a postcode must start with one.
_POSTCODE_AREAS = (
    "AB|AL|B|BA|BB|BD|BF|BH|BL|BN|BR|BS|BT|BX|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|"
    "DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|L|GIR|"
    "LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|"
    "SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE"
)
_POSTCODE = re.compile(r"((" + _POSTCODE_AREAS + r")[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{2})")
_UK_COUNTRY_LINES = {"uk", "united kingdom", "great britain", "england", "scotland", "wales"}
_UK_COUNTRY_LINES |= {"northern ireland", "gb", "u.k.", "britain"}
# Notify refuses a line that starts with one of these (they break the printer's address parsing).
INVALID_FIRST_CHARACTERS = tuple('@()=[]"\\/,<>~')
MIN_ADDRESS_LINES, MAX_ADDRESS_LINES = 3, 7
# The letter window is about 95 mm wide; Notify does not cap lines, but our 9 pt type fits this.
MAX_ADDRESS_LINE_LENGTH = 45


def normalise_postcode(value: str) -> str:
    """`ls14ap` -> `LS1 4AP`."""
    compact = "".join(ch for ch in value if ch not in ALL_WHITESPACE).upper()
    return compact[:-3] + " " + compact[-3:]


def is_real_uk_postcode(value: str) -> bool:
    compact = "".join(ch for ch in value if ch not in ALL_WHITESPACE).upper()
    return bool(_POSTCODE.fullmatch(compact))


def _is_country(line: str) -> bool:
    from planner.delivery.countries import is_country

    return is_country(line)


def normalise_address(lines: Sequence[str], field: str = "address_lines") -> list[str]:
    """Postal address lines as Notify's PostalAddress validates them: 3 to 7 lines (blank lines
    dropped), lines 1 and 2 contain a letter or digit, the last line a real UK postcode (formatted
    `LS1 4AP`) or a country, no line starts with @ ( ) = [ ] " \\ / , < > ~, no "no fixed abode"."""
    cleaned: list[str] = []
    for raw in lines:
        if not isinstance(raw, str):
            raise InvalidContact(field, "Each address line must be text.")
        if text_problem(raw) is not None:
            # A lone surrogate or a control character would break every page and letter showing it.
            raise InvalidContact(
                field, "Address lines must not contain control characters or broken characters."
            )
        line = raw
        for char in OBSCURE_WHITESPACE:
            line = line.replace(char, "")
        line = " ".join(line.split()).rstrip(" ,")
        if line:
            cleaned.append(line)
    if len(cleaned) < MIN_ADDRESS_LINES:
        raise InvalidContact(field, "The address must be at least 3 lines long.")
    if len(cleaned) > MAX_ADDRESS_LINES:
        raise InvalidContact(field, "The address must be no more than 7 lines long.")
    if any(line.startswith(INVALID_FIRST_CHARACTERS) for line in cleaned):
        raise InvalidContact(
            field,
            'Address lines must not start with any of these characters: @ ( ) = [ ] " \\ / , < > ~',
        )
    if not all(re.search(r"[A-Za-z0-9]", line) for line in cleaned[:2]):
        raise InvalidContact(
            field,
            "The first two lines of the address must have a letter or number.",
        )
    if any(len(line) > MAX_ADDRESS_LINE_LENGTH for line in cleaned):
        raise InvalidContact(field, "Each address line must be 45 characters or fewer.")
    joined = "\n".join(cleaned).lower()
    if re.search(r"\bno fixed (abode|address)\b", joined) or "nfa" in {s.lower() for s in cleaned}:
        raise InvalidContact(field, "We cannot send letters to 'no fixed abode' addresses.")
    # A trailing "UK" line is dropped, as Notify does, so the postcode comes last.
    while len(cleaned) > MIN_ADDRESS_LINES and cleaned[-1].lower() in _UK_COUNTRY_LINES:
        cleaned.pop()
    last = cleaned[-1]
    if is_real_uk_postcode(last):
        cleaned[-1] = normalise_postcode(last)
    elif not (_is_country(last) and last.lower() not in _UK_COUNTRY_LINES):
        raise InvalidContact(
            field,
            "The last line of the address must be a real UK postcode or a country.",
        )
    return cleaned


# ----------------------------------------------------------------------------------- text length
# Counting lives in planner.delivery.sms; these names stay for the callers that check contacts.
SMS_CHAR_COUNT_LIMIT = sms.CHAR_COUNT_LIMIT
is_gsm = sms.is_gsm
sms_character_count = sms.character_count
sms_fragment_count = sms.fragment_count
