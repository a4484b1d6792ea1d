"""Break the glass (with its brakes) and authorisations to see a protected identity."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import (
    can_approve_emergency_access,
    can_change_case,
    can_manage_queue,
    can_work_cases,
    case_units,
    is_protected,
)
from samhandling.cases.models import (
    Case,
    EmergencyAccess,
    EmergencyAccessRule,
    EmergencyReason,
    Person,
    ProtectedIdentityGrant,
)
from samhandling.cases.services.common import EMERGENCY_ACCESS_MAX_HOURS
from samhandling.core.annotations import Actor, Viewer
from samhandling.organisations.access import units_with_role
from samhandling.organisations.roles import Role

IDENTITY_GRANT_MAX_DAYS = 365

# Who else may authorise a colleague to see a protected identity, outside the case units: each
# authority is asked (granter, person, grantee) and returns its name when it allows the grant, or
# None. A higher app registers one in its AppConfig.ready, so cases need not import it (as
# cases.extract.register_extract_contributor): the defector team's manager authorises a member
# of the team that holds the person's defector case (issue 12).
IdentityGrantAuthority = Callable[[Actor, Person, Viewer], str | None]
_GRANT_AUTHORITIES: list[IdentityGrantAuthority] = []


def register_identity_grant_authority(authority: IdentityGrantAuthority) -> IdentityGrantAuthority:
    """Add a higher app's rule for who may grant whom a protected identity (called from its AppConfig.ready)."""
    if authority not in _GRANT_AUTHORITIES:
        _GRANT_AUTHORITIES.append(authority)
    return authority


def _other_authority(actor: Actor, person: Person, user: Viewer) -> str | None:
    for authority in _GRANT_AUTHORITIES:
        name = authority(actor, person, user)
        if name:
            return name
    return None


def emergency_rule(day: datetime.date | None = None) -> EmergencyAccessRule:
    """The brakes on break the glass in force on the day."""
    day = day or timezone.localdate()
    rule = EmergencyAccessRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if rule is None:
        raise ValidationError(_("No rule for emergency access is in force. Contact the system administration."))
    return rule


def emergency_reasons(day: datetime.date | None = None) -> QuerySet[EmergencyReason]:
    """The short list of reasons in force on the day."""
    day = day or timezone.localdate()
    return EmergencyReason.objects.filter(valid_from__lte=day).exclude(valid_to__lt=day).order_by("name")


def _opened_today(user: Viewer) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        EmergencyAccess.objects.filter(user=user, requested_at__gte=start)
        .exclude(status=EmergencyAccess.Status.REFUSED)
        .count()
    )


@transaction.atomic
def emergency_access_open(
    *, actor: Actor, case: Case, reason_code: EmergencyReason | None, reason: str, hours: int
) -> EmergencyAccess:
    """Break the glass: read access to a case outside one's unit, with a listed reason, a written one and a time limit.

    Beyond the daily limit the access waits for the unit manager's approval. A case about a
    person with protected identity (or a protected child's guardian) is never opened this way.
    """
    if not can_work_cases(actor):
        raise PermissionDenied
    rule = emergency_rule()
    errors = {}
    if reason_code is None or not emergency_reasons().filter(id=reason_code.id).exists():
        errors["reason_code"] = _("Choose the reason from the list.")
    if len(reason.strip()) < rule.min_reason_length:
        errors["reason"] = _("Describe the need in at least %(n)d characters.") % {"n": rule.min_reason_length}
    if not 1 <= hours <= EMERGENCY_ACCESS_MAX_HOURS:
        errors["hours"] = _("Access can be given for 1 to 8 hours.")
    if is_protected(case.person):
        errors["case_number"] = _(
            "A case about a person with protected identity cannot be opened with emergency access. "
            "Contact the unit manager of the case's unit."
        )
    if errors:
        raise ValidationError(errors)
    # Serialise one user's requests so that parallel ones cannot all slip under the limit.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    pending = _opened_today(actor) >= rule.daily_limit
    now = timezone.now()
    entry = EmergencyAccess.objects.create(
        case=case,
        user=actor,
        user_unit=case_units(actor).order_by("id").first(),
        reason_code=reason_code,
        reason=reason.strip(),
        hours=hours,
        status=EmergencyAccess.Status.PENDING if pending else EmergencyAccess.Status.ACTIVE,
        requested_at=now,
        granted_at=now,
        expires_at=now if pending else now + datetime.timedelta(hours=hours),
    )
    record(
        actor=actor,
        verb="cases.emergency_access.requested" if pending else "cases.emergency_access",
        target=case,
        purpose=reason.strip()[:200],
        hours=hours,
        reason_code=reason_code.code,
        access_id=entry.id,
    )
    return entry


