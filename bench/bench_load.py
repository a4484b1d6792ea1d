"""Load benchmark through the real server: granian with its workers, real HTTP, logged-in sessions.

Generates the case base of bench_cases.py (city scale by default), starts granian (WSGI, 2 workers) on it
and drives it with a small asyncio HTTP/1.1 client (one keep-alive connection per simulated user, each
user a social worker with a session of their own). In one run it measures, for USERS concurrent users and
DURATION seconds each:
  - a trivial page (the anonymous login page),
  - the signed-in floor (bench/wsgi_floor.py: the middleware, an audit row and the base layout, nothing else),
  - the workload view (/arenden/) and a case page (/arenden/<id>/, cycling through the user's cases),
  - the same two pages on a second server started without the audit row per read (bench/wsgi_noaudit.py),
and reports requests/s, p50/p95/p99 and each page's throughput as a share of the trivial page's.

Run alone: .venv/bin/python bench/bench_load.py [--persons N] [--reports N] [--investigations N]
           [--users N] [--duration S] [--workers N]
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import bench_cases
import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_load"
USERS = 25
DURATION = 20.0
WORKERS = 2
THREADS = 1
SMOKE = {"persons": 3_000, "reports": 6_000, "investigations": 500, "users": 2, "duration": 1.0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sessions(workers) -> dict[int, str]:
    """A logged-in session per user, made as the login view would (no password round trip)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from samhandling.accounts.middleware import SESSION_STARTED_KEY

    cookies = {}
    for user in workers:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "samhandling.accounts.backends.RoleBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SESSION_STARTED_KEY] = time.time()
        store.create()
        cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    return cookies


