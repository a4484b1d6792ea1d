"""Smoke test of the `make run` path on SQLite: start it, log in, open a page, stop it cleanly."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz(base: str) -> int:
    try:
        return urllib.request.urlopen(f"{base}/healthz", timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s: {what}")


def worker_dies_and_comes_back(base: str, opener, pidfile: Path, proc) -> None:
    """Kill the worker as the out-of-memory killer would: the web server goes on, the worker returns."""
    wait_until(lambda: healthz(base) == 200, 60, "/healthz ok before the kill")
    first = int(pidfile.read_text())
    os.kill(first, signal.SIGKILL)
    # Stale within HEALTHZ_WORKER_STALE_SECONDS (15 s), or sooner if the supervisor is quicker.
    saw_503 = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = healthz(base)
        saw_503 = saw_503 or status == 503
        assert proc.poll() is None, "make run stopped when its worker died"
        page = opener.open(f"{base}/", timeout=10).read().decode()
        assert "Välkommen" in page, "the web server stopped answering when the worker died"
        if pidfile.exists() and int(pidfile.read_text()) != first and status == 200:
            break
        time.sleep(0.5)
    else:
        raise AssertionError("the worker was not restarted within 60 s")
    print(f"Smoke test: the worker (pid {first}) was killed; the web server kept answering, the worker came back.")


def main() -> int:
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="samhandling-smoke-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    pidfile = tmp / "worker.pid"
    env.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp / 'smoke.sqlite3'}",
        WORKER_PIDFILE=str(pidfile),
        PROMETHEUS_MULTIPROC_DIR=str(tmp / "prometheus"),
    )
    proc = subprocess.Popen(
        ["make", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    ready = threading.Event()

    def drain():
        # Keep reading for the whole run, so that a full pipe never blocks the server or worker.
        for line in proc.stdout:
            output.append(line)
            if "Samhandling kör på" in line:
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        if not ready.wait(timeout=300):
            raise AssertionError("make run did not become ready in time")
        if proc.poll() is not None:
            raise AssertionError("make run stopped early")
        base = f"http://127.0.0.1:{port}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(f"{base}/konto/logga-in/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "socsek.hagersten",
                "password": "Samhandling-demo-2026",
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/konto/logga-in/", data=data, headers={"Referer": f"{base}/konto/logga-in/"}
        )
        start = opener.open(request, timeout=10).read().decode()
        assert "Välkommen" in start and "Socialsekreterare" in start, "the start page after login was not shown"
        print(f"Smoke test: make run served the demo on port {port} and socsek.hagersten logged in.")
        worker_dies_and_comes_back(base, opener, pidfile, proc)
    except Exception:
        print("".join(output), file=sys.stderr)
        raise
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            left = subprocess.run(
                ["ps", "-o", "pid,stat,cmd", "-g", str(proc.pid)], capture_output=True, text=True
            ).stdout
            os.killpg(proc.pid, signal.SIGKILL)
            print("".join(output[-40:]), left, file=sys.stderr)
            raise AssertionError("make run did not stop within 60 s of Ctrl-C") from None
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
