"""/healthz: the database, and the heartbeat that the real background worker writes."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from samhandling.core.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_is_public_and_shows_no_data(client):
    response = client.get("/healthz")
    assert set(response.json()) == {
        "database",
        "worker",
        "worker_last_heartbeat",
        "workers_alive",
        "oldest_waiting_task_seconds",
        "queue",
    }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_an_old_heartbeat_is_stale_and_a_recent_one_ok(client, settings):
    WorkerHeartbeat.objects.create(name="default", beat_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (503, "stale")
    WorkerHeartbeat.objects.filter(name="default").update(beat_at=timezone.now())
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"], response.json()["database"]) == (200, "ok", "ok")


def database_url_for_the_test_database() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_makes_healthz_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (503, "stale")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=database_url_for_the_test_database(), DJANGO_SETTINGS_MODULE="config.settings")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--name", "healthz-test"],
        cwd=ROOT,
        env=env,
        stdout=open("/tmp/worker-healthz.log", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and worker.poll() is None:
            response = client.get("/healthz")
            if response.status_code == 200:
                break
            time.sleep(0.5)
        assert worker.poll() is None, worker.stdout.read().decode()
        assert response.status_code == 200, response.json()
        assert response.json()["worker"] == "ok"
        assert WorkerHeartbeat.objects.filter(name__startswith="healthz-test@").exists()
        # A worker that stops cleanly gives its lease up at once: /healthz says so at once.
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        response = client.get("/healthz")
        assert (response.status_code, response.json()["worker"]) == (503, "stale")
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
