"""The permission matrix of every forum page and API, and the pages' behaviour."""

import datetime
import uuid

import pytest
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases.tests import helpers as case_helpers
from samhandling.collaboration import services
from samhandling.collaboration.models import Action, Consent, Disclosure, Forum, Meeting
from samhandling.collaboration.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

WRITE_PAGES = [
    "medlemmar/ny/",
    "medlemmar/{member}/ta-bort/",
    "samtycke/ny/",
    "samtycke/{consent}/aterkalla/",
    "starta/",
    "moten/ny/",
    "moten/{meeting}/",
    "plan/",
    "atgarder/ny/",
    "utlamna/",
    "avsluta/",
    "atgarder/{action}/",
]


@pytest.fixture
def world(social_worker_hagersten):
    forum = h.sspf(social_worker_hagersten)
    h.share(social_worker_hagersten, forum, "police", "Planen till polisen: fritidsaktivitet.")
    h.share(social_worker_hagersten, forum, "school", "Till skolan: närvaroplan.", info_kind="school")
    services.plan_update(
        actor=social_worker_hagersten, forum=forum, goals="HEMLIGT MÅL EJ DELAT", expected_version=forum.version
    )
    meeting = services.meeting_create(
        actor=social_worker_hagersten, forum=forum, starts_at=timezone.now(), token=uuid.uuid4()
    )
    action = services.action_add(
        actor=social_worker_hagersten,
        forum=forum,
        what="Läxhjälp",
        owner=forum.members.get(party="school"),
        due_on=timezone.localdate(),
        token=uuid.uuid4(),
    )
    forum.refresh_from_db()
    return {
        "forum": forum,
        "consent": forum.consents.first().id,
        "meeting": meeting.id,
        "action": action.id,
        "member": forum.members.get(party="police").id,
    }


def _urls(world):
    base = f"/samverkan/{world['forum'].id}/"
    return [base + p.format(**world) for p in WRITE_PAGES]


def test_the_lead_unit_opens_every_page(client_for, social_worker_hagersten, world):
    client = client_for(social_worker_hagersten)
    for url in ["/samverkan/", "/samverkan/ny/", f"/samverkan/{world['forum'].id}/", *_urls(world)]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/samverkan/{world['forum'].id}/").content.decode()
    assert "HEMLIGT MÅL EJ DELAT" in page


def test_the_police_member_sees_only_what_was_shared_with_the_police(client_for, police_liaison, world):
    client = client_for(police_liaison)
    page = client.get(f"/samverkan/{world['forum'].id}/").content.decode()
    assert "Planen till polisen" in page
    assert "Till skolan" not in page
    assert "HEMLIGT MÅL EJ DELAT" not in page
    for url in _urls(world):
        assert client.get(url).status_code == 403, url
    assert client.get("/samverkan/utlamnanden/").status_code == 403
    api = client.get(f"/api/v1/forums/{world['forum'].id}/").json()
    assert [s["content"] for s in api["shared"]] == ["Planen till polisen: fritidsaktivitet."]
    assert AuditEvent.objects.filter(verb="collaboration.disclosure.read", actor=police_liaison).count() == 2


def test_the_school_member_sees_the_schools_share(client_for, school_reporter, world):
    page = client_for(school_reporter).get(f"/samverkan/{world['forum'].id}/").content.decode()
    assert "Till skolan" in page and "Planen till polisen" not in page


def test_a_police_officer_of_another_area_gets_404(client_for, world):
    other = f.police_liaison("rinkeby")
    client = client_for(other)
    assert client.get(f"/samverkan/{world['forum'].id}/").status_code == 404
    assert client.get(f"/api/v1/forums/{world['forum'].id}/").status_code == 404


def test_a_social_worker_of_another_district_who_shares_the_person_gets_404(client_for, social_worker_rinkeby, world):
    # Rinkeby-Kista has its own case about the same child: that opens nothing in Hägersten's forum.
    case_helpers.report(number=world["forum"].person.personal_number, district="Rinkeby-Kista")
    client = client_for(social_worker_rinkeby)
    forum_id = world["forum"].id
    assert client.get(f"/samverkan/{forum_id}/").status_code == 404
    for url in _urls(world):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/forums/{forum_id}/").status_code == 404
    assert forum_id not in [r["id"] for r in client.get("/api/v1/forums/").json()]
    assert client.get("/samverkan/").status_code == 200


