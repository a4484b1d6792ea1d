"""Services enqueue their tasks by name (core.tasks.enqueue_on_commit, ADR 0013): every name resolves."""

import re
from pathlib import Path

import pytest
from django.tasks import Task
from django.utils.module_loading import import_string

from samhandling.core.tasks import enqueue_on_commit

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r'enqueue_on_commit\(\s*"([\w.]+)"')


def _named_tasks() -> list[str]:
    names = set()
    for path in ROOT.rglob("*.py"):
        if "tests" not in path.parts:
            names.update(CALL.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def test_services_name_their_tasks():
    assert "samhandling.indicators.tasks.run_import" in _named_tasks()


@pytest.mark.parametrize("name", _named_tasks())
def test_every_named_task_is_a_task(name):
    assert isinstance(import_string(name), Task)


def test_a_wrong_name_fails_at_once():
    with pytest.raises(ImportError):
        enqueue_on_commit("samhandling.indicators.tasks.no_such_task", 1)
    with pytest.raises(TypeError):
        enqueue_on_commit("samhandling.core.tasks.reason_text", "x")
