"""/healthz: the database, and the heartbeat that the real background worker writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samhandling.core.models import WorkerHeartbeat
from samhandling.core.tests.workerproc import WorkerProcess, wait_for


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


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_makes_healthz_ok_and_a_stopped_one_not(client, tmp_path):
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (503, "stale")
    worker = WorkerProcess("healthz-test", tmp_path / "worker.log")
    try:
        wait_for(lambda: client.get("/healthz").status_code == 200, 120, "/healthz to say ok", worker)
        assert client.get("/healthz").json()["worker"] == "ok"
        assert WorkerHeartbeat.objects.filter(name__startswith="healthz-test@").exists()
    finally:
        worker.stop()
    # A worker that stops cleanly gives its lease up at once, so /healthz says so at once.
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (503, "stale")
