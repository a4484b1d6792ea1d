"""The permission matrix of every defector page, registration, masking, auditing and the conflict page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases.models import Case
from samhandling.defectors import services
from samhandling.defectors.models import DefectorCase
from samhandling.defectors.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

PERSONAL_NUMBER = "20080101-0018"


@pytest.fixture
def case():
    return h.interest(hours_ago=3, personal_number=PERSONAL_NUMBER)


def _pages(case):
    return {
        "detail": reverse("defectors:case_detail", args=[case.pk]),
        "first_contact": reverse("defectors:first_contact", args=[case.pk]),
        "threat": reverse("defectors:threat_assessment", args=[case.pk]),
    }


def _worker_sharing_the_person(case, district="Rinkeby-Kista"):
    """A social worker of another unit with an ordinary case about the same person."""
    worker = f.social_worker(district)
    Case.objects.create(person=case.person, unit=f.district_unit(district), last_entry_at=timezone.now())
    return worker


def test_the_holding_team_sees_every_page_and_the_person_is_masked(client_for, case):
    client = client_for(h.team_member())
    queue = client.get(reverse("defectors:queue"))
    assert queue.status_code == 200
    assert case.reference in queue.text and "Skyddad identitet" in queue.text
    for url in _pages(case).values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Testavhoppare" not in response.text and "20080101" not in response.text
    assert AuditEvent.objects.filter(verb="defectors.case.view", target_id=str(case.pk)).exists()


def test_the_team_manager_sees_the_case(client_for, case):
    client = client_for(h.team_manager())
    assert client.get(reverse("defectors:queue")).status_code == 200
    assert client.get(_pages(case)["detail"]).status_code == 200


@pytest.mark.parametrize(
    "who",
    ["sharing_social_worker", "hagersten_social_worker", "sig_before_handover", "police", "log_reviewer", "outsider"],
)
def test_everyone_else_gets_404_on_the_case_and_403_on_the_queue(client_for, case, who):
    user = {
        "sharing_social_worker": lambda: _worker_sharing_the_person(case),
        "hagersten_social_worker": lambda: _worker_sharing_the_person(case, "Hägersten-Älvsjö"),
        "sig_before_handover": h.sig_member,
        "police": f.police_liaison,
        "log_reviewer": f.log_reviewer,
        "outsider": f.outsider,
    }[who]()
    client = client_for(user)
    for url in [*_pages(case).values(), reverse("defectors:receipt", args=[case.pk])]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url
    queue = client.get(reverse("defectors:queue"))
    if who == "sig_before_handover":  # a team of its own: its queue, without this case
        assert queue.status_code == 200 and case.reference not in queue.text
    else:
        assert queue.status_code == 403


def test_anonymous_is_sent_to_login(client, case):
    for url in [
        reverse("defectors:queue"),
        reverse("defectors:register"),
        reverse("defectors:receipt", args=[case.pk]),
        *_pages(case).values(),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url


def _own_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
    if user.requires_two_factor:  # the defector team confirms a one-time code
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def test_after_the_handover_the_district_sig_sees_it_and_the_central_team_does_not(case):
    member, sig = h.team_member(), h.sig_member()
    client = _own_client(member)
    response = client.post(
        _pages(case)["threat"],
        {
            "version": case.version,
            "received_on": timezone.localdate().isoformat(),
            "police_unit": "Lokalpolisområde Globen",
            "level": "Låg",
            "bops_takes_part": "no",
        },
    )
    assert response.status_code == 302
    ack = reverse("defectors:handover_acknowledge", args=[case.pk])
    # while the hand-over waits, both sides see the case
    assert client.post(ack).status_code == 302
    twice = client.post(ack, follow=True)
    assert "redan kvitterat" in twice.text
    sig_client = _own_client(sig)
    assert sig_client.get(_pages(case)["detail"]).status_code == 200
    assert sig_client.post(ack)["Location"] == _pages(case)["detail"]
    # after both acknowledgments: the SIG holds it and the central team no longer sees it
    assert client.get(_pages(case)["detail"]).status_code == 404
    assert client.post(ack).status_code == 404
    assert case.reference in sig_client.get(reverse("defectors:queue")).text
    assert _own_client(h.sig_member("Rinkeby-Kista")).get(_pages(case)["detail"]).status_code == 404


def test_a_field_worker_registers_and_sees_only_the_receipt(client_for):
    h.central_team()
    worker = f.field_worker()
    client = client_for(worker)
    assert client.get(reverse("defectors:register")).status_code == 200
    received = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        reverse("defectors:register"),
        {
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "channel": "field_workers",
            "district": f.district_unit("Hägersten-Älvsjö").district_id,
            "personal_number": PERSONAL_NUMBER,
            "first_name": "Testavhoppare",
            "note": "Vill prata med någon i dag.",
        },
    )
    case = DefectorCase.objects.get()
    assert response["Location"] == reverse("defectors:receipt", args=[case.pk])
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and case.reference in receipt.text and "Testavhoppare" not in receipt.text
    assert client.get(reverse("defectors:case_detail", args=[case.pk])).status_code == 404
    assert case.received_by == worker


def test_bad_input_gets_a_swedish_error_next_to_the_field_and_loses_nothing(client_for):
    h.central_team()
    client = client_for(f.field_worker())
    note = "Han sover hos kompisen på Storgatan 12"
    response = client.post(
        reverse("defectors:register"),
        {
            "received_at": (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "channel": "field_workers",
            "district": f.district_unit("Hägersten-Älvsjö").district_id,
            "note": note,
        },
    )
    assert response.status_code == 200
    assert "ser ut som en gatuadress" in response.text
    assert note in response.text
    assert not DefectorCase.objects.exists()


def test_first_contact_is_recorded_and_cannot_predate_the_interest(client_for, case):
    client = client_for(h.team_member())
    url = _pages(case)["first_contact"]
    early = timezone.localtime(case.received_at) - datetime.timedelta(hours=1)
    response = client.post(
        url, {"contacted_at": early.strftime("%Y-%m-%dT%H:%M"), "method": "phone", "motivation": "Jag vill ut."}
    )
    assert response.status_code == 200 and "innan intresseanmälan kom in" in response.text
    now = timezone.localtime()
    response = client.post(
        url, {"contacted_at": now.strftime("%Y-%m-%dT%H:%M"), "method": "phone", "motivation": "Jag vill ut."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "open" and case.first_contact.motivation == "Jag vill ut."
    assert client.get(url).status_code == 302  # already recorded: back to the case


def test_a_stale_threat_assessment_form_gets_the_conflict_page(client_for, case):
    member = h.team_member()
    client = client_for(member)
    data = {
        "version": case.version,
        "received_on": timezone.localdate().isoformat(),
        "police_unit": "BOPS",
        "level": "Hög",
        "bops_takes_part": "yes",
    }
    services.threat_assessment_record(
        actor=member,
        case=case,
        version=case.version,
        received_on=timezone.localdate(),
        police_unit="BOPS",
        level="Hög",
        bops_takes_part=True,
    )
    response = client.post(_pages(case)["threat"], data)
    assert response.status_code == 409
    assert case.threat_assessments.count() == 1


def test_the_log_reviewer_sees_reads_outside_the_holding_team(client_for, case):
    member = h.team_member()
    _own_client(member).get(_pages(case)["detail"])
    _own_client(case.received_by).get(reverse("defectors:receipt", args=[case.pk]))
    url = reverse("defectors:read_report")
    assert _own_client(member).get(url).status_code == 403
    assert _own_client(f.social_worker()).get(url).status_code == 403
    response = client_for(f.log_reviewer()).get(url)
    assert response.status_code == 200
    assert case.received_by.username in response.text  # the receipt is a read outside the team
    assert member.username not in response.text  # the holding team's own reads are not listed
    assert "Testavhoppare" not in response.text


def test_a_support_package_with_housing_elsewhere_and_debt_advice(client_for, case):
    url = reverse("defectors:support_item_add", args=[case.pk])
    today = timezone.localdate().isoformat()
    assert _own_client(f.social_worker()).get(url).status_code == 404
    client = client_for(h.team_member())
    assert client.get(url).status_code == 200
    missing = client.post(url, {"kind": "debt_advice", "provider": "", "starts_on": today})
    assert missing.status_code == 200 and "fältet är obligatoriskt" in missing.text
    address = client.post(
        url, {"kind": "housing_elsewhere", "provider": "Kommunen", "starts_on": today, "goals": "Flytta till Ekvägen 3"}
    )
    assert "ser ut som en gatuadress" in address.text
    for kind, provider in (
        ("housing_elsewhere", "Mottagande kommun (kontakt via BOPS)"),
        ("debt_advice", "Budget- och skuldrådgivningen"),
    ):
        response = client.post(url, {"kind": kind, "provider": provider, "starts_on": today, "goals": "Ett eget liv."})
        assert response.status_code == 302
    assert [s.kind for s in case.support_items.all()] == ["housing_elsewhere", "debt_advice"]
    page = client.get(_pages(case)["detail"])
    assert "Budget- och skuldrådgivningen" in page.text


def test_ending_the_contact_is_version_checked_and_a_closed_case_refuses_writes(case):
    member = h.team_member()
    client = _own_client(member)
    services.first_contact_record(
        actor=member, case=case, contacted_at=timezone.now(), method="phone", contacted_by=member, motivation="Ut."
    )
    case.refresh_from_db()
    url = reverse("defectors:case_close", args=[case.pk])
    assert _own_client(f.social_worker("Rinkeby-Kista")).get(url).status_code == 404
    assert client.get(url).status_code == 200
    today = timezone.localdate().isoformat()
    stale = client.post(url, {"version": case.version - 1, "reason": "independent", "closed_on": today})
    assert stale.status_code == 409
    done = client.post(url, {"version": case.version, "reason": "independent", "closed_on": today})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_reason == "independent"
    assert client.get(reverse("defectors:support_item_add", args=[case.pk])).status_code == 403
    assert client.get(_pages(case)["detail"]).status_code == 200


def test_the_queue_shows_time_left_and_overdue_ones_in_red(client_for):
    soon = h.interest(hours_ago=3)
    late = h.interest(hours_ago=26)
    text = client_for(h.team_member()).get(reverse("defectors:queue")).text
    assert text.index(late.reference) < text.index(soon.reference)  # the most urgent first
    assert 'class="defector-overdue"' in text and "Försenad med 2 tim" in text
    assert "20 tim" in text
