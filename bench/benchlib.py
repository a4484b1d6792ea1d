"""What every benchmark shares: a fresh PostgreSQL database of its own, and a line about the machine."""

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
# The load benchmark's signed-in floor page (bench/wsgi_floor.py), only in the benchmark's server.
FLOOR_PATH = "/bench/golv/"


def setup_database(name: str) -> None:
    """Drop and create the database `name`, point Django at it, set Django up and migrate.

    BENCH_DB_SUFFIX is appended to the name (so that the smoke run in the test suite never touches a
    real benchmark's database); BENCH_TEMPLATE_DB, when set, is copied instead of migrating from scratch.
    """
    import psycopg

    name += os.environ.get("BENCH_DB_SUFFIX", "")
    template = os.environ.get("BENCH_TEMPLATE_DB")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def use_database(name: str) -> None:
    """Point Django at the existing database `name` (with BENCH_DB_SUFFIX) and set Django up, no migration."""
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}{os.environ.get('BENCH_DB_SUFFIX', '')}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine_description() -> str:
    """Host, OS, CPU count, memory and the versions that matter, for the results file."""
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    return (
        f"{platform.node()}: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs{mem}; Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {pg} on the same machine"
    )
