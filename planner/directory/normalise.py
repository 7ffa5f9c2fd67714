"""Normalising one Open Referral UK service record (v1 or v3) into the plain dict the importer
writes. A record that cannot be used raises MalformedRecord (it is reported and skipped); values
a family would see are checked by `planner.directory.clean`, and what was dropped or shortened
is listed under the record's `_notes` key."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from planner.directory import clean


class MalformedRecord(ValueError):
    """One service record is unusable; it is reported and skipped."""


def _text(value: Any, field_name: str = "") -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise MalformedRecord(f"{field_name or 'a field'} is not text")
    text = str(value).strip()
    return text or None


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedRecord(f"{key} is not a list")
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedRecord(f"{where} is not an object")
    return value


def _age(value: Any, field_name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
        if number != int(number):
            raise ValueError
    except (TypeError, ValueError):
        raise MalformedRecord(f"{field_name} is not a whole number: {value!r}") from None
    if not 0 <= number <= 130:
        raise MalformedRecord(f"{field_name} is out of range: {value!r}")
    return int(number)


def _number(value: Any, field_name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        return float(value)
    except (TypeError, ValueError):
        raise MalformedRecord(f"{field_name} is not a number: {value!r}") from None


def _date(value: Any, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise MalformedRecord(f"{field_name} is not a date")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise MalformedRecord(f"{field_name} is not a date: {value!r}") from None


def _datetime(value: Any, field_name: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise MalformedRecord(f"{field_name} is not a date and time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise MalformedRecord(f"{field_name} is not a date and time: {value!r}") from None
    # Stored as naive UTC, like every time in the database.
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _capped(value: Any, field_name: str, limit: int, notes: list[str]) -> str | None:
    return clean.cap(_text(value, field_name), limit, field_name, notes)


def _location(raw: Any, notes: list[str]) -> dict[str, Any]:
    loc = _obj(raw, "location")
    lid = _text(loc.get("id"), "location id")
    if lid is None:
        raise MalformedRecord("a location has no id")
    addresses = _list(loc, "physical_addresses") or _list(loc, "addresses")
    # HSDS 3 tags addresses; the physical one is where people go.
    addresses = sorted(
        (_obj(a, "address") for a in addresses),
        key=lambda a: a.get("address_type") not in (None, "physical"),
    )
    address = addresses[0] if addresses else {}
    short = clean.SHORT_TEXT_MAX
    country = _text(address.get("country"), "country")
    latitude, longitude = clean.coordinates(
        _coordinate(loc.get("latitude")), _coordinate(loc.get("longitude")), notes
    )
    return {
        "id": lid[:200],
        "name": _capped(loc.get("name"), "location name", short, notes),
        "address_1": _capped(address.get("address_1"), "address_1", short, notes),
        "city": _capped(address.get("city"), "city", 200, notes),
        "state_province": _capped(
            address.get("state_province") or address.get("region"), "state_province", 200, notes
        ),
        "postal_code": clean.postcode(
            _text(address.get("postal_code"), "postcode"), country, notes
        ),
        "country": country[:8] if country else None,
        "latitude": latitude,
        "longitude": longitude,
    }


def _coordinate(value: Any) -> float | None:
    """A coordinate as a number, or None when it is missing or not a number (a bad coordinate
    loses the position, not the service; clean.coordinates notes it)."""
    if value in (None, "") or isinstance(value, bool):
        return None if value in (None, "") else float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _phone(raw: Any, notes: list[str]) -> dict[str, Any] | None:
    phone = _obj(raw, "phone")
    number = clean.phone(_text(phone.get("number"), "phone number"), "phone number", notes)
    if not number:
        return None
    description = _capped(phone.get("description"), "phone description", 300, notes)
    return {"number": number, "description": description}


def _term(raw: Any) -> dict[str, Any] | None:
    term = _obj(raw, "taxonomy term")
    tid = _text(term.get("id"), "taxonomy term id")
    if tid is None:
        return None
    vocabulary = term.get("vocabulary") or term.get("taxonomy")
    detail = term.get("taxonomy_detail")
    if not vocabulary and isinstance(detail, dict):
        vocabulary = detail.get("name") or detail.get("id")
    return {
        "id": tid[:200],
        "name": (_text(term.get("name"), "taxonomy term name") or tid)[:500],
        "vocabulary": (_text(vocabulary, "vocabulary") or "")[:200] or None,
        "parent": (_text(term.get("parent") or term.get("parent_id"), "taxonomy parent") or "")[
            :200
        ]
        or None,
    }


def normalise_service(raw: Any) -> dict[str, Any]:
    """One ORUK v1 or v3 service as a plain dict, or MalformedRecord saying what is wrong.

    Values a family would see are checked (`planner.directory.clean`): links only when http(s),
    emails and phone numbers only when valid, texts capped. What was dropped or shortened is
    listed under the record's `_notes` key (taken off by the caller, reported per record)."""
    if not isinstance(raw, dict):
        raise MalformedRecord("the service is not a JSON object")
    sid = _text(raw.get("id"), "id")
    if sid is None:
        raise MalformedRecord("the service has no id")
    if len(sid) > 200:
        raise MalformedRecord("the service id is longer than 200 characters")
    notes: list[str] = []
    name = _capped(raw.get("name"), "name", clean.NAME_MAX, notes)
    if name is None:
        raise MalformedRecord("the service has no name")

    # Ages: v3 on the service; v1 in `eligibilitys` (widest range wins).
    min_age = _age(raw.get("minimum_age"), "minimum_age")
    max_age = _age(raw.get("maximum_age"), "maximum_age")
    eligibility_texts = [_text(raw.get("eligibility_description"), "eligibility_description")]
    for item in _list(raw, "eligibilitys"):
        elig = _obj(item, "eligibility")
        eligibility_texts.append(_text(elig.get("eligibility"), "eligibility"))
        lo = _age(elig.get("minimum_age"), "minimum_age")
        hi = _age(elig.get("maximum_age"), "maximum_age")
        min_age = lo if min_age is None or (lo is not None and lo < min_age) else min_age
        max_age = hi if max_age is None or (hi is not None and hi > max_age) else max_age
    if min_age is not None and max_age is not None and min_age > max_age:
        raise MalformedRecord(f"minimum_age {min_age} is above maximum_age {max_age}")

    org = raw.get("organization")
    organisation = None
    if isinstance(org, dict) and _text(org.get("id"), "organization id"):
        org_id = (_text(org.get("id"), "organization id") or "")[:200]
        organisation = {
            "id": org_id,
            "name": _capped(org.get("name"), "organization name", clean.NAME_MAX, notes) or org_id,
            "description": _capped(
                org.get("description"), "organization description", clean.DESCRIPTION_MAX, notes
            ),
            "url": clean.web_url(
                _text(org.get("website") or org.get("url"), "organization url"),
                "organization url",
                notes,
            ),
            "email": clean.email(
                _text(org.get("email"), "organization email"), "organization email", notes
            ),
        }
    elif org is not None and not isinstance(org, dict):
        raise MalformedRecord("organization is not an object")

    locations: list[dict[str, Any]] = []
    for sal in _list(raw, "service_at_locations"):
        nested = _obj(sal, "service_at_location").get("location")
        if nested is not None:
            locations.append(_location(nested, notes))
    for loc in _list(raw, "locations"):
        locations.append(_location(loc, notes))

    short = clean.SHORT_TEXT_MAX
    contacts = []
    for item in _list(raw, "contacts"):
        contact = _obj(item, "contact")
        contacts.append(
            {
                "id": (_text(contact.get("id"), "contact id") or "")[:200] or None,
                "name": _capped(contact.get("name"), "contact name", short, notes),
                "title": _capped(contact.get("title"), "contact title", short, notes),
                "email": clean.email(
                    _text(contact.get("email"), "contact email"), "contact email", notes
                ),
                "phones": [p for p in (_phone(x, notes) for x in _list(contact, "phones")) if p],
            }
        )

    costs = []
    for item in _list(raw, "cost_options"):
        cost = _obj(item, "cost option")
        currency = _text(cost.get("currency"), "currency")
        costs.append(
            {
                "option": _capped(cost.get("option"), "cost option", clean.LONG_TEXT_MAX, notes),
                "amount": _number(cost.get("amount"), "cost amount"),
                "currency": currency[:3] if currency else None,
                "amount_description": _capped(
                    cost.get("amount_description"), "amount_description", clean.LONG_TEXT_MAX, notes
                ),
            }
        )

    terms = [
        _term(_obj(st, "service_taxonomy").get("taxonomy"))
        for st in _list(raw, "service_taxonomys")
        if isinstance(st, dict) and st.get("taxonomy") is not None
    ]
    for attr in _list(raw, "attributes"):
        attribute = _obj(attr, "attribute")
        if isinstance(attribute.get("taxonomy_term"), dict):
            terms.append(_term(attribute["taxonomy_term"]))
        elif attribute.get("taxonomy_term_id"):
            tid = (_text(attribute["taxonomy_term_id"], "taxonomy_term_id") or "")[:200]
            terms.append({"id": tid, "name": tid, "vocabulary": None, "parent": None})

    fees = _text(raw.get("fees_description"), "fees_description") or _text(raw.get("fees"), "fees")
    eligibility = "; ".join(t for t in eligibility_texts if t) or None
    return {
        "id": sid,
        "name": name,
        "description": _capped(raw.get("description"), "description", clean.DESCRIPTION_MAX, notes)
        or "",
        "url": clean.web_url(_text(raw.get("url"), "url"), "url", notes),
        "email": clean.email(_text(raw.get("email"), "email"), "email", notes),
        "status": (_text(raw.get("status"), "status") or "active").lower()[:40],
        "fees": clean.cap(fees, clean.LONG_TEXT_MAX, "fees", notes),
        "min_age": min_age,
        "max_age": max_age,
        "eligibility": clean.cap(eligibility, clean.LONG_TEXT_MAX, "eligibility", notes),
        "assured_date": _date(raw.get("assured_date"), "assured_date"),
        "last_modified": _datetime(raw.get("last_modified"), "last_modified"),
        "organisation": organisation,
        "locations": locations,
        "contacts": contacts,
        "phones": [p for p in (_phone(x, notes) for x in _list(raw, "phones")) if p],
        "cost_options": costs,
        "terms": [t for t in terms if t],
        "ehc_plan_only": None,  # decided by the section map unless the source says (CSV)
        "_notes": notes,
    }
