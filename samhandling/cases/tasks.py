"""Background work: receipts and answers to reporters, reminders before deadlines, escalation after them."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samhandling.cases.models import Case, CaseAlert, ConcernReport, Investigation, ReporterFeedback
from samhandling.core.tasks import classify
from samhandling.organisations.models import Membership
from samhandling.organisations.roles import Role

REMIND_DAYS_BEFORE = 2
logger = logging.getLogger(__name__)


@task()
def send_report_receipt(report_id: int) -> None:
    """E-mail the reporter that the report has arrived. Says nothing about the child or the case."""
    with transaction.atomic():
        report = ConcernReport.objects.select_for_update().filter(id=report_id).first()
        if report is None or report.receipt_sent_at or not report.reporter_email:
            return
        with translation.override("sv"):
            received = timezone.localtime(report.received_at)
            subject = _("Your concern report has arrived")
            body = _(
                "Social services received your concern report on %(date)s at %(time)s.\n\n"
                "What happens next: social services assess at once whether the child needs immediate protection, "
                "and within 14 days whether to open an investigation. You will not be told about the case itself. "
                "If you reported in your work with a duty to report, social services may tell you whether an "
                "investigation was opened.\n\n"
                "If the child is in acute danger, call 112.\n\n"
                "This message cannot be answered."
            ) % {"date": received.strftime("%Y-%m-%d"), "time": received.strftime("%H:%M")}
        # The row lock and the marker make the decision once: a second run of this task (a retry,
        # a recovered worker) waits for the lock and then finds receipt_sent_at set. A mail server
        # that refuses raises here, the marker is rolled back, and the worker tries again later.
        # The Message-ID is the same for every attempt, so that in the one case left (the worker
        # dies after the server accepted and before the commit, or a restore from a backup older
        # than the receipt) mail systems see the second copy as the same message.
        message = EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [report.reporter_email],
            headers={"Message-ID": f"<receipt-{report.submission_token}@samhandling.stockholm.se>"},
        )
        message.send()
        report.receipt_sent_at = timezone.now()
        report.save(update_fields=["receipt_sent_at"])


def _remind(user, subject: str, body: str) -> bool:
    if user is not None and user.email:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            return True
        except (OSError, ValueError) as exc:
            if classify(exc)[1]:
                # The mail server is away: stop here, the worker retries the task later, and the
                # reminders already sent are marked, so they are not sent twice.
                raise
            # One bad address must not stop the other reminders; the deadline stays on the workload view.
            logger.warning("cases.reminder_not_sent", extra={"user_id": user.pk}, exc_info=exc)
    return False


STEP_NAMES = {
    "protection": gettext_lazy("Protection assessment"),
    "initial": gettext_lazy("Initial assessment"),
    "investigation": gettext_lazy("Investigation"),
}


def _raise_alert(kind: str, step: str, case_id: int, object_id: int, due_on: datetime.date) -> bool:
    """Raise an alert once (the unique constraint makes a second run a no-op); True when it is new."""
    _alert, created = CaseAlert.objects.get_or_create(
        kind=kind, step=step, object_id=object_id, defaults={"case_id": case_id, "due_on": due_on}
    )
    return created


def _managers(unit_id: int):
    return [
        m.user
        for m in Membership.objects.active()
        .filter(unit_id=unit_id, role=Role.UNIT_MANAGER)
        .select_related("user")
        .order_by("user_id")
    ]


def _mail_alerts() -> int:
    """E-mail the unit managers every alert not yet mailed; a failed send is tried again on the next run."""
    site = settings.SITE_URL
    mailed = 0
    with translation.override("sv"):
        pending = CaseAlert.objects.filter(mailed_at__isnull=True, handled_at__isnull=True).select_related("case")
        for alert_id in list(pending.values_list("id", flat=True)):
            with transaction.atomic():
                alert = (
                    CaseAlert.objects.select_for_update(skip_locked=True).filter(id=alert_id, mailed_at=None).first()
                )
                if alert is None:
                    continue
                step = STEP_NAMES[alert.step]
                if alert.kind == CaseAlert.Kind.ESCALATION:
                    subject = _("Overdue in case %(case)s: %(step)s") % {"case": alert.case_id, "step": step}
                    body = _(
                        "The step %(step)s in case %(case)s was due %(date)s and is not done. "
                        "It has been flagged in the unit's queue: %(url)s"
                    )
                else:
                    subject = _("Unassigned case %(case)s: %(step)s due") % {"case": alert.case_id, "step": step}
                    body = _(
                        "Nobody is assigned to case %(case)s, and the step %(step)s is due %(date)s. "
                        "It is in the unit's queue: %(url)s"
                    )
                # No name or number in the e-mail: only the case number and a link.
                body = body % {
                    "step": step,
                    "case": alert.case_id,
                    "date": alert.due_on.isoformat(),
                    "url": f"{site}/arenden/ko/",
                }
                recipients = [u.email for u in _managers(alert.case.unit_id) if u.email]
                if recipients:
                    try:
                        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
                    except (OSError, ValueError):
                        logger.exception("cases: alert %s could not be mailed; retried on the next run", alert.id)
                        continue
                else:
                    logger.warning(
                        "cases: unit %s has no unit manager with e-mail; alert %s is in the queue only",
                        alert.case.unit_id,
                        alert.id,
                    )
                alert.mailed_at = timezone.now()
                alert.save(update_fields=["mailed_at"])
                mailed += 1
    return mailed


def _open(qs, path="case"):
    return qs.exclude(**{f"{path}__status": Case.Status.CLOSED})


@task()
def send_deadline_reminders() -> int:
    """Remind before initial assessments and investigations are due: the assigned worker, else the unit manager."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    site = settings.SITE_URL
    sent = 0
    with translation.override("sv"):
        reports = _open(
            ConcernReport.objects.filter(
                initial_assessment__isnull=True, initial_assessment_due__lte=horizon, reminder_sent_on__isnull=True
            )
        ).select_related("case__assigned_to")
        for report in reports.iterator():
            if report.case.assigned_to_id is None:
                _raise_alert(
                    CaseAlert.Kind.REMINDER, "initial", report.case_id, report.id, report.initial_assessment_due
                )
            else:
                # No name or number in the e-mail: only a link to the case.
                _remind(
                    report.case.assigned_to,
                    _("Initial assessment due %(date)s") % {"date": report.initial_assessment_due},
                    _("An initial assessment is due %(date)s: %(url)s")
                    % {"date": report.initial_assessment_due, "url": f"{site}/arenden/{report.case_id}/"},
                )
            ConcernReport.objects.filter(id=report.id).update(reminder_sent_on=today)
            sent += 1
        investigations = _open(
            Investigation.objects.filter(completed_on__isnull=True, due_on__lte=horizon, reminder_sent_on__isnull=True)
        ).select_related("case__assigned_to")
        for inv in investigations.iterator():
            if inv.case.assigned_to_id is None:
                _raise_alert(CaseAlert.Kind.REMINDER, "investigation", inv.case_id, inv.id, inv.due_on)
            else:
                _remind(
                    inv.case.assigned_to,
                    _("Investigation due %(date)s") % {"date": inv.due_on},
                    _("An investigation is due %(date)s: %(url)s")
                    % {"date": inv.due_on, "url": f"{site}/arenden/{inv.case_id}/"},
                )
            Investigation.objects.filter(id=inv.id).update(reminder_sent_on=today)
            sent += 1
    _mail_alerts()
    return sent


