"""Running the flag rules, and the controller's decision on a flag."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samhandling.audit.services import record
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


BULK = 5000


def rules_run(*, actor, year: int) -> dict[str, int]:
    """Run every rule in force over a year; new findings become flags, known ones are left as they are.

    Flags are inserted in bulk and a finding already flagged (same rule, supplier and key) is
    skipped by the database's unique constraint, so a run repeated after a lost worker, or the
    same run twice, changes nothing.
    """
    counts: dict[str, int] = {}
    with transaction.atomic():
        for rule in rules_in_force():
            check = RULES.get(rule.code)
            if check is None:
                continue
            before = Flag.objects.filter(rule=rule).count()
            batch: list[Flag] = []
            for finding in check(rule, year):
                batch.append(
                    Flag(
                        rule=rule,
                        supplier_id=finding.supplier_id,
                        key=finding.key[:100],
                        explanation=finding.explanation[:1000],
                        evidence=finding.evidence,
                        found_on=finding.found_on,
                        priority=rule.priority,
                    )
                )
                if len(batch) >= BULK:
                    Flag.objects.bulk_create(batch, ignore_conflicts=True)
                    batch = []
            Flag.objects.bulk_create(batch, ignore_conflicts=True)
            counts[rule.code] = Flag.objects.filter(rule=rule).count() - before
        record(actor=actor, verb="welfare.rules.run", target=None, year=year, new_flags=counts)
    return counts


def flag_decide(
    *,
    actor,
    flag: Flag,
    version: int,
    decision: str,
    reasons: str,
    police_report_date=None,
    police_reference: str = "",
    amount_stopped=None,
    amount_recovered=None,
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
