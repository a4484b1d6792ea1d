"""The city overview: committees × priority areas, the methods used and the gaps."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.core.annotations import Viewer
from samhandling.core.text import swedish_sort_key
from samhandling.organisations.models import Committee
from samhandling.plans import access
from samhandling.plans.models import Activity, ActivityStatus, FollowUp
from samhandling.plans.selectors.common import counted_plans, latest_round


@dataclass
class Cell:
    activities: int = 0
    statuses: dict = field(default_factory=dict)
    methods: set = field(default_factory=set)

    @property
    def is_gap(self) -> bool:
        return self.activities == 0


def overview(
    *,
    user: Viewer,
    year: int,
    strategy: Strategy | None = None,
    kind: str = "",
    prevention_type: str = "",
    area: PriorityArea | None = None,
    method: Method | None = None,
) -> dict[str, Any]:
    """Committees × priority areas: activity counts and their latest follow-up status; methods used; gaps.

    The filters combine: committee kind, prevention type, one priority area (its column only) and
    one catalogue method (only activities that use it; its gaps only).
    """
    access.require_perm(user, "plans.view_all_plans")
    strategy = strategy or Strategy.objects.filter(start_year__lte=year, end_year__gte=year).first()
    areas = list(PriorityArea.objects.filter(strategy=strategy)) if strategy else []
    if area is not None:
        areas = [a for a in areas if a.pk == area.pk]
    committees = Committee.objects.select_related("district").order_by("kind", "name")
    if kind:
        committees = committees.filter(kind=kind)
    committees = list(committees)
    activities = Activity.objects.filter(plan__in=counted_plans(year), plan__committee__in=committees)
    if prevention_type:
        activities = activities.filter(prevention_type=prevention_type)
    if area is not None:
        activities = activities.filter(priority_area=area)
    if method is not None:
        activities = activities.filter(methods=method)
    rnd = latest_round(year)
    grid = {(c.pk, a.pk): Cell() for c in committees for a in areas}
    for row in activities.values("plan__committee_id", "priority_area_id").annotate(n=Count("id")):
        cell = grid.get((row["plan__committee_id"], row["priority_area_id"]))
        if cell:
            cell.activities = row["n"]
    for committee_id, area_id, method_name in activities.values_list(
        "plan__committee_id", "priority_area_id", "methods__name"
    ).distinct():
        cell = grid.get((committee_id, area_id))
        if cell and method_name:
            cell.methods.add(method_name)
    if rnd:
        statuses = (
            FollowUp.objects.filter(round=rnd, activity__in=activities)
            .values("activity__plan__committee_id", "activity__priority_area_id", "status")
            .annotate(n=Count("id"))
        )
        for row in statuses:
            cell = grid.get((row["activity__plan__committee_id"], row["activity__priority_area_id"]))
            if cell:
                cell.statuses[row["status"]] = row["n"]
    status_labels = dict(ActivityStatus.choices)
    rows = []
    for c in committees:
        cells = []
        for a in areas:
            cell = grid[(c.pk, a.pk)]
            cells.append(
                {
                    "area": a,
                    "activities": cell.activities,
                    "gap": cell.is_gap,
                    "statuses": [(status_labels[s], n) for s, n in sorted(cell.statuses.items())],
                    "status_counts": dict(cell.statuses),
                    "methods": sorted(cell.methods, key=swedish_sort_key),
                }
            )
        rows.append({"committee": c, "cells": cells})

    # Which catalogue methods are used where.
    used = defaultdict(set)
    for method_id, committee_id in activities.values_list("methods", "plan__committee_id").distinct():
        if method_id:
            used[method_id].add(committee_id)
    committee_by_id = {c.pk: c for c in committees}
    methods = (
        Method.objects.filter(Q(pk__in=used.keys()) | Q(committees__in=committees))
        .distinct()
        .prefetch_related("committees")
    )
    if method is not None:
        methods = methods.filter(pk=method.pk)
    method_rows, method_gaps = [], []
    for m in methods.order_by("name"):
        recommended = {c.pk for c in m.committees.all() if c.pk in committee_by_id}
        where = [committee_by_id[cid] for cid in sorted(used.get(m.pk, ()), key=lambda i: committee_by_id[i].name)]
        if where:
            method_rows.append({"method": m, "committees": where})
        missing = [committee_by_id[cid] for cid in recommended - used.get(m.pk, set())]
        if missing and (m.pk in used or method is not None):
            method_gaps.append({"method": m, "committees": sorted(missing, key=lambda c: c.name)})
    area_gaps = [(r["committee"], cell["area"]) for r in rows for cell in r["cells"] if cell["gap"]]
    has_plan = set(counted_plans(year).values_list("committee_id", flat=True))
    return {
        "year": year,
        "strategy": strategy,
        "area": area,
        "method": method,
        "areas": areas,
        "rows": rows,
        "round": rnd,
        "method_rows": method_rows,
        "method_gaps": method_gaps,
        "area_gaps": area_gaps,
        "without_plan": [c for c in committees if c.pk not in has_plan],
    }
