"""Rendered plan PDFs on disk under VAR_DIR/pdf/, one file per plan version, language and variant.

The file name holds only the plan's id (a random UUID), its version and the format; no personal
data. A new version of the answers gets new files, so a cached PDF is never out of step with the
answers it was made from. Files are written to a temporary name and renamed into place, so a
reader never sees half a PDF and two workers rendering the same plan do no harm.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from datetime import date
from pathlib import Path

from flask import current_app

from planner import queue
from planner.models import PlanRecord
from planner.rules.types import LANGUAGES, VARIANTS

POLL_SECONDS = 0.1
# A render asked for this long ago and still not done is asked for again (a lost message, a
# worker that died): long enough for a busy queue, short enough that a family is not stuck.
REQUEST_AGAIN_SECONDS = 120
# <plan id>-v<version>-<YYYYMMDD>-<language>-<variant>.pdf, as pdf_path() names them.
_NAME = re.compile(r".+-v\d+-(?P<day>\d{8})-[a-z]{2}-[a-z-]+\.pdf")


def pdf_dir() -> Path:
    return Path(current_app.config["VAR_DIR"]) / "pdf"


def pdf_path(record: PlanRecord, language: str, variant: str) -> Path:
    """Where the PDF of this plan version, language and variant lives (whether or not it exists)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    # The plan is rebuilt for the day it is read (past milestones drop off), so the day is part
    # of the key as well as the answers' version.
    from planner.plans.service import today_in_london

    day = today_in_london().strftime("%Y%m%d")
    return pdf_dir() / f"{record.id}-v{record.version}-{day}-{language}-{variant}.pdf"


def delete_for(plan_id: str) -> int:
    """Remove every cached PDF of a plan (on erasure and retention): they hold personal data."""
    removed = 0
    folder = pdf_dir()
    if folder.exists():
        for path in folder.glob(f"{plan_id}-*.pdf"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep_stale(today: date | None = None) -> int:
    """Remove cached PDFs made on an earlier day (plans are rebuilt for the day they are read, so
    no reader asks for them again) and temporary files a crashed render left; return how many.
    Run nightly with the retention sweep, so personal data does not wait on disk for erasure."""
    from planner.plans.service import today_in_london

    keep = (today or today_in_london()).strftime("%Y%m%d")
    folder = pdf_dir()
    if not folder.exists():
        return 0
    removed = 0
    an_hour_ago = time.time() - 3600
    for path in folder.iterdir():
        match = _NAME.fullmatch(path.name)
        stale = (match is not None and match.group("day") < keep) or (
            path.name.startswith((".render-", ".requested-")) and path.stat().st_mtime < an_hour_ago
        )
        if stale:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".render-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_to_storage(record: PlanRecord, language: str, variant: str) -> Path:
    """Render and store the PDF unless it is already there (idempotent); returns its path."""
    path = pdf_path(record, language, variant)
    if path.exists():
        return path
    from planner.plans import service
    from planner.plans.render import render_plan_pdf

    answers = service.load_answers(record)
    plan = service.build(answers, record.council, language=language)
    write_atomically(path, render_plan_pdf(plan, record.council, answers, variant=variant))
    return path


def _request_marker(path: Path) -> Path:
    return path.with_name(f".requested-{path.name}")


def request_render(record: PlanRecord, language: str, variant: str) -> Path | None:
    """The cached PDF if it is ready; otherwise ask a worker for it (by id only) and return None
    at once. Never renders here: a web request must not wait on WeasyPrint. A page that refreshes
    while the worker is busy does not queue the same render again: an empty marker file records
    when it was asked for."""
    path = pdf_path(record, language, variant)
    if path.exists():
        _request_marker(path).unlink(missing_ok=True)
        return path
    marker = _request_marker(path)
    try:
        asked = marker.stat().st_mtime
    except FileNotFoundError:
        asked = None
    if asked is None or time.time() - asked > REQUEST_AGAIN_SECONDS:
        path.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        from planner import queue

        queue.render_plan_pdf(record.id, language, variant)
    # An eager queue (tests, `make run` without a worker) has rendered it already.
    return path if path.exists() else None


def get_or_render(
    record: PlanRecord, language: str, variant: str, wait_seconds: float = 10.0
) -> Path | None:
    """The cached PDF, or enqueue its render and wait up to `wait_seconds` for it.

    Returns None when the worker has not finished in time: the page then says "your PDF is
    being prepared" and the next request finds the file.
    """
    path = pdf_path(record, language, variant)
    if path.exists():
        return path
    queue.render_plan_pdf(record.id, language, variant)
    deadline = time.monotonic() + wait_seconds
    while not path.exists():
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)
    return path
