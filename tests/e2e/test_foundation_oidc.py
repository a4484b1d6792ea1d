"""Login through the city's single sign-on (OpenID Connect), in Chromium, against oidc-provider-mock."""

import pytest
from oidc_provider_mock import User as MockUser
from oidc_provider_mock import run_server_in_thread

from samhandling.accounts.models import User
from samhandling.audit.models import AuditEvent
from samhandling.organisations.models import Membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PREDEFINED = MockUser(
    sub="kc-7f3a9e21",
    claims={"given_name": "Nora", "family_name": "Nyanställd", "email": "nora.nyanstalld@example.se"},
)


@pytest.fixture
def provider(settings):
    """A running OpenID provider, with the settings pointing at it (mozilla-django-oidc reads them per request)."""
    with run_server_in_thread(user_claims=[PREDEFINED]) as server:
        issuer = f"http://localhost:{server.server_port}"
        settings.OIDC_OP_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = "samhandling-test"
        settings.OIDC_RP_CLIENT_SECRET = "hemligt-i-testet"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/oauth2/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/oauth2/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
        settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", issuer]}
        yield issuer


def sso_login(page, live_server, subject=None):
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_role("link", name="Logga in med stadens gemensamma inloggning").click()
    page.wait_for_url("**/oauth2/authorize**")
    if subject is None:
        page.get_by_role("button", name=f"Authorize as {PREDEFINED.sub}").click()
    else:
        page.get_by_label("Subject").fill(subject)
        page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_new_subject_gets_an_account_without_any_rights(page, live_server, provider, assert_accessible):
    sso_login(page, live_server)
    user = User.objects.get(oidc_subject=PREDEFINED.sub)
    assert (user.first_name, user.last_name, user.email) == ("Nora", "Nyanställd", "nora.nyanstalld@example.se")
    assert not user.is_staff and not user.is_superuser
    assert not Membership.objects.filter(user=user).exists()
    assert not user.has_usable_password()
    page.get_by_text("Du har ännu ingen roll i Samhandling").wait_for()
    assert page.locator(".site-header__name").inner_text() == "Nora Nyanställd"
    assert AuditEvent.objects.filter(verb="login", actor_id=user.pk, details__method="oidc").exists()
    assert_accessible(page)
    # Without a role, pages that need one stay closed.
    response = page.goto(f"{live_server.url}/granskning/")
    assert response.status == 403


def test_an_existing_user_is_matched_on_sub_and_gets_their_own_account(
    page, live_server, provider, social_worker_hagersten
):
    social_worker_hagersten.oidc_subject = "sara-sso-0042"
    social_worker_hagersten.save()
    users_before = User.objects.count()
    sso_login(page, live_server, subject="sara-sso-0042")
    assert User.objects.count() == users_before
    page.get_by_text("Socialsekreterare").first.wait_for()
    assert "Barn och ungdom, Hägersten-Älvsjö stadsdelsförvaltning" in page.content()
    event = AuditEvent.objects.filter(verb="login", details__method="oidc").latest("id")
    assert event.actor_id == social_worker_hagersten.pk


def test_a_matching_e_mail_never_takes_over_an_account(page, live_server, provider, social_worker_hagersten):
    # The mock gives custom subjects the claim email=<sub>: an account with that e-mail but another
    # (or no) subject must not be chosen.
    social_worker_hagersten.email = "sara@example.se"
    social_worker_hagersten.save()
    sso_login(page, live_server, subject="sara@example.se")
    new = User.objects.get(oidc_subject="sara@example.se")
    assert new.pk != social_worker_hagersten.pk
    assert not Membership.objects.filter(user=new).exists()
    page.get_by_text("Du har ännu ingen roll i Samhandling").wait_for()


def test_a_deactivated_sso_user_is_refused(page, live_server, provider, social_worker_hagersten):
    social_worker_hagersten.oidc_subject = "sara-sso-0042"
    social_worker_hagersten.is_active = False
    social_worker_hagersten.save()
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_role("link", name="Logga in med stadens gemensamma inloggning").click()
    page.get_by_label("Subject").fill("sara-sso-0042")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url("**/konto/logga-in/?sso=failed")
    page.get_by_text("Inloggningen med stadens gemensamma inloggning misslyckades").wait_for()


def test_the_sso_button_is_hidden_when_no_provider_is_configured(client, settings):
    settings.OIDC_OP_ISSUER = ""
    assert "gemensamma inloggning" not in client.get("/konto/logga-in/").content.decode()