@transaction.atomic
def emergency_access_decide(*, actor: Actor, access: EmergencyAccess, approve: bool) -> EmergencyAccess:
    """The requesting user's unit manager approves or refuses an access beyond the daily limit."""
    if not (
        can_approve_emergency_access(actor)
        and access.user_id != actor.id
        and access.user_unit_id
        and units_with_role(actor, Role.UNIT_MANAGER).filter(id=access.user_unit_id).exists()
    ):
        raise PermissionDenied
    access = EmergencyAccess.objects.select_for_update().get(id=access.id)
    if access.status != EmergencyAccess.Status.PENDING:
        raise ValidationError(_("The request has already been decided."))
    now = timezone.now()
    access.decided_by, access.decided_at = actor, now
    if approve:
        access.status = EmergencyAccess.Status.ACTIVE
        access.granted_at, access.expires_at = now, now + datetime.timedelta(hours=access.hours)
    else:
        access.status = EmergencyAccess.Status.REFUSED
    access.save(update_fields=["status", "decided_by", "decided_at", "granted_at", "expires_at"])
    record(
        actor=actor,
        verb="cases.emergency_access.approved" if approve else "cases.emergency_access.refused",
        target=access,
        purpose="emergency access approval",
        case_id=access.case_id,
        user_id=access.user_id,
    )
    return access


@transaction.atomic
def emergency_access_mark_reviewed(
    *, actor: Actor, access: EmergencyAccess, outcome: str, comment: str
) -> EmergencyAccess:
    """The log reviewer records the outcome of the review (justified, not justified, referred) and a comment."""
    if not actor.has_perm("audit.review_log"):
        raise PermissionDenied
    if outcome not in EmergencyAccess.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    comment = comment.strip()
    if outcome != EmergencyAccess.Outcome.JUSTIFIED and not comment:
        raise ValidationError({"comment": _("Explain the outcome in a comment.")})
    access.reviewed_at, access.reviewed_by = timezone.now(), actor
    access.review_outcome, access.review_comment = outcome, comment[:2000]
    access.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_comment"])
    record(actor=actor, verb="cases.emergency_access.review", target=access, purpose="log review", outcome=outcome)
    return access


@transaction.atomic
def identity_grant_create(
    *, actor: Actor, person: Person, user: Viewer, reason: str, valid_to: datetime.date, case: Case | None = None
) -> ProtectedIdentityGrant:
    """A unit manager authorises one colleague to see a protected identity, for a stated reason and time.

    Without a case, a registered authority (see register_identity_grant_authority) may allow it too;
    its name is written in the audit record.
    """
    authority: str | None = None
    if case is not None:
        allowed = can_manage_queue(actor) and case.person_id == person.id and can_change_case(actor, case)
    else:
        allowed = can_manage_queue(actor) and person.cases.filter(unit__in=case_units(actor)).exists()
        if not allowed:
            authority = _other_authority(actor, person, user)
            allowed = authority is not None
    if not allowed:
        raise PermissionDenied
    if user.pk == actor.pk:
        raise ValidationError({"user": _("A unit manager cannot authorise themselves.")})
    if not reason.strip():
        raise ValidationError({"reason": _("State why the colleague needs to see the protected details.")})
    today = timezone.localdate()
    if valid_to < today:
        raise ValidationError({"valid_to": _("The date must not be in the past.")})
    if valid_to > today + datetime.timedelta(days=IDENTITY_GRANT_MAX_DAYS):
        raise ValidationError({"valid_to": _("An authorisation can be given for at most one year.")})
    if case is not None and not can_change_case(user, case):
        raise ValidationError({"user": _("The colleague does not work in the case's unit.")})
    grant = ProtectedIdentityGrant.objects.create(
        person=person, case=case, user=user, granted_by=actor, reason=reason.strip(), valid_to=valid_to
    )
    record(
        actor=actor,
        verb="cases.person.grant_identity",
        target=person,
        purpose=reason.strip()[:200],
        user_id=user.id,
        case_id=case.id if case else None,
        valid_to=valid_to.isoformat(),
        authority=authority or "cases",
    )
    return grant
