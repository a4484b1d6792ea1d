"""Who may see and do what with cases. Every view, list, export and API goes through here.

Social workers and unit managers see the cases of their own unit; nobody else sees a case
(404). Break-the-glass access gives time-limited read access (writes answer 403). Protected
identity wins over all of it: the name and address are shown only with an explicit grant and a
stated reason, and never in lists.

A person is shared by every district that has a case about them, so a person is never a door of
its own: what a user sees of a person (details, guardians, history, register extract) derives
from the cases the user may see (`cases_about_person_for_user`, `visible_guardians`,
`visible_persons`), never from the Person record. See docs/access-model.md.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.models import Case, EmergencyAccess, GuardianRegistration, Person, ProtectedIdentityGrant
from samhandling.core.annotations import Viewer
from samhandling.organisations.access import unit_ids_with_role, units_with_role
from samhandling.organisations.models import Unit
from samhandling.organisations.roles import Role

CASE_ROLES = (Role.SOCIAL_WORKER, Role.UNIT_MANAGER)


def can_work_cases(user: Viewer) -> bool:
    """True for social workers and unit managers."""
    return user.is_authenticated and user.has_perm("cases.work_cases")


def can_manage_queue(user: Viewer) -> bool:
    """True for unit managers."""
    return user.is_authenticated and user.has_perm("cases.manage_unit_queue")


def can_review_emergency_access(user: Viewer) -> bool:
    """True for log reviewers."""
    return user.is_authenticated and user.has_perm("audit.review_log")


def can_mark_protected_identity(user: Viewer) -> bool:
    """True for unit managers: they set and clear protected identity for their unit's cases."""
    return user.is_authenticated and user.has_perm("cases.mark_protected_identity")


def can_approve_emergency_access(user: Viewer) -> bool:
    """True for unit managers: they approve break the glass beyond the daily limit."""
    return user.is_authenticated and user.has_perm("cases.approve_emergency_access")


def can_make_full_extract(user: Viewer) -> bool:
    """True for the data-protection function: register extracts of every case about a person."""
    return user.is_authenticated and user.has_perm("cases.full_register_extract")


def case_units(user: Viewer) -> QuerySet[Unit]:
    """The units whose cases the user works on."""
    return units_with_role(user, *CASE_ROLES)


def _case_unit_ids(user: Viewer) -> list[int]:
    # From the memberships the request has read already: a list of ids, not a subquery of units.
    return sorted(unit_ids_with_role(user, *CASE_ROLES))


def unit_cases(user: Viewer) -> QuerySet[Case]:
    """The cases of the user's own units: what lists, counts and search may show."""
    if not can_work_cases(user):
        return Case.objects.none()
    return Case.objects.filter(unit_id__in=_case_unit_ids(user))


def _emergency_case_ids(user: Viewer) -> QuerySet[EmergencyAccess, Any]:
    return EmergencyAccess.objects.filter(
        user=user, status=EmergencyAccess.Status.ACTIVE, expires_at__gt=timezone.now()
    ).values("case_id")


def visible_cases(user: Viewer) -> QuerySet[Case]:
    """Own unit's cases plus cases opened through an active emergency access."""
    if not can_work_cases(user):
        return Case.objects.none()
    return Case.objects.filter(Q(unit_id__in=_case_unit_ids(user)) | Q(id__in=_emergency_case_ids(user)))


def can_change_case(user: Viewer, case: Case) -> bool:
    """Writes only in one's own unit; emergency access is read-only."""
    # The user's units come from the memberships read once per request: no query per check.
    return can_work_cases(user) and case.unit_id in unit_ids_with_role(user, *CASE_ROLES)


def get_case_for_user(user: Viewer, case_id: int, *, purpose: str, write: bool = False) -> Case:
    """The case if the user may see it (404 otherwise, 403 for a write they may not make); the look is audited."""
    case = visible_cases(user).select_related("person", "unit__district", "assigned_to").filter(id=case_id).first()
    if case is None:
        raise Http404
    own = can_change_case(user, case)
    if write and not own:
        raise PermissionDenied
    record(
        actor=user,
        verb="cases.case.view" if not write else "cases.case.open_for_change",
        target=case,
        purpose=purpose,
        emergency_access=not own,
    )
    return case


# --- persons: seen only through cases ------------------------------------------------------------


