from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from samhandling.accounts import services
from samhandling.accounts.forms import LoginForm, TokenForm


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@login_not_required
@never_cache
def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.user
        login(request, user, backend="samhandling.accounts.backends.RoleBackend")
        services.login_recorded(actor=user, method="password")
        if user.requires_two_factor:
            return redirect(f"/konto/tvastegsverifiering/?next={_safe_next(request)}")
        return redirect(_safe_next(request) or "core:start")
    context = {
        "form": form,
        "next": _safe_next(request),
        "expired": "expired" in request.GET,
        "sso_enabled": bool(settings.OIDC_OP_ISSUER),
    }
    return render(request, "accounts/login.html", context)


@never_cache
def verify_view(request):
    user = request.user
    if not user.requires_two_factor or user.is_verified():
        return redirect("core:start")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        logout(request)
        messages.error(
            request,
            _("Your account needs an authenticator app, but none is registered. Contact the system administrator."),
        )
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            services.login_recorded(actor=user, method="totp")
            return redirect(_safe_next(request) or "core:start")
        form.add_error("token", _("The code is wrong or too old. Try the newest code."))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logout_recorded(actor=request.user)
    logout(request)  # flushes the server-side session
    messages.success(request, _("You are logged out."))
    return redirect("accounts:login")


def locked_out(request, credentials, *args, **kwargs):
    """Axes' answer once a username has failed too often; the same whether the user exists or not."""
    form = LoginForm(request, data=None)
    context = {
        "form": form,
        "locked": True,
        "next": "",
        "sso_enabled": bool(settings.OIDC_OP_ISSUER),
    }
    return render(request, "accounts/login.html", context, status=429)


class CityOIDCCallbackView(OIDCAuthenticationCallbackView):
    """The single sign-on callback, with the login recorded in the audit trail."""

    def login_success(self):
        response = super().login_success()
        services.login_recorded(actor=self.user, method="oidc")
        return response
