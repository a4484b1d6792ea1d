"""Who may see and change action plans (docs/access-model.md, section "Action plans").

- Approved plans (and their older approved versions) are public: anyone, even without login.
- Drafts and submitted plans: the committee's own planners and managers, and city analysts.
- District planners edit their own committee's drafts and report its follow-up.
- Unit managers approve (or return) their own committee's submitted plans.
- City analysts read everything, run the follow-up rounds and edit the effects report.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samhandling.core.annotations import Viewer
from samhandling.organisations.access import committees_with_role
from samhandling.organisations.models import Committee
from samhandling.organisations.roles import Role
from samhandling.plans.models import PUBLIC_STATUSES, ActionPlan, PlanStatus


def planner_committees(user: Viewer) -> QuerySet[Committee]:
    """Committees whose plans the user may edit."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("plans.edit_own_plans"):
        return Committee.objects.none()
    return committees_with_role(user, Role.DISTRICT_PLANNER)


def approver_committees(user: Viewer) -> QuerySet[Committee]:
    """Committees whose plans the user may approve."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("plans.approve_plans"):
        return Committee.objects.none()
    return committees_with_role(user, Role.UNIT_MANAGER)


def can_view_all(user: Viewer) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm("plans.view_all_plans")


def visible_plans(user: Viewer) -> QuerySet[ActionPlan]:
    """Public plans for everyone; all plans of one's own committee for its planners and managers; all for analysts."""
    plans = ActionPlan.objects.select_related("committee", "strategy")
    if can_view_all(user):
        return plans
    own_ids = set(planner_committees(user).values_list("id", flat=True))
    own_ids |= set(approver_committees(user).values_list("id", flat=True))
    return plans.filter(Q(status__in=PUBLIC_STATUSES) | Q(committee_id__in=own_ids))


def get_plan_for_user(user: Viewer, plan_id: int) -> ActionPlan:
    """The plan if the user may see it, else 404."""
    try:
        return visible_plans(user).get(pk=plan_id)
    except (ActionPlan.DoesNotExist, ValueError):
        raise Http404 from None


def can_edit_plan(user: Viewer, plan: ActionPlan) -> bool:
    return plan.status == PlanStatus.DRAFT and planner_committees(user).filter(pk=plan.committee_id).exists()


def can_plan_for(user: Viewer, plan: ActionPlan) -> bool:
    """May start versions, submit and report follow-up for the plan's committee."""
    return planner_committees(user).filter(pk=plan.committee_id).exists()


def can_approve_plan(user: Viewer, plan: ActionPlan) -> bool:
    return plan.status == PlanStatus.SUBMITTED and approver_committees(user).filter(pk=plan.committee_id).exists()


def get_plan_for_edit(user: Viewer, plan_id: int) -> ActionPlan:
    """The plan for editing: 404 when invisible, 403 when visible but not editable by the user."""
    plan = get_plan_for_user(user, plan_id)
    if not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def require_perm(user: Viewer, perm: str) -> None:
    if not getattr(user, "is_authenticated", False) or not user.has_perm(perm):
        raise PermissionDenied


def can_manage_rounds(user: Viewer) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm("plans.manage_followup_rounds")


def can_edit_report(user: Viewer) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm("plans.edit_effects_report")
