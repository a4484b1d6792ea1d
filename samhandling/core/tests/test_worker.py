"""The worker in-process: retries with back-off, give-up, lost tasks, idempotent receipts, the task page."""

import email
import logging
import threading
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samhandling.audit.models import AuditEvent
from samhandling.core.models import TaskAttempt, WorkerHeartbeat
from samhandling.core.tasks import classify
from samhandling.core.worker import Worker

pytestmark = pytest.mark.django_db


class FlakyMailServer:
    """An SMTP server that answers 451 (try again later) while `refusing`, then accepts."""

    def __init__(self):
        self.refusing = True
        self.refused = 0
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self._lock:
            if self.refusing:
                self.refused += 1
                return "451 4.3.0 Mailbox temporarily unavailable"
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def flaky_smtp(settings):
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = FlakyMailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield handler
    finally:
        controller.stop()


def make_due(result) -> None:
    """Skip the back-off wait: the retry is due now."""
    DBTaskResult.objects.filter(id=result.id).update(run_after=timezone.now())


def receipt_for_a_new_report(capture):
    from samhandling.cases.tests import helpers

    with capture(execute=True):
        report = helpers.report(email="larare@skola.invalid")
    return report, DBTaskResult.objects.get(task_path__endswith="send_report_receipt")


def test_a_refused_receipt_is_retried_with_back_off_and_sent_once_the_server_accepts(
    flaky_smtp, settings, django_capture_on_commit_callbacks, caplog, social_worker_hagersten
):
    settings.TASK_RETRY_BASE_SECONDS = 60
    report, queued = receipt_for_a_new_report(django_capture_on_commit_callbacks)
    worker = Worker(worker_id="test-worker")
    caplog.set_level(logging.INFO, logger="samhandling.worker")
    assert worker.run_once()
    queued.refresh_from_db()
    report.refresh_from_db()
    assert flaky_smtp.refused == 1 and flaky_smtp.messages == []
    assert queued.status == TaskResultStatus.READY and report.receipt_sent_at is None
    wait = (queued.run_after - timezone.now()).total_seconds()
    assert 40 < wait < 75  # 60 s ± jitter
    attempt = TaskAttempt.objects.get(task_id=queued.id)
    assert (attempt.outcome, attempt.reason, attempt.attempt) == ("retry", "mail", 1)
    assert not worker.run_once()  # not due yet

    make_due(queued)
    assert worker.run_once()  # refused again: the next wait is twice as long
    queued.refresh_from_db()
    assert 90 < (queued.run_after - timezone.now()).total_seconds() < 150

    flaky_smtp.refusing = False
    make_due(queued)
    assert worker.run_once()
    queued.refresh_from_db()
    report.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL and report.receipt_sent_at is not None
    assert len(flaky_smtp.messages) == 1
    assert (
        flaky_smtp.messages[0]["Message-ID"].strip() == f"<receipt-{report.submission_token}@samhandling.stockholm.se>"
    )
    events = [r.getMessage() for r in caplog.records if r.name == "samhandling.worker"]
    assert events == ["task.start", "task.retry", "task.start", "task.retry", "task.start", "task.end"]
    assert "larare@skola.invalid" not in caplog.text


def test_a_receipt_is_sent_once_even_when_its_task_runs_twice(
    smtp_server, django_capture_on_commit_callbacks, social_worker_hagersten
):
    from samhandling.cases.tasks import send_report_receipt

    report, queued = receipt_for_a_new_report(django_capture_on_commit_callbacks)
    send_report_receipt.enqueue(report.id)  # the same receipt queued a second time (a retry, a restore)
    assert Worker(worker_id="test-worker").run_until_idle() == 2
    assert len(smtp_server.messages) == 1


def test_a_bug_fails_at_once_and_a_failure_is_shown_to_the_requester_in_swedish(client_for, district_planner):
    from samhandling.indicators.models import ProfileExport
    from samhandling.indicators.tasks import build_profile_pdf
    from samhandling.organisations.models import District

    job = ProfileExport.objects.create(district=District.objects.get(code="bromma"), requested_by=district_planner)
    build_profile_pdf.enqueue(job.pk)
    # Lost with its worker as many times as a task may be tried: the worker gives it up.
    row = DBTaskResult.objects.get()
    row.claim("gone-1")
    for n in range(2, 4):
        DBTaskResult.objects.filter(id=row.id).update(worker_ids=[f"gone-{i}" for i in range(1, n + 1)])
    WorkerHeartbeat.objects.create(name="gone-3", beat_at=timezone.now() - timedelta(hours=1))
    from django.test import override_settings

    with override_settings(TASK_MAX_ATTEMPTS=3):
        assert Worker(worker_id="test-worker").recover_stale() == 1
    row.refresh_from_db()
    job.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and job.status == ProfileExport.Status.FAILED
    assert job.failure_reason == "lost"
    status = client_for(district_planner).get(f"/indikatorer/stadsdel/pdf/{job.pk}/status/").content.decode()
    assert "Misslyckades" in status and "Bakgrundsarbetaren stoppades medan uppgiften kördes" in status
    assert "hx-trigger" not in status  # no more polling: it is finished
    assert AuditEvent.objects.filter(verb="indicators.profile_pdf_failed", target_id=str(job.pk)).exists()


