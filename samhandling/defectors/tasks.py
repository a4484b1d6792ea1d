"""The 24-hour clock in the worker: reminders to the team's shared address at 12 h and 20 h, escalation at 24 h.

Each message is sent once: the decision is made under a row lock and the marker is written in
the same transaction as the send, so a retry or a second worker finds it set. A mail server that
refuses for now raises, the marker is rolled back, and the worker tries again (core.tasks). The
mails carry the case reference and a link, never the person.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samhandling.defectors.models import DefectorCase, FollowUp, NeedsInvestigationRule
from samhandling.organisations.models import Membership
from samhandling.organisations.roles import Role


def _managers(unit_id: int) -> list[str]:
    return [
        m.user.email
        for m in Membership.objects.active()
        .filter(unit_id=unit_id, role=Role.UNIT_MANAGER)
        .select_related("user")
        .order_by("user_id")
        if m.user.email
    ]


def _send(case: DefectorCase, stage: str, to: list[str]) -> None:
    due = timezone.localtime(case.first_contact_due)
    url = settings.SITE_URL.rstrip("/") + reverse("defectors:case_detail", args=[case.pk])
    if stage == "escalation":
        subject = _("Overdue: no first contact in %(ref)s") % {"ref": case.reference}
        body = _(
            "The expression of interest %(ref)s arrived more than %(hours)s hours ago and nobody from the city "
            "has recorded a first contact. It was due %(due)s. Make sure that the person is contacted now: %(url)s"
        )
    else:
        subject = _("Reminder: first contact in %(ref)s") % {"ref": case.reference}
        body = _(
            "The expression of interest %(ref)s is waiting for first contact. It is due %(due)s "
            "(within %(hours)s hours of its arrival). The duty queue: %(url)s"
        )
    body = body % {"ref": case.reference, "hours": case.rule.hours, "due": due.strftime("%Y-%m-%d %H:%M"), "url": url}
    EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
        headers={"Message-ID": f"<defector-{case.pk}-{stage}@samhandling.stockholm.se>"},
    ).send()


def _stage_due(case: DefectorCase, now: datetime.datetime) -> str | None:
    """The furthest stage reached and not yet sent (an earlier stage missed while the worker was down is skipped)."""
    elapsed = now - case.received_at
    rule = case.rule
    if elapsed >= datetime.timedelta(hours=rule.hours):
        return None if case.escalated_at else "escalation"
    if elapsed >= datetime.timedelta(hours=rule.second_reminder_hours):
        return None if case.second_reminder_sent_at else "second"
    if elapsed >= datetime.timedelta(hours=rule.first_reminder_hours):
        return None if case.first_reminder_sent_at else "first"
    return None


MARKERS = {
    "first": ("first_reminder_sent_at",),
    "second": ("first_reminder_sent_at", "second_reminder_sent_at"),
    "escalation": ("first_reminder_sent_at", "second_reminder_sent_at", "escalated_at"),
}


@task()
def send_first_contact_reminders() -> int:
    """Send the reminders and escalations that are due; returns how many messages were sent."""
    now = timezone.now()
    sent = 0
    waiting = DefectorCase.objects.filter(status=DefectorCase.Status.AWAITING_CONTACT, escalated_at__isnull=True)
    with translation.override("sv"):
        for case_id in list(waiting.order_by("id").values_list("id", flat=True)):
            with transaction.atomic():
                case = (
                    DefectorCase.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("rule", "team")
                    .filter(id=case_id, status=DefectorCase.Status.AWAITING_CONTACT)
                    .first()
                )
                if case is None:
                    continue
                stage = _stage_due(case, now)
                if stage is None:
                    continue
                to = _managers(case.team.unit_id) if stage == "escalation" else [case.team.shared_email]
                if stage == "escalation" and not to:
                    to = [case.team.shared_email]  # no manager with an address: the team must still know
                _send(case, stage, to)
                for field in MARKERS[stage]:
                    if getattr(case, field) is None:
                        setattr(case, field, now)
                case.save(update_fields=list(MARKERS[stage]))
                sent += 1
    return sent


def _follow_up_notice_days(today: datetime.date) -> int:
    rule = NeedsInvestigationRule.objects.filter(valid_from__lte=today).order_by("-valid_from").first()
    return rule.follow_up_notice_days if rule else 0


@task()
def send_follow_up_reminders() -> int:
    """Remind the holding team's shared address of each follow-up coming up (by the rule) or overdue, once.

    The marker is set under a row lock in the same transaction as the send (see the module doc);
    the mail carries the case reference, the date and a link, never the person.
    """
    today = timezone.localdate()
    until = today + datetime.timedelta(days=_follow_up_notice_days(today))
    pending = FollowUp.objects.filter(done_on__isnull=True, reminder_sent_at__isnull=True, due_on__lte=until).exclude(
        case__status=DefectorCase.Status.CLOSED
    )
    sent = 0
    with translation.override("sv"):
        for follow_up_id in list(pending.order_by("id").values_list("id", flat=True)):
            with transaction.atomic():
                follow_up = (
                    FollowUp.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("case__team")
                    .filter(id=follow_up_id, done_on__isnull=True, reminder_sent_at__isnull=True)
                    .first()
                )
                if follow_up is None:
                    continue
                case = follow_up.case
                url = settings.SITE_URL.rstrip("/") + reverse("defectors:case_detail", args=[case.pk])
                values = {"ref": case.reference, "due": follow_up.due_on.strftime("%Y-%m-%d"), "url": url}
                if follow_up.due_on < today:
                    subject = _("Overdue follow-up in %(ref)s") % values
                else:
                    subject = _("Follow-up in %(ref)s on %(due)s") % values
                body = (
                    _("A follow-up in %(ref)s is due %(due)s and is not yet recorded as done. The case: %(url)s")
                    % values
                )
                EmailMessage(
                    subject,
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [case.team.shared_email],
                    headers={"Message-ID": f"<defector-{case.pk}-follow-up-{follow_up.pk}@samhandling.stockholm.se>"},
                ).send()
                follow_up.reminder_sent_at = timezone.now()
                follow_up.save(update_fields=["reminder_sent_at"])
                sent += 1
    return sent
