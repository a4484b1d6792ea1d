"""What every plan service shares: the audit purpose, the draft check, the strategy of a year."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samhandling.catalogue.models import Strategy
from samhandling.plans.models import ActionPlan, PlanStatus

PURPOSE = "crime-prevention planning"


class EditConflict(Exception):
    """Someone saved the record after this editor opened it; `current` is what is saved now."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


def check_edit_version(model: Any, pk: int, expected: int | None) -> Any:
    """Lock the saved row and return it; raise EditConflict when it is no longer the version the editor saw."""
    current = model.objects.select_for_update().get(pk=pk)
    if expected is None or expected != current.edit_version:
        raise EditConflict(current)
    return current


def _assert_editable(plan: ActionPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Start a new version to change an approved plan."))


def strategy_for_year(year: int) -> Strategy:
    strategy = Strategy.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
    if strategy is None:
        strategy = Strategy.objects.order_by("-start_year").first()
    if strategy is None:
        raise ValidationError(_("There is no strategy period in the catalogue."))
    return strategy
