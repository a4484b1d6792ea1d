"""The permission matrix of every page and API of the places app: allowed, 404, 403, anonymous."""

import pytest
from django.urls import reverse

from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

OK, HIDDEN, DENIED = 200, 404, 403


@pytest.fixture
def world(
    centre,
    collaboration,
    member_partner,
    measure,
    walk,
    application,
    investment,
    event,
    rinkeby_collaboration,
    other_partner,
    safety_coordinator_hagersten,
    safety_coordinator_rinkeby,
    city_safety,
    district_planner,
    city_analyst,
    outsider,
    social_worker_hagersten,
):
    from samhandling.places.models import WalkFinding

    finding = WalkFinding.objects.create(walk=walk, text="Mörk passage", photo=b"\xff\xd8\xff", photo_alt="Passagen")
    return {
        "objs": {
            "place": centre.pk,
            "collab": collaboration.pk,
            "measure": measure.pk,
            "walk": walk.pk,
            "finding": finding.pk,
            "application": application.pk,
            "investment": investment.pk,
            "event": event.pk,
        },
        "users": {
            "coord": safety_coordinator_hagersten,
            "coord_rinkeby": safety_coordinator_rinkeby,
            "city": city_safety,
            "partner": member_partner,
            "other_partner": other_partner,
            "planner": district_planner,
            "analyst": city_analyst,
            "police_skarholmen": f.police_liaison("skarholmen"),
            "police_globen": f.police_liaison("globen"),
            "outsider": outsider,
            "social_worker": social_worker_hagersten,
        },
    }


# (url name, object key or None, {persona: expected GET status}); personas not listed expect `default`.
PAGES = [
    ("places:index", None, {"outsider": DENIED, "social_worker": DENIED}, OK),
    ("places:map", None, {"outsider": DENIED, "social_worker": DENIED}, OK),
    ("places:collaboration_list", None, {"outsider": DENIED, "social_worker": DENIED}, OK),
    ("places:investment_list", None, {"outsider": DENIED, "social_worker": DENIED}, OK),
    ("places:event_list", None, {"outsider": DENIED, "social_worker": DENIED}, OK),
    (
        "places:place_detail",
        "place",
        {"coord": OK, "city": OK, "partner": OK, "planner": OK, "analyst": OK},
        HIDDEN,
    ),
    (
        "places:place_edit",
        "place",
        {"coord": OK, "city": OK, "partner": DENIED, "planner": DENIED, "analyst": DENIED},
        HIDDEN,
    ),
    (
        "places:collaboration_start",
        "place",
        {"coord": OK, "city": OK, "partner": DENIED, "planner": DENIED, "analyst": DENIED},
        HIDDEN,
    ),
    (
        "places:collaboration_detail",
        "collab",
        {"coord": OK, "city": OK, "partner": OK, "planner": OK, "analyst": OK},
        HIDDEN,
    ),
    (
        "places:collaboration_edit",
        "collab",
        {"coord": OK, "city": OK, "partner": DENIED, "planner": DENIED, "analyst": DENIED},
        HIDDEN,
    ),
    (
        "places:measure_edit",
        "measure",
        {"coord": OK, "city": OK, "partner": DENIED, "planner": DENIED, "analyst": DENIED},
        HIDDEN,
    ),
    ("places:walk_detail", "walk", {"coord": OK, "city": OK, "partner": OK, "planner": OK, "analyst": OK}, HIDDEN),
    ("places:finding_photo", "finding", {"coord": OK, "city": OK, "partner": OK, "planner": OK, "analyst": OK}, HIDDEN),
    ("places:investment_detail", "investment", {"coord": OK, "city": OK, "planner": OK, "analyst": OK}, HIDDEN),
    ("places:place_create", None, {"coord": OK, "coord_rinkeby": OK, "city": OK}, DENIED),
    ("places:investment_create", None, {"coord": OK, "coord_rinkeby": OK, "city": OK}, DENIED),
    ("places:fund_overview", None, {"coord": OK, "coord_rinkeby": OK, "city": OK, "analyst": OK}, DENIED),
    ("places:fund_export", None, {"outsider": DENIED, "social_worker": DENIED}, OK),
    ("places:fund_call_create", None, {"city": OK}, DENIED),
    ("places:application_create", None, {"coord": OK, "coord_rinkeby": OK, "city": OK}, DENIED),
    ("places:application_detail", "application", {"coord": OK, "city": OK, "analyst": OK}, HIDDEN),
    ("places:application_edit", "application", {"coord": OK, "city": OK, "analyst": DENIED}, HIDDEN),
    ("places:event_register", None, {"coord": OK, "coord_rinkeby": OK, "city": OK}, DENIED),
    ("places:alert_list", None, {"coord": OK, "coord_rinkeby": OK, "city": OK}, DENIED),
    ("places:event_detail", "event", {"coord": OK, "city": OK, "analyst": OK, "police_skarholmen": OK}, HIDDEN),
    ("places:event_edit", "event", {"coord": OK, "city": OK, "analyst": DENIED, "police_skarholmen": DENIED}, HIDDEN),
]

PERSONAS = [
    "coord", "coord_rinkeby", "city", "partner", "other_partner", "planner", "analyst",
    "police_skarholmen", "police_globen", "outsider", "social_worker",
]  # fmt: skip


