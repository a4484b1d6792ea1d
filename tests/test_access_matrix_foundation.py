"""The foundation section of docs/access-model.md, row by row, for every persona."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "access-model.md"

PERSONAS = [
    "system_admin",
    "city_analyst",
    "district_planner",
    "unit_manager_hagersten",
    "social_worker_hagersten",
    "field_worker",
    "school_reporter",
    "police_liaison",
    "log_reviewer",
    "catalogue_editor",
    "outsider",
]

# The start-page section heading each persona's role gives (Swedish), from samhandling/core/start.py.
SECTION_OF = {
    "system_admin": "Administration",
    "city_analyst": "Analys och uppföljning",
    "district_planner": "Planering",
    "unit_manager_hagersten": "Enhetsledning",
    "social_worker_hagersten": "Ärendearbete",
    "field_worker": "Fältarbete",
    "school_reporter": "Gör en orosanmälan",
    "police_liaison": "Samverkan",
    "log_reviewer": "Logggranskning",
    "catalogue_editor": "Insatskatalog",
}


def foundation_section() -> str:
    return DOC.read_text(encoding="utf-8").split("## Foundation")[1].split("\n## ")[0]


def test_the_document_states_the_rules_these_tests_check():
    section = foundation_section()
    for text in (
        "| start page `/` | every logged-in user; shows sections for the roles they hold | anonymous: sent to login |",
        "| the audit log `/granskning/` and its CSV export `/granskning/export.csv` | log reviewer | 403 for every other role; anonymous: sent to login |",
        "| `/api/v1/me/` | every logged-in user (session or token), about themselves | anonymous: 401/403 |",
        "| two-step code page `/konto/tvastegsverifiering/` | users whose role requires TOTP (system administrator, log reviewer, data-protection officer, defector team) must pass it before any other page | others are sent on to the start page |",
        "| log out `/konto/logga-ut/` (POST) | every logged-in user | |",
    ):
        assert text in section, text


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_page_for_every_logged_in_user_with_their_own_sections(client_for, request, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    own = SECTION_OF.get(persona)
    headings = [h.split(">")[1].split("<")[0] for h in html.split('<h2 class="heading--h3"')[1:]]
    assert headings == ([own] if own else []), headings
    if own is None:
        assert "Du har ännu ingen roll i Samhandling" in html


def test_start_page_sends_anonymous_users_to_login(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/konto/logga-in/?next=/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["/granskning/", "/granskning/export.csv"])
def test_audit_log_only_for_log_reviewers(client_for, request, persona, path):
    response = client_for(request.getfixturevalue(persona)).get(path)
    assert response.status_code == (200 if persona == "log_reviewer" else 403)


@pytest.mark.parametrize("path", ["/granskning/", "/granskning/export.csv"])
def test_audit_log_sends_anonymous_users_to_login(client, path):
    assert client.get(path)["Location"].startswith("/konto/logga-in/?next=")


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_me_for_every_logged_in_user_about_themselves(client_for, request, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == user.username


def test_api_me_refuses_anonymous_users(client):
    assert client.get("/api/v1/me/").status_code in (401, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_two_step_page_only_holds_back_totp_roles(client_for, request, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)  # client_for confirms the code for TOTP roles
    response = client.get("/konto/tvastegsverifiering/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert user.requires_two_factor == (persona in ("system_admin", "log_reviewer"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_logged_in_user_can_log_out(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.post("/konto/logga-ut/")["Location"] == "/konto/logga-in/"
    assert client.get("/").status_code == 302
