"""Reads for the goal tree, the goal page, open data and "report once"."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from samhandling.core import charts
from samhandling.indicators.models import Indicator, Level, Value
from samhandling.indicators.selectors import public_cells
from samhandling.plans.models import Activity
from samhandling.plans.selectors.common import counted_plans
from samhandling.results import fulfilment
from samhandling.results.models import ActivityLogic, Goal, GoalTarget, SteeringDocument


def observations(target: GoalTarget, *, public: bool, cache: dict | None = None) -> dict[str, object]:
    """period -> value of the target's indicator in its area and gender; None where suppressed (public)."""
    level = Level.DISTRICT if target.district_id else Level.CITY
    if not public:
        values = Value.objects.filter(indicator=target.indicator, level=level, gender=target.gender)
        values = values.filter(district=target.district) if target.district_id else values
        return dict(values.values_list("period", "value"))
    cache = cache if cache is not None else {}
    if target.indicator_id not in cache:
        cache[target.indicator_id] = public_cells(target.indicator)
    return {
        c.period: (None if c.suppressed else c.value)
        for c in cache[target.indicator_id]
        if c.level == level and c.gender == target.gender and c.district_id == target.district_id
    }


@dataclass
class TargetRow:
    target: GoalTarget
    assessment: fulfilment.Assessment
    series: dict = field(default_factory=dict)

    @property
    def area_name(self) -> str:
        return self.target.district.name if self.target.district_id else str(_("Stockholm (the whole city)"))


def assess_target(
    target: GoalTarget, *, public: bool, cache: dict | None = None, until_year: int | None = None
) -> TargetRow:
    """One target judged from its figures; `until_year` leaves out later periods (a report of a past year)."""
    series = observations(target, public=public, cache=cache)
    if until_year is not None:
        series = {p: v for p, v in series.items() if fulfilment.year_of(p) <= until_year}
    result = fulfilment.assess(
        baseline_year=target.baseline_year,
        baseline_value=target.baseline_value,
        target_year=target.target_year,
        target_value=target.target_value,
        lower_is_better=target.indicator.direction == Indicator.Direction.LOWER,
        observations=series,
    )
    return TargetRow(target, result, series)


@dataclass
class GoalNode:
    goal: Goal
    rows: list[TargetRow]
    children: list["GoalNode"]
    depth: int = 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for row in self.rows:
            out[row.assessment.status] += 1
        return out


def goal_tree(targets_qs, *, public: bool) -> list[dict]:
    """Each steering document with its goals as a tree, every target judged. A handful of queries."""
    goals = list(Goal.objects.select_related("document", "priority_area").order_by("order", "number", "id"))
    cache: dict = {}
    rows_by_goal: dict[int, list[TargetRow]] = defaultdict(list)
    for target in targets_qs.order_by("indicator__name", "district__name"):
        rows_by_goal[target.goal_id].append(assess_target(target, public=public, cache=cache))
    children: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)

    def build(goal: Goal, depth: int) -> GoalNode:
        return GoalNode(goal, rows_by_goal[goal.pk], [build(c, depth + 1) for c in children[goal.pk]], depth)

    out = []
    for document in SteeringDocument.objects.order_by("order", "title"):
        roots = [build(g, 0) for g in children[None] if g.document_id == document.pk]
        out.append({"document": document, "nodes": roots})
    return out


def flatten(nodes: list[GoalNode]) -> list[GoalNode]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def target_chart(row: TargetRow) -> str:
    """The indicator over time against the straight line from baseline to target."""
    t = row.target
    periods = sorted(set(row.series) | {str(t.baseline_year), str(t.target_year)})
    line = []
    for p in periods:
        y = fulfilment.year_of(p)
        if t.baseline_year <= y <= t.target_year:
            share = (y - t.baseline_year) / (t.target_year - t.baseline_year)
            line.append(float(t.baseline_value) + (float(t.target_value) - float(t.baseline_value)) * share)
        else:
            line.append(None)
    return charts.line_chart(
        title=f"{t.indicator.name}: {row.area_name}",
        desc=_(
            "%(indicator)s in %(area)s by period, against the line from the baseline %(by)s to the target %(tv)s in %(ty)s. The same figures are in the table."
        )
        % {
            "indicator": t.indicator.name,
            "area": row.area_name,
            "by": t.baseline_year,
            "tv": charts.fmt(t.target_value),
            "ty": t.target_year,
        },
        periods=periods,
        series=[
            charts.Series(row.area_name, [row.series.get(p) for p in periods], "highlight"),
            charts.Series(str(_("Path to the target")), line, "city"),
        ],
        unit=t.indicator.unit,
        width=560,
        height=260,
    )


