"""Everything a plan page shows."""

from typing import Any

from samhandling.core.annotations import Viewer
from samhandling.core.text import swedish_sort_key
from samhandling.plans import access
from samhandling.plans.models import ActionPlan, FollowUpRound, Place, PlanNotice, PlanStatus
from samhandling.plans.selectors.charts import indicator_profile_html, section_charts
from samhandling.plans.selectors.common import COUNTED_STATUSES


def plan_context(plan: ActionPlan, user: Viewer) -> dict[str, Any]:
    from samhandling.indicators.access import can_read  # noqa: PLC0415

    full_figures = bool(getattr(user, "is_authenticated", False) and can_read(user))
    sections = list(
        plan.situation_sections.select_related("indicator_district", "plan__committee__district").prefetch_related(
            "neighbourhoods", "places__neighbourhood", "indicators"
        )
    )
    for section in sections:
        section.charts = section_charts(section, full_figures=full_figures)
    problems = plan.problems.prefetch_related("causes__factors", "activities")
    activities = plan.activities.select_related(
        "priority_area", "sub_area", "responsible_unit", "problem"
    ).prefetch_related("methods", "neighbourhoods", "places", "partners")
    places = sorted(
        {p for s in sections for p in s.places.all()}
        | set(Place.objects.filter(activities__plan=plan).select_related("neighbourhood")),
        key=lambda p: swedish_sort_key(p.name),
    )
    visible_ids = set(
        access.visible_plans(user).filter(committee=plan.committee, year=plan.year).values_list("id", flat=True)
    )
    versions = ActionPlan.objects.filter(pk__in=visible_ids).order_by("-version")
    rounds = FollowUpRound.objects.filter(year=plan.year).order_by("period")
    reported = set(plan.reports.values_list("round_id", flat=True))
    show_indicators = any(s.show_indicators for s in sections)
    # A draft that was sent back shows why, until it is submitted again (the notices are newest first).
    last_notice = plan.notices.select_related("actor").first() if plan.status == PlanStatus.DRAFT else None
    returned = last_notice if last_notice and last_notice.kind == PlanNotice.Kind.RETURNED else None
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
        # The district profile is every indicator unsuppressed: only for readers with a role.
        "indicators_html": indicator_profile_html(plan) if show_indicators and full_figures else "",
        "places": places,
        "returned_notice": returned,
        "frozen": getattr(plan, "frozen_situation", None) if plan.is_public else None,
    }
