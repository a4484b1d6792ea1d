"""Reads that span tables: a plan page's context, the city overview, the data of the effects report."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.core.text import swedish_sort_key
from samhandling.organisations.models import Committee
from samhandling.plans import access
from samhandling.plans.models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    FollowUp,
    FollowUpRound,
    Period,
    Place,
    PlanStatus,
    SituationSection,
    SurveyReminderSent,
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


@dataclass
class IndicatorChart:
    """One indicator of a situation section: the chart and the table of the same figures."""

    indicator: object
    periods: list[str]
    rows: list[tuple[str, list]]  # (geography, values by period); the city first
    svg: str
    suppressed: bool = False  # some public figures were too few to show

    def table_rows(self) -> list[list[str]]:
        """Period by period, formatted the Swedish way, for the table beside the chart and for Word."""
        from samhandling.core.charts import fmt  # noqa: PLC0415

        decimals = 0 if self.indicator.kind == "count" else 1
        return [
            [period] + [fmt(values[i], decimals) for _label, values in self.rows]
            for i, period in enumerate(self.periods)
        ]


def _public_values(indicator, district) -> tuple[list[str], list[tuple[str, list]], bool]:
    """The city's and the district's totals by period, through the indicators app's suppression."""
    from samhandling.indicators.models import Gender, Level  # noqa: PLC0415
    from samhandling.indicators.selectors import public_cells  # noqa: PLC0415

    cells = [
        c
        for c in public_cells(indicator, genders=[Gender.TOTAL], levels=[Level.CITY, Level.DISTRICT])
        if c.level == Level.CITY or (district and c.district_id == district.pk)
    ]
    periods = sorted({c.period for c in cells})
    position = {p: i for i, p in enumerate(periods)}
    city, own = [None] * len(periods), [None] * len(periods)
    for c in cells:
        (city if c.level == Level.CITY else own)[position[c.period]] = None if c.suppressed else c.value
    rows = [(str(_("Stockholm (the whole city)")), city)]
    if district:
        rows.append((district.name, own))
    return periods, rows, any(c.suppressed for c in cells)


def section_charts(section: SituationSection, *, full_figures: bool) -> list[IndicatorChart]:
    """The indicator charts a situation section asks for: the district against the whole city over time.

    Indicators are aggregate statistics; everyone with a role reads them all (samhandling.indicators.access).
    An approved plan is public, so other readers get only indicators marked public, with small
    numbers suppressed by the indicators app's one suppression function.
    """
    from samhandling.core import charts  # noqa: PLC0415
    from samhandling.indicators.selectors import indicator_series  # noqa: PLC0415

    district = section.indicator_district or section.plan.committee.district
    result = []
    for indicator in section.indicators.all():
        suppressed = False
        if full_figures:
            table = indicator_series(indicator)
            periods = table.periods
            keep = {"", district.code} if district else {""}
            rows = [(name, values) for code, name, values in table.rows if code in keep]
        elif indicator.is_public:
            periods, rows, suppressed = _public_values(indicator, district)
        else:
            continue
        shown = [label for label, values in rows if any(v is not None for v in values)]
        svg = charts.line_chart(
            title=f"{indicator.name}: {district.name if district else _('Stockholm (the whole city)')}",
            desc=_(
                "Line chart of %(indicator)s by period, %(first)s–%(last)s: %(shown)s. The same figures are in the table."
            )
            % {
                "indicator": indicator.name,
                "first": periods[0] if periods else "",
                "last": periods[-1] if periods else "",
                "shown": ", ".join(shown) or _("no figures"),
            },
            periods=periods,
            series=[
                charts.Series(label, values, "city" if i == 0 else "highlight")
                for i, (label, values) in enumerate(rows)
            ],
            unit=indicator.unit,
            width=560,
            height=280,
        )
        result.append(IndicatorChart(indicator, periods, rows, svg, suppressed))
    return result


def plan_context(plan: ActionPlan, user) -> dict:
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
    methods: set = field(default_factory=set)

    @property
    def is_gap(self) -> bool:
        return self.activities == 0


def overview(
    *,
    user,
    year: int,
    strategy: Strategy | None = None,
    kind: str = "",
    prevention_type: str = "",
    area: PriorityArea | None = None,
    method: Method | None = None,
) -> dict:
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


def survey_committees(year: int):
    """The committees asked to answer the year's survey: those with an approved plan for the year."""
    return Committee.objects.filter(action_plans__in=counted_plans(year)).distinct()


def survey_status(year: int) -> list[dict]:
    """Every committee: asked or not, its answer (started, sent) and the reminders sent for the survey."""
    responses = {r.committee_id: r for r in SurveyResponse.objects.filter(year=year).select_related("updated_by")}
    asked = set(survey_committees(year).values_list("id", flat=True))
    reminders: dict[int, list] = defaultdict(list)
    for committee_id, sent_at in SurveyReminderSent.objects.filter(survey__year=year).values_list(
        "committee_id", "sent_at"
    ):
        reminders[committee_id].append(sent_at)
    return [
        {
            "committee": c,
            "asked": c.pk in asked,
            "response": responses.get(c.pk),
            "reminders": len(reminders[c.pk]),
            "last_reminder": max(reminders[c.pk]) if reminders[c.pk] else None,
        }
        for c in Committee.objects.order_by("kind", "name")
    ]


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
    """Situation-picture sections of the year's counted plans that show indicator charts (full figures)."""
    sections = (
        SituationSection.objects.filter(plan__in=counted_plans(year), indicators__isnull=False)
        .distinct()
        .select_related("plan__committee__district", "indicator_district")
        .prefetch_related("indicators")
        .order_by("plan__committee__name", "order", "id")
    )
    return [{"section": s, "charts": section_charts(s, full_figures=True)} for s in sections]


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
        "indicator_sections": report_indicator_sections(year),
    }