def test_users_without_a_role_and_anonymous_visitors(client, client_for, outsider, world):
    forum_id = world["forum"].id
    assert client.get("/samverkan/").status_code == 302
    assert client.get(f"/samverkan/{forum_id}/").status_code == 302
    assert client.get("/api/v1/forums/").status_code in (401, 403)
    c = client_for(outsider)
    assert c.get("/samverkan/").status_code == 403
    assert c.get(f"/samverkan/{forum_id}/").status_code == 404
    assert c.get("/samverkan/ny/").status_code == 403
    assert c.get("/api/v1/forums/").status_code == 403


def test_after_withdrawal_the_police_members_next_request_gets_404(
    client_for, social_worker_hagersten, police_liaison, world
):
    forum_id = world["forum"].id
    police = client_for(police_liaison)
    assert police.get(f"/samverkan/{forum_id}/").status_code == 200
    lead = client_for(social_worker_hagersten)
    consent = Consent.objects.filter(forum_id=forum_id, giver="guardian").first()
    r = lead.post(f"/samverkan/{forum_id}/samtycke/{consent.id}/aterkalla/", {"note": "Per telefon"})
    assert r.status_code == 302
    police = client_for(police_liaison)
    assert police.get(f"/samverkan/{forum_id}/").status_code == 404
    assert police.get(f"/api/v1/forums/{forum_id}/").status_code == 404
    assert client_for(social_worker_hagersten).get(f"/samverkan/{forum_id}/").status_code == 200


def test_the_register_lists_disclosures_with_withdrawn_consents(
    client_for, log_reviewer, social_worker_hagersten, world
):
    consent = Consent.objects.filter(forum=world["forum"]).first()
    services.consent_withdraw(actor=social_worker_hagersten, consent=consent, note="x")
    client = client_for(log_reviewer)
    page = client.get("/samverkan/utlamnanden/", {"withdrawn": "on", "party": "police"}).content.decode()
    assert "1 utlämnande" in page
    csv = client.get("/samverkan/utlamnanden/export.csv", {"year": timezone.localdate().year})
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.count("\r\n") == 3 and "12 kap. 2 §" in text
    # Each row names the recipient, its party, the kind of information, the ground and the withdrawal.
    police = world["forum"].members.get(party="police")
    school = world["forum"].members.get(party="school")
    rows = {line.split(";")[3]: line for line in text.split("\r\n")[1:] if line}
    assert set(rows) == {str(police), str(school)}
    assert ";Polisen;" in rows[str(police)] and rows[str(police)].endswith(";ja")
    assert ";Skola;" in rows[str(school)]
    assert client.get(f"/samverkan/{world['forum'].id}/").status_code == 404
    assert AuditEvent.objects.filter(verb="collaboration.register.export").exists()
    assert client_for(social_worker_hagersten).get("/samverkan/utlamnanden/export.csv").status_code == 403


def test_a_protected_identity_is_never_shown(client_for, social_worker_hagersten, police_liaison):
    forum = h.sspf(social_worker_hagersten, protected=True)
    h.share(social_worker_hagersten, forum, "police", "Planen")
    name = forum.person.first_name
    for user in (social_worker_hagersten, police_liaison):
        page = client_for(user).get(f"/samverkan/{forum.id}/").content.decode()
        assert name not in page and "Skyddad identitet" in page
    assert client_for(police_liaison).get("/api/v1/forums/").json()[0]["young_person"] == "Skyddad identitet"


def test_starting_a_forum_from_the_form_is_idempotent(client_for, social_worker_hagersten):
    case = h.case_for(social_worker_hagersten)
    client = client_for(social_worker_hagersten)
    data = {"token": str(uuid.uuid4()), "kind": "sspf", "case": case.id, "requested_by": "Skolan"}
    for _ in range(3):
        assert client.post("/samverkan/ny/", data).status_code == 302
    assert Forum.objects.count() == 1


