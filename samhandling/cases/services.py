"""Every write to cases: keyword-only, in a transaction, with its audit event in the same transaction.

Audit details carry ids and kinds of action only, never names or personal numbers.
"""

import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases import deadlines
from samhandling.cases.access import can_change_case, can_manage_queue, can_work_cases
from samhandling.cases.identity import normalise_personal_number
from samhandling.cases.models import (
    Case,
    ChildViews,
    ConcernReport,
    Consultation,
    EmergencyAccess,
    FactorAssessment,
    InitialAssessment,
    InstrumentUse,
    InterventionDecision,
    InterventionFollowUp,
    Investigation,
    InvestigationExtension,
    Person,
    PoliceRequest,
    ProtectedIdentityGrant,
    ProtectionAssessment,
    ReporterFeedback,
)
from samhandling.organisations.models import District, Unit

EMERGENCY_ACCESS_MAX_HOURS = 8


def _not_in_future(field: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date must not be in the future.")})


def _touch(case: Case) -> None:
    case.last_entry_at = timezone.now()
    case.save(update_fields=["last_entry_at"])


def _require_change(actor, case: Case) -> None:
    if not can_change_case(actor, case):
        raise PermissionDenied


def child_unit(district: District) -> Unit:
    """The social services unit for children and young people of a district."""
    unit = Unit.objects.filter(district=district, kind=Unit.Kind.CHILD_AND_YOUTH).order_by("id").first()
    if unit is None:
        raise ValidationError(_("The district has no unit for children and young people."))
    return unit


def person_find_or_create(
    *,
    actor,
    personal_number: str = "",
    first_name: str = "",
    last_name: str = "",
    district: District | None = None,
    protected_identity: bool = False,
) -> Person:
    """The person with that number, or a new one (with a reserve identity when the number is unknown)."""
    if personal_number:
        number, birth = normalise_personal_number(personal_number)
        person, created = Person.objects.get_or_create(
            personal_number=number,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "birth_date": birth,
                "district": district,
                "protected_identity": protected_identity,
            },
        )
    else:
        person = Person.objects.create(
            reserve_number=f"R{timezone.localdate():%Y%m%d}{secrets.token_hex(4).upper()}",
            first_name=first_name,
            last_name=last_name,
            district=district,
            protected_identity=protected_identity,
        )
        created = True
    if created:
        record(actor=actor, verb="cases.person.create", target=person, purpose="case intake")
    return person


@dataclass
class ReportInput:
    reporter_kind: str
    description: str
    district: District
    child_personal_number: str = ""
    child_first_name: str = ""
    child_last_name: str = ""
    anonymous: bool = False
    reporter_name: str = ""
    reporter_organisation: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""


