"""Contact details are checked as GOV.UK Notify checks them; texts are counted as Notify counts."""

from __future__ import annotations

import pytest

from planner.delivery import validation as v

PHONES = [
    ("07700 900123", "447700900123"),
    ("+44 7700 900 123", "447700900123"),
    ("0044 (0)7700-900123", "447700900123"),
    ("7700900999", "447700900999"),
    ("07700900000", "447700900000"),
]
BAD_PHONES = ["", "01632 960000", "07700 90012", "07700 9001234", "07700 9OO123", "+1 202 555 0100"]


@pytest.mark.parametrize(("raw", "normalised"), PHONES)
def test_uk_mobiles_are_normalised_as_notify_does(raw: str, normalised: str) -> None:
    assert v.normalise_uk_mobile(raw) == normalised


@pytest.mark.parametrize("raw", BAD_PHONES)
def test_numbers_notify_would_refuse_are_refused(raw: str) -> None:
    with pytest.raises(v.InvalidContact) as exc:
        v.normalise_uk_mobile(raw)
    assert exc.value.field == "phone_number"
    assert raw.strip() == "" or raw not in exc.value.message  # never echoes the number


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("name@example.com", True),
        (" first.last+tag@sub.example.co.uk\u200b", True),
        ("name@example", False),
        ("name@@example.com", False),
        ("na..me@example.com", False),
        ("name@example.c", False),
        ("name@-example.com", False),
        ("name with space@example.com", False),
    ],
)
def test_email_addresses(raw: str, ok: bool) -> None:
    if ok:
        assert "@" in v.normalise_email(raw)
    else:
        with pytest.raises(v.InvalidContact):
            v.normalise_email(raw)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Flat 2", "10 High Street", "Leeds", "ls14ap"],
            ["Flat 2", "10 High Street", "Leeds", "LS1 4AP"],
        ),
        (
            ["A Person", "1 Rue Example", "Paris", "France"],
            ["A Person", "1 Rue Example", "Paris", "France"],
        ),
        (["A Person", "  ", "1 Road", "Leeds", "LS1 4AP", "United Kingdom"], None),
    ],
)
def test_addresses_that_notify_accepts(lines: list[str], expected: list[str] | None) -> None:
    result = v.normalise_address(lines)
    assert result[-1] in ("LS1 4AP", "France")
    if expected:
        assert result == expected


@pytest.mark.parametrize(
    "lines",
    [
        ["10 High Street", "LS1 4AP"],  # too few lines
        [f"Line {i}" for i in range(7)] + ["LS1 4AP"],  # too many
        ["A Person", "10 High Street", "Leeds", "XX1 1XX"],  # not a real postcode
        ["A Person", "=10 High Street", "Leeds", "LS1 4AP"],  # a character Notify rejects
        ["A Person", "(Flat 2)", "Leeds", "LS1 4AP"],
        ["No fixed abode", "Leeds", "LS1 4AP"],
    ],
)
def test_addresses_that_notify_rejects(lines: list[str]) -> None:
    with pytest.raises(v.InvalidContact) as exc:
        v.normalise_address(lines)
    assert exc.value.field == "address_lines"


@pytest.mark.parametrize(
    ("text", "count", "fragments"),
    [
        ("a" * 160, 160, 1),
        ("a" * 161, 161, 2),
        ("€" * 10, 20, 1),  # GSM extension characters count twice
        ("ł" * 70, 70, 1),  # outside GSM: unicode, 70 a fragment
        ("ł" * 71, 71, 2),
        ("a" * 918, 918, 6),
    ],
)
def test_sms_counted_as_notify_counts(text: str, count: int, fragments: int) -> None:
    assert v.sms_character_count(text) == count
    assert v.sms_fragment_count(text) == fragments
