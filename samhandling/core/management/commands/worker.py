import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from samhandling.core import schedule
from samhandling.core.tasks import heartbeat


class Command(BaseCommand):
    help = "Run the background worker: django-tasks-db's db_worker plus a scheduler for periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="default")

    def handle(self, *args, name, **options):
        stop = threading.Event()
        thread = threading.Thread(target=self._schedule, args=(stop, name), daemon=True)
        thread.start()
        try:
            # db_worker handles SIGINT/SIGTERM itself: it finishes the current task, then returns.
            call_command("db_worker", interval=1, verbosity=0, worker_id=name, reload=False, queue_name="*")
        finally:
            stop.set()

    def _schedule(self, stop: threading.Event, name: str) -> None:
        last_run: dict[str, float] = {}
        jobs = [
            schedule.PeriodicJob("heartbeat", settings.WORKER_HEARTBEAT_SECONDS, lambda: heartbeat.enqueue(name)),
            *schedule.jobs(),
        ]
        while not stop.is_set():
            now = time.monotonic()
            for job in jobs:
                if now - last_run.get(job.name, -1e9) >= job.interval_seconds:
                    try:
                        job.enqueue()
                    except Exception:  # noqa: BLE001 - a failing enqueue must not stop the scheduler
                        self.stderr.write(f"Could not enqueue {job.name}")
                    last_run[job.name] = now
            close_old_connections()
            stop.wait(1.0)
