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
