"""Reads that span tables: the workload view and the unit manager's queue."""

import datetime
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from samhandling.cases.access import display_name, unit_cases
from samhandling.cases.models import Case


@dataclass
class WorkloadRow:
    case: Case
    name: str
    step: str
    due: datetime.date | None
    overdue: bool
    due_soon: bool


def _with_deadlines(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.exclude(status=Case.Status.CLOSED).annotate(
        initial_due=Min("reports__initial_assessment_due", filter=Q(reports__initial_assessment__isnull=True)),
        investigation_due=Min("investigations__due_on", filter=Q(investigations__completed_on__isnull=True)),
    )


def _rows(cases, today) -> list[WorkloadRow]:
    rows = []
    for case in cases:
        dues = [
            (d, step) for d, step in ((case.initial_due, "initial"), (case.investigation_due, "investigation")) if d
        ]
        due, step = min(dues) if dues else (None, "")
        rows.append(
            WorkloadRow(
                case=case,
                # Lists never show a protected identity.
                name=display_name(case.person),
                step=step,
                due=due,
                overdue=bool(due and due < today),
                due_soon=bool(due and today <= due <= today + datetime.timedelta(days=3)),
            )
        )
    rows.sort(key=lambda r: (r.due is None, r.due or today, r.case.id))
    return rows


def workload(user) -> list[WorkloadRow]:
    """The user's own open cases, what is due first."""
    cases = _with_deadlines(unit_cases(user).filter(assigned_to=user)).select_related("person")
    return _rows(cases, timezone.localdate())


def unassigned(user) -> list[WorkloadRow]:
    """New cases of the user's units that nobody has picked up yet."""
    cases = _with_deadlines(unit_cases(user).filter(assigned_to__isnull=True)).select_related("person")
    return _rows(cases, timezone.localdate())


def unit_queue(user) -> list[WorkloadRow]:
    """All open cases of the manager's units, unassigned ones included."""
    cases = _with_deadlines(unit_cases(user)).select_related("person", "assigned_to")
    return _rows(cases, timezone.localdate())
