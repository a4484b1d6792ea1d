"""Reads that span tables: a plan page's context, the city overview, the data of the effects report."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.organisations.models import Committee
from samhandling.plans import access
from samhandling.plans.models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    FollowUp,
    FollowUpRound,
    Period,
    PlanStatus,
    SurveyResponse,
)

logger = logging.getLogger(__name__)

# Plans that count for a year: the newest version that the committee has decided on.
COUNTED_STATUSES = (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP)


def indicator_profile_html(plan: ActionPlan) -> str:
    """The indicators app's district profile, when that app provides it; empty otherwise."""
    if not plan.committee.district_id:
        return ""
    try:
        from samhandling.indicators.selectors import district_profile  # noqa: PLC0415 - optional app

        profile = district_profile(plan.committee.district)
        return mark_safe(  # noqa: S308 - rendered by our own template
            render_to_string(
                "indicators/_district_profile.html",
                {"profile_rows": profile, "district": plan.committee.district},
            )
        )
    except Exception:  # noqa: BLE001 - the indicators are an optional addition to the page
        logger.info("No indicator profile for %s", plan.committee)
        return ""


def plan_context(plan: ActionPlan, user) -> dict:
    sections = plan.situation_sections.prefetch_related("neighbourhoods")
    problems = plan.problems.prefetch_related("causes__factors", "activities")
    activities = plan.activities.select_related(
        "priority_area", "sub_area", "responsible_unit", "problem"
    ).prefetch_related("methods", "neighbourhoods", "partners")
    visible_ids = set(
        access.visible_plans(user).filter(committee=plan.committee, year=plan.year).values_list("id", flat=True)
    )
    versions = ActionPlan.objects.filter(pk__in=visible_ids).order_by("-version")
    rounds = FollowUpRound.objects.filter(year=plan.year).order_by("period")
    reported = set(plan.reports.values_list("round_id", flat=True))
    show_indicators = any(s.show_indicators for s in sections)
    return {
        "plan": plan,
        "sections": sections,
        "problems": problems,
        "activities": activities,
        "versions": versions,
        "rounds": [{"round": r, "reported": r.pk in reported} for r in rounds],
        "can_edit": access.can_edit_plan(user, plan),
        "can_plan": access.can_plan_for(user, plan),
        "can_approve": access.can_approve_plan(user, plan),
        "can_report": access.can_plan_for(user, plan) and plan.status in COUNTED_STATUSES,
        "can_new_version": access.can_plan_for(user, plan)
        and plan.status in COUNTED_STATUSES
        and not hasattr(plan, "next_version"),
        "indicators_html": indicator_profile_html(plan) if show_indicators else "",
    }


def counted_plans(year: int):
    return ActionPlan.objects.filter(year=year, status__in=COUNTED_STATUSES)


def latest_round(year: int) -> FollowUpRound | None:
    order = {Period.T1: 1, Period.T2: 2, Period.YEAR: 3}
    rounds = sorted(FollowUpRound.objects.filter(year=year), key=lambda r: order[r.period])
    return rounds[-1] if rounds else None


@dataclass
class Cell:
    activities: int = 0
    statuses: dict = field(default_factory=dict)

    @property
    def is_gap(self) -> bool:
        return self.activities == 0


def overview(*, user, year: int, strategy: Strategy | None = None, kind: str = "", prevention_type: str = "") -> dict:
    """Committees × priority areas: activity counts and their latest follow-up status; methods used; gaps."""
    access.require_perm(user, "plans.view_all_plans")
    strategy = strategy or Strategy.objects.filter(start_year__lte=year, end_year__gte=year).first()
    areas = list(PriorityArea.objects.filter(strategy=strategy)) if strategy else []
    committees = Committee.objects.select_related("district").order_by("kind", "name")
    if kind:
        committees = committees.filter(kind=kind)
    committees = list(committees)
    activities = Activity.objects.filter(plan__in=counted_plans(year), plan__committee__in=committees)
    if prevention_type:
        activities = activities.filter(prevention_type=prevention_type)
    rnd = latest_round(year)
    grid = {(c.pk, a.pk): Cell() for c in committees for a in areas}
    for row in activities.values("plan__committee_id", "priority_area_id").annotate(n=Count("id")):
        cell = grid.get((row["plan__committee_id"], row["priority_area_id"]))
        if cell:
            cell.activities = row["n"]
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
    method_rows, method_gaps = [], []
    for m in methods.order_by("name"):
        recommended = {c.pk for c in m.committees.all() if c.pk in committee_by_id}
        where = [committee_by_id[cid] for cid in sorted(used.get(m.pk, ()), key=lambda i: committee_by_id[i].name)]
        if where:
            method_rows.append({"method": m, "committees": where})
        missing = [committee_by_id[cid] for cid in recommended - used.get(m.pk, set())]
        if missing and m.pk in used:
            method_gaps.append({"method": m, "committees": sorted(missing, key=lambda c: c.name)})
    area_gaps = [(r["committee"], cell["area"]) for r in rows for cell in r["cells"] if cell["gap"]]
    has_plan = set(counted_plans(year).values_list("committee_id", flat=True))
    return {
        "year": year,
        "strategy": strategy,
        "areas": areas,
        "rows": rows,
        "round": rnd,
        "method_rows": method_rows,
        "method_gaps": method_gaps,
        "area_gaps": area_gaps,
        "without_plan": [c for c in committees if c.pk not in has_plan],
    }


