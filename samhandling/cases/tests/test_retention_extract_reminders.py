import datetime
import io
from email.header import decode_header, make_header

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import Case, ConcernReport, InitialAssessment, Person
from samhandling.cases.tasks import send_deadline_reminders

from . import helpers

pytestmark = pytest.mark.django_db


def _old_report(worker, number, *, decision="not_open", years=6):
    report = helpers.assessed_report(worker, number=number)
    services.initial_assessment_decide(
        actor=worker, report=report, decision=decision, decided_on=timezone.localdate(), reasons="Ingen oro kvar."
    )
    then = timezone.now() - datetime.timedelta(days=365 * years)
    closed = {"status": Case.Status.CLOSED, "closed_on": then.date()} if decision == "not_open" else {}
    Case.objects.filter(id=report.case_id).update(last_entry_at=then, **closed)
    return report


def test_retention_dry_run_lists_and_run_deletes_keeping_only_that_it_happened(social_worker_hagersten):
    old = _old_report(social_worker_hagersten, helpers.luhn_number("20100607", "981"))
    recent = _old_report(social_worker_hagersten, helpers.luhn_number("20100608", "982"), years=2)
    kept_for_research = _old_report(social_worker_hagersten, helpers.luhn_number("20100615", "983"))
    out = io.StringIO()
    call_command("cases_retention", "--dry-run", stdout=out)
    assert f"case {old.case_id}\treport_only" in out.getvalue() and "1 case(s)" in out.getvalue()
    assert Case.objects.count() == 3
    call_command("cases_retention", "--run", stdout=io.StringIO())
    assert set(Case.objects.values_list("id", flat=True)) == {recent.case_id, kept_for_research.case_id}
    assert not Person.objects.filter(personal_number=helpers.luhn_number("20100607", "981")).exists()
    event = AuditEvent.objects.get(verb="cases.retention.run")
    assert event.details["cases_deleted"] == {"report_only": 1}
    assert "2010" not in str(event.details)


def test_an_open_case_file_is_not_deleted(social_worker_hagersten):
    _old_report(social_worker_hagersten, helpers.CHILD_NUMBER, decision="open")
    out = io.StringIO()
    call_command("cases_retention", "--dry-run", stdout=out)
    assert "0 case(s)" in out.getvalue()


def test_the_register_extract_is_one_pdf_with_everything_but_protected_details(client_for, social_worker_hagersten):
    report = helpers.report()
    services.protection_assessment_record(
        actor=social_worker_hagersten, report=report, immediate_protection_needed=False, notes="Ingen akut fara."
    )
    person = report.case.person
    c = client_for(social_worker_hagersten)
    response = c.post(reverse("cases:register_extract", args=[person.id]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Registerutdrag" in text and "Testbarn" in text and "Ingen akut fara" in text
    assert "Lärare Testsson" not in text  # the reporter's identity is not part of it
    person.protected_identity = True
    person.save()
    response = c.post(reverse("cases:register_extract", args=[person.id]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Testbarn" not in text and "Skyddad" in text
    assert AuditEvent.objects.filter(verb="cases.person.register_extract").count() == 2


def test_the_register_extract_is_not_for_other_districts(client_for, social_worker_rinkeby, social_worker_hagersten):
    person = helpers.report().case.person
    assert (
        client_for(social_worker_rinkeby).post(reverse("cases:register_extract", args=[person.id])).status_code == 404
    )


def test_reminders_go_to_the_assigned_worker_before_the_deadline(social_worker_hagersten, smtp_server):
    social_worker_hagersten.email = "socsek.hagersten@test.samhandling.invalid"
    social_worker_hagersten.save()
    report = helpers.report(received_at=timezone.now() - datetime.timedelta(days=13))
    Case.objects.filter(id=report.case_id).update(assigned_to=social_worker_hagersten)
    helpers.report(number=helpers.OTHER_NUMBER)  # due in 14 days: no reminder yet
    assert send_deadline_reminders.call() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == social_worker_hagersten.email and "Förhandsbedömning" in str(
        make_header(decode_header(message["Subject"]))
    )
    assert "Testbarn" not in message.get_payload(decode=True).decode()
    assert send_deadline_reminders.call() == 0  # once only
    assert ConcernReport.objects.filter(reminder_sent_on__isnull=False).count() == 1
    assert not InitialAssessment.objects.exists()
