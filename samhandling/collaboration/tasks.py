"""Background work: meeting invitations (with an iCalendar file), reminders before actions fall due,
and notices to the coordinator before a consent ends.

No personal data goes into an e-mail: a forum case number, a time and a link. Only people who may
see the forum case at the moment of sending are invited (the same access rule as the pages).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samhandling.accounts.models import User
from samhandling.collaboration.models import (
    Action,
    Consent,
    ConsentExpiryNotice,
    Forum,
    ForumMember,
    ForumRule,
    Meeting,
)
from samhandling.organisations.models import Membership

REMIND_DAYS_BEFORE = 2
MEETING_MINUTES = 90
logger = logging.getLogger(__name__)


def member_users(member: ForumMember):
    """Active users of a member unit or agency (a police member tied to an area: only that area)."""
    memberships = Membership.objects.active().filter(user__is_active=True)
    if member.unit_id:
        memberships = memberships.filter(unit_id=member.unit_id)
    else:
        memberships = memberships.filter(agency_id=member.agency_id)
        if member.police_area_id:
            memberships = memberships.filter(police_area_id=member.police_area_id)
    return User.objects.filter(id__in=memberships.values("user_id")).exclude(email="")


def open_members(forum: Forum):
    """Members who may see the forum today (lead unit, legal basis, or a consent that covers them)."""
    today = timezone.localdate()
    qs = forum.members.filter(removed_at__isnull=True)
    if forum.ground == Forum.Ground.LEGAL_BASIS:
        return qs
    return qs.filter(Q(unit_id=forum.lead_unit_id) | Q(covered_until__gte=today))


def icalendar(meeting: Meeting, url: str) -> str:
    """A minimal iCalendar event: a time, a neutral title and a link; no names."""
    fmt = "%Y%m%dT%H%M%SZ"
    start = meeting.starts_at.astimezone(datetime.UTC)
    end = start + datetime.timedelta(minutes=MEETING_MINUTES)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Stockholms stad//Samhandling//SV",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:samhandling-meeting-{meeting.id}@samhandling.stockholm.se",
        f"DTSTAMP:{timezone.now().astimezone(datetime.UTC).strftime(fmt)}",
        f"DTSTART:{start.strftime(fmt)}",
        f"DTEND:{end.strftime(fmt)}",
        f"SUMMARY:{_('Network meeting, forum case %(number)s') % {'number': meeting.forum_id}}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


@task()
def send_meeting_invitations(meeting_id: int) -> int:
    """E-mail an invitation with an iCalendar file to the people who may see the forum case."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("forum").filter(id=meeting_id).first()
        if meeting is None or meeting.invitations_sent_at is not None:
            return 0
        forum = meeting.forum
        users = {forum.coordinator_id: forum.coordinator} if forum.coordinator.email else {}
        for member in open_members(forum):
            users.update({u.id: u for u in member_users(member)})
        url = f"{settings.SITE_URL}/samverkan/{forum.id}/"
        sent = 0
        with translation.override("sv"):
            when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
            subject = _("Invitation: network meeting %(when)s") % {"when": when}
            body = _(
                "You are invited to a network meeting in forum case %(number)s on %(when)s.\n\n"
                "Read more after logging in: %(url)s\n\nThis message cannot be answered."
            ) % {"number": forum.id, "when": when, "url": url}
            ics = icalendar(meeting, url)
        for user in users.values():
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            message.attach("mote.ics", ics, "text/calendar; method=REQUEST")
            try:
                message.send()
                sent += 1
            except (OSError, ValueError):
                # The task is retried as a whole only when nothing was sent; the meeting stays on the overview.
                logger.exception("collaboration: invitation to user %s could not be sent", user.pk)
                if sent == 0:
                    raise
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at"])
        return sent


@task()
def send_action_reminders() -> int:
    """Remind the coordinator and the owner's people of actions due within two days."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    sent = 0
    actions = Action.objects.filter(
        done_on__isnull=True, reminder_sent_on__isnull=True, due_on__lte=horizon, forum__status=Forum.Status.ACTIVE
    ).select_related("forum__coordinator", "owner")
    with translation.override("sv"):
        for action in actions.iterator():
            recipients = {action.forum.coordinator.email} if action.forum.coordinator.email else set()
            if action.owner in open_members(action.forum):
                recipients |= {u.email for u in member_users(action.owner)}
            url = f"{settings.SITE_URL}/samverkan/{action.forum_id}/"
            subject = _("An action in forum case %(number)s is due %(date)s") % {
                "number": action.forum_id,
                "date": action.due_on,
            }
            body = _("An action in a shared plan is due %(date)s: %(url)s") % {"date": action.due_on, "url": url}
            for address in sorted(recipients):
                try:
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
                    sent += 1
                except (OSError, ValueError):
                    logger.exception("collaboration: reminder for action %s could not be sent", action.pk)
            Action.objects.filter(id=action.id).update(reminder_sent_on=today)
    return sent


@task()
def send_consent_expiry_notices() -> int:
    """Tell the coordinator once per consent and threshold (the forum rule's days) that a consent ends soon."""
    today = timezone.localdate()
    sent = 0
    consents = Consent.objects.filter(
        withdrawn_at__isnull=True, valid_to__gte=today, forum__status=Forum.Status.ACTIVE
    ).select_related("forum__coordinator", "forum__rule")
    longest = max((max(days, default=0) for days in _notice_days()), default=0)
    consents = consents.filter(valid_to__lte=today + datetime.timedelta(days=longest))
    with translation.override("sv"):
        for consent in consents.iterator():
            left = (consent.valid_to - today).days
            due = sorted(d for d in consent.forum.rule.consent_notice_days if left <= d)
            done = set(consent.expiry_notices.values_list("days_before", flat=True))
            if not due or set(due) <= done:
                continue
            coordinator = consent.forum.coordinator
            try:
                # Claim every threshold passed (one e-mail even if the worker was down for a while);
                # the unique constraint makes a parallel run claim nothing.
                with transaction.atomic():
                    for days in due:
                        if days not in done:
                            ConsentExpiryNotice.objects.create(consent=consent, days_before=days)
                    if coordinator.email and coordinator.is_active:
                        url = f"{settings.SITE_URL}/samverkan/{consent.forum_id}/"
                        subject = _("A consent in forum case %(number)s ends %(date)s") % {
                            "number": consent.forum_id,
                            "date": consent.valid_to,
                        }
                        body = _(
                            "A consent in a forum case you coordinate ends %(date)s. Nothing can be shared "
                            "under it after that.\n\nRead more after logging in: %(url)s\n\n"
                            "This message cannot be answered."
                        ) % {"date": consent.valid_to, "url": url}
                        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [coordinator.email]).send()
                        sent += 1
            except IntegrityError:
                continue
            except (OSError, ValueError):
                # Nothing was claimed (the transaction rolled back): the next run tries again.
                logger.exception("collaboration: consent notice for consent %s could not be sent", consent.pk)
    return sent


def _notice_days() -> list[list[int]]:
    return list(ForumRule.objects.values_list("consent_notice_days", flat=True))
