"""The investigation of needs under the Social Services Act and the scheduled follow-ups: the rule as data,
the person's own views, the decision, version-checked edits, overdue work in the queue, reminders sent once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases.models import Case
from samhandling.core.worker import Worker
from samhandling.defectors import services, tasks
from samhandling.defectors.models import FollowUp, NeedsInvestigation, NeedsInvestigationRule
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


def test_the_rule_is_data_with_a_source_and_a_later_rule_applies_from_its_date(member, case):
    rule = NeedsInvestigationRule.objects.get(valid_from=datetime.date(2023, 1, 1))
    assert rule.days == 120 and "Socialtjänstlagen" in rule.source
    investigation = services.needs_investigation_open(actor=member, case=case, opened_on=TODAY())
    assert investigation.due_on == TODAY() + datetime.timedelta(days=120) and investigation.rule == rule
    NeedsInvestigationRule.objects.create(
        valid_from=TODAY() + datetime.timedelta(days=1), days=60, follow_up_notice_days=2, source="Ny riktlinje"
    )
    assert services.needs_rule_in_force(TODAY()) == rule
    assert services.needs_rule_in_force(TODAY() + datetime.timedelta(days=1)).days == 60


def test_open_once_after_first_contact_record_views_and_decide(member, case):
    waiting = h.interest(hours_ago=1)
    with pytest.raises(ValidationError):
        services.needs_investigation_open(actor=member, case=waiting, opened_on=TODAY())
    with pytest.raises(ValidationError):
        services.needs_investigation_open(actor=member, case=case, opened_on=TODAY() + datetime.timedelta(days=1))
    investigation = services.needs_investigation_open(actor=member, case=case, opened_on=TODAY())
    with pytest.raises(ValidationError):
        services.needs_investigation_open(actor=member, case=case, opened_on=TODAY())
    # a decision needs the person's own views first, and a date
    with pytest.raises(ValidationError) as no_views:
        services.needs_investigation_update(
            actor=member,
            investigation=investigation,
            version=1,
            own_views="",
            needs_found="",
            decision="support",
            decided_on=TODAY(),
        )
    assert "own_views" in no_views.value.error_dict
    with pytest.raises(ValidationError):
        services.needs_investigation_update(
            actor=member,
            investigation=investigation,
            version=1,
            own_views="Jag vill ha ett jobb.",
            needs_found="",
            decision="support",
        )
    with pytest.raises(ValidationError):  # an address in free text
        services.needs_investigation_update(
            actor=member, investigation=investigation, version=1, own_views="Jag bor på Storgatan 12", needs_found=""
        )
    done = services.needs_investigation_update(
        actor=member,
        investigation=investigation,
        version=1,
        own_views="Jag vill ha ett jobb och bo långt härifrån.",
        needs_found="Boende i annan kommun, skuldrådgivning.",
        decision="support",
        decided_on=TODAY(),
    )
    assert done.version == 2 and done.decided_by == member
    assert AuditEvent.objects.filter(verb="defectors.needs_investigation.decide", target_id=str(case.pk)).exists()
    with pytest.raises(services.EditConflict):
        services.needs_investigation_update(
            actor=member, investigation=investigation, version=1, own_views="Gammal text", needs_found=""
        )


def test_follow_ups_scheduled_done_and_version_checked(member, case):
    with pytest.raises(ValidationError):
        services.follow_up_schedule(actor=member, case=case, due_on=TODAY() - datetime.timedelta(days=1), purpose="x")
    with pytest.raises(ValidationError):
        services.follow_up_schedule(actor=member, case=case, due_on=TODAY(), purpose="  ")
    follow_up = services.follow_up_schedule(actor=member, case=case, due_on=TODAY(), purpose="Boendet")
    with pytest.raises(ValidationError):
        services.follow_up_record(
            actor=member, follow_up=follow_up, version=1, done_on=TODAY() + datetime.timedelta(days=1), outcome=""
        )
    done = services.follow_up_record(actor=member, follow_up=follow_up, version=1, done_on=TODAY(), outcome="Bra")
    assert done.done_on == TODAY() and done.version == 2
    with pytest.raises(services.EditConflict):
        services.follow_up_record(actor=member, follow_up=follow_up, version=1, done_on=TODAY(), outcome="Igen")


def test_overdue_investigation_and_follow_up_are_shown_in_the_queue_and_on_the_case(client_for, member, case):
    investigation = services.needs_investigation_open(actor=member, case=case, opened_on=TODAY())
    follow_up = services.follow_up_schedule(actor=member, case=case, due_on=TODAY(), purpose="Skulderna")
    client = client_for(member)
    queue = client.get(reverse("defectors:queue"))
    assert "Försenade utredningar och uppföljningar" not in queue.text
    past = TODAY() - datetime.timedelta(days=2)
    NeedsInvestigation.objects.filter(pk=investigation.pk).update(due_on=past)
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=past)
    queue = client.get(reverse("defectors:queue"))
    assert "Försenade utredningar och uppföljningar" in queue.text
    assert f"behovsutredning senast {past:%Y-%m-%d}" in queue.text
    assert f"uppföljning senast {past:%Y-%m-%d}" in queue.text
    detail = client.get(reverse("defectors:case_detail", args=[case.pk]))
    assert detail.text.count("Försenad") >= 2 and "Skulderna" in detail.text


def _run():
    tasks.send_follow_up_reminders.enqueue()
    Worker(worker_id="test").run_until_idle()


def test_a_follow_up_reminder_is_mailed_once_to_the_team_without_the_person(smtp_server, member, case):
    later = services.follow_up_schedule(
        actor=member, case=case, due_on=TODAY() + datetime.timedelta(days=10), purpose="Senare"
    )
    soon = services.follow_up_schedule(
        actor=member, case=case, due_on=TODAY() + datetime.timedelta(days=2), purpose="Snart"
    )
    _run()
    _run()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "avhopparjouren@test.samhandling.invalid"
    body = message.get_payload(decode=True).decode()
    assert case.reference in body and "Testavhoppare" not in body and "Hemlig" not in body
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminder_sent_at is not None and later.reminder_sent_at is None
    # a follow-up done before its reminder is never reminded of
    FollowUp.objects.filter(pk=later.pk).update(due_on=TODAY(), done_on=TODAY())
    _run()
    assert len(smtp_server.messages) == 1


def _sharing_worker(case):
    worker = f.social_worker("Rinkeby-Kista")
    Case.objects.create(person=case.person, unit=f.district_unit("Rinkeby-Kista"), last_entry_at=timezone.now())
    return worker


def _urls(case, follow_up):
    return [
        reverse("defectors:needs_open", args=[case.pk]),
        reverse("defectors:needs_edit", args=[case.pk]),
        reverse("defectors:follow_up_add", args=[case.pk]),
        reverse("defectors:follow_up_done", args=[case.pk, follow_up.pk]),
    ]


def test_permission_matrix(client_for, member, case):
    from django.test import Client

    services.needs_investigation_open(actor=member, case=case, opened_on=TODAY())
    follow_up = services.follow_up_schedule(actor=member, case=case, due_on=TODAY(), purpose="Boendet")
    urls = _urls(case, follow_up)
    holding = client_for(member)
    for url in urls:
        assert holding.get(url).status_code in (200, 302), url
    for user in (h.sig_member("Rinkeby-Kista"), _sharing_worker(case)):
        other = client_for(user)
        for url in urls:
            assert other.get(url).status_code == 404, (user, url)
            assert other.post(url, {"version": 1}).status_code == 404, (user, url)
    anonymous = Client()
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url


def test_the_forms_save_and_a_stale_form_gets_the_conflict_page(client_for, member, case):
    client = client_for(member)
    response = client.post(reverse("defectors:needs_open", args=[case.pk]), {"opened_on": TODAY().isoformat()})
    assert response.status_code == 302
    investigation = NeedsInvestigation.objects.get(case=case)
    edit = reverse("defectors:needs_edit", args=[case.pk])
    data = {
        "version": 1,
        "own_views": "Jag vill plugga.",
        "needs_found": "Studier",
        "decision": "support",
        "decided_on": TODAY().isoformat(),
    }
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "own_views": "Jag vill hellre jobba."})
    assert stale.status_code == 409
    # Nothing is saved, and the young person's words as typed are on the page, not lost.
    assert "Jag vill hellre jobba." in stale.text
    investigation.refresh_from_db()
    assert investigation.own_views == "Jag vill plugga." and investigation.decision == "support"
    client.post(
        reverse("defectors:follow_up_add", args=[case.pk]), {"due_on": TODAY().isoformat(), "purpose": "Studier"}
    )
    follow_up = FollowUp.objects.get(case=case)
    done = reverse("defectors:follow_up_done", args=[case.pk, follow_up.pk])
    assert client.post(done, {"version": 1, "done_on": TODAY().isoformat(), "outcome": "Går bra"}).status_code == 302
    assert client.post(done, {"version": 1, "done_on": TODAY().isoformat(), "outcome": "Igen"}).status_code == 409
