"""The real worker process, killed and restarted, and cut off from PostgreSQL (issue 10)."""

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samhandling.core.models import TaskAttempt, WorkerHeartbeat
from samhandling.core.tests.tasks import slow_once, touch
from samhandling.core.tests.workerproc import WorkerProcess, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(result) -> str:
    return DBTaskResult.objects.get(id=result.id).status


def test_a_task_whose_worker_is_killed_is_finished_after_the_restart(tmp_path):
    result = slow_once.enqueue(str(tmp_path), 300)
    first = WorkerProcess("kill-test", tmp_path / "worker.log", WORKER_STALE_SECONDS="3")
    try:
        wait_for(lambda: (tmp_path / "started-1").exists(), 120, "the task to start", first)
        first.kill()
        # Killed mid-task: nothing marked it, it is RUNNING under a worker that is gone.
        assert status_of(result) == TaskResultStatus.RUNNING
        assert not (tmp_path / "done-1").exists()
    finally:
        first.stop()
    second = WorkerProcess("kill-test", tmp_path / "worker.log", WORKER_STALE_SECONDS="3")
    try:
        wait_for(lambda: status_of(result) == TaskResultStatus.SUCCESSFUL, 120, "the task to finish", second)
    finally:
        second.stop()
    row = DBTaskResult.objects.get(id=result.id)
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]
    assert row.return_value == 2 and (tmp_path / "done-2").exists()
    lost = TaskAttempt.objects.get(task_id=result.id)
    assert (lost.outcome, lost.reason, lost.attempt) == ("lost", "lost", 1)
    assert '"event": "task.recovered"' in second.output()


def test_the_worker_survives_losing_its_database_connections(tmp_path):
    worker = WorkerProcess("reconnect-test", tmp_path / "worker.log")
    try:
        first = touch.enqueue(str(tmp_path), "before")
        wait_for(lambda: status_of(first) == TaskResultStatus.SUCCESSFUL, 120, "the first task", worker)
        # What a PostgreSQL restart does to the worker: every one of its connections is cut.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        second = touch.enqueue(str(tmp_path), "after")
        wait_for(lambda: status_of(second) == TaskResultStatus.SUCCESSFUL, 60, "a task after the cut", worker)
        assert worker.proc.poll() is None
        assert (tmp_path / "after").exists()
        wait_for(lambda: WorkerHeartbeat.objects.filter(name__startswith="reconnect-test@").exists(), 30, "a beat")
    finally:
        worker.stop()
    # Stopped cleanly, it gave its lease up.
    assert not WorkerHeartbeat.objects.filter(name__startswith="reconnect-test@").exists()
