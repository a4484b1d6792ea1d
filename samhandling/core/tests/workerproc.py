"""Start the real `manage.py worker` as a process against the test database (for tests that kill it)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url_for_the_test_database() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    def __init__(self, name: str, log_path: Path, **env: str):
        self.log_path = log_path
        full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        full_env.update(
            DATABASE_URL=database_url_for_the_test_database(),
            DJANGO_SETTINGS_MODULE="config.settings",
            WORKER_HEARTBEAT_SECONDS="1",
            **env,
        )
        self.log = open(log_path, "a")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--name", name, "--no-schedule"],
            cwd=ROOT,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text()

    def kill(self) -> None:
        """SIGKILL: what the out-of-memory killer or a hard deploy does; nothing runs after it."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def wait_for(condition, timeout: float, what: str, worker: WorkerProcess | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.proc.poll() is not None:
            raise AssertionError(f"the worker stopped while waiting for {what}:\n{worker.output()}")
        time.sleep(0.2)
    raise AssertionError(
        f"timed out after {timeout} s waiting for {what}" + (f":\n{worker.output()}" if worker else "")
    )
