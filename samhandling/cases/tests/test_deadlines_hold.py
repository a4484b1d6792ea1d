"""Deadlines that hold: the protection assessment, extensions with a cap, reminders and escalation, feedback sent."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import CaseAlert, ChildViews, DeadlineRule, InitialAssessment, ReporterFeedback
from samhandling.cases.tasks import escalate_overdue_steps, send_deadline_reminders, send_reporter_feedback

from . import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_the_protection_assessment_is_due_the_same_day_and_flagged_when_missing(client_for, social_worker_hagersten):
    report = helpers.report(received_at=timezone.now() - datetime.timedelta(days=1))
    assert report.protection_due == timezone.localtime(report.received_at).date()
    assert report.protection_rule.kind == DeadlineRule.Kind.PROTECTION
    page = client_for(social_worker_hagersten).get(reverse("cases:case_detail", args=[report.case_id])).text
    assert "Skyddsbedömningen saknas" in page
    rows = client_for(social_worker_hagersten).get(reverse("cases:workload")).text
    assert "Skyddsbedömning saknas" in rows and "Försenad" in rows


def test_no_initial_assessment_without_a_protection_assessment(client_for, social_worker_hagersten):
    report = helpers.report()
    url = reverse("cases:initial_assessment", args=[report.id])
    response = client_for(social_worker_hagersten).post(
        url, {"decision": "not_open", "decided_on": TODAY().isoformat(), "reasons": "Ingen oro."}
    )
    assert response.status_code == 200 and "skyddsbedömningen före" in response.text
    assert not InitialAssessment.objects.exists()


def _with_views(worker, inv):
    ChildViews.objects.create(
        investigation=inv, whose="child", recorded_on=TODAY(), how="Samtal", views="Vill ha stöd.", recorded_by=worker
    )


def test_completing_after_the_deadline_needs_a_recorded_extension(social_worker_hagersten):
    inv = helpers.investigation(social_worker_hagersten, days_ago=140)  # opened 135 days ago: past four months
    _with_views(social_worker_hagersten, inv)
    assert inv.due_on < TODAY()
    with pytest.raises(ValidationError) as refused:
        services.investigation_complete(actor=social_worker_hagersten, investigation=inv, completed_on=TODAY())
    assert "förlänga" in str(refused.value.message_dict["completed_on"])
    services.investigation_extend(
        actor=social_worker_hagersten, investigation=inv, new_due_on=TODAY(), reasons="Väntar på BUP-utlåtande."
    )
    services.investigation_complete(actor=social_worker_hagersten, investigation=inv, completed_on=TODAY())
    inv.refresh_from_db()
    assert inv.completed_on == TODAY()


def test_an_extension_is_capped_by_the_rule(client_for, social_worker_hagersten):
    inv = helpers.investigation(social_worker_hagersten)
    rule = inv.rule
    assert rule.extension_max_months == 2  # data, with its note
    limit = services.extension_limit(inv)
    url = reverse("cases:investigation_extend", args=[inv.id])
    worker = client_for(social_worker_hagersten)
    too_far = limit + datetime.timedelta(days=1)
    response = worker.post(url, {"new_due_on": too_far.isoformat(), "reasons": "Väntar på utlåtande."})
    assert response.status_code == 200 and limit.isoformat() in response.text
    assert not inv.extensions.exists()
    assert worker.post(url, {"new_due_on": limit.isoformat(), "reasons": "Väntar på utlåtande."}).status_code == 302
    # A double click records one extension.
    assert worker.post(url, {"new_due_on": limit.isoformat(), "reasons": "Väntar på utlåtande."}).status_code == 302
    assert inv.extensions.count() == 1
    # The cap is data: a rule without one allows a longer extension.
    DeadlineRule.objects.filter(id=rule.id).update(extension_max_months=None)
    inv.refresh_from_db()
    services.investigation_extend(
        actor=social_worker_hagersten, investigation=inv, new_due_on=too_far, reasons="Nytt utlåtande behövs."
    )


def test_reminders_for_unassigned_cases_go_to_the_unit_managers_queue(client_for, unit_manager_hagersten, smtp_server):
    unit_manager_hagersten.email = "enhetschef.hagersten@test.samhandling.invalid"
    unit_manager_hagersten.save()
    report = helpers.report(received_at=timezone.now() - datetime.timedelta(days=13))
    assert report.case.assigned_to is None
    assert send_deadline_reminders.call() == 1
    alert = CaseAlert.objects.get()
    assert alert.kind == "reminder" and alert.step == "initial" and alert.case_id == report.case_id
    assert [m["To"] for m in smtp_server.messages] == [unit_manager_hagersten.email]
    assert "Testbarn" not in _body(smtp_server.messages[0])
    assert send_deadline_reminders.call() == 0 and len(smtp_server.messages) == 1
    manager = client_for(unit_manager_hagersten)
    queue = manager.get(reverse("cases:queue")).text
    assert "Påminnelse: ingen handläggare" in queue
    assert manager.post(reverse("cases:alert_handled", args=[alert.id])).status_code == 302
    alert.refresh_from_db()
    assert alert.handled_by == unit_manager_hagersten
    assert AuditEvent.objects.filter(verb="cases.alert.handle").count() == 1
    assert "Påminnelse: ingen handläggare" not in manager.get(reverse("cases:queue")).text


def test_an_overdue_step_escalates_to_the_manager_once(
    client_for, social_worker_hagersten, unit_manager_hagersten, social_worker_rinkeby, smtp_server
):
    unit_manager_hagersten.email = "enhetschef.hagersten@test.samhandling.invalid"
    unit_manager_hagersten.save()
    late = helpers.report(received_at=timezone.now() - datetime.timedelta(days=20))
    late.case.assigned_to = social_worker_hagersten
    late.case.save()
    helpers.report(number=helpers.OTHER_NUMBER)  # received today: nothing is overdue
    # The protection assessment (same day) and the initial assessment (14 days) are both overdue.
    assert escalate_overdue_steps.call() == 2
    assert {(a.kind, a.step) for a in CaseAlert.objects.all()} == {
        ("escalation", "protection"),
        ("escalation", "initial"),
    }
    assert len(smtp_server.messages) == 2
    assert all(m["To"] == unit_manager_hagersten.email for m in smtp_server.messages)
    assert any("Försenat" in _subject(m) for m in smtp_server.messages)
    assert escalate_overdue_steps.call() == 0 and len(smtp_server.messages) == 2
    queue = client_for(unit_manager_hagersten).get(reverse("cases:queue")).text
    assert "Försenat: eskalerat till chefen" in queue
    # The other district's manager queue does not show it; the alert handler is 404 there.
    alert = CaseAlert.objects.first()
    other = client_for(social_worker_rinkeby)
    assert other.post(reverse("cases:alert_handled", args=[alert.id])).status_code == 403
    assert client_for(social_worker_hagersten).post(reverse("cases:alert_handled", args=[alert.id])).status_code == 403


def test_the_alert_handler_is_404_for_another_districts_manager(client_for, unit_manager_hagersten):
    from samhandling.organisations.tests import factories as f

    report = helpers.report(received_at=timezone.now() - datetime.timedelta(days=20))
    escalate_overdue_steps.call()
    alert = CaseAlert.objects.filter(case=report.case).first()
    rinkeby_manager = f.unit_manager("Rinkeby-Kista")
    assert client_for(rinkeby_manager).post(reverse("cases:alert_handled", args=[alert.id])).status_code == 404
    assert f">{report.case_id}</a>" not in client_for(rinkeby_manager).get(reverse("cases:queue")).text


def _decided_report(worker, *, email="", decision="open"):
    report = helpers.assessed_report(worker, email=email)
    # Sent through the public form: the school's claim is confirmed before the school is told anything.
    services.concern_report_confirm_reporter(actor=worker, report=report, note="Ringde tillbaka via skolans växel.")
    services.initial_assessment_decide(
        actor=worker, report=report, decision=decision, decided_on=TODAY(), reasons="Ingen oro."
    )
    return report


def test_feedback_by_e_mail_is_sent_once_by_the_worker(
    client_for, social_worker_hagersten, smtp_server, django_capture_on_commit_callbacks
):
    report = _decided_report(social_worker_hagersten, email="larare@testskolan.invalid")
    smtp_server.messages.clear()  # the receipt
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(social_worker_hagersten).post(
            reverse("cases:reporter_feedback", args=[report.id]), {"outcome": "opened"}
        )
    assert response.status_code == 302 and len(callbacks) == 1
    feedback = ReporterFeedback.objects.get()
    assert feedback.channel == "email" and feedback.email_sent_at is None
    assert send_reporter_feedback.call(feedback.id) is True
    assert send_reporter_feedback.call(feedback.id) is False  # the task run twice: one e-mail
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "larare@testskolan.invalid"
    assert "utredning" in _body(message) and "Testbarn" not in _body(message)
    feedback.refresh_from_db()
    assert feedback.email_sent_at is not None


def test_feedback_without_an_address_is_a_letter_to_print(client_for, social_worker_hagersten):
    report = _decided_report(social_worker_hagersten, decision="not_open")
    worker = client_for(social_worker_hagersten)
    response = worker.post(reverse("cases:reporter_feedback", args=[report.id]), {"outcome": "not_opened"})
    assert response.status_code == 302 and response["Location"].endswith("/aterkoppling/brev/")
    letter = worker.get(response["Location"])
    assert letter.status_code == 200 and "Lärare Testsson" in letter.text and "inte inleda en utredning" in letter.text
    pdf = worker.get(response["Location"] + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="cases.report.feedback_letter").count() == 2


def test_one_report_gets_one_coherent_answer(client_for, social_worker_hagersten):
    report = _decided_report(social_worker_hagersten, decision="open")
    url = reverse("cases:reporter_feedback", args=[report.id])
    worker = client_for(social_worker_hagersten)
    # The answer must agree with the initial assessment.
    response = worker.post(url, {"outcome": "not_opened"})
    assert response.status_code == 200 and "stämma med förhandsbedömningen" in response.text
    assert worker.post(url, {"outcome": "opened"}).status_code == 302
    assert worker.post(url, {"outcome": "opened"}).status_code == 302  # the same answer again: no second one
    with pytest.raises(ValidationError):
        services.reporter_feedback_record(actor=social_worker_hagersten, report=report, outcome="ongoing")
    assert ReporterFeedback.objects.filter(report=report).count() == 1


def test_no_feedback_before_the_initial_assessment(client_for, social_worker_hagersten):
    report = helpers.report()
    services.concern_report_confirm_reporter(actor=social_worker_hagersten, report=report, note="Ringde tillbaka.")
    response = client_for(social_worker_hagersten).post(
        reverse("cases:reporter_feedback", args=[report.id]), {"outcome": "opened"}
    )
    assert "förhandsbedömningen först" in response.text and not ReporterFeedback.objects.exists()
