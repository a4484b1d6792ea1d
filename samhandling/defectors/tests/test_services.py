import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases.models import Person
from samhandling.defectors import services
from samhandling.defectors.models import DefectorCase, FirstContactRule
from samhandling.defectors.tests import helpers as h

pytestmark = pytest.mark.django_db
STHLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def test_the_rule_is_data_with_its_source_and_valid_from():
    rule = FirstContactRule.objects.get()
    assert (rule.hours, rule.first_reminder_hours, rule.second_reminder_hours) == (24, 12, 20)
    assert rule.valid_from == datetime.date(2023, 1, 1)
    assert "budget 2023" in rule.source


def test_a_later_rule_applies_from_its_valid_from():
    FirstContactRule.objects.create(
        valid_from=datetime.date(2030, 1, 1), hours=12, first_reminder_hours=4, second_reminder_hours=8, source="Test"
    )
    arrived = datetime.datetime(2029, 12, 31, 23, 0, tzinfo=STHLM)
    assert services.first_contact_due(arrived)[0].timestamp() - arrived.timestamp() == 24 * 3600
    arrived = datetime.datetime(2030, 1, 1, 8, 0, tzinfo=STHLM)
    assert services.first_contact_due(arrived)[0].timestamp() - arrived.timestamp() == 12 * 3600


@pytest.mark.parametrize(
    ("arrived", "due_local"),
    [
        # across midnight
        (datetime.datetime(2026, 11, 26, 22, 10, tzinfo=STHLM), datetime.datetime(2026, 11, 27, 22, 10)),
        # the night summer time starts: 24 real hours end at 23:10 on the local clock
        (datetime.datetime(2026, 3, 28, 22, 10, tzinfo=STHLM), datetime.datetime(2026, 3, 29, 23, 10)),
        # the night summer time ends: at 21:10
        (datetime.datetime(2026, 10, 24, 22, 10, tzinfo=STHLM), datetime.datetime(2026, 10, 25, 21, 10)),
    ],
)
def test_the_clock_counts_real_hours_across_midnight_and_summer_time(arrived, due_local):
    due, _rule = services.first_contact_due(arrived)
    assert due.timestamp() - arrived.timestamp() == 24 * 3600
    assert due.astimezone(STHLM).replace(tzinfo=None) == due_local


def test_registering_protects_the_person_and_starts_the_clock():
    case = h.interest(hours_ago=2, personal_number="20080101-0018")
    assert case.person.personal_number == "200801010018"
    assert Person.objects.get(pk=case.person_id).protected_identity is True
    assert case.first_contact_due == case.received_at + datetime.timedelta(hours=24)
    assert case.team.central and case.status == DefectorCase.Status.AWAITING_CONTACT
    assert AuditEvent.objects.filter(verb="defectors.interest.register", target_id=str(case.pk)).exists()


def test_an_interest_from_the_future_or_with_an_address_is_refused():
    with pytest.raises(ValidationError) as exc:
        h.interest(hours_ago=-1)
    assert "received_at" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        h.interest(note="Han bor nu på Storgatan 12 hos sin moster")
    assert "note" in exc.value.error_dict
    assert not DefectorCase.objects.exists()


def test_first_contact_before_the_interest_arrived_or_twice_is_refused():
    case = h.interest(hours_ago=5)
    member = h.team_member()
    with pytest.raises(ValidationError):
        services.first_contact_record(
            actor=member,
            case=case,
            contacted_at=case.received_at - datetime.timedelta(minutes=1),
            method="phone",
            contacted_by=member,
            motivation="Vill ut.",
        )
    services.first_contact_record(
        actor=member, case=case, contacted_at=timezone.now(), method="phone", contacted_by=member, motivation="Vill ut."
    )
    case.refresh_from_db()
    assert case.status == DefectorCase.Status.OPEN
    with pytest.raises(ValidationError):
        services.first_contact_record(
            actor=member,
            case=case,
            contacted_at=timezone.now(),
            method="phone",
            contacted_by=member,
            motivation="Igen.",
        )


def _assess(case, actor, bops, version=None):
    return services.threat_assessment_record(
        actor=actor,
        case=case,
        version=case.version if version is None else version,
        received_on=timezone.localdate(),
        police_unit="Polisregion Stockholm, BOPS",
        level="Förhöjd",
        bops_takes_part=bops,
    )


def test_bops_taking_part_keeps_the_case_central_otherwise_the_district_sig():
    member = h.team_member()
    sig = h.sig_team()
    central_case = h.interest()
    _assess(central_case, member, True)
    central_case.refresh_from_db()
    assert central_case.responsibility == "central" and central_case.team.central
    assert not central_case.handovers.exists()
    district_case = h.interest()
    _assess(district_case, member, False)
    handover = district_case.handovers.get()
    assert handover.to_team == sig and handover.responsibility == "district"
    # the case stays with the central unit until both sides have acknowledged
    district_case.refresh_from_db()
    assert district_case.team.central
    services.handover_acknowledge(actor=member, handover=handover, side="from")
    with pytest.raises(ValidationError, match="redan"):
        services.handover_acknowledge(actor=member, handover=handover, side="from")
    services.handover_acknowledge(actor=h.sig_member(), handover=handover, side="to")
    district_case.refresh_from_db()
    assert district_case.responsibility == "district" and district_case.team == sig
    # the level is stored as the police wrote it, nothing computed
    assert district_case.threat_assessments.get().level == "Förhöjd"


def test_a_stale_version_is_a_conflict_and_saves_nothing():
    member = h.team_member()
    case = h.interest()
    with pytest.raises(services.EditConflict):
        _assess(case, member, True, version=case.version - 1)
    assert not case.threat_assessments.exists()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Bor på Ekvägen 3B", True),
        ("Postnummer 123 45", True),
        ("Hornsgatan 100, sedan en vecka", True),
        ("Vill bort från gänget och börja plugga", False),
        ("Har varit med i 3 år", False),
    ],
)
def test_street_addresses_are_recognised(text, address):
    assert services.looks_like_street_address(text) is address
