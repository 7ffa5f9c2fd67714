"""The fictional demo council, "Exampleshire", and its Local Offer directory.

Everything in the demo is invented: `.example` domains, phone numbers in Ofcom's drama range
(01632 960xxx) and postcodes in the made-up "XE" area.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.directory.feeds import Feed
from planner.directory.importer import import_source
from planner.plans.service import get_or_create_council, today_in_london

DEMO_CODE = "exampleshire"
DEMO_FEED = Path(__file__).parent / "directory" / "data" / "exampleshire-oruk-v3.json"
# The demo file's dates were written as of this day. Seeding moves them forward by the time since,
# so the demo keeps a few stale records (assured over a year before) and otherwise fresh ones.
DEMO_AS_OF = date(2026, 11, 1)


def _move_dates(feed: Feed, today: date) -> None:
    shift = timedelta(days=(today - DEMO_AS_OF).days)
    for record in feed.services:
        if record["assured_date"] is not None:
            record["assured_date"] = record["assured_date"] + shift
        if record["last_modified"] is not None:
            record["last_modified"] = record["last_modified"] + shift


def seed(today: date | None = None) -> str:
    """Create the Exampleshire council (when missing) and import its directory; safe to re-run.
    Returns a one-paragraph summary for the command line."""
    council = get_or_create_council(DEMO_CODE)
    day = today or today_in_london()
    result = import_source(str(DEMO_FEED), council, prepare=lambda feed: _move_dates(feed, day))
    return f"{council.name} ({council.code}): {result.summary()}"