@transaction.atomic
def concern_report_submit(
    *,
    actor,
    data: ReportInput,
    submission_token: uuid.UUID,
    channel: str = ConcernReport.Channel.ESERVICE,
    received_at: datetime.datetime | None = None,
) -> tuple[ConcernReport, bool]:
    """Register a concern report; the same submission token twice gives the same report (created=False)."""
    existing = ConcernReport.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("The date must not be in the future.")})
    unit = child_unit(data.district)
    person = person_find_or_create(
        actor=actor,
        personal_number=data.child_personal_number,
        first_name=data.child_first_name,
        last_name=data.child_last_name,
        district=data.district,
    )
    case = Case.objects.select_for_update().filter(person=person, unit=unit).exclude(status=Case.Status.CLOSED).first()
    if case is None:
        case = Case.objects.create(person=person, unit=unit, last_entry_at=received_at)
        record(actor=actor, verb="cases.case.create", target=case, purpose="case intake")
    due, rule = deadlines.due_date("initial", timezone.localtime(received_at).date())
    anonymous = data.anonymous and data.reporter_kind == ConcernReport.ReporterKind.PUBLIC
    try:
        with transaction.atomic():
            report = ConcernReport.objects.create(
                case=case,
                received_at=received_at,
                channel=channel,
                reporter_kind=data.reporter_kind,
                anonymous=anonymous,
                reporter_name="" if anonymous else data.reporter_name,
                reporter_organisation=data.reporter_organisation,
                reporter_email=data.reporter_email,
                reporter_phone="" if anonymous else data.reporter_phone,
                description=data.description,
                submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
                submission_token=submission_token,
                initial_assessment_due=due,
                initial_rule=rule,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request created it.
        return ConcernReport.objects.get(submission_token=submission_token), False
    _touch(case)
    record(
        actor=actor,
        verb="cases.report.create",
        target=report,
        purpose="concern report",
        channel=channel,
        reporter_kind=data.reporter_kind,
        case_id=case.id,
    )
    if report.reporter_email:
        from samhandling.cases.tasks import send_report_receipt

        transaction.on_commit(lambda: send_report_receipt.enqueue(report.id))
    return report, True


@transaction.atomic
def case_assign(*, actor, case: Case, assignee) -> Case:
    """The unit manager assigns a case to a social worker of the unit."""
    if not (can_manage_queue(actor) and can_change_case(actor, case)):
        raise PermissionDenied
    if not can_change_case(assignee, case):
        raise ValidationError({"assignee": _("The person does not work in the case's unit.")})
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to"])
    _touch(case)
    record(actor=actor, verb="cases.case.assign", target=case, purpose="queue", assignee_id=assignee.id)
    return case


@transaction.atomic
def protection_assessment_record(
    *, actor, report: ConcernReport, immediate_protection_needed: bool, notes: str
) -> ProtectionAssessment:
    """Record the protection assessment, stamped with the time and who made it."""
    _require_change(actor, report.case)
    if hasattr(report, "protection_assessment"):
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
    _touch(report.case)
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
    actor,
    report: ConcernReport,
    decision: str,
    decided_on: datetime.date,
    reasons: str = "",
    exceptional_reasons: str = "",
) -> InitialAssessment:
    """Decide whether to open an investigation; opening one computes its deadline under the rule in force."""
    case = report.case
    _require_change(actor, case)
    _not_in_future("decided_on", decided_on)
    if decided_on < timezone.localtime(report.received_at).date():
        raise ValidationError({"decided_on": _("The decision cannot be made before the report was received.")})
    if hasattr(report, "initial_assessment"):
        raise ValidationError(_("The initial assessment is already decided."))
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
    _touch(case)
    record(
        actor=actor,
        verb="cases.initial_assessment.decide",
        target=report,
        purpose="initial assessment",
        decision=decision,
        late=decided_on > report.initial_assessment_due,
    )
    return assessment


@transaction.atomic
def investigation_extend(
    *, actor, investigation: Investigation, new_due_on: datetime.date, reasons: str
) -> InvestigationExtension:
    """Extend an investigation by a recorded decision with its reasons."""
    _require_change(actor, investigation.case)
    if not reasons.strip():
        raise ValidationError({"reasons": _("State the reasons for the extension.")})
    if new_due_on <= investigation.due_on:
        raise ValidationError({"new_due_on": _("The new deadline must be later than the current one.")})
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
    _touch(investigation.case)
    record(actor=actor, verb="cases.investigation.extend", target=investigation, purpose="investigation")
    return extension


def _require_child_views(investigation: Investigation | None) -> None:
    if investigation is None or not investigation.views.filter(whose=ChildViews.Whose.CHILD).exists():
        raise ValidationError(_("Record the child's own views before the decision."))


@transaction.atomic
def investigation_complete(*, actor, investigation: Investigation, completed_on: datetime.date) -> Investigation:
    """Complete the investigation; the child's views must be recorded first."""
    _require_change(actor, investigation.case)
    _not_in_future("completed_on", completed_on)
    _require_child_views(investigation)
    investigation.completed_on = completed_on
    investigation.save(update_fields=["completed_on"])
    _touch(investigation.case)
    record(actor=actor, verb="cases.investigation.complete", target=investigation, purpose="investigation")
    return investigation


