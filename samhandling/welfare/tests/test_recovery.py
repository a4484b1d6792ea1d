"""A batch or rule run whose worker died is taken up again, and its own status follows the task's."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samhandling.core.models import WorkerHeartbeat
from samhandling.core.worker import Worker
from samhandling.welfare import services
from samhandling.welfare.models import Flag, ImportBatch, Payment, RuleRun
from samhandling.welfare.tests.conftest import ORG_A, PAYMENT_HEADER, csv_bytes

pytestmark = pytest.mark.django_db

MONTH = csv_bytes(
    PAYMENT_HEADER,
    f"V-1;{ORG_A};AVT-1;1 000,00;2025-01-31;123-4567;K1;hemtjänst;10;",
    f"V-2;{ORG_A};AVT-1;1 000,00;2025-02-28;123-4567;K1;hemtjänst;10;",
    f"V-3;{ORG_A};AVT-1;1 000,00;2025-03-31;123-4567;K1;hemtjänst;10;",
    f"V-4;{ORG_A};AVT-1;1 000,00;2025-04-30;999-0000;K1;hemtjänst;10;",
)


def abandon(task_path_end: str, *, attempts: int = 1) -> DBTaskResult:
    """The task was claimed by workers that then died (no heartbeat for an hour)."""
    row = DBTaskResult.objects.get(task_path__endswith=task_path_end)
    row.claim("dead-1")
    DBTaskResult.objects.filter(id=row.id).update(worker_ids=[f"dead-{i}" for i in range(1, attempts + 1)])
    WorkerHeartbeat.objects.create(name=f"dead-{attempts}", beat_at=timezone.now() - timedelta(hours=1))
    return row


@pytest.fixture
def supplier(controller):
    return services.supplier_create(actor=controller, org_number=ORG_A, name="Omsorgen Exempel AB")


def test_an_import_whose_worker_died_while_saving_is_run_again_and_completed(
    controller, supplier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_batch_create(
            actor=controller, kind="payments", file_name="betalningar.csv", content=MONTH
        )
    # The worker died in the middle of saving: its transaction was rolled back, the status stayed.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.SAVING, processed_rows=2)
    abandon("welfare.tasks.run_import")
    assert Worker(worker_id="test-worker").run_once()
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 4)
    assert Payment.objects.count() == 4


def test_an_import_given_up_after_too_many_lost_workers_is_shown_failed(
    controller, supplier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_batch_create(
            actor=controller, kind="payments", file_name="betalningar.csv", content=MONTH
        )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.SAVING)
    abandon("welfare.tasks.run_import", attempts=3)
    with override_settings(TASK_MAX_ATTEMPTS=3):
        assert Worker(worker_id="test-worker").recover_stale() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.is_finished
    assert "Bakgrundsarbetaren stoppades" in batch.errors[0]["message"]
    assert Payment.objects.count() == 0


def test_a_rule_run_whose_worker_died_is_run_again_without_doubling_flags(
    controller, supplier, django_capture_on_commit_callbacks
):
    services.import_batch_run(
        batch=services.import_batch_create(
            actor=controller, kind="payments", file_name="b.csv", content=MONTH, enqueue=False
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.rule_run_create(actor=controller, year=2025)
        # A double click while it waits is the same run.
        assert services.rule_run_create(actor=controller, year=2025) == run
    # The dead worker had saved the flags already, but not the run's outcome.
    services.rules_run(actor=controller, year=2025)
    flags = Flag.objects.count()
    assert flags >= 1  # the account changed in April
    RuleRun.objects.filter(pk=run.pk).update(status=RuleRun.Status.RUNNING, attempts=1)
    abandon("welfare.tasks.run_rules")
    assert Worker(worker_id="test-worker").run_once()
    run.refresh_from_db()
    assert run.status == RuleRun.Status.DONE and run.attempts == 2 and run.new_flag_total == 0
    assert Flag.objects.count() == flags


def test_a_rule_run_given_up_is_shown_failed_on_the_rules_page(
    controller, supplier, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.rule_run_create(actor=controller, year=2025)
    abandon("welfare.tasks.run_rules", attempts=3)
    with override_settings(TASK_MAX_ATTEMPTS=3):
        Worker(worker_id="test-worker").recover_stale()
    run.refresh_from_db()
    assert run.status == RuleRun.Status.FAILED
    page = client_for(controller).get("/valfard/regler/").content.decode()
    assert "Misslyckades" in page and "Bakgrundsarbetaren stoppades" in page
