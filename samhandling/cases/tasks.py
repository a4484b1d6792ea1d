"""Background work: receipts to reporters and reminders before statutory deadlines."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samhandling.cases.models import ConcernReport, Investigation
from samhandling.core.tasks import classify

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


def _remind(user, subject: str, body: str) -> None:
    if user is not None and user.email:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except (OSError, ValueError) as exc:
            if classify(exc)[1]:
                # The mail server is away: stop here, the worker retries the task later, and the
                # reminders already sent are marked, so they are not sent twice.
                raise
            # One bad address must not stop the other reminders; the deadline stays on the workload view.
            logger.warning("cases.reminder_not_sent", extra={"user_id": user.pk}, exc_info=exc)


@task()
def send_deadline_reminders() -> int:
    """Remind the assigned social worker of initial assessments and investigations due within two days."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    site = settings.SITE_URL
    sent = 0
    with translation.override("sv"):
        reports = ConcernReport.objects.filter(
            initial_assessment__isnull=True, initial_assessment_due__lte=horizon, reminder_sent_on__isnull=True
        ).select_related("case__assigned_to")
        for report in reports.iterator():
            # No name or number in the e-mail: only a link to the case.
            _remind(
                report.case.assigned_to,
                _("Initial assessment due %(date)s") % {"date": report.initial_assessment_due},
                _("An initial assessment is due %(date)s: %(url)s")
                % {"date": report.initial_assessment_due, "url": f"{site}/arenden/{report.case_id}/"},
            )
            ConcernReport.objects.filter(id=report.id).update(reminder_sent_on=today)
            sent += 1
        investigations = Investigation.objects.filter(
            completed_on__isnull=True, due_on__lte=horizon, reminder_sent_on__isnull=True
        ).select_related("case__assigned_to")
        for inv in investigations.iterator():
            _remind(
                inv.case.assigned_to,
                _("Investigation due %(date)s") % {"date": inv.due_on},
                _("An investigation is due %(date)s: %(url)s")
                % {"date": inv.due_on, "url": f"{site}/arenden/{inv.case_id}/"},
            )
            Investigation.objects.filter(id=inv.id).update(reminder_sent_on=today)
            sent += 1
    return sent