@transaction.atomic
def child_views_record(
    *, actor, investigation: Investigation, whose: str, recorded_on: datetime.date, how: str, views: str
) -> ChildViews:
    """Record the child's or a guardian's views."""
    _require_change(actor, investigation.case)
    _not_in_future("recorded_on", recorded_on)
    entry = ChildViews.objects.create(
        investigation=investigation, whose=whose, recorded_on=recorded_on, how=how, views=views, recorded_by=actor
    )
    _touch(investigation.case)
    record(actor=actor, verb="cases.views.create", target=investigation, purpose="investigation", whose=whose)
    return entry


class EditConflict(Exception):
    """Someone else saved the record after this user opened it."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


@transaction.atomic
def factor_assessment_save(
    *,
    actor,
    investigation: Investigation,
    factor,
    status: str,
    source: str,
    assessed_on: datetime.date,
    comment: str,
    expected_version: int,
) -> FactorAssessment:
    """Save one factor's assessment; a stale version raises EditConflict instead of overwriting."""
    _require_change(actor, investigation.case)
    _not_in_future("assessed_on", assessed_on)
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
    _touch(investigation.case)
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
    *, actor, investigation: Investigation, method, used_on: datetime.date, overall_judgement: str
) -> InstrumentUse:
    """Record that a licensed instrument was used, with the professional's overall judgement only."""
    _require_change(actor, investigation.case)
    _not_in_future("used_on", used_on)
    if not method.licensed_instrument:
        raise ValidationError({"method": _("Choose a licensed assessment instrument.")})
    use = InstrumentUse.objects.create(
        investigation=investigation, method=method, used_on=used_on, assessor=actor, overall_judgement=overall_judgement
    )
    _touch(investigation.case)
    record(actor=actor, verb="cases.instrument.record", target=investigation, purpose="investigation")
    return use


@transaction.atomic
def intervention_decide(
    *,
    actor,
    case: Case,
    method,
    provider: str,
    basis: str,
    decided_on: datetime.date,
    start_on: datetime.date,
    end_on: datetime.date | None,
    follow_up_on: datetime.date,
) -> InterventionDecision:
    """Decide an intervention from the catalogue; the child's views must be recorded first."""
    _require_change(actor, case)
    _not_in_future("decided_on", decided_on)
    if end_on and end_on < start_on:
        raise ValidationError({"end_on": _("The end must not be before the start.")})
    if follow_up_on < start_on:
        raise ValidationError({"follow_up_on": _("The follow-up must not be before the start.")})
    _require_child_views(case.investigations.order_by("-opened_on").first())
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
    _touch(case)
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
    *, actor, intervention: InterventionDecision, followed_up_on: datetime.date, notes: str
) -> InterventionFollowUp:
    """Record the follow-up of an intervention."""
    _require_change(actor, intervention.case)
    _not_in_future("followed_up_on", followed_up_on)
    entry = InterventionFollowUp.objects.create(
        intervention=intervention, followed_up_on=followed_up_on, notes=notes, recorded_by=actor
    )
    _touch(intervention.case)
    record(actor=actor, verb="cases.intervention.follow_up", target=intervention.case, purpose="intervention")
    return entry


@transaction.atomic
def police_request_record(*, actor, case: Case, requested_on: datetime.date, request: str) -> PoliceRequest:
    """Record a request to the police under 31 § LUL."""
    _require_change(actor, case)
    _not_in_future("requested_on", requested_on)
    entry = PoliceRequest.objects.create(case=case, requested_on=requested_on, requested_by=actor, request=request)
    _touch(case)
    record(actor=actor, verb="cases.police_request.create", target=case, purpose="31 § LUL")
    return entry


