"""Suppliers, their facts over time and the people behind them."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.organisations.models import Administration
from samhandling.welfare.importing.facts import FactRow
from samhandling.welfare.models import (
    PERSON_KINDS,
    Contract,
    Fact,
    FactChange,
    ImportBatch,
    Person,
    PersonMatch,
    Supplier,
)
from samhandling.welfare.names import name_key, name_similarity

MATCH_THRESHOLD = 0.85


class VersionConflict(Exception):
    """Someone else changed the record after it was read; nothing was saved."""


def supplier_create(*, actor: Actor, org_number: str, name: str, legal_form: str = "", address: str = "") -> Supplier:
    """A new supplier; the same organisation number twice gives the first one back (idempotent)."""
    with transaction.atomic():
        existing = Supplier.objects.filter(org_number=org_number).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                supplier = Supplier.objects.create(
                    org_number=org_number, name=name, legal_form=legal_form, address=address
                )
        except IntegrityError:
            return Supplier.objects.get(org_number=org_number)  # a parallel request created it
        record(actor=actor, verb="welfare.supplier.create", target=supplier)
    return supplier


def supplier_update(
    *, actor: Actor, supplier: Supplier, version: int, name: str, legal_form: str, address: str
) -> Supplier:
    """Change the supplier's own details, only if nobody changed them since `version` was read."""
    with transaction.atomic():
        changed = {
            f: [getattr(supplier, f), v]
            for f, v in (("name", name), ("legal_form", legal_form), ("address", address))
            if getattr(supplier, f) != v
        }
        updated = Supplier.objects.filter(pk=supplier.pk, version=version).update(
            name=name, legal_form=legal_form, address=address, version=version + 1
        )
        if not updated:
            raise VersionConflict
        supplier.refresh_from_db()
        record(actor=actor, verb="welfare.supplier.update", target=supplier, changed=sorted(changed))
    return supplier


def person_for(
    name: str, birth_date: datetime.date | None, cache: dict[Any, Person] | None = None
) -> tuple[Person, bool]:
    """The person record for a name and date of birth (normalised name), created when new."""
    key = (name_key(name), birth_date)
    if cache is not None and key in cache:
        return cache[key], False
    person, created = Person.objects.get_or_create(name_key=key[0], birth_date=birth_date, defaults={"name": name})
    if cache is not None:
        cache[key] = person
    return person, created


def suggest_matches(people: list[Person]) -> int:
    """Suggest 'same person?' for people with the same date of birth and a similar name."""
    made = 0
    for person in people:
        if person.birth_date is None:
            continue
        for other in Person.objects.filter(birth_date=person.birth_date).exclude(pk=person.pk):
            score = name_similarity(person.name, other.name)
            if score < MATCH_THRESHOLD:
                continue
            first, second = sorted([person, other], key=lambda p: p.pk)
            _, created = PersonMatch.objects.get_or_create(
                first=first, second=second, defaults={"score": Decimal(str(round(score, 3)))}
            )
            made += created
    return made


def person_match_decide(*, actor: Actor, match: PersonMatch, same: bool) -> PersonMatch:
    """A controller's decision on a suggested match; confirmed people are joined in the network view."""
    with transaction.atomic():
        match = PersonMatch.objects.select_for_update().get(pk=match.pk)
        if match.status != PersonMatch.Status.SUGGESTED:
            return match
        match.status = PersonMatch.Status.CONFIRMED if same else PersonMatch.Status.REJECTED
        match.decided_by = actor
        match.decided_at = timezone.now()
        match.save()
        if same:
            canonical = match.first.same_as or match.first
            Person.objects.filter(pk=match.second_id).update(same_as=canonical)
            Person.objects.filter(same_as=match.second).update(same_as=canonical)
        record(actor=actor, verb="welfare.person_match.decide", target=match, same=same)
    return match


