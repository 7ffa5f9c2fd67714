"""Run a batch of letters on real Celery workers (2 processes) through bench/bench_letters.py,
which starts the fake Notify, the worker and the batch exactly as in production."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_live_batch(letters: int, timeout: float) -> dict[str, Any]:
    """The bench's result dict: letters, seconds, received (at the fake Notify), failed."""
    env = dict(os.environ)
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        # A database of its own: the bench flushes it.
        env["BENCH_REDIS_URL"] = redis_url.rsplit("/", 1)[0] + "/13"
    else:
        env["BENCH_BROKER"] = "filesystem"
    env.pop("DATABASE_URL", None)  # a fresh SQLite file: the bench makes its own families
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_letters.py"), "--letters", str(letters)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return dict(ast.literal_eval(done.stdout.strip().splitlines()[-1]))