@transaction.atomic
def police_request_answer(
    *, actor, police_request: PoliceRequest, answered_on: datetime.date, answer: str
) -> PoliceRequest:
    """Record the police's answer."""
    _require_change(actor, police_request.case)
    _not_in_future("answered_on", answered_on)
    if answered_on < police_request.requested_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the request.")})
    police_request.answered_on, police_request.answer = answered_on, answer
    police_request.save(update_fields=["answered_on", "answer"])
    _touch(police_request.case)
    record(actor=actor, verb="cases.police_request.answer", target=police_request.case, purpose="31 § LUL")
    return police_request


@transaction.atomic
def reporter_feedback_record(*, actor, report: ConcernReport, outcome: str) -> ReporterFeedback:
    """Record that a reporter with a duty to report was told the outcome, and when."""
    _require_change(actor, report.case)
    if not report.duty_to_report or report.anonymous:
        raise ValidationError(_("Feedback is given only to reporters with a duty to report."))
    feedback = ReporterFeedback.objects.create(report=report, outcome=outcome, told_at=timezone.now(), told_by=actor)
    _touch(report.case)
    record(actor=actor, verb="cases.report.feedback", target=report, purpose="feedback to reporter", outcome=outcome)
    return feedback


@transaction.atomic
def consultation_ask(*, actor, district: District, question: str) -> Consultation:
    """A reporter asks social services for advice without naming the child."""
    if not actor.has_perm("cases.submit_concern_reports"):
        raise PermissionDenied
    consultation = Consultation.objects.create(
        district=district, asked_by=actor, asked_at=timezone.now(), question=question
    )
    record(actor=actor, verb="cases.consultation.ask", target=consultation, purpose="consultation")
    return consultation


@transaction.atomic
def consultation_advise(*, actor, consultation: Consultation, advice: str) -> Consultation:
    """Social services record the advice given."""
    if not can_work_cases(actor):
        raise PermissionDenied
    consultation.advice, consultation.advised_by, consultation.advised_at = advice, actor, timezone.now()
    consultation.save(update_fields=["advice", "advised_by", "advised_at"])
    record(actor=actor, verb="cases.consultation.advise", target=consultation, purpose="consultation")
    return consultation


@transaction.atomic
def emergency_access_open(*, actor, case: Case, reason: str, hours: int) -> EmergencyAccess:
    """Break the glass: read access to a case outside one's unit, with a reason and a time limit."""
    if not can_work_cases(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("State why you need access.")})
    if not 1 <= hours <= EMERGENCY_ACCESS_MAX_HOURS:
        raise ValidationError({"hours": _("Access can be given for 1 to 8 hours.")})
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        case=case, user=actor, reason=reason, granted_at=now, expires_at=now + datetime.timedelta(hours=hours)
    )
    record(actor=actor, verb="cases.emergency_access", target=case, purpose=reason.strip()[:200], hours=hours)
    return access


@transaction.atomic
def emergency_access_mark_reviewed(*, actor, access: EmergencyAccess) -> EmergencyAccess:
    """The log reviewer marks an emergency access as reviewed."""
    if not actor.has_perm("audit.review_log"):
        raise PermissionDenied
    access.reviewed_at, access.reviewed_by = timezone.now(), actor
    access.save(update_fields=["reviewed_at", "reviewed_by"])
    record(actor=actor, verb="cases.emergency_access.review", target=access, purpose="log review")
    return access


@transaction.atomic
def identity_grant_create(
    *, actor, person: Person, user, reason: str, valid_to: datetime.date
) -> ProtectedIdentityGrant:
    """A unit manager authorises one user to see a protected identity, for a stated reason and time."""
    if not can_manage_queue(actor) or not person.cases.filter(unit__in=_units(actor)).exists():
        raise PermissionDenied
    grant = ProtectedIdentityGrant.objects.create(
        person=person, user=user, granted_by=actor, reason=reason, valid_to=valid_to
    )
    record(actor=actor, verb="cases.person.grant_identity", target=person, purpose=reason[:200], user_id=user.id)
    return grant


def _units(user):
    from samhandling.cases.access import case_units

    return case_units(user)
