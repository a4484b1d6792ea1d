import uuid
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from samhandling.audit.models import AuditEvent
from samhandling.cases.models import Case, ConcernReport, Consultation, Person
from samhandling.organisations.models import District

from . import helpers

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "public",
        "anonymous": "on",
        "child_personal_number": f"{helpers.CHILD_NUMBER[:8]}-{helpers.CHILD_NUMBER[8:]}",
        "child_first_name": "Testbarn",
        "child_last_name": "Exempelsson",
        "district": District.objects.get(name="Hägersten-Älvsjö").id,
        "description": "Jag hör bråk och skrik från lägenheten varje kväll.",
    }
    data.update(extra)
    return data


def test_the_public_can_report_anonymously_and_the_report_reaches_the_district(client, social_worker_hagersten):
    page = client.get(reverse("cases:concern_report_form"))
    assert "Vad händer nu" in page.text and "14 dagar" in page.text
    response = client.post(reverse("cases:concern_report_form"), _form())
    assert response.status_code == 302 and response.url == reverse("cases:report_received")
    report = ConcernReport.objects.get()
    assert report.anonymous and report.channel == "eservice"
    assert report.case.unit.district.name == "Hägersten-Älvsjö"
    assert report.case.person.personal_number == helpers.CHILD_NUMBER
    event = AuditEvent.objects.get(verb="cases.report.create")
    assert "Testbarn" not in str(event.details) and helpers.CHILD_NUMBER not in str(event.details)


def test_a_form_sent_twice_creates_one_record(client, social_worker_hagersten):
    data = _form()
    client.post(reverse("cases:concern_report_form"), data)
    client.post(reverse("cases:concern_report_form"), data)
    assert ConcernReport.objects.count() == 1 and Case.objects.count() == 1


def test_a_wrong_personal_number_gives_a_swedish_error_and_keeps_what_was_typed(client, social_worker_hagersten):
    response = client.post(reverse("cases:concern_report_form"), _form(child_personal_number="20120314-0000"))
    assert response.status_code == 200
    assert "inte ett giltigt personnummer" in response.text
    assert "Jag hör bråk och skrik" in response.text
    assert not ConcernReport.objects.exists()


def test_an_unknown_number_gives_a_reserve_identity(client, social_worker_hagersten):
    client.post(reverse("cases:concern_report_form"), _form(child_personal_number=""))
    person = Person.objects.get()
    assert person.personal_number is None and person.reserve_number.startswith("R")


def test_a_school_reporter_sees_only_duty_to_report_choices_and_cannot_be_anonymous(client_for, school_reporter):
    c = client_for(school_reporter)
    page = c.get(reverse("cases:concern_report_form")).text
    assert 'value="public"' not in page and 'name="anonymous"' not in page
    response = c.post(reverse("cases:concern_report_form"), _form(reporter_kind="school", anonymous=""))
    assert response.status_code == 200 and "anmälningsplikt uppger sitt namn" in response.text


def test_the_receipt_is_queued_for_the_background_worker_and_mailed(
    client, social_worker_hagersten, smtp_server, django_capture_on_commit_callbacks
):
    # The browser journey runs the real db_worker; here the queued task is checked and run in-process.
    from django_tasks_db.models import DBTaskResult

    from samhandling.cases.tasks import send_report_receipt

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cases:concern_report_form"),
            _form(
                reporter_kind="school",
                anonymous="",
                reporter_name="Lärare Testsson",
                reporter_email="larare@skola.invalid",
            ),
        )
    assert smtp_server.messages == []  # nothing is sent inside the request
    queued = DBTaskResult.objects.get(task_path__endswith="send_report_receipt")
    send_report_receipt.call(*queued.args_kwargs["args"])
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "larare@skola.invalid"
    body = message.get_payload(decode=True).decode()
    assert "har kommit fram" in str(make_header(decode_header(message["Subject"]))) and "14 dagar" in body
    assert "Testbarn" not in body and helpers.CHILD_NUMBER[:8] not in body
    assert ConcernReport.objects.get().receipt_sent_at is not None


def test_a_social_worker_registers_a_report_and_lands_on_the_case(client_for, social_worker_hagersten):
    response = client_for(social_worker_hagersten).post(
        reverse("cases:concern_report_form"),
        _form(reporter_kind="police", anonymous="", reporter_name="Polis Testsson"),
    )
    report = ConcernReport.objects.get()
    assert response.url == reverse("cases:case_detail", args=[report.case_id])
    assert report.channel == "registered"


def test_a_school_asks_for_advice_without_naming_the_child(client_for, school_reporter, social_worker_hagersten):
    district = District.objects.get(name="Hägersten-Älvsjö")
    c = client_for(school_reporter)
    assert c.get(reverse("cases:consultation_ask")).status_code == 200
    c.post(reverse("cases:consultation_ask"), {"district": district.id, "question": "En elev verkar orolig hemma."})
    consultation = Consultation.objects.get()
    worker = client_for(social_worker_hagersten)
    assert "En elev verkar orolig" in worker.get(reverse("cases:consultation_list")).text
    worker.post(reverse("cases:consultation_list"), {"consultation": consultation.id, "advice": "Gör en anmälan."})
    consultation.refresh_from_db()
    assert consultation.advice == "Gör en anmälan." and consultation.advised_by == social_worker_hagersten


def test_consultations_are_for_reporters_and_social_services_only(client_for, police_liaison, school_reporter):
    assert client_for(police_liaison).get(reverse("cases:consultation_ask")).status_code == 403
    assert client_for(school_reporter).get(reverse("cases:consultation_list")).status_code == 403


def test_a_flood_of_text_is_refused_in_swedish_and_saves_nothing(client, social_worker_hagersten):
    flood = "<script>alert(1)</script> " * 1000  # 26,000 characters
    response = client.post(reverse("cases:concern_report_form"), _form(description=flood))
    assert response.status_code == 200
    assert "har som mest 20000 tecken" in response.text  # Django's Swedish max_length message
    assert "<script>alert(1)</script>" not in response.text  # what was typed comes back escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert not ConcernReport.objects.exists()
