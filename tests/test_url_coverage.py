"""A URL that no test requests is an untested door. Runs last (see conftest.py) over the whole suite."""

import os

import pytest

from samhandling.core.testing import REQUESTED_ROUTES
from tests.urlwalk import all_routes

# Routes of third-party code that the project mounts but need no test of their own: none so far.
# Add entries as {"route": "reason"}.
IGNORED: dict[str, str] = {}


def test_every_url_pattern_was_requested_by_some_test(request):
    if os.environ.get("SAMHANDLING_URL_COVERAGE") != "1":
        pytest.skip("URL coverage is recorded only with SAMHANDLING_URL_COVERAGE=1 (scripts/test.sh sets it)")
    if not getattr(request.config, "samhandling_full_run", False):
        pytest.skip("URL coverage is enforced only when the whole suite runs (no paths, -k, -m or deselection)")
    missing = sorted(
        route for route, _name, _pattern in all_routes() if route not in REQUESTED_ROUTES and route not in IGNORED
    )
    assert not missing, "No test requested these URL patterns:\n" + "\n".join(f"  /{r}" for r in missing)
