"""Creates are idempotent, edits version-checked, texts limited, writes audited."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from samhandling.audit.models import AuditEvent
from samhandling.results import services
from samhandling.results.models import ActivityLogic, GoalTarget

pytestmark = pytest.mark.django_db


def target_post(indicator, token, **extra):
    data = {
        "indicator": indicator.pk,
        "district": "",
        "gender": "total",
        "baseline_year": 2019,
        "baseline_value": "30",
        "target_year": 2025,
        "target_value": "15",
        "source": "Trygghetsprogrammet (seed 003)",
        "valid_from": "2020-01-01",
        "note": "",
        "version": 0,
        "form_token": str(token),
    }
    data.update(extra)
    return data


def test_a_double_clicked_target_is_saved_once(client_for, city_analyst, goal, indicator):
    client = client_for(city_analyst)
    token = uuid.uuid4()
    for _ in range(3):
        response = client.post(f"/resultat/mal/{goal.pk}/malvarde/ny/", target_post(indicator, token))
        assert response.status_code == 302
    assert GoalTarget.objects.filter(goal=goal).count() == 1
    assert AuditEvent.objects.filter(verb="results.target.create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_creates_with_one_token_give_one_target(city_analyst, goal, indicator):
    token = uuid.uuid4()
    errors = []

    def post():
        try:
            services.target_create(
                actor=city_analyst,
                goal=goal,
                form_token=token,
                indicator=indicator,
                baseline_year=2019,
                baseline_value=Decimal(30),
                target_year=2025,
                target_value=Decimal(15),
                source="s",
                valid_from=datetime.date(2020, 1, 1),
            )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert GoalTarget.objects.filter(goal=goal).count() == 1


def test_a_second_target_for_the_same_cell_gets_an_error_next_to_the_field(client_for, city_analyst, target):
    response = client_for(city_analyst).post(
        f"/resultat/mal/{target.goal_id}/malvarde/ny/", target_post(target.indicator, uuid.uuid4())
    )
    assert response.status_code == 200
    assert "redan" in response.content.decode()
    assert GoalTarget.objects.count() == 1


def test_bad_input_gets_swedish_errors_and_keeps_what_was_typed(client_for, city_analyst, goal, indicator):
    data = target_post(indicator, uuid.uuid4(), target_year=2018, source="x" * 301, note="Min anteckning")
    response = client_for(city_analyst).post(f"/resultat/mal/{goal.pk}/malvarde/ny/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Målåret måste komma efter" in body
    assert "som mest 300 tecken" in body
    assert "Min anteckning" in body
    assert not GoalTarget.objects.exists()


def test_a_district_is_refused_for_an_indicator_without_district_figures(
    client_for, city_analyst, goal, indicator, district
):
    indicator.on_district = False
    indicator.save()
    data = target_post(indicator, uuid.uuid4(), district=district.pk)
    response = client_for(city_analyst).post(f"/resultat/mal/{goal.pk}/malvarde/ny/", data)
    assert response.status_code == 200 and not GoalTarget.objects.exists()


def test_a_stale_target_form_gets_the_conflict_page_and_nothing_is_overwritten(client_for, city_analyst, target):
    client = client_for(city_analyst)
    url = f"/resultat/malvarde/{target.pk}/andra/"
    first = target_post(target.indicator, uuid.uuid4(), target_value="14", version=1)
    assert client.post(url, first).status_code == 302
    stale = target_post(target.indicator, uuid.uuid4(), target_value="10", version=1)
    response = client.post(url, stale)
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.target_value == Decimal("14") and target.version == 2
    event = AuditEvent.objects.get(verb="results.target.update")
    assert event.details["changes"]["target_value"] == ["15.0000", "14"]


def test_a_stale_goal_form_gets_the_conflict_page(client_for, city_analyst, goal, document):
    client = client_for(city_analyst)
    data = {
        "document": document.pk,
        "number": "1",
        "title": "Ny rubrik",
        "source": "s",
        "valid_from": "2019-01-01",
        "order": 0,
        "version": 1,
    }
    assert client.post(f"/resultat/mal/{goal.pk}/andra/", data).status_code == 302
    assert client.post(f"/resultat/mal/{goal.pk}/andra/", {**data, "title": "Annan"}).status_code == 409
    goal.refresh_from_db()
    assert goal.title == "Ny rubrik"


def test_a_goal_is_created_once_per_token_and_under_a_goal_of_its_own_document(
    client_for, city_analyst, goal, document
):
    client = client_for(city_analyst)
    token = str(uuid.uuid4())
    data = {
        "document": document.pk,
        "parent": goal.pk,
        "number": "1.1",
        "title": "Delmål",
        "source": "s",
        "valid_from": "2019-01-01",
        "order": 0,
        "form_token": token,
    }
    client.post("/resultat/mal/ny/", data)
    client.post("/resultat/mal/ny/", data)
    assert goal.children.count() == 1
    assert (
        client.post(
            "/resultat/dokument/ny/",
            {
                "code": "budget",
                "title": "Budget",
                "kind": "budget",
                "source": "KF",
                "valid_from": "2025-01-01",
                "order": 1,
            },
        ).status_code
        == 302
    )
    from samhandling.results.models import SteeringDocument

    other = SteeringDocument.objects.get(code="budget")
    response = client.post("/resultat/mal/ny/", {**data, "document": other.pk, "form_token": str(uuid.uuid4())})
    assert response.status_code == 200 and goal.children.count() == 1


def test_the_planner_links_an_activity_to_two_documents_goals(
    client_for, district_planner, followed_plan, goal, document
):
    from samhandling.results.models import Goal, SteeringDocument

    budget = SteeringDocument.objects.create(
        code="b", title="Budget", kind="budget", source="KF", valid_from=datetime.date(2025, 1, 1)
    )
    other = Goal.objects.create(document=budget, title="Budgetmål", source="KF", valid_from=datetime.date(2025, 1, 1))
    activity = followed_plan.activities.first()
    client = client_for(district_planner)
    url = f"/resultat/aktivitet/{activity.pk}/"
    data = {"version": 0, "short_term": "40 unga nås", "expected_reached": 40, "goals": [goal.pk, other.pk]}
    assert client.post(url, data).status_code == 302
    logic = ActivityLogic.objects.get(activity=activity)
    assert set(logic.goals.all()) == {goal, other}
    assert client.post(url, data).status_code == 409  # the same stale version again
    assert AuditEvent.objects.filter(verb="results.activity_logic.save").count() == 1
