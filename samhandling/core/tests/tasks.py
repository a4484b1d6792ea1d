"""Tasks that only the tests enqueue (the worker process imports them by path)."""

import time
from pathlib import Path

from django.tasks import task


@task()
def slow_once(folder: str, seconds: float) -> int:
    """The first attempt marks that it started and sleeps long (to be killed); a later one finishes at once."""
    marks = Path(folder)
    runs = len(list(marks.glob("started-*"))) + 1
    (marks / f"started-{runs}").touch()
    if runs == 1:
        time.sleep(seconds)
    (marks / f"done-{runs}").touch()
    return runs


@task()
def touch(folder: str, name: str) -> str:
    (Path(folder) / name).touch()
    return name
