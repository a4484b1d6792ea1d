"""Meeting invitations with an iCalendar file, and reminders before actions fall due."""

import datetime
import uuid

import pytest
from django.utils import timezone

from samhandling.collaboration import services
from samhandling.collaboration.models import Action, Consent, ConsentExpiryNotice, ForumRule
from samhandling.collaboration.tasks import (
    send_action_reminders,
    send_consent_expiry_notices,
    send_meeting_invitations,
)
from samhandling.collaboration.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db


def test_invitations_go_to_those_who_may_see_the_forum_without_personal_data(
    smtp_server, social_worker_hagersten, police_liaison
):
    forum = h.sspf(social_worker_hagersten)
    other_area = f.police_liaison("rinkeby")
    meeting = services.meeting_create(
        actor=social_worker_hagersten,
        forum=forum,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        token=uuid.uuid4(),
    )
    assert send_meeting_invitations.call(meeting.id) >= 2
    assert send_meeting_invitations.call(meeting.id) == 0  # once only
    to = {m["To"] for m in smtp_server.messages}
    assert police_liaison.email in to and social_worker_hagersten.email in to
    assert other_area.email not in to
    message = smtp_server.messages[0]
    raw = message.as_string()
    assert forum.person.first_name not in raw and forum.person.personal_number not in raw
    ics = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert ics and "BEGIN:VEVENT" in ics[0].get_payload(decode=True).decode()


def test_no_invitation_to_a_partner_after_withdrawal(smtp_server, social_worker_hagersten, police_liaison):
    forum = h.sspf(social_worker_hagersten)
    services.consent_withdraw(actor=social_worker_hagersten, consent=forum.consents.first(), note="x")
    meeting = services.meeting_create(
        actor=social_worker_hagersten, forum=forum, starts_at=timezone.now(), token=uuid.uuid4()
    )
    send_meeting_invitations.call(meeting.id)
    assert police_liaison.email not in {m["To"] for m in smtp_server.messages}


def test_reminders_before_an_action_falls_due(smtp_server, social_worker_hagersten, police_liaison):
    forum = h.sspf(social_worker_hagersten)
    police = forum.members.get(party="police")
    services.action_add(
        actor=social_worker_hagersten,
        forum=forum,
        what="Samtal",
        owner=police,
        due_on=timezone.localdate() + datetime.timedelta(days=1),
        token=uuid.uuid4(),
    )
    services.action_add(
        actor=social_worker_hagersten,
        forum=forum,
        what="Senare",
        owner=police,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        token=uuid.uuid4(),
    )
    assert send_action_reminders.call() == 2
    assert send_action_reminders.call() == 0
    assert Action.objects.filter(reminder_sent_on__isnull=False).count() == 1
    assert "Samtal" not in smtp_server.messages[0].as_string()


def test_the_coordinator_is_told_once_per_consent_and_threshold_before_a_consent_ends(
    smtp_server, social_worker_hagersten, police_liaison
):
    forum = h.sspf(social_worker_hagersten)
    # The threshold is data on the forum rule (14 days from the migration).
    assert forum.rule.consent_notice_days == [14]
    today = timezone.localdate()
    assert send_consent_expiry_notices.call() == 0  # every consent runs a year
    first, second, *rest = list(forum.consents.all())
    Consent.objects.filter(id=first.id).update(valid_to=today + datetime.timedelta(days=10))
    Consent.objects.filter(id=second.id).update(valid_to=today + datetime.timedelta(days=10))
    services.consent_withdraw(actor=social_worker_hagersten, consent=second, note="Per telefon")
    assert send_consent_expiry_notices.call() == 1  # the withdrawn one is not announced
    assert send_consent_expiry_notices.call() == 0  # once only
    message = smtp_server.messages[-1]
    assert message["To"] == social_worker_hagersten.email
    raw = message.as_string()
    assert f"/samverkan/{forum.id}/" in raw
    assert forum.person.first_name not in raw and forum.person.personal_number not in raw
    assert forum.person.last_name not in raw
    # A second, shorter threshold (a new rule value) gives one more notice when it is passed.
    ForumRule.objects.filter(id=forum.rule_id).update(consent_notice_days=[14, 3])
    assert send_consent_expiry_notices.call() == 0
    Consent.objects.filter(id=first.id).update(valid_to=today + datetime.timedelta(days=2))
    assert send_consent_expiry_notices.call() == 1
    assert send_consent_expiry_notices.call() == 0
    assert sorted(ConsentExpiryNotice.objects.filter(consent=first).values_list("days_before", flat=True)) == [3, 14]
    assert police_liaison.email not in {m["To"] for m in smtp_server.messages}
