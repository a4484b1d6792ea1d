"""Safety investments and the safety fund: calls, applications, review and decision, payment, report."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.places import access
from samhandling.places.models import FundApplication, FundCall, Investment
from samhandling.places.money import kronor
from samhandling.places.services.common import PURPOSE, EditConflict, create_once, require, update_checked

INVESTMENT_FIELDS = (
    "year", "kind", "title", "place", "collaboration", "latitude", "longitude",
    "cost_estimate", "cost_outcome", "status", "outcome",
)  # fmt: skip
APPLICATION_FIELDS = (
    "applicant", "title", "kind", "purpose", "measures", "place", "collaboration", "amount", "co_financing",
    "camera_permit",
)  # fmt: skip


# --- investments -------------------------------------------------------------------------------


@transaction.atomic
def investment_create(*, actor: Actor, district, form_token=None, **fields: Any) -> Investment:
    """Record a safety investment of one's district."""
    if not access.can_edit_district(actor, district.pk):
        raise PermissionDenied
    investment, _created = create_once(
        Investment,
        actor=actor,
        form_token=form_token,
        verb="places.investment_create",
        district=district,
        **{k: fields[k] for k in INVESTMENT_FIELDS if k in fields},
    )
    return investment


@transaction.atomic
def investment_update(*, actor: Actor, investment: Investment, expected_version: int, **fields: Any) -> Investment:
    """Change an investment: status, cost outcome, what came of it (version-checked)."""
    if not access.can_edit_district(actor, investment.district_id):
        raise PermissionDenied
    return update_checked(
        Investment,
        actor=actor,
        pk=investment.pk,
        expected_version=expected_version,
        verb="places.investment_update",
        fields={k: fields[k] for k in INVESTMENT_FIELDS if k in fields},
    )


# --- the fund ----------------------------------------------------------------------------------


def fund_balance(call: FundCall) -> dict[str, Any]:
    """Budget, granted, paid and what is left to grant; rejected and draft applications do not count."""
    granted_statuses = (FundApplication.Status.GRANTED, FundApplication.Status.PAID, FundApplication.Status.REPORTED)
    apps = call.applications.all()
    granted = apps.filter(status__in=granted_statuses).aggregate(s=Sum("granted_amount"))["s"] or Decimal(0)
    paid = apps.exclude(paid_amount=None).aggregate(s=Sum("paid_amount"))["s"] or Decimal(0)
    applied = apps.filter(status=FundApplication.Status.SUBMITTED).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return {
        "budget": call.budget,
        "granted": granted,
        "paid": paid,
        "pending": applied,
        "available": call.budget - granted,
    }


@transaction.atomic
def fund_call_create(
    *, actor: Actor, name: str, budget, opens_on, closes_on, source: str = "", form_token=None
) -> FundCall:
    """Open a call of the safety fund (the city's safety staff)."""
    if not access.can_manage_fund(actor):
        raise PermissionDenied
    require(closes_on >= opens_on, _("The call cannot close before it opens."))
    existing = FundCall.objects.filter(name__iexact=name.strip()).first()
    if existing is not None:
        return existing
    call, _created = create_once(
        FundCall,
        actor=actor,
        form_token=form_token,
        verb="places.fund_call_create",
        name=name.strip(),
        budget=budget,
        opens_on=opens_on,
        closes_on=closes_on,
        source=source,
    )
    return call


def _check_camera(fields: dict[str, Any]) -> None:
    if fields.get("kind") == FundApplication.Kind.CAMERA and not fields.get("camera_permit", "").strip():
        raise ValidationError(
            {"camera_permit": _("Camera surveillance needs a permit: write the permit's reference number.")}
        )


@transaction.atomic
def application_create(*, actor: Actor, call: FundCall, district, form_token=None, **fields: Any) -> FundApplication:
    """Draft an application to the fund for one's district."""
    if not access.can_edit_district(actor, district.pk):
        raise PermissionDenied
    _check_camera(fields)
    application, _created = create_once(
        FundApplication,
        actor=actor,
        form_token=form_token,
        verb="places.application_create",
        call=call,
        district=district,
        **{k: fields[k] for k in APPLICATION_FIELDS if k in fields},
    )
    return application


