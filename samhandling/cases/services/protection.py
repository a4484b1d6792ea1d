"""Protected identity: setting and clearing the marking, and withdrawing an authorisation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import can_change_case, can_manage_queue, can_mark_protected_identity, writable_guardians
from samhandling.cases.models import Case, Person, PersonChange, ProtectedIdentityGrant
from samhandling.cases.services.people import person_change_record
from samhandling.core.annotations import Actor

MIN_PROTECTION_REASON = 10


@transaction.atomic
def person_protection_set(*, actor: Actor, case: Case, person: Person, protected: bool, reason: str) -> Person:
    """Set or clear protected identity on the case's child or one of its guardians; with a reason, audited."""
    if not (can_mark_protected_identity(actor) and can_change_case(actor, case)):
        raise PermissionDenied
    if person.id != case.person_id and not writable_guardians(actor, case.person).filter(id=person.id).exists():
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < MIN_PROTECTION_REASON:
        raise ValidationError(
            {"reason": _("Write the reason in at least %(n)d characters.") % {"n": MIN_PROTECTION_REASON}}
        )
    current = Person.objects.select_for_update().get(id=person.id)
    if current.protected_identity == protected:
        raise ValidationError({"protected": _("The person's marking is already like that.")})
    current.protected_identity = protected
    current.version += 1
    current.save(update_fields=["protected_identity", "version"])
    kind = PersonChange.Kind.PROTECTION_SET if protected else PersonChange.Kind.PROTECTION_CLEARED
    person_change_record(actor=actor, case=case, person=current, kind=kind, reason=reason)
    record(
        actor=actor,
        verb="cases.person.protection_set" if protected else "cases.person.protection_cleared",
        target=current,
        purpose=reason[:200],
        case_id=case.id,
    )
    return current


@transaction.atomic
def identity_grant_withdraw(*, actor: Actor, grant: ProtectedIdentityGrant, reason: str) -> ProtectedIdentityGrant:
    """The unit manager withdraws an authorisation given in one of the unit's cases; audited."""
    case = grant.case
    own = can_change_case(actor, case) if case is not None else grant.granted_by_id == actor.id
    if not (can_manage_queue(actor) and own):
        raise PermissionDenied
    if grant.withdrawn_at is not None:
        return grant
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("State why the authorisation is withdrawn.")})
    grant.withdrawn_at, grant.withdrawn_by, grant.withdrawal_reason = timezone.now(), actor, reason[:500]
    grant.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(
        actor=actor,
        verb="cases.person.grant_withdrawn",
        target=grant.person,
        purpose=reason[:200],
        grant_id=grant.id,
        user_id=grant.user_id,
        case_id=grant.case_id,
    )
    return grant
