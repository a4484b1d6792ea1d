"""The audit row per read under concurrency: durable commits (today) against synchronous_commit off.

Not a bench_*.py module: bench/run.py and the smoke test run those; this one is run by hand, like profile_pages.py.

Measures the proposal in docs/adr/0016-audit-read-rows-asynchronous-commit.md, without changing the app:
THREADS threads (one database connection each) append read events with audit.services.record, first as
the app does today, then inside a transaction that says SET LOCAL synchronous_commit = off. The runs
alternate (durable, asynchronous, durable, asynchronous) so that a shared machine's load falls on both.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/samhandling_bench_speed \\
       .venv/bin/python bench/profile_audit_commit.py [THREADS] [EVENTS_PER_THREAD]
Writes rows into that database's audit chain (read events with verb bench.read): use a bench database.
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _run(threads: int, per_thread: int, asynchronous: bool) -> tuple[float, list[float]]:
    from django.db import connection, transaction

    from samhandling.audit.services import record

    latencies: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        mine = []
        for i in range(per_thread):
            started = time.perf_counter()
            with transaction.atomic():
                if asynchronous:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit = off")
                record(actor=None, verb="bench.read", target=("bench", i), purpose="bench")
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return threads * per_thread / (time.perf_counter() - started), latencies


def main(threads: int, per_thread: int) -> None:
    import django

    django.setup()
    results: dict[bool, list[tuple[float, list[float]]]] = {False: [], True: []}
    for asynchronous in (False, True, False, True):
        results[asynchronous].append(_run(threads, per_thread, asynchronous))
    for asynchronous, runs in results.items():
        rates = [rate for rate, _ in runs]
        latencies = sorted(x for _, lat in runs for x in lat)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        name = "synchronous_commit off" if asynchronous else "durable (today)"
        print(
            f"| {name} | {threads} | {len(latencies)} | {statistics.mean(rates):.0f} "
            f"| {statistics.median(latencies) * 1000:.1f} | {p95 * 1000:.1f} |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8, int(sys.argv[2]) if len(sys.argv) > 2 else 100)
