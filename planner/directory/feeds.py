"""Reading Local Offer feeds: Open Referral UK APIs (v1 and v3), ORUK JSON files and CSV files.

Everything here only reads: `read_source` returns a `Feed` of normalised service records (plain
dicts) and per-record errors, or raises `FeedError` when the feed as a whole cannot be read. The
importer writes nothing until a whole feed has been read, so an unreachable or broken feed never
leaves a half-updated directory.

Network safety: only loopback hosts and the hosts listed in OFFER_ALLOWED_HOSTS are fetched (a
council admin types the URL, but the import may run on a server inside the council's network);
redirects are followed by hand so each hop is checked; every request has connect and read timeouts,
the whole fetch has a time budget, and each response has a size cap.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

import requests

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
DEFAULT_BUDGET = 600.0  # seconds for a whole import's fetching
DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # per response
DEFAULT_PER_PAGE = 100
DEFAULT_WORKERS = 4  # concurrent per-service fetches: quick, but polite to a council's server
MAX_PAGES = 10_000
MAX_REDIRECTS = 5

# Keys that show a listed service already carries its nested records (no per-service fetch).
NESTED_KEYS = frozenset(
    {
        "service_at_locations",
        "attributes",
        "contacts",
        "phones",
        "service_taxonomys",
        "eligibilitys",
        "cost_options",
        "locations",
    }
)


class FeedError(Exception):
    """The feed could not be reached or read as a whole; nothing should change."""


class MalformedRecord(ValueError):
    """One service record is unusable; it is reported and skipped."""


@dataclass
class Feed:
    """A whole feed, read and normalised."""

    source: str
    kind: str  # "oruk-v1", "oruk-v3", "oruk-json" or "csv"
    services: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Every service id the feed lists, including skipped ones: a skipped record keeps its previous
    # version in the directory instead of being removed.
    listed_ids: set[str] = field(default_factory=set)


# --- settings ---------------------------------------------------------------------------------


def _setting(name: str, default: Any = None) -> Any:
    """App config first (when there is an app context), then the environment."""
    try:
        from flask import current_app

        value = current_app.config.get(name)
        if value not in (None, ""):
            return value
    except RuntimeError:
        pass
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def allowed_hosts() -> set[str]:
    """OFFER_ALLOWED_HOSTS as a set of lower-case host names (comma-separated, or a list)."""
    raw = _setting("OFFER_ALLOWED_HOSTS", "")
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return {str(h).strip().lower() for h in items if str(h).strip()}


def host_allowed(url: str, extra: set[str] | None = None) -> bool:
    """True for http(s) URLs on a loopback host or a configured one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    if host == "localhost":
        return True
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        pass
    return host in (allowed_hosts() if extra is None else extra)


