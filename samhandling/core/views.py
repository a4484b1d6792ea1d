import logging
import sys
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from samhandling.core import metrics, services
from samhandling.core.middleware import service_unavailable
from samhandling.core.selectors import problem_tasks, queue_status
from samhandling.core.start import start_sections
from samhandling.organisations.access import active_memberships, can_see_committee_staffing
from samhandling.organisations.selectors import committee_staffing

logger = logging.getLogger("samhandling.errors")


def start(request):
    context = {
        "memberships": active_memberships(request.user),
        "sections": start_sections(request.user),
        # Committees nobody plans or approves for: shown, not hidden (issue 16).
        "staffing": committee_staffing() if can_see_committee_staffing(request.user) else None,
    }
    return render(request, "core/start.html", context)


@login_not_required
@never_cache
def healthz(request):
    """Database reachable, a worker with a fresh heartbeat, and no task waiting too long. No data."""
    body = {
        "database": "ok",
        "worker": "stale",
        "worker_last_heartbeat": None,
        "workers_alive": 0,
        "oldest_waiting_task_seconds": None,
    }
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        status = queue_status()
    except DatabaseError:
        body["database"] = "error"
        return JsonResponse(body, status=503)
    body["workers_alive"] = status.live_workers
    body["worker_last_heartbeat"] = status.last_heartbeat.isoformat() if status.last_heartbeat else None
    if status.live_workers:
        body["worker"] = "ok"
    if status.oldest_waiting_seconds is not None:
        body["oldest_waiting_task_seconds"] = round(status.oldest_waiting_seconds)
    queue_ok = (status.oldest_waiting_seconds or 0) <= settings.HEALTHZ_MAX_TASK_WAIT_SECONDS
    body["queue"] = "ok" if queue_ok else "behind"
    healthy = body["worker"] == "ok" and queue_ok
    return JsonResponse(body, status=200 if healthy else 503)


@login_not_required
@never_cache
def metrics_view(request):
    """Prometheus metrics, for the inside only: 404 for everyone else (docs/operations.md)."""
    if not metrics.allowed(request):
        raise Http404
    return HttpResponse(generate_latest(metrics.registry()), content_type=CONTENT_TYPE_LATEST)


def _error(request, template: str, status: int):
    reference = uuid.uuid4().hex[:10].upper()
    if status == 500:
        request.error_reference = reference
        logger.error(
            "server.error",
            extra={"reference": reference, "request_id": getattr(request, "request_id", None)},
            exc_info=sys.exc_info()[1],
        )
    return render(request, template, {"reference": reference}, status=status)


@login_not_required
def error_403(request, exception=None):
    return _error(request, "errors/403.html", 403)


@login_not_required
def error_404(request, exception=None):
    return _error(request, "errors/404.html", 404)


@login_not_required
def error_500(request):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return service_unavailable(request, sys.exc_info()[1])
    try:
        return _error(request, "errors/500.html", 500)
    except DatabaseError as exc:
        # The page itself needs the database (navigation, user): show the page that does not.
        return service_unavailable(request, exc)


@permission_required("core.manage_tasks", raise_exception=True)
def task_list(request):
    """Background tasks that failed, wait for a retry, lost their worker or wait too long."""
    return render(request, "core/task_list.html", {"tasks": problem_tasks(), "status": queue_status()})


@require_POST
@permission_required("core.manage_tasks", raise_exception=True)
def task_retry(request, task_id):
    try:
        services.task_retry(actor=request.user, task_id=task_id)
    except DBTaskResult.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The task has been put back in the queue."))
    return redirect("core:task_list")
