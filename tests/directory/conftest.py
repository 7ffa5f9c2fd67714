"""Fixtures for the directory tests: a loopback Open Referral UK server and feed builders."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

# Registers the directory tables before the session's app runs db.create_all().
import planner.directory  # noqa: F401
from planner.extensions import db
from planner.models import Council

Route = Callable[[dict[str, list[str]]], tuple[int, Any]]


class FeedServer:
    """An ORUK API on 127.0.0.1: `routes` maps a path to (status, JSON body) or a callable taking
    the query string and returning one. Every request path is recorded in `requests`."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, Any] | Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                parts = urlsplit(self.path)
                server.requests.append(self.path)
                route = server.routes.get(parts.path.rstrip("/") or "/")
                if route is None:
                    status, body = 404, {"error": "not found"}
                elif callable(route):
                    status, body = route(parse_qs(parts.query))
                else:
                    status, body = route
                if status in (301, 302):
                    self.send_response(status)
                    self.send_header("Location", body)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def serve_v3(
        self, services: list[dict[str, Any]], *, page_size: int = 2, nested_in_list: bool = False
    ) -> None:
        """An HSDS 3 / ORUK v3 API over `services`."""
        self.routes["/"] = (
            200,
            {"version": "3.0", "profile": "https://openreferraluk.org", "openapi_url": "x"},
        )

        def page(query: dict[str, list[str]]) -> tuple[int, Any]:
            number = int(query.get("page", ["1"])[0])
            chunk = services[(number - 1) * page_size : number * page_size]
            total_pages = max(1, -(-len(services) // page_size))
            items = chunk if nested_in_list else [{"id": s["id"], "name": s["name"]} for s in chunk]
            return 200, {
                "total_items": len(services),
                "total_pages": total_pages,
                "page_number": number,
                "size": len(items),
                "first_page": number == 1,
                "last_page": number >= total_pages,
                "empty": not items,
                "contents": items,
            }

        self.routes["/services"] = page
        for s in services:
            self.routes[f"/services/{s['id']}"] = (200, s)

    def serve_v1(self, services: list[dict[str, Any]], *, page_size: int = 2) -> None:
        """An ORUK v1 (HSDS-UK-1.0) API: Spring-style pages of summaries, details by id."""

        def page(query: dict[str, list[str]]) -> tuple[int, Any]:
            number = int(query.get("page", ["1"])[0])
            chunk = services[(number - 1) * page_size : number * page_size]
            total_pages = max(1, -(-len(services) // page_size))
            return 200, {
                "totalElements": len(services),
                "totalPages": total_pages,
                "number": number,
                "size": page_size,
                "first": number == 1,
                "last": number >= total_pages,
                "content": [{"id": s["id"], "name": s["name"]} for s in chunk],
            }

        self.routes["/services"] = page
        for s in services:
            self.routes[f"/services/{s['id']}"] = (200, s)


@pytest.fixture(autouse=True)
def loopback_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loopback ORUK server is fetched only because it is listed, as a council would list
    its supplier's host: loopback is never allowed by default."""
    monkeypatch.setenv("OFFER_ALLOWED_HOSTS", "127.0.0.1")


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def council(ctx: Flask) -> Council:
    from planner.plans.service import get_or_create_council

    return get_or_create_council("testshire")


def v3_service(sid: str, name: str, **extra: Any) -> dict[str, Any]:
    """A full ORUK v3 service record."""
    record: dict[str, Any] = {
        "id": sid,
        "name": name,
        "description": f"About {name}.",
        "url": f"https://{sid}.example",
        "email": f"{sid}@services.example",
        "status": "active",
        "minimum_age": 0,
        "maximum_age": 25,
        "assured_date": "2026-10-01",
        "organization": {
            "id": "org-1",
            "name": "Testshire Council",
            "website": "https://t.example",
        },
        "phones": [{"id": f"{sid}-p", "number": "01632 960100"}],
        "contacts": [
            {
                "id": f"{sid}-c",
                "name": "Duty",
                "phones": [{"id": f"{sid}-cp", "number": "01632 960101"}],
            }
        ],
        "cost_options": [
            {"id": f"{sid}-cost", "option": "Session", "amount": 5, "currency": "GBP"}
        ],
        "service_at_locations": [
            {
                "id": f"{sid}-sal",
                "location": {
                    "id": f"loc-{sid}",
                    "name": "Hall",
                    "latitude": 52.5,
                    "longitude": -1.25,
                    "addresses": [
                        {
                            "address_1": "1 High Street",
                            "city": "Exampletown",
                            "postal_code": "xe11ab",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [],
    }
    record.update(extra)
    return record


def v3_term(tid: str, name: str, vocabulary: str = "test") -> dict[str, Any]:
    return {"id": f"attr-{tid}", "taxonomy_term": {"id": tid, "name": name, "taxonomy": vocabulary}}


def v1_service(sid: str, name: str, **extra: Any) -> dict[str, Any]:
    """A full ORUK v1 (HSDS-UK-1.0) service record."""
    record: dict[str, Any] = {
        "id": sid,
        "name": name,
        "description": f"About {name}.",
        "url": f"https://{sid}.example",
        "email": f"{sid}@services.example",
        "status": "active",
        "fees": "Free",
        "assured_date": "2026-10-01",
        "organization": {"id": "org-v1", "name": "Voluntary Org", "url": "https://v.example"},
        "contacts": [
            {"id": f"{sid}-c", "name": "Office", "phones": [{"id": "p", "number": "01632 960200"}]}
        ],
        "cost_options": [{"id": f"{sid}-cost", "option": "Free", "amount": 0}],
        "eligibilitys": [
            {
                "id": f"{sid}-e",
                "eligibility": "Disabled children",
                "minimum_age": 5,
                "maximum_age": 18,
            }
        ],
        "service_at_locations": [
            {
                "id": f"{sid}-sal",
                "location": {
                    "id": f"v1loc-{sid}",
                    "name": "Centre",
                    "latitude": None,
                    "longitude": None,
                    "physical_addresses": [
                        {
                            "id": "a",
                            "address_1": "2 Mill Road",
                            "city": "Northby",
                            "postal_code": "XE4 2CD",
                        }
                    ],
                },
            }
        ],
        "service_taxonomys": [
            {
                "id": f"{sid}-t",
                "taxonomy": {"id": "sb", "name": "Short breaks", "vocabulary": "esdServiceTypes"},
            }
        ],
    }
    record.update(extra)
    return record


def services_of(council: Council) -> dict[str, Any]:
    """feed id -> DirService for the council."""
    from planner.directory.models import DirService

    rows = db.session.execute(db.select(DirService).filter_by(council_id=council.id)).scalars()
    return {s.feed_id: s for s in rows}
