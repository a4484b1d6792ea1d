"""Helpers the places pages share: the role gate, the conflict page, the form token (service errors: core.forms)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from samhandling.places import access


def require_places(user) -> None:
    """The places app is for the roles that work with safe places; anyone else gets 403."""
    if not access.can_use_places(user):
        raise PermissionDenied


def conflict(request, current, back_url: str, form=None):
    """Someone saved the record after this user opened it: nothing was overwritten, and what they typed is shown."""
    context = {"current": current, "back_url": back_url, "form": form}
    return render(request, "places/conflict.html", context, status=409)


def token(form):
    return form.cleaned_data.get("form_token")
