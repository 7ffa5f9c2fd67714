"""Links to a council's own Local Offer documents, shown in the plan section they belong to.

The rules write the law once for every council (planner/rules stays pure); where a section
says "read the council's policy", the plan page and PDF add a link to this council's own copy
when it has given one (`planner council update CODE --link KEY=URL`). A link the council has not
set is simply not shown.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext

from planner.models import Council

# Plan section id -> the documents that section points families to, in the order shown.
SECTION_LINKS: dict[str, tuple[str, ...]] = {
    "personal_budgets": ("personal_budgets_policy",),
    "short_breaks": ("short_breaks_statement",),
    "transport": ("post16_transport_statement",),
    "phase_transitions": ("accessibility_strategy",),
    "information_advice": ("sendiass", "parent_carer_forum"),
    "disagreements": ("sendiass", "complaints"),
}
# The post-16 transport policy statement concerns students from Year 12; it is shown from Year 9
# (preparing for adulthood), not to a family of a young child (issue 19 point 6).
FROM_YEAR = {"post16_transport_statement": 9}


def _text(key: str) -> str:
    texts: dict[str, str] = {
        "personal_budgets_policy": gettext("Read the council's Personal Budgets policy"),
        "short_breaks_statement": gettext("Read the council's short breaks statement"),
        "post16_transport_statement": gettext(
            "Read the council's transport policy for students aged 16 and over"
        ),
        "accessibility_strategy": gettext("Read the council's accessibility strategy for schools"),
        "sendiass": gettext(
            "Contact your local SEND Information, Advice and Support Service (SENDIASS)"
        ),
        "parent_carer_forum": gettext("Find your local parent carer forum"),
        "complaints": gettext("How to complain to the council"),
    }
    return texts[key]


def council_links(
    council: Council | None, section_id: str, year_group: int | None = None
) -> list[tuple[str, str]]:
    """(link text, URL) for each of the council's documents this section points to."""
    if council is None:
        return []
    links = []
    for key in SECTION_LINKS.get(section_id, ()):
        url = council.link(key)
        start = FROM_YEAR.get(key)
        if url and (start is None or (year_group is not None and year_group >= start)):
            links.append((_text(key), url))
    return links


def init_app(app: Flask) -> None:
    """Make `council_links` available to the plan's templates (page and PDF)."""
    app.add_template_global(council_links, "council_links")
