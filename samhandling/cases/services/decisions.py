"""Decisions on interventions, their follow-up, and requests to the police under 31 § LUL."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.models import (
    Case,
    InterventionDecision,
    InterventionFollowUp,
    PoliceRequest,
)
from samhandling.cases.services.common import (
    EditConflict,
    not_in_future,
    require_change,
    require_child_views,
    require_open,
    touch,
)
from samhandling.catalogue.models import Method
from samhandling.core.annotations import Actor


@transaction.atomic
def intervention_decide(
    *,
    actor: Actor,
    case: Case,
    method: Method,
    provider: str,
    basis: str,
    decided_on: datetime.date,
    start_on: datetime.date,
    end_on: datetime.date | None,
    follow_up_on: datetime.date,
) -> InterventionDecision:
    """Decide an intervention from the catalogue; the child's views must be recorded first."""
    require_change(actor, case)
    require_open(case)
    not_in_future("decided_on", decided_on)
    if end_on and end_on < start_on:
        raise ValidationError({"end_on": _("The end must not be before the start.")})
    if follow_up_on < start_on:
        raise ValidationError({"follow_up_on": _("The follow-up must not be before the start.")})
    require_child_views(case.investigations.order_by("-opened_on").first())
    decision = InterventionDecision.objects.create(
        case=case,
        method=method,
        provider=provider,
        basis=basis,
        decided_on=decided_on,
        decided_by=actor,
        start_on=start_on,
        end_on=end_on,
        follow_up_on=follow_up_on,
    )
    case.status = Case.Status.INTERVENTION
    case.save(update_fields=["status"])
    touch(case)
    record(
        actor=actor,
        verb="cases.intervention.decide",
        target=case,
        purpose="intervention",
        method=method.slug,
        basis=basis,
    )
    return decision


@transaction.atomic
def intervention_follow_up_record(
    *, actor: Actor, intervention: InterventionDecision, followed_up_on: datetime.date, notes: str
) -> InterventionFollowUp:
    """Record the follow-up of an intervention."""
    require_change(actor, intervention.case)
    not_in_future("followed_up_on", followed_up_on)
    entry = InterventionFollowUp.objects.create(
        intervention=intervention, followed_up_on=followed_up_on, notes=notes, recorded_by=actor
    )
    touch(intervention.case)
    record(actor=actor, verb="cases.intervention.follow_up", target=intervention.case, purpose="intervention")
    return entry


@transaction.atomic
def police_request_record(*, actor: Actor, case: Case, requested_on: datetime.date, request: str) -> PoliceRequest:
    """Record a request to the police under 31 § LUL."""
    require_change(actor, case)
    require_open(case)
    not_in_future("requested_on", requested_on)
    entry = PoliceRequest.objects.create(case=case, requested_on=requested_on, requested_by=actor, request=request)
    touch(case)
    record(actor=actor, verb="cases.police_request.create", target=case, purpose="31 § LUL")
    return entry


@transaction.atomic
def police_request_answer(
    *,
    actor: Actor,
    police_request: PoliceRequest,
    answered_on: datetime.date,
    answer: str,
    expected_version: int | None = None,
) -> PoliceRequest:
    """Record the police's answer; a stale version (someone answered meanwhile) raises EditConflict."""
    require_change(actor, police_request.case)
    not_in_future("answered_on", answered_on)
    if answered_on < police_request.requested_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the request.")})
    current = PoliceRequest.objects.select_for_update().get(pk=police_request.pk)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    current.answered_on, current.answer = answered_on, answer
    current.version += 1
    current.save(update_fields=["answered_on", "answer", "version"])
    touch(current.case)
    record(
        actor=actor,
        verb="cases.police_request.answer",
        target=current.case,
        purpose="31 § LUL",
        version=current.version,
    )
    return current
