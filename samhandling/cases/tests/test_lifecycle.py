"""Cases that end: closing (reason, date, who), reopening, ending interventions with an outcome."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import Case, CaseStatusEvent, InterventionDecision
from samhandling.catalogue.models import Method

from . import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _decided(worker, decision="not_open"):
    report = helpers.assessed_report(worker)
    services.initial_assessment_decide(
        actor=worker, report=report, decision=decision, decided_on=TODAY(), reasons="Ingen oro kvar."
    )
    case = report.case
    Case.objects.filter(id=case.id).update(assigned_to=worker)
    case.refresh_from_db()
    return case


def _close_data(case, **extra):
    return {"version": case.version, "reason": "no_investigation", "closed_on": TODAY().isoformat(), **extra}


@pytest.fixture
def worker(client_for, social_worker_hagersten):
    return client_for(social_worker_hagersten)


def test_closing_records_reason_date_and_who_and_is_audited(worker, social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    response = worker.post(reverse("cases:case_close", args=[case.id]), _close_data(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_on == TODAY()
    assert case.closed_reason == "no_investigation" and case.closed_by == social_worker_hagersten
    event = AuditEvent.objects.get(verb="cases.case.close", target_id=str(case.id))
    assert event.details["reason"] == "no_investigation"
    page = worker.get(reverse("cases:case_detail", args=[case.id])).text
    assert "Avslutat" in page and "Ingen utredning inleddes" in page and "Återöppna ärendet" in page


def test_the_reason_comes_from_the_list_and_other_needs_a_comment(worker, social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    url = reverse("cases:case_close", args=[case.id])
    response = worker.post(url, _close_data(case, reason="för att jag vill"))
    assert response.status_code == 200 and "Välj ett giltigt" in response.text
    response = worker.post(url, _close_data(case, reason="other"))
    assert response.status_code == 200 and "Beskriv skälet" in response.text
    response = worker.post(url, _close_data(case, note="x" * 501))
    assert response.status_code == 200 and "500" in response.text
    future = (TODAY() + datetime.timedelta(days=1)).isoformat()
    assert "framtiden" in worker.post(url, _close_data(case, closed_on=future)).text
    assert Case.objects.get(id=case.id).status != Case.Status.CLOSED


def test_a_case_with_open_matters_cannot_be_closed(worker, social_worker_hagersten):
    report = helpers.report()
    case = report.case
    response = worker.post(reverse("cases:case_close", args=[case.id]), _close_data(case))
    assert response.status_code == 200 and "förhandsbedömning" in response.text
    inv = helpers.investigation(social_worker_hagersten)
    response = worker.post(reverse("cases:case_close", args=[inv.case_id]), _close_data(inv.case))
    assert "inte avslutad" in response.text
    assert not Case.objects.filter(status=Case.Status.CLOSED).exists()


def test_a_double_click_closes_once_and_a_stale_form_is_a_conflict(worker, social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    url = reverse("cases:case_close", args=[case.id])
    data = _close_data(case)
    assert worker.post(url, data).status_code == 302
    assert worker.post(url, data).status_code == 302  # the same act again: no second closing
    assert CaseStatusEvent.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(verb="cases.case.close").count() == 1
    # Someone closed it with another reason after this form was opened: a conflict, nothing overwritten.
    response = worker.post(url, {**data, "reason": "moved"})
    assert response.status_code == 409 and "Någon annan sparade först" in response.text
    assert Case.objects.get(id=case.id).closed_reason == "no_investigation"


@pytest.mark.django_db(transaction=True)
def test_three_parallel_closings_make_one(social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    results = []

    def close():
        try:
            services.case_close(
                actor=social_worker_hagersten,
                case=case,
                expected_version=case.version,
                reason="no_investigation",
                closed_on=TODAY(),
            )
            results.append("ok")
        except Exception as e:  # noqa: BLE001 - the test counts what each thread got
            results.append(type(e).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["ok", "ok", "ok"]
    assert CaseStatusEvent.objects.filter(case=case).count() == 1


def test_closed_cases_leave_the_workload_and_the_queue_but_stay_findable(
    client_for, social_worker_hagersten, unit_manager_hagersten, social_worker_rinkeby
):
    case = _decided(social_worker_hagersten)
    worker = client_for(social_worker_hagersten)
    assert f">{case.id}</a>" in worker.get(reverse("cases:workload")).text
    services.case_close(
        actor=social_worker_hagersten,
        case=case,
        expected_version=case.version,
        reason="no_investigation",
        closed_on=TODAY(),
    )
    assert f">{case.id}</a>" not in worker.get(reverse("cases:workload")).text
    api = worker.get("/api/v1/cases/mine/").json()
    assert case.id not in [r["case"] for r in api["mine"] + api["unassigned"]]
    manager = client_for(unit_manager_hagersten)
    assert f">{case.id}</a>" not in manager.get(reverse("cases:queue")).text
    closed = manager.get(reverse("cases:closed_cases"))
    assert closed.status_code == 200 and f">{case.id}</a>" in closed.text and "Ingen utredning inleddes" in closed.text
    # Another district's worker does not find it.
    other = client_for(social_worker_rinkeby).get(reverse("cases:closed_cases"))
    assert other.status_code == 200 and f">{case.id}</a>" not in other.text


def test_the_case_api_shows_the_status_and_the_closing(worker, social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    services.case_close(
        actor=social_worker_hagersten, case=case, expected_version=case.version, reason="moved", closed_on=TODAY()
    )
    data = worker.get(f"/api/v1/cases/{case.id}/").json()
    assert data["status"] == "closed" and data["status_display"] == "Avslutat"
    assert data["closed_on"] == TODAY().isoformat() and data["closed_reason"] == "moved"


def test_reopening_needs_a_reason_and_is_audited(worker, social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    case = services.case_close(
        actor=social_worker_hagersten,
        case=case,
        expected_version=case.version,
        reason="no_investigation",
        closed_on=TODAY(),
    )
    url = reverse("cases:case_reopen", args=[case.id])
    response = worker.post(url, {"version": case.version, "reason": "kollar"})
    assert response.status_code == 200 and "åtminstone har 10 tecken" in response.text
    response = worker.post(url, {"version": case.version, "reason": "Nya uppgifter från skolan om frånvaro."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.INTAKE and case.closed_on is None and case.closed_reason == ""
    assert AuditEvent.objects.filter(verb="cases.case.reopen", target_id=str(case.id)).count() == 1
    assert [e.action for e in case.status_events.all()] == ["closed", "reopened"]
    page = worker.get(reverse("cases:case_detail", args=[case.id])).text
    assert "Nya uppgifter från skolan" in page and "Avsluta ärendet" in page


def test_nothing_new_is_decided_in_a_closed_case(social_worker_hagersten):
    case = _decided(social_worker_hagersten)
    services.case_close(
        actor=social_worker_hagersten,
        case=case,
        expected_version=case.version,
        reason="no_investigation",
        closed_on=TODAY(),
    )
    case.refresh_from_db()
    with pytest.raises(services.common.ValidationError):
        services.police_request_record(actor=social_worker_hagersten, case=case, requested_on=TODAY(), request="x")


def _intervention(worker_user):
    inv = helpers.investigation(worker_user)
    services.child_views_record(
        actor=worker_user, investigation=inv, whose="child", recorded_on=TODAY(), how="Samtal", views="Vill ha stöd."
    )
    services.investigation_complete(actor=worker_user, investigation=inv, completed_on=TODAY())
    return services.intervention_decide(
        actor=worker_user,
        case=inv.case,
        method=Method.objects.get(slug="komet"),
        provider="Öppenvården",
        basis="consent",
        decided_on=TODAY(),
        start_on=TODAY() - datetime.timedelta(days=1),
        end_on=None,
        follow_up_on=TODAY() + datetime.timedelta(days=90),
    )


def test_an_intervention_ends_with_an_outcome_and_then_the_case_can_close(worker, social_worker_hagersten):
    decision = _intervention(social_worker_hagersten)
    case = decision.case
    response = worker.post(reverse("cases:case_close", args=[case.id]), _close_data(case, reason="interventions_ended"))
    assert "insats" in response.text and Case.objects.get(id=case.id).status == Case.Status.INTERVENTION
    url = reverse("cases:intervention_close", args=[decision.id])
    assert worker.get(url).status_code == 200
    data = {"version": decision.version, "closed_on": TODAY().isoformat(), "outcome": "goals_met"}
    response = worker.post(url, {**data, "closed_on": (TODAY() - datetime.timedelta(days=5)).isoformat()})
    assert "innan den startade" in response.text
    assert worker.post(url, {**data, "outcome_note": "Går i skolan igen."}).status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == "goals_met" and decision.closed_on == TODAY()
    assert decision.outcome_note == "Går i skolan igen." and decision.closed_by == social_worker_hagersten
    assert AuditEvent.objects.filter(verb="cases.intervention.close").count() == 1
    assert worker.post(url, {**data, "outcome": "not_met"}).status_code == 409
    assert InterventionDecision.objects.get().outcome == "goals_met"
    case.refresh_from_db()
    response = worker.post(reverse("cases:case_close", args=[case.id]), _close_data(case, reason="interventions_ended"))
    assert response.status_code == 302
    summary = worker.get(f"/api/v1/cases/{case.id}/").json()
    assert summary["interventions"][0]["outcome"] == "goals_met"


# --- the permission matrix of the new pages --------------------------------------------------------


def test_the_lifecycle_pages_are_for_the_unit_only(
    client, client_for, social_worker_hagersten, social_worker_rinkeby, unit_manager_hagersten, school_reporter
):
    decision = _intervention(social_worker_hagersten)
    case = decision.case
    report = case.reports.get()
    services.concern_report_confirm_reporter(actor=social_worker_hagersten, report=report, note="Ringde tillbaka.")
    services.reporter_feedback_record(actor=social_worker_hagersten, report=report, outcome="opened")
    urls = [
        reverse("cases:case_close", args=[case.id]),
        reverse("cases:case_reopen", args=[case.id]),
        reverse("cases:intervention_close", args=[decision.id]),
        reverse("cases:feedback_letter", args=[report.id]),
    ]
    # Another district, even sharing the child: 404; with emergency access (read-only): 403.
    other = client_for(social_worker_rinkeby)
    helpers.report(district="Rinkeby-Kista")  # a case about the same child in Rinkeby-Kista
    for url in urls:
        assert other.get(url).status_code == 404, url
        assert other.post(url, {}).status_code == 404, url
    helpers.open_emergency(social_worker_rinkeby, case)
    for url in urls:
        assert other.get(url).status_code == 403, url
    # No case role: 403; anonymous: to the login page.
    reporter = client_for(school_reporter)
    for url in urls + [reverse("cases:closed_cases")]:
        assert reporter.get(url).status_code in (403, 404), url
    client.logout()
    for url in urls + [reverse("cases:closed_cases")]:
        response = client.get(url)
        assert response.status_code == 302 and "logga-in" in response["Location"], url
    # The unit: allowed.
    own = client_for(unit_manager_hagersten)
    for url in urls:
        assert own.get(url).status_code == 200, url
