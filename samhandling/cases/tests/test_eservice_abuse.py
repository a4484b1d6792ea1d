"""The public e-service cannot be abused: claims are not trusted, floods are limited, answers do not leak."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import ConcernReport, PoliceRequest, ReporterFeedback
from samhandling.organisations.models import District

from . import helpers

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "police",
        "reporter_name": "Polisen Region Stockholm",
        "reporter_email": "polisen@example.org",
        "child_first_name": "Testbarn",
        "district": District.objects.get(name="Hägersten-Älvsjö").id,
        "description": "Barnet har setts med äldre kriminella.",
    }
    data.update(extra)
    return data


def test_a_report_claiming_to_be_the_police_on_the_public_form_is_not_verified(client, social_worker_hagersten):
    response = client.post(reverse("cases:concern_report_form"), _form())
    assert response.status_code == 302
    report = ConcernReport.objects.get()
    assert report.reporter_kind == "police" and not report.reporter_verified
    assert not report.duty_to_report  # a claim alone gives no feedback about the case


def test_the_case_page_shows_the_claim_as_unverified_and_feedback_is_refused(
    client, client_for, social_worker_hagersten
):
    existing = helpers.report(actor=social_worker_hagersten)  # the child's case already exists
    client.post(reverse("cases:concern_report_form"), _form(child_personal_number=helpers.CHILD_NUMBER))
    claim = ConcernReport.objects.exclude(pk=existing.pk).get()
    assert claim.case_id == existing.case_id and not claim.reporter_verified
    worker = client_for(social_worker_hagersten)
    page = worker.get(reverse("cases:case_detail", args=[claim.case_id])).text
    assert "uppgivet av avsändaren, inte bekräftat" in page
    assert "Behandla den inte som en anmälan från en myndighet" in page
    response = worker.post(reverse("cases:reporter_feedback", args=[claim.pk]), {"outcome": "opened"})
    assert response.status_code == 200 and not ReporterFeedback.objects.filter(report=claim).exists()


def test_social_services_confirm_the_reporter_and_it_is_audited(client, client_for, social_worker_hagersten):
    client.post(reverse("cases:concern_report_form"), _form())
    report = ConcernReport.objects.get()
    worker = client_for(social_worker_hagersten)
    url = reverse("cases:reporter_confirm", args=[report.pk])
    assert "Bekräfta anmälaren" in worker.get(url).text
    empty = worker.post(url, {"note": "  "})
    assert empty.status_code == 200 and "Skriv hur anmälaren bekräftades" in empty.text or "obligatoriskt" in empty.text
    response = worker.post(url, {"note": "Ringde polisens växel och talade med anmälaren."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reporter_verified and report.reporter_verified_by == social_worker_hagersten
    assert report.reporter_verification == ConcernReport.Verification.CONFIRMED
    event = AuditEvent.objects.get(verb="cases.report.confirm_reporter")
    assert event.actor_id == social_worker_hagersten.id and "Ringde" not in str(event.details)


def test_confirming_is_for_the_cases_own_unit(client, client_for, social_worker_hagersten, social_worker_rinkeby):
    client.post(reverse("cases:concern_report_form"), _form())
    report = ConcernReport.objects.get()
    other = client_for(social_worker_rinkeby)
    assert other.post(reverse("cases:reporter_confirm", args=[report.pk]), {"note": "Ringde."}).status_code == 404
    from django.test import Client

    anonymous = Client().get(reverse("cases:reporter_confirm", args=[report.pk]))
    assert anonymous.status_code == 302 and "/konto/logga-in/" in anonymous["Location"]


def test_a_signed_in_reporter_with_a_duty_to_report_is_verified(client_for, school_reporter, social_worker_hagersten):
    reporter = client_for(school_reporter)
    reporter.post(reverse("cases:concern_report_form"), _form(reporter_kind="school", reporter_name="Lärare"))
    report = ConcernReport.objects.get()
    assert report.reporter_verification == ConcernReport.Verification.SIGNED_IN and report.duty_to_report


def test_a_report_registered_by_social_services_is_verified(client_for, social_worker_hagersten):
    client_for(social_worker_hagersten).post(reverse("cases:concern_report_form"), _form())
    assert ConcernReport.objects.get().reporter_verification == ConcernReport.Verification.REGISTERED


def test_a_flood_from_one_session_gets_a_swedish_429_and_saves_nothing_more(client, social_worker_hagersten):
    client.get(reverse("cases:concern_report_form"))  # the e-service gives the browser a session
    statuses = [client.post(reverse("cases:concern_report_form"), _form()).status_code for _ in range(8)]
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    assert ConcernReport.objects.count() == 5
    refused = client.post(reverse("cases:concern_report_form"), _form())
    assert "För många inskickade formulär" in refused.text and refused["Retry-After"]


def test_a_flood_from_one_address_without_cookies_is_limited_too(social_worker_hagersten, settings):
    from django.test import Client

    settings.RATE_LIMITS = {"concern_report": {"address": (3, 3600), "session": (5, 600)}}
    statuses = [Client().post(reverse("cases:concern_report_form"), _form()).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    other_address = Client(REMOTE_ADDR="10.0.0.9").post(reverse("cases:concern_report_form"), _form())
    assert other_address.status_code == 302


def test_two_people_answering_the_same_police_request_get_a_conflict_not_an_overwrite(
    client_for, social_worker_hagersten
):
    from samhandling.organisations.tests import factories

    colleague = factories.social_worker()
    report = helpers.report(actor=social_worker_hagersten)
    services.police_request_record(
        actor=social_worker_hagersten, case=report.case, requested_on=timezone.localdate(), request="Begäran."
    )
    request = PoliceRequest.objects.get()
    url = reverse("cases:police_answer", args=[request.pk])
    day = timezone.localdate().isoformat()
    first = client_for(social_worker_hagersten)
    assert first.post(url, {"answered_on": day, "answer": "Förundersökning inleds.", "version": 1}).status_code == 302
    from django.test import Client

    second = Client()
    second.force_login(colleague, backend="samhandling.accounts.backends.RoleBackend")
    conflict = second.post(url, {"answered_on": day, "answer": "Ingen förundersökning.", "version": 1})
    assert conflict.status_code == 409 and "Någon annan sparade först" in conflict.text
    request.refresh_from_db()
    assert request.answer == "Förundersökning inleds." and request.version == 2


def test_a_double_clicked_initial_assessment_without_a_key_gives_an_answer_not_a_500(
    client_for, social_worker_hagersten
):
    report = helpers.assessed_report(social_worker_hagersten, actor=social_worker_hagersten)
    url = reverse("cases:initial_assessment", args=[report.pk])
    data = {"decision": "not_open", "decided_on": datetime.date.today().isoformat(), "reasons": "Stöd finns."}
    worker = client_for(social_worker_hagersten)
    assert worker.post(url, data).status_code == 302
    again = worker.post(url, data)
    assert again.status_code == 200 and "redan beslutad" in again.text
