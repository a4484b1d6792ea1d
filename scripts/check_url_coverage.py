"""Fail when a URL pattern was requested by no test: a URL that no test requests is an untested door.

scripts/test.sh runs the whole suite with SAMHANDLING_URL_COVERAGE=1 and SAMHANDLING_URL_COVERAGE_DIR set;
every test process (the suite runs in several, with pytest-xdist) writes the routes it served there
(conftest.py, pytest_sessionfinish). This script then compares their union with every route of the project.

Usage: .venv/bin/python scripts/check_url_coverage.py DIR
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Routes of third-party code that the project mounts but need no test of their own: none so far.
# Add entries as {"route": "reason"}.
IGNORED: dict[str, str] = {}


def main(folder: Path) -> int:
    import django

    django.setup()
    from tests.urlwalk import all_routes

    files = sorted(folder.glob("routes-*.json"))
    if not files:
        print(
            f"No routes were recorded in {folder}: was the suite run with SAMHANDLING_URL_COVERAGE=1?", file=sys.stderr
        )
        return 1
    requested = {route for path in files for route in json.loads(path.read_text())}
    missing = sorted(
        route for route, _name, _pattern in all_routes() if route not in requested and route not in IGNORED
    )
    if missing:
        print("No test requested these URL patterns:", file=sys.stderr)
        for route in missing:
            print(f"  /{route}", file=sys.stderr)
        return 1
    print(f"Every URL pattern was requested by some test ({len(requested)} routes, {len(files)} test processes).")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
