import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from samhandling.core.models import WorkerHeartbeat
from samhandling.core.start import start_sections
from samhandling.organisations.access import active_memberships

logger = logging.getLogger("samhandling.errors")


def start(request):
    context = {
        "memberships": active_memberships(request.user),
        "sections": start_sections(request.user),
    }
    return render(request, "core/start.html", context)


@login_not_required
@never_cache
def healthz(request):
    """Database reachable, and the background worker's last heartbeat."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "error"
    beat = (
        WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        if database == "ok"
        else None
    )
    stale_after = timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS * 3)
    worker = "ok" if beat and timezone.now() - beat < stale_after else "stale"
    status = 200 if database == "ok" and worker == "ok" else 503
    body = {
        "database": database,
        "worker": worker,
        "worker_last_heartbeat": beat.isoformat() if beat else None,
    }
    return JsonResponse(body, status=status)


def _error(request, template: str, status: int):
    reference = uuid.uuid4().hex[:10].upper()
    if status == 500:
        logger.error("Server error, reference %s, path %s", reference, request.path)
    return render(request, template, {"reference": reference}, status=status)


@login_not_required
def error_403(request, exception=None):
    return _error(request, "errors/403.html", 403)


@login_not_required
def error_404(request, exception=None):
    return _error(request, "errors/404.html", 404)


@login_not_required
def error_500(request):
    return _error(request, "errors/500.html", 500)
