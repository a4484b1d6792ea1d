"""Who a user is in the organisation: their active memberships, roles, units and districts.

Every app's access.py builds on these functions; none of them reads Membership directly.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samhandling.core.annotations import Actor, Viewer
from samhandling.organisations.models import Committee, District, Membership, Unit
from samhandling.organisations.roles import UNIT_MANAGER_GRANTABLE_ROLES, Role


def active_memberships(user: Viewer) -> QuerySet[Membership]:
    """The user's memberships in force today (none for anonymous or deactivated users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("unit__administration__committee", "unit__district", "agency", "police_area")
    )


def _memberships(user: Viewer) -> list[Membership]:
    """The active memberships, read once per request and kept on the user object (a new one per request).

    Permissions, navigation, the page header and every app's access checks ask for roles and units
    many times in one request; they all share this one query.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_samhandling_memberships", None)
    if cached is None:
        cached = list(active_memberships(user))
        user.__dict__["_samhandling_memberships"] = cached
    return cached


def forget_memberships(user: Viewer) -> None:
    """Drop the per-request cache, after a membership of this user object was changed."""
    for name in ("_samhandling_memberships", "_samhandling_roles"):
        user.__dict__.pop(name, None)


def user_roles(user: Viewer) -> set[str]:
    """The roles the user holds through active memberships, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_samhandling_roles", None)
    if cached is None:
        cached = {m.role for m in _memberships(user)}
        user.__dict__["_samhandling_roles"] = cached
    return cached


def has_role(user: Viewer, *roles: Role | str) -> bool:
    """True when the user holds at least one of the roles."""
    return bool(user_roles(user) & {str(r) for r in roles})


def unit_ids_with_role(user: Viewer, *roles: Role | str) -> set[int]:
    """The ids of the units in which the user holds one of the roles, from the per-request memberships (no query)."""
    wanted = {str(r) for r in roles}
    return {m.unit_id for m in _memberships(user) if m.role in wanted and m.unit_id}


def units_with_role(user: Viewer, *roles: Role | str) -> QuerySet[Unit]:
    """Units in which the user holds one of the roles."""
    return Unit.objects.filter(id__in=sorted(unit_ids_with_role(user, *roles)))


def districts_with_role(user: Viewer, *roles: Role | str) -> QuerySet[District]:
    """Districts whose administration has a unit where the user holds one of the roles."""
    unit_ids = active_memberships(user).filter(role__in=[str(r) for r in roles]).values("unit_id")
    return District.objects.filter(units__id__in=unit_ids).distinct()


def committees_with_role(user: Viewer, *roles: Role | str) -> QuerySet[Committee]:
    """Committees whose administration has a unit where the user holds one of the roles."""
    unit_ids = active_memberships(user).filter(role__in=[str(r) for r in roles]).values("unit_id")
    return Committee.objects.filter(administration__units__id__in=unit_ids).distinct()


def primary_membership(user: Viewer) -> Membership | None:
    """The membership shown in the page header (the first, by role order)."""
    memberships = list(_memberships(user))
    order = {role.value: i for i, role in enumerate(Role)}
    memberships.sort(key=lambda m: order.get(m.role, 99))
    return memberships[0] if memberships else None


# --- Administration of users and memberships (docs/access-model.md, "User administration") ---


def can_manage_all_users(user: Viewer) -> bool:
    """The system administrator manages every user and membership."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("accounts.manage_users"))


def can_administer(user: Viewer) -> bool:
    """May open the administration at all: the system administrator, or a unit manager for their units."""
    return can_manage_all_users(user) or has_role(user, Role.UNIT_MANAGER)


def administered_units(user: Viewer) -> QuerySet[Unit]:
    """Units whose memberships the user manages: all for the administrator, their own for a unit manager."""
    if can_manage_all_users(user):
        return Unit.objects.all()
    return units_with_role(user, Role.UNIT_MANAGER)


def grantable_roles(user: Viewer) -> list[str]:
    """Roles the user may give and end: every role for the administrator, the unit's own staff roles for a manager."""
    if can_manage_all_users(user):
        return [r.value for r in Role]
    if has_role(user, Role.UNIT_MANAGER):
        return [r.value for r in Role if r.value in UNIT_MANAGER_GRANTABLE_ROLES]
    return []


def visible_users(user: Viewer) -> QuerySet[Actor]:
    """Users the administration shows: all for the administrator; for a unit manager, those who hold or held a role in their units."""
    User = get_user_model()

    if can_manage_all_users(user):
        return User.objects.all()
    if not has_role(user, Role.UNIT_MANAGER):
        return User.objects.none()
    unit_ids = list(administered_units(user).values_list("id", flat=True))
    return User.objects.filter(memberships__unit_id__in=unit_ids).distinct()


def get_user_for_admin(user: Viewer, user_id: int | str) -> Actor:
    """A user the administration may show, else 404."""
    User = get_user_model()

    try:
        found: Actor = visible_users(user).get(pk=user_id)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None
    return found


def get_membership_for_admin(user: Viewer, membership_id: int) -> Membership:
    """A membership in a unit the user administers, else 404."""
    memberships: QuerySet[Membership] = Membership.objects.all()
    if not can_manage_all_users(user):
        memberships = memberships.filter(unit__in=administered_units(user))
    try:
        found: Membership = memberships.select_related("user", "unit__administration", "agency", "police_area").get(
            pk=membership_id
        )
    except (Membership.DoesNotExist, ValueError):
        raise Http404 from None
    return found


def require_administration(user: Viewer) -> None:
    """403 for a logged-in user whose roles give no part of the administration."""
    if not can_administer(user):
        raise PermissionDenied


def can_see_committee_staffing(user: Viewer) -> bool:
    """The committees lacking a planner or an approver are shown to the system administrator and the city analyst."""
    return can_manage_all_users(user) or has_role(user, Role.CITY_ANALYST)


def require_committee_overview(user: Viewer) -> None:
    """403 for everyone but the system administrator and the city analyst."""
    if not can_see_committee_staffing(user):
        raise PermissionDenied
