"""Running the flag rules, and the controller's decision on a flag."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.welfare.models import Flag, FlagRule, RuleRun
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


def rules_run(*, actor: Actor | None, year: int) -> dict[str, int]:
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


def rule_run_create(*, actor: Actor, year: int) -> RuleRun:
    """Queue a run of the rules over a year; a run of the same year still waiting or running is given back."""
    with transaction.atomic():
        running = (
            RuleRun.objects.select_for_update()
            .filter(year=year, status__in=[RuleRun.Status.QUEUED, RuleRun.Status.RUNNING])
            .first()
        )
        if running is not None:
            return running
        run = RuleRun.objects.create(
            year=year, requested_by=actor if getattr(actor, "is_authenticated", False) else None
        )
        record(actor=actor, verb="welfare.rules.queued", target=run, year=year)

        enqueue_on_commit("samhandling.welfare.tasks.run_rules", run.pk)
    return run


def rule_run_execute(*, run: RuleRun) -> RuleRun:
    """Run a queued run (again, after a lost worker: the flags are saved idempotently) and record its outcome."""
    RuleRun.objects.filter(pk=run.pk).update(
        status=RuleRun.Status.RUNNING, started_at=timezone.now(), attempts=run.attempts + 1
    )
    counts = rules_run(actor=run.requested_by, year=run.year)
    with transaction.atomic():
        run.refresh_from_db()
        run.status = RuleRun.Status.DONE
        run.new_flags = counts
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "new_flags", "finished_at"])
    return run


def rule_run_fail(*, run_id: int | None, reason: str) -> RuleRun | None:
    """Mark a run failed when the worker gave its task up; the controller sees why, in Swedish."""
    from samhandling.core.tasks import reason_text

    if run_id is None:
        return None
    with transaction.atomic():
        run = RuleRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return run
        run.status = RuleRun.Status.FAILED
        run.error = str(reason_text(reason))[:300]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        record(actor=None, verb="welfare.rules.failed", target=run, year=run.year, reason=reason)
    return run


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
