"""The nightly sweep removes cached PDFs from earlier days: they hold personal data and no reader
asks for them again (plans are rebuilt for the day they are read)."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest
from flask import Flask

from planner.pdf import storage
from planner.retention import sweep

TODAY = date(2026, 11, 29)
ID = "0b9c0d6e-3f1a-4c8e-9a53-2f7d6c1b8e40"


@pytest.mark.parametrize(
    ("name", "age_seconds", "kept"),
    [
        (f"{ID}-v1-20261129-en-standard.pdf", 0, True),  # today's
        (f"{ID}-v2-20261129-ar-large-print.pdf", 0, True),
        (f"{ID}-v1-20261128-en-standard.pdf", 0, False),  # yesterday's
        (f"{ID}-v3-20250101-bn-large-print.pdf", 0, False),
        (".render-abc.tmp", 7200, False),  # left by a crashed render
        (".render-def.tmp", 60, True),  # a render in progress
        ("README.txt", 0, True),  # not ours: left alone
    ],
)
def test_sweep_stale_removes_earlier_days(
    app: Flask, name: str, age_seconds: int, kept: bool
) -> None:
    with app.app_context():
        folder = storage.pdf_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(b"%PDF-1.7")
        then = time.time() - age_seconds
        os.utime(path, (then, then))
        try:
            removed = storage.sweep_stale(TODAY)
            assert path.exists() is kept
            # Other tests' files may share the folder: count only what must have gone.
            assert removed >= (0 if kept else 1)
        finally:
            path.unlink(missing_ok=True)


def test_retention_sweep_also_sweeps_pdfs(app: Flask) -> None:
    with app.app_context():
        folder = storage.pdf_dir()
        folder.mkdir(parents=True, exist_ok=True)
        old = folder / f"{ID}-v1-20200101-en-standard.pdf"
        old.write_bytes(b"%PDF-1.7")
        sweep()
        assert not old.exists()
