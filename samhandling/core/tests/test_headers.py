"""Security headers on every page, and the production settings' cookies and deployment checks."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

ANONYMOUS_PAGES = ["/konto/logga-in/", "/healthz", "/api/v1/schema/", "/finns-inte/", "/"]
REVIEWER_PAGES = ["/", "/granskning/", "/granskning/export.csv", "/api/v1/me/", "/finns-inte/", "/konto/logga-in/"]


def check_common_headers(response, path):
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert response["X-Frame-Options"] == "DENY", path
    hsts = response["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000") and "includeSubDomains" in hsts, path
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"):
        assert directive in csp, (path, directive)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", csp)
    if response.get("Content-Type", "").startswith("text/html") and response.status_code != 302:
        # Django adds the nonce when the page uses it; every HTML page loads its scripts with it.
        assert nonce, (path, csp)
        return nonce.group(1)
    assert "script-src 'self'" in csp, (path, csp)
    return None


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_pages_carry_the_security_headers(client, path):
    response = client.get(path, secure=True)
    nonce = check_common_headers(response, path)
    if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
        # Every script tag of the page carries the response's own nonce.
        scripts = re.findall(r"<script[^>]*>", response.content.decode())
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


@pytest.mark.parametrize("path", REVIEWER_PAGES)
def test_authenticated_pages_carry_the_headers_and_are_never_stored(client_for, log_reviewer, path):
    response = client_for(log_reviewer).get(path, secure=True)
    assert response.status_code in (200, 302, 404), path
    check_common_headers(response, path)
    assert response["Cache-Control"] == "no-store", path


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/konto/logga-in/")["Content-Security-Policy"]
    second = client.get("/konto/logga-in/")["Content-Security-Policy"]
    assert first != second


def test_hsts_is_only_sent_over_https(client):
    # Django's SecurityMiddleware sends HSTS on secure requests only, as browsers ignore it otherwise.
    assert "Strict-Transport-Security" not in client.get("/konto/logga-in/")


def production_settings(code: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.production",
        "SECRET_KEY": "test-" + "x7Qp2LmZ9vR4tW8yB1nC5dF3gH6jK0" * 2,
        "ALLOWED_HOSTS": "samhandling.example.se",
    }
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_uses_host_prefixed_secure_cookies_and_https():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SESSION_COOKIE_NAME','CSRF_COOKIE_NAME','LANGUAGE_COOKIE_NAME','SESSION_COOKIE_SECURE',"
        "'CSRF_COOKIE_SECURE','LANGUAGE_COOKIE_SECURE','SECURE_SSL_REDIRECT','DEBUG','DEMO_MODE',"
        "'SECURE_HSTS_PRELOAD','SESSION_COOKIE_HTTPONLY')}))"
    )
    result = production_settings(code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "LANGUAGE_COOKIE_NAME": "__Host-language",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
        "DEMO_MODE": False,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }


def test_production_settings_pass_the_deployment_checks():
    code = (
        "import sys; from django.core.management import execute_from_command_line; execute_from_command_line(sys.argv)"
    )
    env_check = production_settings(
        code.replace("sys.argv", "['manage.py', 'check', '--deploy', '--fail-level', 'WARNING']")
    )
    assert env_check.returncode == 0, env_check.stdout + env_check.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DJANGO_SETTINGS_MODULE"] = "config.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_development_settings_keep_debug_off_by_default():
    assert settings.DEBUG is False
