"""Benchmark: pages and milliseconds per plan for a held-out-style table of families, standard
and large print, naive WeasyPrint and the worker renderer side by side in one run (issue 19).

Run: .venv/bin/python -m bench.bench_pages [--no-write]

The families are not the ones the page-limit tests use (tests/pdf/families.py): other ages,
settings, support and answers, each choosing every topic, with the demo council's directory of
local services (seeded into an in-memory database). Each plan opens with five next steps: the
rules fill `next_steps` in their own branch, so until then the first five dates stand in.

naive: `planner.pdf.render.naive_html_to_pdf`, a fresh FontConfiguration and freshly parsed
stylesheets for every plan, laid out as one document. worker: `planner.pdf.render.html_to_pdf`
as the render task calls it, after `warm_up()`. One render of each plan each way, alternating,
so machine load falls on both alike. Letters: the posted letter's pages (Notify allows 10) and
whether it had to fall back to the one-page summary. Writes (replaces) the "Plan pages" section
of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402
from planner import create_app  # noqa: E402
from planner.delivery.letter import render_letter  # noqa: E402
from planner.demo import seed  # noqa: E402
from planner.directory.lookup import service_records  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.i18n import BabelLocalizer  # noqa: E402
from planner.pdf.render import html_to_pdf, naive_html_to_pdf, warm_up  # noqa: E402
from planner.plans import service  # noqa: E402
from planner.plans.render import render_plan_html  # noqa: E402
from planner.rules.answers import parse_answers  # noqa: E402
from planner.rules.plan import build_plan  # noqa: E402
from planner.rules.types import TOPICS, NextStep, Plan  # noqa: E402

TODAY = date(2027, 2, 10)
LIMITS = {"standard": 8, "large-print": 12}
# Held-out-style families: (label, answers). Every one chooses every topic.
FAMILIES: list[tuple[str, dict[str, Any]]] = [
    ("1, nursery, not sure", {"date_of_birth": "2025-08-30", "support": "not_sure"}),
    (
        "5, Reception, EHC plan",
        {
            "date_of_birth": "2021-11-11",
            "setting": "mainstream_primary",
            "support": "ehc_plan",
            "ehc": {"last_review_date": "2026-05-20"},
        },
    ),
    (
        "9, Year 4, assessment asked",
        {
            "date_of_birth": "2017-07-01",
            "setting": "mainstream_primary",
            "support": "assessment_requested",
            "ehc": {"assessment_requested_on": "2027-01-05"},
        },
    ),
    (
        "11, Year 6, SEN support, DLA",
        {
            "date_of_birth": "2015-10-03",
            "setting": "mainstream_primary",
            "support": "sen_support",
            "receives_dla": True,
        },
    ),
    (
        "14, Year 9, special school, appeal",
        {
            "date_of_birth": "2012-12-24",
            "setting": "special_school",
            "support": "ehc_plan",
            "receives_dla": True,
            "ehc": {"last_review_date": "2026-03-01", "decision_sent_on": "2027-01-20"},
        },
    ),
    (
        "15, Year 11, answers themselves",
        {
            "date_of_birth": "2011-09-14",
            "respondent": "young_person",
            "setting": "mainstream_secondary",
            "support": "ehc_plan",
            "goals": ["employment", "supported_internship"],
            "ehc": {"last_review_date": "2026-11-02"},
        },
    ),
    (
        "18, college, no plan",
        {
            "date_of_birth": "2008-04-04",
            "respondent": "young_person",
            "setting": "college",
            "support": "sen_support",
            "goals": ["higher_education"],
        },
    ),
    (
        "24, employment, EHC plan",
        {
            "date_of_birth": "2002-10-10",
            "respondent": "young_person",
            "setting": "employment",
            "support": "ehc_plan",
            "ehc": {"last_review_date": "2026-10-01"},
        },
    ),
]


def plan_for(raw: dict[str, Any], services: list[Any]) -> tuple[Plan, Any]:
    data = {
        "respondent": "parent_carer",
        "name": "Jordan",
        "postcode": "XE2 4BB",
        "topics": list(TOPICS),
        **raw,
    }
    answers = parse_answers(data, TODAY)
    plan = build_plan(answers, TODAY, BabelLocalizer("en"), services=services)
    if not plan.next_steps:
        steps = tuple(NextStep(m.action, m.date, m.id) for m in plan.milestones[:5])
        plan = dataclasses.replace(plan, next_steps=steps)
    return plan, answers


def pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def timed_ms(fn: Any, *args: Any) -> tuple[float, bytes]:
    start = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - start) * 1000, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    app = create_app({"PLANNER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        seed(TODAY)
        council = service.get_or_create_council("exampleshire")
        services = service_records(council.id, "XE2 4BB")
        warm_up()
        for label, raw in FAMILIES:
            plan, answers = plan_for(raw, services)
            row: dict[str, Any] = {"family": label}
            for variant in ("standard", "large-print"):
                html = render_plan_html(plan, council, answers, variant)
                naive_ms, naive_pdf = timed_ms(naive_html_to_pdf, html, variant)
                worker_ms, worker_pdf = timed_ms(html_to_pdf, html, variant)
                row[variant] = (pages(worker_pdf), naive_ms, worker_ms)
                assert pages(naive_pdf) == pages(worker_pdf)
                letter, summary = render_letter(
                    plan=plan.to_dict(),
                    council=council,
                    address_lines=["Ms A Example", "1 High Street", "Leeds", "LS1 4AP"],
                    language="en",
                    variant=variant,
                    link="https://plan.example/p/abc",
                    reference="ABCD-EFGH",
                    today=TODAY,
                )
                row[f"letter-{variant}"] = (pages(letter), summary)
            rows.append(row)
            print(row, flush=True)
    elapsed = time.perf_counter() - started
    write = not args.no_write
    body = report(rows, elapsed)
    print(body)
    if write:
        write_section("Plan pages", body)


def report(rows: list[dict[str, Any]], elapsed: float) -> str:
    def letter(cell: tuple[int, bool]) -> str:
        return f"{cell[0]}" + (" (summary)" if cell[1] else "")

    lines = [
        "`bench/bench_pages.py`: one plan per family (held-out-style, every topic, the demo "
        "directory, five next steps), English, rendered once each way: naive WeasyPrint "
        "(fonts and stylesheets parsed per plan) and the worker renderer "
        "(`planner.pdf.render.html_to_pdf` after `warm_up()`); and the posted letter. Limits: "
        "standard 8 pages, large print 12, letters 10 as the full plan. "
        f"{len(rows)} families, {elapsed:.0f} s in all; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| family | standard pages | naive ms | worker ms | large print pages | naive ms "
        "| worker ms | letter pages | large print letter pages |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        s, lp = row["standard"], row["large-print"]
        lines.append(
            f"| {row['family']} | {s[0]} | {s[1]:.0f} | {s[2]:.0f} | {lp[0]} | {lp[1]:.0f} "
            f"| {lp[2]:.0f} | {letter(row['letter-standard'])} "
            f"| {letter(row['letter-large-print'])} |"
        )
    lines.append("")
    for variant in ("standard", "large-print"):
        counts = [r[variant][0] for r in rows]
        naive = statistics.median(r[variant][1] for r in rows)
        worker = statistics.median(r[variant][2] for r in rows)
        over = sum(c > LIMITS[variant] for c in counts)
        lines.append(
            f"- {variant}: pages {min(counts)}-{max(counts)} (limit {LIMITS[variant]}, "
            f"{over} of {len(rows)} over); median {naive:.0f} ms naive, {worker:.0f} ms worker "
            f"(x{naive / worker:.2f})."
        )
    letters = [r[f"letter-{v}"] for r in rows for v in ("standard", "large-print")]
    lines.append(
        f"- letters: pages {min(c[0] for c in letters)}-{max(c[0] for c in letters)}, "
        f"{sum(c[1] for c in letters)} of {len(letters)} fell back to the summary letter."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