def cases_about_person_for_user(user: Viewer, person: Person) -> QuerySet[Case]:
    """The cases about this person (as the child) that the user may see: the only door to a person."""
    return visible_cases(user).filter(person=person)


def extract_cases_for_user(user: Viewer, person: Person) -> QuerySet[Case]:
    """The cases a register extract made by this user may contain: own units' cases about the person."""
    return unit_cases(user).filter(person=person)


def visible_guardians(user: Viewer, child: Person) -> QuerySet[Person]:
    """The child's guardians registered in a case about the child that the user may see."""
    registered = GuardianRegistration.objects.filter(case__in=cases_about_person_for_user(user, child))
    return child.guardians.filter(id__in=registered.values("guardian_id"))


def writable_guardians(user: Viewer, child: Person) -> QuerySet[Person]:
    """The child's guardians registered in one of the user's own units' cases (emergency access reads only)."""
    registered = GuardianRegistration.objects.filter(case__in=unit_cases(user).filter(person=child))
    return child.guardians.filter(id__in=registered.values("guardian_id"))


def visible_persons(user: Viewer) -> QuerySet[Person]:
    """Children of the cases the user may see, and the guardians registered in those cases."""
    cases = visible_cases(user)
    guardian_ids = GuardianRegistration.objects.filter(case__in=cases).values("guardian_id")
    return Person.objects.filter(Q(id__in=cases.values("person_id")) | Q(id__in=guardian_ids))


def get_person_for_user(user: Viewer, person_id: int) -> Person:
    """A person the user may see through a case (404 otherwise)."""
    person = visible_persons(user).filter(id=person_id).first()
    if person is None:
        raise Http404
    return person


def protecting_persons(person: Person) -> list[Person]:
    """Whose protected identity covers this person: themselves, and every protected child they are guardian of.

    A protected child's guardians are protected with the child: their name and address would give
    the child away. Cached on the instance for the request.
    """
    cached = getattr(person, "_protecting", None)
    if cached is None:
        cached = [person] if person.protected_identity else []
        if person.pk:
            cached += list(person.wards.filter(protected_identity=True))
        person.__dict__["_protecting"] = cached
    return cached


def prime_protection(persons: Iterable[Person]) -> None:
    """Fill protecting_persons' cache for many persons with one query (lists show a name per row)."""
    pending = {p.pk: p for p in persons if p.pk and getattr(p, "_protecting", None) is None}
    if not pending:
        return
    links = Person.guardians.through.objects.filter(
        to_person_id__in=pending, from_person__protected_identity=True
    ).select_related("from_person")
    protected_wards: dict[int, list[Person]] = {}
    for link in links:
        protected_wards.setdefault(link.to_person_id, []).append(link.from_person)
    for pk, person in pending.items():
        person._protecting = ([person] if person.protected_identity else []) + protected_wards.get(pk, [])


def is_protected(person: Person) -> bool:
    """True when the person's identity is protected, by their own marking or a protected child's."""
    return bool(protecting_persons(person))


def has_identity_grant(user: Viewer, person: Person, case: Case | None = None) -> bool:
    """An explicit, valid, not withdrawn authorisation to see this protected identity (in this case, if given).

    For a guardian of a protected child, a grant for the child covers the guardian.
    """
    grants = ProtectedIdentityGrant.objects.filter(
        person__in=[p.pk for p in protecting_persons(person)] or [person.pk],
        user=user,
        valid_to__gte=timezone.localdate(),
        withdrawn_at__isnull=True,
    )
    if case is not None:
        grants = grants.filter(Q(case__isnull=True) | Q(case=case))
    return grants.exists()


def display_name(person: Person, *, revealed: bool = False) -> str:
    """The name to show: the real one unless the identity is protected and not revealed for this look."""
    if is_protected(person) and not revealed:
        return _("Protected identity")
    return person.full_name or _("Name not known")


def reveal_identity(user: Viewer, person: Person, *, reason: str, case: Case | None = None) -> bool:
    """Reveal a protected identity for one look: needs a grant and a reason; audited either way."""
    allowed = bool(reason.strip()) and has_identity_grant(user, person, case)
    record(
        actor=user,
        verb="cases.person.reveal_protected" if allowed else "cases.person.reveal_protected_refused",
        target=person,
        purpose=reason.strip()[:200] or "no reason given",
        case_id=case.id if case else None,
    )
    return allowed
