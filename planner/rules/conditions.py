"""Conditions that say when a piece of content shows, and say it in words.

A `Cond` is a predicate with an English description. The sections and milestones are built from
these, so the content register (`planner content register`) can tell a legal reviewer *when* each
item shows by reading the same objects the engine runs: there is no second, hand-written list to
fall out of step. Combining conditions combines their descriptions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Cond(Generic[T]):
    """A test on the facts (`T`) with its description, for example "from Year 9"."""

    test: Callable[[T], bool]
    text: str

    def __call__(self, facts: T) -> bool:
        return self.test(facts)


def always() -> Cond[T]:
    """A condition that always holds."""
    return Cond(lambda _facts: True, "always")


def all_of(*conds: Cond[T]) -> Cond[T]:
    """True when every condition holds; "always" parts are left out of the words."""
    parts = [c.text for c in conds if c.text != "always"]
    return Cond(lambda f: all(c(f) for c in conds), " and ".join(parts) or "always")


def any_of(*conds: Cond[T]) -> Cond[T]:
    """True when at least one condition holds."""
    return Cond(lambda f: any(c(f) for c in conds), "(" + " or ".join(c.text for c in conds) + ")")


def negate(cond: Cond[T], text: str) -> Cond[T]:
    """The opposite of `cond`, with its own words (negations read badly when generated)."""
    return Cond(lambda f: not cond(f), text)
