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


def _regex_sample(inner: str) -> str:
    """A value matching a named group's regex: the first word of an alternation, else a number or a word."""
    import re

    candidates = [inner.split("|")[0]] if re.fullmatch(r"[\w-]+(\|[\w-]+)+", inner) else []
    for candidate in [*candidates, "1", "exempel"]:
        if re.fullmatch(inner, candidate):
            return candidate
    raise ValueError(f"no sample value for the group ({inner}); add one in tests/urlwalk.py")


def sample_path(route: str) -> str:
    """A concrete path for a route: converters and regex groups replaced by sample values."""
    import re

    if "(?P<" in route or route.startswith("^") or route.endswith("$"):
        path = re.sub(r"\(\?P<\w+>([^()]*)\)", lambda m: _regex_sample(m.group(1)), route)
        path = path.removeprefix("^").removesuffix("$").replace("\\", "")
        return "/" + path
    path = re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "1"),
        route,
    )
    return "/" + path