def _url(name, key, world):
    return reverse(name, args=[world["objs"][key]]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key", "expected", "default"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_answers_each_persona_as_the_access_model_says(
    client, client_for, world, name, key, expected, default
):
    url = _url(name, key, world)
    response = client.get(url)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], "anonymous goes to login"
    got = {}
    for persona in PERSONAS:
        client_for(world["users"][persona])
        got[persona] = client.get(url).status_code
        client.logout()
    want = {persona: expected.get(persona, default) for persona in PERSONAS}
    assert got == want


# POST-only actions: (url name, object key, data, {persona: expected}); others expect `default`.
POSTS = [
    (
        "places:place_archive",
        "place",
        {"version": 1},
        {"coord": 302, "city": 409, "partner": DENIED, "planner": DENIED},
        HIDDEN,
    ),
    (
        "places:place_observation_add",
        "place",
        {},
        {"coord": 400, "city": 400, "partner": DENIED, "planner": DENIED},
        HIDDEN,
    ),
    ("places:member_add", "collab", {}, {"coord": 400, "city": 400, "partner": DENIED, "planner": DENIED}, HIDDEN),
    ("places:observation_add", "collab", {}, {"coord": 400, "city": 400, "partner": 400, "planner": DENIED}, HIDDEN),
    ("places:measure_add", "collab", {}, {"coord": 400, "city": 400, "partner": 400, "planner": DENIED}, HIDDEN),
    ("places:meeting_add", "collab", {}, {"coord": 400, "city": 400, "partner": DENIED, "planner": DENIED}, HIDDEN),
    ("places:walk_add", "collab", {}, {"coord": 400, "city": 400, "partner": DENIED, "planner": DENIED}, HIDDEN),
    (
        "places:collaboration_close",
        "collab",
        {},
        {"coord": 400, "city": 400, "partner": DENIED, "planner": DENIED},
        HIDDEN,
    ),
    ("places:application_submit", "application", {}, {"coord": 400, "city": 400}, HIDDEN),
    ("places:application_decide", "application", {}, {"coord": DENIED, "city": 400}, HIDDEN),
    ("places:application_pay", "application", {}, {"coord": DENIED, "city": 400}, HIDDEN),
    ("places:application_report", "application", {}, {"coord": 400, "city": 400}, HIDDEN),
    ("places:action_add", "event", {}, {"coord": 400, "city": 400, "police_skarholmen": DENIED}, HIDDEN),
    ("places:event_close", "event", {"version": 1}, {"coord": 302, "city": 409, "police_skarholmen": DENIED}, HIDDEN),
]


@pytest.mark.parametrize(("name", "key", "data", "expected", "default"), POSTS, ids=[p[0] for p in POSTS])
def test_every_action_refuses_those_who_may_not_change(client, client_for, world, name, key, data, expected, default):
    url = _url(name, key, world)
    response = client.post(url, data)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    got = {}
    for persona in ["coord", "city", "partner", "planner", "other_partner", "police_skarholmen", "outsider"]:
        client_for(world["users"][persona])
        got[persona] = client.post(url, data).status_code
        client.logout()
    want = {p: expected.get(p, default) for p in got}
    assert got == want


def test_member_remove_needs_the_collaborations_editor(client, client_for, world, collaboration):
    member = collaboration.members.get(user=world["users"]["partner"])
    url = reverse("places:member_remove", args=[collaboration.pk, member.pk])
    client_for(world["users"]["partner"])
    assert client.post(url).status_code == DENIED
    client_for(world["users"]["coord_rinkeby"])
    assert client.post(url).status_code == HIDDEN
    client_for(world["users"]["coord"])
    assert client.post(url).status_code == 302
    assert not collaboration.members.filter(pk=member.pk).exists()
    # The partner no longer sees the collaboration at all.
    client_for(world["users"]["partner"])
    assert client.get(reverse("places:collaboration_detail", args=[collaboration.pk])).status_code == HIDDEN


API = [
    ("api-place-list", None),
    ("api-place-collaboration-list", None),
    ("api-place-collaboration-detail", "collab"),
    ("api-place-event-list", None),
]


@pytest.mark.parametrize(("name", "key"), API)
def test_the_api_shows_what_the_pages_show(client, client_for, world, name, key):
    url = _url(name, key, world)
    assert client.get(url).status_code in (401, 403)
    client_for(world["users"]["outsider"])
    assert client.get(url).status_code == DENIED
    client_for(world["users"]["other_partner"])
    response = client.get(url)
    if key:
        assert response.status_code == HIDDEN  # another district's partner cannot see this collaboration
    else:
        assert response.status_code == OK
        titles = (
            {row.get("title") or row.get("name") for row in response.json()["results"]}
            if isinstance(response.json(), dict)
            else {row.get("title") or row.get("name") for row in response.json()}
        )
        assert "Platssamverkan Liljeholmstorget" not in titles and "Liljeholmstorget" not in titles
    client_for(world["users"]["partner"])
    assert client.get(url).status_code == OK


def test_the_collaboration_api_lists_organisations_and_measures(client, client_for, world):
    client_for(world["users"]["partner"])
    data = client.get(reverse("api-place-collaboration-detail", args=[world["objs"]["collab"]])).json()
    assert "Centrumägaren Liljeholmen AB" in data["members"]
    assert data["measures"][0]["responsible"] == "Trafikkontoret"
