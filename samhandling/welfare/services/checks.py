"""Integrity checks (seriositetskontroller): the checklist answered from the facts, then a person's result."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.welfare.models import (
    PERSON_KINDS,
    CheckCriterion,
    CheckItem,
    Fact,
    FactKind,
    Flag,
    IntegrityCheck,
)
from samhandling.welfare.rules import WITHDRAWN_VALUES
from samhandling.welfare.services.suppliers import VersionConflict


def criteria_in_force(on=None) -> list[CheckCriterion]:
    on = on or timezone.localdate()
    chosen: dict[str, CheckCriterion] = {}
    for c in (
        CheckCriterion.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("code", "-valid_from")
    ):
        chosen.setdefault(c.code, c)
    return sorted(chosen.values(), key=lambda c: (c.order, c.code))


def _current(supplier, kind):
    return Fact.objects.filter(supplier=supplier, kind=kind, valid_to__isnull=True).order_by("-valid_from")


def auto_answer(supplier, criterion: CheckCriterion) -> tuple[str, str] | None:
    """(answer, explanation) from the latest facts, or None when the facts do not answer it."""
    A = CheckCriterion.Answered
    yes, no = CheckItem.Answer.YES, CheckItem.Answer.NO
    if criterion.answered == A.REGISTERED:
        fact = _current(supplier, FactKind.STATUS).first()
        if fact is None:
            return None
        ok = fact.value.strip().lower() in {"registrerad", "aktiv", "active", "registered"}
        return (yes if ok else no), _("Status %(value)s from %(date)s (%(source)s).") % {
            "value": fact.value,
            "date": fact.valid_from,
            "source": fact.source,
        }
    if criterion.answered == A.F_TAX:
        fact = _current(supplier, FactKind.F_TAX).first()
        if fact is None:
            return None
        ok = fact.value.strip().lower() not in WITHDRAWN_VALUES
        return (yes if ok else no), _("F-tax %(value)s from %(date)s (%(source)s).") % {
            "value": fact.value,
            "date": fact.valid_from,
            "source": fact.source,
        }
    if criterion.answered in (A.TAX_DEBT, A.ENFORCEMENT):
        kind = FactKind.TAX_DEBT if criterion.answered == A.TAX_DEBT else FactKind.ENFORCEMENT_DEBT
        fact = _current(supplier, kind).first()
        if fact is None:
            return None
        limit = criterion.threshold or 0
        ok = (fact.amount or 0) <= limit
        return (yes if ok else no), _("%(amount)s kr on %(date)s (%(source)s); the threshold is %(limit)s kr.") % {
            "amount": fact.amount,
            "date": fact.valid_from,
            "source": fact.source,
            "limit": limit,
        }
    if criterion.answered == A.OWNER_KNOWN:
        owner = _current(supplier, FactKind.BENEFICIAL_OWNER).first()
        if owner is None:
            return no, _("No beneficial owner is registered.")
        # No names here: procurement staff and contract follow-up read the check, not the people.
        return yes, _("A beneficial owner is registered from %(date)s (%(source)s).") % {
            "date": owner.valid_from,
            "source": owner.source,
        }
    if criterion.answered == A.EARLIER_FINDINGS:
        people = Fact.objects.filter(
            supplier=supplier, kind__in=[str(k) for k in PERSON_KINDS], valid_to__isnull=True
        ).values_list("person_id", "person__same_as_id")
        ids = {p for pair in people for p in pair if p}
        other = (
            Fact.objects.filter(Q(person_id__in=ids) | Q(person__same_as_id__in=ids))
            .exclude(supplier=supplier)
            .values("supplier_id")
        )
        serious = Flag.objects.filter(
            supplier_id__in=other, decision__in=[Flag.Decision.STOP, Flag.Decision.TERMINATE, Flag.Decision.POLICE]
        )
        if serious.exists():
            return no, _(
                "A person behind the supplier is behind another supplier where the city stopped payments, terminated or reported to the police."
            )
        return yes, _("None of the people is behind a supplier with such a finding by the city.")
    return None


def check_create(
    *, actor: Actor, supplier, procurement: str, administration=None, contract=None, previous=None
) -> IntegrityCheck:
    """A new check with the checklist in force, answered from the facts where they answer it.

    Idempotent: an undecided check of the same supplier and procurement is given back.
    """
    with transaction.atomic():
        existing = IntegrityCheck.objects.filter(supplier=supplier, procurement=procurement, result="").first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                check = IntegrityCheck.objects.create(
                    supplier=supplier,
                    procurement=procurement,
                    administration=administration,
                    contract=contract,
                    previous=previous,
                    created_by=actor,
                )
        except IntegrityError:
            return IntegrityCheck.objects.get(supplier=supplier, procurement=procurement, result="")
        for criterion in criteria_in_force():
            answer = auto_answer(supplier, criterion)
            CheckItem.objects.create(
                check_run=check,
                criterion=criterion,
                answer=answer[0] if answer else CheckItem.Answer.UNKNOWN,
                automatic=answer is not None,
                explanation=(answer[1] if answer else "")[:500],
            )
        record(actor=actor, verb="welfare.check.create", target=check, supplier=supplier.pk, procurement=procurement)
    return check


def check_decide(
    *, actor: Actor, check: IntegrityCheck, version: int, answers: dict[int, tuple[str, str]], result: str, reasons: str
) -> IntegrityCheck:
    """The controller's answers to the open items and the result with reasons; version-checked."""
    with transaction.atomic():
        updated = IntegrityCheck.objects.filter(pk=check.pk, version=version).update(
            result=result, reasons=reasons, decided_by=actor, decided_at=timezone.now(), version=version + 1
        )
        if not updated:
            raise VersionConflict
        for item in check.items.filter(automatic=False):
            if item.pk in answers:
                item.answer, item.explanation = answers[item.pk][0], answers[item.pk][1][:500]
                item.save(update_fields=["answer", "explanation"])
        check.refresh_from_db()
        record(actor=actor, verb="welfare.check.decide", target=check, result=result)
    return check
