"""The read-only cases API: the permission matrix of docs/access-model.md, section Cases."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import EmergencyAccess

from . import helpers

pytestmark = pytest.mark.django_db

MINE = "/api/v1/cases/mine/"


def summary_url(case) -> str:
    return f"/api/v1/cases/{case.id}/"


@pytest.fixture
def case(social_worker_hagersten):
    r = helpers.report(received_at=timezone.now() - datetime.timedelta(days=2))
    r.case.assigned_to = social_worker_hagersten
    r.case.save()
    return r.case


def test_my_cases_lists_the_assigned_case_with_its_deadline_and_is_audited(client_for, social_worker_hagersten, case):
    response = client_for(social_worker_hagersten).get(MINE)
    assert response.status_code == 200
    body = response.json()
    assert [row["case"] for row in body["mine"]] == [case.id]
    row = body["mine"][0]
    assert row["child"] == "Testbarn Exempelsson"
    # The protection assessment is due the same day and missing: it is the next step, flagged.
    assert row["next_step"] == "protection" and row["protection_missing"] is True
    assert row["due"] == str(case.reports.get().protection_due)
    assert row["overdue"] is True  # received two days ago
    assert body["unassigned"] == []
    event = AuditEvent.objects.filter(verb="cases.workload.view").latest("id")
    assert event.purpose == "my cases (API)" and event.actor == social_worker_hagersten


def test_the_case_summary_for_the_own_unit_is_audited_with_purpose(client_for, social_worker_hagersten, case):
    services.protection_assessment_record(
        actor=social_worker_hagersten, report=case.reports.get(), immediate_protection_needed=False, notes="Ingen fara."
    )
    response = client_for(social_worker_hagersten).get(summary_url(case))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == case.id and body["child"] == "Testbarn Exempelsson"
    assert body["identity"] == f"{helpers.CHILD_NUMBER[:8]}-{helpers.CHILD_NUMBER[8:]}"
    assert body["emergency_access"] is False
    assert body["reports"][0]["protection_assessed_at"] is not None
    assert body["reports"][0]["initial_decision"] is None
    # A summary, not the file: no free text such as the report's description or the grounds.
    assert "frånvarande" not in response.text and "Ingen fara" not in response.text
    assert AuditEvent.objects.filter(
        verb="cases.case.view", target_id=str(case.id), purpose="case summary (API)"
    ).exists()


def test_a_token_works_like_the_session(client, social_worker_hagersten, case):
    token = Token.objects.create(user=social_worker_hagersten)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get(MINE, **auth).status_code == 200
    assert client.get(summary_url(case), **auth).json()["id"] == case.id


def test_the_unit_manager_sees_the_summary_and_the_unassigned_cases(client_for, unit_manager_hagersten, case):
    new = helpers.report(number=helpers.OTHER_NUMBER).case
    c = client_for(unit_manager_hagersten)
    assert c.get(summary_url(case)).status_code == 200
    body = c.get(MINE).json()
    assert body["mine"] == [] and [row["case"] for row in body["unassigned"]] == [new.id]


def test_it_hides_other_districts_cases(client_for, social_worker_rinkeby, case):
    c = client_for(social_worker_rinkeby)
    assert c.get(summary_url(case)).status_code == 404
    body = c.get(MINE).json()
    assert body["mine"] == [] and body["unassigned"] == []


def test_an_unknown_case_answers_404(client_for, social_worker_hagersten):
    assert client_for(social_worker_hagersten).get("/api/v1/cases/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["school_reporter", "police_liaison", "district_planner", "log_reviewer"])
def test_school_police_and_others_get_nothing(request, client_for, case, persona):
    c = client_for(request.getfixturevalue(persona))
    assert c.get(summary_url(case)).status_code == 404
    assert c.get(MINE).status_code == 403


def test_anonymous_callers_are_refused(client, case):
    assert client.get(MINE).status_code in (401, 403)
    assert client.get(summary_url(case)).status_code in (401, 403)
    assert client.get(MINE, HTTP_AUTHORIZATION="Token wrong").status_code in (401, 403)


def test_a_protected_identity_is_masked_even_with_a_grant(
    client_for, social_worker_hagersten, unit_manager_hagersten, case
):
    person = case.person
    person.protected_identity = True
    person.save()
    services.identity_grant_create(
        actor=unit_manager_hagersten,
        person=person,
        user=social_worker_hagersten,
        reason="Handläggare",
        valid_to=timezone.localdate() + datetime.timedelta(days=5),
    )
    c = client_for(social_worker_hagersten)
    for url in (MINE, summary_url(case)):
        response = c.get(url)
        assert response.status_code == 200
        assert "Testbarn" not in response.text and helpers.CHILD_NUMBER[:8] not in response.text
    body = c.get(summary_url(case)).json()
    assert body["child"] == "Skyddad identitet" and body["identity"] is None and body["protected_identity"]


def test_break_the_glass_gives_a_read_only_summary_marked_as_emergency_access(client_for, social_worker_rinkeby, case):
    helpers.open_emergency(social_worker_rinkeby, case)
    c = client_for(social_worker_rinkeby)
    body = c.get(summary_url(case)).json()
    assert body["emergency_access"] is True
    assert AuditEvent.objects.filter(
        verb="cases.case.view", target_id=str(case.id), details__emergency_access=True
    ).exists()
    assert c.get(MINE).json()["mine"] == []  # never in their lists
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert c.get(summary_url(case)).status_code == 404


def test_the_api_is_read_only(client, social_worker_hagersten, case):
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=social_worker_hagersten).key}"}
    assert client.post(MINE, {}, **auth).status_code == 405
    assert client.delete(summary_url(case), **auth).status_code == 405
