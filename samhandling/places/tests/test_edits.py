"""The edit pages: saved when current, a conflict page when someone saved first, errors by the field."""

import pytest
from django.urls import reverse

from samhandling.places.models import AlertList, Observation

pytestmark = pytest.mark.django_db


def test_a_place_is_changed_and_a_stale_form_gets_the_conflict_page(client_for, safety_coordinator_hagersten, centre):
    client = client_for(safety_coordinator_hagersten)
    url = reverse("places:place_edit", args=[centre.pk])
    data = {
        "version": 1, "name": "Liljeholmstorget", "kind": "square", "neighbourhood": centre.neighbourhood_id,
        "description": "Torget framför gallerian", "latitude": "59.3106", "longitude": "18.0226",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    centre.refresh_from_db()
    assert (centre.kind, centre.version, str(centre.latitude)) == ("square", 2, "59.310600")
    data["description"] = "Något annat"
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Något annat" in response.content.decode()  # what the user typed is shown, not lost
    centre.refresh_from_db()
    assert centre.description == "Torget framför gallerian"


def test_a_point_with_only_latitude_is_refused_by_the_field(client_for, safety_coordinator_hagersten, centre):
    response = client_for(safety_coordinator_hagersten).post(
        reverse("places:place_edit", args=[centre.pk]),
        {"version": 1, "name": "X", "kind": "square", "neighbourhood": centre.neighbourhood_id, "latitude": "59.31"},
    )
    assert response.status_code == 200
    assert "både latitud och longitud" in response.content.decode()


def test_an_investment_is_updated_with_its_outcome(client_for, safety_coordinator_hagersten, investment):
    client = client_for(safety_coordinator_hagersten)
    response = client.post(
        reverse("places:investment_detail", args=[investment.pk]),
        {
            "version": 1, "year": 2024, "kind": "lighting", "title": investment.title, "place": investment.place_id,
            "cost_estimate": "320000", "cost_outcome": "298000", "status": "done", "outcome": "Klar i oktober.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    investment.refresh_from_db()
    assert investment.cost_outcome == 298000 and investment.status == "done"
    page = client.get(reverse("places:investment_detail", args=[investment.pk])).content.decode()
    assert "298\u00a0000\u00a0kr" in page


def test_a_negative_cost_is_refused(client_for, safety_coordinator_hagersten, hagersten):
    response = client_for(safety_coordinator_hagersten).post(
        reverse("places:investment_create"),
        {"district": hagersten.pk, "year": 2025, "kind": "lighting", "title": "Belysning", "cost_estimate": "-5",
         "status": "proposed"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "negativt" in response.content.decode() or "större än eller lika med 0" in response.content.decode()


def test_a_draft_application_is_changed(client_for, safety_coordinator_hagersten, application):
    client = client_for(safety_coordinator_hagersten)
    response = client.post(
        reverse("places:application_edit", args=[application.pk]),
        {
            "version": 1, "applicant": application.applicant, "title": "Belysning och siktlinjer", "kind": "lighting",
            "purpose": "Trygghet", "measures": "Belysning", "amount": "500000", "co_financing": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Belysning och siktlinjer" and application.amount == 500000


def test_moving_an_event_off_its_place_removes_it_from_the_situation_picture(
    client_for, safety_coordinator_hagersten, event
):
    assert Observation.objects.filter(event=event).exists()
    client = client_for(safety_coordinator_hagersten)
    response = client.post(
        reverse("places:event_edit", args=[event.pk]),
        {
            "version": 1, "kind": "shooting", "occurred_at": "2025-05-01T21:30", "police_area": event.police_area_id,
            "location": "Lövholmsvägen", "known": "Skottlossning utomhus.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert not Observation.objects.filter(event=event).exists()


def test_the_alert_list_takes_only_e_mail_addresses(client_for, safety_coordinator_hagersten, hagersten):
    client = client_for(safety_coordinator_hagersten)
    url = reverse("places:alert_list")
    response = client.post(url, {"district": hagersten.pk, "addresses": "krisstod@example.invalid\ninte en adress"})
    assert response.status_code == 200 and "inte en adress är inte en e-postadress" in response.content.decode()
    assert (
        client.post(
            url, {"district": hagersten.pk, "addresses": " a@example.invalid \n\nb@example.invalid"}
        ).status_code
        == 302
    )
    assert AlertList.objects.get(district=hagersten).address_list() == ["a@example.invalid", "b@example.invalid"]


def test_a_walk_with_a_bad_route_keeps_what_was_typed(client_for, safety_coordinator_hagersten, collaboration):
    response = client_for(safety_coordinator_hagersten).post(
        reverse("places:walk_add", args=[collaboration.pk]),
        {
            "walk-walked_on": "2025-03-20",
            "walk-walkers": "SDF, polisen",
            "walk-route_text": "59.31 18.02\n59.32, 18.03",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Rad 1 i färdvägen" in content and "SDF, polisen" in content


def test_the_collaboration_is_renamed(client_for, safety_coordinator_hagersten, collaboration):
    client = client_for(safety_coordinator_hagersten)
    response = client.post(
        reverse("places:collaboration_edit", args=[collaboration.pk]),
        {"version": 1, "title": "Platssamverkan Liljeholmen", "kind": "full", "aim": collaboration.aim},
    )
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.title == "Platssamverkan Liljeholmen" and collaboration.version == 2
