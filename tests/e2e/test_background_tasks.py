"""The system administrator finds a failed background task, reads why in Swedish and runs it again."""

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from samhandling.core.tests.tasks import touch
from samhandling.core.worker import Worker
from samhandling.organisations.tests import factories as f


@pytest.mark.django_db(transaction=True)
def test_the_admin_runs_a_failed_task_again(page, live_server, browser_login, assert_accessible, tmp_path):
    admin = f.system_admin()
    device = TOTPDevice.objects.create(user=admin, name="test", confirmed=True)
    result = touch.enqueue(str(tmp_path / "missing"), "x")
    with override_settings(TASK_MAX_ATTEMPTS=1):
        Worker(worker_id="e2e-worker").run_once()
    browser_login(page, admin.username, totp_key_hex=device.key)
    page.get_by_role("link", name="Bakgrundsuppgifter").click()
    page.get_by_role("heading", name="Bakgrundsuppgifter", level=1).wait_for()
    row = page.get_by_role("row").filter(has_text="touch")
    assert "Misslyckades" in row.inner_text() and "En fil kunde inte skrivas på servern" in row.inner_text()
    assert_accessible(page)
    row.get_by_role("button", name="Kör igen").click()
    page.get_by_text("Uppgiften har lagts tillbaka i kön.").wait_for()
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
    assert_accessible(page)
