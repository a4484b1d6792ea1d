"""A protected-identity grant for the holding team through cases' grant service and the hook defectors
registers: a member of the holding team with a grant sees the protected name; nobody else ever does."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services as cases_services
from samhandling.cases.models import Case, ProtectedIdentityGrant
from samhandling.defectors.tests import helpers as h
from samhandling.organisations.roles import Role
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

NAME = "Testavhoppare Hemlig"


@pytest.fixture
def case():
    return h.open_case(personal_number="20080101-0018")


def _grant(actor, case, user):
    return cases_services.identity_grant_create(
        actor=actor,
        person=case.person,
        user=user,
        reason="Behöver ringa personen.",
        valid_to=timezone.localdate() + datetime.timedelta(days=30),
    )


def _reveal(client, case):
    return client.post(reverse("defectors:reveal", args=[case.pk]), {"reason": "Ringer personen nu"})


def test_the_team_manager_grants_a_team_member_who_then_sees_the_name(client_for, case):
    manager, member = h.team_manager(), h.team_member()
    client = client_for(member)
    assert NAME not in client.get(reverse("defectors:case_detail", args=[case.pk])).text
    assert _reveal(client, case).status_code == 403  # no grant yet
    grant = _grant(manager, case, member)
    event = AuditEvent.objects.get(verb="cases.person.grant_identity", target_id=str(case.person.pk))
    assert event.details["authority"] == "defectors" and event.details["user_id"] == member.pk
    revealed = _reveal(client, case)
    assert revealed.status_code == 200 and NAME in revealed.text
    assert AuditEvent.objects.filter(verb="cases.person.reveal_protected", actor_id=member.pk).exists()
    # the ordinary page stays masked: the name is shown for the one look only
    assert NAME not in client.get(reverse("defectors:case_detail", args=[case.pk])).text
    cases_services.identity_grant_withdraw(actor=manager, grant=grant, reason="Klart")
    assert _reveal(client, case).status_code == 403


def test_no_grant_to_or_by_anyone_outside_the_holding_team(case):
    manager, member = h.team_manager(), h.team_member()
    sig_manager = f.make_member("sig-chef", Role.UNIT_MANAGER, h.sig_team("Rinkeby-Kista").unit)
    sig_member = h.sig_member("Rinkeby-Kista")
    worker = f.social_worker("Rinkeby-Kista")
    Case.objects.create(person=case.person, unit=f.district_unit("Rinkeby-Kista"), last_entry_at=timezone.now())
    for actor, user in [
        (manager, sig_member),  # not in the holding team
        (manager, worker),  # shares the person, not the team
        (sig_manager, sig_member),  # another team's manager
        (member, h.team_member("avhopp-jour-2")),  # a member is not a manager
        (manager, manager),  # not oneself
    ]:
        with pytest.raises(PermissionDenied):
            _grant(actor, case, user)
    assert not ProtectedIdentityGrant.objects.exists()


def test_a_closed_case_gives_no_new_grant(case):
    manager, member = h.team_manager(), h.team_member()
    from samhandling.defectors import services

    services.case_close(
        actor=member, case=case, version=case.version, reason="independent", closed_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        _grant(manager, case, member)


def test_permission_matrix_of_the_pages(client_for, case):
    manager, member = h.team_manager(), h.team_member()
    grant_url = reverse("defectors:identity_grant", args=[case.pk])
    manager_client = client_for(manager)
    page = manager_client.get(grant_url)
    assert page.status_code == 200 and f'value="{member.pk}"' in page.text
    response = manager_client.post(
        grant_url,
        {
            "user": member.pk,
            "reason": "Behöver ringa personen.",
            "valid_to": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    grant = ProtectedIdentityGrant.objects.get(user=member, person=case.person)
    assert member.get_full_name() in manager_client.get(grant_url).text
    withdraw = reverse("defectors:identity_grant_withdraw", args=[case.pk, grant.pk])
    assert client_for(member).post(withdraw, {"reason": "Slut"}).status_code == 403
    assert client_for(member).get(grant_url).status_code == 403  # sees the case, may not grant
    worker = f.social_worker("Rinkeby-Kista")
    Case.objects.create(person=case.person, unit=f.district_unit("Rinkeby-Kista"), last_entry_at=timezone.now())
    for user in (h.sig_member("Rinkeby-Kista"), worker):
        other = client_for(user)
        assert other.get(grant_url).status_code == 404
        response = _reveal(other, case)
        assert response.status_code == 404 and NAME not in response.text
        assert other.post(withdraw, {"reason": "Slut"}).status_code == 404
    anonymous = Client()
    for response in (anonymous.get(grant_url), _reveal(anonymous, case), anonymous.post(withdraw, {"reason": "x"})):
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert client_for(manager).post(withdraw, {"reason": "Behövs inte längre"}).status_code == 302
    grant.refresh_from_db()
    assert grant.withdrawn_at is not None and grant.withdrawn_by == manager
