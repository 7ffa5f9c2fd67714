"""Load test: wrk against gunicorn on loopback, the public questionnaire pages and the API.

Run with `python -m bench.bench_load` (or `make bench`). Starts gunicorn on a fresh embedded
database, drives it with wrk (50 connections, bounded duration) and writes "Load" to
bench/RESULTS.md. The baseline, measured in the same run, is `/healthz` (no template, no database),
so the ratios show what our own pages cost on top of the server.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

from bench.results import write_section

ROOT = Path(__file__).resolve().parent.parent
PORT = 5099
LUA_P95 = textwrap.dedent(
    """
    done = function(summary, latency, requests)
      io.write(string.format("P95_US %d\\n", latency:percentile(95)))
      io.write(string.format("P50_US %d\\n", latency:percentile(50)))
      io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect
        + summary.errors.read + summary.errors.write + summary.errors.timeout))
      io.write(string.format("REQUESTS %d\\n", summary.requests))
    end
    """
)
# A family reads each page before answering: 0.5-1.5 s between requests on each connection.
LUA_THINK = "math.randomseed(os.time())\ndelay = function() return math.random(500, 1500) end\n"
LUA_POST = textwrap.dedent(
    """
    wrk.method = "POST"
    wrk.body = '{"date_of_birth": "2014-03-10", "support": "ehc_plan", "postcode": "XE1 2AB"}'
    wrk.headers["Content-Type"] = "application/json"
    """
)


def session_cookie(env: dict[str, str]) -> str:
    """A signed session with answers so far, as a family half-way through the questionnaire has."""
    code = (
        "from planner import create_app;"
        "app = create_app();"
        "s = app.session_interface.get_signing_serializer(app);"
        "print(s.dumps({'answers': {'respondent': 'parent_carer', 'date_of_birth': '2014-03-10',"
        " 'support': 'ehc_plan', 'setting': 'mainstream_secondary', 'needs': [], 'topics': [],"
        " 'goals': ['not_sure'], 'receives_dla': False, 'ehc': {}}, 'seen': ['who', 'name',"
        " 'date-of-birth', 'setting', 'support', 'needs', 'topics', 'goals', 'dla', 'ehc-dates',"
        " 'postcode']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def wrk(url: str, seconds: int, connections: int, lua: str, headers: list[str]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
        script = f.name
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script]
    for h in headers:
        cmd += ["-H", h]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def value(name: str) -> int:
        return int(re.search(rf"{name} (\d+)", out).group(1))  # type: ignore[union-attr]

    return {
        "rps": rps,
        "p50_ms": value("P50_US") / 1000,
        "p95_ms": value("P95_US") / 1000,
        "errors": value("ERRORS") + (int(non2xx.group(1)) if non2xx else 0),
        "requests": value("REQUESTS"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    var = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "PLANNER_VAR_DIR": str(var),
        "PLANNER_ENV": "development",
        "SECRET_KEY": "bench-" + "x" * 40,
        # The API scenario creates thousands of plans from one address: lift the limit here only.
        "RATE_LIMIT_PLAN_CREATION": "1000000 per minute",
        "RATE_LIMIT_API": "1000000 per minute",
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [bin_dir / "planner", "demo", "seed"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    server = subprocess.Popen(
        # gthread workers, as the README deploys them: a sync worker blocks on an idle
        # keep-alive connection, which a browser (and wrk) leaves open between pages.
        [
            bin_dir / "gunicorn",
            "-w",
            str(args.workers),
            "-k",
            "gthread",
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.2)
        cookie = f"Cookie: session={session_cookie(env)}"
        pages = [
            ("start page /", base + "/", []),
            ("question page (date of birth)", base + "/questions/date-of-birth", [cookie]),
            ("question page (what help)", base + "/questions/topics", [cookie]),
            ("check your answers", base + "/check", [cookie]),
        ]
        scenarios = [("/healthz (baseline), flat out", base + "/healthz", LUA_P95, [])]
        scenarios += [(f"{n}, 50 users reading", u, LUA_THINK + LUA_P95, h) for n, u, h in pages]
        scenarios += [(f"{n}, flat out", u, LUA_P95, h) for n, u, h in pages]
        scenarios += [
            ("API: POST /api/v1/plans, flat out", base + "/api/v1/plans", LUA_POST + LUA_P95, [])
        ]
        rows = []
        for name, url, lua, headers in scenarios:
            rows.append((name, wrk(url, args.seconds, args.connections, lua, headers)))
            print(name, rows[-1], flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)

    baseline = rows[0][1]["rps"]
    table = [
        "| scenario | requests/s | vs baseline | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        table.append(
            f"| {name} | {r['rps']:.0f} | {r['rps'] / baseline:.2f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['errors']:.0f} |"
        )
    reading = [r for n, r in rows if "users reading" in n]
    worst = max(r["p95_ms"] for r in reading)
    verdict = "met" if worst < 100 and all(r["errors"] == 0 for _, r in rows) else "NOT met"
    body = (
        f"`bench/bench_load.py`: wrk, {args.connections} connections, {args.seconds} s per "
        f"scenario, against gunicorn ({args.workers} gthread workers x {args.threads} threads) on "
        "loopback, embedded SQLite, "
        f"{os.cpu_count()} cores. Baseline: `/healthz` in the same run. *Users reading*: each "
        "connection waits 0.5-1.5 s between pages, as a family reading the page does; *flat out*: "
        "no pause, which shows capacity (latency there is mostly queueing).\n\n"
        + "\n".join(table)
        + "\n\nTarget (p95 under 100 ms for questionnaire pages at 50 concurrent users, no "
        f"errors): {verdict} (worst p95 with users reading: {worst:.1f} ms)."
    )
    print(body)
    if not args.no_write:
        write_section("Load", body)


if __name__ == "__main__":
    main()
