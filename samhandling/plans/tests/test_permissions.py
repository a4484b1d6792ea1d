"""The permission matrix for plans (docs/access-model.md, "Action plans"): allowed, 404 invisible, 403 read-only."""

import pytest

from samhandling.audit.models import AuditEvent
from samhandling.plans.models import ActionPlan, PlanStatus

pytestmark = pytest.mark.django_db


def test_planner_sees_and_edits_own_draft(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    assert c.get(f"/planer/{plan.pk}/").status_code == 200
    assert c.get(f"/planer/{plan.pk}/andra/").status_code == 200
    assert c.get(f"/planer/{plan.pk}/aktivitet/ny/").status_code == 200


def test_it_hides_other_committees_drafts(client_for, district_planner_rinkeby, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner_rinkeby)
    assert c.get(f"/planer/{plan.pk}/").status_code == 404
    assert c.get(f"/planer/{plan.pk}/andra/").status_code == 404
    assert c.post(f"/planer/{plan.pk}/skicka-in/").status_code == 404
    assert plan.title not in c.get("/planer/").content.decode()


@pytest.mark.parametrize("persona", ["social_worker_hagersten", "police_liaison", "outsider", "field_worker"])
def test_drafts_are_invisible_to_people_without_a_planning_role(request, client_for, persona, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(request.getfixturevalue(persona))
    assert c.get(f"/planer/{plan.pk}/").status_code == 404
    assert c.get(f"/api/v1/plans/{plan.pk}/").status_code == 404


def test_anonymous_users_see_approved_plans_but_not_drafts(
    client, make_plan, hagersten, rinkeby, unit_manager_hagersten
):
    approved = make_plan(hagersten, status="approved", approver=unit_manager_hagersten)
    draft = make_plan(rinkeby)
    assert client.get(f"/planer/{approved.pk}/").status_code == 200
    assert client.get(f"/planer/{draft.pk}/").status_code == 404
    listing = client.get("/planer/antagna/").content.decode()
    assert approved.title in listing and draft.title not in listing


def test_approved_plan_is_read_only_even_for_its_planner(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten, status="approved")
    c = client_for(district_planner)
    activity = plan.activities.first()
    assert c.get(f"/planer/{plan.pk}/andra/").status_code == 403
    assert c.get(f"/planer/{plan.pk}/aktivitet/{activity.pk}/").status_code == 403
    assert c.post(f"/planer/{plan.pk}/aktivitet/{activity.pk}/ta-bort/").status_code == 403
    assert c.post(f"/planer/{plan.pk}/skicka-in/").status_code == 403
    assert plan.activities.count() == 1


def test_analyst_reads_all_plans_but_cannot_edit_them(client_for, city_analyst, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(city_analyst)
    assert c.get(f"/planer/{plan.pk}/").status_code == 200
    assert c.get(f"/planer/{plan.pk}/andra/").status_code == 403
    assert c.get(f"/planer/{plan.pk}/lagesbild/ny/").status_code == 403
    assert c.get("/api/v1/plans/").json()["count"] == 1


def test_only_the_committees_manager_approves(
    client_for, unit_manager_hagersten, district_planner, city_analyst, make_plan, hagersten
):
    plan = make_plan(hagersten, status="submitted")
    assert client_for(district_planner).get(f"/planer/{plan.pk}/godkann/").status_code == 403
    assert client_for(city_analyst).get(f"/planer/{plan.pk}/godkann/").status_code == 403
    c = client_for(unit_manager_hagersten)
    assert c.get(f"/planer/{plan.pk}/godkann/").status_code == 200
    response = c.post(
        f"/planer/{plan.pk}/godkann/", {"decision_date": "2025-02-20", "decision_reference": "HÄ 2025/17"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decision_reference == "HÄ 2025/17"
    assert AuditEvent.objects.filter(verb="plans.plan_approve", target_id=str(plan.pk)).exists()


def test_manager_of_another_district_cannot_see_a_submitted_plan(client_for, make_plan, hagersten):
    from samhandling.organisations.tests import factories as f

    plan = make_plan(hagersten, status="submitted")
    other = f.unit_manager("Rinkeby-Kista")
    assert client_for(other).get(f"/planer/{plan.pk}/godkann/").status_code == 404


def test_overview_report_and_rounds_are_for_analysts_only(client_for, district_planner, city_analyst, catalogue):
    for url in [
        "/planer/oversikt/",
        "/planer/effektrapport/2025/",
        "/planer/uppfoljning/",
        "/planer/enkat/2025/svar/",
        "/planer/oversikt/export.xlsx",
    ]:
        assert client_for(district_planner).get(url).status_code == 403, url
    c = client_for(city_analyst)
    for url in ["/planer/oversikt/", "/planer/effektrapport/2025/", "/planer/uppfoljning/", "/planer/enkat/2025/svar/"]:
        assert c.get(url).status_code == 200, url
    assert c.get("/planer/ny/").status_code == 403
    assert c.get("/planer/enkat/2025/").status_code == 403


def test_plan_list_shows_own_and_public_plans(client_for, district_planner, make_plan, hagersten, rinkeby):
    own = make_plan(hagersten)
    other = make_plan(rinkeby, status="approved")
    html = client_for(district_planner).get("/planer/").content.decode()
    assert own.title in html and other.title in html
    assert ActionPlan.objects.count() == 2


def test_api_requires_login(client, make_plan, hagersten):
    make_plan(hagersten, status="approved")
    assert client.get("/api/v1/plans/").status_code in (401, 403)
