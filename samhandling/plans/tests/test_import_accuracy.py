"""How well the import reads real plans: seed 002 (as text and as Word) and two own plans in other layouts.

Two figures per plan (reported in README.md and bench/results/plan-import-2026-11-27.md):
activities found correctly (each expected activity found by its title, with nothing extra), and
first suggestion acceptable (the first suggested method is one of the right ones, or, for an
activity that is not in the catalogue, it is suggested as a local activity without methods).
"""

from pathlib import Path

import pytest

from samhandling.plans import importer
from samhandling.plans.seed002 import SEED_002
from samhandling.plans.tests.fixtures.gold import PLAN_LISTOR, PLAN_OPROVAD, PLAN_OPROVAD2, PLAN_TABELL

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = Path(__file__).parent.parent / "data" / "seed002_hagersten_alvsjo.txt"
SEED_GOLD = [(title, slugs, set()) for title, slugs, _area, _kind in SEED_002]


def measure(name: str, content: bytes, gold: list, strategy) -> dict:
    suggestions, _skipped = importer.read_plan(name, content, strategy)
    by_title = {s.title: s for s in suggestions}
    expected = {title for title, *_ in gold}
    found = [title for title in expected if title in by_title]
    extra = [s.title for s in suggestions if s.title not in expected]
    right, wrong = [], []
    for title, acceptable, must in gold:
        s = by_title.get(title)
        if s is None:
            continue
        slugs = [m.slug for m in s.methods]
        ok = (bool(slugs) and slugs[0] in acceptable) if acceptable else (s.is_local_activity and not slugs)
        ok = ok and set(must) <= set(slugs)
        (right if ok else wrong).append((title, slugs))
    n = len(gold)
    result = {"n": n, "found": len(found), "extra": extra, "right": len(right), "wrong": wrong}
    print(
        f"\n{name}: activities found {len(found)}/{n}, {len(extra)} extra {extra}; "
        f"first suggestion acceptable {len(right)}/{n}; wrong: {wrong}"
    )
    return result


@pytest.mark.parametrize(
    ("name", "gold", "min_right"),
    [
        ("seed002_hagersten_alvsjo.txt", SEED_GOLD, 0.9),
        ("seed002.docx", SEED_GOLD, 0.9),
        ("plan_tabell.docx", PLAN_TABELL, 0.85),
        ("plan_listor.docx", PLAN_LISTOR, 0.85),
        ("plan_oprovad.docx", PLAN_OPROVAD, 0.75),
        ("plan_oprovad2.docx", PLAN_OPROVAD2, 0.75),
    ],
)
def test_accuracy(catalogue, name, gold, min_right):
    path = SEED_TEXT if name.endswith(".txt") else FIXTURES / name
    result = measure(name, path.read_bytes(), gold, catalogue)
    assert result["found"] == result["n"] and not result["extra"]
    assert result["right"] / result["n"] >= min_right
