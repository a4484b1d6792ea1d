"""A person shared by two districts: what the other district sees comes from its own cases only.

The matrix covers every person-level URL for a Rinkeby-Kista social worker who has a case about
the same child that Hägersten-Älvsjö works with (issue 9).
"""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import access, services
from samhandling.cases.models import Case, GuardianRegistration, Person, PersonChange, ProtectedIdentityGrant
from samhandling.organisations.models import District
from samhandling.organisations.tests import factories as f

from . import helpers

pytestmark = pytest.mark.django_db

GUARDIAN_NUMBER = helpers.luhn_number("19800101", "984")
SECRET_VIEWS = "Barnet berättar om HEMLIGT-HÄGERSTEN"


@pytest.fixture
def hagersten_case(social_worker_hagersten):
    """Hägersten's case with a guardian, the child's views and a 31 § LUL request."""
    r = helpers.report()
    case = r.case
    case.assigned_to = social_worker_hagersten
    case.save()
    services.guardian_add(
        actor=social_worker_hagersten,
        case=case,
        personal_number=GUARDIAN_NUMBER,
        first_name="Hemlig",
        last_name="Vårdnadshavare",
        address="Hägerstensvägen 1",
    )
    services.protection_assessment_record(
        actor=social_worker_hagersten, report=r, immediate_protection_needed=False, notes="Ingen akut fara."
    )
    services.initial_assessment_decide(
        actor=social_worker_hagersten, report=r, decision="open", decided_on=timezone.localdate()
    )
    inv = case.investigations.get()
    services.child_views_record(
        actor=social_worker_hagersten,
        investigation=inv,
        whose="child",
        recorded_on=timezone.localdate(),
        how="Samtal",
        views=SECRET_VIEWS,
    )
    return case


@pytest.fixture
def rinkeby_case(client_for, social_worker_rinkeby, hagersten_case):
    """Rinkeby registers a report through the form with the same child's personal number."""
    c = client_for(social_worker_rinkeby)
    response = c.post(
        reverse("cases:concern_report_form"),
        {
            "submission_token": str(uuid.uuid4()),
            "reporter_kind": "social_services",
            "reporter_name": "Samir",
            "child_personal_number": helpers.CHILD_NUMBER,
            "district": District.objects.get(name="Rinkeby-Kista").id,
            "description": "Oro från Rinkeby.",
        },
    )
    assert response.status_code == 302
    case = Case.objects.exclude(id=hagersten_case.id).get()
    assert case.person_id == hagersten_case.person_id
    return case


def guardian():
    return Person.objects.get(personal_number=GUARDIAN_NUMBER)


# --- the rule in access.py --------------------------------------------------------------------------


def test_the_access_rule_derives_the_person_from_the_users_cases(
    social_worker_rinkeby, social_worker_hagersten, hagersten_case, rinkeby_case
):
    child = hagersten_case.person
    assert list(access.cases_about_person_for_user(social_worker_rinkeby, child)) == [rinkeby_case]
    assert list(access.visible_guardians(social_worker_rinkeby, child)) == []
    assert list(access.visible_guardians(social_worker_hagersten, child)) == [guardian()]
    assert set(access.visible_persons(social_worker_rinkeby)) == {child}
    assert set(access.visible_persons(social_worker_hagersten)) == {child, guardian()}
    assert list(access.extract_cases_for_user(social_worker_rinkeby, child)) == [rinkeby_case]


# --- the matrix: every person-level URL -----------------------------------------------------------


def test_the_other_district_does_not_see_the_guardian_on_its_person_page(
    client_for, social_worker_rinkeby, hagersten_case, rinkeby_case
):
    page = client_for(social_worker_rinkeby).get(reverse("cases:person_detail", args=[rinkeby_case.id]))
    assert page.status_code == 200
    assert "Hemlig" not in page.text and "Hägerstensvägen" not in page.text and GUARDIAN_NUMBER[:8] not in page.text


def test_the_other_district_cannot_reach_the_guardian_through_its_own_case(
    client_for, social_worker_rinkeby, hagersten_case, rinkeby_case
):
    c = client_for(social_worker_rinkeby)
    g = guardian()
    assert c.get(reverse("cases:person_edit", args=[rinkeby_case.id, g.id])).status_code == 404
    assert c.post(reverse("cases:guardian_remove", args=[rinkeby_case.id, g.id])).status_code == 404
    assert hagersten_case.person.guardians.filter(id=g.id).exists()


