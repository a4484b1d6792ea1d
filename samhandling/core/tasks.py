from django.tasks import task
from django.utils import timezone

from samhandling.core.models import WorkerHeartbeat


@task()
def heartbeat(worker_name: str = "default") -> None:
    """Written by the worker itself, so /healthz shows that queued work really gets done."""
    WorkerHeartbeat.objects.update_or_create(name=worker_name, defaults={"beat_at": timezone.now()})