@transaction.atomic
def application_update(*, actor: Actor, application: FundApplication, expected_version: int, **fields: Any):
    """Change a draft application (version-checked)."""
    if not access.can_edit_district(actor, application.district_id):
        raise PermissionDenied
    require(application.is_editable, _("Only a draft can be changed."))
    _check_camera(fields)
    return update_checked(
        FundApplication,
        actor=actor,
        pk=application.pk,
        expected_version=expected_version,
        verb="places.application_update",
        fields={k: fields[k] for k in APPLICATION_FIELDS if k in fields},
    )


def _locked(application: FundApplication, expected_version: int) -> FundApplication:
    current = FundApplication.objects.select_for_update().get(pk=application.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    return current


def _save(actor: Actor, current: FundApplication, verb: str, **details) -> FundApplication:
    current.version += 1
    current.save()
    record(actor=actor, verb=verb, target=current, purpose=PURPOSE, status=current.status, **details)
    return current


@transaction.atomic
def application_submit(*, actor: Actor, application: FundApplication, expected_version: int) -> FundApplication:
    """Send a draft to the city for review, while the call is open."""
    if not access.can_edit_district(actor, application.district_id):
        raise PermissionDenied
    current = _locked(application, expected_version)
    require(current.is_editable, _("The application has already been submitted."))
    today = timezone.localdate()
    require(
        current.call.opens_on <= today <= current.call.closes_on,
        _("The call is not open: applications are received %(start)s–%(end)s.")
        % {"start": current.call.opens_on, "end": current.call.closes_on},
    )
    current.status, current.submitted_at = FundApplication.Status.SUBMITTED, timezone.now()
    return _save(actor, current, "places.application_submit")


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: FundApplication,
    expected_version: int,
    grant: bool,
    assessment: str,
    granted_amount=None,
    conditions: str = "",
    decided_on: datetime.date,
) -> FundApplication:
    """The city's decision after review: granted (an amount within the fund's balance, conditions) or rejected."""
    if not access.can_manage_fund(actor):
        raise PermissionDenied
    current = _locked(application, expected_version)
    require(current.status == FundApplication.Status.SUBMITTED, _("Only a submitted application can be decided."))
    require(bool(assessment.strip()), _("Write the assessment against the criteria."))
    if grant:
        if not granted_amount or granted_amount <= 0:
            raise ValidationError({"granted_amount": _("Write the granted amount.")})
        if granted_amount > current.amount:
            raise ValidationError({"granted_amount": _("The granted amount cannot exceed the amount applied for.")})
        # Lock the call so two decisions at once cannot together overdraw the fund.
        call = FundCall.objects.select_for_update().get(pk=current.call_id)
        available = fund_balance(call)["available"]
        if granted_amount > available:
            raise ValidationError(
                {"granted_amount": _("The fund has %(left)s left to grant.") % {"left": kronor(available)}}
            )
        current.status, current.granted_amount = FundApplication.Status.GRANTED, granted_amount
    else:
        current.status, current.granted_amount = FundApplication.Status.REJECTED, None
    current.assessment, current.conditions = assessment.strip(), conditions.strip()
    current.decided_on, current.decided_by = decided_on, actor
    return _save(actor, current, "places.application_decide", granted=str(current.granted_amount or 0))


@transaction.atomic
def application_pay(*, actor: Actor, application: FundApplication, expected_version: int, paid_amount, paid_on):
    """Record the payment of a granted application (at most the granted amount)."""
    if not access.can_manage_fund(actor):
        raise PermissionDenied
    current = _locked(application, expected_version)
    require(current.status == FundApplication.Status.GRANTED, _("Only a granted application can be paid."))
    if paid_amount is None or paid_amount <= 0 or paid_amount > current.granted_amount:
        raise ValidationError({"paid_amount": _("The payment must be more than 0 and at most the granted amount.")})
    current.status, current.paid_amount, current.paid_on = FundApplication.Status.PAID, paid_amount, paid_on
    return _save(actor, current, "places.application_pay", paid=str(paid_amount))


@transaction.atomic
def application_report(*, actor: Actor, application: FundApplication, expected_version: int, report: str, reported_on):
    """The district reports what was done with the money."""
    if not access.can_edit_district(actor, application.district_id):
        raise PermissionDenied
    current = _locked(application, expected_version)
    require(current.status == FundApplication.Status.PAID, _("Report after the money has been paid."))
    require(bool(report.strip()), _("Write what was done."))
    current.status, current.report, current.reported_on = FundApplication.Status.REPORTED, report.strip(), reported_on
    current.full_clean(validate_unique=False, validate_constraints=False)
    return _save(actor, current, "places.application_report")
