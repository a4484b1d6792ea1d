"""Every benchmark in bench/ runs at a tiny scale in the test suite, so that none of them can rot.

The figures of a tiny run mean nothing and are thrown away; only that each benchmark still runs
against the current schema is checked. The real runs are `make bench` (results in bench/results/).
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BENCHES = sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))


@pytest.fixture(scope="module")
def bench_env(django_db_blocker):
    """A migrated template database that each benchmark copies instead of migrating again."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.fail("The benchmarks need PostgreSQL (set DATABASE_URL)")
        params = connection.get_connection_params()
    server = f"postgres://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}"
    suffix = f"_smoke{os.getpid()}"
    template = f"samhandling_bench_template{suffix}"
    env = {**os.environ, "BENCH_DATABASE_URL": server, "BENCH_DB_SUFFIX": suffix, "BENCH_TEMPLATE_DB": template}
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {template}")
        conn.execute(f"CREATE DATABASE {template}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"{server}/{template}"},
        check=True,
        timeout=900,
    )
    yield env
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"%{suffix}"]).fetchall()
        for (name,) in rows:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_there_are_benchmarks():
    assert {"audit", "cases", "catalogue", "indicators", "plans", "load"} <= set(BENCHES)


@pytest.mark.parametrize("name", BENCHES)
def test_the_benchmark_runs_at_a_tiny_scale(bench_env, tmp_path, name):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--results", str(tmp_path), name],
        cwd=ROOT,
        env=bench_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    written = list(tmp_path.glob("*.md"))
    assert written, result.stdout[-2000:]
    assert "Machine:" in written[0].read_text() or "machine" in written[0].read_text().lower()