def test_the_forum_does_not_start_without_consent_and_says_why(client_for, social_worker_hagersten):
    case = h.case_for(social_worker_hagersten)
    forum = services.forum_create(
        actor=social_worker_hagersten, kind="sspf", case=case, requested_by="", token=uuid.uuid4()
    )
    r = client_for(social_worker_hagersten).post(f"/samverkan/{forum.id}/starta/", {})
    assert r.status_code == 200 and "samtycke saknas" in r.content.decode()
    forum.refresh_from_db()
    assert forum.status == Forum.Status.PREPARING


def test_a_consent_form_keeps_the_input_on_error(client_for, social_worker_hagersten):
    case = h.case_for(social_worker_hagersten)
    forum = services.forum_create(
        actor=social_worker_hagersten, kind="sspf", case=case, requested_by="", token=uuid.uuid4()
    )
    future = timezone.localdate() + datetime.timedelta(days=3)
    data = {
        "token": str(uuid.uuid4()),
        "given_by": forum.person_id,
        "given_on": future.isoformat(),
        "method": "scanned",
        "parties": ["police"],
        "info_kinds": ["plan"],
        "valid_to": (future + datetime.timedelta(days=300)).isoformat(),
    }
    r = client_for(social_worker_hagersten).post(f"/samverkan/{forum.id}/samtycke/ny/", data)
    assert "Datumet får inte ligga i framtiden." in r.content.decode()
    assert not Consent.objects.exists()


def test_two_people_editing_the_plan_get_a_conflict(client_for, social_worker_hagersten, world):
    forum = world["forum"]
    client = client_for(social_worker_hagersten)
    url = f"/samverkan/{forum.id}/plan/"
    assert client.post(url, {"version": forum.version, "goals": "Först"}).status_code == 302
    r = client.post(url, {"version": forum.version, "goals": "Sen, med skolans stöd"})
    assert r.status_code == 409
    forum.refresh_from_db()
    assert forum.goals == "Först"
    # Nothing was saved, and what was typed is on the conflict page, not lost.
    assert "Sen, med skolans stöd" in r.content.decode()


def test_text_limits_are_enforced(client_for, social_worker_hagersten, world):
    forum = world["forum"]
    client = client_for(social_worker_hagersten)
    r = client.post(f"/samverkan/{forum.id}/plan/", {"version": forum.version, "goals": "x" * 4001})
    assert r.status_code == 200 and "som mest 4000 tecken" in r.content.decode()


def test_meeting_draft_autosave_and_save(client_for, social_worker_hagersten, world):
    forum = world["forum"]
    meeting = Meeting.objects.get(id=world["meeting"])
    client = client_for(social_worker_hagersten)
    url = f"/samverkan/{forum.id}/moten/{meeting.id}/"
    data = {"version": meeting.version, "young_person_views": "Jag vill spela fotboll", "decisions": ""}
    r = client.post(url, data, headers={"HX-Request": "true"})
    assert "Utkast sparat" in r.content.decode()
    meeting.refresh_from_db()
    assert meeting.young_person_views == "Jag vill spela fotboll" and meeting.version == 2
    # The stale version from the page is a conflict, never an overwrite.
    assert "Någon annan" in client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    members = [m.id for m in forum.members.all()]
    r = client.post(url, {**data, "version": 2, "attendees": members, "young_person_present": "on", "held": "on"})
    assert r.status_code == 302
    assert client.post(url, {**data, "version": 2}).status_code == 409


def test_saving_right_after_typing_passes_over_the_pages_own_draft_but_no_one_elses(
    client_for, social_worker_hagersten, world
):
    forum = world["forum"]
    meeting = Meeting.objects.get(id=world["meeting"])
    client = client_for(social_worker_hagersten)
    url = f"/samverkan/{forum.id}/moten/{meeting.id}/"
    page = client.get(url).content.decode()
    assert 'name="editor"' in page
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())
    base = {"version": 1, "editor": mine, "young_person_views": "Jag vill", "decisions": ""}
    # The draft (sent 0.5 s after a change) reaches the server first and makes version 2 ...
    assert "Utkast sparat" in client.post(url, base, headers={"HX-Request": "true"}).content.decode()
    # ... another page opened at version 1 may not pass over it ...
    assert client.post(url, {**base, "editor": other, "decisions": "ANNAN"}).status_code == 409
    # ... but the same page's Save, still carrying version 1, is saved with what it holds.
    final = {**base, "young_person_views": "Jag vill spela fotboll", "held": "on"}
    assert client.post(url, final).status_code == 302
    meeting.refresh_from_db()
    assert meeting.young_person_views == "Jag vill spela fotboll" and meeting.held and meeting.version == 3
    # A draft of that page arriving after the save is refused: the saved notes stay as they are.
    late = client.post(url, {**base, "young_person_views": "Jag"}, headers={"HX-Request": "true"})
    assert "Någon annan" in late.content.decode()
    # And the page's claim ended with the save: a second Save with version 1 is a conflict.
    assert client.post(url, final).status_code == 409
    meeting.refresh_from_db()
    assert meeting.young_person_views == "Jag vill spela fotboll" and meeting.version == 3


