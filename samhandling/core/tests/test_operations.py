"""Health, metrics, request logs and the page shown during a database outage (issue 10)."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from samhandling.core.logging import JsonFormatter
from samhandling.core.models import WorkerHeartbeat
from samhandling.core.tests.tasks import touch

pytestmark = pytest.mark.django_db


def test_healthz_says_when_a_task_has_waited_too_long(client, settings):
    WorkerHeartbeat.objects.create(name="w", beat_at=timezone.now())
    result = touch.enqueue("unused-folder", "never-run")
    assert client.get("/healthz").status_code == 200
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "behind" and response.json()["oldest_waiting_task_seconds"] >= 1200


def test_healthz_is_503_when_the_database_is_away(client, monkeypatch):
    from samhandling.core import views

    def away():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "queue_status", away)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error"


def test_a_logged_in_user_gets_a_clear_503_page_during_a_database_outage(
    client_for, social_worker_hagersten, monkeypatch
):
    client = client_for(social_worker_hagersten)
    client.raise_request_exception = False
    from django.contrib.sessions.backends.db import SessionStore

    def away(self):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(SessionStore, "load", away)
    response = client.get("/arenden/")
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Samhandling kan inte nås just nu" in html and "Referensnummer" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_every_request_is_one_json_line_with_the_route_pattern_and_no_personal_data(
    client_for, social_worker_hagersten, caplog
):
    client = client_for(social_worker_hagersten)
    with caplog.at_level(logging.INFO, logger="samhandling.request"):
        response = client.get("/arenden/123456/?q=19121212-1212", HTTP_X_REQUEST_ID="test-request-0001")
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "samhandling.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["route"] == "/arenden/<int:case_id>/" and line["status"] == response.status_code
    assert line["user_id"] == social_worker_hagersten.pk and line["request_id"] == "test-request-0001"
    assert {"time", "duration_ms", "method"} <= set(line)
    assert "123456" not in json.dumps(line) and "19121212" not in json.dumps(line)
    assert response["X-Request-ID"] == "test-request-0001"


def test_metrics_are_for_the_inside_only(settings):
    settings.METRICS_TOKEN = "s3cret-token-for-tests"
    outside = Client(REMOTE_ADDR="203.0.113.9")
    assert outside.get("/metrics").status_code == 404
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    # Through the reverse proxy (which may itself be on 127.0.0.1) the network rule does not apply.
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    inside = Client()  # REMOTE_ADDR 127.0.0.1
    assert inside.get("/metrics").status_code == 200
    response = outside.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-tests")
    assert response.status_code == 200


def test_metrics_show_requests_the_queue_and_the_audit_chain(client, client_for, social_worker_hagersten):
    from samhandling.audit.models import AuditEvent

    client_for(social_worker_hagersten).get("/")
    touch.enqueue("unused-folder", "waiting")
    text = Client().get("/metrics").content.decode()
    assert 'samhandling_http_requests_total{method="GET",route="/",status="200"}' in text
    assert "samhandling_http_request_duration_seconds_bucket" in text
    assert 'samhandling_task_queue{status="ready"} 1.0' in text
    assert "samhandling_task_queue_oldest_waiting_seconds" in text
    assert "samhandling_workers_alive 0.0" in text
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert f"samhandling_audit_chain_last_id {float(last)}" in text
