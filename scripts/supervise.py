"""Keep one command running: restart it with back-off whenever it stops, until told to stop.

`make run` runs the worker under this, so that a worker that dies (out of memory, a bug, the
database gone for longer than it waits) comes back by itself and never takes the web server
with it. In production systemd does the same (deploy/samhandling-worker.service).

    python scripts/supervise.py [--pidfile FILE] -- command args...

The command runs in a session of its own, so a Ctrl-C in the terminal reaches it exactly once,
through this supervisor. The supervisor's log lines are JSON like the application's.
"""

import argparse
import json
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

MIN_DELAY, MAX_DELAY, HEALTHY_AFTER = 1.0, 30.0, 60.0


def log(event: str, **fields) -> None:
    line = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "logger": "supervisor", "event": event}
    print(json.dumps({**line, **fields}), file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pidfile")
    parser.add_argument("--grace", type=float, default=14.0, help="seconds the command gets to stop")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    stopping = threading.Event()
    child: subprocess.Popen | None = None

    def on_signal(signum, frame):
        stopping.set()
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    delay = MIN_DELAY
    while not stopping.is_set():
        started = time.monotonic()
        child = subprocess.Popen(command, start_new_session=True)
        if args.pidfile:
            with open(args.pidfile, "w") as f:
                f.write(str(child.pid))
        log("supervisor.started", pid=child.pid)
        while child.poll() is None:
            try:
                child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            if stopping.is_set():
                try:
                    child.wait(timeout=args.grace)
                except subprocess.TimeoutExpired:
                    log("supervisor.kill", pid=child.pid)
                    child.kill()
                    child.wait()
        if stopping.is_set():
            break
        ran = time.monotonic() - started
        delay = MIN_DELAY if ran >= HEALTHY_AFTER else min(delay * 2, MAX_DELAY)
        log("supervisor.exited", pid=child.pid, exit_code=child.returncode, ran_s=round(ran, 1), restart_in_s=delay)
        stopping.wait(delay)
    log("supervisor.stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
