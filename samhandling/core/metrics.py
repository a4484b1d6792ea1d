"""Prometheus metrics: requests, latency, tasks; the queue, the worker and the audit chain read at scrape time.

With several web processes (granian workers) the counters live in PROMETHEUS_MULTIPROC_DIR, which
scripts/run.sh and the deployment set, and one scrape adds them up (prometheus_client's
multiprocess mode). The endpoint is for the inside only (core.views.metrics, docs/operations.md).
"""

import hmac
import ipaddress
import os

from django.conf import settings
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "samhandling_http_requests_total",
    "HTTP requests by route pattern, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "samhandling_http_request_duration_seconds",
    "Time to answer a request, by route pattern.",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASKS = Counter("samhandling_tasks_total", "Background task attempts by task and outcome.", ["task", "outcome"])
TASK_SECONDS = Histogram(
    "samhandling_task_duration_seconds",
    "Time a background task took when it succeeded.",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 1800),
)


class DatabaseCollector:
    """Read at every scrape: tasks by status, the oldest waiting task, the worker's heartbeat, the audit chain."""

    def collect(self):
        from samhandling.core.selectors import audit_chain_length, queue_status

        status = queue_status()
        tasks = GaugeMetricFamily("samhandling_task_queue", "Background tasks by status.", labels=["status"])
        for name, count in sorted(status.counts.items()):
            tasks.add_metric([name.lower()], count)
        yield tasks
        yield GaugeMetricFamily(
            "samhandling_task_queue_oldest_waiting_seconds",
            "Age of the oldest task that is ready to run and waiting for a worker.",
            value=status.oldest_waiting_seconds or 0,
        )
        yield GaugeMetricFamily(
            "samhandling_worker_heartbeat_age_seconds",
            "Seconds since the last heartbeat of any worker (large when no worker runs).",
            value=status.heartbeat_age_seconds if status.heartbeat_age_seconds is not None else 1e9,
        )
        yield GaugeMetricFamily(
            "samhandling_workers_alive", "Worker processes with a fresh heartbeat.", value=status.live_workers
        )
        yield GaugeMetricFamily(
            "samhandling_audit_chain_last_id",
            "Id of the newest audit event; its rate is the chain's growth.",
            value=audit_chain_length(),
        )


def registry() -> CollectorRegistry:
    """A registry for one scrape: this process's (or all processes') counters plus the database's state."""
    reg = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(reg)
    else:
        for collector in (REQUESTS, LATENCY, TASKS, TASK_SECONDS):
            reg.register(collector)
    reg.register(DatabaseCollector())
    return reg


def allowed(request) -> bool:
    """The bearer token METRICS_TOKEN, or a direct request from METRICS_ALLOWED_NETWORKS (never via a proxy)."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    # A request that came through the reverse proxy carries X-Forwarded-For; the proxy's own
    # address (often 127.0.0.1) must not make the outside look like the inside.
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_NETWORKS)
