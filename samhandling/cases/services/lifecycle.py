"""Closing and reopening a case, ending an intervention with its outcome, and handling deadline alerts."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import can_change_case, can_manage_queue
from samhandling.cases.models import Case, CaseAlert, CaseStatusEvent, InterventionDecision
from samhandling.cases.services.common import EditConflict, not_in_future, require_change, touch
from samhandling.core.annotations import Actor

REOPEN_REASON_MIN = 10


def _open_matters(case: Case) -> list[str]:
    """What must be finished before the case can be closed, in words for the form."""
    problems = []
    if case.reports.filter(initial_assessment__isnull=True).exists():
        problems.append(_("A concern report has no initial assessment yet."))
    if case.investigations.filter(completed_on__isnull=True).exists():
        problems.append(_("An investigation is not completed."))
    if case.interventions.filter(closed_on__isnull=True).exists():
        problems.append(_("An intervention has not ended: record its outcome first."))
    return problems


def _status_when_open(case: Case) -> str:
    if case.investigations.filter(completed_on__isnull=True).exists():
        return Case.Status.INVESTIGATION
    if case.interventions.exists():
        return Case.Status.INTERVENTION
    return Case.Status.INTAKE


@transaction.atomic
def case_close(
    *, actor: Actor, case: Case, expected_version: int, reason: str, closed_on: datetime.date, note: str = ""
) -> Case:
    """Close a case with a reason from the list and the date; retention counts from here."""
    require_change(actor, case)
    current = Case.objects.select_for_update().get(id=case.id)
    if current.version != expected_version:
        # The same close sent twice (a double click) is the same act, not a conflict.
        if current.status == Case.Status.CLOSED and current.closed_reason == reason and current.closed_on == closed_on:
            return current
        raise EditConflict(current)
    if current.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if reason not in Case.CloseReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    note = note.strip()
    if reason == Case.CloseReason.OTHER and not note:
        raise ValidationError({"note": _("Describe the reason for closing.")})
    not_in_future("closed_on", closed_on)
    first = current.reports.order_by("received_at").values_list("received_at", flat=True).first()
    if closed_on < timezone.localtime(first or current.created_at).date():
        raise ValidationError({"closed_on": _("A case cannot be closed before it was opened.")})
    problems = _open_matters(current)
    if problems:
        raise ValidationError(problems)
    current.status = Case.Status.CLOSED
    current.closed_on, current.closed_reason, current.closed_note, current.closed_by = closed_on, reason, note, actor
    current.version += 1
    current.save()
    CaseStatusEvent.objects.create(
        case=current,
        action=CaseStatusEvent.Action.CLOSED,
        reason=reason,
        note=note,
        effective_on=closed_on,
        recorded_by=actor,
    )
    # Open alerts about a closed case are done with.
    current.alerts.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=actor)
    touch(current)
    record(
        actor=actor,
        verb="cases.case.close",
        target=current,
        purpose="closing",
        reason=reason,
        closed_on=closed_on.isoformat(),
        version=current.version,
    )
    return current


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, expected_version: int, reason: str) -> Case:
    """Reopen a closed case, with the reason; the closing stays in its history."""
    require_change(actor, case)
    current = Case.objects.select_for_update().get(id=case.id)
    if current.version != expected_version:
        if (
            current.status != Case.Status.CLOSED
            and current.status_events.filter(
                action=CaseStatusEvent.Action.REOPENED, recorded_by=actor, note=reason.strip()
            ).exists()
        ):
            return current
        raise EditConflict(current)
    if current.status != Case.Status.CLOSED:
        raise ValidationError(_("The case is not closed."))
    reason = reason.strip()
    if len(reason) < REOPEN_REASON_MIN:
        raise ValidationError(
            {"reason": _("State why the case is reopened (at least %(n)s characters).") % {"n": REOPEN_REASON_MIN}}
        )
    # A closed case may have been succeeded by a new one for a new report: one open case per child and unit.
    if (
        Case.objects.filter(person_id=current.person_id, unit_id=current.unit_id)
        .exclude(status=Case.Status.CLOSED)
        .exists()
    ):
        raise ValidationError(_("The child already has an open case in the unit; work in that one."))
    current.status = _status_when_open(current)
    current.closed_on, current.closed_reason, current.closed_note, current.closed_by = None, "", "", None
    current.version += 1
    current.save()
    CaseStatusEvent.objects.create(
        case=current,
        action=CaseStatusEvent.Action.REOPENED,
        note=reason,
        effective_on=timezone.localdate(),
        recorded_by=actor,
    )
    touch(current)
    record(actor=actor, verb="cases.case.reopen", target=current, purpose="reopening", version=current.version)
    return current


@transaction.atomic
def intervention_close(
    *,
    actor: Actor,
    intervention: InterventionDecision,
    expected_version: int,
    closed_on: datetime.date,
    outcome: str,
    outcome_note: str = "",
) -> InterventionDecision:
    """End an intervention and record what it led to."""
    require_change(actor, intervention.case)
    current = InterventionDecision.objects.select_for_update().get(id=intervention.id)
    if current.version != expected_version:
        if current.closed_on == closed_on and current.outcome == outcome:
            return current
        raise EditConflict(current)
    if current.closed_on:
        raise ValidationError(_("The intervention has already ended."))
    if outcome not in InterventionDecision.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    not_in_future("closed_on", closed_on)
    if closed_on < current.start_on:
        raise ValidationError({"closed_on": _("An intervention cannot end before it started.")})
    current.closed_on, current.outcome, current.outcome_note = closed_on, outcome, outcome_note.strip()
    current.closed_by = actor
    current.version += 1
    current.save()
    touch(current.case)
    record(
        actor=actor,
        verb="cases.intervention.close",
        target=current.case,
        purpose="intervention",
        intervention_id=current.id,
        outcome=outcome,
        version=current.version,
    )
    return current


@transaction.atomic
def case_alert_mark_handled(*, actor: Actor, alert: CaseAlert) -> CaseAlert:
    """The unit manager marks a reminder or an escalation as handled."""
    if not (can_manage_queue(actor) and can_change_case(actor, alert.case)):
        raise PermissionDenied
    current = CaseAlert.objects.select_for_update().get(id=alert.id)
    if current.handled_at is None:
        current.handled_at, current.handled_by = timezone.now(), actor
        current.save(update_fields=["handled_at", "handled_by"])
        record(
            actor=actor,
            verb="cases.alert.handle",
            target=current.case,
            purpose="queue",
            alert_id=current.id,
            kind=current.kind,
            step=current.step,
        )
    return current
