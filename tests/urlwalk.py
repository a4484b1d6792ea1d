"""Walk the project's URL resolver: every route, its name and the pattern behind it."""

from django.urls import URLPattern, URLResolver, get_resolver


def _join(prefix: str, pattern) -> str:
    # The same joining as django.urls.resolvers.URLResolver._join_route, so routes match ResolverMatch.route.
    route = str(pattern.pattern)
    return route if not prefix else prefix + route.removeprefix("^")


def all_routes(resolver=None, prefix: str = "", namespace: str = ""):
    """Yield (route, qualified name, URLPattern) for every endpoint, as ResolverMatch.route spells it."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from all_routes(entry, _join(prefix, entry), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield _join(prefix, entry), name, entry


# Sample values for path converters when a test needs a concrete URL for a route.
SAMPLE_VALUES = {"int": "1", "slug": "exempel", "str": "exempel", "uuid": "00000000-0000-0000-0000-000000000001"}


def sample_path(route: str) -> str:
    """A concrete path for a route, with converters replaced by sample values (regex routes: None)."""
    import re

    if route.startswith("^"):
        return None
    path = re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "1"),
        route,
    )
    return "/" + path
