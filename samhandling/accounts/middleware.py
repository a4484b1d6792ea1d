import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED_KEY = "samhandling_login_at"
SESSION_RENEWED_KEY = "samhandling_renewed_at"


class SessionLifetimeMiddleware:
    """End a session 10 hours after login, however active it has been; renew the idle limit as the user works.

    The idle limit is the stored session's expiry (SESSION_COOKIE_AGE after its last save). Saving the
    session on every request would cost a write and a commit per page view, so the session is saved
    again only when its last renewal is SESSION_RENEW_INTERVAL old: the idle limit then holds to within
    that interval (30 minutes, less at most one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            limit = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > limit:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
            renewed = request.session.get(SESSION_RENEWED_KEY, 0)
            if now - renewed >= settings.SESSION_RENEW_INTERVAL.total_seconds():
                request.session[SESSION_RENEWED_KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Users whose roles demand TOTP reach nothing but the code page until they have given one."""

    allowed_prefixes = ("/konto/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.requires_two_factor
            and not user.is_verified()
            and not request.path.startswith(self.allowed_prefixes)
        ):
            return redirect("accounts:verify")
        return self.get_response(request)
