"""Reading Local Offer feeds: Open Referral UK APIs (v1 and v3), ORUK JSON files and CSV files.

Everything here only reads: `read_source` returns a `Feed` of normalised service records (plain
dicts) and per-record errors, or raises `FeedError` when the feed as a whole cannot be read. The
importer writes nothing until a whole feed has been read, so an unreachable or broken feed never
leaves a half-updated directory.

A feed that cannot be trusted as a whole is refused rather than half-read: a listing page that
fails, a page that is empty but says it is not the last, or a listing whose count differs from
the total the feed declares all raise FeedError, so the importer never mistakes a glitch for
withdrawn services. Each listed id is fetched once; a detail record whose id differs from the
listed one is skipped with that reason. Values are checked by `planner.directory.clean`.

Network safety is in `planner.directory.fetch`: only hosts on OFFER_ALLOWED_HOSTS, each redirect
checked, timeouts, a time budget and a size cap.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from planner.directory.fetch import (
    FeedError,
    Fetcher,
    HttpError,
    allowed_hosts,
    host_allowed,
    redact,
    setting,
)
from planner.directory.normalise import MalformedRecord, normalise_service

DEFAULT_BUDGET = 600.0  # seconds for a whole import's fetching
DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # per response
DEFAULT_PER_PAGE = 100
DEFAULT_WORKERS = 4  # concurrent per-service fetches: quick, but polite to a council's server
MAX_PAGES = 10_000

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
    # Values dropped or shortened in records that were kept: [{"id", "message"}].
    notes: list[dict[str, Any]] = field(default_factory=list)
    # The address that answered the first listing request, after any redirects.
    final_url: str | None = None


# Names other modules and the benchmark import from here.
_setting = setting
_redact = redact
__all__ = [
    "Feed",
    "FeedError",
    "HttpError",
    "allowed_hosts",
    "host_allowed",
    "read_source",
    "redact",
    "setting",
]


def _page_items(data: Any) -> tuple[list[Any], bool, int | None]:
    """One listing page's items, whether it is the last page, and the feed's declared total
    number of services when it gives one (v1 or v3 shape). A page that is empty but does not say
    it is the last raises FeedError: it is a glitch, not the end of the feed."""
    if isinstance(data, list):
        return data, True, None
    if not isinstance(data, dict):
        raise FeedError("the service list is not a JSON object")
    if isinstance(data.get("contents"), list):  # HSDS 3 / ORUK v3
        items = data["contents"]
        last = data.get("last_page")
        total, number = data.get("total_pages"), data.get("page_number")
        declared = data.get("total_items")
    elif isinstance(data.get("content"), list):  # ORUK v1 (Spring-style page)
        items = data["content"]
        last = data.get("last")
        total, number = data.get("totalPages"), data.get("number")
        declared = data.get("totalElements")
    elif isinstance(data.get("services"), list):
        return data["services"], True, None
    else:
        raise FeedError("the service list has neither 'contents' (v3) nor 'content' (v1)")
    if last is None and isinstance(total, int) and isinstance(number, int):
        last = number >= total
    if not items and last is False:
        raise FeedError(
            f"page {number if isinstance(number, int) else '?'} of the service list is empty but "
            "is not the last page"
        )
    count = declared if isinstance(declared, int) and not isinstance(declared, bool) else None
    return items, bool(last) or not items, count


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
        from planner.directory.fetch import url_problem

        raise FeedError(f"{redact(base)}: {url_problem(base + '/', hosts)}")
    fetcher = Fetcher(
        budget=float(setting("OFFER_FETCH_BUDGET", DEFAULT_BUDGET)),
        max_bytes=int(setting("OFFER_MAX_RESPONSE_BYTES", DEFAULT_MAX_BYTES)),
        hosts=hosts,
    )
    try:
        return _read_api(base, fetcher)
    finally:
        fetcher.close()


def _read_listing(base: str, fetcher: Fetcher, feed: Feed) -> list[Any]:
    """Every item of the paged service list; FeedError when the listing cannot be trusted."""
    per_page = int(setting("OFFER_PER_PAGE", DEFAULT_PER_PAGE))
    listed: list[Any] = []
    declared: int | None = None
    previous: list[str | None] | None = None
    for page in range(1, MAX_PAGES + 1):
        url = f"{base}/services?{urlencode({'page': page, 'per_page': per_page})}"
        try:
            data, answered = fetcher.get_json_at(url)
        except HttpError as exc:
            raise FeedError(str(exc)) from None
        if page == 1:
            feed.final_url = redact(answered)
        if isinstance(data, dict) and "contents" in data:
            feed.kind = "oruk-v3"
        items, last, total = _page_items(data)
        declared = total if declared is None else declared
        ids = [_item_id(i) for i in items]
        if ids == previous:
            break  # a server that ignores `page` would otherwise loop until MAX_PAGES
        previous = ids
        listed.extend(items)
        if last:
            break
    if declared is not None and declared != len(listed):
        raise FeedError(
            f"the feed says it has {declared} services but its pages list {len(listed)}"
        )
    return listed


def _read_api(base: str, fetcher: Fetcher) -> Feed:
    feed = Feed(source=redact(base), kind="oruk-v1")
    try:
        root = fetcher.get_json(base + "/")
        if isinstance(root, dict) and (
            str(root.get("version", "")).startswith("3") or "openapi_url" in root
        ):
            feed.kind = "oruk-v3"
    except HttpError:
        pass  # v1 APIs need not answer at their root

    # Each id once: a feed that repeats an id would otherwise have it fetched again and again.
    unique: list[Any] = []
    seen: set[str] = set()
    for item in _read_listing(base, fetcher, feed):
        sid = _item_id(item)
        if sid is not None and sid in seen:
            feed.errors.append({"id": sid, "message": "duplicate service id; later copy skipped"})
            continue
        if sid is not None:
            seen.add(sid)
        unique.append(item)
    workers = max(1, int(setting("OFFER_FETCH_WORKERS", DEFAULT_WORKERS)))

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
        records = list(pool.map(detail, unique))
    for item, record in zip(unique, records, strict=True):
        sid = _item_id(item)
        if isinstance(record, MalformedRecord):
            feed.listed_ids.add(str(sid))
            feed.errors.append({"id": sid, "message": str(record)})
        elif sid is not None and record is not item and _item_id(record) != sid:
            # Stored under either id it would be wrong: keep the listed service as it was.
            feed.listed_ids.add(sid)
            feed.errors.append(
                {
                    "id": sid,
                    "message": f"the detail record's id {_item_id(record)!r} differs from the "
                    "listed id; skipped",
                }
            )
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
        record = (normalise or normalise_service)(raw)
    except MalformedRecord as exc:
        feed.errors.append({"id": sid, "message": str(exc)})
        return
    feed.notes += [{"id": sid, "message": note} for note in record.pop("_notes", [])]
    feed.services.append(record)


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
    items, _last, _total = _page_items(data)
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
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        _add(feed, cells, _csv_record)
    return feed


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    flag = row.get("ehc_plan_only", "").lower()
    if flag not in _TRUE | _FALSE:
        raise MalformedRecord(f"ehc_plan_only must be yes or no, not {flag!r}")
    categories = [c.strip() for c in row.get("categories", "").split(";") if c.strip()]
    raw: dict[str, Any] = {
        "id": row.get("id"),
        "name": row.get("name"),
        "description": row.get("description"),
        "url": row.get("url"),
        "email": row.get("email"),
        "minimum_age": row.get("min_age"),
        "maximum_age": row.get("max_age"),
        "assured_date": row.get("last_assured"),
        "phones": [{"number": row["phone"]}] if row.get("phone") else [],
    }
    if row.get("address") or row.get("postcode"):
        # A CSV is a council's own list: its addresses are in the UK.
        address = {"address_1": row.get("address"), "postal_code": row.get("postcode")}
        raw["locations"] = [{"id": row.get("id"), "addresses": [address | {"country": "GB"}]}]
    record = normalise_service(raw)
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
