"""Benchmark: rendering plan PDFs in one process, cached pipeline vs naive WeasyPrint.

Run: .venv/bin/python -m bench.bench_pdf [--runs 8] [--variant standard] [--no-write]

"Cached" is what the workers do (planner.pdf.render): fonts (@font-face, FontConfiguration) and
the print stylesheets are parsed once per process and reused. "Naive" is
`HTML(string=...).write_pdf()` with a fresh FontConfiguration and freshly parsed stylesheets for
every plan. Both render the same HTML with the same PDF/UA options in the same run, alternating,
so machine load affects both alike. Writes (replaces) the "PDF rendering" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner import create_app  # noqa: E402
from planner.i18n import BabelLocalizer  # noqa: E402
from planner.models import Council  # noqa: E402
from planner.pdf.render import html_to_pdf, naive_html_to_pdf, warm_up  # noqa: E402
from planner.plans.render import render_plan_html  # noqa: E402
from planner.plans.service import DEMO_COUNCIL  # noqa: E402
from planner.rules.answers import parse_answers  # noqa: E402
from planner.rules.plan import build_plan  # noqa: E402
from planner.rules.types import ServiceRecord  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
TODAY = date(2025, 3, 1)
# A typical family: Year 9 with an EHC plan, a few local services in the directory.
ANSWERS = {
    "name": "Sam",
    "date_of_birth": "2011-05-04",
    "respondent": "parent_carer",
    "setting": "mainstream_secondary",
    "support": "ehc_plan",
}
SERVICES = [
    ServiceRecord(
        id=f"svc-{n}",
        name=name,
        description="Free, impartial information, advice and support.",
        url=f"https://{slug}.exampleshire.example",
        phone="01632 960123",
        sections=frozenset(sections),
    )
    for n, (name, slug, sections) in enumerate(
        [
            ("Exampleshire SENDIASS", "sendiass", {"information_advice", "disagreements"}),
            ("Careers hub", "careers", {"careers", "work"}),
            ("Young carers and short breaks", "breaks", {"short_breaks", "community"}),
        ]
    )
]


def pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def timed(fn, *args) -> tuple[float, bytes]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def write_section(text: str) -> None:
    """Replace the "## PDF rendering" section of RESULTS.md (or append it)."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## PDF rendering\n.*?(?=^## |\Z)", re.S | re.M)
    new = (
        pattern.sub(lambda _: text, old)
        if pattern.search(old)
        else old.rstrip("\n") + "\n\n" + text
    )
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--variant", default="standard", choices=["standard", "large-print"])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    app = create_app({"PLANNER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        answers = parse_answers(ANSWERS, TODAY)
        plan = build_plan(answers, TODAY, BabelLocalizer("en"), services=SERVICES)
        council = Council(code="exampleshire", **DEMO_COUNCIL)
        # Building the HTML is part of each cached render, as in the worker.
        html = render_plan_html(plan, council, answers, variant=args.variant)
        start = time.perf_counter()
        warm_up()
        warm = time.perf_counter() - start
        first, pdf = timed(html_to_pdf, html, args.variant)  # the first plan of a fresh worker
        n_pages = pages(pdf)
        cached: list[float] = []
        naive: list[float] = []
        for _ in range(args.runs):
            t, _pdf = timed(
                lambda: html_to_pdf(
                    render_plan_html(plan, council, answers, variant=args.variant), args.variant
                )
            )
            cached.append(t)
            t, _pdf = timed(naive_html_to_pdf, html, args.variant)
            naive.append(t)

    c, n = statistics.median(cached), statistics.median(naive)
    batch = 10_000 * c / 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "## PDF rendering",
        "",
        f"`bench/bench_pdf.py`: one typical plan ({n_pages} pages, {args.variant}, English, a "
        f"Year 9 pupil with an EHC plan and 3 local services), rendered {args.runs} times each way "
        f"in one "
        f"process, alternating. Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {load:.1f} at the end.",
        "",
        "| case | median per plan | min | vs naive |",
        "|---|---|---|---|",
        f"| naive: `HTML(string=...).write_pdf()`, fonts and CSS parsed each time "
        f"| {n * 1000:.0f} ms | {min(naive) * 1000:.0f} ms | 1.00 |",
        f"| cached: `planner.pdf.render` (FontConfiguration + CSS once per process), HTML built "
        f"each time | {c * 1000:.0f} ms | {min(cached) * 1000:.0f} ms | ×{n / c:.2f} faster |",
        "",
        f"Worker start (font check, @font-face and stylesheets parsed): {warm * 1000:.0f} ms; the "
        f"first plan after it: {first * 1000:.0f} ms.",
        "",
        f"Estimate for a batch of 10,000 letters on 2 cores (2 worker processes, cached path, "
        f"rendering only): 10,000 × {c:.2f} s / 2 = {batch / 60:.0f} minutes "
        f"({batch / 3600:.1f} hours).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
