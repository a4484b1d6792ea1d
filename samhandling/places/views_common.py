"""Helpers the places pages share: the role gate, form errors from services, the conflict page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from samhandling.places import access


def require_places(user) -> None:
    """The places app is for the roles that work with safe places; anyone else gets 403."""
    if not access.can_use_places(user):
        raise PermissionDenied


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to its field (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def conflict(request, current, back_url: str, form=None):
    """Someone saved the record after this user opened it: nothing was overwritten, and what they typed is shown."""
    context = {"current": current, "back_url": back_url, "form": form}
    return render(request, "places/conflict.html", context, status=409)


def token(form):
    return form.cleaned_data.get("form_token")
