"""Shared test fixtures: personas, a real SMTP server, Chromium through Playwright, axe-core."""

import json
import os
import threading
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls that the
# tests make around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from samhandling.organisations.tests import factories as f  # noqa: E402

AXE_JS = Path(__file__).parent / "tests" / "e2e" / "vendor" / "axe.min.js"


def _allow_audit_truncate(sender, connection, **kwargs):
    """Browser tests empty every table with TRUNCATE; the audit table refuses that unless told (audit 0003)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET samhandling.allow_audit_truncate = 'on'")


def _reload_migration_data(sender, **kwargs):
    from samhandling.core.testing import ensure_migration_data

    ensure_migration_data()


def pytest_configure(config):
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_migrate

    connection_created.connect(_allow_audit_truncate, dispatch_uid="samhandling-allow-audit-truncate")
    # A transactional test ends with a flush of every table, which sends post_migrate: the data that
    # migrations load is put back at once, so the next test in the same process finds it whatever its
    # kind (with pytest-xdist a process runs transactional and ordinary tests in any order).
    post_migrate.connect(_reload_migration_data, dispatch_uid="samhandling-reload-migration-data")


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request):
    """Transactional tests start with the data that migrations load (see core.testing)."""
    db_marker = request.node.get_closest_marker("django_db")
    transactional = (
        "live_server" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or bool(db_marker and db_marker.kwargs.get("transaction"))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from samhandling.core.testing import ensure_migration_data

        ensure_migration_data()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits count in the cache (samhandling.core.ratelimit): every test starts from zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def social_worker_hagersten(db):
    return f.social_worker("Hägersten-Älvsjö")


@pytest.fixture
def social_worker_rinkeby(db):
    return f.social_worker("Rinkeby-Kista")


@pytest.fixture
def unit_manager_hagersten(db):
    return f.unit_manager("Hägersten-Älvsjö")


@pytest.fixture
def field_worker(db):
    return f.field_worker()


@pytest.fixture
def school_reporter(db):
    return f.school_reporter()


@pytest.fixture
def police_liaison(db):
    return f.police_liaison()


@pytest.fixture
def district_planner(db):
    return f.district_planner("Hägersten-Älvsjö")


@pytest.fixture
def district_planner_rinkeby(db):
    return f.district_planner("Rinkeby-Kista")


@pytest.fixture
def city_analyst(db):
    return f.city_analyst()


@pytest.fixture
def log_reviewer(db):
    return f.log_reviewer()


@pytest.fixture
def data_protection_officer(db):
    return f.data_protection_officer()


@pytest.fixture
def catalogue_editor(db):
    return f.catalogue_editor()


@pytest.fixture
def system_admin(db):
    return f.system_admin()


@pytest.fixture
def safety_coordinator_hagersten(db):
    return f.safety_coordinator("Hägersten-Älvsjö")


@pytest.fixture
def safety_coordinator_rinkeby(db):
    return f.safety_coordinator("Rinkeby-Kista")


@pytest.fixture
def city_safety(db):
    return f.city_safety()


@pytest.fixture
def place_partner(db):
    return f.place_partner()


@pytest.fixture
def outsider(db):
    return f.outsider()


@pytest.fixture
def client_for(client):
    """client_for(user): the test client logged in as that user (TOTP confirmed where required)."""

    def _login(user):
        client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
        if user.requires_two_factor:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return _login


# --- e-mail: a real SMTP server on localhost ------------------------------------------------


class _Mailbox:
    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import email

        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A local SMTP server; Django sends real mail to it. Yields the mailbox (.messages)."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield mailbox
    finally:
        controller.stop()


# --- browser: Playwright driving the system Chromium -------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(f"Chromium is needed for the browser tests and was not found at {executable}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    # bypass_csp lets the test inject axe-core; the pages themselves are served with their CSP.
    context = chromium.new_context(locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core on the page and return the WCAG 2.1 AA violations (empty when clean)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags))
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    def _check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe-core found WCAG 2.1 AA violations on {page.url}: {violations}"

    return _check


@pytest.fixture
def browser_login(live_server):
    """browser_login(page, username, password=TEST_PASSWORD, totp_key_hex=None): log in through the form."""

    def _login(page, username, password=f.TEST_PASSWORD, totp_key_hex=None):
        page.goto(f"{live_server.url}/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in", exact=True).click()
        if totp_key_hex:
            from django_otp.oath import totp

            page.get_by_label("Kod från din autentiseringsapp").fill(f"{totp(bytes.fromhex(totp_key_hex)):06d}")
            page.get_by_role("button", name="Bekräfta").click()
        page.wait_for_load_state()

    return _login


# --- URL coverage: each test process writes the routes it requested; scripts/check_url_coverage.py -----
# (run by scripts/test.sh after the whole suite) fails on a route that no process requested. A file per
# process, because the suite runs in several processes (pytest-xdist).


def pytest_sessionfinish(session, exitstatus):
    from samhandling.core.testing import REQUESTED_ROUTES

    folder = os.environ.get("SAMHANDLING_URL_COVERAGE_DIR")
    if folder and REQUESTED_ROUTES:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # JSON, because the start page's route is the empty string.
        (Path(folder) / f"routes-{os.getpid()}.json").write_text(json.dumps(sorted(REQUESTED_ROUTES)))
