"""The import-linter contracts in pyproject.toml cover every app and every view module (ADR 0013).

`lint-imports` (in make test) checks the contracts; this test checks that they still describe the
code: a new app is in the layers, and a new view module is in its app's "no other app imports
its views" contract.
"""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p.parent.name for p in (ROOT / "samhandling").glob("*/apps.py"))


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_every_app_has_a_layer():
    layers = next(c for c in _contracts() if c["id"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    assert set(APPS) == named


def test_every_view_module_is_protected_from_other_apps():
    forbidden = {
        module
        for contract in _contracts()
        if contract["id"].startswith("views-")
        for module in contract["forbidden_modules"]
    }
    view_modules = {
        f"samhandling.{path.parent.name}.{path.stem}"
        for path in (ROOT / "samhandling").glob("*/*.py")
        if "views" in path.stem
    }
    view_modules |= {
        f"samhandling.{path.parent.parent.name}.views" for path in (ROOT / "samhandling").glob("*/views/__init__.py")
    }
    assert view_modules, "no view modules found"
    assert view_modules <= forbidden, sorted(view_modules - forbidden)
    assert {c["id"] for c in _contracts() if c["id"].startswith("views-")} == {f"views-{app}" for app in APPS}
