"""The 24-hour clock in the worker, with a real SMTP server: 12 h and 20 h to the team, 24 h to the manager, once each."""

import datetime

import pytest
from django.utils import timezone

from samhandling.core.worker import Worker
from samhandling.defectors import tasks
from samhandling.defectors.models import DefectorCase
from samhandling.defectors.tests import helpers as h

pytestmark = pytest.mark.django_db


def _run():
    tasks.send_first_contact_reminders.enqueue()
    Worker(worker_id="test").run_until_idle()


def _age(case, hours):
    """Move the clock: the interest arrived `hours` ago (the due time moves with it)."""
    received = timezone.now() - datetime.timedelta(hours=hours)
    DefectorCase.objects.filter(pk=case.pk).update(
        received_at=received, first_contact_due=received + datetime.timedelta(hours=24)
    )


def _subject(message):
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def _body(message):
    return message.get_payload(decode=True).decode()


def test_reminders_at_12_and_20_hours_and_escalation_at_24_each_sent_once(smtp_server):
    manager = h.team_manager()
    case = h.interest(hours_ago=1)
    _run()
    assert smtp_server.messages == []

    _age(case, 12.1)
    _run()
    _run()
    assert [m["To"] for m in smtp_server.messages] == ["avhopparjouren@test.samhandling.invalid"]
    first = smtp_server.messages[0]
    assert case.reference in _subject(first) and "Påminnelse" in _subject(first)
    assert "Testavhoppare" not in _body(first) and "Hemlig" not in _body(first)

    _age(case, 20.5)
    _run()
    assert len(smtp_server.messages) == 2
    assert smtp_server.messages[1]["To"] == "avhopparjouren@test.samhandling.invalid"

    _age(case, 24.2)
    _run()
    _run()
    assert len(smtp_server.messages) == 3
    assert smtp_server.messages[2]["To"] == manager.email
    assert "Försenad" in _subject(smtp_server.messages[2])
    case.refresh_from_db()
    assert case.first_reminder_sent_at and case.second_reminder_sent_at and case.escalated_at


def test_a_worker_that_was_down_sends_only_the_furthest_stage(smtp_server):
    h.team_manager()
    case = h.interest(hours_ago=30)
    _run()
    assert len(smtp_server.messages) == 1
    assert "Försenad" in _subject(smtp_server.messages[0])
    case.refresh_from_db()
    assert case.first_reminder_sent_at and case.escalated_at


def test_no_reminder_after_first_contact(smtp_server):
    from samhandling.defectors import services

    member = h.team_member()
    case = h.interest(hours_ago=11)
    services.first_contact_record(
        actor=member, case=case, contacted_at=timezone.now(), method="meeting", contacted_by=member, motivation="Ut."
    )
    _age(case, 25)
    _run()
    assert smtp_server.messages == []


def test_a_mail_server_that_is_down_leaves_the_marker_unset_for_the_retry(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    case = h.interest(hours_ago=13)
    with pytest.raises(OSError):
        tasks.send_first_contact_reminders.call()
    case.refresh_from_db()
    assert case.first_reminder_sent_at is None
