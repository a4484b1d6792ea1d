"""Running the flag rules, and the controller's decision on a flag."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.welfare.models import Flag, FlagRule
from samhandling.welfare.rules import RULES
from samhandling.welfare.services.suppliers import VersionConflict


def rules_in_force(on: datetime.date | None = None) -> list[FlagRule]:
    """For each rule code the version valid on the date (the latest valid_from not after it)."""
    on = on or timezone.localdate()
    chosen: dict[str, FlagRule] = {}
    for rule in (
        FlagRule.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("code", "-valid_from")
    ):
        chosen.setdefault(rule.code, rule)
    return list(chosen.values())


def rules_run(*, actor: Actor | None, year: int) -> dict[str, int]:
    """Run every rule in force over a year; new findings become flags, known ones are left as they are."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for rule in rules_in_force():
            check = RULES.get(rule.code)
            if check is None:
                continue
            made = 0
            for finding in check(rule, year):
                _, created = Flag.objects.get_or_create(
                    rule=rule,
                    supplier_id=finding.supplier_id,
                    key=finding.key[:100],
                    defaults={
                        "explanation": finding.explanation[:1000],
                        "evidence": finding.evidence,
                        "found_on": finding.found_on,
                        "priority": rule.priority,
                    },
                )
                made += created
            counts[rule.code] = made
        record(actor=actor, verb="welfare.rules.run", target=None, year=year, new_flags=counts)
    return counts


def flag_decide(
    *,
    actor: Actor,
    flag: Flag,
    version: int,
    decision: str,
    reasons: str,
    police_report_date: datetime.date | None = None,
    police_reference: str = "",
    amount_stopped: Decimal | None = None,
    amount_recovered: Decimal | None = None,
) -> Flag:
    """A controller's decision with reasons; refused when someone else decided since `version` was read."""
    with transaction.atomic():
        updated = Flag.objects.filter(pk=flag.pk, version=version).update(
            decision=decision,
            reasons=reasons,
            police_report_date=police_report_date,
            police_reference=police_reference,
            amount_stopped=amount_stopped,
            amount_recovered=amount_recovered,
            decided_by=actor,
            decided_at=timezone.now(),
            version=version + 1,
        )
        if not updated:
            raise VersionConflict
        flag.refresh_from_db()
        record(
            actor=actor,
            verb="welfare.flag.decide",
            target=flag,
            decision=decision,
            police_reference=police_reference,
        )
    return flag
