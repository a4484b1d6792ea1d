"""Break the glass and authorisations to see a protected identity."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import can_change_case, can_manage_queue, can_work_cases, case_units
from samhandling.cases.models import Case, EmergencyAccess, Person, ProtectedIdentityGrant
from samhandling.cases.services.common import EMERGENCY_ACCESS_MAX_HOURS

IDENTITY_GRANT_MAX_DAYS = 365


@transaction.atomic
def emergency_access_open(*, actor, case: Case, reason: str, hours: int) -> EmergencyAccess:
    """Break the glass: read access to a case outside one's unit, with a reason and a time limit."""
    if not can_work_cases(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("State why you need access.")})
    if not 1 <= hours <= EMERGENCY_ACCESS_MAX_HOURS:
        raise ValidationError({"hours": _("Access can be given for 1 to 8 hours.")})
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        case=case, user=actor, reason=reason, granted_at=now, expires_at=now + datetime.timedelta(hours=hours)
    )
    record(actor=actor, verb="cases.emergency_access", target=case, purpose=reason.strip()[:200], hours=hours)
    return access


@transaction.atomic
def emergency_access_mark_reviewed(*, actor, access: EmergencyAccess) -> EmergencyAccess:
    """The log reviewer marks an emergency access as reviewed."""
    if not actor.has_perm("audit.review_log"):
        raise PermissionDenied
    access.reviewed_at, access.reviewed_by = timezone.now(), actor
    access.save(update_fields=["reviewed_at", "reviewed_by"])
    record(actor=actor, verb="cases.emergency_access.review", target=access, purpose="log review")
    return access


@transaction.atomic
def identity_grant_create(
    *, actor, person: Person, user, reason: str, valid_to: datetime.date, case: Case | None = None
) -> ProtectedIdentityGrant:
    """A unit manager authorises one colleague to see a protected identity, for a stated reason and time."""
    if case is not None:
        allowed = can_manage_queue(actor) and case.person_id == person.id and can_change_case(actor, case)
    else:
        allowed = can_manage_queue(actor) and person.cases.filter(unit__in=case_units(actor)).exists()
    if not allowed:
        raise PermissionDenied
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
    )
    return grant
