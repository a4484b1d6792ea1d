"""Who a user is in the organisation: their active memberships, roles, units and districts.

Every app's access.py builds on these functions; none of them reads Membership directly.
"""

from django.db.models import QuerySet

from samhandling.core.annotations import Viewer
from samhandling.organisations.models import Committee, District, Membership, Unit
from samhandling.organisations.roles import Role


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


def units_with_role(user: Viewer, *roles: Role | str) -> QuerySet[Unit]:
    """Units in which the user holds one of the roles."""
    wanted = {str(r) for r in roles}
    ids = sorted({m.unit_id for m in _memberships(user) if m.role in wanted and m.unit_id})
    return Unit.objects.filter(id__in=ids)


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
