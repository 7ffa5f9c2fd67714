"""Every family's plan fits on paper (issue 19): the standard PDF in at most 8 pages, the large
print PDF in at most 12, and the posted letter, large print included, within GOV.UK Notify's 10
pages as the full plan (never the one-page summary letter).

The families (tests/pdf/families.py) run from a baby to a 25-year-old, with every kind of support,
every topic chosen, and the demo council's directory of local services; each plan opens with five
next steps, as the rules will give it."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence

import pikepdf
import pytest
from flask import Flask

from planner.delivery.letter import MAX_PAGES as NOTIFY_MAX_PAGES
from planner.delivery.letter import render_letter
from planner.demo import seed
from planner.directory.lookup import service_records
from planner.plans import service
from planner.plans.render import render_plan_pdf
from planner.rules.types import NextStep, Plan, ServiceRecord
from tests.pdf import families

LIMITS = {"standard": 8, "large-print": 12}
ADDRESS = ["Ms A Example", "Flat 2", "10 High Street", "Leeds", "LS1 4AP"]


@pytest.fixture(scope="module")
def directory(app: Flask) -> Sequence[ServiceRecord]:
    """The demo council's services as the plan sees them from the family's postcode."""
    with app.app_context():
        seed(families.TODAY)
        council = service.get_or_create_council("exampleshire")
        return service_records(council.id, "XE1 1AA")


def plan_of(family: str, directory: Sequence[ServiceRecord]) -> Plan:
    """The family's plan; while the rules leave next steps empty, five from its first dates."""
    plan = families.plan_for(family, directory)
    if not plan.next_steps:
        steps = tuple(NextStep(m.action, m.date, m.id) for m in plan.milestones[:5])
        plan = dataclasses.replace(plan, next_steps=steps)
    return plan


def pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


@pytest.mark.parametrize("family", sorted(families.FAMILIES))
@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_plan_pdf_fits(ctx: Flask, directory: Sequence[ServiceRecord], family: str, variant: str):
    plan = plan_of(family, directory)
    council = service.get_or_create_council("exampleshire")
    pdf = render_plan_pdf(plan, council, families.answers_for(family, variant=variant), variant)
    assert pages(pdf) <= LIMITS[variant]


@pytest.mark.parametrize("family", sorted(families.FAMILIES))
@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_letter_is_the_full_plan_within_notify_pages(
    ctx: Flask, directory: Sequence[ServiceRecord], family: str, variant: str
):
    plan = plan_of(family, directory)
    pdf, summary = render_letter(
        plan=plan.to_dict(),
        council=service.get_or_create_council("exampleshire"),
        address_lines=ADDRESS,
        language="en",
        variant=variant,
        link="https://plan.example/p/abcdefghijklmnopqrstuvwxyz0123456789",
        reference="ABCD-EFGH",
        today=families.TODAY,
    )
    assert not summary, "the family would get the one-page summary letter, not its plan"
    assert pages(pdf) <= NOTIFY_MAX_PAGES
