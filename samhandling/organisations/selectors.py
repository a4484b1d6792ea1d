"""Reads for the administration: the user list, who holds which role where, and committees that lack people."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from samhandling.core.text import swedish_sort_key
from samhandling.organisations.models import Committee, LoginInactivityRule, Membership, Unit
from samhandling.organisations.roles import Role

if TYPE_CHECKING:
    from samhandling.accounts.models import User

# Used only when no LoginInactivityRule is in force (the rule is data, loaded by migration 0010).
STALE_AFTER_DAYS = 90


def stale_after_days(now: datetime.datetime | None = None) -> int:
    """Days without a login after which an active user is to be ended, by the rule in force on that day."""
    today = timezone.localdate(now) if now else timezone.localdate()
    rule = LoginInactivityRule.objects.filter(valid_from__lte=today).order_by("-valid_from").first()
    return rule.days if rule is not None else STALE_AFTER_DAYS


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which a last login counts as stale."""
    return (now or timezone.now()) - datetime.timedelta(days=stale_after_days(now))


def stale_filter(now: datetime.datetime | None = None) -> Q:
    """Active users without a login for the rule's days (never logged in: counted from the day they were added)."""
    cutoff = stale_cutoff(now)
    return Q(is_active=True) & (Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))


@dataclass
class UserRow:
    user: "User"
    stale: bool
    roles: list[str] = field(default_factory=list)


def user_rows(
    users: "QuerySet[User]",
    *,
    query: str = "",
    stale_only: bool = False,
    units: QuerySet[Unit] | None = None,
    now: datetime.datetime | None = None,
) -> list[UserRow]:
    """The users matching the search, in Swedish order by surname, with their active roles (in `units` if given)."""
    if query:
        for word in query.split()[:5]:
            users = users.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
    stale_ids = set(users.filter(stale_filter(now)).values_list("pk", flat=True))
    if stale_only:
        users = users.filter(pk__in=stale_ids)
    users_list = list(users)
    memberships = Membership.objects.active().filter(user__in=[u.pk for u in users_list])
    if units is not None:
        memberships = memberships.filter(unit__in=units)
    roles: dict[int, set[str]] = {}
    for user_id, role in memberships.values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(str(Role(role).label))
    rows = [UserRow(u, u.pk in stale_ids, sorted(roles.get(u.pk, set()), key=swedish_sort_key)) for u in users_list]
    rows.sort(
        key=lambda r: (
            swedish_sort_key(r.user.last_name),
            swedish_sort_key(r.user.first_name),
            swedish_sort_key(r.user.username),
        )
    )
    return rows


def user_memberships(user: "User", units: QuerySet[Unit] | None = None) -> list[Membership]:
    """A user's memberships, current ones first (in `units` only, if given)."""
    memberships = Membership.objects.filter(user=user).select_related("unit__administration", "agency", "police_area")
    if units is not None:
        memberships = memberships.filter(unit__in=units)
    active_ids = set(Membership.objects.active().filter(user=user).values_list("pk", flat=True))
    result = list(memberships)
    for m in result:
        m.in_force = m.pk in active_ids  # type: ignore[attr-defined]
    result.sort(key=lambda m: (m.pk not in active_ids, swedish_sort_key(m.organisation_name)))
    return result


@dataclass
class UnitRoles:
    unit: Unit
    holders: "list[tuple[str, list[User]]]"


@dataclass
class CommitteeRoles:
    committee: Committee
    units: list[UnitRoles]


def role_holders(units: QuerySet[Unit]) -> list[CommitteeRoles]:
    """Who holds which role today in each unit, grouped by committee, in Swedish order."""
    memberships = (
        Membership.objects.active()
        .filter(unit__in=units, user__is_active=True)
        .select_related("user", "unit__administration__committee")
    )
    by_unit: dict[int, dict[str, list[User]]] = {}
    unit_objs: dict[int, Unit] = {}
    for m in memberships:
        assert m.unit is not None
        unit_objs[m.unit.pk] = m.unit
        by_unit.setdefault(m.unit.pk, {}).setdefault(str(Role(m.role).label), []).append(m.user)
    by_committee: dict[int, CommitteeRoles] = {}
    for unit_id, roles in by_unit.items():
        unit = unit_objs[unit_id]
        committee = unit.administration.committee
        entry = by_committee.setdefault(committee.pk, CommitteeRoles(committee, []))
        holders = [
            (label, sorted(people, key=lambda u: swedish_sort_key(f"{u.last_name} {u.first_name}")))
            for label, people in sorted(roles.items(), key=lambda kv: swedish_sort_key(kv[0]))
        ]
        entry.units.append(UnitRoles(unit, holders))
    for entry in by_committee.values():
        entry.units.sort(key=lambda u: swedish_sort_key(u.unit.name))
    return sorted(by_committee.values(), key=lambda c: swedish_sort_key(c.committee.name))


@dataclass
class CommitteeStaffing:
    committee: Committee
    planners: int
    approvers: int

    @property
    def missing_planner(self) -> bool:
        return self.planners == 0

    @property
    def missing_approver(self) -> bool:
        return self.approvers == 0


@dataclass
class StaffingSummary:
    committees: list[CommitteeStaffing]
    total: int
    without_planner: int
    without_approver: int

    @property
    def problems(self) -> list[CommitteeStaffing]:
        return [c for c in self.committees if c.missing_planner or c.missing_approver]


def committee_staffing() -> StaffingSummary:
    """Every committee with how many active planners and approvers (unit managers) it has today.

    The same rule as the plans' reminders and approvals: an active membership of an active user in
    a unit of the committee's administration.
    """
    counts: dict[tuple[int, str], int] = {}
    rows = (
        Membership.objects.active()
        .filter(role__in=[Role.DISTRICT_PLANNER, Role.UNIT_MANAGER], user__is_active=True, unit__isnull=False)
        .values_list("unit__administration__committee_id", "role", "user_id")
        .distinct()
    )
    for committee_id, role, _user_id in rows:
        counts[(committee_id, role)] = counts.get((committee_id, role), 0) + 1
    committees = [
        CommitteeStaffing(
            c,
            counts.get((c.pk, Role.DISTRICT_PLANNER.value), 0),
            counts.get((c.pk, Role.UNIT_MANAGER.value), 0),
        )
        for c in Committee.objects.all()
    ]
    committees.sort(key=lambda s: swedish_sort_key(s.committee.name))
    return StaffingSummary(
        committees=committees,
        total=len(committees),
        without_planner=sum(1 for c in committees if c.missing_planner),
        without_approver=sum(1 for c in committees if c.missing_approver),
    )
