"""The background worker: runs the tasks that django-tasks-db stores, at least once.

django-tasks-db's model (DBTaskResult) holds the queue, so every app keeps Django's `@task` and
`.enqueue()`. This loop replaces its `db_worker` to add what a city service needs
(docs/adr/0007-reliable-background-work.md):

- a lease: each worker process beats in WorkerHeartbeat; a RUNNING task whose worker has not
  beaten for WORKER_STALE_SECONDS (killed, out of memory, machine gone) is taken up again;
- retries with exponential back-off for transient errors (mail server, database, disk), up to
  TASK_MAX_ATTEMPTS attempts; then the task fails and the apps' give-up handlers run;
- reconnection: a database error in the loop closes the connection and waits, it never ends the
  process; and a task's outcome is written again until the database is back;
- a log line (JSON) for every start, end, retry, failure and recovery, without personal data.
"""

import logging
import os
import random
import socket
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.tasks import TaskContext
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from samhandling.core import metrics
from samhandling.core.models import TaskAttempt, WorkerHeartbeat
from samhandling.core.tasks import WorkerLost, classify, give_up_handlers

logger = logging.getLogger("samhandling.worker")
DB_ERRORS = (OperationalError, InterfaceError)


def make_worker_id(name: str) -> str:
    """Unique per process, so that a restarted worker never holds its dead predecessor's lease."""
    return f"{name}@{socket.gethostname()}:{os.getpid()}"[:64]


def retry_delay(attempt: int) -> float:
    """Exponential back-off with jitter: base, 2×base, 4×base ... capped at TASK_RETRY_MAX_SECONDS."""
    base = settings.TASK_RETRY_BASE_SECONDS * (2 ** max(attempt - 1, 0))
    return min(base, settings.TASK_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2)  # noqa: S311 - not for security


def _short_name(task_path: str) -> str:
    """samhandling.cases.tasks.send_report_receipt -> cases.send_report_receipt"""
    parts = task_path.split(".")
    return f"{parts[1]}.{parts[-1]}" if len(parts) > 2 and parts[0] == "samhandling" else task_path


