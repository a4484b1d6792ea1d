"""Password login, lock-out, two-step codes and the absence of self-registration."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import Resolver404, resolve
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samhandling.audit.models import AuditEvent
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
VERIFY = "/konto/tvastegsverifiering/"
WRONG = "Fel användarnamn eller lösenord."
LOCKED = "För många misslyckade försök"


def post_login(client, username, password=f.TEST_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_public_and_swedish(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Logga in i Samhandling" in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_a_social_worker_logs_in_with_the_right_password(client, social_worker_hagersten):
    response = post_login(client, social_worker_hagersten.username)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="login", actor_username=social_worker_hagersten.username).exists()


def test_login_follows_a_safe_next_but_not_another_host(client, social_worker_hagersten):
    response = client.post(
        LOGIN, {"username": social_worker_hagersten.username, "password": f.TEST_PASSWORD, "next": "/healthz"}
    )
    assert response["Location"] == "/healthz"
    client.logout()
    response = client.post(
        LOGIN,
        {"username": social_worker_hagersten.username, "password": f.TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_unknown_user_and_wrong_password_get_the_same_swedish_answer(client, social_worker_hagersten):
    unknown = post_login(client, "finns-inte-alls")
    wrong = post_login(client, social_worker_hagersten.username, "fel-lösenord-helt-och-hållet")
    assert unknown.status_code == wrong.status_code == 200
    assert WRONG in unknown.content.decode()
    assert WRONG in wrong.content.decode()
    # The same error, field for field: nothing tells whether the username exists.
    assert unknown.context["form"].errors == wrong.context["form"].errors
    assert client.get("/").status_code == 302


def test_an_inactive_user_gets_the_same_answer_as_a_wrong_password(client, social_worker_hagersten):
    social_worker_hagersten.is_active = False
    social_worker_hagersten.save()
    response = post_login(client, social_worker_hagersten.username)
    assert WRONG in response.content.decode()


def test_empty_fields_are_explained_next_to_the_field(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det här fältet är obligatoriskt." in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("known", [True, False], ids=["known user", "unknown user"])
def test_five_failures_lock_the_username_with_the_same_answer(client, social_worker_hagersten, known):
    username = social_worker_hagersten.username if known else "gissat-namn"
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = post_login(client, username, "fel-lösenord-helt-och-hållet")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    fifth = post_login(client, username, "fel-lösenord-helt-och-hållet")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    # Locked: even the right password is refused, with the same answer as for an unknown name.
    after = post_login(client, username, f.TEST_PASSWORD)
    assert after.status_code == 429
    assert LOCKED in after.content.decode()
    assert client.get("/").status_code == 302


def test_the_lock_out_answer_is_identical_for_known_and_unknown_usernames(client, social_worker_hagersten):
    answers = []
    for username in (social_worker_hagersten.username, "gissat-namn"):
        for _ in range(5):
            response = post_login(client, username, "fel-lösenord-helt-och-hållet")
        body = response.content.decode()
        # Blank out what differs per request (CSP nonce, CSRF token) before comparing.
        body = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', body)
        answers.append((response.status_code, body, LOCKED in body))
    assert answers[0] == answers[1]


def test_a_lock_on_one_username_does_not_lock_another(client, social_worker_hagersten, social_worker_rinkeby):
    for _ in range(5):
        post_login(client, social_worker_hagersten.username, "fel-lösenord-helt-och-hållet")
    response = post_login(client, social_worker_rinkeby.username)
    assert response.status_code == 302


def test_argon2_is_the_password_hasher(social_worker_hagersten):
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    social_worker_hagersten.set_password("Ett-nytt-långt-lösenord-42")
    social_worker_hagersten.save()
    assert identify_hasher(social_worker_hagersten.password).algorithm == "argon2"
    assert social_worker_hagersten.password.startswith("argon2$")


@pytest.mark.parametrize(
    "path",
    ["/konto/registrera/", "/konto/skapa-konto/", "/konto/register/", "/accounts/signup/", "/signup/", "/register/"],
)
def test_there_is_no_self_registration(client, path):
    with pytest.raises(Resolver404):
        resolve(path)
    assert client.get(path).status_code in (302, 404)


def test_no_url_of_the_project_offers_registration():
    from tests.urlwalk import all_routes

    signup = re.compile(r"(^|/)(register|registrera|registrering|signup|sign-up|skapa-konto|nytt-konto)(/|$)")
    for route, _name, _pattern in all_routes():
        assert not signup.search(route.lower()), route


# --- two-step verification (TOTP) -------------------------------------------------------------


def _device(user):
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="telefon", defaults={"confirmed": True})
    return device


def _code(device, offset=0):
    return f"{totp(bytes.fromhex(device.key), step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.mark.parametrize("persona", ["system_admin", "log_reviewer"])
def test_admins_and_log_reviewers_must_give_a_code_before_any_other_page(client, request, persona):
    user = request.getfixturevalue(persona)
    _device(user)
    response = post_login(client, user.username)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    for path in ("/", "/granskning/", "/granskning/export.csv", "/api/v1/me/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    assert client.get(VERIFY).status_code == 200


def test_a_wrong_code_is_rejected_in_swedish(client, log_reviewer):
    device = _device(log_reviewer)
    post_login(client, log_reviewer.username)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert "Koden är fel eller för gammal" in response.content.decode()
    assert client.get("/granskning/")["Location"].startswith(VERIFY)


def test_a_code_that_is_not_six_digits_is_explained(client, log_reviewer):
    _device(log_reviewer)
    post_login(client, log_reviewer.username)
    response = client.post(VERIFY, {"token": "12ab56"})
    assert "Koden består av sex siffror." in response.content.decode()


def test_the_right_code_admits_the_log_reviewer(client, log_reviewer):
    device = _device(log_reviewer)
    post_login(client, log_reviewer.username)
    response = client.post(VERIFY, {"token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/granskning/").status_code == 200
    assert AuditEvent.objects.filter(verb="login", details__method="totp").exists()


def test_a_user_who_needs_a_code_but_has_no_device_is_logged_out_with_an_explanation(client, system_admin):
    post_login(client, system_admin.username)
    response = client.get(VERIFY, follow=True)
    assert "ingen är registrerad" in response.content.decode()
    assert client.get("/")["Location"].startswith(LOGIN)


def test_other_roles_are_not_asked_for_a_code(client, social_worker_hagersten):
    post_login(client, social_worker_hagersten.username)
    assert client.get("/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"
