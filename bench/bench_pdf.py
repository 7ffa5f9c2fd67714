"""Benchmark: plan PDFs for a council's batch, as a worker renders them, against naive WeasyPrint.

Run: .venv/bin/python -m bench.bench_pdf [--runs 12] [--families 40] [--variant standard]
     [--no-write]

Two measurements, each rendering every plan both ways in one process, alternating, so machine
load falls on both alike:

- a typical plan rendered again and again (the issue's per-plan figure); from the third render
  on, the worker reuses its shared pages, as it does for every later family in a batch whose
  sections and local services are the same;
- a Year 9 cohort of one council in arrival order (the yearly mailing before the Year 9
  review): each family has its own name, date of birth, setting, kind of support, EHC review date
  and district (so its own local services), drawn from a fixed seed.

naive: `HTML(string=...).write_pdf()` with a fresh FontConfiguration and freshly parsed
stylesheets for every plan, the whole plan laid out as one document. worker:
`planner.pdf.render.html_to_pdf` as the render task calls it. Both give the same file byte for
byte (tests/pdf/test_split.py). Writes (replaces) the "PDF rendering" section of
bench/RESULTS.md.
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


# The typical plan: a Year 9 pupil with an EHC plan in a mainstream school, answered by a parent.
TYPICAL = {
    "name": "Sam",
    "date_of_birth": "2011-05-04",
    "respondent": "parent_carer",
    "setting": "mainstream_secondary",
    "support": "ehc_plan",
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


def typical_plan(args: argparse.Namespace, html: str) -> dict[str, Any]:
    """One typical plan rendered `args.runs` times each way, alternating. The worker's first
    render sees its shared pages for the first time (laid out whole), the second lays them out
    and keeps them; from the third on they are reused, as for every later family in a batch
    with the same sections and local services."""
    split.CACHE.clear()
    first, pdf = timed(html_to_pdf, html, args.variant)
    second, _ = timed(html_to_pdf, html, args.variant)
    naive: list[float] = []
    reused: list[float] = []
    for n in range(args.runs):
        order = [(naive, naive_html_to_pdf), (reused, html_to_pdf)]
        for found, fn in order if n % 2 else reversed(order):
            found.append(timed(fn, html, args.variant)[0])
    return {"pages": pages(pdf), "first": first, "second": second, "naive": naive, "reused": reused}


def batch(args: argparse.Namespace, documents: list[str]) -> dict[str, Any]:
    """A cohort's plans in arrival order, all rendered by the worker; every `naive_every`th
    also rendered naively (alternating which goes first). A naive render does not depend on
    what came before it, so the sample's mean stands for the whole batch."""
    split.CACHE.clear()
    naive: list[float] = []
    worker: list[float] = []
    counts: list[int] = []
    for n, html in enumerate(documents):
        order = [(worker, html_to_pdf)]
        if n % args.naive_every == 0:
            order.append((naive, naive_html_to_pdf))
            if (n // args.naive_every) % 2:
                order.reverse()
        for found, fn in order:
            seconds, pdf = timed(fn, html, args.variant)
            found.append(seconds)
        counts.append(pages(pdf))
    distinct = len({s.shared_key for s in map(split.split, documents) if s is not None})
    result = {
        "naive": naive,
        "worker": worker,
        "pages": counts,
        "distinct": distinct,
        "hits": split.CACHE.hits,
        "misses": split.CACHE.misses,
    }
    split.CACHE.clear()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="renders of the typical plan")
    parser.add_argument("--families", type=int, default=200, help="plans in the cohort batch")
    parser.add_argument("--naive-every", type=int, default=5, help="naive sample of the batch")
    parser.add_argument("--variant", default="standard", choices=["standard", "large-print"])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    app = create_app({"PLANNER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    council = Council(code="exampleshire", **DEMO_COUNCIL)
    with app.app_context():

        def html_for(raw: dict[str, Any], district: str) -> str:
            answers = parse_answers(raw, TODAY)
            plan = build_plan(answers, TODAY, BabelLocalizer("en"), services=DISTRICTS[district])
            return render_plan_html(plan, council, answers, variant=args.variant)

        typical_html = html_for(TYPICAL, "North")
        documents = [html_for(raw, district) for raw, district in cohort(args.families)]
        start = time.perf_counter()
        warm_up()
        warm = time.perf_counter() - start
        one = typical_plan(args, typical_html)
        many = batch(args, documents)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    med = statistics.median
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    naive_one = med(one["naive"])
    naive_plan = statistics.mean(many["naive"])
    w_total = sum(many["worker"])
    n_total = naive_plan * len(many["worker"])
    per_plan = w_total / len(many["worker"])
    naive_label = f"naive (mean of {len(many['naive'])} plans, every {args.naive_every}th)"
    reused = med(one["reused"])
    rows = [
        ("naive", ms(naive_one), ms(min(one["naive"])), "1.00"),
        (
            "worker, shared pages already laid out (every later family with the same sections "
            "and services)",
            ms(reused),
            ms(min(one["reused"])),
            f"×{naive_one / reused:.2f} faster",
        ),
        (
            "worker, first plan in a fresh worker (laid out whole; nothing kept)",
            ms(one["first"]),
            "",
            f"×{naive_one / one['first']:.2f}",
        ),
        (
            "worker, second plan with these shared pages (laid out on their own and kept)",
            ms(one["second"]),
            "",
            f"×{naive_one / one['second']:.2f}",
        ),
    ]
    typical_table = "\n".join(
        ["| case | median per plan | min | vs naive |", "|---|---|---|---|"]
        + ["| " + " | ".join(row) + " |" for row in rows]
    )
    body = f"""
`bench/bench_pdf.py`: plan PDFs rendered in one process, {args.variant}, English. Baseline,
measured in the same run: naive `HTML(string=...).write_pdf()` with a fresh FontConfiguration and
freshly parsed stylesheets for every plan, the plan laid out as one document. Worker:
`planner.pdf.render.html_to_pdf` as the render task calls it, fonts and stylesheets parsed once
per process and the pages shared by families with the same sections and local services laid out
once and reused (planner/pdf/split.py). Both give the same file byte for byte
(tests/pdf/test_split.py). Python {platform.python_version()}, {os.cpu_count()} cores, load average
{load:.1f} at the end.

**A typical plan** ({one["pages"]} pages: Year 9, EHC plan, mainstream school, 3 local services),
{args.runs} renders each way, alternating:

{typical_table}

Worker start (font check, @font-face and stylesheets parsed): {ms(warm)}.

**A council's Year 9 batch** of {args.families} plans in arrival order, as one worker process
renders them, each family with its own
name, date of birth, setting, support, EHC review date and district (local services), fixed
seed. Plans ran to {min(many["pages"])}-{max(many["pages"])} pages. They had {many["distinct"]}
different shared parts; the worker laid out {many["misses"]} and reused {many["hits"]} (a layout
cache of {split.CACHE.size} per process).

| case | batch total | per plan | vs naive |
|---|---|---|---|
| {naive_label} | {n_total:.1f} s | {ms(naive_plan)} | 1.00 |
| worker | {w_total:.1f} s | {ms(per_plan)} | ×{n_total / w_total:.2f} faster |

The bigger the batch, the more families share pages: half the EHC families in this mix give a
review date, which puts a date of their own in a section, and each district has its own
services.

A batch of 10,000 plans on 2 cores (2 worker processes, rendering only), at this batch's rate:
10,000 × {per_plan:.2f} s / 2 = {10_000 * per_plan / 2 / 60:.0f} minutes; at the typical plan's
reused rate: {10_000 * reused / 2 / 60:.0f} minutes.
"""
    print(body)
    if not args.no_write:
        write_section("PDF rendering", body)


if __name__ == "__main__":
    main()
