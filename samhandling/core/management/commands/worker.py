import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from samhandling.core import schedule
from samhandling.core.worker import Worker, make_worker_id

logger = logging.getLogger("samhandling.worker")


class Command(BaseCommand):
    help = "Run the background worker: tasks at least once, with a heartbeat, retries and periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="worker", help="A name for the worker; the process id is added.")
        parser.add_argument("--no-schedule", action="store_true", help="Run tasks only, no periodic jobs.")
        parser.add_argument("--batch", action="store_true", help="Run the ready tasks, then stop (tests, one-offs).")

    def handle(self, *args, name, no_schedule, batch=False, **options):
        worker = Worker(worker_id=make_worker_id(name))
        if batch:
            ran = worker.run_until_idle()
            worker.retire()
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"{ran} tasks run.")
            return
        stop = worker.stopping

        def on_signal(signum, frame):
            if stop.is_set() or not worker.running_task:
                # A second signal, or nothing to finish: stop now. A task cut short keeps its
                # lease until it runs out and is then run again by a worker.
                raise SystemExit(0 if not worker.running_task else 1)
            logger.info("worker.stopping", extra={"worker": worker.worker_id, "signal": signal.strsignal(signum)})
            stop.set()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        threads = [threading.Thread(target=self._beat, args=(worker,), daemon=True)]
        if not no_schedule:
            threads.append(threading.Thread(target=self._schedule, args=(stop,), daemon=True))
        for thread in threads:
            thread.start()
        try:
            worker.run()
        finally:
            stop.set()
            try:
                worker.retire()
            except Exception as exc:  # noqa: BLE001 - the database may be the reason we stop
                logger.warning("worker.retire_failed", extra={"worker": worker.worker_id}, exc_info=exc)

    def _beat(self, worker: Worker) -> None:
        """The worker's lease: written from its own thread (and connection), also while a long task runs."""
        while not worker.stopping.is_set():
            try:
                worker.beat()
            except Exception as exc:  # noqa: BLE001 - the database may be away; /healthz will say so
                logger.warning("worker.heartbeat_failed", extra={"worker": worker.worker_id}, exc_info=exc)
                connection.close()
            worker.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS)
        connection.close()

    def _schedule(self, stop: threading.Event) -> None:
        last_run: dict[str, float] = {}
        while not stop.is_set():
            now = time.monotonic()
            for job in schedule.jobs():
                if now - last_run.get(job.name, -1e9) >= job.interval_seconds:
                    try:
                        job.enqueue()
                        last_run[job.name] = now
                    except Exception as exc:  # noqa: BLE001 - a failing enqueue must not stop the scheduler
                        logger.warning("schedule.enqueue_failed", extra={"job": job.name}, exc_info=exc)
                        connection.close()
            close_old_connections()
            stop.wait(1.0)
        connection.close()
