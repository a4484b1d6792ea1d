"""The person page: a child's details and guardians (vårdnadshavare), with optimistic concurrency."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import has_identity_grant, is_protected, unit_cases, writable_guardians
from samhandling.cases.identity import normalise_personal_number
from samhandling.cases.models import Case, GuardianRegistration, Person, PersonChange
from samhandling.cases.services.common import EditConflict, not_in_future, require_change, touch
from samhandling.cases.services.intake import person_find_or_create
from samhandling.core.annotations import Actor

PERSON_FIELDS = ("personal_number", "first_name", "last_name", "address", "birth_date")


def _require_person_in_case(actor: Actor, case: Case, person: Person) -> None:
    """Writes only in one's own unit, to the case's child or one of the child's guardians."""
    require_change(actor, case)
    if person.id != case.person_id and not writable_guardians(actor, case.person).filter(id=person.id).exists():
        raise PermissionDenied
    # A protected identity (also a protected child's guardian) is changed only by someone authorised to see it.
    if is_protected(person) and not has_identity_grant(actor, person, case):
        raise PermissionDenied


def person_change_record(
    *, actor: Actor, case: Case | None, person: Person, kind: str, fields: Iterable[str] = (), reason: str = ""
) -> PersonChange:
    """Keep a change of shared details so that every other unit relying on the person sees it as such."""
    return PersonChange.objects.create(
        person=person,
        kind=kind,
        case=case,
        unit=case.unit if case else None,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=timezone.now(),
        fields=list(fields),
        reason=reason[:500],
    )


def _clean_details(
    person: Person, personal_number: str, birth_date: datetime.date | None
) -> tuple[str | None, datetime.date | None]:
    number = person.personal_number
    if personal_number.strip():
        try:
            number, birth_from_number = normalise_personal_number(personal_number)
        except ValidationError as e:
            raise ValidationError({"personal_number": e.messages}) from None
        if Person.objects.filter(personal_number=number).exclude(id=person.id).exists():
            raise ValidationError(
                {"personal_number": _("Another person in the register has this number. Check the number.")}
            )
        if birth_date and birth_date != birth_from_number:
            raise ValidationError({"birth_date": _("The date of birth does not match the personal number.")})
        birth_date = birth_from_number
    elif person.personal_number:
        raise ValidationError({"personal_number": _("A personal number cannot be removed, only corrected.")})
    if birth_date:
        not_in_future("birth_date", birth_date)
    return number, birth_date


@transaction.atomic
def person_update(
    *,
    actor: Actor,
    case: Case,
    person: Person,
    expected_version: int,
    personal_number: str,
    first_name: str,
    last_name: str,
    address: str,
    birth_date: datetime.date | None,
) -> Person:
    """Change a person's details; a stale version raises EditConflict instead of overwriting."""
    _require_person_in_case(actor, case, person)
    current = Person.objects.select_for_update().get(id=person.id)
    if current.version != expected_version:
        raise EditConflict(current)
    number, birth_date = _clean_details(current, personal_number, birth_date)
    new = {
        "personal_number": number,
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "address": address.strip(),
        "birth_date": birth_date,
    }
    changed = sorted(name for name, value in new.items() if getattr(current, name) != value)
    if not changed:
        return current
    for name, value in new.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    touch(case)
    person_change_record(actor=actor, case=case, person=current, kind=PersonChange.Kind.DETAILS, fields=changed)
    # Field names only: the audit never holds names, numbers or addresses.
    record(
        actor=actor,
        verb="cases.person.update",
        target=current,
        purpose="person details",
        case_id=case.id,
        changed=changed,
        version=current.version,
    )
    return current


@transaction.atomic
def guardian_add(
    *, actor: Actor, case: Case, personal_number: str = "", first_name: str = "", last_name: str = "", address: str = ""
) -> Person:
    """Register a guardian of the case's child (found by number, or new with a reserve identity)."""
    require_change(actor, case)
    child = case.person
    if personal_number.strip():
        try:
            normalise_personal_number(personal_number)
        except ValidationError as e:
            raise ValidationError({"personal_number": e.messages}) from None
    elif not (first_name.strip() or last_name.strip()):
        raise ValidationError({"first_name": _("Give the guardian's personal number or name.")})
    guardian = person_find_or_create(
        actor=actor,
        personal_number=personal_number,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        district=child.district,
    )
    if guardian.id == child.id:
        raise ValidationError({"personal_number": _("The child cannot be their own guardian.")})
    if writable_guardians(actor, child).filter(id=guardian.id).exists():
        raise ValidationError({"personal_number": _("This person is already registered as a guardian.")})
    if address.strip() and not guardian.address:
        guardian.address = address.strip()
        guardian.save(update_fields=["address"])
    child.guardians.add(guardian)
    # The registration ties the guardian to this case: other districts' cases do not see it.
    GuardianRegistration.objects.get_or_create(case=case, guardian=guardian, defaults={"registered_by": actor})
    touch(case)
    record(
        actor=actor,
        verb="cases.person.guardian_add",
        target=child,
        purpose="guardians",
        case_id=case.id,
        guardian_id=guardian.id,
    )
    return guardian


@transaction.atomic
def guardian_remove(*, actor: Actor, case: Case, guardian: Person) -> None:
    """Remove a person from the child's guardians (the person stays in the register)."""
    require_change(actor, case)
    child = case.person
    if not writable_guardians(actor, child).filter(id=guardian.id).exists():
        raise PermissionDenied
    own_cases = unit_cases(actor).filter(person=child)
    GuardianRegistration.objects.filter(case__in=own_cases, guardian=guardian).delete()
    # The link itself goes only when no other case (another district's) still relies on it.
    if not GuardianRegistration.objects.filter(case__person=child, guardian=guardian).exists():
        child.guardians.remove(guardian)
    touch(case)
    record(
        actor=actor,
        verb="cases.person.guardian_remove",
        target=case.person,
        purpose="guardians",
        case_id=case.id,
        guardian_id=guardian.id,
    )
