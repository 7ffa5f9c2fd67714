"""Plan PDFs rendered once per test session, shared by every PDF test."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from planner.plans.render import render_plan_html, render_plan_pdf
from tests.pdf import samples

# (language, variant) of every PDF the tests look at.
RENDERS = [
    ("en", "standard"),
    ("en", "large-print"),
    ("ar", "standard"),
    ("ar", "large-print"),
    ("ur", "standard"),
    ("bn", "standard"),
    ("pa", "standard"),
]


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def rendered(app: Flask, pdf_dir: Path) -> dict[tuple[str, str], Path]:
    """Render each sample plan once: (language, variant) -> PDF file."""
    files = {}
    with app.app_context():
        for language, variant in RENDERS:
            plan = samples.plan_in(language)
            data = render_plan_pdf(plan, samples.council(), samples.answers(language), variant)
            path = pdf_dir / f"plan-{language}-{variant}.pdf"
            path.write_bytes(data)
            files[(language, variant)] = path
    return files


@pytest.fixture(scope="session")
def html_en(app: Flask) -> str:
    with app.app_context():
        return render_plan_html(
            samples.plan_in("en"), samples.council(), samples.answers("en"), "standard"
        )
