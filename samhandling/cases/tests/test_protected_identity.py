"""Protected identity, whole: setting and clearing it, withdrawing a grant, no grant to oneself,
and a protected child's guardians masked with the child everywhere (issue 9)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import access, selectors, services
from samhandling.cases.models import Person, PersonChange

from . import helpers

pytestmark = pytest.mark.django_db

GUARDIAN_NUMBER = helpers.luhn_number("19800101", "984")


@pytest.fixture
def case(social_worker_hagersten):
    r = helpers.report()
    r.case.assigned_to = social_worker_hagersten
    r.case.save()
    services.guardian_add(
        actor=social_worker_hagersten,
        case=r.case,
        personal_number=GUARDIAN_NUMBER,
        first_name="Förälder",
        last_name="Hemligsson",
        address="Gömda gatan 3",
    )
    return r.case


def _protect(case):
    Person.objects.filter(id=case.person_id).update(protected_identity=True)


def test_the_unit_manager_sets_and_clears_protected_identity_with_a_reason(client_for, unit_manager_hagersten, case):
    c = client_for(unit_manager_hagersten)
    url = reverse("cases:person_protection", args=[case.id, case.person_id])
    assert c.get(url).status_code == 200
    response = c.post(url, {"protected": "yes", "reason": "kort"})
    assert response.status_code == 200 and "minst 10 tecken" in response.text
    assert not Person.objects.get(id=case.person_id).protected_identity
    response = c.post(url, {"protected": "yes", "reason": "Skatteverkets beslut om sekretessmarkering"})
    assert response.status_code == 302
    assert Person.objects.get(id=case.person_id).protected_identity
    event = AuditEvent.objects.get(verb="cases.person.protection_set")
    assert event.purpose == "Skatteverkets beslut om sekretessmarkering" and event.details["case_id"] == case.id
    assert PersonChange.objects.get().kind == PersonChange.Kind.PROTECTION_SET
    response = c.post(url, {"protected": "no", "reason": "Markeringen har upphört enligt Skatteverket"})
    assert response.status_code == 302
    assert not Person.objects.get(id=case.person_id).protected_identity
    assert AuditEvent.objects.filter(verb="cases.person.protection_cleared").exists()


def test_a_social_worker_may_not_set_protected_identity(client_for, social_worker_hagersten, case):
    url = reverse("cases:person_protection", args=[case.id, case.person_id])
    assert client_for(social_worker_hagersten).get(url).status_code == 403


def test_a_unit_manager_cannot_authorise_themselves(client_for, unit_manager_hagersten, case):
    _protect(case)
    with pytest.raises(ValidationError):
        services.identity_grant_create(
            actor=unit_manager_hagersten,
            person=case.person,
            case=case,
            user=unit_manager_hagersten,
            reason="Jag själv",
            valid_to=timezone.localdate() + datetime.timedelta(days=5),
        )
    page = client_for(unit_manager_hagersten).get(reverse("cases:identity_grant", args=[case.id]))
    assert f'value="{unit_manager_hagersten.id}"' not in page.text


def test_the_unit_manager_withdraws_a_grant(client_for, unit_manager_hagersten, social_worker_hagersten, case):
    _protect(case)
    person = Person.objects.get(id=case.person_id)
    grant = services.identity_grant_create(
        actor=unit_manager_hagersten,
        person=person,
        case=case,
        user=social_worker_hagersten,
        reason="Handläggare",
        valid_to=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert access.has_identity_grant(social_worker_hagersten, person, case)
    url = reverse("cases:identity_grant_withdraw", args=[case.id, grant.id])
    assert client_for(social_worker_hagersten).post(url, {"reason": "x"}).status_code == 403
    response = client_for(unit_manager_hagersten).post(url, {"reason": "Ärendet har bytt handläggare"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.withdrawn_by == unit_manager_hagersten and grant.withdrawn_at is not None
    assert not access.has_identity_grant(social_worker_hagersten, person, case)
    assert AuditEvent.objects.get(verb="cases.person.grant_withdrawn").details["grant_id"] == grant.id


def test_a_protected_childs_guardian_is_masked_on_the_person_page(client_for, social_worker_hagersten, case):
    _protect(case)
    page = client_for(social_worker_hagersten).get(reverse("cases:person_detail", args=[case.id])).text
    assert "Hemligsson" not in page and "Gömda gatan" not in page and GUARDIAN_NUMBER[:8] not in page
    assert "Skyddad identitet" in page


def test_a_protected_childs_guardian_is_changed_only_with_a_grant(client_for, social_worker_hagersten, case):
    _protect(case)
    guardian = Person.objects.get(personal_number=GUARDIAN_NUMBER)
    response = client_for(social_worker_hagersten).get(reverse("cases:person_edit", args=[case.id, guardian.id]))
    assert response.status_code == 403


def test_a_protected_childs_guardian_is_masked_in_the_extract(client_for, social_worker_hagersten, case, monkeypatch):
    from samhandling.cases import extract

    seen = []
    original = extract.render_to_string
    monkeypatch.setattr(extract, "render_to_string", lambda *a, **k: seen.append(original(*a, **k)) or seen[-1])
    c = client_for(social_worker_hagersten)
    assert c.post(reverse("cases:register_extract", args=[case.person_id])).status_code == 200
    assert "Gömda gatan 3" in seen[0]  # not protected yet: the guardian is in the extract
    _protect(case)
    assert c.post(reverse("cases:register_extract", args=[case.person_id])).status_code == 200
    assert "Gömda gatan" not in seen[1] and "Hemligsson" not in seen[1] and GUARDIAN_NUMBER[:8] not in seen[1]


def test_a_protected_childs_guardian_is_masked_in_lists_where_they_are_a_case_subject(social_worker_hagersten, case):
    """A young parent with a case of their own: the workload list masks them with their protected child."""
    guardian = Person.objects.get(personal_number=GUARDIAN_NUMBER)
    parent_case = helpers.report(number=GUARDIAN_NUMBER).case
    parent_case.assigned_to = social_worker_hagersten
    parent_case.save()
    assert parent_case.person_id == guardian.id
    _protect(case)
    rows = selectors.workload(social_worker_hagersten)
    names = {row.case.id: row.name for row in rows}
    assert names[parent_case.id] == "Skyddad identitet"
    assert selectors.case_summary(social_worker_hagersten, parent_case)["identity"] is None
