"""Writes of the core app: an administrator runs a failed background task again."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samhandling.audit.services import record
from samhandling.core.annotations import Actor


def task_retry(*, actor: Actor, task_id: uuid.UUID | str) -> DBTaskResult[Any, Any]:
    """Put a failed task back in the queue with a fresh count of attempts (audited)."""
    if not actor.has_perm("core.manage_tasks"):
        raise PermissionDenied
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().get(id=task_id)
        if row.status != TaskResultStatus.FAILED:
            return row  # already put back (a double click) or never failed
        row.status = TaskResultStatus.READY
        row.run_after = timezone.now()
        row.worker_ids = []
        row.finished_at = None
        row.save(update_fields=["status", "run_after", "worker_ids", "finished_at"])
        record(actor=actor, verb="core.task_retried", target=("task", str(row.id)), task=row.task_path)
    return row
