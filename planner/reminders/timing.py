"""The reminder clock: when a reminder falls due and when texts must wait.

Every stored time is naive UTC (planner.models.utcnow); UK wall-clock rules are applied here, with
Europe/London so that British Summer Time changes are handled by the tz database, not by us.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Reminders go out at the start of the working day, when the family can act on them.
SEND_AT = time(9, 0)
# No texts from 21:00 up to 08:00 UK time: a phone buzzing at night is an intrusion.
QUIET_START = time(21, 0)
QUIET_END = time(8, 0)
# After downtime, reminders up to this late are still useful; older ones would mislead.
CATCH_UP = timedelta(days=7)


def due_at_for(remind_on: date) -> datetime:
    """09:00 London on `remind_on`, as naive UTC (08:00 UTC in summer, 09:00 in winter)."""
    local = datetime.combine(remind_on, SEND_AT, tzinfo=LONDON)
    return local.astimezone(UTC).replace(tzinfo=None)


def as_utc(naive_utc: datetime) -> datetime:
    """A stored naive UTC time with its offset, for JSON (ISO 8601 with +00:00)."""
    return naive_utc.replace(tzinfo=UTC)


def in_quiet_hours(now_utc: datetime) -> bool:
    """True from 21:00 up to (not including) 08:00 in London at the naive-UTC instant `now_utc`."""
    local = now_utc.replace(tzinfo=UTC).astimezone(LONDON).time()
    return local >= QUIET_START or local < QUIET_END


def parse_now(text: str) -> datetime:
    """`--now` as naive UTC. An offset (or Z) is honoured; a time without one is London time,
    because that is the clock the quiet hours and the 09:00 send time are written in."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        # fold=0 picks the first of an ambiguous autumn hour; a gap hour maps forward.
        value = value.replace(tzinfo=LONDON)
    return value.astimezone(UTC).replace(tzinfo=None)


def london_date(now_utc: datetime) -> date:
    """The calendar date in London at a naive-UTC instant."""
    return now_utc.replace(tzinfo=UTC).astimezone(LONDON).date()
