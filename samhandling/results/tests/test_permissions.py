"""Who may open each page (docs/access-model.md, "Results"): allowed / 404 / 403 / anonymous."""

import pytest

pytestmark = pytest.mark.django_db


def urls(goal, target, activity):
    return {
        "create_document": "/resultat/dokument/ny/",
        "create_goal": "/resultat/mal/ny/",
        "edit_goal": f"/resultat/mal/{goal.pk}/andra/",
        "create_target": f"/resultat/mal/{goal.pk}/malvarde/ny/",
        "edit_target": f"/resultat/malvarde/{target.pk}/andra/",
        "report": "/resultat/effektrapport/2025/",
        "report_once": "/resultat/rapportera-en-gang/2025/",
        "export": "/resultat/effektrapport/2025/export.xlsx",
        "logic": f"/resultat/aktivitet/{activity.pk}/",
    }


@pytest.fixture
def pages(goal, target, followed_plan):
    return urls(goal, target, followed_plan.activities.first())


def test_the_goal_pages_and_open_data_are_public(client, goal, target):
    for url in ("/resultat/", f"/resultat/mal/{goal.pk}/", "/resultat/oppna-data.csv", "/resultat/oppna-data.json"):
        assert client.get(url).status_code == 200, url
    assert client.get("/resultat/mal/999999/").status_code == 404
    assert client.get("/resultat/oppna-data.xml").status_code == 404


def test_anonymous_visitors_are_sent_to_login_for_everything_else(client, pages):
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], name


def test_the_analyst_manages_goals_and_the_report(client_for, city_analyst, pages):
    client = client_for(city_analyst)
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name


def test_the_analyst_reads_but_does_not_change_an_activitys_logic(client_for, city_analyst, pages):
    response = client_for(city_analyst).post(pages["logic"], {"version": 0, "short_term": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["district_planner", "social_worker_hagersten", "outsider", "police_liaison"])
def test_other_roles_may_not_manage_goals_or_the_report(request, client_for, pages, persona):
    client = client_for(request.getfixturevalue(persona))
    for name in (
        "create_document",
        "create_goal",
        "edit_goal",
        "create_target",
        "edit_target",
        "report",
        "report_once",
        "export",
    ):
        assert client.get(pages[name]).status_code == 403, (persona, name)


def test_the_committees_planner_changes_the_logic(client_for, district_planner, pages):
    client = client_for(district_planner)
    assert client.get(pages["logic"]).status_code == 200


def test_another_committees_planner_gets_403_on_a_public_plans_activity(client_for, district_planner_rinkeby, pages):
    assert client_for(district_planner_rinkeby).get(pages["logic"]).status_code == 403


def test_an_invisible_draft_plans_activity_answers_404(client_for, district_planner_rinkeby, make_plan, hagersten):
    draft = make_plan(hagersten, status="draft", year=2026)
    url = f"/resultat/aktivitet/{draft.activities.first().pk}/"
    assert client_for(district_planner_rinkeby).get(url).status_code == 404
    assert client_for(district_planner_rinkeby).get("/resultat/aktivitet/999999/").status_code == 404


def test_unknown_records_answer_404_to_the_analyst(client_for, city_analyst):
    client = client_for(city_analyst)
    assert client.get("/resultat/malvarde/999999/andra/").status_code == 404
    assert client.get("/resultat/mal/999999/andra/").status_code == 404
    assert client.get("/resultat/effektrapport/2025/export.odt").status_code == 404
