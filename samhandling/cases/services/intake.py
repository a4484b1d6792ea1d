"""Intake: people, concern reports, assignment, feedback to reporters and consultations."""

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
    ConcernReport,
    Consultation,
    InitialAssessment,
    Person,
    ReporterFeedback,
)
from samhandling.cases.services.common import (
    child_unit,
    require_change,
    touch,
)
from samhandling.core.annotations import Actor, Viewer
from samhandling.core.tasks import enqueue_on_commit
from samhandling.organisations.models import District


def person_find_or_create(
    *,
    actor: Actor,
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
    actor: Viewer | None,
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
    received_on = timezone.localtime(received_at).date()
    due, rule = deadlines.due_date("initial", received_on)
    protection_due, protection_rule = deadlines.due_date("protection", received_on)
    anonymous = data.anonymous and data.reporter_kind == ConcernReport.ReporterKind.PUBLIC
    verification, verified_by, verified_at = _verification(actor, channel)
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
                reporter_verification=verification,
                reporter_verified_by=verified_by,
                reporter_verified_at=verified_at,
                initial_assessment_due=due,
                initial_rule=rule,
                protection_due=protection_due,
                protection_rule=protection_rule,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request created it.
        return ConcernReport.objects.get(submission_token=submission_token), False
    touch(case)
    record(
        actor=actor,
        verb="cases.report.create",
        target=report,
        purpose="concern report",
        channel=channel,
        reporter_kind=data.reporter_kind,
        reporter_verification=verification,
        case_id=case.id,
    )
    if report.reporter_email:
        enqueue_on_commit("samhandling.cases.tasks.send_report_receipt", report.id)
    return report, True


def _verification(actor: Actor, channel: str):
    """Who the reporter is, as far as the system knows it; what a form's sender claims never counts."""
    Verification = ConcernReport.Verification
    if not getattr(actor, "is_authenticated", False):
        return Verification.UNVERIFIED, None, None
    if channel == ConcernReport.Channel.REGISTERED and can_work_cases(actor):
        return Verification.REGISTERED, actor, timezone.now()
    if actor.has_perm("cases.submit_concern_reports"):
        # A reporter with a duty to report, signed in with their own account.
        return Verification.SIGNED_IN, actor, timezone.now()
    return Verification.UNVERIFIED, None, None


@transaction.atomic
def concern_report_confirm_reporter(*, actor: Actor, report: ConcernReport, note: str) -> ConcernReport:
    """Social services confirm who sent a report through the public form (for example by calling back)."""
    require_change(actor, report.case)
    if not note.strip():
        raise ValidationError({"note": _("Say how the reporter was confirmed.")})
    report = ConcernReport.objects.select_for_update().get(pk=report.pk)
    if report.reporter_verified:
        raise ValidationError(_("The reporter is already verified."))
    report.reporter_verification = ConcernReport.Verification.CONFIRMED
    report.reporter_verified_by, report.reporter_verified_at = actor, timezone.now()
    report.reporter_verification_note = note.strip()
    report.save(
        update_fields=[
            "reporter_verification",
            "reporter_verified_by",
            "reporter_verified_at",
            "reporter_verification_note",
        ]
    )
    touch(report.case)
    record(
        actor=actor,
        verb="cases.report.confirm_reporter",
        target=report,
        purpose="concern report",
        case_id=report.case_id,
        reporter_kind=report.reporter_kind,
    )
    return report


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, assignee) -> Case:
    """The unit manager assigns a case to a social worker of the unit."""
    if not (can_manage_queue(actor) and can_change_case(actor, case)):
        raise PermissionDenied
    if not can_change_case(assignee, case):
        raise ValidationError({"assignee": _("The person does not work in the case's unit.")})
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to"])
    touch(case)
    record(actor=actor, verb="cases.case.assign", target=case, purpose="queue", assignee_id=assignee.id)
    return case


FEEDBACK_FOR_DECISION = {
    InitialAssessment.Decision.OPEN: ReporterFeedback.Outcome.OPENED,
    InitialAssessment.Decision.NOT_OPEN: ReporterFeedback.Outcome.NOT_OPENED,
    InitialAssessment.Decision.JOIN: ReporterFeedback.Outcome.ONGOING,
}


def feedback_outcome(report: ConcernReport) -> str | None:
    """The one answer the reporter can be given: what the initial assessment decided (None before it)."""
    assessment = InitialAssessment.objects.filter(report=report).first()
    return FEEDBACK_FOR_DECISION[assessment.decision] if assessment else None


@transaction.atomic
def reporter_feedback_record(*, actor: Actor, report: ConcernReport, outcome: str) -> ReporterFeedback:
    """Record and send the one answer to a reporter with a duty to report: e-mail if there is an address, else a letter."""
    require_change(actor, report.case)
    report = ConcernReport.objects.select_for_update().get(id=report.id)
    existing = ReporterFeedback.objects.filter(report=report).first()
    if existing is not None:
        if existing.outcome == outcome:
            return existing  # the same answer sent twice
        raise ValidationError(_("The reporter has already been given an answer; a report gets one answer only."))
    if not report.duty_to_report or report.anonymous:
        raise ValidationError(_("Feedback is given only to reporters with a duty to report."))
    expected = feedback_outcome(report)
    if expected is None:
        raise ValidationError(_("Decide the initial assessment first: the answer says what it decided."))
    if outcome != expected:
        raise ValidationError(
            {
                "outcome": _("The answer must agree with the initial assessment: %(answer)s")
                % {"answer": ReporterFeedback.Outcome(expected).label}
            }
        )
    channel = ReporterFeedback.Channel.EMAIL if report.reporter_email else ReporterFeedback.Channel.LETTER
    try:
        with transaction.atomic():
            feedback = ReporterFeedback.objects.create(
                report=report,
                outcome=outcome,
                told_at=timezone.now(),
                told_by=actor,
                channel=channel,
                recipient_email=report.reporter_email,
            )
    except IntegrityError:
        return ReporterFeedback.objects.get(report=report)
    touch(report.case)
    record(
        actor=actor,
        verb="cases.report.feedback",
        target=report,
        purpose="feedback to reporter",
        outcome=outcome,
        channel=channel,
    )
    if channel == ReporterFeedback.Channel.EMAIL:
        enqueue_on_commit("samhandling.cases.tasks.send_reporter_feedback", feedback.id)
    return feedback


@transaction.atomic
def consultation_ask(*, actor: Actor, district: District, question: str) -> Consultation:
    """A reporter asks social services for advice without naming the child."""
    if not actor.has_perm("cases.submit_concern_reports"):
        raise PermissionDenied
    consultation = Consultation.objects.create(
        district=district, asked_by=actor, asked_at=timezone.now(), question=question
    )
    record(actor=actor, verb="cases.consultation.ask", target=consultation, purpose="consultation")
    return consultation


@transaction.atomic
def consultation_advise(*, actor: Actor, consultation: Consultation, advice: str) -> Consultation:
    """Social services record the advice given."""
    if not can_work_cases(actor):
        raise PermissionDenied
    consultation.advice, consultation.advised_by, consultation.advised_at = advice, actor, timezone.now()
    consultation.save(update_fields=["advice", "advised_by", "advised_at"])
    record(actor=actor, verb="cases.consultation.advise", target=consultation, purpose="consultation")
    return consultation
