"""Reads that span tables: the workload view, the unit manager's queue, case summaries and counts."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext

from samhandling.cases.access import can_change_case, display_name, is_protected, prime_protection, unit_cases
from samhandling.cases.deadlines import add_months
from samhandling.cases.models import Case, CaseAlert, InterventionDecision, Investigation
from samhandling.catalogue.models import Factor
from samhandling.core.annotations import Viewer
from samhandling.core.links import link_maker


@dataclass
class WorkloadRow:
    case: Case
    name: str
    step: str
    due: datetime.date | None
    overdue: bool
    due_soon: bool
    protection_missing: bool = False
    alerts: int = 0
    # Worked out once per list, not once per row in the template: a translation and a URL reversal per row
    # were a third of the workload view's time.
    url: str = ""
    status_label: str = ""
    step_label: str = ""


def _step_labels() -> dict[str, str]:
    return {
        "protection": gettext("Protection assessment"),
        "initial": gettext("Initial assessment"),
        "investigation": gettext("Investigation"),
        "": "",
    }


def _with_deadlines(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.exclude(status=Case.Status.CLOSED).annotate(
        protection_due=Min(
            "reports__protection_due",
            filter=Q(reports__protection_assessment__isnull=True, reports__protection_due__isnull=False),
        ),
        open_alerts=Count("alerts", filter=Q(alerts__handled_at__isnull=True), distinct=True),
        initial_due=Min("reports__initial_assessment_due", filter=Q(reports__initial_assessment__isnull=True)),
        investigation_due=Min("investigations__due_on", filter=Q(investigations__completed_on__isnull=True)),
    )


def _rows(cases, today) -> list[WorkloadRow]:
    rows = []
    cases = list(cases)
    prime_protection(case.person for case in cases)
    case_url = link_maker("cases:case_detail")
    statuses = {value: str(label) for value, label in Case.Status.choices}
    steps_shown = _step_labels()
    for case in cases:
        steps = (
            (case.protection_due, "protection"),
            (case.initial_due, "initial"),
            (case.investigation_due, "investigation"),
        )
        dues = [(d, step) for d, step in steps if d]
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
                # The skyddsbedömning is due the same day: a missing one is flagged whatever else is due.
                protection_missing=case.protection_due is not None,
                alerts=case.open_alerts,
                url=case_url(case.id),
                status_label=statuses.get(case.status, case.status),
                step_label=steps_shown[step],
            )
        )
    rows.sort(key=lambda r: (r.due is None, r.due or today, r.case.id))
    return rows


def workload(user: Viewer) -> list[WorkloadRow]:
    """The user's own open cases, what is due first."""
    cases = _with_deadlines(unit_cases(user).filter(assigned_to=user)).select_related("person")
    return _rows(cases, timezone.localdate())


def unassigned(user: Viewer) -> list[WorkloadRow]:
    """New cases of the user's units that nobody has picked up yet."""
    cases = _with_deadlines(unit_cases(user).filter(assigned_to__isnull=True)).select_related("person")
    return _rows(cases, timezone.localdate())


@dataclass
class FactorChoice:
    name: str
    kind: str
    url: str


def attach_factor_choices(investigations: list[Investigation]) -> None:
    """Give each investigation the factors that may be assessed in it, each with its link (`factor_choices`).

    One query for the factors, one translation per kind and no URL reversal per factor: a case page with
    two investigations listed 62 factor links.
    """
    if not investigations:
        return
    factor_link = link_maker("cases:factor_assessment", 2)
    kinds = {value: str(label) for value, label in Factor.Kind.choices}
    factors = list(Factor.objects.order_by("kind", "name").values_list("id", "name", "kind"))
    for investigation in investigations:
        investigation.factor_choices = [  # type: ignore[attr-defined]
            FactorChoice(name, kinds.get(kind, kind), factor_link(investigation.id, pk)) for pk, name, kind in factors
        ]


WORKLOAD_PAGE_SIZE = 50


class _CountedPaginator(Paginator):
    """Counts the rows of a plain query: the page's own query joins reports, alerts and investigations
    for the deadlines, and counting through those joins and their grouping costs more than the page."""

    def __init__(self, object_list: QuerySet[Case], per_page: int, counted: QuerySet[Case]) -> None:
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()


