import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_start_page_shows_the_users_unit_and_role_in_swedish(client_for, social_worker_hagersten):
    response = client_for(social_worker_hagersten).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Socialsekreterare" in html
    assert "Barn och ungdom, Hägersten-Älvsjö stadsdelsförvaltning" in html
    assert "Demo: alla personer" in html


def test_authenticated_pages_are_not_cached(client_for, social_worker_hagersten):
    response = client_for(social_worker_hagersten).get("/")
    assert response["Cache-Control"] == "no-store"


def test_unknown_page_answers_404_with_a_reference_number(client_for, social_worker_hagersten):
    response = client_for(social_worker_hagersten).get("/finns-inte/")
    assert response.status_code == 404
    assert "Referensnummer" in response.content.decode()


def test_healthz_reports_database_and_stale_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["worker"] == "stale"