@task()
def escalate_overdue_steps() -> int:
    """Flag every overdue step in the unit's queue and e-mail the unit manager, once per step."""
    today = timezone.localdate()
    raised = 0
    for report_id, case_id, due in _open(
        ConcernReport.objects.filter(protection_assessment__isnull=True, protection_due__lt=today)
    ).values_list("id", "case_id", "protection_due"):
        raised += _raise_alert(CaseAlert.Kind.ESCALATION, "protection", case_id, report_id, due)
    for report_id, case_id, due in _open(
        ConcernReport.objects.filter(initial_assessment__isnull=True, initial_assessment_due__lt=today)
    ).values_list("id", "case_id", "initial_assessment_due"):
        raised += _raise_alert(CaseAlert.Kind.ESCALATION, "initial", case_id, report_id, due)
    for inv_id, case_id, due in _open(
        Investigation.objects.filter(completed_on__isnull=True, due_on__lt=today)
    ).values_list("id", "case_id", "due_on"):
        raised += _raise_alert(CaseAlert.Kind.ESCALATION, "investigation", case_id, inv_id, due)
    _mail_alerts()
    _send_pending_feedback()
    return raised


FEEDBACK_TEXT: dict[str, Promise] = {
    ReporterFeedback.Outcome.OPENED: gettext_lazy("Social services have opened an investigation."),
    ReporterFeedback.Outcome.NOT_OPENED: gettext_lazy("Social services have decided not to open an investigation."),
    ReporterFeedback.Outcome.ONGOING: gettext_lazy("An investigation about the child is already under way."),
}


def feedback_message(feedback: ReporterFeedback) -> tuple[str, str]:
    """The subject and text of the answer to the reporter (Swedish): the outcome only, never the child's name."""
    with translation.override("sv"):
        received = timezone.localtime(feedback.report.received_at)
        subject = _("Answer to your concern report of %(date)s") % {"date": received.strftime("%Y-%m-%d")}
        body = _(
            "You sent a concern report to social services on %(date)s at %(time)s.\n\n"
            "%(outcome)s\n\n"
            "Social services cannot tell you more about the case. If you see new reasons for concern, "
            "make a new report. If a child is in acute danger, call 112."
        ) % {
            "date": received.strftime("%Y-%m-%d"),
            "time": received.strftime("%H:%M"),
            "outcome": FEEDBACK_TEXT[feedback.outcome],
        }
    return subject, body


@task()
def send_reporter_feedback(feedback_id: int) -> bool:
    """E-mail the answer to the reporter once; a second run, or a run after a success, sends nothing."""
    with transaction.atomic():
        feedback = (
            ReporterFeedback.objects.select_for_update()
            .select_related("report")
            .filter(id=feedback_id, channel=ReporterFeedback.Channel.EMAIL, email_sent_at__isnull=True)
            .first()
        )
        if feedback is None or not feedback.recipient_email:
            return False
        subject, body = feedback_message(feedback)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [feedback.recipient_email])
        feedback.email_sent_at = timezone.now()
        feedback.save(update_fields=["email_sent_at"])
    return True


def _send_pending_feedback() -> None:
    """Answers whose e-mail failed earlier are tried again; each failure is logged, none is dropped."""
    pending = ReporterFeedback.objects.filter(
        channel=ReporterFeedback.Channel.EMAIL,
        email_sent_at__isnull=True,
        told_at__lt=timezone.now() - datetime.timedelta(minutes=10),
    ).values_list("id", flat=True)
    for feedback_id in list(pending):
        try:
            send_reporter_feedback.call(feedback_id)
        except (OSError, ValueError):
            logger.exception("cases: feedback %s could not be mailed; tried again on the next run", feedback_id)