def _redact(url: str) -> str:
    """A URL fit for logs and the import history: no user name or password."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return parts._replace(netloc=netloc).geturl()
    return url


# --- HTTP -------------------------------------------------------------------------------------


class HttpError(Exception):
    """A single request failed with an HTTP status or an unreadable body."""


class Fetcher:
    """Bounded JSON GETs against one allowed feed."""

    def __init__(self, *, budget: float, max_bytes: int, hosts: set[str]) -> None:
        self.deadline = time.monotonic() + budget
        self.max_bytes = max_bytes
        self.hosts = hosts
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close every thread's connections (open sockets would outlive the import)."""
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def _session(self) -> requests.Session:
        # One session per thread: connection reuse without sharing a session across threads.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {"Accept": "application/json", "User-Agent": "send-transition-planner/offer-import"}
            )
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def get_json(self, url: str) -> Any:
        """GET `url` and parse JSON. Raises FeedError for network failure or an exhausted budget
        and HttpError for an HTTP error status or a body that is not JSON."""
        for _ in range(MAX_REDIRECTS + 1):
            if not host_allowed(url, self.hosts):
                raise FeedError(f"{_redact(url)}: host not allowed (set OFFER_ALLOWED_HOSTS)")
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise FeedError("the feed took longer than the time budget (OFFER_FETCH_BUDGET)")
            try:
                resp = self._session().get(
                    url,
                    timeout=(min(CONNECT_TIMEOUT, remaining), min(READ_TIMEOUT, remaining)),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.RequestException as exc:
                raise FeedError(
                    f"{_redact(url)}: {type(exc).__name__}: cannot reach the feed"
                ) from exc
            with resp:
                if resp.is_redirect and resp.headers.get("Location"):
                    url = urljoin(url, resp.headers["Location"])
                    continue
                if resp.status_code != 200:
                    raise HttpError(f"{_redact(url)}: HTTP {resp.status_code}")
                body = self._read(resp, url)
            try:
                return json.loads(body)
            except ValueError as exc:
                raise HttpError(f"{_redact(url)}: not JSON ({exc})") from None
        raise FeedError(f"{_redact(url)}: too many redirects")

    def _read(self, resp: requests.Response, url: str) -> bytes:
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FeedError(f"{_redact(url)}: response larger than {self.max_bytes} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FeedError(f"{_redact(url)}: response larger than {self.max_bytes} bytes")
                if time.monotonic() > self.deadline:
                    raise FeedError(
                        "the feed took longer than the time budget (OFFER_FETCH_BUDGET)"
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FeedError(f"{_redact(url)}: {type(exc).__name__} while reading") from exc
        return b"".join(chunks)


def _page_items(data: Any) -> tuple[list[Any], bool]:
    """The items of one listing page and whether it is the last page (v1 or v3 shape)."""
    if isinstance(data, list):
        return data, True
    if not isinstance(data, dict):
        raise FeedError("the service list is not a JSON object")
    if isinstance(data.get("contents"), list):  # HSDS 3 / ORUK v3
        items = data["contents"]
        last = data.get("last_page")
        total, number = data.get("total_pages"), data.get("page_number")
    elif isinstance(data.get("content"), list):  # ORUK v1 (Spring-style page)
        items = data["content"]
        last = data.get("last")
        total, number = data.get("totalPages"), data.get("number")
    elif isinstance(data.get("services"), list):
        return data["services"], True
    else:
        raise FeedError("the service list has neither 'contents' (v3) nor 'content' (v1)")
    if last is None and isinstance(total, int) and isinstance(number, int):
        last = number >= total
    return items, bool(last) or not items


def _item_id(item: Any) -> str | None:
    if isinstance(item, dict) and item.get("id") not in (None, ""):
        return str(item["id"])
    return None


def read_url(base: str) -> Feed:
    """Read an ORUK v1 or v3 API from its base URL."""
    hosts = allowed_hosts()
    base = base.rstrip("/")
    if base.endswith("/services"):
        base = base[: -len("/services")]
    if not host_allowed(base + "/", hosts):
        raise FeedError(f"{_redact(base)}: host not allowed (set OFFER_ALLOWED_HOSTS)")
    fetcher = Fetcher(
        budget=float(_setting("OFFER_FETCH_BUDGET", DEFAULT_BUDGET)),
        max_bytes=int(_setting("OFFER_MAX_RESPONSE_BYTES", DEFAULT_MAX_BYTES)),
        hosts=hosts,
    )
    try:
        return _read_api(base, fetcher)
    finally:
        fetcher.close()


def _read_api(base: str, fetcher: Fetcher) -> Feed:
    kind = "oruk-v1"
    try:
        root = fetcher.get_json(base + "/")
        if isinstance(root, dict) and (
            str(root.get("version", "")).startswith("3") or "openapi_url" in root
        ):
            kind = "oruk-v3"
    except HttpError:
        pass  # v1 APIs need not answer at their root

    per_page = int(_setting("OFFER_PER_PAGE", DEFAULT_PER_PAGE))
    listed: list[Any] = []
    previous: list[str | None] | None = None
    for page in range(1, MAX_PAGES + 1):
        url = f"{base}/services?{urlencode({'page': page, 'per_page': per_page})}"
        try:
            data = fetcher.get_json(url)
        except HttpError as exc:
            raise FeedError(str(exc)) from None
        if isinstance(data, dict) and "contents" in data:
            kind = "oruk-v3"
        items, last = _page_items(data)
        ids = [_item_id(i) for i in items]
        if ids == previous:
            break  # a server that ignores `page` would otherwise loop until MAX_PAGES
        previous = ids
        listed.extend(items)
        if last:
            break

    feed = Feed(source=_redact(base), kind=kind)
    workers = max(1, int(_setting("OFFER_FETCH_WORKERS", DEFAULT_WORKERS)))

    def detail(item: Any) -> Any:
        sid = _item_id(item)
        if sid is None or (isinstance(item, dict) and NESTED_KEYS & item.keys()):
            return item
        try:
            return fetcher.get_json(f"{base}/services/{_quote(sid)}")
        except HttpError as exc:
            return MalformedRecord(f"could not fetch the service: {exc}")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        # map() keeps feed order and re-raises FeedError from any worker, which aborts the import.
        records = list(pool.map(detail, listed))
    for item, record in zip(listed, records, strict=True):
        if isinstance(record, MalformedRecord):
            sid = _item_id(item)
            feed.listed_ids.add(str(sid))
            feed.errors.append({"id": sid, "message": str(record)})
        else:
            _add(feed, record)
    return feed


def _quote(value: str) -> str:
    return quote(value, safe="")


def _add(feed: Feed, raw: Any, normalise: Callable[[Any], dict[str, Any]] | None = None) -> None:
    """Normalise one record into the feed, or record why it was skipped."""
    sid = _item_id(raw)
    if sid is not None:
        if sid in feed.listed_ids:
            feed.errors.append({"id": sid, "message": "duplicate service id; later copy skipped"})
            return
        feed.listed_ids.add(sid)
    try:
        feed.services.append((normalise or normalise_service)(raw))
    except MalformedRecord as exc:
        feed.errors.append({"id": sid, "message": str(exc)})


# --- files ------------------------------------------------------------------------------------


def read_json_file(path: Path) -> Feed:
    """An ORUK JSON file: a page object (v1 or v3), a list of services or `{services: [...]}`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"{path}: cannot read JSON ({exc})") from None
    pages = ("contents", "content", "services")
    if isinstance(data, dict) and not any(k in data for k in pages) and "id" in data:
        data = [data]  # a single service record
    items, _ = _page_items(data)
    kind = "oruk-v3" if isinstance(data, dict) and "contents" in data else "oruk-json"
    feed = Feed(source=str(path), kind=kind)
    for item in items:
        _add(feed, item)
    return feed


# CSV for councils without an ORUK feed; documented in planner/directory/README.md.
CSV_COLUMNS = (
    "id",
    "name",
    "description",
    "url",
    "email",
    "phone",
    "address",
    "postcode",
    "min_age",
    "max_age",
    "categories",
    "ehc_plan_only",
    "last_assured",
)
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"", "0", "false", "no", "n", "f"}


def read_csv_file(path: Path) -> Feed:
    """A CSV file with the columns in CSV_COLUMNS (only `id` and `name` are required)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedError(f"{path}: cannot read the CSV file ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    headers = {h.strip().lower() for h in reader.fieldnames or []}
    if not {"id", "name"} <= headers:
        raise FeedError(f"{path}: the CSV needs at least the columns id and name")
    feed = Feed(source=str(path), kind="csv")
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        _add(feed, clean, _csv_record)
    return feed


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    flag = row.get("ehc_plan_only", "").lower()
    if flag not in _TRUE | _FALSE:
        raise MalformedRecord(f"ehc_plan_only must be yes or no, not {flag!r}")
    categories = [c.strip() for c in row.get("categories", "").split(";") if c.strip()]
    sid = _text(row.get("id"))
    location = None
    if row.get("address") or row.get("postcode"):
        location = {
            "id": f"{sid}",
            "name": None,
            "address_1": row.get("address") or None,
            "city": None,
            "state_province": None,
            "postal_code": _postcode(row.get("postcode")),
            "country": "GB",
            "latitude": None,
            "longitude": None,
        }
    raw = {
        "id": row.get("id"),
        "name": row.get("name"),
        "description": row.get("description"),
        "url": row.get("url"),
        "email": row.get("email"),
        "minimum_age": row.get("min_age"),
        "maximum_age": row.get("max_age"),
        "assured_date": row.get("last_assured"),
    }
    record = normalise_service(raw)
    record["phones"] = [{"number": row["phone"], "description": None}] if row.get("phone") else []
    record["locations"] = [location] if location else []
    record["terms"] = [
        {"id": c, "name": c, "vocabulary": "csv", "parent": None} for c in categories
    ]
    record["ehc_plan_only"] = flag in _TRUE
    return record


def read_source(source: str) -> Feed:
    """Read a feed from a base URL, a JSON file or a CSV file."""
    if source.startswith(("http://", "https://")):
        return read_url(source)
    path = Path(source)
    if not path.is_file():
        raise FeedError(f"{source}: no such file (give a JSON or CSV file, or an http(s) URL)")
    if path.suffix.lower() == ".csv":
        return read_csv_file(path)
    return read_json_file(path)


# --- normalising one service ------------------------------------------------------------------


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


def _postcode(value: Any) -> str | None:
    text = _text(value, "postcode")
    if not text:
        return None
    compact = text.upper().replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


def _location(raw: Any) -> dict[str, Any]:
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
    return {
        "id": lid,
        "name": _text(loc.get("name"), "location name"),
        "address_1": _text(address.get("address_1"), "address_1"),
        "city": _text(address.get("city"), "city"),
        "state_province": _text(
            address.get("state_province") or address.get("region"), "state_province"
        ),
        "postal_code": _postcode(address.get("postal_code")),
        "country": _text(address.get("country"), "country"),
        "latitude": _number(loc.get("latitude"), "latitude"),
        "longitude": _number(loc.get("longitude"), "longitude"),
    }


def _phone(raw: Any) -> dict[str, Any] | None:
    phone = _obj(raw, "phone")
    number = _text(phone.get("number"), "phone number")
    if not number:
        return None
    return {"number": number, "description": _text(phone.get("description"), "phone description")}


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
        "id": tid,
        "name": _text(term.get("name"), "taxonomy term name") or tid,
        "vocabulary": _text(vocabulary, "vocabulary"),
        "parent": _text(term.get("parent") or term.get("parent_id"), "taxonomy parent"),
    }


def normalise_service(raw: Any) -> dict[str, Any]:
    """One ORUK v1 or v3 service as a plain dict, or MalformedRecord saying what is wrong."""
    if not isinstance(raw, dict):
        raise MalformedRecord("the service is not a JSON object")
    sid = _text(raw.get("id"), "id")
    if sid is None:
        raise MalformedRecord("the service has no id")
    name = _text(raw.get("name"), "name")
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
        organisation = {
            "id": _text(org.get("id"), "organization id"),
            "name": _text(org.get("name"), "organization name") or _text(org.get("id")),
            "description": _text(org.get("description"), "organization description"),
            "url": _text(org.get("website") or org.get("url"), "organization url"),
            "email": _text(org.get("email"), "organization email"),
        }
    elif org is not None and not isinstance(org, dict):
        raise MalformedRecord("organization is not an object")

    locations: list[dict[str, Any]] = []
    for sal in _list(raw, "service_at_locations"):
        nested = _obj(sal, "service_at_location").get("location")
        if nested is not None:
            locations.append(_location(nested))
    for loc in _list(raw, "locations"):
        locations.append(_location(loc))

    contacts = []
    for item in _list(raw, "contacts"):
        contact = _obj(item, "contact")
        contacts.append(
            {
                "id": _text(contact.get("id"), "contact id"),
                "name": _text(contact.get("name"), "contact name"),
                "title": _text(contact.get("title"), "contact title"),
                "email": _text(contact.get("email"), "contact email"),
                "phones": [p for p in map(_phone, _list(contact, "phones")) if p],
            }
        )

    costs = []
    for item in _list(raw, "cost_options"):
        cost = _obj(item, "cost option")
        costs.append(
            {
                "option": _text(cost.get("option"), "cost option"),
                "amount": _number(cost.get("amount"), "cost amount"),
                "currency": _text(cost.get("currency"), "currency"),
                "amount_description": _text(cost.get("amount_description"), "amount_description"),
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
            tid = _text(attribute["taxonomy_term_id"], "taxonomy_term_id")
            terms.append({"id": tid, "name": tid, "vocabulary": None, "parent": None})

    return {
        "id": sid,
        "name": name,
        "description": _text(raw.get("description"), "description") or "",
        "url": _text(raw.get("url"), "url"),
        "email": _text(raw.get("email"), "email"),
        "status": (_text(raw.get("status"), "status") or "active").lower(),
        "fees": _text(raw.get("fees_description"), "fees_description")
        or _text(raw.get("fees"), "fees"),
        "min_age": min_age,
        "max_age": max_age,
        "eligibility": "; ".join(t for t in eligibility_texts if t) or None,
        "assured_date": _date(raw.get("assured_date"), "assured_date"),
        "last_modified": _datetime(raw.get("last_modified"), "last_modified"),
        "organisation": organisation,
        "locations": locations,
        "contacts": contacts,
        "phones": [p for p in map(_phone, _list(raw, "phones")) if p],
        "cost_options": costs,
        "terms": [t for t in terms if t],
        "ehc_plan_only": None,  # decided by the section map unless the source says (CSV)
    }
