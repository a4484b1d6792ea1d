"""The data of the effects report."""

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch

from samhandling.catalogue.models import PriorityArea, Strategy
from samhandling.plans.models import Activity, ActivityStatus, FollowUp, SituationSection, SurveyResponse
from samhandling.plans.selectors.charts import section_charts
from samhandling.plans.selectors.common import counted_plans, latest_round


def report_activities(year: int):
    """Every counted activity of the year with its plan, methods and follow-ups (for the report and the annex)."""
    return (
        Activity.objects.filter(plan__in=counted_plans(year))
        .select_related("plan__committee", "priority_area", "sub_area", "responsible_unit")
        .prefetch_related(
            "methods",
            "partners",
            "neighbourhoods",
            "places",
            Prefetch("followups", queryset=FollowUp.objects.select_related("round")),
        )
        .order_by("plan__committee__name", "priority_area__number", "order", "id")
    )


def report_indicator_sections(year: int) -> list[dict]:
    """Situation-picture sections of the year's counted plans that show indicator charts (full figures).

    The report of a year shows that year's figures as they are now, and no later periods.
    """
    sections = (
        SituationSection.objects.filter(plan__in=counted_plans(year), indicators__isnull=False)
        .distinct()
        .select_related("plan__committee__district", "indicator_district")
        .prefetch_related("indicators")
        .order_by("plan__committee__name", "order", "id")
    )
    return [{"section": s, "charts": section_charts(s, full_figures=True, frozen=False)} for s in sections]


def effects_report_data(year: int) -> dict[str, Any]:
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
        "indicator_sections": report_indicator_sections(year),
    }
