"""The plan workflow through the pages: build, submit, approve, version; bad input; double submission."""

import datetime

import pytest

from samhandling.audit.models import AuditEvent
from samhandling.catalogue.models import Factor, Method, PriorityArea
from samhandling.plans import services
from samhandling.plans.models import ActionPlan, Activity, PlanStatus, Problem, SituationSection

pytestmark = pytest.mark.django_db


def activity_data(plan, **changes):
    area = PriorityArea.objects.get(strategy=plan.strategy, number="4.2")
    data = {
        "title": "SSPF i Fruängen",
        "description": "Tidig samverkan kring barn 10–15 år.",
        "priority_area": area.pk,
        "sub_area": area.sub_areas.get(number="4.2.3").pk,
        "methods": [Method.objects.get(slug="sspf").pk],
        "prevention_type": "social",
        "target_group": "Barn med tidiga tecken på normbrytande beteende",
        "age_min": "10",
        "age_max": "15",
        "term": "long",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
    }
    data.update(changes)
    return data


def test_planner_builds_the_three_steps(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    r = c.post(
        f"/planer/{plan.pk}/lagesbild/ny/",
        {
            "theme": "Droghandel vid Liljeholmstorget",
            "text": "Polisen ser öppen handel.",
            "sources": ["police", "own_observations"],
            "as_of": "2025-01-15",
            "author": "Hanna Planerare",
            "place_note": "Liljeholmstorget",
        },
    )
    assert r.status_code == 302
    r = c.post(f"/planer/{plan.pk}/problem/ny/", {"title": "Unga rekryteras till droghandel", "description": ""})
    problem = Problem.objects.get(plan=plan)
    factor = Factor.objects.filter(kind="risk").first()
    r = c.post(
        f"/planer/{plan.pk}/problem/{problem.pk}/orsak/ny/", {"description": "Låg skolnärvaro", "factors": [factor.pk]}
    )
    assert r.status_code == 302 and problem.causes.get().factors.get() == factor
    r = c.post(f"/planer/{plan.pk}/aktivitet/ny/", activity_data(plan, problem=problem.pk))
    assert r.status_code == 302
    html = c.get(f"/planer/{plan.pk}/").content.decode()
    assert "Droghandel vid Liljeholmstorget" in html and "Polisens lägesbild" in html
    assert "Låg skolnärvaro" in html and "SSPF i Fruängen" in html
    verbs = set(AuditEvent.objects.filter(verb__startswith="plans.").values_list("verb", flat=True))
    assert {
        "plans.situationsection_create",
        "plans.problem_create",
        "plans.cause_create",
        "plans.activity_create",
    } <= verbs


def test_bad_activity_is_rejected_in_swedish_and_keeps_what_was_typed(
    client_for, district_planner, make_plan, hagersten
):
    plan = make_plan(hagersten)
    other_sub = PriorityArea.objects.get(strategy=plan.strategy, number="4.4").sub_areas.first()
    data = activity_data(
        plan,
        methods=[],
        age_min="16",
        age_max="12",
        end_date="2024-01-01",
        sub_area=other_sub.pk,
        title="Min egen rubrik",
    )
    r = client_for(district_planner).post(f"/planer/{plan.pk}/aktivitet/ny/", data)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Välj minst en metod ur katalogen" in html
    assert "Högsta ålder kan inte vara lägre än lägsta ålder" in html
    assert "Slutet kan inte ligga före starten" in html
    assert "Delområdet hör inte till det valda prioriterade området" in html
    assert 'value="Min egen rubrik"' in html
    assert plan.activities.count() == 1


def test_double_submission_creates_one_activity(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    data = activity_data(plan, form_token="7d5b3c9e-0f7a-4f3e-9a51-2b9f4f1e8a11")
    assert c.post(f"/planer/{plan.pk}/aktivitet/ny/", data).status_code == 302
    assert c.post(f"/planer/{plan.pk}/aktivitet/ny/", data).status_code == 302
    assert Activity.objects.filter(plan=plan, title="SSPF i Fruängen").count() == 1


def test_submit_needs_an_activity(client_for, district_planner, catalogue, hagersten):
    plan = services.plan_create(actor=district_planner, committee=hagersten, year=2026, title="Tom plan")
    r = client_for(district_planner).post(f"/planer/{plan.pk}/skicka-in/", follow=True)
    assert "Lägg till minst en aktivitet" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_approval_needs_decision_date_and_reference(client_for, unit_manager_hagersten, make_plan, hagersten):
    plan = make_plan(hagersten, status="submitted")
    r = client_for(unit_manager_hagersten).post(
        f"/planer/{plan.pk}/godkann/", {"decision_date": "", "decision_reference": ""}
    )
    assert r.status_code == 200 and "Det här fältet är obligatoriskt" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_manager_can_send_a_plan_back(client_for, unit_manager_hagersten, make_plan, hagersten):
    plan = make_plan(hagersten, status="submitted")
    r = client_for(unit_manager_hagersten).post(
        f"/planer/{plan.pk}/skicka-tillbaka/", {"comment": "Komplettera orsaksanalysen."}
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert AuditEvent.objects.get(verb="plans.plan_return").details["comment"] == "Komplettera orsaksanalysen."


def test_change_of_approved_plan_makes_a_new_version_and_history_shows_both(
    client_for, district_planner, unit_manager_hagersten, make_plan, hagersten
):
    plan = make_plan(hagersten, status="approved", approver=unit_manager_hagersten)
    c = client_for(district_planner)
    r = c.post(f"/planer/{plan.pk}/ny-version/", {"change_note": "Ny aktivitet för flickor"})
    new = ActionPlan.objects.get(previous=plan)
    assert r.status_code == 302 and new.version == 2 and new.status == PlanStatus.DRAFT
    assert new.activities.get().methods.get().slug == "nattvandring"
    # a second click does not make a third version
    c.post(f"/planer/{plan.pk}/ny-version/", {"change_note": "Ny aktivitet för flickor"})
    assert ActionPlan.objects.filter(committee=hagersten, year=plan.year).count() == 2
    services.plan_submit(actor=district_planner, plan=new)
    services.plan_approve(
        actor=unit_manager_hagersten, plan=new, decision_date=datetime.date(2025, 6, 1), decision_reference="2025/200"
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    html = c.get(f"/planer/{new.pk}/").content.decode()
    assert "Version 1" in html and "Version 2" in html and "2025/200" in html
    # the old version is still there, unchanged
    assert plan.activities.count() == 1 and plan.decision_reference == "2025/123"


def test_services_refuse_to_change_an_approved_plan(district_planner, make_plan, hagersten):
    from django.core.exceptions import ValidationError

    plan = make_plan(hagersten, status="approved")
    with pytest.raises(ValidationError):
        services.plan_update(actor=district_planner, plan=plan, title="x", summary="", expected_version=1)
    section = SituationSection(theme="x", text="y", as_of=datetime.date(2025, 1, 1), author="z")
    with pytest.raises(ValidationError):
        services.part_delete(actor=district_planner, plan=plan, obj=section)


def test_create_plan_page_and_duplicate_year(client_for, district_planner, catalogue, hagersten):
    c = client_for(district_planner)
    assert c.get("/planer/ny/").status_code == 200
    data = {"committee": hagersten.pk, "year": "2025", "title": "Handlingsplan 2025", "summary": ""}
    assert c.post("/planer/ny/", data).status_code == 302
    assert c.post("/planer/ny/", data).status_code == 302  # double click: to the plan made
    assert ActionPlan.objects.filter(committee=hagersten, year=2025).count() == 1
    r = c.post("/planer/ny/", {**data, "year": "1999"})
    assert r.status_code == 200 and "Handlingsplan 2025" in r.content.decode()


def test_edit_and_remove_parts(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    r = c.post(f"/planer/{plan.pk}/andra/", {"title": "Ny titel", "summary": "Kort", "edit_version": plan.edit_version})
    assert r.status_code == 302
    problem = Problem.objects.create(plan=plan, title="P")
    assert c.get(f"/planer/{plan.pk}/problem/{problem.pk}/").status_code == 200
    assert c.post(f"/planer/{plan.pk}/problem/{problem.pk}/ta-bort/").status_code == 302
    assert not Problem.objects.filter(pk=problem.pk).exists()
    assert c.get(f"/planer/{plan.pk}/okand/ny/").status_code == 404
    assert c.get(f"/planer/{plan.pk}/aktivitet/999999/").status_code == 404
    assert AuditEvent.objects.filter(verb="plans.problem_delete").exists()


def test_api_lists_visible_plans_with_activities(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    body = client_for(district_planner).get(f"/api/v1/plans/{plan.pk}/").json()
    assert body["activities"][0]["methods"] == ["nattvandring"]
    assert body["status"] == "draft"


def test_situation_picture_embeds_the_district_indicators_when_asked(
    client_for, district_planner, make_plan, hagersten
):
    plan = make_plan(hagersten)
    SituationSection.objects.create(
        plan=plan,
        theme="Skolnärvaro",
        text="Låg närvaro i årskurs 8.",
        sources=["social_services_report"],
        as_of=datetime.date(2025, 1, 10),
        author="Hanna",
        show_indicators=True,
    )
    html = client_for(district_planner).get(f"/planer/{plan.pk}/").content.decode()
    assert "Socialtjänstrapporten" in html
    assert 'class="table district-profile"' in html
