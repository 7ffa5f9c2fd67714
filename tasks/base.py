"""Celery's `shared_task`, typed. Celery ships no type information, so under `mypy --strict` its
decorator would leave every task untyped; these keep each task's own signature, at no cost when
the worker runs (they return exactly what `shared_task` returns)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, cast

from celery import shared_task

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Task(Protocol[P, R_co]):
    """The parts of a registered Celery task that code calls directly."""

    name: str

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    def run(self, *args: P.args, **kwargs: P.kwargs) -> R_co:
        """The task's function, run here and now (no broker, no retries)."""
        ...


def task(**options: Any) -> Callable[[Callable[P, R]], Task[P, R]]:
    """`shared_task(**options)` for a task that takes its arguments only."""
    return cast(Callable[[Callable[P, R]], Task[P, R]], shared_task(**options))


def bound_task(**options: Any) -> Callable[[Callable[Concatenate[Any, P], R]], Task[P, R]]:
    """`shared_task(bind=True, **options)`: the function's first argument is the running task
    (`self.request`, `self.retry`), which Celery supplies and callers do not."""
    return cast(
        Callable[[Callable[Concatenate[Any, P], R]], Task[P, R]],
        shared_task(bind=True, **options),
    )