def test_actions_disclosures_and_end_through_the_pages(client_for, social_worker_hagersten, world):
    forum = world["forum"]
    client = client_for(social_worker_hagersten)
    police = forum.members.get(party="police")
    action = {"token": str(uuid.uuid4()), "what": "Följa med till träning", "owner": police.id, "due_on": "2026-12-01"}
    client.post(f"/samverkan/{forum.id}/atgarder/ny/", action)
    client.post(f"/samverkan/{forum.id}/atgarder/ny/", action)
    assert Action.objects.count() == 2
    done = Action.objects.get(what="Följa med till träning")
    url = f"/samverkan/{forum.id}/atgarder/{done.id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": 1, "done_on": "2099-01-01", "follow_up": ""}).status_code == 200
    assert client.post(url, {"version": 1, "done_on": "", "follow_up": "Gick bra"}).status_code == 302
    assert client.post(url, {"version": 1, "done_on": "", "follow_up": "Gammal"}).status_code == 409
    done.refresh_from_db()
    assert done.follow_up == "Gick bra"
    assert "Följa med till träning" in client.get(f"/samverkan/{forum.id}/utlamna/?vad=plan").content.decode()
    before = Disclosure.objects.count()
    share = {
        "token": str(uuid.uuid4()),
        "recipients": [police.id],
        "what": "plan",
        "info_kind": "plan",
        "content": "Planen",
        "legal_basis": Disclosure.objects.first().legal_basis_id,
        "confirm": "on",
    }
    assert client.post(f"/samverkan/{forum.id}/utlamna/", share).status_code == 302
    assert client.post(f"/samverkan/{forum.id}/utlamna/", share).status_code == 302
    assert Disclosure.objects.count() == before + 1
    r = client.post(f"/samverkan/{forum.id}/avsluta/", {"version": forum.version, "reason": "goal_met"})
    assert r.status_code == 302
    forum.refresh_from_db()
    assert forum.status == Forum.Status.ENDED
    assert client.get(f"/samverkan/{forum.id}/plan/").status_code == 403


def test_members_are_added_through_the_page(client_for, social_worker_hagersten, world):
    forum = world["forum"]
    client = client_for(social_worker_hagersten)
    r = client.post(f"/samverkan/{forum.id}/medlemmar/ny/", {})
    assert "Välj antingen" in r.content.decode()
    from samhandling.organisations.models import Agency

    r = client.post(f"/samverkan/{forum.id}/medlemmar/ny/", {"agency": Agency.objects.get(code="kriminalvarden").id})
    assert "deltar inte" in r.content.decode()


