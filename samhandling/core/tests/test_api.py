"""The API: its OpenAPI schema, /api/v1/me/ with session and token, and the token command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from samhandling.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def test_the_openapi_schema_is_public_and_describes_me(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Samhandling API"
    assert "/api/v1/me/" in schema["paths"]
    security = {name for entry in schema["paths"]["/api/v1/me/"]["get"]["security"] for name in entry}
    assert {"cookieAuth", "tokenAuth"} <= security


def test_me_with_a_session(client_for, social_worker_hagersten):
    response = client_for(social_worker_hagersten).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "username": social_worker_hagersten.username,
        "name": social_worker_hagersten.get_full_name(),
        "memberships": [
            {
                "role": "social_worker",
                "role_label": "Socialsekreterare",
                "organisation": "Barn och ungdom, Hägersten-Älvsjö stadsdelsförvaltning",
            }
        ],
    }
    assert response["Cache-Control"] == "no-store"


def test_me_with_a_token(client, police_liaison):
    token = Token.objects.create(user=police_liaison)
    response = client.get(ME, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["username"] == police_liaison.username
    assert response.json()["memberships"][0]["organisation"] == "Polisen, region Stockholm, LPO Globen"


def test_me_without_rights_shows_no_memberships(client_for, outsider):
    assert client_for(outsider).get(ME).json()["memberships"] == []


def test_anonymous_and_wrong_tokens_are_refused(client):
    assert client.get(ME).status_code in (401, 403)
    response = client.get(ME, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert response.status_code in (401, 403)
    assert "username" not in response.json()


def test_a_deactivated_users_token_stops_working(client, police_liaison):
    token = Token.objects.create(user=police_liaison)
    police_liaison.is_active = False
    police_liaison.save()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {token.key}").status_code in (401, 403)


def test_the_session_api_needs_the_two_step_code_too(client, log_reviewer):
    from samhandling.organisations.tests import factories as f

    client.post("/konto/logga-in/", {"username": log_reviewer.username, "password": f.TEST_PASSWORD})
    response = client.get(ME)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/tvastegsverifiering/")


def test_create_api_token_issues_a_working_token_and_audits_it(client, police_liaison):
    out = StringIO()
    call_command(
        "create_api_token", police_liaison.username, "--purpose", "integration med polisens system", stdout=out
    )
    key = Token.objects.get(user=police_liaison).key
    assert key in out.getvalue()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    event = AuditEvent.objects.get(verb="api_token.create")
    assert (event.target_type, event.target_id) == ("accounts.user", str(police_liaison.pk))
    assert event.purpose == "integration med polisens system"
    assert key not in str(event.details)


def test_create_api_token_replaces_the_old_token(client, police_liaison):
    call_command("create_api_token", police_liaison.username, stdout=StringIO())
    old = Token.objects.get(user=police_liaison).key
    call_command("create_api_token", police_liaison.username, stdout=StringIO())
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {old}").status_code in (401, 403)
    assert AuditEvent.objects.filter(verb="api_token.create").latest("id").details == {"replaced": True}


def test_create_api_token_refuses_unknown_and_inactive_users(police_liaison):
    with pytest.raises(CommandError, match="ingen aktiv användare"):
        call_command("create_api_token", "finns-inte", stdout=StringIO())
    police_liaison.is_active = False
    police_liaison.save()
    with pytest.raises(CommandError):
        call_command("create_api_token", police_liaison.username, stdout=StringIO())
    assert not Token.objects.exists()
