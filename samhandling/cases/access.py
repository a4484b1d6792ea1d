"""Who may see and do what with cases. Every view, list, export and API goes through here.

Social workers and unit managers see the cases of their own unit; nobody else sees a case
(404). Break-the-glass access gives time-limited read access (writes answer 403). Protected
identity wins over all of it: the name and address are shown only with an explicit grant and a
stated reason, and never in lists.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.models import Case, EmergencyAccess, Person, ProtectedIdentityGrant
from samhandling.organisations.access import units_with_role
from samhandling.organisations.roles import Role

CASE_ROLES = (Role.SOCIAL_WORKER, Role.UNIT_MANAGER)


def can_work_cases(user) -> bool:
    """True for social workers and unit managers."""
    return user.is_authenticated and user.has_perm("cases.work_cases")


def can_manage_queue(user) -> bool:
    """True for unit managers."""
    return user.is_authenticated and user.has_perm("cases.manage_unit_queue")


def can_review_emergency_access(user) -> bool:
    """True for log reviewers."""
    return user.is_authenticated and user.has_perm("audit.review_log")


def case_units(user):
    """The units whose cases the user works on."""
    return units_with_role(user, *CASE_ROLES)


def unit_cases(user) -> QuerySet[Case]:
    """The cases of the user's own units: what lists, counts and search may show."""
    if not can_work_cases(user):
        return Case.objects.none()
    return Case.objects.filter(unit__in=case_units(user))


def _emergency_case_ids(user):
    return EmergencyAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values("case_id")


def visible_cases(user) -> QuerySet[Case]:
    """Own unit's cases plus cases opened through an active emergency access."""
    if not can_work_cases(user):
        return Case.objects.none()
    return Case.objects.filter(Q(unit__in=case_units(user)) | Q(id__in=_emergency_case_ids(user)))


def can_change_case(user, case: Case) -> bool:
    """Writes only in one's own unit; emergency access is read-only."""
    return can_work_cases(user) and case_units(user).filter(id=case.unit_id).exists()


def get_case_for_user(user, case_id, *, purpose: str, write: bool = False) -> Case:
    """The case if the user may see it (404 otherwise, 403 for a write they may not make); the look is audited."""
    case = visible_cases(user).select_related("person", "unit__district").filter(id=case_id).first()
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


def has_identity_grant(user, person: Person, case: Case | None = None) -> bool:
    """An explicit, still valid authorisation to see this protected person's identity (in this case, if given)."""
    grants = ProtectedIdentityGrant.objects.filter(person=person, user=user, valid_to__gte=timezone.localdate())
    if case is not None:
        grants = grants.filter(Q(case__isnull=True) | Q(case=case))
    return grants.exists()


def display_name(person: Person, *, revealed: bool = False) -> str:
    """The name to show: the real one unless the identity is protected and not revealed for this look."""
    if person.protected_identity and not revealed:
        return _("Protected identity")
    return person.full_name or _("Name not known")


def reveal_identity(user, person: Person, *, reason: str, case: Case | None = None) -> bool:
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
