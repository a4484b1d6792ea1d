from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker process's last sign of life; one row per process (its worker id).

    The row is the worker's lease on the tasks it runs: a RUNNING task whose worker has not
    beaten for WORKER_STALE_SECONDS is taken up again by another worker (core.worker).
    """

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class TaskAttempt(models.Model):
    """One attempt of a background task that did not succeed: retried, given up, or lost with its worker.

    Holds no arguments and no exception message (they may carry personal data): the task's
    name, the exception's class, a reason code that the pages show in Swedish, and the
    reference number that the log line carries too.
    """

    class Outcome(models.TextChoices):
        RETRY = "retry", _("Will be retried")
        FAILED = "failed", _("Failed")
        LOST = "lost", _("Worker stopped during the task")

    task_id = models.UUIDField(db_index=True)
    task_name = models.CharField(max_length=200)
    attempt = models.PositiveIntegerField()
    worker_id = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error_class = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=30, blank=True)
    reference = models.CharField(max_length=12, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("manage_tasks", _("See failed background tasks and run them again"))]

    def __str__(self):
        return f"{self.task_name} #{self.attempt} {self.outcome}"


class IdempotencyKey(models.Model):
    """One row per submitted form: the same form sent again (a double click, three parallel POSTs,
    a retry after a time-out) gets the first answer instead of creating a second record.

    Written by samhandling.core.idempotency.IdempotencyMiddleware; rows older than a day are removed.
    """

    key = models.UUIDField()
    # Who sent it, to which path: a key replayed by another user or on another page is another key.
    scope = models.CharField(max_length=250)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    location = models.CharField(max_length=2000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique")]

    def __str__(self):
        return f"{self.key} {self.scope}"
