"""What the catalogue shows from higher apps, registered by those apps in their AppConfig.ready.

The catalogue sits below plans and cases and never imports them (ADR 0013): plans registers which
plans a user may see, cases the city-wide counts of grants of a method.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

VisiblePlans = Callable[[Any], QuerySet[Any]]
GrantCounts = Callable[[Any], Any]

_visible_plans: list[VisiblePlans] = []
_grant_counts: list[GrantCounts] = []


def register_visible_plans(selector: VisiblePlans) -> None:
    """Plans: the plans a user may see (plans.access.visible_plans)."""
    _visible_plans[:] = [selector]


def register_grant_counts(selector: GrantCounts) -> None:
    """Cases: the city-wide grant counts of a method (cases.selectors.grant_counts_for_method)."""
    _grant_counts[:] = [selector]


def visible_plans(user: Any) -> QuerySet[Any] | None:
    """The plans the user may see, or None when no app provides plans."""
    return _visible_plans[0](user) if _visible_plans else None


def grant_counts(method: Any) -> Any:
    """The grant counts of the method, or None when no app provides them."""
    return _grant_counts[0](method) if _grant_counts else None
