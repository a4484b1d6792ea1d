from django.db import models


class WorkerHeartbeat(models.Model):
    """The background worker's last sign of life; one row per worker name."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


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
