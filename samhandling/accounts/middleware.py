import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED_KEY = "samhandling_login_at"


class SessionLifetimeMiddleware:
    """End a session 10 hours after login, however active it has been (idle timeout is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            limit = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if started is None:
                request.session[SESSION_STARTED_KEY] = time.time()
            elif time.time() - started > limit:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
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
