"""Background work for the plans: reminder e-mails for follow-up rounds not reported and surveys not answered."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from samhandling.audit.services import record
from samhandling.organisations.models import Membership
from samhandling.organisations.roles import Role
from samhandling.plans.models import (
    ActionPlan,
    FollowUpRound,
    PlanNotice,
    PlanStatus,
    ReminderSent,
    SurveyReminderSent,
    SurveyResponse,
    SurveyRound,
)
from samhandling.plans.selectors import survey_committees
from samhandling.plans.services import reminder_due

logger = logging.getLogger(__name__)


def planner_emails(committee) -> list[str]:
    """E-mail addresses of the committee's district planners (active memberships only)."""
    emails = (
        Membership.objects.active()
        .filter(role=Role.DISTRICT_PLANNER, unit__administration__committee=committee, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(emails)


def manager_emails(committee) -> list[str]:
    """E-mail addresses of the committee's unit managers, who approve or send back its plans."""
    emails = (
        Membership.objects.active()
        .filter(role=Role.UNIT_MANAGER, unit__administration__committee=committee, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(emails)


def notice_recipients(notice: PlanNotice) -> list[str]:
    """Who acts next: the managers after a submission, the planners after a return or an approval."""
    if notice.kind == PlanNotice.Kind.SUBMITTED:
        return manager_emails(notice.plan.committee)
    return planner_emails(notice.plan.committee)


@task()
def send_plan_notice(notice_id: int) -> str:
    """E-mail the people who act next about a plan's workflow step, once (marked under a row lock)."""
    with transaction.atomic():
        notice = (
            PlanNotice.objects.select_for_update(of=("self",))
            .select_related("plan__committee", "actor")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.mail_sent_at is not None:
            return "done"
        recipients = notice_recipients(notice)
        if recipients:
            plan = notice.plan
            with translation.override("sv"):
                context = {
                    "notice": notice,
                    "plan": plan,
                    "url": settings.SITE_URL + reverse("plans:plan_detail", args=[plan.pk]),
                }
                subject = render_to_string("plans/email/notice_subject.txt", context).strip()
                body = render_to_string("plans/email/notice_body.txt", context)
            # An SMTP failure raises: the transaction rolls back, no mark is set and the worker retries.
            send_mail(subject, body, None, recipients)
        notice.mail_sent_at, notice.recipients = timezone.now(), recipients
        notice.save(update_fields=["mail_sent_at", "recipients"])
        record(
            actor=None,
            verb="plans.notice_mailed",
            target=notice.plan,
            purpose="plan workflow e-mail",
            kind=notice.kind,
            recipients=len(recipients),
        )
    return "sent" if recipients else "nobody"


def send_followup_reminders_now(now=None) -> int:
    """Send one reminder a day per plan that has not reported in an open round; returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for rnd in FollowUpRound.objects.filter(deadline__gte=today - timedelta(days=14)):
        if not reminder_due(rnd, today):
            continue
        plans = (
            ActionPlan.objects.filter(year=rnd.year, status__in=[PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP])
            .exclude(reports__round=rnd)
            .exclude(reminders__round=rnd, reminders__sent_at__gte=now - timedelta(hours=20))
            .select_related("committee")
        )
        for plan in plans:
            recipients = planner_emails(plan.committee)
            if not recipients:
                continue
            with translation.override("sv"):
                context = {
                    "plan": plan,
                    "round": rnd,
                    "url": settings.SITE_URL + reverse("plans:followup", args=[plan.pk, rnd.pk]),
                }
                subject = render_to_string("plans/email/reminder_subject.txt", context).strip()
                body = render_to_string("plans/email/reminder_body.txt", context)
            try:
                send_mail(subject, body, None, recipients)
            except (OSError, ValueError):
                # One unreachable server or bad address must not stop the other plans' reminders;
                # no ReminderSent row, so the next run tries again.
                logger.exception("Could not send the follow-up reminder for plan %s", plan.pk)
                continue
            with transaction.atomic():
                ReminderSent.objects.create(plan=plan, round=rnd, sent_at=now, recipients=recipients)
                record(
                    actor=None,
                    verb="plans.reminder_sent",
                    target=plan,
                    purpose="follow-up reminder",
                    round=rnd.pk,
                    recipients=len(recipients),
                )
            sent += 1
    return sent


def send_survey_reminders_now(now=None) -> int:
    """Once a day, remind the planners of each asked committee that has not sent the year's survey answer."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for survey in SurveyRound.objects.filter(deadline__gte=today - timedelta(days=14)):
        if not reminder_due(survey, today):
            continue
        answered = SurveyResponse.objects.filter(year=survey.year, submitted_at__isnull=False).values("committee_id")
        recent = SurveyReminderSent.objects.filter(survey=survey, sent_at__gte=now - timedelta(hours=20)).values(
            "committee_id"
        )
        committees = survey_committees(survey.year).exclude(pk__in=answered).exclude(pk__in=recent).order_by("name")
        for committee in committees:
            recipients = planner_emails(committee)
            if not recipients:
                continue
            with translation.override("sv"):
                context = {
                    "committee": committee,
                    "survey": survey,
                    "url": settings.SITE_URL + reverse("plans:survey", args=[survey.year]) + f"?namnd={committee.pk}",
                }
                subject = render_to_string("plans/email/survey_reminder_subject.txt", context).strip()
                body = render_to_string("plans/email/survey_reminder_body.txt", context)
            try:
                send_mail(subject, body, None, recipients)
            except (OSError, ValueError):
                logger.exception("Could not send the survey reminder for committee %s", committee.pk)
                continue
            with transaction.atomic():
                SurveyReminderSent.objects.create(
                    survey=survey, committee=committee, sent_at=now, recipients=recipients
                )
                record(
                    actor=None,
                    verb="plans.survey_reminder_sent",
                    target=survey,
                    purpose="survey reminder",
                    committee=committee.code,
                    recipients=len(recipients),
                )
            sent += 1
    return sent


@task()
def send_followup_reminders() -> int:
    """The hourly reminder job: follow-up rounds not reported and surveys not answered."""
    return send_followup_reminders_now() + send_survey_reminders_now()


@task()
def read_plan_document(import_id: int) -> str:
    """Read an uploaded plan document (in a child process with limits) and store the suggestions."""
    from samhandling.plans.models import DocumentImport
    from samhandling.plans.services import document_import_run

    job = DocumentImport.objects.select_related("plan__strategy").filter(pk=import_id).first()
    if job is None:
        return "gone"
    return document_import_run(job=job).status