class Server:
    """granian serving the app on the benchmark database; `app` is the WSGI target."""

    def __init__(self, app: str, workers: int, threads: int = 1):
        self.port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
            "LOG_LEVEL": "ERROR",
        }
        self.log = open(ROOT / "var" / f"bench-load-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--blocking-threads",
                str(threads),
                "--backpressure",
                "32",
                "--log-level",
                "error",
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/konto/logga-in/", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"granian did not start; see {self.log.name}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


async def _user(port: int, paths: list[str], cookie: str, until: float, latencies: list, errors: list) -> None:
    """One user on one keep-alive connection: request, read the whole answer, next, until the time is up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    try:
        while time.perf_counter() < until:
            path = paths[i % len(paths)]
            i += 1
            head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
            if cookie:
                head += f"Cookie: {cookie}\r\n"
            started = time.perf_counter()
            writer.write((head + "\r\n").encode())
            status_line = await reader.readline()
            length = 0
            chunked = False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "transfer-encoding" and "chunked" in value:
                    chunked = True
            if chunked:
                while (size := int((await reader.readline()).strip() or b"0", 16)) > 0:
                    await reader.readexactly(size + 2)
                await reader.readline()
            elif length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if b" 200 " not in status_line:
                errors.append(status_line)
    finally:
        writer.close()


def _measure(port: int, label: str, users: list, paths_for, cookies: dict, duration: float) -> dict:
    latencies: list[float] = []
    errors: list = []

    async def main():
        until = time.perf_counter() + duration
        await asyncio.gather(
            *[
                _user(port, paths_for(u), cookies.get(u.pk, "") if cookies else "", until, latencies, errors)
                for u in users
            ]
        )

    started = time.perf_counter()
    asyncio.run(main())
    wall = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)

    def pct(p):
        return latencies[min(n - 1, int(n * p))] * 1000 if n else 0.0

    return {
        "label": label,
        "requests": n,
        "errors": len(errors),
        "first_error": errors[0].decode(errors="replace").strip() if errors else "",
        "throughput": n / wall,
        "p50": statistics.median(latencies) * 1000 if n else 0.0,
        "p95": pct(0.95),
        "p99": pct(0.99),
    }


def run(
    results_dir,
    persons=bench_cases.PERSONS,
    reports=bench_cases.REPORTS,
    investigations=bench_cases.INVESTIGATIONS,
    users=USERS,
    duration=DURATION,
    workers=WORKERS,
    reuse=False,
    threads=THREADS,
):
    from django.db.models import Count, Q

    if reuse:  # the data of an earlier run, for a before/after comparison of the code on the same data
        benchlib.use_database(DB_NAME)
    else:
        benchlib.setup_database(DB_NAME)
    from django.db import connection

    from samhandling.accounts.models import User
    from samhandling.cases.models import Case

    t0 = time.perf_counter()
    if reuse:
        social_workers = list(User.objects.filter(username__startswith="bench-").order_by("id"))
        with connection.cursor() as c:
            generated = {"counts": {}}
            for table in (
                "cases_person",
                "cases_case",
                "cases_concernreport",
                "cases_investigation",
                "audit_auditevent",
            ):
                c.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
                generated["counts"][table] = c.fetchone()[0]
    else:
        generated, social_workers = bench_cases._generate(persons, reports, investigations)
    generate_seconds = time.perf_counter() - t0
    chosen = [social_workers[i * len(social_workers) // users] for i in range(users)]
    # The heaviest workload: the users with the most open cases (hundreds each in this data).
    busy = list(
        User.objects.filter(username__startswith="bench-")
        .annotate(open=Count("assigned_cases", filter=~Q(assigned_cases__status="closed")))
        .order_by("-open", "id")[:users]
    )
    cookies = _sessions(chosen)
    cookies.update(_sessions([u for u in busy if u.pk not in cookies]))
    case_paths = {
        u.pk: [f"/arenden/{i}/" for i in Case.objects.filter(assigned_to=u).values_list("id", flat=True)[:20]]
        or ["/arenden/"]
        for u in chosen
    }
    open_cases = [Case.objects.filter(assigned_to=u).exclude(status="closed").count() for u in chosen]
    machine = benchlib.machine_description()
    connection.close()
    (ROOT / "var").mkdir(exist_ok=True)

    results = []
    for app, suffix in (("wsgi_floor:application", "with audit"), ("wsgi_noaudit:application", "without audit")):
        server = Server(app, workers, threads)
        try:
            # Warm-up: every worker process imports, connects and fills its caches before the clock runs.
            _measure(
                server.port,
                "warm-up",
                chosen,
                lambda u: ["/arenden/", *case_paths[u.pk][:2]],
                cookies,
                min(duration, 3.0),
            )
            trivial = _measure(
                server.port,
                f"trivial page (login, anonymous), {suffix}",
                chosen,
                lambda u: ["/konto/logga-in/"],
                None,
                duration,
            )
            results.append(trivial)
            for label, group, paths in (
                ("signed-in floor (middleware, audit row, base layout)", chosen, lambda u: [benchlib.FLOOR_PATH]),
                ("workload view", chosen, lambda u: ["/arenden/"]),
                ("case page", chosen, lambda u: case_paths[u.pk]),
                (f"workload view of the {users} users with most open cases", busy, lambda u: ["/arenden/"]),
            ):
                r = _measure(server.port, f"{label}, {suffix}", group, paths, cookies, duration)
                r["share"] = r["throughput"] / trivial["throughput"] if trivial["throughput"] else 0.0
                results.append(r)
        finally:
            server.stop()

    lines = [
        f"# Load benchmark through granian, {date.today().isoformat()}",
        "",
        f"Machine: {machine}",
        "",
        f"Command: `.venv/bin/python bench/bench_load.py --persons {persons} --reports {reports} "
        f"--investigations {investigations} --users {users} --duration {duration:g} --workers {workers} --threads {threads}`",
        "",
        f"Server: granian {workers} workers with {threads} blocking thread(s) each (WSGI), DEBUG off; client: asyncio HTTP/1.1, one keep-alive connection "
        f"per user, {users} users, {duration:g} s per page, on the same machine as the server and PostgreSQL.",
        "",
        "## Data",
        "",
        "| table | rows |",
        "| --- | ---: |",
        *[f"| {k} | {v:,} |" for k, v in generated["counts"].items()],
        "",
        f"Generated in {generate_seconds:.0f} s. Open cases per simulated user: "
        f"{min(open_cases)}–{max(open_cases)} (median {statistics.median(open_cases):.0f}); of the busiest "
        f"{users}: {busy[-1].open}–{busy[0].open}." + (" Data reused from an earlier run (--reuse)." if reuse else ""),
        "",
        "## Results",
        "",
        "| page | requests | errors | requests/s | share of trivial | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {r['label']} | {r['requests']} | {r['errors']} | {r['throughput']:.1f} | "
            f"{(f'{r["share"]:.0%}') if 'share' in r else '100 %'} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} |"
            for r in results
        ],
        "",
    ]
    errors = [r for r in results if r["errors"]]
    if errors:
        lines += ["Errors: " + "; ".join(f"{r['label']}: {r['first_error']}" for r in errors), ""]
    out = Path(results_dir) / f"load-{date.today().isoformat()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if errors:
        raise RuntimeError(f"{len(errors)} pages answered with errors: {errors[0]['first_error']}")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=bench_cases.PERSONS)
    parser.add_argument("--reports", type=int, default=bench_cases.REPORTS)
    parser.add_argument("--investigations", type=int, default=bench_cases.INVESTIGATIONS)
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--duration", type=float, default=DURATION)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS, help="granian's blocking threads per worker")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--reuse", action="store_true", help="use the data of an earlier run instead of generating")
    args = parser.parse_args()
    written = run(
        args.results,
        args.persons,
        args.reports,
        args.investigations,
        args.users,
        args.duration,
        args.workers,
        args.reuse,
        args.threads,
    )
    sys.exit(0 if written else 1)
