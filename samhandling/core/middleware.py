class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a logged-in user are never kept by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class SwedishFirstLocaleMiddleware:
    """Swedish unless the user has chosen English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, but the city's
    interface language is Swedish; English is a choice the user makes, kept in the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's language afterwards, so one request's choice never
        # leaks into the next piece of work the thread does.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestLogMiddleware:
    """One JSON log line and the Prometheus counters for every request; the request id in a header.

    The line has the route pattern (`/arenden/<int:case_id>/`), never the path with its ids or
    query string, and the user's id, never a name. Outermost, so that it also sees the answers
    that the middleware below makes when the database is away.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import logging
        import re
        import time
        import uuid

        from samhandling.core import metrics

        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if re.fullmatch(r"[A-Za-z0-9._-]{8,64}", incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = "/" + match.route if match is not None else "<unmatched>"
        # Only a user that the request already loaded: asking now could need the database.
        user = getattr(request, "_cached_user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        response["X-Request-ID"] = request.request_id
        status = response.status_code
        metrics.REQUESTS.labels(route=route, method=request.method, status=str(status)).inc()
        metrics.LATENCY.labels(route=route).observe(duration)
        fields = {
            "request_id": request.request_id,
            "method": request.method,
            "route": route,
            "status": status,
            "duration_ms": round(duration * 1000, 1),
            "user_id": user_id,
        }
        reference = getattr(request, "error_reference", None)
        if reference:
            fields["reference"] = reference
        logging.getLogger("samhandling.request").info("request", extra=fields)
        return response


class DatabaseUnavailableMiddleware:
    """A request that meets a database outage gets a clear 503 page that needs no database.

    The session, the user and the navigation all come from the database; when it is away each
    of them raises, and Django's own 500 page (which also renders the navigation) would raise
    again and leave an empty answer. This catches what escapes from below.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import InterfaceError, OperationalError

        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            return service_unavailable(request, exc)


def service_unavailable(request, exc=None):
    """The 503 page, rendered without the database, context processors or the user."""
    import logging
    import uuid

    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.utils import translation

    reference = uuid.uuid4().hex[:10].upper()
    request.error_reference = reference
    logging.getLogger("samhandling.errors").error(
        "database.unavailable",
        extra={"reference": reference, "request_id": getattr(request, "request_id", None)},
        exc_info=exc,
    )
    language = getattr(request, "LANGUAGE_CODE", None) or "sv"
    with translation.override(language):
        html = render_to_string("errors/503.html", {"reference": reference, "language": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class RefuseNullBytesMiddleware:
    """A NUL character in a query string or form is never real input (PostgreSQL cannot even store it):
    such a request gets a 400 in Swedish, before any view or query can turn it into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest
        from django.utils.translation import gettext as _

        def holds_nul(query) -> bool:
            return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())

        form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        if "\x00" in request.path or holds_nul(request.GET) or (form and holds_nul(request.POST)):
            return HttpResponseBadRequest(
                _("The address or the form holds characters that are not allowed."), content_type="text/plain"
            )
        return self.get_response(request)
