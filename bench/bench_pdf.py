"""Benchmark: plan PDFs for a council's batch, as a worker renders them, against naive WeasyPrint.

Run: .venv/bin/python -m bench.bench_pdf [--families 40] [--variant standard] [--no-write]

The batch is a Year 9 cohort of one council (the yearly mailing before the Year 9 review): each
family has its own name, date of birth, setting, kind of support, EHC review date and district
(so its own local services), drawn from a fixed seed. Every plan is rendered both ways in one
process, alternating, so machine load falls on both alike:

- naive: `HTML(string=...).write_pdf()` with a fresh FontConfiguration and freshly parsed
  stylesheets for every plan, the whole plan laid out as one document;
- worker: `planner.pdf.render.html_to_pdf` as the render task calls it: fonts and stylesheets
  parsed once per process, and the pages shared by families with the same sections and services
  laid out once and reused (planner/pdf/split.py).

Both give the same pages with the same words (tests/pdf/test_split.py). A second pass renders
the first plans with the layout cache turned off, the worker's cost when no two families share
pages. Writes (replaces) the "PDF rendering" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from planner import create_app  # noqa: E402
from planner.i18n import BabelLocalizer  # noqa: E402
from planner.models import Council  # noqa: E402
from planner.pdf import split  # noqa: E402
from planner.pdf.render import html_to_pdf, naive_html_to_pdf, warm_up  # noqa: E402
from planner.plans.render import render_plan_html  # noqa: E402
from planner.plans.service import DEMO_COUNCIL  # noqa: E402
from planner.rules.answers import parse_answers  # noqa: E402
from planner.rules.plan import build_plan  # noqa: E402
from planner.rules.types import ServiceRecord  # noqa: E402

TODAY = date(2025, 3, 1)  # spring term of Year 9 for children born Sep 2010 - Aug 2011
NAMES = ["Sam", "Aisha", "Oliver", "Mia", "Jayden", "Zara", "Harry", "Amelia", "Kai", "Noor"]


def _service(n: int, name: str, sections: set[str], district: str) -> ServiceRecord:
    return ServiceRecord(
        id=f"svc-{district}-{n}",
        name=f"{name} ({district})",
        description="Free, impartial information, advice and support.",
        url=f"https://{district.lower()}-{n}.exampleshire.example",
        phone="01632 960123",
        sections=frozenset(sections),
    )


# Each district's families see its own local services.
DISTRICTS = {
    district: [
        _service(0, "SENDIASS", {"information_advice", "disagreements"}, district),
        _service(1, "Careers hub", {"careers", "work"}, district),
        _service(2, "Young carers and short breaks", {"short_breaks", "community"}, district),
    ]
    for district in ("North", "South", "East")
}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def cohort(size: int, seed: int = 2026) -> list[tuple[dict[str, Any], str]]:
    """`size` families' answers and districts, the mix a council's Year 9 mailing might have."""
    rng = random.Random(seed)
    families = []
    for n in range(size):
        born = date(2010, 9, 1) + timedelta(days=rng.randrange(365))
        support = pick(rng, {"ehc_plan": 55, "sen_support": 35, "assessment_requested": 5})
        answers: dict[str, Any] = {
            "name": NAMES[n % len(NAMES)],
            "date_of_birth": born.isoformat(),
            "respondent": pick(rng, {"parent_carer": 80, "young_person": 20}),
            "setting": pick(rng, {"mainstream_secondary": 65, "special_school": 35}),
            "support": support,
        }
        if support == "ehc_plan" and rng.random() < 0.5:
            # Half the EHC families give their last annual review date: their plan then gives
            # the next review's date inside a section, so their shared pages are their own.
            review = TODAY - timedelta(days=rng.randrange(30, 330))
            answers["ehc"] = {"last_review_date": review.isoformat()}
        if support == "assessment_requested":
            answers["ehc"] = {"assessment_requested_on": (TODAY - timedelta(days=20)).isoformat()}
        families.append((answers, rng.choice(list(DISTRICTS))))
    return families


def pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def timed(fn: Any, *args: Any) -> tuple[float, bytes]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--no-reuse", type=int, default=8, help="plans rendered without the cache")
    parser.add_argument("--variant", default="standard", choices=["standard", "large-print"])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    app = create_app({"PLANNER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    council = Council(code="exampleshire", **DEMO_COUNCIL)
    with app.app_context():
        documents = []
        for raw, district in cohort(args.families):
            answers = parse_answers(raw, TODAY)
            plan = build_plan(answers, TODAY, BabelLocalizer("en"), services=DISTRICTS[district])
            documents.append(render_plan_html(plan, council, answers, variant=args.variant))

        start = time.perf_counter()
        warm_up()
        warm = time.perf_counter() - start
        split.CACHE.clear()
        naive: list[float] = []
        worker: list[float] = []
        counts: list[int] = []
        for n, html in enumerate(documents):
            # Alternate which goes first, so neither always runs on a warmer CPU cache.
            order = [("naive", naive_html_to_pdf), ("worker", html_to_pdf)]
            for name, fn in order if n % 2 else reversed(order):
                seconds, pdf = timed(fn, html, args.variant)
                (naive if name == "naive" else worker).append(seconds)
            counts.append(pages(pdf))
        hits, misses = split.CACHE.hits, split.CACHE.misses
        distinct = len({s.shared_key for s in map(split.split, documents) if s is not None})

        # The worst case: no two families share pages (the cache off).
        size, split.CACHE.size = split.CACHE.size, 0
        split.CACHE.clear()
        cold: list[float] = []
        cold_naive: list[float] = []
        for html in documents[: args.no_reuse]:
            cold.append(timed(html_to_pdf, html, args.variant)[0])
            cold_naive.append(timed(naive_html_to_pdf, html, args.variant)[0])
        split.CACHE.size = size
        split.CACHE.clear()

    n_total, w_total = sum(naive), sum(worker)
    batch = 10_000 * (w_total / len(worker)) / 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    body = f"""
