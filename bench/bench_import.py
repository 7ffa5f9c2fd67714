"""Benchmark: import a generated 5,000-service ORUK v3 feed served on loopback.

Run: .venv/bin/python bench/bench_import.py [--services 5000] [--nested]
The target is under a minute. The baseline, measured in the same run, is fetching and parsing the
same feed without writing it (planner.directory.feeds.read_url); the ratio shows what the database
write adds. A second import of the unchanged feed is timed too (the daily re-import case).
By default list pages carry summaries only, so every service is also fetched by id (the slow case).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = [
    "Short breaks",
    "Youth clubs",
    "Careers advice",
    "Supported living",
    "Health",
    "Transport",
    "Mediation",
    "Benefits advice",
    "Personal budgets",
    "SENDIASS",
]


def make_services(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        sid = f"bench-{i:05d}"
        out.append(
            {
                "id": sid,
                "name": f"Service {i} {TOPICS[i % len(TOPICS)]}",
                "description": "A generated service for the import benchmark. " * 4,
                "url": f"https://svc{i}.example",
                "email": f"s{i}@bench.example",
                "status": "active",
                "minimum_age": i % 10,
                "maximum_age": 18 + i % 8,
                "assured_date": "2026-10-01",
                "organization": {"id": f"org-{i % 200}", "name": f"Organisation {i % 200}"},
                "phones": [{"id": f"{sid}-p", "number": f"01632 960{i % 1000:03d}"}],
                "contacts": [
                    {
                        "id": f"{sid}-c",
                        "name": "Office",
                        "phones": [{"id": f"{sid}-cp", "number": "01632 960999"}],
                    }
                ],
                "cost_options": [{"id": f"{sid}-co", "option": "Session", "amount": 3}],
                "service_at_locations": [
                    {
                        "id": f"{sid}-sal",
                        "location": {
                            "id": f"loc-{i % 1500}",
                            "latitude": 52.5 + (i % 50) / 1000,
                            "longitude": -1.25,
                            "addresses": [
                                {
                                    "address_1": f"{i} High Street",
                                    "city": "Exampletown",
                                    "postal_code": "XE1 1AB",
                                }
                            ],
                        },
                    }
                ],
                "attributes": [
                    {
                        "id": f"{sid}-a",
                        "taxonomy_term": {
                            "id": f"t{i % len(TOPICS)}",
                            "name": TOPICS[i % len(TOPICS)],
                            "taxonomy": "bench",
                        },
                    }
                ],
            }
        )
    return out


def serve(
    services: list[dict[str, Any]], nested: bool, page_size: int = 100
) -> ThreadingHTTPServer:
    by_id = {s["id"]: json.dumps(s).encode() for s in services}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real API would
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus delayed ACKs
        # add ~40 ms to every response and the benchmark would measure that instead of the import.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            if parts.path in ("", "/"):
                body = json.dumps(
                    {"version": "3.0", "profile": "bench", "openapi_url": ""}
                ).encode()
            elif parts.path == "/services":
                page = int(parse_qs(parts.query).get("page", ["1"])[0])
                chunk = services[(page - 1) * page_size : page * page_size]
                pages = -(-len(services) // page_size)
                body = json.dumps(
                    {
                        "total_items": len(services),
                        "total_pages": pages,
                        "page_number": page,
                        "size": len(chunk),
                        "first_page": page == 1,
                        "last_page": page >= pages,
                        "empty": not chunk,
                        "contents": chunk
                        if nested
                        else [{"id": s["id"], "name": s["name"]} for s in chunk],
                    }
                ).encode()
            else:
                body = by_id.get(parts.path.rsplit("/", 1)[-1], b"{}")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--nested", action="store_true", help="list pages carry full records")
    args = parser.parse_args()

    from planner import create_app
    from planner.directory import models  # noqa: F401 - registers the tables
    from planner.directory.feeds import read_url
    from planner.directory.importer import import_source
    from planner.directory.models import DirService
    from planner.extensions import db
    from planner.plans.service import get_or_create_council

    services = make_services(args.services)
    httpd = serve(services, args.nested)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                "VAR_DIR": Path(tmp),
                # Loopback is fetched only when listed (issue 16 B1).
                "OFFER_ALLOWED_HOSTS": "127.0.0.1",
            }
        )
        with app.app_context():
            db.create_all()
            council = get_or_create_council("bench")
            t0 = time.perf_counter()
            feed = read_url(url)
            parse_s = time.perf_counter() - t0
            assert len(feed.services) == args.services, feed.errors[:3]
            t0 = time.perf_counter()
            first = import_source(url, council)
            import_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = import_source(url, council)
            reimport_s = time.perf_counter() - t0
            stored = db.session.query(DirService).count()
    httpd.shutdown()
    httpd.server_close()
    assert (
        first.created == args.services
        and again.unchanged == args.services
        and stored == args.services
    )
    mode = "nested list pages" if args.nested else "summary pages + one GET per service"
    print(f"services: {args.services} ({mode})")
    print(f"baseline fetch+parse only: {parse_s:.2f} s")
    print(
        f"full import (fetch, parse, map, write): {import_s:.2f} s  "
        f"(x{import_s / parse_s:.2f} of baseline)"
    )
    print(
        f"re-import, nothing changed: {reimport_s:.2f} s  (x{reimport_s / parse_s:.2f} of baseline)"
    )
    print("under a minute:", "yes" if import_s < 60 else "NO")


if __name__ == "__main__":
    main()
