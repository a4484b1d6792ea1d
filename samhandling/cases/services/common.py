"""Helpers shared by the case services."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.cases.access import can_change_case
from samhandling.cases.models import Case, ChildViews, Investigation
from samhandling.core.annotations import Actor
from samhandling.organisations.models import District, Unit

EMERGENCY_ACCESS_MAX_HOURS = 8


def not_in_future(field: str, day: datetime.date) -> None:
    """Raise a field error when the date lies after today."""
    if day > timezone.localdate():
        raise ValidationError({field: _("The date must not be in the future.")})


def touch(case: Case) -> None:
    """Move the case's last entry to now (retention counts from it)."""
    case.last_entry_at = timezone.now()
    case.save(update_fields=["last_entry_at"])


def require_change(actor: Actor, case: Case) -> None:
    """403 unless the actor may write in the case (own unit; emergency access is read-only)."""
    if not can_change_case(actor, case):
        raise PermissionDenied


def require_open(case: Case) -> None:
    """New decisions are made in an open case; a closed one is reopened first (with a reason)."""
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is closed. Reopen it before recording anything new."))


def child_unit(district: District) -> Unit:
    """The social services unit for children and young people of a district."""
    unit = Unit.objects.filter(district=district, kind=Unit.Kind.CHILD_AND_YOUTH).order_by("id").first()
    if unit is None:
        raise ValidationError(_("The district has no unit for children and young people."))
    return unit


class EditConflict(Exception):
    """Someone else saved the record after this user opened it."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


def require_child_views(investigation: Investigation | None) -> None:
    """The child's own views must be recorded before a decision."""
    if investigation is None or not investigation.views.filter(whose=ChildViews.Whose.CHILD).exists():
        raise ValidationError(_("Record the child's own views before the decision."))
