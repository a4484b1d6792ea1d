"""The two write patterns every places service shares: an idempotent create and a version-checked update."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samhandling.audit.services import record
from samhandling.core.annotations import Actor

PURPOSE = "places"


class EditConflict(Exception):
    """Someone else saved the record after this user opened it."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


def create_once(
    model: Any,
    *,
    actor: Actor,
    form_token: uuid.UUID | None,
    verb: str,
    audit: dict[str, Any] | None = None,
    **fields: Any,
) -> Any:
    """Create a record once per form token: a double click or parallel posts of one form give one record."""
    if form_token:
        existing = model.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
    obj = model(form_token=form_token or None, created_by=actor, **fields)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        existing = model.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing, False
    record(actor=actor, verb=verb, target=obj, purpose=PURPOSE, **(audit or {}))
    return obj, True


def update_checked(
    model: Any,
    *,
    actor: Actor,
    pk: int,
    expected_version: int,
    verb: str,
    fields: dict[Any, Any],
    audit: dict[str, Any] | None = None,
) -> Any:
    """Change fields when nobody saved since `expected_version`; otherwise raise EditConflict and save nothing."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise EditConflict(current)
    changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
    if not changed:
        return current
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(validate_unique=False, validate_constraints=False)
    current.version += 1
    current.save()
    record(actor=actor, verb=verb, target=current, purpose=PURPOSE, fields=changed, **(audit or {}))
    return current


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)
