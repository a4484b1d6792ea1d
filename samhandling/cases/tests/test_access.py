"""The permission matrix of docs/access-model.md, section Cases."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import EmergencyAccess, EmergencyReason, ProtectedIdentityGrant

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(social_worker_hagersten):
    r = helpers.report()
    r.case.assigned_to = social_worker_hagersten
    r.case.save()
    return r.case


def test_the_social_worker_of_the_unit_sees_the_case_and_the_look_is_audited(client_for, social_worker_hagersten, case):
    response = client_for(social_worker_hagersten).get(reverse("cases:case_detail", args=[case.id]))
    assert response.status_code == 200
    assert "Testbarn Exempelsson" in response.text
    assert AuditEvent.objects.filter(verb="cases.case.view", target_id=str(case.id), purpose="case work").exists()


def test_the_workload_lists_my_cases_with_the_deadline(client_for, social_worker_hagersten, case):
    response = client_for(social_worker_hagersten).get(reverse("cases:workload"))
    assert response.status_code == 200
    assert "Testbarn Exempelsson" in response.text
    # The protection assessment comes first (the same day), then the initial assessment.
    assert "Skyddsbedömning saknas" in response.text
    report = case.reports.get()
    services.protection_assessment_record(
        actor=social_worker_hagersten, report=report, immediate_protection_needed=False, notes="Ingen akut fara."
    )
    response = client_for(social_worker_hagersten).get(reverse("cases:workload"))
    assert str(report.initial_assessment_due) in response.text and "Skyddsbedömning saknas" not in response.text


def test_the_unit_manager_sees_the_case_and_the_queue(client_for, unit_manager_hagersten, case):
    c = client_for(unit_manager_hagersten)
    assert c.get(reverse("cases:case_detail", args=[case.id])).status_code == 200
    response = c.get(reverse("cases:queue"))
    assert response.status_code == 200 and f">{case.id}</a>" in response.text


def test_the_manager_assigns_a_case_in_the_queue(client_for, unit_manager_hagersten, social_worker_hagersten):
    case = helpers.report().case
    c = client_for(unit_manager_hagersten)
    response = c.post(reverse("cases:queue"), {"case": case.id, "assignee": social_worker_hagersten.id})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == social_worker_hagersten


def test_a_social_worker_cannot_use_the_queue(client_for, social_worker_hagersten):
    assert client_for(social_worker_hagersten).get(reverse("cases:queue")).status_code == 403


def test_it_hides_other_districts_cases(client_for, social_worker_rinkeby, case):
    c = client_for(social_worker_rinkeby)
    assert c.get(reverse("cases:case_detail", args=[case.id])).status_code == 404
    report = case.reports.get()
    assert c.get(reverse("cases:protection_assessment", args=[report.id])).status_code == 404
    assert "Testbarn" not in c.get(reverse("cases:workload")).text


@pytest.mark.parametrize("persona", ["school_reporter", "police_liaison", "district_planner", "outsider"])
def test_school_police_and_others_see_nothing(request, client_for, case, persona):
    c = client_for(request.getfixturevalue(persona))
    assert c.get(reverse("cases:case_detail", args=[case.id])).status_code == 404
    assert c.get(reverse("cases:workload")).status_code == 403
    assert c.get(reverse("cases:queue")).status_code == 403
    assert c.get(reverse("cases:emergency_access")).status_code == 403


def test_anonymous_users_are_sent_to_login_except_for_the_report_form(client, case):
    assert client.get(reverse("cases:case_detail", args=[case.id])).status_code == 302
    assert client.get(reverse("cases:concern_report_form")).status_code == 200
    assert client.get(reverse("cases:report_received")).status_code == 200


def test_a_protected_identity_is_hidden_in_lists_and_on_the_case_page(client_for, social_worker_hagersten, case):
    case.person.protected_identity = True
    case.person.address = "Hemliga vägen 1"
    case.person.save()
    c = client_for(social_worker_hagersten)
    assert "Testbarn" not in c.get(reverse("cases:workload")).text
    page = c.get(reverse("cases:case_detail", args=[case.id])).text
    assert "Testbarn" not in page and helpers.CHILD_NUMBER[:8] not in page and "Skyddad identitet" in page
    # Without a grant, stating a reason does not reveal anything, and the attempt is audited.
    page = c.post(reverse("cases:case_detail", args=[case.id]), {"reason": "Kontakt med skolan"}).text
    assert "Testbarn" not in page
    assert AuditEvent.objects.filter(verb="cases.person.reveal_protected_refused").exists()


def test_a_grant_and_a_stated_reason_reveal_a_protected_identity_once(
    client_for, social_worker_hagersten, unit_manager_hagersten, case
):
    person = case.person
    person.protected_identity, person.address = True, "Hemliga vägen 1"
    person.save()
    services.identity_grant_create(
        actor=unit_manager_hagersten,
        person=person,
        user=social_worker_hagersten,
        reason="Handläggare i ärendet",
        valid_to=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert ProtectedIdentityGrant.objects.count() == 1
    c = client_for(social_worker_hagersten)
    assert "Testbarn" not in c.get(reverse("cases:case_detail", args=[case.id])).text
    page = c.post(reverse("cases:case_detail", args=[case.id]), {"reason": "Hembesök planeras"}).text
    assert "Testbarn Exempelsson" in page and "Hemliga vägen 1" in page
    event = AuditEvent.objects.get(verb="cases.person.reveal_protected")
    assert event.purpose == "Hembesök planeras"
    assert "Testbarn" not in str(event.details)
    # Lists still never show it.
    assert "Testbarn" not in c.get(reverse("cases:workload")).text


def test_break_the_glass_gives_time_limited_read_access_listed_for_the_log_reviewer(
    client_for, social_worker_rinkeby, log_reviewer, case
):
    c = client_for(social_worker_rinkeby)
    url = reverse("cases:emergency_access")
    reason_id = EmergencyReason.objects.get(code="akut-skyddsbehov").id
    response = c.post(url, {"case_number": case.id, "reason_code": reason_id, "reason": "", "hours": 2})
    assert response.status_code == 200 and "obligatoriskt" in response.text
    data = {"case_number": case.id, "reason_code": reason_id, "reason": helpers.EMERGENCY_REASON, "hours": 2}
    response = c.post(url, data)
    assert response.status_code == 302
    assert c.get(reverse("cases:case_detail", args=[case.id])).status_code == 200
    # Read-only: the write pages answer 403.
    report = case.reports.get()
    assert c.get(reverse("cases:protection_assessment", args=[report.id])).status_code == 403
    assert c.get(reverse("cases:intervention_decide", args=[case.id])).status_code == 403
    # Not in the lists of the other unit.
    assert "Testbarn" not in c.get(reverse("cases:workload")).text
    # The log reviewer sees it and records the outcome of the review.
    reviewer = client_for(log_reviewer)
    page = reviewer.get(reverse("cases:emergency_access_review"))
    assert page.status_code == 200 and helpers.EMERGENCY_REASON in page.text
    access = EmergencyAccess.objects.get()
    detail = reverse("cases:emergency_access_review_detail", args=[access.id])
    assert reviewer.post(detail, {"outcome": "justified", "comment": ""}).status_code == 302
    access.refresh_from_db()
    assert access.reviewed_by == log_reviewer and access.review_outcome == "justified"
    # When the time is up, the case is invisible again.
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert c.get(reverse("cases:case_detail", args=[case.id])).status_code == 404


def test_break_the_glass_is_limited_to_eight_hours(client_for, social_worker_rinkeby, case):
    reason_id = EmergencyReason.objects.get(code="akut-skyddsbehov").id
    response = client_for(social_worker_rinkeby).post(
        reverse("cases:emergency_access"),
        {"case_number": case.id, "reason_code": reason_id, "reason": helpers.EMERGENCY_REASON, "hours": 24},
    )
    assert response.status_code == 200 and not EmergencyAccess.objects.exists()


def test_only_the_log_reviewer_reviews_emergency_access(client_for, social_worker_hagersten, unit_manager_hagersten):
    for user in (social_worker_hagersten, unit_manager_hagersten):
        assert client_for(user).get(reverse("cases:emergency_access_review")).status_code == 403


def test_the_log_reviewer_finds_the_emergency_access_list_in_the_navigation(client_for, log_reviewer):
    page = client_for(log_reviewer).get(reverse("core:start")).text
    assert f'href="{reverse("cases:emergency_access_review")}"' in page and "Nödåtkomster" in page


def test_social_workers_have_no_link_to_the_emergency_access_list(client_for, social_worker_hagersten):
    page = client_for(social_worker_hagersten).get(reverse("core:start")).text
    assert reverse("cases:emergency_access_review") not in page
