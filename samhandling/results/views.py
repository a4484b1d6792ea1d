"""Goals, targets and programme logic: thin views over access, forms, services and selectors."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.csvfile import excel_csv
from samhandling.core.text import swedish_sorted
from samhandling.indicators.models import Level
from samhandling.indicators.selectors import draw_map, map_rows, periods_of
from samhandling.plans.access import planner_committees
from samhandling.plans.models import Activity
from samhandling.plans.selectors.common import COUNTED_STATUSES
from samhandling.results import access, fulfilment, selectors, services
from samhandling.results.exports.common import neutralise
from samhandling.results.forms import ActivityLogicForm, DocumentForm, GoalForm, TargetForm
from samhandling.results.models import ActivityLogic, Goal, MethodLogic

ACTIVITY_LIST_LIMIT = 50  # the goal page lists the first ones; the report and the annex hold them all


def _conflict(request, current, what: str):
    return render(request, "results/conflict.html", {"current": current, "what": what}, status=409)


@login_not_required
def goal_tree(request):
    insider = access.is_insider(request.user)
    tree = selectors.goal_tree(access.visible_targets(request.user), public=not insider)
    mine = Activity.objects.filter(
        plan__committee__in=planner_committees(request.user), plan__status__in=COUNTED_STATUSES
    ).select_related("plan__committee")
    context = {
        "tree": tree,
        "my_activities": mine.order_by("-plan__year", "plan__committee__name", "order", "id"),
        "insider": insider,
        "can_manage": access.can_manage(request.user),
        "method_text": fulfilment.METHOD_TEXT,
        "labels": fulfilment.LABELS,
    }
    return render(request, "results/goal_tree.html", context)


@login_not_required
def goal_detail(request, pk):
    goal = access.get_goal_for_user(request.user, pk)
    insider = access.is_insider(request.user)
    targets = access.visible_targets(request.user).filter(goal=goal)
    cache: dict = {}
    rows = [selectors.assess_target(t, public=not insider, cache=cache) for t in targets]
    maps = []
    for indicator in {r.target.indicator for r in rows if r.target.indicator.on_district}:
        periods = periods_of(indicator)
        if periods:
            mrows = map_rows(indicator, period=periods[-1], level=Level.DISTRICT, public=not insider)
            maps.append({"indicator": indicator, "rows": mrows, "map": draw_map(indicator, mrows, period=periods[-1])})
    year = selectors.latest_plan_year()
    linked = selectors.goal_activities(goal, year=year) if year else selectors.goal_activities(goal).none()
    activity_count = linked.count()
    activities = list(linked.order_by("plan__committee__name", "order", "id")[:ACTIVITY_LIST_LIMIT]) if insider else []
    worked = swedish_sorted(set(linked.values_list("plan__committee__name", flat=True)))
    context = {
        "goal": goal,
        "children": goal.children.all(),
        "rows": [(r, selectors.target_chart(r)) for r in rows],
        "maps": maps,
        "activities": activities,
        "activity_count": activity_count,
        "activity_year": year,
        "worked": worked,
        "insider": insider,
        "can_manage": access.can_manage(request.user),
        "method_text": fulfilment.METHOD_TEXT,
    }
    return render(request, "results/goal_detail.html", context)


@login_not_required
def open_data(request, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    rows = selectors.open_data_rows(access.visible_targets(None))
    if fmt == "json":
        body = json.dumps({"method": str(fulfilment.METHOD_TEXT), "targets": rows}, ensure_ascii=False, indent=1)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    header = list(rows[0].keys()) if rows else ["document", "goal", "indicator", "fulfilment"]
    body = excel_csv([header] + [[neutralise(r[k]) for k in header] for r in rows])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mal-och-maluppfyllelse.csv"'
    return response


def document_create(request):
    access.require_manage(request.user)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.document_create(actor=request.user, **data)
        messages.success(request, _("The steering document was saved."))
        return redirect("results:goal_tree")
    return render(request, "results/form.html", {"form": form, "title": _("New steering document")})


def goal_create(request):
    access.require_manage(request.user)
    form = GoalForm(request.POST or None, initial={"document": request.GET.get("dokument")})
    if request.method == "POST" and form.is_valid():
        fields = form.model_fields()
        document = fields.pop("document")
        goal = services.goal_create(
            actor=request.user, document=document, form_token=form.cleaned_data["form_token"], **fields
        )
        messages.success(request, _("The goal was saved."))
        return redirect("results:goal_detail", goal.pk)
    return render(request, "results/form.html", {"form": form, "title": _("New goal")})


def goal_edit(request, pk):
    access.require_manage(request.user)
    goal = get_object_or_404(Goal, pk=pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                actor=request.user, goal=goal, expected_version=form.cleaned_data["version"] or 0, **form.model_fields()
            )
        except services.EditConflict as conflict:
            return _conflict(request, conflict.current, _("goal"))
        messages.success(request, _("The goal was saved."))
        return redirect("results:goal_detail", goal.pk)
    return render(request, "results/form.html", {"form": form, "title": _("Change the goal"), "object": goal})


def target_create(request, pk):
    access.require_manage(request.user)
    goal = get_object_or_404(Goal, pk=pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_create(
                actor=request.user, goal=goal, form_token=form.cleaned_data["form_token"], **form.model_fields()
            )
        except services.DuplicateTarget:
            form.add_error("indicator", services.duplicate_message())
        else:
            messages.success(request, _("The target was saved."))
            return redirect("results:goal_detail", goal.pk)
    title = _("New target under %(goal)s") % {"goal": goal}
    return render(request, "results/form.html", {"form": form, "title": title, "goal": goal})


def target_edit(request, pk):
    target = access.get_target_for_manage(request.user, pk)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(
                actor=request.user,
                target=target,
                expected_version=form.cleaned_data["version"] or 0,
                **form.model_fields(),
            )
        except services.EditConflict as conflict:
            return _conflict(request, conflict.current, _("target"))
        messages.success(request, _("The target was saved."))
        return redirect("results:goal_detail", target.goal_id)
    return render(request, "results/form.html", {"form": form, "title": _("Change the target"), "goal": target.goal})


def activity_logic(request, pk):
    activity, may_change = access.get_activity_for_logic(request.user, pk, change=request.method == "POST")
    logic = ActivityLogic.objects.filter(activity=activity).prefetch_related("goals").first()
    defaults = [m.results_logic for m in activity.methods.all() if hasattr(m, "results_logic")]
    initial = {
        "version": logic.version if logic else 0,
        "short_term": logic.short_term if logic else "\n".join(d.short_term for d in defaults),
        "expected_reached": logic.expected_reached if logic else None,
        "goals": list(logic.goals.all()) if logic else [],
    }
    form = ActivityLogicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_logic_save(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data["version"],
                short_term=form.cleaned_data["short_term"],
                expected_reached=form.cleaned_data["expected_reached"],
                goals=list(form.cleaned_data["goals"]),
            )
        except services.EditConflict as conflict:
            return _conflict(request, conflict.current, _("programme logic"))
        messages.success(request, _("The programme logic was saved."))
        return redirect("results:activity_logic", activity.pk)
    followups = activity.followups.select_related("round").order_by("round__year", "round__period")
    context = {
        "activity": activity,
        "logic": logic,
        "form": form if may_change else None,
        "defaults": defaults,
        "followups": followups,
        "method_logic": MethodLogic.objects.filter(method__in=activity.methods.all()).select_related("method"),
    }
    return render(request, "results/activity_logic.html", context)


def report_once(request, year):
    access.require_report(request.user)
    rows = selectors.report_once(year)
    record(actor=request.user, verb="results.report_once.view", purpose=services.PURPOSE, year=year)
    return render(request, "results/report_once.html", {"rows": rows, "year": year})
