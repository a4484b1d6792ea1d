"""Who may see and change goals, targets, programme logic and the effects report (docs/access-model.md, "Results").

- Goals are the city's published policy: everyone reads the goal tree. Targets and figures are shown
  to the public only for indicators marked public, with small numbers suppressed
  (indicators.selectors.public_cells); users with any role see every target and figure.
- City analysts (results.manage_goals) create and change documents, goals and targets.
- A plan activity's programme logic: the district planners of the plan's committee change it;
  city analysts read it; others who may see the plan get 403; a plan they may not see: 404.
- The effects report: city analysts (plans.edit_effects_report).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from samhandling.core.annotations import Viewer
from samhandling.indicators import access as indicator_access
from samhandling.plans import access as plan_access
from samhandling.plans.models import Activity
from samhandling.results.models import Goal, GoalTarget


def is_insider(user: Viewer) -> bool:
    """Any active membership sees every target and the unsuppressed figures (as in indicators)."""
    return getattr(user, "is_authenticated", False) and indicator_access.can_read(user)


def can_manage(user: Viewer) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm("results.manage_goals")


def require_manage(user: Viewer) -> None:
    if not can_manage(user):
        raise PermissionDenied


def can_edit_report(user: Viewer) -> bool:
    return plan_access.can_edit_report(user)


def require_report(user: Viewer) -> None:
    if not can_edit_report(user):
        raise PermissionDenied


def visible_targets(user: Viewer) -> QuerySet[GoalTarget]:
    """Every target for insiders; only those of public indicators for everyone else."""
    targets = GoalTarget.objects.select_related("indicator", "district", "goal__document")
    if is_insider(user):
        return targets
    return targets.filter(indicator__is_public=True)


def get_goal_for_user(user: Viewer, pk: int) -> Goal:
    """A goal (goals are public policy); 404 for an unknown one."""
    return get_object_or_404(Goal.objects.select_related("document", "parent", "priority_area"), pk=pk)


def get_target_for_manage(user: Viewer, pk: int) -> GoalTarget:
    require_manage(user)
    return get_object_or_404(GoalTarget.objects.select_related("goal", "indicator", "district"), pk=pk)


def get_activity_for_logic(user: Viewer, activity_id: int, *, change: bool = False) -> tuple[Activity, bool]:
    """The activity and whether the user may change its logic: 404 if its plan is invisible, 403 if not theirs."""
    activity = (
        Activity.objects.select_related("plan__committee", "problem", "priority_area").filter(pk=activity_id).first()
    )
    if activity is None:
        raise Http404
    plan = plan_access.get_plan_for_user(user, activity.plan_id)
    may_change = plan_access.can_plan_for(user, plan)
    if not may_change and not plan_access.can_view_all(user):
        raise PermissionDenied
    if change and not may_change:
        raise PermissionDenied
    return activity, may_change
