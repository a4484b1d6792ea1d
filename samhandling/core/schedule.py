"""Periodic jobs that the worker enqueues on a fixed interval.

Apps register their jobs here (reminders, deadlines, retention) with register(); the worker
command runs a small scheduler thread that enqueues each job when its interval has passed.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval_seconds: int
    enqueue: Callable[[], object]


_JOBS: dict[str, PeriodicJob] = {}


def register(name: str, interval_seconds: int, enqueue: Callable[[], object]) -> None:
    _JOBS[name] = PeriodicJob(name, interval_seconds, enqueue)


def jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())
