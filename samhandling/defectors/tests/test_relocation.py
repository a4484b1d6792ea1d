"""A move to another municipality: handed over on the young person's consent or a recorded legal basis,
what was disclosed to whom on which ground, the young person's view, and the case ends as moved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases.models import Case
from samhandling.collaboration.models import LegalBasis
from samhandling.defectors import services
from samhandling.defectors.models import DefectorCase, Relocation
from samhandling.defectors.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def member():
    return h.team_member()


@pytest.fixture
def case(member):
    return h.open_case(member, personal_number="20080101-0018")


def _consent() -> LegalBasis:
    return LegalBasis.objects.filter(is_consent=True).order_by("-valid_from").first()


def _necessary() -> LegalBasis:
    return LegalBasis.objects.filter(code="osl-10-2").order_by("-valid_from").first()


def _police_only() -> LegalBasis:
    return LegalBasis.objects.filter(code="osl-10-18a").order_by("-valid_from").first()


def _args(case, **kwargs):
    return {
        "case": case,
        "version": case.version,
        "moved_on": TODAY(),
        "municipality": "Umeå kommun",
        "recipient": "Socialtjänstens mottagning",
        "legal_basis": _consent(),
        "info_kinds": ["identity", "situation"],
        "disclosed": "Namn, personnummer och att stödet ska fortsätta med boende och skuldrådgivning.",
        "own_view": "Jag vill börja om där ingen känner mig.",
        "confirmed": True,
        "consent_given_on": TODAY(),
        "consent_method": "in_person",
        **kwargs,
    }


def test_on_consent_the_case_ends_as_moved_and_the_disclosure_is_recorded(member, case):
    relocation = services.relocation_record(actor=member, **_args(case))
    case.refresh_from_db()
    assert case.status == DefectorCase.Status.CLOSED and case.closed_reason == DefectorCase.CloseReason.MOVED
    assert case.closed_on == TODAY()
    assert relocation.legal_basis.is_consent and relocation.info_kinds == ["identity", "situation"]
    event = AuditEvent.objects.get(verb="defectors.relocation.record", target_id=str(case.pk))
    assert "Umeå" not in str(event.details)


def test_the_ground_must_hold(member, case):
    with pytest.raises(ValidationError) as no_consent:
        services.relocation_record(actor=member, **_args(case, consent_given_on=None))
    assert "consent_given_on" in no_consent.value.error_dict
    with pytest.raises(ValidationError) as unconfirmed:
        services.relocation_record(actor=member, **_args(case, legal_basis=_necessary(), confirmed=False))
    assert "confirmed" in unconfirmed.value.error_dict
    with pytest.raises(ValidationError) as wrong_recipient:  # a basis for the police and forums only
        services.relocation_record(actor=member, **_args(case, legal_basis=_police_only()))
    assert "legal_basis" in wrong_recipient.value.error_dict
    with pytest.raises(ValidationError) as address:
        services.relocation_record(actor=member, **_args(case, disclosed="Ny adress: Storgatan 12"))
    assert "disclosed" in address.value.error_dict
    with pytest.raises(ValidationError) as no_view:
        services.relocation_record(actor=member, **_args(case, own_view=" "))
    assert "own_view" in no_view.value.error_dict
    assert not Relocation.objects.exists()
    # a legal basis other than consent: the consent fields are not kept
    relocation = services.relocation_record(actor=member, **_args(case, legal_basis=_necessary()))
    assert relocation.consent_given_on is None and relocation.consent_method == ""


def test_a_stale_version_and_a_closed_case_are_refused(member, case):
    services.relocation_record(actor=member, **_args(case))
    with pytest.raises(services.EditConflict):
        services.relocation_record(actor=member, **_args(case))
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.relocation_record(actor=member, **_args(case))
    assert Relocation.objects.count() == 1


def _post_data(case, **kwargs):
    return {
        "version": case.version,
        "moved_on": TODAY().isoformat(),
        "municipality": "Umeå kommun",
        "recipient": "Socialtjänstens mottagning",
        "legal_basis": _consent().pk,
        "consent_given_on": TODAY().isoformat(),
        "consent_method": "in_person",
        "confirmed": "on",
        "info_kinds": ["identity"],
        "disclosed": "Namn och att stödet fortsätter.",
        "own_view": "Jag vill flytta.",
        **kwargs,
    }


def test_the_page_saves_and_a_stale_form_gets_the_conflict_page(client_for, member, case):
    client = client_for(member)
    url = reverse("defectors:relocation", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and "12 kap. 2 §" in page.text and "10 kap. 18 a §" not in page.text
    stale = _post_data(case, version=case.version - 1)
    assert client.post(url, stale).status_code == 409
    assert client.post(url, _post_data(case))["Location"] == reverse("defectors:case_detail", args=[case.pk])
    detail = client.get(reverse("defectors:case_detail", args=[case.pk]))
    assert "Umeå kommun" in detail.text and "Jag vill flytta." in detail.text
    # closed: no more writes
    assert client.get(url).status_code == 403


def test_permission_matrix(client_for, member, case):
    url = reverse("defectors:relocation", args=[case.pk])
    services.relocation_record(actor=member, **_args(case))
    detail = reverse("defectors:case_detail", args=[case.pk])
    assert "Umeå kommun" in client_for(member).get(detail).text
    worker = f.social_worker("Rinkeby-Kista")
    Case.objects.create(person=case.person, unit=f.district_unit("Rinkeby-Kista"), last_entry_at=timezone.now())
    for user in (h.sig_member("Rinkeby-Kista"), worker):
        other = client_for(user)
        assert other.get(url).status_code == 404
        assert other.post(url, _post_data(case)).status_code == 404
        assert other.get(detail).status_code == 404
    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    # the municipality is never in the duty queue
    assert "Umeå" not in client_for(member).get(reverse("defectors:queue")).text


def test_the_move_cannot_come_before_the_interest(member, case):
    with pytest.raises(ValidationError):
        services.relocation_record(actor=member, **_args(case, moved_on=TODAY() - datetime.timedelta(days=30)))
