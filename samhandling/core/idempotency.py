"""Idempotent form submissions: the same POST sent twice (or three times in parallel) acts once.

How it works: a form that creates something carries a one-time key (IdempotentFormMixin renders
it as a hidden field; `{% idempotency_field %}` for hand-written forms). The middleware runs
every POST that carries a key in one transaction that first inserts (scope, key) into a unique
table. A second request with the same key blocks on that insert until the first commits, then
gets the first request's answer (its redirect). When the first answer is not a redirect (the
form had errors), the key is released so that the corrected form can be sent again; on a server
error everything the request wrote is rolled back.
"""

import uuid
from datetime import timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone

from samhandling.core.models import IdempotencyKey

FIELD = "idempotency_key"
KEEP = timedelta(days=1)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def new_key() -> str:
    return str(uuid.uuid4())


class IdempotentFormMixin(forms.Form):
    """Mix into every form that creates a record: it renders the one-time key as a hidden field."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(FIELD, new_key())

    def full_clean(self):
        super().full_clean()
        # The key is the middleware's business; services get only the form's own data.
        if hasattr(self, "cleaned_data"):
            self.cleaned_data.pop(FIELD, None)


def _key(request) -> uuid.UUID | None:
    if request.method != "POST" or request.content_type not in _FORM_TYPES:
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _scope(request) -> str:
    user = getattr(request, "user", None)
    who = f"u{user.pk}" if user is not None and user.is_authenticated else "anon"
    return f"{who}:{request.path}"[:250]


class IdempotencyMiddleware:
    """Place after the authentication and login middleware (the key is scoped to the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        scope = _scope(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    entry = IdempotencyKey.objects.create(key=key, scope=scope)
            except IntegrityError:
                # The same form was sent before (and has finished: the insert waited for it).
                first = IdempotencyKey.objects.filter(key=key, scope=scope).first()
                if first is not None and first.location:
                    response = HttpResponseRedirect(first.location)
                    response.status_code = first.status_code or 302
                    return response
                return self.get_response(request)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif 300 <= response.status_code < 400 and response.has_header("Location"):
                entry.status_code, entry.location = response.status_code, response["Location"][:2000]
                entry.save(update_fields=["status_code", "location"])
            else:
                entry.delete()
        return response


def forget_old_keys(now=None) -> int:
    """Remove keys older than a day; a form is not sent again after that."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=(now or timezone.now()) - KEEP).delete()
    return deleted
