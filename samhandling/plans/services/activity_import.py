"""Saving the activities confirmed from an imported document."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from samhandling.audit.services import record
from samhandling.plans.models import ActionPlan, Activity
from samhandling.plans.services.common import PURPOSE, _assert_editable


@dataclass
class ImportedActivity:
    title: str
    description: str
    priority_area: object
    sub_area: object | None
    prevention_type: str
    methods: list = field(default_factory=list)
    is_local_activity: bool = False


@transaction.atomic
def activities_import(*, actor, plan: ActionPlan, rows: list[ImportedActivity], filename: str) -> list[Activity]:
    """Save the confirmed activities of an imported document: all of them or, on any error, none."""
    _assert_editable(plan)
    last = plan.activities.aggregate(m=Max("order"))["m"] or 0
    created = []
    for i, row in enumerate(rows, start=1):
        activity = Activity(
            plan=plan,
            title=row.title,
            description=row.description,
            priority_area=row.priority_area,
            sub_area=row.sub_area,
            prevention_type=row.prevention_type,
            is_local_activity=row.is_local_activity,
            order=last + i,
        )
        activity.full_clean(exclude=["plan"])
        activity.save()
        activity.methods.set(row.methods)
        created.append(activity)
    record(actor=actor, verb="plans.import", target=plan, purpose=PURPOSE, filename=filename, activities=len(created))
    return created
