"""The person page: the child's details and guardians, and the unit manager's identity grants."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import Person, ProtectedIdentityGrant
from samhandling.organisations.tests import factories as f

from . import helpers

pytestmark = pytest.mark.django_db

GUARDIAN_NUMBER = helpers.luhn_number("19800101", "984")


@pytest.fixture
def case(social_worker_hagersten):
    r = helpers.report()
    r.case.assigned_to = social_worker_hagersten
    r.case.save()
    return r.case


def _details(person, **changes):
    data = {
        "version": person.version,
        "personal_number": person.identity if person.personal_number else "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "address": person.address,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
    }
    return data | changes


def _edit_url(case, person=None):
    return reverse("cases:person_edit", args=[case.id, (person or case.person).id])


# --- who sees the person page ---------------------------------------------------------------------


def test_the_own_unit_and_the_manager_see_the_person_page(
    client_for, social_worker_hagersten, unit_manager_hagersten, case
):
    for user in (social_worker_hagersten, unit_manager_hagersten):
        page = client_for(user).get(reverse("cases:person_detail", args=[case.id]))
        assert page.status_code == 200 and "Testbarn Exempelsson" in page.text
    assert AuditEvent.objects.filter(verb="cases.case.view", purpose="person details").count() == 2


@pytest.mark.parametrize("persona", ["social_worker_rinkeby", "school_reporter", "police_liaison", "outsider"])
def test_everyone_else_gets_404(request, client_for, case, persona):
    c = client_for(request.getfixturevalue(persona))
    assert c.get(reverse("cases:person_detail", args=[case.id])).status_code == 404
    assert c.get(_edit_url(case)).status_code == 404
    assert c.get(reverse("cases:guardian_add", args=[case.id])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, case):
    assert client.get(reverse("cases:person_detail", args=[case.id])).status_code == 302


def test_emergency_access_reads_the_person_page_but_cannot_change_it(client_for, social_worker_rinkeby, case):
    helpers.open_emergency(social_worker_rinkeby, case)
    c = client_for(social_worker_rinkeby)
    assert c.get(reverse("cases:person_detail", args=[case.id])).status_code == 200
    assert c.get(_edit_url(case)).status_code == 403
    assert c.post(reverse("cases:guardian_add", args=[case.id]), {"first_name": "X"}).status_code == 403


# --- the child's details ------------------------------------------------------------------------------


def test_the_social_worker_changes_the_address_and_the_audit_names_only_the_field(
    client_for, social_worker_hagersten, case
):
    c = client_for(social_worker_hagersten)
    assert c.get(_edit_url(case)).status_code == 200
    response = c.post(_edit_url(case), _details(case.person, address="Testgatan 3"))
    assert response.status_code == 302
    person = Person.objects.get(id=case.person_id)
    assert person.address == "Testgatan 3" and person.version == 2
    event = AuditEvent.objects.get(verb="cases.person.update")
    assert event.details["changed"] == ["address"] and "Testgatan" not in str(event.details)


def test_a_wrong_personal_number_gives_a_swedish_error_and_keeps_what_was_typed(
    client_for, social_worker_hagersten, case
):
    c = client_for(social_worker_hagersten)
    response = c.post(_edit_url(case), _details(case.person, personal_number="20120314-0000", address="Nygatan 1"))
    assert response.status_code == 200
    assert "inte ett giltigt personnummer eller samordningsnummer" in response.text
    assert 'value="Nygatan 1"' in response.text
    assert Person.objects.get(id=case.person_id).version == 1


def test_a_birth_date_in_the_future_is_refused(client_for, social_worker_hagersten, case):
    person = case.person
    person.personal_number = None
    person.reserve_number = "R-TEST-1"
    person.save()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_for(social_worker_hagersten).post(_edit_url(case), _details(person, birth_date=future))
    assert response.status_code == 200 and "får inte ligga i framtiden" in response.text
    assert Person.objects.get(id=person.id).birth_date == datetime.date(2012, 3, 14)


def test_a_birth_date_must_match_the_personal_number(client_for, social_worker_hagersten, case):
    response = client_for(social_worker_hagersten).post(_edit_url(case), _details(case.person, birth_date="2012-03-15"))
    assert response.status_code == 200 and "stämmer inte med personnumret" in response.text


def test_a_stale_version_is_a_conflict_showing_both_versions(
    client_for, social_worker_hagersten, unit_manager_hagersten, case
):
    stale = _details(case.person)
    services.person_update(
        actor=unit_manager_hagersten,
        case=case,
        person=case.person,
        expected_version=1,
        personal_number=case.person.identity,
        first_name="Testbarn",
        last_name="Exempelsson",
        address="Chefens väg 1",
        birth_date=None,
    )
    response = client_for(social_worker_hagersten).post(_edit_url(case), stale | {"address": "Min väg 2"})
    assert response.status_code == 409
    assert "Chefens väg 1" in response.text and "Min väg 2" in response.text
    assert Person.objects.get(id=case.person_id).address == "Chefens väg 1"


def test_the_same_form_sent_twice_changes_once(client_for, social_worker_hagersten, case):
    c = client_for(social_worker_hagersten)
    data = _details(case.person, address="Dubbelgatan 2")
    assert c.post(_edit_url(case), data).status_code == 302
    assert c.post(_edit_url(case), data).status_code == 409
    assert Person.objects.get(id=case.person_id).version == 2
    assert AuditEvent.objects.filter(verb="cases.person.update").count() == 1


# --- guardians --------------------------------------------------------------------------------------


def test_guardians_are_registered_by_number_or_name_and_removed(client_for, social_worker_hagersten, case):
    c = client_for(social_worker_hagersten)
    url = reverse("cases:guardian_add", args=[case.id])
    assert c.get(url).status_code == 200
    assert (
        c.post(url, {"personal_number": GUARDIAN_NUMBER, "first_name": "Förälder", "last_name": "Ett"}).status_code
        == 302
    )
    assert c.post(url, {"first_name": "Förälder", "last_name": "Två"}).status_code == 302
    child = Person.objects.get(id=case.person_id)
    assert child.guardians.count() == 2
    unnamed = child.guardians.get(last_name="Två")
    assert unnamed.reserve_number and unnamed.personal_number is None
    page = c.get(reverse("cases:person_detail", args=[case.id])).text
    assert "Förälder Ett" in page and "Förälder Två" in page
    # The same guardian twice: one link, a clear error.
    again = c.post(url, {"personal_number": GUARDIAN_NUMBER, "first_name": "Förälder", "last_name": "Ett"})
    assert again.status_code == 200 and "redan registrerad som vårdnadshavare" in again.text
    assert child.guardians.count() == 2
    # Removing keeps the person in the register.
    remove = reverse("cases:guardian_remove", args=[case.id, unnamed.id])
    assert c.post(remove).status_code == 302
    assert child.guardians.count() == 1 and Person.objects.filter(id=unnamed.id).exists()
    verbs = list(AuditEvent.objects.filter(verb__startswith="cases.person.guardian").values_list("verb", flat=True))
    assert verbs.count("cases.person.guardian_add") == 2 and "cases.person.guardian_remove" in verbs
    assert "Förälder" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_a_guardian_needs_a_valid_number_or_a_name(client_for, social_worker_hagersten, case):
    c = client_for(social_worker_hagersten)
    url = reverse("cases:guardian_add", args=[case.id])
    assert "Ange vårdnadshavarens personnummer eller namn" in c.post(url, {}).text
    response = c.post(url, {"personal_number": "19800101-0000", "first_name": "Kvar"})
    assert "inte ett giltigt personnummer eller samordningsnummer" in response.text and 'value="Kvar"' in response.text
    assert not Person.objects.get(id=case.person_id).guardians.exists()


def test_a_guardians_details_are_changed_on_their_own_page(client_for, social_worker_hagersten, case):
    guardian = services.guardian_add(actor=social_worker_hagersten, case=case, first_name="Förälder", last_name="Tre")
    c = client_for(social_worker_hagersten)
    response = c.post(_edit_url(case, guardian), _details(guardian, address="Vårdnadsvägen 4"))
    assert response.status_code == 302
    assert Person.objects.get(id=guardian.id).address == "Vårdnadsvägen 4"
    stranger = Person.objects.create(reserve_number="R-STRANGER", first_name="Ingen")
    assert c.get(_edit_url(case, stranger)).status_code == 404


# --- protected identity and the unit manager's grant ---------------------------------------------


def _protect(case):
    person = case.person
    person.protected_identity, person.address = True, "Hemliga vägen 1"
    person.save()
    return person


def test_a_protected_child_is_masked_and_cannot_be_changed_without_a_grant(client_for, social_worker_hagersten, case):
    _protect(case)
    c = client_for(social_worker_hagersten)
    page = c.get(reverse("cases:person_detail", args=[case.id])).text
    assert "Testbarn" not in page and "Hemliga" not in page and "Skyddad identitet" in page
    assert c.get(_edit_url(case)).status_code == 403


def test_the_manager_authorises_a_colleague_for_one_case(
    client_for, unit_manager_hagersten, social_worker_hagersten, case
):
    person = _protect(case)
    c = client_for(unit_manager_hagersten)
    url = reverse("cases:identity_grant", args=[case.id])
    page = c.get(url)
    assert page.status_code == 200 and social_worker_hagersten.get_full_name() in page.text
    valid_to = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    data = {"user": social_worker_hagersten.id, "reason": "Handläggare i ärendet", "valid_to": valid_to}
    assert c.post(url, data).status_code == 302
    grant = ProtectedIdentityGrant.objects.get()
    assert grant.case == case and grant.user == social_worker_hagersten and grant.granted_by == unit_manager_hagersten
    event = AuditEvent.objects.get(verb="cases.person.grant_identity")
    assert event.purpose == "Handläggare i ärendet" and event.details["case_id"] == case.id
    # The colleague now states a reason, sees the details and can change them.
    w = client_for(social_worker_hagersten)
    assert "Varför behöver du se de skyddade uppgifterna" in w.get(_edit_url(case)).text
    shown = w.post(_edit_url(case), {"reason": "Adressändring"})
    assert shown.status_code == 200 and "Hemliga vägen 1" in shown.text
    assert AuditEvent.objects.filter(verb="cases.person.reveal_protected", purpose="Adressändring").exists()
    saved = w.post(_edit_url(case), _details(person, address="Ny hemlig väg 2") | {"reveal_reason": "Adressändring"})
    assert saved.status_code == 302
    assert Person.objects.get(id=person.id).address == "Ny hemlig väg 2"


def test_the_grant_is_for_that_case_only(unit_manager_hagersten, social_worker_hagersten, case):
    from samhandling.cases.access import has_identity_grant
    from samhandling.cases.models import Case

    person = _protect(case)
    services.identity_grant_create(
        actor=unit_manager_hagersten,
        person=person,
        case=case,
        user=social_worker_hagersten,
        reason="Handläggare",
        valid_to=timezone.localdate(),
    )
    other = Case(id=case.id + 1000, person=person, unit=case.unit)
    assert has_identity_grant(social_worker_hagersten, person, case)
    assert not has_identity_grant(social_worker_hagersten, person, other)


def test_the_grant_form_refuses_bad_input(client_for, unit_manager_hagersten, social_worker_hagersten, case):
    _protect(case)
    c = client_for(unit_manager_hagersten)
    url = reverse("cases:identity_grant", args=[case.id])
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    far = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    base = {"user": social_worker_hagersten.id, "reason": "Skäl"}
    assert "får inte ligga bakåt i tiden" in c.post(url, base | {"valid_to": past}).text
    assert "högst ett år" in c.post(url, base | {"valid_to": far}).text
    assert "obligatoriskt" in c.post(url, base | {"reason": "", "valid_to": far}).text
    outsider_colleague = f.social_worker("Rinkeby-Kista")
    response = c.post(url, base | {"user": outsider_colleague.id, "valid_to": past})
    assert response.status_code == 200  # not a choice: only colleagues in the case's unit are offered
    assert not ProtectedIdentityGrant.objects.exists()


def test_only_the_unit_manager_of_the_case_gives_grants(client_for, social_worker_hagersten, case):
    _protect(case)
    url = reverse("cases:identity_grant", args=[case.id])
    assert client_for(social_worker_hagersten).get(url).status_code == 403
    assert client_for(f.unit_manager("Rinkeby-Kista")).get(url).status_code == 404


def test_no_grant_page_for_a_person_without_protected_identity(client_for, unit_manager_hagersten, case):
    assert client_for(unit_manager_hagersten).get(reverse("cases:identity_grant", args=[case.id])).status_code == 403
