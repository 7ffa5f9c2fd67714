"""`make bench`: every benchmark in turn, each writing its own section of bench/RESULTS.md.

Run it on a quiet machine: the figures are ratios against baselines measured in the same run,
but absolute times (and the delivery rate) suffer when other work shares the 2 cores.
Needs Redis on 127.0.0.1:6379 (delivery, letters); PostgreSQL when DATABASE_URL is set.
"""

from __future__ import annotations

import subprocess
import sys

RUNS = [
    ["bench.bench_import"],
    ["bench.bench_pdf"],
    ["bench.bench_pages"],
    ["bench.bench_load"],
    ["bench.bench_reminders"],
    ["bench.bench_texts"],
    ["bench.bench_delivery"],
    ["bench.bench_letters", "--write-results"],
]


def main() -> int:
    failed = []
    for args in RUNS:
        print(f"== {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, "-m", *args], check=False).returncode != 0:
            failed.append(args[0])
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
