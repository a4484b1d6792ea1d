"""The statutory steps: protection assessment, initial assessment and the investigation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases import deadlines
from samhandling.cases.models import (
    Case,
    ChildViews,
    ConcernReport,
    FactorAssessment,
    InitialAssessment,
    InstrumentUse,
    Investigation,
    InvestigationExtension,
    ProtectionAssessment,
)
from samhandling.cases.services.common import (
    EditConflict,
    not_in_future,
    require_change,
    require_child_views,
    touch,
)
from samhandling.catalogue.models import Factor, Method
from samhandling.core.annotations import Actor


@transaction.atomic
def protection_assessment_record(
    *, actor: Actor, report: ConcernReport, immediate_protection_needed: bool, notes: str
) -> ProtectionAssessment:
    """Record the protection assessment, stamped with the time and who made it."""
    require_change(actor, report.case)
    # Lock the report: a second request for the same report waits here and then sees the first.
    ConcernReport.objects.select_for_update().filter(pk=report.pk).first()
    if ProtectionAssessment.objects.filter(report=report).exists():
        raise ValidationError(_("A protection assessment is already recorded for this report."))
    assessment = ProtectionAssessment.objects.create(
        report=report,
        assessed_at=timezone.now(),
        assessed_by=actor,
        immediate_protection_needed=immediate_protection_needed,
        notes=notes,
    )
    if report.case.assigned_to_id is None:
        report.case.assigned_to = actor
        report.case.save(update_fields=["assigned_to"])
    touch(report.case)
    record(
        actor=actor,
        verb="cases.protection_assessment.create",
        target=report,
        purpose="protection assessment",
        same_day=timezone.localtime(assessment.assessed_at).date() == timezone.localtime(report.received_at).date(),
    )
    return assessment


@transaction.atomic
def initial_assessment_decide(
    *,
    actor: Actor,
    report: ConcernReport,
    decision: str,
    decided_on: datetime.date,
    reasons: str = "",
    exceptional_reasons: str = "",
) -> InitialAssessment:
    """Decide whether to open an investigation; opening one computes its deadline under the rule in force."""
    case = report.case
    require_change(actor, case)
    not_in_future("decided_on", decided_on)
    if decided_on < timezone.localtime(report.received_at).date():
        raise ValidationError({"decided_on": _("The decision cannot be made before the report was received.")})
    # Lock the report: a double-clicked decision waits here and then sees the first (no IntegrityError).
    ConcernReport.objects.select_for_update().filter(pk=report.pk).first()
    if InitialAssessment.objects.filter(report=report).exists():
        raise ValidationError(_("The initial assessment is already decided."))
    if not ProtectionAssessment.objects.filter(report=report).exists():
        raise ValidationError(_("Record the protection assessment before the initial assessment."))
    if decision == InitialAssessment.Decision.NOT_OPEN and not reasons.strip():
        raise ValidationError({"reasons": _("State the reasons for not opening an investigation.")})
    if decided_on > report.initial_assessment_due and not exceptional_reasons.strip():
        raise ValidationError(
            {
                "exceptional_reasons": _(
                    "The decision is later than the statutory time limit; record the exceptional reasons."
                )
            }
        )
    ongoing = case.investigations.filter(completed_on__isnull=True).first()
    if decision == InitialAssessment.Decision.JOIN and ongoing is None:
        raise ValidationError({"decision": _("There is no ongoing investigation to join.")})
    if decision == InitialAssessment.Decision.OPEN and ongoing is not None:
        raise ValidationError({"decision": _("An investigation is already under way; join it instead.")})
    assessment = InitialAssessment.objects.create(
        report=report,
        decision=decision,
        decided_on=decided_on,
        decided_by=actor,
        reasons=reasons,
        exceptional_reasons=exceptional_reasons,
    )
    if decision == InitialAssessment.Decision.OPEN:
        due, rule = deadlines.due_date("investigation", decided_on)
        Investigation.objects.create(case=case, opened_on=decided_on, opened_by=actor, due_on=due, rule=rule)
        case.status = Case.Status.INVESTIGATION
        case.save(update_fields=["status"])
    touch(case)
    record(
        actor=actor,
        verb="cases.initial_assessment.decide",
        target=report,
        purpose="initial assessment",
        decision=decision,
        late=decided_on > report.initial_assessment_due,
    )
    return assessment


def extension_limit(investigation: Investigation) -> datetime.date | None:
    """The latest deadline extensions may reach under the investigation's rule (None: the rule sets no cap)."""
    rule = investigation.rule
    if rule is None or rule.extension_max_months is None:
        return None
    statutory = deadlines.add_months(investigation.opened_on, rule.months) + datetime.timedelta(days=rule.days)
    return deadlines.add_months(statutory, rule.extension_max_months)


