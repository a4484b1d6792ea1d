from django.db import models


class WorkerHeartbeat(models.Model):
    """The background worker's last sign of life; one row per worker name."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