def goal_activities(goal: Goal, *, year: int | None = None):
    """Activities of decided plans that the planners linked to this goal (or a goal under it)."""
    ids = [goal.pk] + [g.pk for g in Goal.objects.filter(parent=goal)]
    activities = Activity.objects.filter(results_logic__goals__in=ids).distinct()
    plans = counted_plans(year) if year else counted_plans_any()
    return activities.filter(plan__in=plans).select_related("plan__committee__district", "priority_area")


def latest_plan_year() -> int | None:
    """The latest year with a decided plan (the goal page lists that year's linked activities)."""
    return counted_plans_any().aggregate(year=Max("year"))["year"]


def counted_plans_any():
    from samhandling.plans.models import ActionPlan
    from samhandling.plans.selectors.common import COUNTED_STATUSES

    return ActionPlan.objects.filter(status__in=COUNTED_STATUSES)


def report_once(year: int) -> list[dict]:
    """Per committee: activities reported once, the steering documents they count for, and how many
    separate reports (one per document and goal) the single follow-up replaces."""
    activities = (
        Activity.objects.filter(plan__in=counted_plans(year))
        .select_related("plan__committee")
        .prefetch_related(
            Prefetch(
                "results_logic",
                queryset=ActivityLogic.objects.prefetch_related(
                    Prefetch("goals", queryset=Goal.objects.select_related("document"))
                ),
            )
        )
    )
    by_committee: dict[int, dict] = {}
    for activity in activities:
        entry = by_committee.setdefault(
            activity.plan.committee_id,
            {"committee": activity.plan.committee, "activities": 0, "linked": 0, "documents": set(), "reports": 0},
        )
        entry["activities"] += 1
        logic = getattr(activity, "results_logic", None)
        goals = list(logic.goals.all()) if logic else []
        if goals:
            entry["linked"] += 1
            documents = {g.document for g in goals}
            entry["documents"] |= documents
            # Without a shared entry each document's follow-up would ask for this activity again.
            entry["reports"] += len(documents)
    rows = []
    for entry in sorted(by_committee.values(), key=lambda e: e["committee"].name):
        entry["documents"] = sorted(entry["documents"], key=lambda d: d.title)
        entry["saved"] = max(entry["reports"] - entry["linked"], 0)
        rows.append(entry)
    return rows


def open_data_rows(targets_qs) -> list[dict]:
    """The public goals, targets and fulfilment as flat rows (suppressed as on the public dashboard)."""
    rows = []
    cache: dict = {}
    for target in targets_qs.filter(indicator__is_public=True).order_by("goal__document__order", "goal__number"):
        row = assess_target(target, public=True, cache=cache)
        a = row.assessment
        rows.append(
            {
                "document": target.goal.document.title,
                "goal_number": target.goal.number,
                "goal": target.goal.title,
                "indicator": target.indicator.code,
                "indicator_name": target.indicator.name,
                "area": target.district.code if target.district_id else "stockholm",
                "gender": target.gender,
                "baseline_year": target.baseline_year,
                "baseline_value": str(target.baseline_value),
                "target_year": target.target_year,
                "target_value": str(target.target_value),
                "target_source": target.source,
                "valid_from": target.valid_from.isoformat(),
                "latest_year": a.latest_year,
                "latest_value": None if a.latest_value is None else str(a.latest_value),
                "expected_value": None if a.expected_value is None else str(a.expected_value),
                "fulfilment": a.status,
                "fictitious": target.is_fictitious,
            }
        )
    return rows
