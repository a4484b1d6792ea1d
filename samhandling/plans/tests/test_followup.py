"""Follow-up per period, rounds with deadlines and reminder e-mails over real SMTP."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.plans import services
from samhandling.plans.models import FollowUp, FollowUpRound, PlanReport, PlanStatus
from samhandling.plans.tasks import send_followup_reminders, send_followup_reminders_now

pytestmark = pytest.mark.django_db


def followup_post(plan, **changes):
    data = {}
    for a in plan.activities.all():
        p = f"a{a.pk}-"
        data.update(
            {
                p + "status": "ongoing",
                p + "done": "Tolv kvällar med nattvandring.",
                p + "reached_girls": "14",
                p + "reached_boys": "22",
                p + "effect": "Färre larm till polisen.",
                p + "effect_basis": "Polisens statistik för området.",
            }
        )
    data.update(changes)
    return data


@pytest.fixture
def t1(city_analyst):
    return services.round_create(actor=city_analyst, year=2025, period="t1", deadline=datetime.date(2025, 5, 15))


def test_analyst_opens_a_round(client_for, city_analyst, catalogue):
    c = client_for(city_analyst)
    r = c.post("/planer/uppfoljning/", {"year": "2025", "period": "t1", "deadline": "2025-05-15"})
    rnd = FollowUpRound.objects.get()
    assert r.status_code == 302 and rnd.period == "t1"
    # double submission goes to the round already opened
    assert c.post("/planer/uppfoljning/", {"year": "2025", "period": "t1", "deadline": "2025-05-15"}).status_code == 302
    assert FollowUpRound.objects.count() == 1
    assert c.get(f"/planer/uppfoljning/{rnd.pk}/").status_code == 200


def test_planner_reports_tertial_1(client_for, district_planner, city_analyst, make_plan, hagersten, t1):
    plan = make_plan(hagersten, status="approved")
    c = client_for(district_planner)
    assert c.get(f"/planer/{plan.pk}/uppfoljning/{t1.pk}/").status_code == 200
    r = c.post(f"/planer/{plan.pk}/uppfoljning/{t1.pk}/", {**followup_post(plan), "submit": "1"})
    assert r.status_code == 302
    fu = FollowUp.objects.get(activity__plan=plan, round=t1)
    assert fu.reached_girls == 14 and fu.reached_boys == 22 and fu.reached_total == 36
    assert PlanReport.objects.filter(plan=plan, round=t1).exists()
    assert AuditEvent.objects.filter(verb="plans.report_submit").exists()
    html = client_for(city_analyst).get(f"/planer/uppfoljning/{t1.pk}/").content.decode()
    assert "1 av 1 planer har rapporterat" in html


def test_bad_followup_keeps_what_was_typed(client_for, district_planner, make_plan, hagersten, t1):
    plan = make_plan(hagersten, status="approved")
    a = plan.activities.get()
    data = followup_post(plan, **{f"a{a.pk}-effect_basis": "", f"a{a.pk}-reached_girls": "-3"})
    r = client_for(district_planner).post(f"/planer/{plan.pk}/uppfoljning/{t1.pk}/", data)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Ange vad effekten grundar sig på" in html
    assert "Färre larm till polisen." in html
    assert not FollowUp.objects.exists()


def test_full_year_report_marks_the_plan_followed_up(district_planner, city_analyst, make_plan, hagersten):
    plan = make_plan(hagersten, status="approved")
    year = services.round_create(actor=city_analyst, year=2025, period="year", deadline=datetime.date(2026, 1, 31))
    FollowUp.objects.create(activity=plan.activities.get(), round=year, status="done", done="Klart")
    services.plan_report_submit(actor=district_planner, plan=plan, rnd=year)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FOLLOWED_UP


def test_followup_is_read_only_for_others(client_for, city_analyst, district_planner_rinkeby, make_plan, hagersten, t1):
    plan = make_plan(hagersten, status="approved")
    assert client_for(city_analyst).get(f"/planer/{plan.pk}/uppfoljning/{t1.pk}/").status_code == 200
    assert (
        client_for(city_analyst).post(f"/planer/{plan.pk}/uppfoljning/{t1.pk}/", followup_post(plan)).status_code == 403
    )
    # an approved plan is public, its follow-up form is not for another district's planner
    assert client_for(district_planner_rinkeby).get(f"/planer/{plan.pk}/uppfoljning/{t1.pk}/").status_code == 403


def test_reminders_go_by_real_smtp_to_plans_that_have_not_reported(
    smtp_server, district_planner, district_planner_rinkeby, city_analyst, make_plan, hagersten, rinkeby
):
    # the shared factory makes "planerare-hägersten-älvsjö@…", which SMTP without SMTPUTF8 refuses
    district_planner.email = "hanna.planerare@test.samhandling.invalid"
    district_planner.save(update_fields=["email"])
    late = make_plan(hagersten, status="approved")
    done = make_plan(rinkeby, status="approved")
    rnd = services.round_create(
        actor=city_analyst, year=2025, period="t1", deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    FollowUp.objects.create(activity=done.activities.get(), round=rnd, status="ongoing")
    services.plan_report_submit(actor=district_planner_rinkeby, plan=done, rnd=rnd)

    assert send_followup_reminders.call() == 1
    assert len(smtp_server.messages) == 1
    msg = smtp_server.messages[0]
    assert msg["To"] == district_planner.email
    subject = str(make_header(decode_header(msg["Subject"])))
    assert subject == "Påminnelse: uppföljning Tertial 1 2025"
    body = msg.get_payload(decode=True).decode()
    assert late.title in body and f"/planer/{late.pk}/uppfoljning/{rnd.pk}/" in body
    # not again the same day
    assert send_followup_reminders_now() == 0
    assert len(smtp_server.messages) == 1
    assert AuditEvent.objects.filter(verb="plans.reminder_sent", target_id=str(late.pk)).count() == 1


def test_no_reminders_long_before_the_deadline(smtp_server, city_analyst, make_plan, hagersten):
    make_plan(hagersten, status="approved")
    services.round_create(
        actor=city_analyst, year=2025, period="t2", deadline=timezone.localdate() + datetime.timedelta(days=40)
    )
    assert send_followup_reminders_now() == 0
    assert smtp_server.messages == []


def test_reminder_job_is_registered():
    from samhandling.core import schedule

    assert "plans.followup_reminders" in {job.name for job in schedule.jobs()}