@pytest.mark.parametrize(
    "name,method",
    [
        ("cases:case_detail", "get"),
        ("cases:person_detail", "get"),
        ("cases:guardian_add", "get"),
    ],
)
def test_the_other_districts_case_pages_answer_404(
    client_for, social_worker_rinkeby, hagersten_case, rinkeby_case, name, method
):
    response = getattr(client_for(social_worker_rinkeby), method)(reverse(name, args=[hagersten_case.id]))
    assert response.status_code == 404


def test_the_other_districts_person_urls_answer_404(client_for, social_worker_rinkeby, hagersten_case, rinkeby_case):
    c = client_for(social_worker_rinkeby)
    child, g = hagersten_case.person, guardian()
    assert c.get(reverse("cases:person_edit", args=[hagersten_case.id, child.id])).status_code == 404
    assert c.get(reverse("cases:person_edit", args=[hagersten_case.id, g.id])).status_code == 404
    assert c.post(reverse("cases:guardian_remove", args=[hagersten_case.id, g.id])).status_code == 404
    assert c.get(f"/api/v1/cases/{hagersten_case.id}/").status_code == 404


def test_a_manager_of_the_other_district_gets_404_on_the_protection_and_grant_urls(
    client_for, unit_manager_hagersten, social_worker_hagersten, hagersten_case, rinkeby_case
):
    manager_rinkeby = f.unit_manager("Rinkeby-Kista")
    child = hagersten_case.person
    Person.objects.filter(id=child.id).update(protected_identity=True)
    grant = services.identity_grant_create(
        actor=unit_manager_hagersten,
        person=child,
        case=hagersten_case,
        user=social_worker_hagersten,
        reason="Handläggare",
        valid_to=timezone.localdate() + datetime.timedelta(days=10),
    )
    c = client_for(manager_rinkeby)
    assert c.get(reverse("cases:person_protection", args=[hagersten_case.id, child.id])).status_code == 404
    assert c.get(reverse("cases:person_protection", args=[rinkeby_case.id, guardian().id])).status_code == 404
    withdraw = reverse("cases:identity_grant_withdraw", args=[rinkeby_case.id, grant.id])
    assert c.post(withdraw, {"reason": "Försök"}).status_code == 404
    assert c.post(reverse("cases:identity_grant_withdraw", args=[hagersten_case.id, grant.id])).status_code == 404
    # Their own grant page lists only their own case's grants, never Hägersten's colleague.
    page = c.get(reverse("cases:identity_grant", args=[rinkeby_case.id]))
    assert page.status_code == 200 and social_worker_hagersten.last_name not in page.text
    assert ProtectedIdentityGrant.objects.get().withdrawn_at is None


def test_anonymous_visitors_are_sent_to_login_from_every_person_url(client, hagersten_case):
    child = hagersten_case.person
    for url in [
        reverse("cases:person_detail", args=[hagersten_case.id]),
        reverse("cases:person_edit", args=[hagersten_case.id, child.id]),
        reverse("cases:person_protection", args=[hagersten_case.id, child.id]),
        reverse("cases:identity_grant", args=[hagersten_case.id]),
        reverse("cases:full_extract"),
    ]:
        assert client.get(url).status_code == 302
    assert client.post(reverse("cases:register_extract", args=[child.id])).status_code == 302


@pytest.mark.parametrize("persona", ["school_reporter", "police_liaison", "outsider", "log_reviewer"])
def test_the_register_extract_answers_404_without_an_own_case(request, client_for, hagersten_case, persona):
    c = client_for(request.getfixturevalue(persona))
    assert c.post(reverse("cases:register_extract", args=[hagersten_case.person_id])).status_code == 404


# --- the register extract -------------------------------------------------------------------------------


@pytest.fixture
def rendered(monkeypatch):
    """Capture the HTML the extract is made from."""
    from samhandling.cases import extract

    seen = []
    original = extract.render_to_string

    def capture(*args, **kwargs):
        html = original(*args, **kwargs)
        seen.append(html)
        return html

    monkeypatch.setattr(extract, "render_to_string", capture)
    return seen


