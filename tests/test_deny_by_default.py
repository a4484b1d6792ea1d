"""Deny by default: every URL needs login, except the public pages that docs/access-model.md lists."""

import re
from pathlib import Path

import pytest
from django.urls import resolve

from tests.urlwalk import all_routes, sample_path

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "access-model.md"


def documented_public_entries() -> set[str]:
    """The paths in the public table of docs/access-model.md; `/a/<slug>/` and `/a/*` (everything under) allowed."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Public pages (no login)")[1].split("\n## ")[0]
    # Code spans in order (so that the text between two spans is never read as one).
    return {span for span in re.findall(r"`([^`]*)`", section) if span.startswith("/")}


def _plain(route: str) -> str:
    """'/a/<slug:slug>/' and '/a/<slug>/' compare equal."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)


def documented_route(entry: str) -> str | None:
    """The URL route a documented path stands for (placeholders filled with sample values), or None."""
    from django.urls import Resolver404

    for sample in ("1", "exempel"):
        path = re.sub(r"<[^>]+>", sample, entry)
        try:
            return resolve(path).route
        except Resolver404:
            continue
    return None


def is_documented_public(route: str) -> bool:
    path = "/" + route
    for entry in documented_public_entries():
        if entry.endswith("*"):
            if path.startswith(entry[:-1]):
                return True
        elif documented_route(entry) == route or _plain(entry) == _plain(path):
            return True
    return False


def documented_public_paths() -> set[str]:
    """Concrete sample paths of the documented public routes."""
    return {path for route, _name, _pattern, path in concrete_routes() if is_documented_public(route)}


def concrete_routes():
    for route, name, pattern in all_routes():
        path = sample_path(route)
        assert path is not None, f"{route} is a regex route; give tests/urlwalk.py a sample for it"
        yield route, name, pattern, path


def is_api_view(callback) -> bool:
    return hasattr(callback, "cls") and hasattr(callback.cls, "permission_classes")


def test_the_walk_finds_the_foundation_routes():
    routes = {route for route, *_ in all_routes()}
    for expected in ("", "healthz", "konto/logga-in/", "granskning/", "granskning/export.csv", "api/v1/me/"):
        assert expected in routes


def test_sample_paths_resolve_to_their_own_route():
    for route, _name, _pattern, path in concrete_routes():
        match = resolve(path)
        assert match.route == route, (route, path, match.route)


def is_public_in_code(pattern) -> bool:
    callback = pattern.callback
    if is_api_view(callback):
        # DRF marks every API view login_required=False and checks its own permission classes instead.
        from rest_framework.permissions import AllowAny

        return any(issubclass(p, AllowAny) for p in callback.cls.permission_classes)
    return getattr(callback, "login_required", True) is False


def test_the_pages_without_login_are_exactly_the_documented_public_pages():
    undocumented = []
    for route, _name, pattern, _path in concrete_routes():
        if is_public_in_code(pattern) and not is_documented_public(route):
            undocumented.append("/" + route)
    assert not undocumented, f"Public (no login) but not listed in docs/access-model.md: {undocumented}"
    routes = {r: p for r, _n, p, _s in concrete_routes()}
    for entry in documented_public_entries():
        if entry.endswith("*"):
            matches = [r for r in routes if ("/" + r).startswith(entry[:-1])]
        else:
            matches = [r for r in [documented_route(entry)] if r is not None]
        assert matches, f"docs/access-model.md lists {entry} as public, but no such URL exists"
        for route in matches:
            assert is_public_in_code(routes[route]), (
                f"docs/access-model.md lists /{route} as public, but it needs login"
            )


def test_every_other_url_sends_anonymous_users_to_login(client):
    public = documented_public_paths()
    checked = 0
    for route, _name, pattern, path in concrete_routes():
        if path in public:
            continue
        response = client.get(path)
        if is_api_view(pattern.callback):
            assert response.status_code in (401, 403), (route, response.status_code)
        else:
            assert response.status_code == 302, (route, response.status_code)
            assert response["Location"].startswith("/konto/logga-in/?next="), (route, response["Location"])
        checked += 1
    assert checked >= 4


def test_the_public_pages_answer_without_login(client):
    for path in sorted(documented_public_paths()):
        response = client.get(path)
        # The SSO pages redirect to the identity provider or back to login; nothing asks for a login first.
        assert not response.get("Location", "").startswith("/konto/logga-in/?next="), path
        # /healthz answers 503 while no worker is running.
        assert response.status_code in (200, 302, 404, 405, 503), (path, response.status_code)
