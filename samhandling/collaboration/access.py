"""Who may see and do what in forum cases. Every page, list, export and API goes through here.

Two ways in, both from the user's memberships, never from the shared Person record:
- the lead side: social workers, unit managers and coordinators of the forum's lead unit read and
  write everything in the forum (but never the social-services case file behind it, which stays
  behind cases.access);
- a partner: a user with an active membership in a member unit or agency (a police member
  restricted to a local police area admits only that area). A partner sees an active forum only
  while its ground holds (a legal basis, or consents in force that cover the partner's party), and
  in it only the disclosures made to their organisation whose ground is still in force. A withdrawn
  or expired consent closes the door on the next request. A protected identity is never shown to
  a partner.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import display_name
from samhandling.collaboration.models import Disclosure, Forum, ForumMember
from samhandling.core.annotations import Viewer
from samhandling.organisations.access import active_memberships, units_with_role
from samhandling.organisations.models import Unit
from samhandling.organisations.roles import Role

LEAD_ROLES = (Role.SOCIAL_WORKER, Role.UNIT_MANAGER, Role.FORUM_COORDINATOR)


def can_lead_forums(user: Viewer) -> bool:
    """True for those who may start and lead forum cases (social services and coordinators)."""
    return user.is_authenticated and user.has_perm("collaboration.lead_forums")


def can_view_register(user: Viewer) -> bool:
    """True for the data-protection officer and the log reviewer."""
    return user.is_authenticated and user.has_perm("collaboration.view_disclosure_register")


def lead_units(user: Viewer) -> QuerySet[Unit]:
    """The units in which the user may lead forum cases."""
    if not can_lead_forums(user):
        return units_with_role(user, *()).none()
    return units_with_role(user, *LEAD_ROLES)


def led_forums(user: Viewer) -> QuerySet[Forum]:
    """Forum cases led by one of the user's units (every status)."""
    return Forum.objects.filter(lead_unit__in=lead_units(user))


def member_rows(user: Viewer) -> QuerySet[ForumMember]:
    """The forum memberships that the user's organisations hold (not removed)."""
    ms = list(active_memberships(user))
    if not ms:
        return ForumMember.objects.none()
    q = Q(unit_id__in=[m.unit_id for m in ms if m.unit_id])
    for m in ms:
        if m.agency_id:
            area = Q(police_area__isnull=True)
            if m.police_area_id:
                area |= Q(police_area_id=m.police_area_id)
            q |= Q(agency_id=m.agency_id) & area
    return ForumMember.objects.filter(q, removed_at__isnull=True)


def open_member_rows(user: Viewer) -> QuerySet[ForumMember]:
    """Memberships through which the user may see a forum today: active forum, ground in force."""
    today = timezone.localdate()
    return member_rows(user).filter(
        Q(forum__ground=Forum.Ground.LEGAL_BASIS) | Q(covered_until__gte=today),
        forum__status=Forum.Status.ACTIVE,
    )


def partner_forums(user: Viewer) -> QuerySet[Forum]:
    """Forum cases the user sees as a partner (not led by the user's units)."""
    return Forum.objects.filter(id__in=open_member_rows(user).values("forum_id")).exclude(
        lead_unit__in=lead_units(user)
    )


def visible_forums(user: Viewer) -> QuerySet[Forum]:
    """Every forum case the user may see: led by their unit, or open to them as a partner."""
    if not getattr(user, "is_authenticated", False):
        return Forum.objects.none()
    return Forum.objects.filter(Q(lead_unit__in=lead_units(user)) | Q(id__in=open_member_rows(user).values("forum_id")))


@dataclass
class ForumAccess:
    """How the user sees one forum: as its lead, or as a partner through some member rows."""

    lead: bool
    member_ids: list[int] = field(default_factory=list)


def forum_access(user: Viewer, forum: Forum) -> ForumAccess | None:
    """The user's access to a forum, or None when they may not see it."""
    if lead_units(user).filter(id=forum.lead_unit_id).exists():
        return ForumAccess(lead=True)
    ids = list(open_member_rows(user).filter(forum=forum).values_list("id", flat=True))
    return ForumAccess(lead=False, member_ids=ids) if ids else None


def get_forum_for_user(user: Viewer, forum_id: int, *, purpose: str, write: bool = False) -> tuple[Forum, ForumAccess]:
    """The forum and the user's access (404 if not visible, 403 for a partner's write); the look is audited."""
    forum = (
        Forum.objects.select_related("person", "lead_unit__administration", "coordinator", "rule", "legal_basis")
        .filter(id=forum_id)
        .first()
    )
    found = forum_access(user, forum) if forum is not None else None
    if forum is None or found is None:
        raise Http404
    if write and not found.lead:
        raise PermissionDenied
    if write and forum.status == Forum.Status.ENDED:
        raise PermissionDenied
    record(
        actor=user,
        verb="collaboration.forum.open_for_change" if write else "collaboration.forum.view",
        target=forum,
        purpose=purpose,
        as_partner=not found.lead,
    )
    return forum, found


def disclosures_in_force(qs: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    """Disclosures whose ground still holds: a legal basis, or consents none of which is withdrawn or expired."""
    today = timezone.localdate()
    return qs.exclude(consents__withdrawn_at__isnull=False).exclude(consents__valid_to__lt=today).distinct()


def partner_disclosures(forum: Forum, found: ForumAccess) -> QuerySet[Disclosure]:
    """What the forum disclosed to the partner's organisation, while its ground holds."""
    qs = Disclosure.objects.filter(forum=forum, recipient_id__in=found.member_ids)
    return disclosures_in_force(qs).select_related("legal_basis")


def visible_disclosures(user: Viewer) -> QuerySet[Disclosure]:
    """The disclosure register: every disclosure for the DPO and log reviewer, nothing for others."""
    if not can_view_register(user):
        return Disclosure.objects.none()
    return Disclosure.objects.all()


def person_label(forum: Forum, found: ForumAccess | None) -> str:
    """The young person's name as this user may see it: never a protected identity, never more than the name."""
    person = forum.person
    if person.protected_identity:
        return _("Protected identity")
    return display_name(person)
