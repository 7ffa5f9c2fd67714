"""The plan engine: pure rules from answers and a date to a Plan.

`build_plan` is imported on first use, so that `planner.rules.calendar` and friends can be imported
(and tested) without loading every section writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.rules.types import (
    Answers,
    Context,
    EhcDates,
    Item,
    LeadTimes,
    Localizer,
    Milestone,
    Plan,
    Section,
    ServiceRecord,
    YoungPerson,
)

if TYPE_CHECKING:
    from planner.rules.plan import build_plan

__all__ = [
    "Answers",
    "Context",
    "EhcDates",
    "Item",
    "LeadTimes",
    "Localizer",
    "Milestone",
    "Plan",
    "Section",
    "ServiceRecord",
    "YoungPerson",
    "build_plan",
]


def __getattr__(name: str) -> Any:
    if name == "build_plan":
        from planner.rules.plan import build_plan

        return build_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