def test_the_register_extract_lists_every_disclosure(client_for, social_worker_hagersten, world):
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    person = world["forum"].person
    response = client_for(social_worker_hagersten).post(reverse("cases:register_extract", args=[person.id]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Uppgifter lämnade till andra myndigheter" in text
    assert text.count("12 kap. 2 §") == 2


def test_a_removed_member_loses_access_at_once_and_the_removal_is_audited(
    client_for, social_worker_hagersten, police_liaison, school_reporter, world
):
    # client_for re-logs the one test client in, so each block below logs in as whom it tests.
    forum_id, member_id = world["forum"].id, world["member"]
    url = f"/samverkan/{forum_id}/medlemmar/{member_id}/ta-bort/"
    police = client_for(police_liaison)
    assert police.get(f"/samverkan/{forum_id}/").status_code == 200
    # A partner may not remove anyone, not even itself; another district does not see the forum.
    assert police.post(url, {"reason": "x"}).status_code == 403
    assert client_for(f.social_worker("Rinkeby-Kista")).post(url, {"reason": "x"}).status_code == 404
    lead = client_for(social_worker_hagersten)
    r = lead.post(url, {"reason": ""})
    assert r.status_code == 200 and "obligatoriskt" in r.content.decode()
    assert AuditEvent.objects.filter(verb="collaboration.member.remove").count() == 0
    assert lead.post(url, {"reason": "Polisen behövs inte längre"}).status_code == 302
    page = lead.get(f"/samverkan/{forum_id}/").content.decode()
    assert "Polisen behövs inte längre" in page
    # A second removal is a 404 (already removed), never a second audit row.
    assert lead.post(url, {"reason": "igen"}).status_code == 404
    # The police's very next request: the forum is gone for them, on the page and in the API.
    police = client_for(police_liaison)
    assert police.get(f"/samverkan/{forum_id}/").status_code == 404
    assert police.get(f"/api/v1/forums/{forum_id}/").status_code == 404
    assert forum_id not in [r["id"] for r in police.get("/api/v1/forums/").json()]
    # The school, still a member, keeps its view.
    assert client_for(school_reporter).get(f"/samverkan/{forum_id}/").status_code == 200
    event = AuditEvent.objects.get(verb="collaboration.member.remove")
    assert event.actor == social_worker_hagersten
    assert event.details["reason"] == "Polisen behövs inte längre"


def test_the_lead_unit_cannot_be_removed(client_for, social_worker_hagersten, world):
    forum = world["forum"]
    lead_member = forum.members.get(unit_id=forum.lead_unit_id)
    r = client_for(social_worker_hagersten).post(
        f"/samverkan/{forum.id}/medlemmar/{lead_member.id}/ta-bort/", {"reason": "Prov"}
    )
    assert r.status_code == 200
    assert "ledande enheten" in r.content.decode()
    lead_member.refresh_from_db()
    assert lead_member.removed_at is None


def test_partner_roles_have_no_rights_beyond_their_forum_memberships(client_for, social_worker_hagersten, world):
    from samhandling.organisations.models import Agency, Unit
    from samhandling.organisations.roles import Role

    region = f.make_member("region-1", Role.REGION_STAFF, agency=Agency.objects.get(code="region-stockholm"))
    prison = f.make_member("kvv-1", Role.PRISON_PROBATION_STAFF, agency=Agency.objects.get(code="kriminalvarden"))
    leisure_unit = f.city_unit("Idrottsförvaltningen", "Fritidsgården Test", "Hägersten-Älvsjö", Unit.Kind.LEISURE)
    leisure = f.make_member("fritid-1", Role.LEISURE_STAFF, unit=leisure_unit)
    sspf_id = world["forum"].id
    # A SIG with the region as a member, and something shared with the region.
    case = h.case_for(social_worker_hagersten, age=17, serial="982")
    sig = services.forum_create(
        actor=social_worker_hagersten, kind="sig", case=case, requested_by="", token=uuid.uuid4()
    )
    services.member_add(actor=social_worker_hagersten, forum=sig, agency=Agency.objects.get(code="region-stockholm"))
    h.consent_all(social_worker_hagersten, sig, parties=("region",))
    sig = services.forum_activate(actor=social_worker_hagersten, forum=sig)
    h.share(social_worker_hagersten, sig, "region", "Till regionen: vårdkontakt.")
    for user in (region, prison, leisure):
        c = client_for(user)
        assert c.get("/samverkan/").status_code == 200
        assert c.get("/samverkan/ny/").status_code == 403
        assert c.get("/samverkan/utlamnanden/").status_code == 403
        assert c.get(f"/samverkan/{sspf_id}/").status_code == 404, user
        for url in _urls(world):
            assert c.get(url).status_code == 404, (user, url)
        assert sspf_id not in [r["id"] for r in c.get("/api/v1/forums/").json()]
    c = client_for(region)
    assert "Till regionen" in c.get(f"/samverkan/{sig.id}/").content.decode()
    assert c.get(f"/samverkan/{sig.id}/plan/").status_code == 403
    assert client_for(prison).get(f"/samverkan/{sig.id}/").status_code == 404
    assert client_for(leisure).get(f"/samverkan/{sig.id}/").status_code == 404