def test_a_task_whose_worker_stopped_is_run_again(tmp_path):
    from samhandling.core.tests.tasks import touch

    result = touch.enqueue(str(tmp_path), "again")
    DBTaskResult.objects.get(id=result.id).claim("dead-worker")
    WorkerHeartbeat.objects.create(name="dead-worker", beat_at=timezone.now() - timedelta(minutes=5))
    worker = Worker(worker_id="test-worker")
    assert worker.run_once()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL and row.worker_ids == ["dead-worker", "test-worker"]
    assert (tmp_path / "again").exists()


def test_a_task_whose_worker_still_beats_is_left_alone(tmp_path):
    from samhandling.core.tests.tasks import touch

    result = touch.enqueue(str(tmp_path), "busy")
    DBTaskResult.objects.get(id=result.id).claim("busy-worker")
    WorkerHeartbeat.objects.create(name="busy-worker", beat_at=timezone.now())
    assert not Worker(worker_id="test-worker").run_once()
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING


def test_which_errors_are_retried():
    import smtplib

    from django.db import IntegrityError, OperationalError

    assert classify(smtplib.SMTPDataError(451, b"later")) == ("mail", True)
    assert classify(smtplib.SMTPDataError(550, b"no such user")) == ("mail", False)
    assert classify(ConnectionRefusedError()) == ("network", True)
    assert classify(OSError(28, "No space left on device")) == ("disk", True)
    assert classify(OperationalError("server closed the connection")) == ("database", True)
    assert classify(IntegrityError("duplicate key")) == ("error", False)
    assert classify(KeyError("x")) == ("error", False)


# --- the administrator's page of failed tasks --------------------------------------------------


@pytest.fixture
def failed_task(tmp_path):
    from samhandling.core.tests.tasks import touch

    result = touch.enqueue(str(tmp_path / "missing-folder"), "x")  # FileNotFoundError: retried, then given up
    from django.test import override_settings

    with override_settings(TASK_MAX_ATTEMPTS=1):
        Worker(worker_id="test-worker").run_once()
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.FAILED
    return result


def test_the_system_admin_sees_failed_tasks_with_a_swedish_reason_and_runs_one_again(
    client_for, system_admin, failed_task
):
    client = client_for(system_admin)
    page = client.get("/drift/uppgifter/").content.decode()
    reference = TaskAttempt.objects.get(task_id=failed_task.id).reference
    assert "touch" in page and "Misslyckades" in page and reference in page
    assert "En fil kunde inte skrivas på servern" in page
    response = client.post(f"/drift/uppgifter/{failed_task.id}/kor-igen/")
    assert response.status_code == 302
    row = DBTaskResult.objects.get(id=failed_task.id)
    assert row.status == TaskResultStatus.READY and row.worker_ids == []
    assert AuditEvent.objects.filter(verb="core.task_retried", target_id=str(failed_task.id)).exists()
    # A double click puts it back once.
    client.post(f"/drift/uppgifter/{failed_task.id}/kor-igen/")
    assert AuditEvent.objects.filter(verb="core.task_retried").count() == 1


@pytest.mark.parametrize("persona", ["social_worker_hagersten", "log_reviewer", "city_analyst"])
def test_others_may_not_see_or_retry_tasks(client_for, persona, request, failed_task):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/drift/uppgifter/").status_code == 403
    assert client.post(f"/drift/uppgifter/{failed_task.id}/kor-igen/").status_code == 403
    assert DBTaskResult.objects.get(id=failed_task.id).status == TaskResultStatus.FAILED


def test_anonymous_is_sent_to_login_for_the_task_page(client, failed_task):
    assert client.get("/drift/uppgifter/")["Location"].startswith("/konto/logga-in/")
    assert client.post(f"/drift/uppgifter/{failed_task.id}/kor-igen/")["Location"].startswith("/konto/logga-in/")


def test_retrying_an_unknown_task_is_404(client_for, system_admin):
    assert (
        client_for(system_admin).post("/drift/uppgifter/00000000-0000-0000-0000-000000000000/kor-igen/").status_code
        == 404
    )