def _open(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.exclude(status=Case.Status.CLOSED)


def _earliest(*names: str) -> Least:
    """The earliest of the dates that are set."""
    if connection.vendor == "postgresql":
        return Least(*names)  # PostgreSQL's LEAST passes over NULLs
    # Elsewhere LEAST is NULL when one of them is: coalesce each way round (each aggregate is compiled
    # again inside each COALESCE, which is why PostgreSQL gets the short form).
    turns = [names[i:] + names[:i] for i in range(len(names))]
    return Least(*(Coalesce(*turn) for turn in turns))


def _page(cases: QuerySet[Case], number, per_page: int | None) -> tuple[Page, list[WorkloadRow]]:
    """One page of open cases (a plain query of them), the earliest deadline first, ordered and cut in the database."""
    per_page = per_page or WORKLOAD_PAGE_SIZE
    counted = _open(cases)
    cases = _with_deadlines(cases).select_related("person")
    ordered = cases.annotate(next_due=_earliest("protection_due", "initial_due", "investigation_due")).order_by(
        F("next_due").asc(nulls_last=True), "id"
    )
    page = _CountedPaginator(ordered, per_page, counted).get_page(number)
    return page, _rows(page.object_list, timezone.localdate())


def workload_page(user: Viewer, number=1, per_page: int | None = None) -> tuple[Page, list[WorkloadRow]]:
    """One page of the user's own open cases, what is due first (the workload view)."""
    return _page(unit_cases(user).filter(assigned_to=user), number, per_page)


def unassigned_page(user: Viewer, number=1, per_page: int | None = None) -> tuple[Page, list[WorkloadRow]]:
    """One page of the unit's new cases that nobody has picked up yet."""
    return _page(unit_cases(user).filter(assigned_to__isnull=True), number, per_page)


def unit_queue(user: Viewer) -> list[WorkloadRow]:
    """All open cases of the manager's units, unassigned ones included."""
    cases = _with_deadlines(unit_cases(user)).select_related("person", "assigned_to")
    return _rows(cases, timezone.localdate())


def closed_cases(user: Viewer) -> QuerySet[Case]:
    """The closed cases of the user's units, the latest closed first: gone from the workload, still findable."""
    return (
        unit_cases(user)
        .filter(status=Case.Status.CLOSED)
        .select_related("person", "closed_by")
        .order_by("-closed_on", "-id")
    )


def open_alerts(user: Viewer) -> QuerySet[CaseAlert]:
    """Reminders and escalations not yet handled, for the manager's units."""
    return (
        CaseAlert.objects.filter(case__in=unit_cases(user), handled_at__isnull=True)
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__assigned_to")
        .order_by("due_on", "id")
    )


def case_summary(user: Viewer, case: Case) -> dict[str, Any]:
    """The steps, deadlines and decisions of a case the user may see, never free text; identity masked."""
    person = case.person
    reports = case.reports.select_related("protection_assessment", "initial_assessment").order_by("received_at")
    return {
        "id": case.id,
        "status": case.status,
        "status_display": case.get_status_display(),
        "closed_on": case.closed_on,
        "closed_reason": case.closed_reason or None,
        "unit": case.unit.name,
        "district": case.unit.district.name if case.unit.district_id else None,
        "social_worker": case.assigned_to.username if case.assigned_to_id else None,
        # Lists and the API never reveal a protected identity: there is no stated reason for one look.
        "child": display_name(person),
        "identity": None if is_protected(person) else person.identity,
        "protected_identity": is_protected(person),
        "emergency_access": not can_change_case(user, case),
        "reports": [
            {
                "id": r.id,
                "received_at": r.received_at,
                "channel": r.channel,
                "reporter_kind": r.reporter_kind,
                "initial_assessment_due": r.initial_assessment_due,
                "protection_due": r.protection_due,
                "protection_assessed_at": getattr(_one(r, "protection_assessment"), "assessed_at", None),
                "initial_decision": getattr(_one(r, "initial_assessment"), "decision", None),
                "initial_decided_on": getattr(_one(r, "initial_assessment"), "decided_on", None),
            }
            for r in reports
        ],
        "investigations": [
            {
                "id": i.id,
                "opened_on": i.opened_on,
                "due_on": i.due_on,
                "completed_on": i.completed_on,
                "legal_reference": i.rule.legal_reference if i.rule else "",
            }
            for i in case.investigations.select_related("rule").order_by("opened_on")
        ],
        "interventions": [
            {
                "id": d.id,
                "method": d.method.slug,
                "basis": d.basis,
                "decided_on": d.decided_on,
                "start_on": d.start_on,
                "end_on": d.end_on,
                "follow_up_on": d.follow_up_on,
                "closed_on": d.closed_on,
                "outcome": d.outcome or None,
            }
            for d in case.interventions.select_related("method").order_by("decided_on", "id")
        ],
    }


def _one(obj, name):
    """A reverse one-to-one, or None when it does not exist."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


GRANT_COUNT_THRESHOLD = 5


@dataclass
class GrantCount:
    count: int | None  # None when suppressed
    suppressed: bool
    since: datetime.date


def grant_counts_for_method(method, *, today: datetime.date | None = None) -> GrantCount:
    """Intervention decisions for the method in the last 12 months, city-wide; under 5 is suppressed.

    An aggregate over every unit, never per child, district or unit, so it needs no case access;
    a small number is hidden because it could point to a child in a small group.
    """
    today = today or timezone.localdate()
    since = add_months(today, -12)
    count = InterventionDecision.objects.filter(method=method, decided_on__gt=since, decided_on__lte=today).count()
    if count < GRANT_COUNT_THRESHOLD:
        return GrantCount(None, True, since)
    return GrantCount(count, False, since)