def round_status(rnd: FollowUpRound) -> list[dict]:
    """Every plan of the round's year: reported or not, and reminders sent."""
    plans = (
        ActionPlan.objects.filter(year=rnd.year, status__in=COUNTED_STATUSES)
        .select_related("committee")
        .prefetch_related(Prefetch("reports"), Prefetch("reminders"))
        .order_by("committee__name")
    )
    rows = []
    for plan in plans:
        report = next((r for r in plan.reports.all() if r.round_id == rnd.pk), None)
        reminders = [r for r in plan.reminders.all() if r.round_id == rnd.pk]
        rows.append({"plan": plan, "report": report, "reminders": len(reminders)})
    return rows


def report_activities(year: int):
    """Every counted activity of the year with its plan, methods and follow-ups (for the report and the annex)."""
    return (
        Activity.objects.filter(plan__in=counted_plans(year))
        .select_related("plan__committee", "priority_area", "sub_area", "responsible_unit")
        .prefetch_related(
            "methods",
            "partners",
            "neighbourhoods",
            Prefetch("followups", queryset=FollowUp.objects.select_related("round")),
        )
        .order_by("plan__committee__name", "priority_area__number", "order", "id")
    )


def effects_report_data(year: int) -> dict:
    """The figures and examples of the effects report, in the structure of seed 004."""
    plans = counted_plans(year).select_related("committee")
    strategy = Strategy.objects.filter(start_year__lte=year, end_year__gte=year).first()
    areas = list(PriorityArea.objects.filter(strategy=strategy)) if strategy else []
    by_area = {a.pk: {"area": a, "activities": 0, "committees": set(), "examples": [], "survey": []} for a in areas}
    gender = {"girls": 0, "boys": 0, "women": 0, "men": 0, "unspecified": 0}
    status_counts: dict[str, int] = defaultdict(int)
    total = 0
    rnd = latest_round(year)
    for activity in report_activities(year):
        total += 1
        entry = by_area.get(activity.priority_area_id)
        if entry is None:
            continue
        entry["activities"] += 1
        entry["committees"].add(activity.plan.committee.name)
        followups = [f for f in activity.followups.all() if rnd and f.round_id == rnd.pk]
        for fu in followups:
            status_counts[fu.status] += 1
            gender["girls"] += fu.reached_girls or 0
            gender["boys"] += fu.reached_boys or 0
            gender["women"] += fu.reached_women or 0
            gender["men"] += fu.reached_men or 0
            gender["unspecified"] += fu.reached_unspecified or 0
            if fu.effect and len(entry["examples"]) < 6:
                entry["examples"].append(
                    {
                        "committee": activity.plan.committee.name,
                        "activity": activity.title,
                        "effect": fu.effect,
                        "basis": fu.effect_basis,
                    }
                )
    responses = SurveyResponse.objects.filter(year=year, submitted_at__isnull=False).select_related("committee")
    area_by_number = {e["area"].number: e for e in by_area.values()}
    views = []
    for response in responses.order_by("committee__name"):
        for number, answer in (response.answers or {}).items():
            entry = area_by_number.get(number)
            if entry and any((answer or {}).values()):
                entry["survey"].append({"committee": response.committee.name, **answer})
        if response.views:
            views.append({"committee": response.committee.name, "text": response.views})
    for entry in by_area.values():
        entry["committees"] = sorted(entry["committees"])
    status_labels = dict(ActivityStatus.choices)
    return {
        "year": year,
        "round": rnd,
        "plans": list(plans.order_by("committee__name")),
        "activity_count": total,
        "areas": list(by_area.values()),
        "gender": gender,
        "reached_total": sum(gender.values()),
        "statuses": [(status_labels[k], v) for k, v in sorted(status_counts.items())],
        "survey_views": views,
        "survey_count": responses.count(),
    }
