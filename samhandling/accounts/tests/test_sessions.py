"""Sessions: 30 minutes idle, 10 hours in all, logout on the server, and rights that end at once."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from samhandling.accounts.middleware import SESSION_RENEWED_KEY, SESSION_STARTED_KEY
from samhandling.audit.models import AuditEvent
from samhandling.organisations import services
from samhandling.organisations.models import Membership
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def logged_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": f.TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_request_renews_the_idle_limit_of_30_minutes(client, social_worker_hagersten):
    key = logged_in(client, social_worker_hagersten)
    # 29 minutes since the session was last renewed: one minute of the idle limit is left.
    session = client.session
    session[SESSION_RENEWED_KEY] = time.time() - 29 * 60
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/")
    expires = Session.objects.get(session_key=key).expire_date
    assert timedelta(minutes=29) < expires - timezone.now() <= timedelta(minutes=30)


def test_requests_within_a_minute_of_the_last_renewal_write_nothing(client, social_worker_hagersten):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logged_in(client, social_worker_hagersten)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_a_session_idle_for_more_than_30_minutes_has_ended(client, social_worker_hagersten):
    key = logged_in(client, social_worker_hagersten)
    # 31 minutes without a request: the stored expiry, last set 30 minutes after the last request, has passed.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_session_ends_10_hours_after_login_however_active(client, social_worker_hagersten):
    logged_in(client, social_worker_hagersten)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() + 60
    session.save()
    assert client.get("/").status_code == 200  # 9 h 59 min: still in
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() - 1
    session.save()
    old_key = session.session_key
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?expired=1"
    assert not Session.objects.filter(session_key=old_key).exists()
    page = client.get(response["Location"])
    assert "Din session har avslutats. Logga in igen." in page.content.decode()
    assert client.get("/")["Location"].startswith(LOGIN)


def test_the_session_timeouts_are_30_minutes_and_10_hours():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_INTERVAL == timedelta(minutes=1)
    assert settings.SESSION_ABSOLUTE_LIFETIME == timedelta(hours=10)
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_logout_ends_the_session_on_the_server(client, social_worker_hagersten):
    key = logged_in(client, social_worker_hagersten)
    response = client.post("/konto/logga-ut/", follow=True)
    assert "Du är utloggad." in response.content.decode()
    assert not Session.objects.filter(session_key=key).exists()
    # Someone who kept a copy of the old cookie gets nowhere with it.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = key
    response = thief.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_logout_needs_post(client, social_worker_hagersten):
    logged_in(client, social_worker_hagersten)
    assert client.get("/konto/logga-ut/").status_code == 405
    assert client.get("/").status_code == 200


def test_deactivating_a_user_takes_effect_on_the_next_request(client, social_worker_hagersten, system_admin):
    logged_in(client, social_worker_hagersten)
    services.user_deactivate(actor=system_admin, user=social_worker_hagersten)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert AuditEvent.objects.filter(verb="user.deactivate", target_id=str(social_worker_hagersten.pk)).exists()


def test_ending_a_membership_takes_effect_on_the_next_request(client_for, log_reviewer, system_admin):
    client = client_for(log_reviewer)
    assert client.get("/granskning/").status_code == 200
    services.membership_end(actor=system_admin, membership=Membership.objects.get(user=log_reviewer))
    assert client.get("/granskning/").status_code == 403
    assert "Du har ännu ingen roll i Samhandling" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(verb="membership.end").count() == 1


def test_a_deleted_membership_takes_effect_on_the_next_request(client_for, log_reviewer):
    client = client_for(log_reviewer)
    assert client.get("/granskning/").status_code == 200
    Membership.objects.filter(user=log_reviewer).delete()
    assert client.get("/granskning/").status_code == 403


def test_a_membership_past_its_end_date_gives_no_rights(client_for, log_reviewer):
    client = client_for(log_reviewer)
    Membership.objects.filter(user=log_reviewer).update(valid_to=timezone.localdate() - timedelta(days=1))
    assert client.get("/granskning/").status_code == 403