def test_the_register_extract_holds_only_the_users_own_cases_and_is_audited_per_case(
    client_for, social_worker_rinkeby, hagersten_case, rinkeby_case, rendered
):
    response = client_for(social_worker_rinkeby).post(reverse("cases:register_extract", args=[rinkeby_case.person_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    html = rendered[0]
    assert "Oro från Rinkeby." in html
    assert SECRET_VIEWS not in html and "Eleven har varit" not in html and "Hemlig" not in html
    event = AuditEvent.objects.get(verb="cases.person.register_extract")
    assert event.details["case_ids"] == [rinkeby_case.id]
    per_case = AuditEvent.objects.filter(verb="cases.case.register_extract")
    assert list(per_case.values_list("target_id", flat=True)) == [str(rinkeby_case.id)]


def test_the_data_protection_officer_makes_the_full_extract_audited_against_every_case(
    client_for, data_protection_officer, hagersten_case, rinkeby_case, rendered
):
    c = client_for(data_protection_officer)
    url = reverse("cases:full_extract")
    assert c.get(url).status_code == 200
    unknown = helpers.luhn_number("20010101", "990")
    response = c.post(url, {"personal_number": unknown, "request_reference": "SOF 2026/12"})
    assert response.status_code == 200 and "Det finns inget ärende" in response.text
    response = c.post(url, {"personal_number": helpers.CHILD_NUMBER, "request_reference": "SOF 2026/12"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert SECRET_VIEWS in rendered[0] and "Oro från Rinkeby." in rendered[0]
    audited = AuditEvent.objects.filter(verb="cases.case.register_extract", purpose="GDPR art. 15, SOF 2026/12")
    assert set(audited.values_list("target_id", flat=True)) == {str(hagersten_case.id), str(rinkeby_case.id)}
    assert AuditEvent.objects.get(verb="cases.person.register_extract_full").actor_id == data_protection_officer.id


@pytest.mark.parametrize("persona", ["social_worker_hagersten", "unit_manager_hagersten", "log_reviewer"])
def test_only_the_data_protection_function_makes_a_full_extract(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("cases:full_extract")).status_code == 403


# --- a change another district relies on ---------------------------------------------------------------


def test_a_change_by_the_other_district_is_recorded_and_shown_to_hagersten_as_such(
    client_for, social_worker_rinkeby, social_worker_hagersten, hagersten_case, rinkeby_case
):
    child = Person.objects.get(id=hagersten_case.person_id)
    data = {
        "version": child.version,
        "personal_number": child.identity,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "address": "Rinkebystråket 9",
        "birth_date": child.birth_date.isoformat(),
    }
    c = client_for(social_worker_rinkeby)
    assert c.post(reverse("cases:person_edit", args=[rinkeby_case.id, child.id]), data).status_code == 302
    change = PersonChange.objects.get()
    assert change.fields == ["address"] and change.unit_id == rinkeby_case.unit_id
    h = client_for(social_worker_hagersten)
    for name in ("cases:case_detail", "cases:person_detail"):
        page = h.get(reverse(name, args=[hagersten_case.id])).text
        assert "ändrades av en annan enhet den" in page and "adress" in page
        # Which unit is not told: that would reveal the other district's case.
        assert "Rinkeby-Kista" not in page
    # The unit that made the change is not told it was "another unit".
    c = client_for(social_worker_rinkeby)
    assert "ändrades av en annan enhet" not in c.get(reverse("cases:person_detail", args=[rinkeby_case.id])).text


def test_each_district_registers_its_own_guardian_and_removing_keeps_the_others(
    social_worker_rinkeby, social_worker_hagersten, hagersten_case, rinkeby_case
):
    g = services.guardian_add(actor=social_worker_rinkeby, case=rinkeby_case, personal_number=GUARDIAN_NUMBER)
    assert g == guardian()
    assert list(access.visible_guardians(social_worker_rinkeby, rinkeby_case.person)) == [g]
    services.guardian_remove(actor=social_worker_rinkeby, case=rinkeby_case, guardian=g)
    assert list(access.visible_guardians(social_worker_rinkeby, rinkeby_case.person)) == []
    assert list(access.visible_guardians(social_worker_hagersten, hagersten_case.person)) == [g]
    assert GuardianRegistration.objects.filter(case=hagersten_case, guardian=g).exists()
