"""Test support: record which URL patterns the test suite requested."""

REQUESTED_ROUTES: set[str] = set()


class UrlCoverageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None:
            REQUESTED_ROUTES.add(match.route)
        return response