def facts_save(rows: list[FactRow], *, batch: ImportBatch | None = None) -> tuple[int, int]:
    """Save checked fact rows (inside the caller's transaction): (new facts, facts already known).

    A new value of a one-value fact closes the earlier one and is a change event with its date;
    a person added or gone is an event too. The same statement again changes nothing.
    """
    suppliers: dict[str, Supplier] = {
        s.org_number: s for s in Supplier.objects.filter(org_number__in={r.org_number for r in rows})
    }
    people: dict[Any, Person] = {}
    new_people: list[Person] = []
    created = unchanged = 0
    for row in sorted(rows, key=lambda r: (r.org_number, r.kind, r.valid_from)):
        supplier = suppliers.get(row.org_number)
        if supplier is None:
            supplier = Supplier.objects.create(org_number=row.org_number, name=row.supplier_name)
            suppliers[row.org_number] = supplier
        person = None
        if row.kind in PERSON_KINDS:
            person, new = person_for(row.person_name, row.birth_date, people)
            if new:
                new_people.append(person)
        fact, made = Fact.objects.get_or_create(
            supplier=supplier,
            kind=row.kind,
            value=row.value,
            person=person,
            valid_from=row.valid_from,
            defaults={"amount": row.amount, "valid_to": row.valid_to, "source": row.source, "batch": batch},
        )
        if not made:
            if row.valid_to and fact.valid_to is None:
                fact.valid_to = row.valid_to
                fact.save(update_fields=["valid_to"])
                _change(supplier, row, FactChange.Change.ENDED, row.valid_to, person=person)
                created += 1
            else:
                unchanged += 1
            continue
        created += 1
        if person is not None:
            _change(supplier, row, FactChange.Change.ADDED, row.valid_from, person=person)
            if row.valid_to:
                _change(supplier, row, FactChange.Change.ENDED, row.valid_to, person=person)
            continue
        previous = (
            Fact.objects.filter(supplier=supplier, kind=row.kind, valid_from__lt=row.valid_from)
            .exclude(pk=fact.pk)
            .order_by("-valid_from")
            .first()
        )
        later = (
            Fact.objects.filter(supplier=supplier, kind=row.kind, valid_from__gt=row.valid_from)
            .order_by("valid_from")
            .first()
        )
        if later is not None and fact.valid_to is None:
            fact.valid_to = later.valid_from
            fact.save(update_fields=["valid_to"])
        if previous is not None:
            if previous.valid_to is None or previous.valid_to > row.valid_from:
                previous.valid_to = row.valid_from
                previous.save(update_fields=["valid_to"])
            if _shown(previous) != _shown(fact):
                FactChange.objects.get_or_create(
                    supplier=supplier,
                    kind=row.kind,
                    change=FactChange.Change.NEW_VALUE,
                    changed_on=row.valid_from,
                    new_value=_shown(fact)[:300],
                    person=None,
                    defaults={"old_value": _shown(previous)[:300], "source": row.source},
                )
        if row.kind == "address" and later is None:
            Supplier.objects.filter(pk=supplier.pk).update(address=row.value)
    suggest_matches(new_people)
    return created, unchanged


def _shown(fact: Fact) -> str:
    return f"{fact.amount}" if fact.amount is not None else fact.value


def _change(supplier: Supplier, row: FactRow, change: str, when: datetime.date, *, person: Person | None) -> None:
    FactChange.objects.get_or_create(
        supplier=supplier,
        kind=row.kind,
        change=change,
        changed_on=when,
        new_value=row.value,
        person=person,
        defaults={"source": row.source},
    )


class ContractElsewhere(Exception):
    """The contract reference is already another supplier's."""


def contract_create(
    *,
    actor: Actor,
    supplier: Supplier,
    reference: str,
    service: str,
    starts_on: datetime.date,
    administration: Administration | None = None,
    monthly_volume: Decimal | None = None,
    procurement_staff: Iterable[Any] = (),
) -> Contract:
    """A new contract; the same reference for the same supplier again gives the first one back (idempotent)."""
    with transaction.atomic():
        existing = Contract.objects.filter(reference=reference).first()
        if existing is not None:
            if existing.supplier_id != supplier.pk:
                raise ContractElsewhere
            return existing
        try:
            with transaction.atomic():
                contract = Contract.objects.create(
                    reference=reference,
                    supplier=supplier,
                    service=service,
                    starts_on=starts_on,
                    administration=administration,
                    monthly_volume=monthly_volume,
                )
        except IntegrityError:
            existing = Contract.objects.get(reference=reference)  # a parallel request created it
            if existing.supplier_id != supplier.pk:
                raise ContractElsewhere from None
            return existing
        contract.procurement_staff.set(list(procurement_staff))
        record(
            actor=actor,
            verb="welfare.contract.create",
            target=contract,
            supplier=supplier.pk,
            staff=sorted(u.pk for u in contract.procurement_staff.all()),
        )
    return contract


def contract_update(
    *,
    actor: Actor,
    contract: Contract,
    version: int,
    service: str,
    starts_on: datetime.date,
    administration: Administration | None,
    monthly_volume: Decimal | None,
    procurement_staff: Iterable[Any],
) -> Contract:
    """Change a contract (not its reference or supplier), only if nobody changed it since `version` was read."""
    with transaction.atomic():
        updated = Contract.objects.filter(pk=contract.pk, version=version).update(
            service=service,
            starts_on=starts_on,
            administration=administration,
            monthly_volume=monthly_volume,
            version=version + 1,
        )
        if not updated:
            raise VersionConflict
        contract.refresh_from_db()
        contract.procurement_staff.set(list(procurement_staff))
        record(
            actor=actor,
            verb="welfare.contract.update",
            target=contract,
            staff=sorted(u.pk for u in contract.procurement_staff.all()),
        )
    return contract
