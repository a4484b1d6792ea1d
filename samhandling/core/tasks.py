from django.tasks import task
from django.utils import timezone

from samhandling.core.models import WorkerHeartbeat


@task()
def heartbeat(worker_name: str = "default") -> None:
    """Written by the worker itself, so /healthz shows that queued work really gets done."""
    WorkerHeartbeat.objects.update_or_create(name=worker_name, defaults={"beat_at": timezone.now()})


@task()
def forget_old_idempotency_keys() -> int:
    """The daily clean-up of the idempotency table (samhandling.core.idempotency)."""
    from samhandling.core.idempotency import forget_old_keys

    return forget_old_keys()
