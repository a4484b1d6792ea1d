"""The effects survey: a deadline, who has answered, reminders over real SMTP, specialist committees."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.organisations.models import Committee, Unit
from samhandling.organisations.roles import Role
from samhandling.organisations.tests import factories as f
from samhandling.plans import services
from samhandling.plans.models import SurveyReminderSent, SurveyResponse, SurveyRound
from samhandling.plans.tasks import send_followup_reminders, send_survey_reminders_now
from samhandling.plans.tests.conftest import add_activity

pytestmark = pytest.mark.django_db


def specialist_planner(username="planerare-utbildning"):
    unit = f.city_unit("Utbildningsförvaltningen", "Förebyggande arbete", kind=Unit.Kind.PREVENTION)
    return f.make_member(username, Role.DISTRICT_PLANNER, unit)


def specialist_manager(admin="Utbildningsförvaltningen", username="chef-utbildning"):
    return f.make_member(username, Role.UNIT_MANAGER, f.city_unit(admin, "Ledning"))


@pytest.fixture
def education(db):
    return Committee.objects.get(administration__name="Utbildningsförvaltningen")


def test_analyst_sets_and_moves_the_deadline(client_for, city_analyst, catalogue):
    c = client_for(city_analyst)
    page = c.get("/planer/enkat/2025/svar/").content.decode()
    assert "Enkäten har ingen sista dag ännu" in page
    r = c.post("/planer/enkat/2025/svar/", {"deadline": ""})
    assert r.status_code == 200 and "Ange det datum då förvaltningarna senast ska svara." in r.content.decode()
    assert c.post("/planer/enkat/2025/svar/", {"deadline": "2026-02-15"}).status_code == 302
    assert c.post("/planer/enkat/2025/svar/", {"deadline": "2026-02-15"}).status_code == 302  # sent twice: one round
    assert c.post("/planer/enkat/2025/svar/", {"deadline": "2026-02-28"}).status_code == 302
    survey = SurveyRound.objects.get()
    assert survey.deadline == datetime.date(2026, 2, 28) and SurveyRound.objects.count() == 1
    assert AuditEvent.objects.filter(verb="plans.survey_round_open").count() == 1
    assert AuditEvent.objects.filter(verb="plans.survey_round_update").exists()
    assert "Sista dag att svara är 2026-02-28" in c.get("/planer/enkat/2025/svar/").content.decode()


def test_only_analysts_set_the_deadline(client_for, district_planner, unit_manager_hagersten, catalogue):
    for user in (district_planner, unit_manager_hagersten):
        c = client_for(user)
        assert c.get("/planer/enkat/2025/svar/").status_code == 403
        assert c.post("/planer/enkat/2025/svar/", {"deadline": "2026-02-15"}).status_code == 403
    assert not SurveyRound.objects.exists()


def test_analyst_sees_who_has_answered(client_for, city_analyst, district_planner, make_plan, hagersten, rinkeby):
    make_plan(hagersten, status="approved")
    make_plan(rinkeby, status="approved")
    services.survey_save(
        actor=district_planner, year=2025, committee=hagersten, answers={}, views="Förenkla.", submit=True
    )
    html = client_for(city_analyst).get("/planer/enkat/2025/svar/").content.decode()
    rows = html.split('data-testid="survey-row"')[1:]
    hagersten_row = next(r for r in rows if "Hägersten-Älvsjö stadsdelsnämnd" in r)
    rinkeby_row = next(r for r in rows if "Rinkeby-Kista stadsdelsnämnd" in r)
    assert "Ja (godkänd plan)" in hagersten_row and "Skickat " in hagersten_row
    assert "Ja (godkänd plan)" in rinkeby_row and "Inte ännu" in rinkeby_row


def test_planner_sees_the_deadline(client_for, district_planner, city_analyst, catalogue):
    services.survey_round_save(actor=city_analyst, year=2025, deadline=datetime.date(2026, 2, 15))
    assert "Svara senast 2026-02-15." in client_for(district_planner).get("/planer/enkat/2025/").content.decode()


def test_survey_reminders_go_by_real_smtp_to_committees_that_have_not_answered(
    smtp_server, client_for, city_analyst, district_planner, district_planner_rinkeby, make_plan, hagersten, rinkeby
):
    make_plan(hagersten, status="approved")
    make_plan(rinkeby, status="approved")
    services.survey_save(
        actor=district_planner_rinkeby, year=2025, committee=rinkeby, answers={}, views="", submit=True
    )
    # started but not sent still counts as not answered
    services.survey_save(actor=district_planner, year=2025, committee=hagersten, answers={}, views="x", submit=False)
    services.survey_round_save(
        actor=city_analyst, year=2025, deadline=timezone.localdate() + datetime.timedelta(days=2)
    )

    assert send_followup_reminders.call() == 1  # the hourly job covers the survey too
    assert len(smtp_server.messages) == 1
    msg = smtp_server.messages[0]
    assert msg["To"] == district_planner.email
    assert str(make_header(decode_header(msg["Subject"]))) == "Påminnelse: enkäten om de lokala handlingsplanerna 2025"
    body = msg.get_payload(decode=True).decode()
    assert "Hägersten-Älvsjö stadsdelsnämnd har ännu inte skickat sitt svar" in body
    assert f"/planer/enkat/2025/?namnd={hagersten.pk}" in body
    assert send_survey_reminders_now() == 0  # once a day
    assert SurveyReminderSent.objects.get().committee == hagersten
    assert AuditEvent.objects.filter(verb="plans.survey_reminder_sent").count() == 1
    html = client_for(city_analyst).get("/planer/enkat/2025/svar/").content.decode()
    row = next(r for r in html.split('data-testid="survey-row"')[1:] if "Hägersten-Älvsjö stadsdelsnämnd" in r)
    assert f"1 (senast {timezone.localdate():%Y-%m-%d})" in row


def test_no_survey_reminders_long_before_the_deadline_or_without_one(
    smtp_server, city_analyst, make_plan, hagersten, catalogue
):
    make_plan(hagersten, status="approved")
    assert send_survey_reminders_now() == 0
    services.survey_round_save(
        actor=city_analyst, year=2025, deadline=timezone.localdate() + datetime.timedelta(days=30)
    )
    assert send_survey_reminders_now() == 0 and smtp_server.messages == []


# --- specialist committees ---------------------------------------------------------------------


def test_a_specialist_committee_answers_the_survey_through_its_planner(client_for, education, catalogue):
    planner = specialist_planner()
    c = client_for(planner)
    page = c.get("/planer/enkat/2025/").content.decode()
    assert education.name in page
    r = c.post("/planer/enkat/2025/", {"4.3-results": "MVP i fler skolor.", "views": "Mer stöd.", "submit": "1"})
    assert r.status_code == 302
    response = SurveyResponse.objects.get(committee=education)
    assert response.submitted_at and response.answers["4.3"]["results"] == "MVP i fler skolor."
    assert response.updated_by == planner


def test_a_specialist_manager_approves_the_plan_of_their_committee(client_for, education, catalogue):
    planner = specialist_planner()
    plan = services.plan_create(actor=planner, committee=education, year=2025, title="Utbildningsnämndens plan 2025")
    add_activity(plan, title="MVP i grundskolan", slug="mvp", area="4.3")
    c = client_for(planner)
    assert c.post(f"/planer/{plan.pk}/skicka-in/").status_code == 302
    manager = specialist_manager()
    c = client_for(manager)
    assert c.get(f"/planer/{plan.pk}/").status_code == 200
    r = c.post(f"/planer/{plan.pk}/godkann/", {"decision_date": "2025-03-01", "decision_reference": "UN 2025/44"})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by == manager


def test_managers_of_other_committees_cannot_approve_a_specialist_plan(
    client_for, education, unit_manager_hagersten, catalogue
):
    planner = specialist_planner()
    plan = services.plan_create(actor=planner, committee=education, year=2025, title="Utbildningsnämndens plan 2025")
    add_activity(plan)
    services.plan_submit(actor=planner, plan=plan)
    social = specialist_manager("Socialförvaltningen", "chef-social")
    for user in (social, unit_manager_hagersten):
        assert client_for(user).get(f"/planer/{plan.pk}/godkann/").status_code == 404
        assert client_for(user).get(f"/planer/{plan.pk}/").status_code == 404
    # the committee's own planner sees it but may not approve it
    assert client_for(planner).get(f"/planer/{plan.pk}/godkann/").status_code == 403
