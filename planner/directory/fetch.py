"""Fetching a feed over HTTP without letting a feed URL reach anything it should not.

Only hosts listed in OFFER_ALLOWED_HOSTS are fetched; loopback is not special (a feed that could
redirect to 127.0.0.1 could reach every local port), so a test or a single-machine set-up lists
`127.0.0.1` or `localhost` itself. A URL is judged with the parser the HTTP client connects with
(urllib3's `parse_url`, which requests uses) and with `urllib.parse`; when the two disagree about
the scheme, host or port, or the URL carries a user name, a backslash or a control character,
it is refused. Redirects are followed by hand, each hop judged the same way, and the URL that
finally answered is kept so the import history records where the data really came from.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
MAX_REDIRECTS = 5


class FeedError(Exception):
    """The feed could not be reached or read as a whole; nothing should change."""


class HttpError(Exception):
    """A single request failed with an HTTP status or an unreadable body."""


def setting(name: str, default: Any = None) -> Any:
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


def _bare(host: str) -> str:
    """A host name as compared: lower case, no IPv6 brackets, no trailing dot."""
    return host.strip().lower().strip("[]").rstrip(".")


def allowed_hosts() -> set[str]:
    """OFFER_ALLOWED_HOSTS as a set of bare host names (comma-separated, or a list)."""
    raw = setting("OFFER_ALLOWED_HOSTS", "")
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return {_bare(str(h)) for h in items if str(h).strip()}


def url_problem(url: str, hosts: set[str]) -> str | None:
    """Why `url` must not be fetched, or None when it may be."""
    if any(not 0x21 <= ord(c) <= 0x7E for c in url):
        return "the address has spaces, control or non-ASCII characters"
    if "\\" in url:
        return "the address has a backslash"
    try:
        ours = urlsplit(url)
        ours_port = ours.port
        client = parse_url(url)
    except (ValueError, LocationParseError):
        return "the address cannot be read"
    if ours.scheme not in ("http", "https") or (client.scheme or "") != ours.scheme:
        return "only http and https addresses are fetched"
    if "@" in ours.netloc or client.auth:
        return "the address has a user name or password"
    host = _bare(ours.hostname or "")
    if not host or host != _bare(client.host or "") or ours_port != client.port:
        return "the address is ambiguous"
    if host not in hosts:
        return "host not allowed (set OFFER_ALLOWED_HOSTS)"
    return None


def host_allowed(url: str, extra: set[str] | None = None) -> bool:
    """True for an http(s) URL the fetcher would request (see `url_problem`)."""
    return url_problem(url, allowed_hosts() if extra is None else extra) is None


def redact(url: str) -> str:
    """A URL fit for logs and the import history: no user name or password."""
    try:
        parts = urlsplit(url)
        if parts.username or parts.password:
            netloc = parts.hostname or ""
            if parts.port:
                netloc += f":{parts.port}"
            return parts._replace(netloc=netloc).geturl()
    except ValueError:
        return "(an address that cannot be read)"
    return url


class Fetcher:
    """Bounded JSON GETs against allowed hosts."""

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
            # Proxies from the environment would connect somewhere the checks never saw.
            session.trust_env = False
            session.headers.update(
                {"Accept": "application/json", "User-Agent": "send-transition-planner/offer-import"}
            )
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def get_json(self, url: str) -> Any:
        """GET `url` and parse JSON (see `get_json_at`)."""
        return self.get_json_at(url)[0]

    def get_json_at(self, url: str) -> tuple[Any, str]:
        """GET `url` and parse JSON; returns the data and the URL that answered after redirects.
        Raises FeedError for a refused address, network failure or an exhausted budget, and
        HttpError for an HTTP error status or a body that is not JSON."""
        for _ in range(MAX_REDIRECTS + 1):
            problem = url_problem(url, self.hosts)
            if problem is not None:
                raise FeedError(f"{redact(url)}: {problem}")
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
                    f"{redact(url)}: {type(exc).__name__}: cannot reach the feed"
                ) from exc
            with resp:
                if resp.is_redirect and resp.headers.get("Location"):
                    url = urljoin(url, resp.headers["Location"])
                    continue
                if resp.status_code != 200:
                    raise HttpError(f"{redact(url)}: HTTP {resp.status_code}")
                body = self._read(resp, url)
            try:
                return json.loads(body), url
            except ValueError as exc:
                raise HttpError(f"{redact(url)}: not JSON ({exc})") from None
        raise FeedError(f"{redact(url)}: too many redirects")

    def _read(self, resp: requests.Response, url: str) -> bytes:
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FeedError(f"{redact(url)}: response larger than {self.max_bytes} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FeedError(f"{redact(url)}: response larger than {self.max_bytes} bytes")
                if time.monotonic() > self.deadline:
                    raise FeedError(
                        "the feed took longer than the time budget (OFFER_FETCH_BUDGET)"
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FeedError(f"{redact(url)}: {type(exc).__name__} while reading") from exc
        return b"".join(chunks)
