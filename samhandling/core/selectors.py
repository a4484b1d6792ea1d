"""Reads about the background worker and the queue, for /healthz, the task page and the metrics."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from samhandling.core.models import WorkerHeartbeat


@dataclass
class QueueStatus:
    counts: dict[str, int] = field(default_factory=dict)
    oldest_waiting_seconds: float | None = None
    last_heartbeat: datetime | None = None
    heartbeat_age_seconds: float | None = None
    live_workers: int = 0


def queue_status() -> QueueStatus:
    """Tasks by status, the oldest task waiting for a worker, and the workers' heartbeats."""
    now = timezone.now()
    status = QueueStatus()
    for row in DBTaskResult.objects.order_by().values("status").annotate(n=Count("id")):
        status.counts[row["status"]] = row["n"]
    for name in TaskResultStatus.values:
        status.counts.setdefault(name, 0)
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by()
    # A task waits from when it was queued or, when it was deferred or is waiting for a retry,
    # from the time it was due.
    first_queued = ready.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"]
    first_due = ready.filter(run_after__lte=now).aggregate(t=Min("run_after"))["t"]
    waiting_since = min((t for t in (first_queued, first_due) if t is not None), default=None)
    if waiting_since is not None:
        status.oldest_waiting_seconds = max((now - waiting_since).total_seconds(), 0.0)
    beats = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))
    status.last_heartbeat = beats["last"]
    if status.last_heartbeat is not None:
        status.heartbeat_age_seconds = max((now - status.last_heartbeat).total_seconds(), 0.0)
    status.live_workers = WorkerHeartbeat.objects.filter(
        beat_at__gte=now - timedelta(seconds=settings.HEALTHZ_WORKER_STALE_SECONDS)
    ).count()
    return status


def audit_chain_length() -> int:
    from samhandling.audit.models import AuditEvent

    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


@dataclass
class TaskRow:
    id: object
    name: str
    status: str
    problem: str
    attempts: int
    enqueued_at: object
    next_try_at: object = None
    reason: str = ""
    reference: str = ""
    can_retry: bool = False


def problem_tasks(limit: int = 200) -> list[TaskRow]:
    """Failed tasks, tasks waiting for a retry, tasks whose worker is gone and tasks waiting too long."""
    from django.utils.translation import gettext as _

    from samhandling.core.models import TaskAttempt
    from samhandling.core.tasks import reason_text

    now = timezone.now()
    live = set(
        WorkerHeartbeat.objects.filter(
            beat_at__gte=now - timedelta(seconds=settings.HEALTHZ_WORKER_STALE_SECONDS)
        ).values_list("name", flat=True)
    )
    fields = ("id", "task_path", "status", "worker_ids", "enqueued_at", "run_after", "finished_at")
    rows: list[tuple[dict[str, Any], str]] = []
    for row in DBTaskResult.objects.failed().order_by("-finished_at").values(*fields)[:limit]:
        rows.append((row, _("Failed")))
    for row in DBTaskResult.objects.running().order_by("started_at").values(*fields)[:limit]:
        if not row["worker_ids"] or row["worker_ids"][-1] not in live:
            rows.append((row, _("Its worker has stopped; it will be run again")))
    waited = now - timedelta(seconds=settings.HEALTHZ_MAX_TASK_WAIT_SECONDS)
    for row in (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at").values(*fields)[:limit]
    ):
        if row["worker_ids"] and row["run_after"] > now:
            rows.append((row, _("Waiting to be tried again")))
        else:
            due = row["enqueued_at"] if row["run_after"] == get_date_max() else row["run_after"]
            if due < waited:
                rows.append((row, _("Waiting for a worker")))
    latest: dict[Any, TaskAttempt] = {}
    for earlier in TaskAttempt.objects.filter(task_id__in=[r["id"] for r, _p in rows]).order_by("created_at"):
        latest[earlier.task_id] = earlier
    result = []
    for row, problem in rows:
        attempt = latest.get(row["id"])
        result.append(
            TaskRow(
                id=row["id"],
                name=row["task_path"].rsplit(".", 1)[-1],
                status=row["status"],
                problem=problem,
                attempts=len(row["worker_ids"]),
                enqueued_at=row["enqueued_at"],
                next_try_at=row["run_after"]
                if row["status"] == TaskResultStatus.READY and row["run_after"] > now
                else None,
                reason=reason_text(attempt.reason) if attempt else "",
                reference=attempt.reference if attempt else "",
                can_retry=row["status"] == TaskResultStatus.FAILED,
            )
        )
    return result
