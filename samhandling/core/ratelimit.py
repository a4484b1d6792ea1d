"""Rate limits for public forms, per client address and per session, counted in Django's cache.

The limits are settings (RATE_LIMITS: scope -> {"address": (count, seconds), "session": (...)}).
Production must use a cache shared by every web process (see docs/DEVELOPING.md); a per-process
cache only makes the limit per process.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render

DEFAULT_LIMITS = {
    # The public concern report: a person rarely sends more than a few; a school's shared address
    # sends more, and its staff with a duty to report sign in (not limited by address).
    "concern_report": {"address": (20, 3600), "session": (5, 600)},
}


def _cache():
    return caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]


def client_address(request) -> str:
    """The client's address; behind a proxy, the last NUM_PROXIES hops of X-Forwarded-For are trusted."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _hit(key: str, limit: tuple[int, int]) -> bool:
    """Count one hit; True while the count is within the limit."""
    count, seconds = limit
    cache = _cache()
    cache.add(key, 0, seconds)
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        value = 1
    return value <= count


def allowed(request, scope: str) -> bool:
    """Count this request against the scope's limits; False when one of them is exceeded."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "RATE_LIMITS", {})}.get(scope, {})
    ok = True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # A signed-in user is limited per account, not by the office's shared address.
        if "session" in limits:
            ok = _hit(f"rl:{scope}:user:{user.pk}", limits["session"]) and ok
        return ok
    if "address" in limits:
        ok = _hit(f"rl:{scope}:addr:{client_address(request)}", limits["address"]) and ok
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if "session" in limits and session_key:
        ok = _hit(f"rl:{scope}:sess:{session_key}", limits["session"]) and ok
    return ok


def rate_limited(scope: str):
    """Limit a view's POSTs; over the limit it answers 429 with a Swedish page and saves nothing."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not allowed(request, scope):
                response = render(request, "core/rate_limited.html", status=429)
                response["Retry-After"] = "600"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
