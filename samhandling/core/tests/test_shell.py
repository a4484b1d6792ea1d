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


def test_the_navigation_reversed_once_per_set_of_roles_stays_per_role_and_per_language(
    client, client_for, social_worker_hagersten, unit_manager_hagersten
):
    from django.conf import settings

    worker = client_for(social_worker_hagersten)
    swedish = worker.get("/").content.decode()
    assert 'href="/arenden/">Ärenden</a>' in swedish and "Användare och roller" not in swedish
    # The cached entries keep their labels lazy: the same roles in English get English labels.
    worker.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = worker.get("/").content.decode()
    assert 'href="/arenden/">Cases</a>' in english and "Ärenden</a>" not in english
    client.logout()
    manager = client_for(unit_manager_hagersten).get("/").content.decode()
    assert "Användare och roller" in manager