`bench/bench_pdf.py --families {args.families}`: a council's Year 9 batch of {args.families} plans
({args.variant}, English), each family with its own name, date of birth, setting, support, EHC
review date and district (local services), fixed seed. Each plan rendered both ways in one
process, alternating. Python {platform.python_version()}, {os.cpu_count()} cores, load average
{load:.1f} at the end.

Plans ran to {min(counts)}-{max(counts)} pages (median {statistics.median(counts):.0f}). The batch
had {distinct} different shared parts (sections and local services) among {args.families}
families; the worker laid out {misses} shared parts and reused {hits}.

| case | per plan, median | batch total | vs naive |
|---|---|---|---|
| naive: `HTML(string=...).write_pdf()`, fonts and CSS parsed each time, laid out whole | {ms(statistics.median(naive))} | {n_total:.1f} s | 1.00 |
| worker: fonts and CSS once per process, shared pages laid out once (planner/pdf/split.py) | {ms(statistics.median(worker))} | {w_total:.1f} s | ×{n_total / w_total:.2f} faster |
| worker, cache off (no two families share pages), first {args.no_reuse} plans | {ms(statistics.median(cold))} | {sum(cold):.1f} s | ×{sum(cold_naive) / sum(cold):.2f} (naive {sum(cold_naive):.1f} s) |

Worker start (font check, @font-face and stylesheets parsed): {ms(warm)}.

A batch of 10,000 plans on 2 cores (2 worker processes, this mix, rendering only): 10,000 ×
{w_total / len(worker):.2f} s / 2 = {batch / 60:.0f} minutes. The target is under an hour.
"""
    print(body)
    if not args.no_write:
        write_section("PDF rendering", body)


if __name__ == "__main__":
    main()