@transaction.atomic
def investigation_extend(
    *, actor: Actor, investigation: Investigation, new_due_on: datetime.date, reasons: str
) -> InvestigationExtension:
    """Extend an investigation by a recorded decision with its reasons, within the cap the rule sets."""
    require_change(actor, investigation.case)
    investigation = (
        Investigation.objects.select_for_update(of=("self",)).select_related("rule", "case").get(id=investigation.id)
    )
    reasons = reasons.strip()
    same = investigation.extensions.filter(new_due_on=new_due_on, reasons=reasons, decided_by=actor).first()
    if same is not None and investigation.due_on == new_due_on:
        return same  # the same decision sent twice
    if investigation.completed_on:
        raise ValidationError(_("The investigation is already completed."))
    if not reasons:
        raise ValidationError({"reasons": _("State the reasons for the extension.")})
    if new_due_on <= investigation.due_on:
        raise ValidationError({"new_due_on": _("The new deadline must be later than the current one.")})
    limit = extension_limit(investigation)
    if limit is not None and new_due_on > limit:
        raise ValidationError(
            {
                "new_due_on": _("The rule allows extensions up to %(date)s at the latest (%(ref)s).")
                % {"date": limit.isoformat(), "ref": investigation.rule.legal_reference if investigation.rule else ""}
            }
        )
    extension = InvestigationExtension.objects.create(
        investigation=investigation,
        decided_on=timezone.localdate(),
        decided_by=actor,
        new_due_on=new_due_on,
        reasons=reasons,
    )
    investigation.due_on = new_due_on
    investigation.reminder_sent_on = None
    investigation.save(update_fields=["due_on", "reminder_sent_on"])
    touch(investigation.case)
    record(
        actor=actor,
        verb="cases.investigation.extend",
        target=investigation,
        purpose="investigation",
        new_due_on=new_due_on.isoformat(),
    )
    return extension


@transaction.atomic
def investigation_complete(*, actor: Actor, investigation: Investigation, completed_on: datetime.date) -> Investigation:
    """Complete the investigation; the child's views must be recorded first."""
    require_change(actor, investigation.case)
    investigation = (
        Investigation.objects.select_for_update(of=("self",)).select_related("case").get(id=investigation.id)
    )
    not_in_future("completed_on", completed_on)
    if investigation.completed_on:
        return investigation  # completed already (a double click)
    require_child_views(investigation)
    if completed_on > investigation.due_on:
        raise ValidationError(
            {
                "completed_on": _(
                    "The investigation is completed after its deadline (%(date)s): record a decision to extend it "
                    "first."
                )
                % {"date": investigation.due_on.isoformat()}
            }
        )
    investigation.completed_on = completed_on
    investigation.save(update_fields=["completed_on"])
    touch(investigation.case)
    record(actor=actor, verb="cases.investigation.complete", target=investigation, purpose="investigation")
    return investigation


@transaction.atomic
def child_views_record(
    *, actor: Actor, investigation: Investigation, whose: str, recorded_on: datetime.date, how: str, views: str
) -> ChildViews:
    """Record the child's or a guardian's views."""
    require_change(actor, investigation.case)
    not_in_future("recorded_on", recorded_on)
    entry = ChildViews.objects.create(
        investigation=investigation, whose=whose, recorded_on=recorded_on, how=how, views=views, recorded_by=actor
    )
    touch(investigation.case)
    record(actor=actor, verb="cases.views.create", target=investigation, purpose="investigation", whose=whose)
    return entry


@transaction.atomic
def factor_assessment_save(
    *,
    actor: Actor,
    investigation: Investigation,
    factor: Factor,
    status: str,
    source: str,
    assessed_on: datetime.date,
    comment: str,
    expected_version: int,
) -> FactorAssessment:
    """Save one factor's assessment; a stale version raises EditConflict instead of overwriting."""
    require_change(actor, investigation.case)
    not_in_future("assessed_on", assessed_on)
    current = FactorAssessment.objects.select_for_update().filter(investigation=investigation, factor=factor).first()
    current_version = current.version if current else 0
    if current_version != expected_version:
        raise EditConflict(current)
    fields = dict(status=status, source=source, assessed_on=assessed_on, comment=comment, assessed_by=actor)
    if current is None:
        try:
            with transaction.atomic():
                current = FactorAssessment.objects.create(
                    investigation=investigation, factor=factor, version=1, **fields
                )
        except IntegrityError:
            raise EditConflict(FactorAssessment.objects.get(investigation=investigation, factor=factor)) from None
    else:
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
    touch(investigation.case)
    record(
        actor=actor,
        verb="cases.factor.assess",
        target=investigation,
        purpose="investigation",
        factor=factor.code,
        version=current.version,
    )
    return current


@transaction.atomic
def instrument_use_record(
    *, actor: Actor, investigation: Investigation, method: Method, used_on: datetime.date, overall_judgement: str
) -> InstrumentUse:
    """Record that a licensed instrument was used, with the professional's overall judgement only."""
    require_change(actor, investigation.case)
    not_in_future("used_on", used_on)
    if not method.licensed_instrument:
        raise ValidationError({"method": _("Choose a licensed assessment instrument.")})
    use = InstrumentUse.objects.create(
        investigation=investigation, method=method, used_on=used_on, assessor=actor, overall_judgement=overall_judgement
    )
    touch(investigation.case)
    record(actor=actor, verb="cases.instrument.record", target=investigation, purpose="investigation")
    return use
