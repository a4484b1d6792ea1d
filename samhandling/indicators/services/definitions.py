"""Indicator definitions: create and change."""

from typing import Any

from django.db import transaction

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.indicators.models import Indicator


def indicator_create(*, actor: Actor, **fields: Any) -> Indicator:
    """Create an indicator definition."""
    with transaction.atomic():
        indicator = Indicator.objects.create(**fields)
        record(actor=actor, verb="indicators.indicator_created", target=indicator, code=indicator.code)
    return indicator


def indicator_update(*, actor: Actor, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator definition; the audit event lists the fields that changed."""
    with transaction.atomic():
        changed = sorted(name for name, value in fields.items() if getattr(indicator, name) != value)
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.save()
        record(actor=actor, verb="indicators.indicator_changed", target=indicator, fields=changed)
    return indicator