class Worker:
    def __init__(self, *, worker_id: str, interval: float = 1.0, backend_name: str = "default"):
        self.worker_id = worker_id
        self.interval = interval
        self.backend_name = backend_name
        self.stopping = threading.Event()
        self.running_task = False

    # --- the lease -----------------------------------------------------------------------

    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            name=self.worker_id, defaults={"beat_at": now}, create_defaults={"beat_at": now, "started_at": now}
        )

    def retire(self) -> None:
        """A worker that stops cleanly gives its lease up at once (and /healthz says so at once)."""
        WorkerHeartbeat.objects.filter(name=self.worker_id).delete()

    def recover_stale(self) -> int:
        """Put RUNNING tasks whose worker is gone back in the queue (or fail them after too many tries)."""
        threshold = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
        live = set(WorkerHeartbeat.objects.filter(beat_at__gte=threshold).values_list("name", flat=True))
        live.add(self.worker_id)
        recovered = 0
        for task_id, worker_ids in DBTaskResult.objects.running().values_list("id", "worker_ids"):
            if worker_ids and worker_ids[-1] in live:
                continue
            given_up = None
            with exclusive_transaction():
                row = DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).get_locked()
                if row is None or row.worker_ids != worker_ids:
                    continue
                attempt = len(row.worker_ids)
                name = _short_name(row.task_path)
                if attempt >= settings.TASK_MAX_ATTEMPTS:
                    row.set_failed(WorkerLost())
                    given_up = row
                else:
                    DBTaskResult.objects.filter(id=row.id).update(
                        status=TaskResultStatus.READY, run_after=timezone.now()
                    )
                TaskAttempt.objects.create(
                    task_id=row.id,
                    task_name=name,
                    attempt=attempt,
                    worker_id=(worker_ids or [""])[-1][:100],
                    outcome=TaskAttempt.Outcome.LOST,
                    reason="lost",
                )
            recovered += 1
            metrics.TASKS.labels(task=name, outcome="lost").inc()
            logger.warning(
                "task.recovered",
                extra={"task": name, "task_id": str(task_id), "attempt": attempt, "gave_up": given_up is not None},
            )
            if given_up is not None:
                self._give_up(given_up, "lost")
        # Old rows of workers long gone are of no use to anyone.
        WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()
        return recovered

    # --- claiming and running ------------------------------------------------------------

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(tasks.db):
            try:
                row = tasks.get_locked()
            except OperationalError as exc:
                if is_locked_database_exception(exc):  # SQLite busy: try again in a moment
                    return None
                raise
            if row is not None:
                row.claim(self.worker_id)
        return row

    def run_once(self) -> bool:
        """Recover lost tasks, then run one ready task. True when a task was run."""
        self.recover_stale()
        row = self.claim()
        if row is None:
            return False
        self.run_task(row)
        return True

    def run_until_idle(self, max_tasks: int = 1000) -> int:
        """Run ready tasks until none is left (tests, and a one-off `worker --batch`). Returns the count."""
        ran = 0
        while ran < max_tasks and self.run_once():
            ran += 1
        return ran

    def run_task(self, row: DBTaskResult) -> None:
        name = _short_name(row.task_path)
        attempt = len(row.worker_ids)
        logger.info("task.start", extra={"task": name, "task_id": str(row.id), "attempt": attempt})
        started = time.monotonic()
        self.running_task = True
        try:
            task = row.task
            result = row.task_result
            args, kwargs = result.args, result.kwargs
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
            self._write(lambda: row.set_successful(value))
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, retried or shown
            self._failed(row, exc, name, attempt, time.monotonic() - started)
            return
        finally:
            self.running_task = False
        duration = time.monotonic() - started
        metrics.TASKS.labels(task=name, outcome="ok").inc()
        metrics.TASK_SECONDS.labels(task=name).observe(duration)
        logger.info(
            "task.end",
            extra={"task": name, "task_id": str(row.id), "attempt": attempt, "duration_ms": round(duration * 1000)},
        )

    def _failed(self, row: DBTaskResult, exc: Exception, name: str, attempt: int, duration: float) -> None:
        reason, transient = classify(exc)
        reference = uuid.uuid4().hex[:10].upper()
        error_class = f"{type(exc).__module__}.{type(exc).__qualname__}"[:200]
        if not connection.in_atomic_block:  # (tests run the worker inside a transaction)
            close_old_connections()  # a broken connection is replaced before the outcome is written
        info = {
            "task": name,
            "task_id": str(row.id),
            "attempt": attempt,
            "reason": reason,
            "error_class": error_class,
            "reference": reference,
            "duration_ms": round(duration * 1000),
        }
        if transient and attempt < settings.TASK_MAX_ATTEMPTS:
            retry_at = timezone.now() + timedelta(seconds=retry_delay(attempt))

            def write_retry():
                with transaction.atomic():
                    DBTaskResult.objects.filter(id=row.id, status=TaskResultStatus.RUNNING).update(
                        status=TaskResultStatus.READY, run_after=retry_at, exception_class_path=error_class
                    )
                    TaskAttempt.objects.create(
                        task_id=row.id,
                        task_name=name,
                        attempt=attempt,
                        worker_id=self.worker_id,
                        outcome=TaskAttempt.Outcome.RETRY,
                        error_class=error_class,
                        reason=reason,
                        reference=reference,
                        retry_at=retry_at,
                    )

            self._write(write_retry)
            metrics.TASKS.labels(task=name, outcome="retry").inc()
            logger.warning("task.retry", extra={**info, "retry_at": retry_at.isoformat()}, exc_info=exc)
            return

        def write_failed():
            with transaction.atomic():
                row.set_failed(exc)
                TaskAttempt.objects.create(
                    task_id=row.id,
                    task_name=name,
                    attempt=attempt,
                    worker_id=self.worker_id,
                    outcome=TaskAttempt.Outcome.FAILED,
                    error_class=error_class,
                    reason=reason,
                    reference=reference,
                )

        self._write(write_failed)
        metrics.TASKS.labels(task=name, outcome="failed").inc()
        logger.error("task.failed", extra=info, exc_info=exc)
        self._give_up(row, reason)

    def _give_up(self, row: DBTaskResult, reason: str) -> None:
        for handler in give_up_handlers(row.task_path):
            try:
                self._write(lambda h=handler: h(row.args_kwargs["args"], row.args_kwargs["kwargs"], reason))
            except Exception as exc:  # noqa: BLE001 - one handler must not stop the worker
                logger.error("task.give_up_handler_failed", extra={"task": _short_name(row.task_path)}, exc_info=exc)

    def _write(self, write) -> None:
        """Write a task's outcome; when the database is away, reconnect and try again for a while."""
        deadline = time.monotonic() + settings.WORKER_WRITE_RETRY_SECONDS
        delay = 0.5
        while True:
            try:
                write()
                return
            except DB_ERRORS:
                if time.monotonic() > deadline:
                    # Give the process up: the supervisor restarts it, and the task's lease runs out.
                    raise
                logger.warning("worker.database_unavailable", extra={"worker": self.worker_id})
                connection.close()
                self.stopping.wait(delay)
                delay = min(delay * 2, 10)

    # --- the loop ------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("worker.start", extra={"worker": self.worker_id})
        delay = 1.0
        while not self.stopping.is_set():
            try:
                close_old_connections()
                ran = self.run_once()
                delay = 1.0
            except DB_ERRORS:
                # The database restarted or is away: wait, reconnect, go on. Never die of it.
                logger.warning("worker.database_unavailable", extra={"worker": self.worker_id, "retry_in_s": delay})
                connection.close()
                self.stopping.wait(delay)
                delay = min(delay * 2, 30)
                continue
            if not ran:
                self.stopping.wait(self.interval)
        logger.info("worker.stop", extra={"worker": self.worker_id})
